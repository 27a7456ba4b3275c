//! `xetkhen export --sign-pkcs11`: the secretariat signs the list with the key on its token.
//! SoftHSM2 plays the token, in a token directory of the test's own. The PIN travels in an
//! environment variable, and no refusal repeats it.
//!
//! One test function: SOFTHSM2_CONF is set for the whole test process while the token is made.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{command_in, tool};
use std::path::Path;
use std::process::Output;

use chrono::{TimeZone, Utc};
use serde_json::Value;
use xetkhen_pdf::cert::{make_training_certificate, KeyKind};
use xetkhen_pdf::training_token::{private_training_token, softhsm_module, TrainingKey};

const TOKEN: &str = "Thẻ Ban TĐKT";
const PIN: &str = "738291";

fn xetkhen(dir: &Path, conf: &Path, pin: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = command_in(dir, args);
    cmd.env("SOFTHSM2_CONF", conf)
        .env_remove("XETKHEN_TEST_PIN");
    if let Some(pin) = pin {
        cmd.env("XETKHEN_TEST_PIN", pin);
    }
    cmd.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
#[cfg_attr(
    windows,
    ignore = "Linux only: the token is SoftHSM2's libsofthsm2.so, which a Windows program cannot load"
)]
fn the_list_signed_with_the_key_on_a_token_verifies_and_token_mistakes_are_refused() {
    let Some(module) = softhsm_module() else {
        assert!(
            std::env::var_os("XETKHEN_REQUIRE_TOOLS").is_none(),
            "SoftHSM2 (libsofthsm2.so) is required (XETKHEN_REQUIRE_TOOLS is set) but not installed"
        );
        eprintln!("NOTE: SoftHSM2 is not installed; skipping the PKCS#11 test");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cred = make_training_certificate(
        "Đặng Thị Ơn",
        "Ban Thi đua - Khen thưởng",
        KeyKind::Rsa2048,
        "p12",
        Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
        3650,
    )
    .unwrap();
    std::fs::write(d.join("ca.pem"), &cred.ca_pem).unwrap();
    let conf = private_training_token(
        &module,
        d,
        TOKEN,
        "so-pin-123",
        PIN,
        &[TrainingKey {
            credential: &cred,
            password: "p12",
            label: "Ký duyệt",
        }],
    )
    .unwrap();

    let out = xetkhen(d, &conf, None, &["demo"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = xetkhen(d, &conf, None, &["round", "list", "--json"]);
    let rounds: Value = serde_json::from_slice(&out.stdout).unwrap();
    let round = rounds[0]["id"].as_str().unwrap().to_string();
    let module_arg = module.to_string_lossy().to_string();
    let export = |pin: Option<&str>, module: &str, token: &str, out: &str| {
        xetkhen(
            d,
            &conf,
            pin,
            &[
                "export",
                "--round",
                &round,
                "--award",
                "bang-khen",
                "--out",
                out,
                "--sign-pkcs11",
                module,
                "--token",
                token,
                "--pin-env",
                "XETKHEN_TEST_PIN",
                "--signer-title",
                "Phó Trưởng ban",
            ],
        )
    };

    // Mistakes: exit 1, a Vietnamese reason, no file, and never the PIN on the screen.
    let out = export(Some("000000"), &module_arg, TOKEN, "sai-pin.pdf");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("mã PIN không đúng"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("000000"));
    assert!(!d.join("sai-pin.pdf").exists());

    let out = export(Some(PIN), &module_arg, "Thẻ khác", "sai-the.pdf");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("không thấy thẻ ký số có nhãn «Thẻ khác»"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains(PIN));
    assert!(!d.join("sai-the.pdf").exists());

    let out = export(Some(PIN), "/khong/co/module.so", TOKEN, "sai-module.pdf");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("không tìm thấy mô-đun PKCS#11"),
        "{}",
        stderr(&out)
    );

    let out = export(None, &module_arg, TOKEN, "khong-pin.pdf");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("XETKHEN_TEST_PIN"),
        "{}",
        stderr(&out)
    );

    // --sign-pkcs11 without its token: a usage error.
    let out = xetkhen(
        d,
        &conf,
        Some(PIN),
        &[
            "export",
            "--round",
            &round,
            "--award",
            "bang-khen",
            "--out",
            "x.pdf",
            "--sign-pkcs11",
            &module_arg,
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    // The right PIN: a signed list that every checker accepts.
    let out = export(Some(PIN), &module_arg, TOKEN, "ds-the.pdf");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains(PIN));
    let out = xetkhen(
        d,
        &conf,
        None,
        &["verify", "ds-the.pdf", "--trust", "ca.pem", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["signatures"][0]["signer_cn"],
        "Đặng Thị Ơn (CHỨNG THƯ TẬP HUẤN)"
    );
    let pdf = d.join("ds-the.pdf");
    if let Some(text) = tool("pdfsig", &[], &pdf) {
        assert!(text.contains("Signature is Valid"), "{text}");
        assert!(text.contains("Total document signed"), "{text}");
    }
    let ca = d.join("ca.pem").to_string_lossy().to_string();
    if let Some(text) = tool(
        "pyhanko",
        &[
            "sign",
            "validate",
            "--pretty-print",
            "--trust",
            &ca,
            "--no-revocation-check",
        ],
        &pdf,
    ) {
        assert!(text.contains("The signature is judged VALID."), "{text}");
    }
}
