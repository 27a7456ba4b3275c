//! An import's one audit entry stands for every nomination it created (issue 16): `audit verify`
//! still checks each row, and names the one edited behind the program's back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Utc;
use xetkhen_core::{AwardForm, Metrics, Nomination, NomineeKind, Round, RoundKind, Rubric};
use xetkhen_store::{ImportWrite, Store};

const SECRETARY: &str = "Thư ký Ban Thi đua";

fn person(id: &str, name: &str, id_number: &str) -> Nomination {
    Nomination {
        id: id.into(),
        round_id: "r1".into(),
        kind: NomineeKind::Individual,
        criteria_set: "2.4".into(),
        name: name.into(),
        position: Some("Chuyên viên".into()),
        birth_year: Some(1980),
        id_number: Some(id_number.into()),
        unit: "Ủy ban nhân dân Phường Sài Gòn".into(),
        nominating_unit: None,
        award: AwardForm::BangKhen,
        summary: Some("Sáng kiến số hóa hồ sơ".into()),
        metrics: Metrics::default(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn list() -> Vec<Nomination> {
    vec![
        person("a", "Nguyễn Văn Đức", "079080001234"),
        person("b", "Trần Thị Hoa", "079080005678"),
        person("c", "Lê Minh Khoa", "079080009012"),
    ]
}

fn import(s: &mut Store, batch: &str, noms: &[Nomination]) {
    s.write_import(
        SECRETARY,
        &ImportWrite {
            source: "danh-sach.xlsx",
            new_round: None,
            mappings: &[],
            nominations: noms,
            batch: Some(batch),
        },
        &mut |_| true,
        &mut || true,
    )
    .unwrap();
}

/// A store with round r1 and the three nominations of [`list`] imported as batch b1.
fn imported() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let round = Round::open("r1", "Tổng kết 2025", RoundKind::TongKet, Utc::now());
    s.create_round(SECRETARY, &round, &Rubric::plan_2242())
        .unwrap();
    import(&mut s, "b1", &list());
    s
}

/// The record a batch keeps of the nominations it created, as the bytes in the file.
fn created_rows(s: &Store, batch: &str) -> Vec<u8> {
    s.raw_connection_for_tests()
        .query_row(
            "SELECT created_rows FROM import_batches WHERE id = ?1",
            [batch],
            |r| r.get(0),
        )
        .unwrap()
}

/// Writes a batch's record back, as a forger with a hex editor and `sqlite3` would.
fn set_created_rows(s: &Store, batch: &str, bytes: &[u8]) {
    s.raw_connection_for_tests()
        .execute(
            "UPDATE import_batches SET created_rows = ?2 WHERE id = ?1",
            rusqlite::params![batch, bytes],
        )
        .unwrap();
}

/// Where the entry of a one-letter id starts in a batch's record, and its length.
fn entry_of(record: &[u8], id: u8) -> (usize, usize) {
    let needle = [0, 1, id];
    let at = record
        .windows(3)
        .position(|w| w == needle)
        .expect("the id is in the record");
    (at, 3 + 64)
}

fn tampered(s: &Store) -> Vec<(String, String)> {
    let report = s.audit_verify().unwrap();
    assert!(report.broken.is_none(), "{report:?}");
    report
        .tampered
        .into_iter()
        .map(|t| (t.entity, t.entity_id))
        .collect()
}

#[test]
fn an_import_writes_one_audit_entry_for_the_nominations_it_creates() {
    let s = imported();
    let log = s.audit_entries(None).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["round.create", "import.batch"], "{log:?}");
    let detail: serde_json::Value = serde_json::from_str(&log[1].detail).unwrap();
    assert_eq!(detail["rows"], 3);
    assert_eq!(detail["rows_sha256"].as_str().map(str::len), Some(64));
    assert_eq!(tampered(&s), []);
    // Each nomination's history still shows the import that made it.
    let history = s.nomination_history("b").unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].action, "import.batch");
}

#[test]
fn a_row_edited_in_the_database_after_a_batched_import_is_caught_and_named() {
    let s = imported();
    s.raw_connection_for_tests()
        .execute(
            "UPDATE nominations SET summary = 'Thành tích thêm vào' WHERE id = 'b'",
            [],
        )
        .unwrap();
    assert_eq!(tampered(&s), [("nomination".to_string(), "b".to_string())]);
}

#[test]
fn a_row_edited_together_with_the_hash_its_batch_recorded_is_caught_by_the_digest() {
    let s = imported();
    let c = s.raw_connection_for_tests();
    c.execute(
        "UPDATE nominations SET summary = 'Thành tích thêm vào' WHERE id = 'b'",
        [],
    )
    .unwrap();
    // The forger also fixes the batch's record of the row, so row and record agree again.
    let edited = s
        .nomination("b")
        .unwrap()
        .unwrap()
        .nomination
        .content_hash();
    let mut record = created_rows(&s, "b1");
    let (at, len) = entry_of(&record, b'b');
    record[at + 3..at + len].copy_from_slice(edited.as_bytes());
    set_created_rows(&s, "b1", &record);
    assert_eq!(
        tampered(&s),
        [("import-batch".to_string(), "b1".to_string())]
    );
}

#[test]
fn a_nomination_slipped_into_a_batch_behind_the_programs_back_is_caught() {
    let s = imported();
    let c = s.raw_connection_for_tests();
    let extra = person("d", "Phạm Văn Giả", "079080003456");
    c.execute(
        "INSERT INTO nominations (id, round_id, kind, criteria_set, name, unit, award, auto_pass,
             auto_fail, auto_pending, name_folded, unit_folded, content_hash, created_at, updated_at)
         SELECT 'd', round_id, kind, criteria_set, 'Phạm Văn Giả', unit, award, 0, 0, 0,
             'pham van gia', unit_folded, ?1, created_at, updated_at
         FROM nominations WHERE id = 'a'",
        [extra.content_hash()],
    )
    .unwrap();
    c.execute(
        "INSERT INTO import_batch_rows (batch_id, nomination_id, after_hash)
         SELECT 'b1', 'd', content_hash FROM nominations WHERE id = 'd'",
        [],
    )
    .unwrap();
    let found = tampered(&s);
    assert!(
        found.contains(&("import-batch".to_string(), "b1".to_string())),
        "{found:?}"
    );
}

#[test]
fn a_row_removed_from_a_batch_and_the_store_is_caught() {
    let s = imported();
    let c = s.raw_connection_for_tests();
    c.execute(
        "DELETE FROM nomination_search WHERE rowid = (SELECT seq FROM nominations WHERE id = 'c')",
        [],
    )
    .unwrap();
    c.execute("DELETE FROM nominations WHERE id = 'c'", [])
        .unwrap();
    let mut record = created_rows(&s, "b1");
    let (at, len) = entry_of(&record, b'c');
    record.drain(at..at + len);
    set_created_rows(&s, "b1", &record);
    assert_eq!(
        tampered(&s),
        [("import-batch".to_string(), "b1".to_string())]
    );
}

#[test]
fn an_undone_batched_import_verifies_and_a_later_one_updates_with_its_own_entry() {
    let mut s = imported();
    let undone = s.undo_import(SECRETARY, "b1").unwrap();
    assert_eq!((undone.removed, undone.restored), (3, 0));
    assert_eq!(tampered(&s), []);
    import(&mut s, "b2", &list());
    let mut changed = list();
    changed[0].summary = Some("Bổ sung thành tích".into());
    import(&mut s, "b3", &changed[..1]);
    assert_eq!(tampered(&s), []);
    let actions: Vec<String> = s
        .nomination_history("a")
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "import.batch",
            "nomination.delete",
            "import.batch",
            "nomination.update",
            "import.batch"
        ]
    );
    // The update put back by an undo, then edited by hand: still caught.
    s.undo_import(SECRETARY, "b3").unwrap();
    assert_eq!(tampered(&s), []);
    s.raw_connection_for_tests()
        .execute(
            "UPDATE nominations SET birth_year = 1981 WHERE id = 'a'",
            [],
        )
        .unwrap();
    assert_eq!(tampered(&s), [("nomination".to_string(), "a".to_string())]);
}

#[test]
fn a_batch_record_cut_short_is_reported_and_its_import_not_undone() {
    let mut s = imported();
    let mut record = created_rows(&s, "b1");
    record.truncate(record.len() - 10);
    set_created_rows(&s, "b1", &record);
    let found = tampered(&s);
    assert!(
        found.contains(&("import-batch".to_string(), "b1".to_string())),
        "{found:?}"
    );
    let refused = s.undo_import(SECRETARY, "b1").unwrap_err().to_string();
    assert!(refused.contains("b1"), "{refused}");
    assert_eq!(s.count_nominations(Some("r1")).unwrap(), 3);
}

#[test]
fn an_import_keeps_one_record_of_what_it_created_and_a_row_for_each_change() {
    let mut s = imported();
    let rows: i64 = s
        .raw_connection_for_tests()
        .query_row("SELECT count(*) FROM import_batch_rows", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
    assert_eq!(created_rows(&s, "b1").len(), 3 * (2 + 1 + 64));
    let mut changed = list();
    changed[1].summary = Some("Bổ sung thành tích".into());
    import(&mut s, "b2", &changed);
    let rows: Vec<(String, String)> = {
        let c = s.raw_connection_for_tests();
        let mut st = c
            .prepare("SELECT batch_id, nomination_id FROM import_batch_rows")
            .unwrap();
        let v = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        v
    };
    assert_eq!(rows, [("b2".to_string(), "b".to_string())]);
    assert_eq!(tampered(&s), []);
    let undone = s.undo_import(SECRETARY, "b2").unwrap();
    assert_eq!((undone.removed, undone.restored), (0, 1));
    assert_eq!(tampered(&s), []);
}
