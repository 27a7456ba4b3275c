//! Closing a round and erasing its personal data at the end of its retention period.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Days, NaiveDate, Utc};
use std::path::Path;
use xetkhen_core::{
    AwardForm, MessageCode, Metrics, Nomination, NomineeKind, Review, Role, Round, RoundKind,
    RoundStatus, Rubric,
};
use xetkhen_store::{today_in_vietnam, ReviewState, Reviewer, Store, StoreError};

const SECRETARY: &str = "Thư ký Ban Thi đua";

fn round(id: &str, name: &str) -> Round {
    Round::open(id, name, RoundKind::TongKet, Utc::now())
}

fn person(id: &str, name: &str, id_number: &str, round_id: &str) -> Nomination {
    Nomination {
        id: id.into(),
        round_id: round_id.into(),
        kind: NomineeKind::Individual,
        criteria_set: "2.4".into(),
        name: name.into(),
        position: Some("Chuyên viên".into()),
        birth_year: Some(1980),
        id_number: Some(id_number.into()),
        unit: "Ủy ban nhân dân Phường Sài Gòn".into(),
        nominating_unit: None,
        award: AwardForm::BangKhen,
        summary: Some(format!("Sáng kiến số hóa của {name}")),
        metrics: Metrics::default(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Words of the erased round that must not be readable anywhere afterwards: the names (as typed
/// and as folded for search), the ID numbers, a member's note and an evidence file's text.
const ERASED: &[&str] = &[
    "Trần Thị Hoà",
    "tran thi hoa",
    "079185004321",
    "Lê Minh Khoa",
    "le minh khoa",
    "079190008765",
    "nhận xét riêng về hồ sơ Hoà",
    "BIEN-BAN-MINH-CHUNG-HOA",
];
/// The same kind of words in the round that stays.
const KEPT: &[&str] = &["Phạm Văn Bình", "079170001111"];

fn files_of(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_of(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Every file in the store's folder (the store, its WAL, `backups/`) in which `word` is readable.
fn found_in(dir: &Path, word: &str) -> Vec<String> {
    files_of(dir)
        .into_iter()
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap();
            bytes.windows(word.len()).any(|w| w == word.as_bytes())
        })
        .map(|p| p.display().to_string())
        .collect()
}

/// An unencrypted store on disk (so that the bytes can be searched) with two rounds: "r-old",
/// whose data is to be erased, with a member's review carrying a note and an evidence file,
/// and "r-new", which stays.
fn two_rounds(path: &Path) -> Store {
    let mut s = Store::open(path).unwrap();
    s.create_round(
        SECRETARY,
        &round("r-old", "Sơ kết 2023"),
        &Rubric::plan_2242(),
    )
    .unwrap();
    s.create_round(
        SECRETARY,
        &round("r-new", "Tổng kết 2025"),
        &Rubric::plan_2242(),
    )
    .unwrap();
    s.auto_snapshot("import").unwrap();
    s.write_nominations(
        SECRETARY,
        "so-ket-2023.xlsx",
        &[
            person("n1", "Trần Thị Hoà", "079185004321", "r-old"),
            person("n2", "Lê Minh Khoa", "079190008765", "r-old"),
        ],
    )
    .unwrap();
    s.write_nominations(
        SECRETARY,
        "tong-ket-2025.xlsx",
        &[person("n3", "Phạm Văn Bình", "079170001111", "r-new")],
    )
    .unwrap();
    let member = Reviewer {
        id: "m1".into(),
        name: "Ủy viên Một".into(),
        position: "Phó Giám đốc".into(),
        role: Role::Member,
        conflicts: vec![],
        is_self: true,
        public_key: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    s.save_reviewer(SECRETARY, &member).unwrap();
    let evidence: &[u8] = b"%PDF-1.4 BIEN-BAN-MINH-CHUNG-HOA";
    let review = Review {
        nomination_hash: s
            .nomination("n1")
            .unwrap()
            .unwrap()
            .nomination
            .content_hash(),
        note: Some("nhận xét riêng về hồ sơ Hoà".into()),
        attachments: vec![xetkhen_core::Attachment {
            sha256: xetkhen_core::audit::sha256_hex(evidence),
            file_name: "bien-ban.pdf".into(),
            media_type: "application/pdf".into(),
            size: evidence.len() as u64,
            added_at: "2023-06-01T00:00:00Z".into(),
        }],
        ..Review::default()
    };
    s.save_review(
        "Ủy viên Một",
        "n1",
        "m1",
        &review,
        ReviewState {
            complete: false,
            needs_evidence: false,
        },
        &[evidence],
    )
    .unwrap();
    s.auto_snapshot("import").unwrap();
    s
}

#[test]
fn an_open_round_or_one_still_in_its_retention_period_is_not_erased() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = two_rounds(&dir.path().join("xetkhen.db"));
    let err = s
        .erase_round(SECRETARY, "r-old", day("2030-01-01"))
        .unwrap_err();
    assert!(err.to_string().contains("chưa kết thúc"), "{err}");

    let err = s
        .close_round(SECRETARY, "r-old", day("2026-01-01"), day("2026-06-01"))
        .unwrap_err();
    assert!(err.to_string().contains("đã qua"), "{err}");

    s.close_round(SECRETARY, "r-old", day("2028-12-31"), day("2026-06-01"))
        .unwrap();
    let summary = s.round("r-old").unwrap().unwrap();
    assert_eq!(summary.round.status, RoundStatus::Closed);
    assert_eq!(summary.retention.retain_until, Some(day("2028-12-31")));
    for today in ["2026-06-01", "2028-12-31"] {
        let err = s.erase_round(SECRETARY, "r-old", day(today)).unwrap_err();
        assert!(err.to_string().contains("31/12/2028"), "{err}");
    }
    // The period can be made longer, never shorter, and not for a round still open.
    let err = s
        .extend_retention(SECRETARY, "r-old", day("2027-01-01"), day("2026-06-01"))
        .unwrap_err();
    assert!(err.to_string().contains("chỉ được kéo dài"), "{err}");
    let err = s
        .extend_retention(SECRETARY, "r-new", day("2030-01-01"), day("2026-06-01"))
        .unwrap_err();
    assert!(err.to_string().contains("chưa kết thúc"), "{err}");
    // Nor to a day already past, though it is after the day set before.
    let err = s
        .extend_retention(SECRETARY, "r-old", day("2029-06-30"), day("2029-07-01"))
        .unwrap_err();
    assert!(err.to_string().contains("đã qua"), "{err}");
    s.extend_retention(SECRETARY, "r-old", day("2030-06-30"), day("2026-06-01"))
        .unwrap();
    let err = s
        .erase_round(SECRETARY, "r-old", day("2029-01-01"))
        .unwrap_err();
    assert!(err.to_string().contains("30/06/2030"), "{err}");
    assert_eq!(s.count_nominations(Some("r-old")).unwrap(), 2);
    assert!(matches!(
        s.erase_round(SECRETARY, "khong-co", day("2030-01-01")),
        Err(StoreError::NotFound { .. })
    ));
    let report = s.audit_verify().unwrap();
    assert!(
        report.broken.is_none() && report.tampered.is_empty(),
        "{report:?}"
    );
}

#[test]
fn erasure_leaves_no_name_id_number_or_note_in_the_files_and_the_log_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xetkhen.db");
    let mut s = two_rounds(&path);
    for w in ERASED.iter().chain(KEPT) {
        assert!(
            !found_in(dir.path(), w).is_empty(),
            "before erasure «{w}» is readable in the unencrypted files"
        );
    }
    let today = today_in_vietnam();
    s.close_round(SECRETARY, "r-old", today, today).unwrap();
    let report = s
        .erase_round(
            SECRETARY,
            "r-old",
            today.checked_add_days(Days::new(1)).unwrap(),
        )
        .unwrap();
    assert_eq!(
        (
            report.nominations,
            report.reviews,
            report.files,
            report.packets
        ),
        (2, 1, 1, 0),
        "{report:?}"
    );
    assert!(report.audit_entries >= 4, "{report:?}");
    assert_eq!(report.backups_removed.len(), 2, "{report:?}");
    assert!(report.warnings.is_empty(), "{report:?}");
    let after = report.snapshot_after.unwrap();
    assert!(after.exists());

    for w in ERASED {
        assert_eq!(found_in(dir.path(), w), Vec::<String>::new(), "«{w}»");
    }
    for w in KEPT {
        assert!(
            !found_in(dir.path(), w).is_empty(),
            "the other round keeps «{w}»"
        );
    }
    assert_eq!(s.count_nominations(Some("r-old")).unwrap(), 0);
    assert_eq!(s.count_nominations(Some("r-new")).unwrap(), 1);
    let summary = s.round("r-old").unwrap().unwrap();
    assert_eq!(summary.round.name, "Sơ kết 2023", "the round itself stays");
    assert!(summary.retention.erased_at.is_some());

    let verified = s.audit_verify().unwrap();
    assert!(verified.broken.is_none(), "{verified:?}");
    assert!(verified.tampered.is_empty(), "{verified:?}");
    let log = s.audit_entries(None).unwrap();
    let erase = log.iter().find(|e| e.action == "round.erase").unwrap();
    assert_eq!(erase.entity_id, "r-old");
    assert!(
        erase.detail.contains("\"nominations\":2"),
        "{}",
        erase.detail
    );
    assert!(
        log.iter()
            .filter(|e| e.erased_by == Some(erase.seq))
            .count()
            >= 4
    );
    let err = s
        .erase_round(
            SECRETARY,
            "r-old",
            today.checked_add_days(Days::new(2)).unwrap(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("đã được xoá"), "{err}");

    drop(s);
    let s = Store::open(&path).unwrap();
    assert!(s.audit_verify().unwrap().broken.is_none());
    assert_eq!(
        xetkhen_store::check_store_file(&after).unwrap().nominations,
        1
    );
}

#[test]
fn blanking_an_entry_behind_the_programs_back_is_still_found_after_an_erasure() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = two_rounds(&dir.path().join("xetkhen.db"));
    let today = today_in_vietnam();
    s.close_round(SECRETARY, "r-old", today, today).unwrap();
    s.erase_round(
        SECRETARY,
        "r-old",
        today.checked_add_days(Days::new(1)).unwrap(),
    )
    .unwrap();
    let erase_seq: i64 = s
        .raw_connection_for_tests()
        .query_row(
            "SELECT seq FROM audit_log WHERE action = 'round.erase'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // The kept round's nomination, blanked and made to look erased by the same erasure.
    let victim: i64 = s
        .raw_connection_for_tests()
        .query_row(
            "SELECT seq FROM audit_log WHERE entity_id = 'n3' ORDER BY seq LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    s.raw_connection_for_tests()
        .execute(
            "UPDATE audit_log SET detail = '', erased_by = ?2 WHERE seq = ?1",
            [victim, erase_seq],
        )
        .unwrap();
    let broken = s.audit_verify().unwrap().broken.unwrap();
    assert!(
        matches!(
            broken.problem.code,
            MessageCode::AuditErasureMismatch | MessageCode::AuditErasureUnmatched
        ),
        "{broken:?}"
    );
}

#[test]
fn nominations_written_after_an_erasure_reuse_its_numbers_and_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("xetkhen.db")).unwrap();
    s.create_round(
        SECRETARY,
        &round("r-new", "Tổng kết 2025"),
        &Rubric::plan_2242(),
    )
    .unwrap();
    s.create_round(
        SECRETARY,
        &round("r-old", "Sơ kết 2023"),
        &Rubric::plan_2242(),
    )
    .unwrap();
    // The erased round holds the highest row numbers, which the next inserts take again.
    s.write_nominations(
        SECRETARY,
        "a.xlsx",
        &[person("k1", "Phạm Văn Bình", "079170001111", "r-new")],
    )
    .unwrap();
    s.write_nominations(
        SECRETARY,
        "b.xlsx",
        &[
            person("e1", "Trần Thị Hoà", "079185004321", "r-old"),
            person("e2", "Lê Minh Khoa", "079190008765", "r-old"),
        ],
    )
    .unwrap();
    let today = today_in_vietnam();
    s.close_round(SECRETARY, "r-old", today, today).unwrap();
    s.erase_round(
        SECRETARY,
        "r-old",
        today.checked_add_days(Days::new(1)).unwrap(),
    )
    .unwrap();
    s.write_nominations(
        SECRETARY,
        "c.xlsx",
        &[
            person("k2", "Võ Thị Sáu", "079160002222", "r-new"),
            person("k3", "Đặng Văn Ngữ", "079150003333", "r-new"),
        ],
    )
    .unwrap();
    let found = |text: &str| -> Vec<String> {
        s.find_nominations(&xetkhen_store::NominationQuery {
            text: Some(text),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|n| n.nomination.id)
        .collect()
    };
    assert_eq!(found("vo thi sau"), ["k2"]);
    assert_eq!(found("dang van ngu"), ["k3"]);
    assert!(found("tran thi hoa").is_empty());
    assert!(found("le minh khoa").is_empty());
    let verified = s.audit_verify().unwrap();
    assert!(
        verified.broken.is_none() && verified.tampered.is_empty(),
        "{verified:?}"
    );
}

#[test]
fn an_erasure_reaches_import_batches_and_what_an_undo_took_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xetkhen.db");
    let mut s = two_rounds(&path);
    let import = |s: &mut Store, batch: &str, noms: &[Nomination]| {
        s.write_import(
            SECRETARY,
            &xetkhen_store::ImportWrite {
                source: "bo-sung.xlsx",
                new_round: None,
                mappings: &[],
                nominations: noms,
                batch: Some(batch),
            },
            &mut |_| true,
            &mut || true,
        )
        .unwrap()
    };
    // One import taken back, one (an update of a nomination) kept: both hold personal data.
    import(
        &mut s,
        "b1",
        &[person("n9", "Đỗ Thị Tạm", "079199009999", "r-old")],
    );
    let undone = s.undo_import(SECRETARY, "b1").unwrap();
    assert_eq!((undone.removed, undone.restored), (1, 0));
    let mut changed = person("n2", "Lê Minh Khoa", "079190008765", "r-old");
    changed.summary = Some("Bổ sung thành tích".into());
    import(&mut s, "b2", &[changed]);
    assert_eq!(s.import_batches(Some("r-old")).unwrap().len(), 2);
    assert!(s.audit_verify().unwrap().tampered.is_empty());

    let today = Utc::now().date_naive();
    s.close_round(SECRETARY, "r-old", today, today).unwrap();
    let report = s
        .erase_round(
            SECRETARY,
            "r-old",
            today.checked_add_days(Days::new(1)).unwrap(),
        )
        .unwrap();
    assert_eq!(report.nominations, 2, "{report:?}");
    for w in ERASED
        .iter()
        .chain(&["Đỗ Thị Tạm", "do thi tam", "079199009999"])
    {
        assert_eq!(found_in(dir.path(), w), Vec::<String>::new(), "«{w}»");
    }
    assert!(s.import_batches(Some("r-old")).unwrap().is_empty());
    let verified = s.audit_verify().unwrap();
    assert!(
        verified.broken.is_none() && verified.tampered.is_empty(),
        "{verified:?}"
    );
}
