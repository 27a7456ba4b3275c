//! Numbered migrations on `PRAGMA user_version`, one transaction each, compiled in.

use crate::{Store, StoreError};
use rusqlite::Connection;

/// A step in Rust that runs after a migration's script, in the same transaction.
type Step = fn(&Connection) -> Result<(), StoreError>;

/// Migration N is `MIGRATIONS[N - 1]`; never edit one that has shipped, add the next.
const MIGRATIONS: &[(&str, &str)] = &[
    ("initial", include_str!("../migrations/001_initial.sql")),
    (
        "column mappings",
        include_str!("../migrations/002_column_mappings.sql"),
    ),
    ("reviews", include_str!("../migrations/003_reviews.sql")),
    ("packets", include_str!("../migrations/004_packets.sql")),
    (
        "nomination_files",
        include_str!("../migrations/005_nomination_files.sql"),
    ),
    ("erasure", include_str!("../migrations/006_erasure.sql")),
    (
        "search terms only",
        include_str!("../migrations/007_search_terms_only.sql"),
    ),
    (
        "secretariat anchor",
        include_str!("../migrations/008_secretariat_anchor.sql"),
    ),
    (
        "import batches",
        include_str!("../migrations/009_import_batches.sql"),
    ),
    (
        "secretary certificate",
        include_str!("../migrations/010_secretary_certificate.sql"),
    ),
    (
        "created rows",
        include_str!("../migrations/011_created_rows.sql"),
    ),
];

/// The Rust steps of migrations, by number.
fn step_after(number: usize) -> Option<Step> {
    match number {
        6 => Some(crate::audit::carry_over_to_format_2),
        7 => Some(crate::nominations::index_all_for_search),
        _ => None,
    }
}

pub fn latest() -> u32 {
    u32::try_from(MIGRATIONS.len()).unwrap_or(u32::MAX)
}

pub fn user_version(conn: &Connection) -> Result<u32, StoreError> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    u32::try_from(v)
        .map_err(|_| StoreError::Corrupt(format!("phiên bản lược đồ không hợp lệ: {v}")))
}

pub fn migrate(store: &mut Store) -> Result<(), StoreError> {
    let current = user_version(&store.conn)?;
    let latest = latest();
    if current > latest {
        return Err(StoreError::TooNew {
            found: current,
            supported: latest,
        });
    }
    if current == latest {
        return Ok(());
    }
    if current > 0 {
        snapshot_before(store, current)?;
    }
    for (index, (_name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let number = index + 1;
        let tx = store.write_tx()?;
        // Another process opening the same store at the same moment may have migrated it while
        // this one waited for the write lock.
        if user_version(&tx)? as usize >= number {
            continue;
        }
        tx.execute_batch(sql)?;
        if let Some(step) = step_after(number) {
            step(&tx)?;
        }
        tx.pragma_update(
            None,
            "user_version",
            i64::try_from(number).unwrap_or(i64::MAX),
        )?;
        tx.commit()?;
    }
    Ok(())
}

/// A checked copy of the store as it was, in `backups/` beside it, before its schema changes
/// (the newest [`crate::SNAPSHOTS_KEPT`] per target version are kept).
fn snapshot_before(store: &Store, version: u32) -> Result<(), StoreError> {
    store.auto_snapshot(&format!("v{}", version + 1))?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_new_store_is_migrated_to_the_latest_schema_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), latest());
        drop(s);
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), latest());
        assert!(
            !dir.path().join("backups").exists(),
            "a store already up to date is not copied"
        );
    }

    #[test]
    fn a_store_written_by_a_newer_program_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest() + 5)
            .unwrap();
        drop(conn);
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
        assert!(err.to_string().contains("phiên bản mới hơn"));
    }

    #[test]
    fn a_store_of_an_older_version_is_copied_then_upgraded_with_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("xetkhen.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0].1).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO rounds (id, name, campaign, kind, status, rubric_json, created_at)
             VALUES ('r1', 'Sơ kết 2023', '2242/KH-UBND', 'so-ket', 'open', '{}', '2023-06-01T00:00:00.000Z')",
            [],
        )
        .unwrap();
        drop(conn);
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), latest());
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .collect();
        assert_eq!(backups.len(), 1, "one checked copy before migrating");
        let copy = Connection::open(backups[0].as_ref().unwrap().path()).unwrap();
        let v: i64 = copy
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1, "the copy is the store as it was");
        let name: String = s
            .raw_connection_for_tests()
            .query_row("SELECT name FROM rounds", [], |r| r.get(0))
            .unwrap();
        assert_eq!(name, "Sơ kết 2023");
    }

    /// A store at schema 5 whose audit log holds `n` entries hashed in the first format.
    fn store_at_v5_with_log(path: &std::path::Path, n: i64) -> Vec<String> {
        use xetkhen_core::audit::{entry_hash_v1, GENESIS};
        let conn = Connection::open(path).unwrap();
        for (_, sql) in &MIGRATIONS[..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        let mut prev = GENESIS.to_string();
        let mut hashes = Vec::new();
        for seq in 1..=n {
            let (u, v) = ("2025-01-01T00:00:00.000Z", "2025-01-01T07:00:00.000+07:00");
            let detail = format!("{{\"header\":\"Họ và tên {seq}\"}}");
            let hash = entry_hash_v1(
                seq,
                u,
                v,
                "Thư ký",
                "column_mapping.save",
                "column_mapping",
                "h",
                &detail,
                &prev,
            );
            conn.execute(
                "INSERT INTO audit_log (seq, at_utc, at_vietnam, actor, action, entity, entity_id, detail, prev_hash, hash)
                 VALUES (?1, ?2, ?3, 'Thư ký', 'column_mapping.save', 'column_mapping', 'h', ?4, ?5, ?6)",
                rusqlite::params![seq, u, v, detail, prev, hash],
            )
            .unwrap();
            hashes.push(hash.clone());
            prev = hash;
        }
        hashes
    }

    #[test]
    fn an_intact_log_of_the_first_format_is_carried_over_and_the_change_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("xetkhen.db");
        let old = store_at_v5_with_log(&path, 3);
        let s = Store::open(&path).unwrap();
        let report = s.audit_verify().unwrap();
        assert!(report.broken.is_none(), "{report:?}");
        assert_eq!(report.entries, 4);
        let log = s.audit_entries(None).unwrap();
        assert!(
            log.iter().all(|e| !old.contains(&e.hash)),
            "every entry re-hashed"
        );
        assert_eq!(
            log[1].detail, "{\"header\":\"Họ và tên 2\"}",
            "details kept as written"
        );
        let format = &log[3];
        assert_eq!(format.action, "audit.format");
        assert!(format.detail.contains(&old[2]), "{}", format.detail);
        assert!(format.detail.contains("nguyên vẹn"), "{}", format.detail);
    }

    #[test]
    fn a_log_broken_before_the_change_of_format_is_still_reported_broken_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("xetkhen.db");
        store_at_v5_with_log(&path, 4);
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE audit_log SET detail = '{\"header\":\"sửa lén\"}' WHERE seq = 2",
            [],
        )
        .unwrap();
        drop(conn);
        let s = Store::open(&path).unwrap();
        let broken = s.audit_verify().unwrap().broken.unwrap();
        assert_eq!(broken.seq, 2, "{broken:?}");
        let log = s.audit_entries(None).unwrap();
        assert!(
            log[4].detail.contains("đứt tại mục số 2"),
            "{}",
            log[4].detail
        );
    }

    #[test]
    fn the_search_index_of_an_older_store_keeps_only_terms_and_still_finds_every_nomination() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("xetkhen.db");
        let conn = Connection::open(&path).unwrap();
        for (_, sql) in &MIGRATIONS[..6] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        conn.execute(
            "INSERT INTO rounds (id, name, campaign, kind, status, rubric_json, created_at)
             VALUES ('r1', 'Sơ kết 2023', '2242/KH-UBND', 'so-ket', 'open', '{}', '2023-06-01T00:00:00.000Z')",
            [],
        )
        .unwrap();
        for (seq, id, name, unit) in [
            (1, "n1", "Nguyễn Văn Đức", "Phường Bến Thành"),
            (2, "n2", "Trần Thị Hoa", "Sở Y tế"),
        ] {
            conn.execute(
                "INSERT INTO nominations (seq, id, round_id, kind, criteria_set, name, unit, award,
                     auto_pass, auto_fail, auto_pending, name_folded, unit_folded, content_hash,
                     created_at, updated_at)
                 VALUES (?1, ?2, 'r1', 'individual', '2.4', ?3, ?4, 'bang-khen', 0, 0, 0, '', '', '',
                     '2023-06-01T00:00:00.000Z', '2023-06-01T00:00:00.000Z')",
                rusqlite::params![seq, id, name, unit],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO nomination_search (rowid, nomination_id, folded) VALUES (?1, ?2, ?3)",
                rusqlite::params![seq, id, xetkhen_core::text::fold(&format!("{name} {unit}"))],
            )
            .unwrap();
        }
        drop(conn);

        let s = Store::open(&path).unwrap();
        let tables: Vec<String> = s
            .raw_connection_for_tests()
            .prepare(
                "SELECT name FROM sqlite_schema WHERE name LIKE 'nomination_search%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            !tables.iter().any(|t| t == "nomination_search_content"),
            "no second copy of the text: {tables:?}"
        );
        for (query, id) in [
            ("NGUYỄN VĂN ĐỨC", "n1"),
            ("ben thanh", "n1"),
            ("so y te", "n2"),
        ] {
            let found = s
                .find_nominations(&crate::NominationQuery {
                    text: Some(query),
                    ..Default::default()
                })
                .unwrap();
            let ids: Vec<&str> = found.iter().map(|f| f.nomination.id.as_str()).collect();
            assert_eq!(ids, [id], "{query}");
        }
    }

    #[test]
    fn snapshot_before_a_migration_lands_in_backups() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("xetkhen.db");
        let s = Store::open(&path).unwrap();
        snapshot_before(&s, 1).unwrap();
        let names: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 1);
        assert!(names[0].starts_with("xetkhen-before-v2-"), "{names:?}");
    }
}
