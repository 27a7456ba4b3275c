//! The store encrypted at rest, through the `xetkhen` command: `XETKHEN_PASSPHRASE`, a wrong
//! passphrase, `xetkhen passphrase change`, encrypted backups.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{command, fixture, run, succeeded};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

fn xetkhen(db: &Path, passphrase: Option<&str>, args: &[&str]) -> Output {
    let mut c = command(db, args);
    c.env_remove("XETKHEN_NEW_PASSPHRASE").stdin(Stdio::null());
    if let Some(p) = passphrase {
        c.env("XETKHEN_PASSPHRASE", p);
    }
    run(&mut c)
}

fn ok(db: &Path, passphrase: Option<&str>, args: &[&str]) -> String {
    succeeded(args, xetkhen(db, passphrase, args))
}

/// Names, units and ID numbers the store holds, as `xetkhen list` shows them.
fn personal_data(db: &Path, passphrase: Option<&str>) -> Vec<String> {
    let list: Value = serde_json::from_str(&ok(db, passphrase, &["list", "--json"])).unwrap();
    let mut words = Vec::new();
    for n in list.as_array().unwrap() {
        words.push(n["name"].as_str().unwrap().to_string());
        if let Some(id) = n["id_number"].as_str() {
            words.push(id.to_string());
        }
    }
    assert!(words.len() > 30, "{words:?}");
    words
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_none_or(|x| x != "xlsx") {
                out.push(p);
            }
        }
    }
    out
}

/// The words found in the bytes of `files`, as `strings | grep` would find them.
fn leaks(files: &[PathBuf], words: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).unwrap();
        for w in words {
            if bytes.windows(w.len()).any(|win| win == w.as_bytes()) {
                found.push(format!("{}: {w}", f.display()));
            }
        }
    }
    found
}

#[test]
fn an_encrypted_store_and_its_backups_show_no_name_or_id_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    let key = Some("Ban Thi đua - Khen thưởng 2025");
    ok(&db, key, &["demo"]);
    ok(
        &db,
        key,
        &[
            "import",
            &fixture("danh-sach-de-nghi-phuong.xlsx"),
            "--skip-invalid",
        ],
    );
    let backup = dir.path().join("sao-luu.db");
    ok(&db, key, &["backup", "--out", backup.to_str().unwrap()]);
    let words = personal_data(&db, key);
    let files = files_under(dir.path());
    assert!(files.len() >= 3, "store, snapshot, backup: {files:?}");
    assert_eq!(leaks(&files, &words), Vec::<String>::new());

    // The same steps without a passphrase leak everything: the check above can fail.
    let plain_dir = tempfile::tempdir().unwrap();
    let plain = plain_dir.path().join("xetkhen.db");
    ok(&plain, None, &["demo"]);
    assert!(!leaks(&files_under(plain_dir.path()), &words).is_empty());

    // Restoring the encrypted backup works under the same passphrase.
    ok(
        &db,
        key,
        &[
            "round",
            "create",
            "--name",
            "Sơ kết 2023",
            "--kind",
            "so-ket",
        ],
    );
    ok(&db, key, &["restore", backup.to_str().unwrap()]);
    ok(&db, key, &["audit", "verify"]);
}

#[test]
fn a_wrong_or_missing_passphrase_gets_a_clear_message_and_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    ok(&db, Some("đúng"), &["demo"]);
    let before = std::fs::read(&db).unwrap();
    let out = xetkhen(&db, Some("sai"), &["list"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        said.trim(),
        "Cụm mật khẩu không đúng (hoặc tệp không phải kho dữ liệu Xét Khen). Kho dữ liệu không bị thay đổi.",
        "our message and nothing else"
    );
    let out = xetkhen(&db, None, &["list"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("XETKHEN_PASSPHRASE"), "{said}");
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the store file is untouched"
    );
}

#[test]
fn the_passphrase_is_changed_by_re_encrypting_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    ok(&db, None, &["demo"]);
    let args = ["passphrase", "change", "--json"];
    let out = run(command(&db, &args)
        .env("XETKHEN_NEW_PASSPHRASE", "cụm thứ nhất")
        .stdin(Stdio::null()));
    let report: Value = serde_json::from_str(&succeeded(&args, out)).unwrap();
    assert_eq!(report["encrypted"], true);
    assert_eq!(xetkhen(&db, None, &["list"]).status.code(), Some(1));
    let args = ["passphrase", "change"];
    let out = run(command(&db, &args)
        .env("XETKHEN_PASSPHRASE", "cụm thứ nhất")
        .env("XETKHEN_NEW_PASSPHRASE", "cụm thứ hai")
        .stdin(Stdio::null()));
    succeeded(&args, out);
    assert_eq!(
        xetkhen(&db, Some("cụm thứ nhất"), &["list"]).status.code(),
        Some(1)
    );
    ok(&db, Some("cụm thứ hai"), &["audit", "verify"]);
    let found = ok(
        &db,
        Some("cụm thứ hai"),
        &["list", "--query", "nguyen", "--json"],
    );
    assert!(
        serde_json::from_str::<Value>(&found)
            .unwrap()
            .as_array()
            .unwrap()
            .len()
            > 1
    );
    // Without a terminal and without the variable, no new passphrase is made up.
    let out = xetkhen(&db, Some("cụm thứ hai"), &["passphrase", "change"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("XETKHEN_NEW_PASSPHRASE"));
}
