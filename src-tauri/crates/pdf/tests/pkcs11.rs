//! A signer whose key lives on a token. SoftHSM2 plays the token: the test gives it a private
//! token directory (its own SOFTHSM2_CONF in a temporary directory), initialises a token and
//! imports training keys and certificates through cryptoki itself (`training_token`), so no
//! other tool is needed.
//! The list signed on the token must satisfy our verifier, pdfsig and pyHanko.
//!
//! One test function on purpose: a PKCS#11 module is one library per process, initialised once,
//! and SOFTHSM2_CONF is read from the environment of the whole process.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use xetkhen_pdf::cert::KeyKind;
use xetkhen_pdf::training_token::{private_training_token, softhsm_module, TrainingKey};
use xetkhen_pdf::{sign_pdf, verify_pdf, Pkcs11Signer, Signer, TokenLocation};

const TOKEN: &str = "Thẻ tập huấn";
const SO_PIN: &str = "so-12345678";
const USER_PIN: &str = "245713";
const RSA_LABEL: &str = "Đặng Thị Ơn RSA";
const EC_LABEL: &str = "Đặng Thị Ơn EC";

/// Initialises the token, in a token directory of the test's own, and puts two training keys on
/// it, each with its certificate and its CA, through cryptoki.
fn set_up_token(module: &std::path::Path, dir: &std::path::Path) {
    let keys = [
        TrainingKey {
            credential: credential(KeyKind::Rsa2048),
            password: PASSWORD,
            label: RSA_LABEL,
        },
        TrainingKey {
            credential: credential(KeyKind::EcdsaP256),
            password: PASSWORD,
            label: EC_LABEL,
        },
    ];
    // The only test in this binary: no other thread reads the environment meanwhile.
    private_training_token(module, dir, TOKEN, SO_PIN, USER_PIN, &keys).unwrap();
}

fn location(module: &std::path::Path, token: &str, key: Option<&str>) -> TokenLocation {
    TokenLocation {
        module: module.to_path_buf(),
        token_label: token.to_string(),
        key_label: key.map(str::to_string),
    }
}

fn refusal(loc: &TokenLocation, pin: &str) -> String {
    let err = Pkcs11Signer::open(loc, pin).unwrap_err();
    assert_eq!(err.code(), "pdf.token", "{err}");
    let text = err.to_string();
    assert!(
        !text.contains(pin) || pin.is_empty(),
        "the PIN leaked: {text}"
    );
    text
}

#[test]
fn a_list_signed_on_a_softhsm_token_verifies_here_with_pdfsig_and_with_pyhanko() {
    let Some(module) = softhsm_module() else {
        assert!(
            std::env::var_os("XETKHEN_REQUIRE_TOOLS").is_none(),
            "SoftHSM2 (libsofthsm2.so) is required (XETKHEN_REQUIRE_TOOLS is set) but not installed"
        );
        eprintln!("NOTE: SoftHSM2 is not installed; skipping the PKCS#11 test");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    set_up_token(&module, dir.path());

    // Refusals first, each a Vietnamese sentence naming what to fix.
    let text = refusal(&location(&module, TOKEN, Some(RSA_LABEL)), "000000");
    assert!(text.contains("mã PIN không đúng"), "{text}");
    let text = refusal(&location(&module, "Thẻ khác", Some(RSA_LABEL)), USER_PIN);
    assert!(
        text.contains("không thấy thẻ ký số có nhãn «Thẻ khác»") && text.contains(TOKEN),
        "{text}"
    );
    let missing = dir.path().join("khong-co.so");
    let text = refusal(&location(&missing, TOKEN, None), USER_PIN);
    assert!(text.contains("không tìm thấy mô-đun PKCS#11"), "{text}");
    let text = refusal(&location(&module, TOKEN, None), USER_PIN);
    assert!(
        text.contains("thẻ có 2 khóa bí mật") && text.contains("--key-label"),
        "{text}"
    );
    let text = refusal(&location(&module, TOKEN, Some("Không có")), USER_PIN);
    assert!(
        text.contains("không có khóa bí mật nhãn «Không có»"),
        "{text}"
    );

    for (kind, label) in [
        (KeyKind::Rsa2048, RSA_LABEL),
        (KeyKind::EcdsaP256, EC_LABEL),
    ] {
        let signer = Pkcs11Signer::open(&location(&module, TOKEN, Some(label)), USER_PIN).unwrap();
        let debug = format!("{signer:?}");
        assert!(!debug.contains(USER_PIN), "{debug}");
        let chain = signer.certificate_chain();
        assert_eq!(chain.len(), 2, "signer and training CA found on the token");
        assert_eq!(chain[0], credential(kind).signer_der);
        assert_eq!(chain[1], credential(kind).ca_der);

        let pdf = sign_pdf(&rendered().bytes, &signer, &sign_options()).unwrap();
        let r = verify_pdf(&pdf, &anchors(kind));
        assert!(r.valid, "{kind:?}: {r:#?}");
        assert_eq!(
            r.signatures[0].signer_cn.as_deref(),
            Some("Đặng Thị Ơn (CHỨNG THƯ TẬP HUẤN)")
        );
        // The token's signature is not the key file's under another name: a different CA
        // does not vouch for it.
        let other = match kind {
            KeyKind::Rsa2048 => KeyKind::EcdsaP256,
            KeyKind::EcdsaP256 => KeyKind::Rsa2048,
        };
        assert!(!verify_pdf(&pdf, &anchors(other)).valid);

        if tool("pdfsig") {
            let text = pdfsig(&pdf);
            assert!(
                text.contains("Signature Validation: Signature is Valid."),
                "{text}"
            );
            assert!(text.contains("Total document signed"), "{text}");
        }
        if tool("pyhanko") {
            let ph = pyhanko(&credential(kind).ca_pem, &pdf);
            assert!(ph.valid(), "{kind:?}: {}", ph.text);
            assert!(
                ph.text.contains("The signature covers the entire file."),
                "{}",
                ph.text
            );
        }
    }
}
