//! Duplicates by exact identity, look-alikes by warning (issue 16): the 168 wards and communes of
//! Ho Chi Minh City all import, "Xã Thanh An" and "Xã Thạnh An" are two communes; and each import
//! is a batch that can be undone, refused once the committee has worked on it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixture, json, ok, refused, xetkhen};
use serde_json::Value;
use std::path::{Path, PathBuf};

const HCMC: &str = "hcmc-168/danh-sach-168-xa-phuong-tphcm.csv";
const HCMC_FILE: &str = "danh-sach-168-xa-phuong-tphcm.csv";

fn report(db: &Path, args: &[&str]) -> Value {
    let out = xetkhen(db, args);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: {e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn names(db: &Path) -> Vec<String> {
    let list = json(db, &["list", "--json"]);
    let mut v: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

fn audit_clean(db: &Path) {
    let a = json(db, &["audit", "verify", "--json"]);
    assert_eq!(a["intact"], true, "{a}");
    assert_eq!(a["problems"], Value::Array(vec![]), "{a}");
}

/// A CSV list of collectives under 2.2 for a Bằng khen: (name, unit) per row.
fn collectives(dir: &Path, file: &str, rows: &[(&str, &str)]) -> PathBuf {
    let mut text =
        String::from("Tên tập thể;Cá nhân/Tập thể;Tiêu chuẩn;Đơn vị;Hình thức khen thưởng\n");
    for (name, unit) in rows {
        text.push_str(&format!("{name};Tập thể;2.2;{unit};Bằng khen\n"));
    }
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    path
}

const CITY: &str = "Ủy ban nhân dân Thành phố Hồ Chí Minh";

#[test]
fn all_168_wards_and_communes_import_and_thanh_an_is_only_a_lookalike_of_thanh_an() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let out = xetkhen(&db, &["import", &fixture(HCMC), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (r["imported"].clone(), r["rejected"].clone()),
        (168.into(), 0.into())
    );
    assert_eq!(r["problems"], Value::Array(vec![]));
    let dups = r["duplicates"].as_array().unwrap();
    assert_eq!(dups.len(), 1, "{dups:?}");
    assert_eq!(dups[0]["kind"], "possible");
    let rows: Vec<(String, u64)> = dups[0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            assert_eq!(x["at"]["file"], HCMC_FILE);
            (
                x["name"].as_str().unwrap().to_string(),
                x["at"]["row"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Xã Thanh An".to_string(), 10),
            ("Xã Thạnh An".to_string(), 169)
        ]
    );
    let stored = names(&db);
    assert_eq!(stored.len(), 168);
    assert!(
        stored.contains(&"Xã Thanh An".to_string()) && stored.contains(&"Xã Thạnh An".to_string())
    );
    assert!(stored.contains(&"Đặc khu Côn Đảo".to_string()));

    // The text report says the same, and how to leave one out.
    let dir2 = tempfile::tempdir().unwrap();
    let text = ok(&dir2.path().join("x.db"), &["import", &fixture(HCMC)]);
    assert!(text.contains("Có thể trùng — "), "{text}");
    assert!(text.contains("«Xã Thanh An» và «Xã Thạnh An»"), "{text}");
    assert!(
        text.contains(&format!("{HCMC_FILE}, dòng 10; {HCMC_FILE}, dòng 169")),
        "{text}"
    );
    assert!(text.contains("--skip-row"), "{text}");

    // Importing it again changes nothing and finds every commune as itself.
    let again = report(&db, &["import", &fixture(HCMC), "--json"]);
    assert_eq!(
        (again["imported"].clone(), again["unchanged"].clone()),
        (0.into(), 168.into())
    );
    assert_eq!(
        again["duplicates"].as_array().unwrap().len(),
        1,
        "{}",
        again["duplicates"]
    );
    assert_eq!(
        again["batch"],
        Value::Null,
        "nothing written, nothing to undo"
    );
}

#[test]
fn the_user_may_skip_one_of_a_possible_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let skip = format!("{HCMC_FILE}:169");
    let r = report(
        &db,
        &["import", &fixture(HCMC), "--skip-row", &skip, "--json"],
    );
    assert_eq!(r["imported"], 167);
    assert_eq!(
        r["skipped"],
        serde_json::json!([{"file": HCMC_FILE, "row": 169}])
    );
    assert_eq!(r["duplicates"], Value::Array(vec![]));
    let stored = names(&db);
    assert!(!stored.contains(&"Xã Thạnh An".to_string()));
    assert!(stored.contains(&"Xã Thanh An".to_string()));

    let (err, _) = refused(&db, &["import", &fixture(HCMC), "--skip-row", "169"]);
    assert!(err.contains("TỆP:DÒNG"), "{err}");
}

#[test]
fn the_same_name_and_unit_twice_is_a_duplicate_and_nfd_is_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    // "Phường Bến Thành" typed once precomposed and once decomposed is one text (NFC).
    let decomposed: String = "Phường Bến Thành"
        .chars()
        .flat_map(|c| match c {
            'ờ' => vec!['o', '\u{31b}', '\u{300}'],
            'ế' => vec!['e', '\u{302}', '\u{301}'],
            'à' => vec!['a', '\u{300}'],
            c => vec![c],
        })
        .collect();
    let list = collectives(
        dir.path(),
        "ds.csv",
        &[
            ("Phường Bến Thành", CITY),
            (&decomposed, CITY),
            ("Phường Bến Thanh", CITY),
        ],
    );
    let out = xetkhen(&db, &["import", list.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1), "a duplicate refuses the file");
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = r["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["duplicate", "possible"], "{}", r["duplicates"]);
    assert_eq!(
        r["problems"][0]["message"]["code"], "import_duplicate_collective",
        "{}",
        r["problems"]
    );
    assert_eq!(r["problems"][0]["row"], 3);
    assert_eq!(r["problems"][0]["message"]["params"]["row"], "2");
    // Both copies named by file and row, so the window says where in its own language.
    let at: Vec<u64> = r["duplicates"][0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["at"]["row"].as_u64().unwrap())
        .collect();
    assert_eq!(at, [2, 3], "{}", r["duplicates"]);

    let r = report(
        &db,
        &["import", list.to_str().unwrap(), "--skip-invalid", "--json"],
    );
    assert_eq!(r["imported"], 2, "the look-alike is kept: {r}");
}

#[test]
fn a_row_is_checked_against_the_store_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let a = collectives(dir.path(), "a.csv", &[("Xã Thanh An", CITY)]);
    let b = collectives(dir.path(), "b.csv", &[("Xã Thạnh An", CITY)]);
    let first = report(&db, &["import", a.to_str().unwrap(), "--json"]);
    assert_eq!(first["duplicates"], Value::Array(vec![]));

    let second = report(&db, &["import", b.to_str().unwrap(), "--json"]);
    assert_eq!(second["imported"], 1, "{second}");
    let d = &second["duplicates"][0];
    assert_eq!(d["kind"], "possible");
    assert_eq!(
        d["places"],
        serde_json::json!(["đã có trong kho", "b.csv, dòng 2"])
    );
    assert_eq!(d["rows"][0]["name"], "Xã Thanh An");

    // And the other way round: the first list again finds itself, and the other in the store.
    let third = report(&db, &["import", a.to_str().unwrap(), "--json"]);
    assert_eq!(third["unchanged"], 1);
    assert_eq!(third["duplicates"].as_array().unwrap().len(), 1);
    assert_eq!(
        third["duplicates"][0]["places"],
        serde_json::json!(["đã có trong kho", "a.csv, dòng 2"])
    );
    assert_eq!(third["duplicates"][0]["rows"][0]["name"], "Xã Thạnh An");
    assert_eq!(names(&db), ["Xã Thanh An", "Xã Thạnh An"]);
}

#[test]
fn an_import_is_undone_whole_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let a = collectives(
        dir.path(),
        "a.csv",
        &[("Phường Sài Gòn", CITY), ("Phường Bến Thành", CITY)],
    );
    let first = report(&db, &["import", a.to_str().unwrap(), "--json"]);
    let batch1 = first["batch"].as_str().unwrap().to_string();
    assert!(
        first["snapshot"].as_str().is_some(),
        "the first import of the day takes the daily copy"
    );

    // The second list has one of them again, unchanged, and one more.
    let b = collectives(
        dir.path(),
        "b.csv",
        &[("Phường Sài Gòn", CITY), ("Phường Tân Định", CITY)],
    );
    let second = report(&db, &["import", b.to_str().unwrap(), "--json"]);
    assert_eq!(
        second["snapshot"],
        Value::Null,
        "no second copy the same day"
    );
    let batch2 = second["batch"].as_str().unwrap().to_string();
    assert_eq!(names(&db).len(), 3);
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");

    let listed = json(&db, &["import", "batches", "--json"]);
    assert_eq!(listed[0]["id"], batch2.as_str(), "newest first");
    assert_eq!(listed[1]["inserted"], 2);

    let entries = |db: &Path| {
        json(db, &["audit", "verify", "--json"])["entries"]
            .as_u64()
            .unwrap()
    };
    let before = entries(&db);
    let undone = json(&db, &["import", "undo", &batch2, "--json"]);
    assert_eq!(
        (undone["removed"].clone(), undone["restored"].clone()),
        (1.into(), 0.into())
    );
    assert_eq!(names(&db), ["Phường Bến Thành", "Phường Sài Gòn"]);
    assert_eq!(
        entries(&db),
        before + 2,
        "one entry for the nomination taken back, one for the undo"
    );
    audit_clean(&db);
    let (err, _) = refused(&db, &["import", "undo", &batch2]);
    assert!(err.contains("đã được hoàn tác"), "{err}");

    let text = ok(&db, &["import", "undo", &batch1]);
    assert!(text.contains("xoá 2 hồ sơ mới"), "{text}");
    assert_eq!(names(&db), Vec::<String>::new());
    audit_clean(&db);
    let listed = json(&db, &["import", "batches", "--json"]);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["undone"] == true),
        "{listed}"
    );
}

#[test]
fn an_update_is_put_back_and_a_later_import_must_be_undone_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let path = dir.path().join("ds.csv");
    let list = |pct: &str| {
        std::fs::write(
            &path,
            format!("Tên tập thể;Tiêu chuẩn;Đơn vị;Hình thức khen thưởng;Hồ sơ xử lý trực tuyến (%)\nPhường Sài Gòn;2.2;{CITY};Bằng khen;{pct}\n"),
        )
        .unwrap();
    };
    list("55%");
    let first = report(&db, &["import", path.to_str().unwrap(), "--json"]);
    let batch1 = first["batch"].as_str().unwrap().to_string();
    list("65%");
    let second = report(&db, &["import", path.to_str().unwrap(), "--json"]);
    assert_eq!(second["updated"], 1, "{second}");
    let batch2 = second["batch"].as_str().unwrap().to_string();

    let (err, _) = refused(&db, &["import", "undo", &batch1]);
    assert!(
        err.contains(&batch2) && err.contains("Kho không thay đổi"),
        "{err}"
    );

    let undone = json(&db, &["import", "undo", &batch2, "--json"]);
    assert_eq!(undone["restored"], 1);
    let shown = json(&db, &["list", "--json"]);
    let id = shown[0]["id"].as_str().unwrap().to_string();
    let n = json(&db, &["show", &id, "--json"]);
    assert!(n.to_string().contains("55"), "back as it was: {n}");
    audit_clean(&db);
    ok(&db, &["import", "undo", &batch1]);
    audit_clean(&db);
}

#[test]
fn an_import_the_committee_has_reviewed_is_not_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let a = collectives(
        dir.path(),
        "a.csv",
        &[("Phường Sài Gòn", CITY), ("Phường Bến Thành", CITY)],
    );
    let r = report(&db, &["import", a.to_str().unwrap(), "--json"]);
    let batch = r["batch"].as_str().unwrap().to_string();
    ok(
        &db,
        &[
            "reviewer",
            "set",
            "--name",
            "Lê Thị Thu Hà",
            "--position",
            "Ủy viên",
        ],
    );
    let list = json(&db, &["list", "--json"]);
    let reviewed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "Phường Bến Thành")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(&db, &["review", &reviewed, "--vote", "approve"]);
    let before = (
        names(&db),
        json(&db, &["audit", "verify", "--json"])["entries"].clone(),
    );

    let (err, _) = refused(&db, &["import", "undo", &batch]);
    assert!(
        err.contains("«Phường Bến Thành»") && err.contains("phiếu đánh giá"),
        "{err}"
    );
    assert!(
        !err.contains("Phường Sài Gòn"),
        "only what blocks is named: {err}"
    );
    assert_eq!(
        (
            names(&db),
            json(&db, &["audit", "verify", "--json"])["entries"].clone()
        ),
        before,
        "a refused undo writes nothing"
    );
}

#[test]
fn a_nomination_edited_in_the_database_after_an_import_is_named_by_audit_verify() {
    // An import writes one audit entry for the nominations it creates (issue 16); each of them
    // is still checked against the hash that entry commits to.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let a = collectives(
        dir.path(),
        "a.csv",
        &[
            ("Phường Sài Gòn", CITY),
            ("Phường Bến Thành", CITY),
            ("Phường Tân Định", CITY),
        ],
    );
    report(&db, &["import", a.to_str().unwrap(), "--json"]);
    audit_clean(&db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let id: String = conn
        .query_row(
            "SELECT id FROM nominations WHERE name = 'Phường Bến Thành'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE nominations SET unit = 'Đơn vị khác' WHERE id = ?1",
        [&id],
    )
    .unwrap();
    drop(conn);
    let out = xetkhen(&db, &["audit", "verify", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let verdict: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = verdict["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{verdict}");
    assert_eq!(problems[0]["code"], "audit_record_edited", "{verdict}");
    assert_eq!(problems[0]["params"]["id"], id.as_str(), "{verdict}");
}
