//! `xetkhen round close` and `xetkhen round erase`: a round's personal data kept for its
//! retention period, then erased for good.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixture, json, ok, refused};
use std::path::Path;

fn round_with_list(db: &Path, name: &str) -> String {
    let round = json(
        db,
        &[
            "round", "create", "--name", name, "--kind", "so-ket", "--json",
        ],
    );
    let id = round["id"].as_str().unwrap().to_string();
    ok(
        db,
        &[
            "import",
            &fixture("danh-sach-de-nghi-phuong.xlsx"),
            "--round",
            &id,
            "--skip-invalid",
        ],
    );
    id
}

/// As if the years of retention had passed: the round's last day of retention moved back.
fn let_retention_end(db: &Path, round: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute(
        "UPDATE rounds SET retain_until = '2020-12-31' WHERE id = ?1",
        [round],
    )
    .unwrap();
}

#[test]
fn a_round_is_closed_kept_then_erased_and_the_log_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    let old = round_with_list(&db, "Sơ kết 2023");
    let kept = round_with_list(&db, "Tổng kết 2025");
    let before: usize = json(&db, &["list", "--round", &kept, "--json"])
        .as_array()
        .unwrap()
        .len();
    assert!(before > 0);

    let (msg, _) = refused(
        &db,
        &[
            "round",
            "erase",
            "--round",
            &old,
            "--confirm",
            "Sơ kết 2023",
        ],
    );
    assert!(msg.contains("chưa kết thúc"), "{msg}");

    let (msg, _) = refused(
        &db,
        &[
            "round",
            "close",
            "--round",
            &old,
            "--retain-until",
            "31/12/2030",
        ],
    );
    assert!(msg.contains("không hợp lệ"), "{msg}");
    let closed = json(
        &db,
        &[
            "round",
            "close",
            "--round",
            &old,
            "--retain-until",
            "2099-12-31",
            "--json",
        ],
    );
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["retain_until"], "2099-12-31");
    let (msg, _) = refused(
        &db,
        &[
            "round",
            "erase",
            "--round",
            &old,
            "--confirm",
            "Sơ kết 2023",
        ],
    );
    assert!(msg.contains("31/12/2099"), "{msg}");
    let (msg, _) = refused(
        &db,
        &[
            "import",
            &fixture("danh-sach-de-nghi-phuong.xlsx"),
            "--round",
            &old,
        ],
    );
    assert!(msg.contains("kết thúc") || msg.contains("đóng"), "{msg}");

    let (msg, _) = refused(
        &db,
        &["round", "retain", "--round", &old, "--until", "2099-01-01"],
    );
    assert!(msg.contains("chỉ được kéo dài"), "{msg}");
    let longer = json(
        &db,
        &[
            "round",
            "retain",
            "--round",
            &old,
            "--until",
            "2100-06-30",
            "--json",
        ],
    );
    assert_eq!(longer["retain_until"], "2100-06-30");

    let_retention_end(&db, &old);
    let (msg, _) = refused(
        &db,
        &["round", "erase", "--round", &old, "--confirm", "Sơ kết"],
    );
    assert!(msg.contains("không khớp"), "{msg}");
    let report = json(
        &db,
        &[
            "round",
            "erase",
            "--round",
            &old,
            "--confirm",
            "Sơ kết 2023",
            "--json",
        ],
    );
    assert_eq!(
        report["nominations"].as_u64(),
        Some(before as u64),
        "{report}"
    );
    // The nominations came in one import: its batch's one entry stands for all of them
    // (issue 16) and is blanked with the round's other entries.
    assert!(report["audit_entries"].as_u64().unwrap() >= 1, "{report}");
    assert!(
        !report["backups_removed"].as_array().unwrap().is_empty(),
        "{report}"
    );

    assert_eq!(
        json(&db, &["list", "--round", &old, "--json"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        json(&db, &["list", "--round", &kept, "--json"])
            .as_array()
            .unwrap()
            .len(),
        before,
        "the other round is untouched"
    );
    let listing = ok(&db, &["round", "list"]);
    assert!(listing.contains("đã xoá dữ liệu cá nhân"), "{listing}");
    let verified = json(&db, &["audit", "verify", "--json"]);
    assert_eq!(verified["intact"], true, "{verified}");
    assert_eq!(
        verified["problems"].as_array().map(Vec::len),
        Some(0),
        "{verified}"
    );
    let (msg, _) = refused(
        &db,
        &[
            "round",
            "erase",
            "--round",
            &old,
            "--confirm",
            "Sơ kết 2023",
        ],
    );
    assert!(msg.contains("đã được xoá"), "{msg}");
}

/// The day the laptop's own clock zone calls today, whatever Vietnam's is.
fn machine_local_day() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// `make test` runs this at 23:30 and at 00:30 Vietnam time under faketime, on a machine whose
/// clock zone is not Vietnam's (`tests/dates.sh`): at 00:30 the machine's own day is yesterday in
/// Vietnam, and only Vietnam's day may be offered, taken and compared.
#[test]
fn a_round_is_closed_until_today_in_vietnam_whatever_the_machines_clock_zone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xetkhen.db");
    let id = round_with_list(&db, "Sơ kết 2023");
    let vietnam_today = xetkhen_core::calendar::vietnam_day(chrono::Utc::now());
    let rounds = json(&db, &["round", "list", "--json"]);
    let round = &rounds.as_array().unwrap()[0];
    assert_eq!(round["retain_from"], vietnam_today.to_string(), "{round}");
    assert_eq!(round["erasable"], false);

    let local = machine_local_day();
    if local < vietnam_today {
        // The machine still lives in yesterday: that day is past for the committee.
        let (msg, _) = refused(
            &db,
            &[
                "round",
                "close",
                "--round",
                &id,
                "--retain-until",
                &local.to_string(),
            ],
        );
        assert!(msg.contains("đã qua"), "{msg}");
        let vn = xetkhen_core::calendar::day_vn(vietnam_today);
        assert!(msg.contains(&vn), "{msg} names today in Vietnam, {vn}");
    }
    let closed = json(
        &db,
        &[
            "round",
            "close",
            "--round",
            &id,
            "--retain-until",
            &vietnam_today.to_string(),
            "--json",
        ],
    );
    assert_eq!(closed["retain_until"], vietnam_today.to_string());
    // Kept until the end of today: not erasable before tomorrow, Vietnam's tomorrow.
    assert_eq!(closed["erasable"], false);
    assert_eq!(
        closed["retain_from"],
        vietnam_today.succ_opt().unwrap().to_string()
    );
    let (msg, _) = refused(
        &db,
        &["round", "erase", "--round", &id, "--confirm", "Sơ kết 2023"],
    );
    assert!(msg.contains("chỉ xoá được từ ngày hôm sau"), "{msg}");
}
