//! The signed list for UBND, from the command line, checked with tools nobody here wrote.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ok_in, tool, xetkhen_in};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// A store with the demo round, a training certificate, and the round's id.
fn setup() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    ok_in(dir.path(), &["demo"]);
    ok_in(
        dir.path(),
        &[
            "cert",
            "training",
            "--name",
            "Đặng Thị Ơn",
            "--out",
            "ky.p12",
            "--ca-out",
            "ca.pem",
            "--password-env",
            "XETKHEN_TEST_PASSWORD",
        ],
    );
    let rounds: Value =
        serde_json::from_str(&ok_in(dir.path(), &["round", "list", "--json"])).unwrap();
    let id = rounds[0]["id"].as_str().unwrap().to_string();
    (dir, id)
}

fn export_signed(dir: &Path, round: &str) {
    ok_in(
        dir,
        &[
            "export",
            "--round",
            round,
            "--award",
            "bang-khen",
            "--out",
            "ds.pdf",
            "--sign-p12",
            "ky.p12",
            "--password-env",
            "XETKHEN_TEST_PASSWORD",
            "--number",
            "45/DS-BTĐKT",
            "--signer-title",
            "Phó Trưởng ban",
            "--signer-name",
            "Đặng Thị Ơn",
        ],
    );
}

#[test]
fn the_signed_list_verifies_here_and_with_pdfsig_and_reads_back_exactly() {
    let (dir, round) = setup();
    let d = dir.path();
    export_signed(d, &round);
    let pdf = d.join("ds.pdf");
    ok_in(d, &["verify", "ds.pdf", "--trust", "ca.pem"]);
    let report: Value = serde_json::from_str(&ok_in(
        d,
        &["verify", "ds.pdf", "--trust", "ca.pem", "--json"],
    ))
    .unwrap();
    assert_eq!(report["valid"], true);
    assert_eq!(report["signatures"][0]["covers_whole_file"], true);

    if let Some(text) = tool("pdfsig", &[], &pdf) {
        assert!(text.contains("Signature is Valid"), "{text}");
        assert!(text.contains("Total document signed"), "{text}");
    }
    if let Some(text) = tool("pdftotext", &[], &d.join("ds.pdf"))
        .and(std::fs::read_to_string(d.join("ds.txt")).ok())
    {
        // Names short enough for one line come back whole; every word of every name comes back
        // (a long name wraps inside its cell).
        for name in ["Nguyễn Văn Đức", "Bùi Đức Thắng", "Võ Minh Trí", "Sở Y tế"]
        {
            assert!(text.contains(name), "pdftotext lacks {name}");
        }
        let listed: Value = serde_json::from_str(&ok_in(d, &["list", "--json"])).unwrap();
        let words: std::collections::HashSet<&str> = text.split_whitespace().collect();
        for n in listed
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["award"] == "bang-khen")
        {
            for w in n["name"].as_str().unwrap().split_whitespace() {
                assert!(words.contains(w), "pdftotext lacks «{w}» of {}", n["name"]);
            }
        }
    }
    if let Some(text) = tool("qpdf", &["--check"], &pdf) {
        assert!(
            text.contains("No syntax or stream encoding errors"),
            "{text}"
        );
    }
    if let Some(text) = tool("pdffonts", &[], &pdf) {
        assert!(text.contains("LiberationSerif"), "{text}");
        assert!(
            text.lines().skip(2).all(|l| l.contains(" yes ")),
            "every font embedded and subset: {text}"
        );
    }
}

#[test]
fn a_flipped_byte_in_the_signed_list_is_refused_with_a_reason() {
    let (dir, round) = setup();
    let d = dir.path();
    export_signed(d, &round);
    let mut bytes = std::fs::read(d.join("ds.pdf")).unwrap();
    let at = bytes.len() / 4;
    bytes[at] ^= 0x01;
    std::fs::write(d.join("sua.pdf"), &bytes).unwrap();
    let out = xetkhen_in(d, &["verify", "sua.pdf", "--trust", "ca.pem"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("KHÔNG hợp lệ"));
}

#[test]
fn editable_copies_keep_id_numbers_as_text() {
    let (dir, round) = setup();
    let d = dir.path();
    ok_in(
        d,
        &[
            "export",
            "--round",
            &round,
            "--award",
            "bang-khen",
            "--out",
            "ds.csv",
        ],
    );
    let csv = std::fs::read_to_string(d.join("ds.csv")).unwrap();
    assert!(
        csv.starts_with('\u{feff}'),
        "Excel reads the diacritics of a CSV with a BOM"
    );
    assert!(csv.contains("\"079078001234\""), "{csv}");
    ok_in(
        d,
        &[
            "export",
            "--round",
            &round,
            "--award",
            "bang-khen",
            "--out",
            "ds.xlsx",
        ],
    );
    assert!(std::fs::read(d.join("ds.xlsx")).unwrap().starts_with(b"PK"));
}

#[test]
fn approved_lists_wait_for_the_committees_votes() {
    let (dir, round) = setup();
    let out = xetkhen_in(
        dir.path(),
        &[
            "export",
            "--round",
            &round,
            "--award",
            "bang-khen",
            "--filter",
            "approved",
            "--out",
            "a.pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Hội đồng chưa thông qua hồ sơ nào"), "{err}");
    assert!(!dir.path().join("a.pdf").exists());
}

#[test]
fn the_cover_submission_counts_what_the_list_holds_and_is_signed_with_it() {
    let (dir, round) = setup();
    let d = dir.path();
    ok_in(
        d,
        &[
            "export",
            "--round",
            &round,
            "--award",
            "bang-khen",
            "--out",
            "to-trinh.pdf",
            "--cover",
            "--cover-number",
            "12/TTr-BTĐKT",
            "--sign-p12",
            "ky.p12",
            "--password-env",
            "XETKHEN_TEST_PASSWORD",
            "--signer-title",
            "Phó Trưởng ban",
            "--signer-name",
            "Đặng Thị Ơn",
        ],
    );
    ok_in(d, &["verify", "to-trinh.pdf", "--trust", "ca.pem"]);

    let listed: Value = serde_json::from_str(&ok_in(d, &["list", "--json"])).unwrap();
    let on_list: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["award"] == "bang-khen")
        .collect();
    let collectives = on_list.iter().filter(|n| n["kind"] == "collective").count();
    let individuals = on_list.len() - collectives;
    assert!(collectives > 0 && individuals > 0, "{listed}");

    let text = |first: &str| -> Option<String> {
        let out = Command::new("pdftotext")
            .args(["-f", first, "-l", first])
            .arg(d.join("to-trinh.pdf"))
            .arg("-")
            .output();
        match out {
            Ok(o) => Some(
                String::from_utf8_lossy(&o.stdout)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Err(_) => {
                assert!(std::env::var_os("XETKHEN_REQUIRE_TOOLS").is_none());
                None
            }
        }
    };
    if let Some(cover) = text("1") {
        for s in [
            "TỜ TRÌNH".to_string(),
            "Số: 12/TTr-BTĐKT".to_string(),
            "Về việc đề nghị tặng Bằng khen của Ủy ban nhân dân Thành phố".to_string(),
            "Kính gửi: Ủy ban nhân dân Thành phố.".to_string(),
            "Căn cứ Kế hoạch số 2242/KH-UBND ngày 05 tháng 7 năm 2022".to_string(),
            format!("cho {collectives} tập thể và {individuals} cá nhân"),
            format!("- Tập thể: {collectives} ("),
            format!("- Cá nhân: {individuals}."),
            "PHÓ TRƯỞNG BAN".to_string(),
        ] {
            assert!(cover.contains(&s), "cover lacks «{s}»: {cover}");
        }
        assert!(!cover.contains("DANH SÁCH ĐỀ NGHỊ"), "{cover}");
        let list = text("2").unwrap();
        assert!(list.contains("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"), "{list}");
        assert!(
            list.contains("(Kèm theo Tờ trình số 12/TTr-BTĐKT ngày"),
            "{list}"
        );
    }

    // A cover belongs to the PDF only; a cover number without a cover is a usage error.
    let out = xetkhen_in(
        d,
        &[
            "export",
            "--round",
            &round,
            "--award",
            "bang-khen",
            "--out",
            "ds.csv",
            "--cover",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Tờ trình chỉ in kèm được trong tệp PDF"));
    assert!(!d.join("ds.csv").exists());
    let out = xetkhen_in(
        d,
        &[
            "export",
            "--round",
            &round,
            "--award",
            "bang-khen",
            "--out",
            "x.pdf",
            "--cover-number",
            "1/TTr",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}
