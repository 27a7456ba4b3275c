//! The store: one SQLite file holding rounds, nominations, the audit log and the search index.
//!
//! Every connection runs in WAL mode with `synchronous=FULL` (a committed write survives a power
//! cut), foreign keys on and a busy timeout; every write transaction is `BEGIN IMMEDIATE`, so a
//! second writer waits for the first instead of failing. Every write appends to the hash-chained
//! audit log in the same transaction.

mod audit;
mod backup;
mod error;
mod mappings;
mod migrate;
mod nominations;
mod rounds;
mod search;

pub use audit::{AuditReport, Tampered};
pub use backup::{check_store_file, StoreFacts, APPLICATION_ID, SNAPSHOTS_KEPT};
pub use error::StoreError;
pub use nominations::{StoredNomination, WriteOutcome};
pub use rounds::RoundSummary;
pub use search::{AutoFilter, NominationQuery, SortField};

use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another before giving up with [`StoreError::Busy`].
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens the store at `path`, creating it and its folder when missing, and brings its schema up
    /// to date (with a snapshot in `backups/` beside it first, when it already holds data).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        refuse_foreign(&conn, path)?;
        configure(&conn)?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
        };
        migrate::migrate(&mut store)?;
        mark_as_ours(&store.conn)?;
        Ok(store)
    }

    /// A store in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        let mut store = Store { conn, path: None };
        migrate::migrate(&mut store)?;
        mark_as_ours(&store.conn)?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrate::user_version(&self.conn)
    }

    /// The connection itself, for tests that must edit the store behind the program's back.
    #[doc(hidden)]
    pub fn raw_connection_for_tests(&self) -> &Connection {
        &self.conn
    }

    fn write_tx(&mut self) -> Result<rusqlite::Transaction<'_>, StoreError> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // journal_mode answers with a row; in memory it stays "memory", which is fine for tests.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    Ok(())
}

/// Refuses a SQLite file of another program (another application id, or tables but no schema
/// version of ours), so that `--db` pointed at the wrong file never writes our tables into it.
fn refuse_foreign(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let foreign = |reason: &str| StoreError::NotAStore {
        file: path.display().to_string(),
        reason: reason.into(),
    };
    if app_id != 0 && app_id != APPLICATION_ID {
        return Err(foreign("tệp thuộc một chương trình khác"));
    }
    if migrate::user_version(conn)? == 0 {
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        if objects > 0 {
            return Err(foreign(
                "tệp có dữ liệu nhưng không có lược đồ của Xét Khen",
            ));
        }
    }
    Ok(())
}

/// Stamps the store with our application id; stores made before it was set get it on opening.
fn mark_as_ours(conn: &Connection) -> Result<(), StoreError> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    Ok(())
}

/// ISO 8601 UTC with milliseconds, the one format for timestamps in the store.
pub(crate) fn ts(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub(crate) fn parse_ts(s: &str) -> Result<chrono::DateTime<chrono::Utc>, StoreError> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&chrono::Utc))
        .map_err(|e| StoreError::Corrupt(format!("thời điểm không đọc được «{s}»: {e}")))
}
