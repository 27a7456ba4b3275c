//! The store: one SQLite file holding rounds, nominations, the audit log and the search index.
//!
//! Every connection runs in WAL mode with `synchronous=FULL` (a committed write survives a power
//! cut), foreign keys on and a busy timeout; every write transaction is `BEGIN IMMEDIATE`, so a
//! second writer waits for the first instead of failing. Every write appends to the hash-chained
//! audit log in the same transaction.

mod audit;
mod backup;
mod batches;
mod erase;
mod error;
mod import_session;
mod key;
mod mappings;
mod migrate;
mod nominations;
mod packets;
mod reviews;
mod rounds;
mod search;
mod secretariat;

pub use audit::{AuditReport, Tampered};
pub use backup::{
    check_store_file, check_store_file_with, Rekeyed, StoreFacts, APPLICATION_ID,
    AUTO_COPIES_BUDGET, DAILY_HOURS, SNAPSHOTS_KEPT,
};
pub use batches::{ImportBatch, UndoReport};
pub use erase::{today_in_vietnam, ErasureReport, Retention};
pub use error::StoreError;
pub use import_session::{ImportSession, ImportStart, ImportTotals};
pub use key::{is_plain_sqlite, Passphrase};
pub use nominations::{ImportWrite, Prepared, StoredNomination, WriteOutcome};
pub use packets::{Direction, MergeOutcome, PacketHeader, StoredPacket};
pub use reviews::{review_entity_id, ReviewState, ReviewVote, Reviewer, StoredReview, StoredVote};
pub use rounds::RoundSummary;
pub use search::{AutoFilter, NominationQuery, SortField};
pub use secretariat::{Secretariat, SecretaryCertificate};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another before giving up with [`StoreError::Busy`]: longer than
/// the largest import takes on a slow laptop, so that a window and a command writing at once
/// both succeed, one after the other.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The key derived from the passphrase for this store's salt: given to the store's own
    /// connections and to the checks of its copies, which then skip SQLCipher's key derivation.
    /// The passphrase itself is not kept: an operation that needs it for a file of another salt
    /// (a backup to restore, older copies to re-encrypt) is given it by its caller.
    raw: Option<key::RawKey>,
}

impl Store {
    /// Opens the store at `path`, creating it and its folder when missing, and brings its schema up
    /// to date (with a snapshot in `backups/` beside it first, when it already holds data).
    ///
    /// A store on a read-only disk or folder is opened for reading only: what reads works, and a
    /// write is refused with [`StoreError::ReadOnly`]. A store that cannot be opened because the
    /// disk is full is refused with [`StoreError::Full`] rather than SQLite's "disk I/O error".
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_encrypted(path, None)
    }

    /// [`Store::open`] for a store encrypted with `key` (SQLCipher); a new store is created
    /// encrypted. A wrong passphrase is refused before anything is written.
    pub fn open_encrypted(path: &Path, key: Option<&Passphrase>) -> Result<Store, StoreError> {
        match Store::open_with(path, OpenFlags::default(), key) {
            Ok(s) => Ok(s),
            Err(e) if e.may_be_the_disk() => match diagnose_folder(path) {
                Some(StoreError::ReadOnly) if path.exists() => {
                    Store::open_read_only(path, key).map_err(|_| StoreError::ReadOnly)
                }
                Some(found) => Err(found),
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    fn open_with(
        path: &Path,
        flags: OpenFlags,
        key: Option<&Passphrase>,
    ) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let raw = key.map(|k| key::RawKey::for_file(path, k)).transpose()?;
        Store::open_keyed(path, flags, raw)
    }

    /// Opens the store at `path` with a key already derived for its salt (`None`: kept in clear).
    pub(crate) fn open_keyed(
        path: &Path,
        flags: OpenFlags,
        raw: Option<key::RawKey>,
    ) -> Result<Store, StoreError> {
        let encrypted = raw.is_some();
        if let Some(raw) = raw.as_ref().filter(|_| path.exists()) {
            // The key is tried on a read-only connection first: a writable one closed after a
            // wrong key would still fold a WAL left by a crash into the file (unchanged pages,
            // but a changed file), and a wrong passphrase must leave the files as they were.
            let probe = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            key::unlock_with(&probe, key::Unlock::Raw(raw))?;
            refuse_foreign(&probe, path, encrypted)?;
        }
        let conn = Connection::open_with_flags(path, flags)?;
        key::unlock_with(
            &conn,
            raw.as_ref().map_or(key::Unlock::Clear, key::Unlock::Raw),
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        refuse_foreign(&conn, path, encrypted)?;
        configure(&conn)?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            raw,
        };
        migrate::migrate(&mut store)?;
        mark_as_ours(&mut store)?;
        Ok(store)
    }

    /// A store on a disk or in a folder that cannot be written: SQLite cannot make the WAL's
    /// shared-memory file there, so the file is opened as immutable. Only when no WAL is left
    /// beside it (a store closed cleanly has none), since an immutable open would not read it.
    fn open_read_only(path: &Path, key: Option<&Passphrase>) -> Result<Store, StoreError> {
        if std::fs::metadata(wal_path(path)).is_ok_and(|m| m.len() > 0) {
            return Err(StoreError::ReadOnly);
        }
        let mut uri = String::from("file:");
        let text = path.to_string_lossy().replace('\\', "/");
        if text.chars().nth(1) == Some(':') {
            uri.push('/'); // a Windows drive letter
        }
        for c in text.chars() {
            match c {
                '%' => uri.push_str("%25"),
                '?' => uri.push_str("%3f"),
                '#' => uri.push_str("%23"),
                c => uri.push(c),
            }
        }
        uri.push_str("?immutable=1");
        let conn = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )?;
        let raw = key.map(|k| key::RawKey::for_file(path, k)).transpose()?;
        key::unlock_with(
            &conn,
            raw.as_ref().map_or(key::Unlock::Clear, key::Unlock::Raw),
        )?;
        refuse_foreign(&conn, path, key.is_some())?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        if migrate::user_version(&conn)? != migrate::latest() {
            return Err(StoreError::ReadOnly);
        }
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            raw,
        })
    }

    /// Whether the store is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.raw.is_some()
    }

    /// Whether `key` is the passphrase the store is open with (to confirm a change of it): the
    /// key is derived from it again with the store's salt and compared with the one kept.
    pub fn opened_with(&self, key: &Passphrase) -> bool {
        self.raw.as_ref().is_some_and(|raw| raw.is_from(key))
    }

    /// A store in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        let mut store = Store {
            conn,
            path: None,
            raw: None,
        };
        migrate::migrate(&mut store)?;
        mark_as_ours(&mut store)?;
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
    set_wal(conn)?;
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    // The automatic checkpoint at each commit folds the WAL back into the store; the file
    // itself is kept to be written over (cheaper than growing it again), up to this size.
    conn.execute_batch(&format!("PRAGMA journal_size_limit = {WAL_KEPT_BYTES}"))?;
    Ok(())
}

/// The write-ahead log beside the store at `path`.
pub(crate) fn wal_path(path: &Path) -> PathBuf {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    PathBuf::from(wal)
}

/// The largest WAL file kept after a checkpoint: what a 10,000-row import writes fits in it.
pub(crate) const WAL_KEPT_BYTES: u64 = 16 * 1024 * 1024;

/// Puts a new store in WAL mode. The switch needs the file to itself and SQLite does not wait
/// for it (no busy handler): when several processes open a new store together, the others are
/// still reading it, so the switch is tried again until the busy timeout. A store already in WAL
/// mode (every store after its first opening) is left as it is.
fn set_wal(conn: &Connection) -> Result<(), StoreError> {
    let started = std::time::Instant::now();
    loop {
        // journal_mode answers with a row; in memory it stays "memory", which is fine for tests.
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if mode.eq_ignore_ascii_case("wal") {
            return Ok(());
        }
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(e) => match StoreError::from(e) {
                StoreError::Busy if started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => return Err(other),
            },
        }
    }
}

/// Why the folder of the store at `path` cannot take a write, found by writing a small file in
/// it: a full disk, or a read-only disk or folder. `None` when the write succeeds (or fails for
/// another reason), so the original error stands.
pub(crate) fn diagnose_folder(path: &Path) -> Option<StoreError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let probe = dir.join(format!(".xetkhen-probe-{}", std::process::id()));
    let written = std::fs::File::create(&probe).and_then(|mut f| {
        f.write_all(&[0u8; 64 * 1024])?;
        f.sync_all()
    });
    let _ = std::fs::remove_file(&probe);
    match written.err()?.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
            Some(StoreError::Full)
        }
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
            Some(StoreError::ReadOnly)
        }
        _ => None,
    }
}

/// Refuses a SQLite file of another program (another application id, or tables but no schema
/// version of ours), so that `--db` pointed at the wrong file never writes our tables into it.
fn refuse_foreign(conn: &Connection, path: &Path, encrypted: bool) -> Result<(), StoreError> {
    // The first read: where a wrong passphrase, or a missing one, shows.
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| match StoreError::from(e) {
            StoreError::Corrupt(_) if path.exists() => key::unreadable(path, encrypted),
            other => other,
        })?;
    let foreign = |reason: &str| StoreError::NotAStore {
        file: path.display().to_string(),
        reason: reason.into(),
    };
    if app_id != 0 && app_id != APPLICATION_ID {
        return Err(foreign("tệp thuộc một chương trình khác"));
    }
    // One statement, so one snapshot: read apart, another process creating the store could
    // commit its first migration between the two and the schema would seem to have no version.
    let (version, objects): (i64, i64) = conn.query_row(
        "SELECT (SELECT user_version FROM pragma_user_version),
                (SELECT count(*) FROM sqlite_schema)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if version == 0 && objects > 0 {
        return Err(foreign(
            "tệp có dữ liệu nhưng không có lược đồ của Xét Khen",
        ));
    }
    Ok(())
}

/// Stamps the store with our application id; stores made before it was set get it on opening.
/// The read and the write are one `IMMEDIATE` transaction: a write that follows a read in a
/// deferred one fails at once, without waiting, when another process (two windows opening a new
/// store together) wrote in between.
fn mark_as_ours(store: &mut Store) -> Result<(), StoreError> {
    let app_id = |c: &Connection| -> Result<i32, StoreError> {
        Ok(c.query_row("PRAGMA application_id", [], |r| r.get(0))?)
    };
    if app_id(&store.conn)? == APPLICATION_ID {
        return Ok(());
    }
    let tx = store.write_tx()?;
    if app_id(&tx)? != APPLICATION_ID {
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    tx.commit()?;
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
