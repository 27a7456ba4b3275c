//! Numbered migrations on `PRAGMA user_version`, one transaction each, compiled in.

use crate::{Store, StoreError};
use rusqlite::Connection;

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
];

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
