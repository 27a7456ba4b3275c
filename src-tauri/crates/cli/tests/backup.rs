//! `xetkhen backup` and `xetkhen restore`, and the daily copy taken by imports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixture, json, ok, refused};
use std::path::{Path, PathBuf};

fn round_names(db: &Path) -> Vec<String> {
    let rounds = json(db, &["round", "list", "--json"]);
    let mut v: Vec<String> = rounds
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_backup_restores_the_store_as_it_was_and_the_replaced_store_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    ok(&db, &["demo"]);
    let backup = dir.path().join("sao-luu/2025-12-01.db");
    std::fs::create_dir_all(backup.parent().unwrap()).unwrap();
    let made = json(&db, &["backup", "--out", s(&backup), "--json"]);
    assert_eq!(made["rounds"], 1);
    assert_eq!(made["nominations"], 30);
    assert!(backup.exists());

    ok(
        &db,
        &[
            "round",
            "create",
            "--name",
            "Sơ kết 2023",
            "--kind",
            "so-ket",
        ],
    );
    assert_eq!(round_names(&db).len(), 2);

    let restored = json(&db, &["restore", s(&backup), "--json"]);
    assert_eq!(restored["nominations"], 30);
    assert_eq!(
        round_names(&db).len(),
        1,
        "the round made after the backup is gone"
    );
    ok(&db, &["audit", "verify"]);
    let safety = PathBuf::from(restored["safety_copy"].as_str().unwrap());
    assert!(
        safety.starts_with(dir.path().join("backups")),
        "{}",
        safety.display()
    );
    // The store as it was before the restore can itself be restored.
    ok(&db, &["restore", s(&safety)]);
    assert_eq!(round_names(&db).len(), 2);
    ok(&db, &["audit", "verify"]);
}

#[test]
fn a_backup_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    ok(&db, &["demo"]);
    let out = dir.path().join("sao-luu.db");
    std::fs::write(&out, "bản sao lưu cũ").unwrap();
    let (msg, _) = refused(&db, &["backup", "--out", s(&out)]);
    assert!(msg.contains("đã có"), "{msg}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "bản sao lưu cũ");
}

#[test]
fn restore_refuses_a_damaged_foreign_or_missing_file_and_keeps_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    ok(&db, &["demo"]);
    let backup = dir.path().join("sao-luu.db");
    ok(&db, &["backup", "--out", s(&backup)]);
    ok(
        &db,
        &[
            "round",
            "create",
            "--name",
            "Sơ kết 2023",
            "--kind",
            "so-ket",
        ],
    );
    let before = (round_names(&db), json(&db, &["list", "--json"]));

    // A backup with part of its pages overwritten.
    let damaged = dir.path().join("hong.db");
    let mut bytes = std::fs::read(&backup).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 3..len / 3 + 8192] {
        *b = 0xA5;
    }
    std::fs::write(&damaged, bytes).unwrap();
    // A backup cut short, as by a full USB stick.
    let cut = dir.path().join("thieu.db");
    std::fs::write(&cut, &std::fs::read(&backup).unwrap()[..len / 2]).unwrap();
    // A spreadsheet renamed, and a database of another program.
    let sheet = dir.path().join("danh-sach.db");
    std::fs::copy(fixture("danh-sach-de-nghi-phuong.xlsx"), &sheet).unwrap();
    let other = dir.path().join("khac.db");
    let c = rusqlite::Connection::open(&other).unwrap();
    c.execute_batch(
        "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Nguyễn Văn A');",
    )
    .unwrap();
    drop(c);
    let missing = dir.path().join("khong-co.db");

    for bad in [&damaged, &cut, &sheet, &other, &missing] {
        let (msg, _) = refused(&db, &["restore", s(bad)]);
        assert!(msg.contains("Không khôi phục từ"), "{msg}");
        assert!(msg.contains("được giữ nguyên"), "{msg}");
        assert!(
            msg.contains("không toàn vẹn")
                || msg.contains("hỏng")
                || msg.contains("không phải là kho dữ liệu Xét Khen"),
            "{}: {msg}",
            bad.display()
        );
        assert_eq!(
            (round_names(&db), json(&db, &["list", "--json"])),
            before,
            "{} left the store as it was",
            bad.display()
        );
    }
    ok(&db, &["audit", "verify"]);
    assert!(
        !dir.path().join("backups").exists()
            || std::fs::read_dir(dir.path().join("backups"))
                .unwrap()
                .all(|e| !e.unwrap().file_name().to_string_lossy().contains("restore")),
        "no copy is taken for a refused restore"
    );
}

#[test]
fn imports_take_one_copy_a_day_and_the_copies_stay_within_twice_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    let file = fixture("danh-sach-de-nghi-phuong.xlsx");
    let mut snapshots = Vec::new();
    for _ in 0..12 {
        let r = json(&db, &["import", &file, "--skip-invalid", "--json"]);
        snapshots.push(r["snapshot"].as_str().map(PathBuf::from));
    }
    assert!(
        snapshots[0].as_ref().is_some_and(|p| p.exists()),
        "the day's first import takes the daily copy"
    );
    assert!(snapshots[1..].iter().all(Option::is_none), "{snapshots:?}");
    let names: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let copies: u64 = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    let store = std::fs::metadata(&db).unwrap().len();
    assert!(
        copies <= 2 * store,
        "{copies} bytes of copies for a store of {store}"
    );
}

#[test]
fn a_store_too_damaged_to_open_is_restored_and_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    ok(&db, &["demo"]);
    let backup = dir.path().join("sao-luu.db");
    ok(&db, &["backup", "--out", s(&backup)]);
    // The first pages overwritten, as by a failing disk.
    let mut bytes = std::fs::read(&db).unwrap();
    for b in &mut bytes[..8192] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let (msg, _) = refused(&db, &["list"]);
    assert!(msg.contains("không đọc được"), "{msg}");
    // A damaged backup does not replace it either.
    let broken = dir.path().join("hong.db");
    std::fs::write(&broken, &bytes).unwrap();
    refused(&db, &["restore", s(&broken)]);
    assert!(
        std::fs::read(&db).unwrap() == bytes,
        "the store is left as it was"
    );

    let restored = json(&db, &["restore", s(&backup), "--json"]);
    assert_eq!(restored["nominations"], 30);
    let aside = PathBuf::from(restored["safety_copy"].as_str().unwrap());
    assert!(
        std::fs::read(&aside).unwrap() == bytes,
        "the unreadable file is kept"
    );
    assert_eq!(round_names(&db).len(), 1);
    ok(&db, &["audit", "verify"]);
}
