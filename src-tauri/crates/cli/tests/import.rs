//! Importing the lists agencies send, through the `xetkhen import` command.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixture, xetkhen};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn report(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// What a refused import must leave exactly as it was.
fn state(db: &Path) -> (Value, usize, Value) {
    let rounds: Value = report(&xetkhen(db, &["round", "list", "--json"]));
    let list: Value = report(&xetkhen(db, &["list", "--json"]));
    let audit: Value = report(&xetkhen(db, &["audit", "verify", "--json"]));
    (
        rounds,
        list.as_array().unwrap().len(),
        audit["entries"].clone(),
    )
}

#[test]
fn a_list_with_rejected_rows_writes_nothing_and_names_file_sheet_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert_eq!(xetkhen(&db, &["demo"]).status.code(), Some(0));
    let before = state(&db);
    let out = xetkhen(
        &db,
        &[
            "import",
            &fixture("danh-sach-de-nghi-phuong.xlsx"),
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let r = report(&out);
    assert_eq!(r["imported"], 0);
    assert_eq!(r["rejected"], 2);
    let problems = r["problems"].as_array().unwrap();
    let flag = problems.iter().find(|p| p["row"] == 37).unwrap();
    assert_eq!(flag["file"], "danh-sach-de-nghi-phuong.xlsx");
    assert_eq!(flag["sheet"], "Danh sách");
    assert!(flag["column"].as_str().unwrap().starts_with('I'));
    assert_eq!(flag["message"]["code"], "award_flag_collective_only");
    assert!(flag["message"]["text"]
        .as_str()
        .unwrap()
        .contains("tập thể"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Kho dữ liệu không thay đổi"));
    assert_eq!(state(&db), before);
}

#[test]
fn skipping_invalid_rows_imports_the_rest_and_a_second_import_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let file = fixture("danh-sach-de-nghi-phuong.xlsx");
    let first = xetkhen(&db, &["import", &file, "--skip-invalid", "--json"]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let r = report(&first);
    assert_eq!(
        r["round_created"], true,
        "a store with no round gets the final review of plan 2242"
    );
    assert_eq!(r["round"]["kind"], "tong-ket");
    assert_eq!(r["imported"], 26);
    assert!(
        r["snapshot"]
            .as_str()
            .is_some_and(|s| Path::new(s).exists()),
        "a snapshot is taken before writing"
    );
    let entries = state(&db).2;

    let again = report(&xetkhen(
        &db,
        &["import", &file, "--skip-invalid", "--json"],
    ));
    assert_eq!(
        (
            again["imported"].clone(),
            again["updated"].clone(),
            again["unchanged"].clone()
        ),
        (0.into(), 0.into(), 26.into())
    );
    assert_eq!(again["round_created"], false);
    assert!(
        again["duplicates"].as_array().unwrap().is_empty(),
        "{}",
        again["duplicates"]
    );
    assert_eq!(
        state(&db).2,
        entries,
        "an unchanged import writes no audit entry"
    );
}

#[test]
fn a_tcvn3_list_is_shown_converted_and_imported_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let file = fixture("danh-sach-tcvn3.csv");
    let out = xetkhen(&db, &["import", &file, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let r = report(&out);
    let samples = r["files"][0]["legacy_samples"].as_array().unwrap();
    assert!(
        samples
            .iter()
            .any(|s| s["before"] == "NguyÔn V¨n A" && s["after"] == "Nguyễn Văn A"),
        "{samples:?}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--convert-legacy"));
    assert_eq!(
        report(&xetkhen(&db, &["round", "list", "--json"])),
        Value::Array(vec![]),
        "nothing written"
    );

    let out = xetkhen(&db, &["import", &file, "--convert-legacy", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let found = report(&xetkhen(
        &db,
        &["list", "--query", "nguyen van a", "--json"],
    ));
    assert_eq!(found[0]["name"], "Nguyễn Văn A");
}

#[test]
fn a_file_that_is_not_a_list_is_refused_and_the_store_stays_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert_eq!(xetkhen(&db, &["demo"]).status.code(), Some(0));
    let before = state(&db);
    let junk = dir.path().join("hong.xlsx");
    std::fs::write(&junk, b"PK\x03\x04 this is not a workbook at all").unwrap();
    let empty = dir.path().join("rong.csv");
    std::fs::write(&empty, b"").unwrap();
    for f in [&junk, &empty] {
        let out = xetkhen(&db, &["import", f.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8_lossy(&out.stdout);
        let name = f.file_name().unwrap().to_string_lossy();
        assert!(
            text.contains(name.as_ref()),
            "the message names the file: {text}"
        );
    }
    assert_eq!(state(&db), before);
}

#[test]
fn the_blank_template_reads_back_as_a_list_with_the_canonical_header() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let tpl = dir.path().join("mau.xlsx");
    let out = xetkhen(&db, &["template", "--out", tpl.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = report(&xetkhen(&db, &["import", tpl.to_str().unwrap(), "--json"]));
    assert_eq!(
        r["files"][0]["unmapped"],
        Value::Array(vec![]),
        "every column of the template is recognised"
    );
}

#[test]
fn the_sheet_is_chosen_with_sheet_and_every_sheet_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let xls = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../import/tests/fixtures/danh-sach-truong-hoc.xls")
        .display()
        .to_string();
    let out = xetkhen(&db, &["import", &xls, "--sheet", "Hướng dẫn", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let r = report(&out);
    let sheets: Vec<(String, Value)> = r["files"][0]["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["header_row"].clone(),
            )
        })
        .collect();
    assert_eq!(
        sheets,
        [
            ("Hướng dẫn".to_string(), Value::Null),
            ("Danh sách".to_string(), 5.into())
        ]
    );
    assert_eq!(
        report(&xetkhen(&db, &["round", "list", "--json"])),
        Value::Array(vec![]),
        "nothing written"
    );

    let out = xetkhen(
        &db,
        &["import", &xls, "--sheet", "danh sach", "--skip-invalid"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("«Danh sách» (10 dòng, tiêu đề ở dòng 5)"),
        "{text}"
    );
    let found = report(&xetkhen(
        &db,
        &["list", "--query", "vo quoc hung", "--json"],
    ));
    assert_eq!(found[0]["name"], "Võ Quốc Hưng");
}
