//! Copies of the store: automatic snapshots before risky writes (kept with a retention limit),
//! manual backups, the check that a file is a sound Xét Khen store, and restore.
//!
//! A copy is written under a temporary name, checked (`integrity_check`, application id, schema
//! version, the expected tables), flushed to disk and only then renamed to its final name: a copy
//! that can be seen under its name is a good one, whatever happens while it is being written.

use crate::key::{RawKey, Unlock};
use crate::{migrate, Passphrase, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// `PRAGMA application_id` of a Xét Khen store ("XETK"); stores made before it was set carry 0.
pub const APPLICATION_ID: i32 = 0x5845_544B;

/// How many automatic snapshots of each kind (daily, before a restore, before a migration to a
/// given version) are kept in `backups/` at most; older ones are removed, oldest first.
pub const SNAPSHOTS_KEPT: usize = 10;

/// The automatic copies in `backups/` together take at most this many times the store's size
/// on disk: after each new copy the oldest go until they fit (the new one always stays).
pub const AUTO_COPIES_BUDGET: u64 = 2;

/// How long a daily copy stands: an import within this time of the last one takes no new copy.
pub const DAILY_HOURS: i64 = 24;

/// The time in a copy's name; fixed width, so names sort in the order they were made.
const STAMP: &str = "%Y%m%dT%H%M%S%.3fZ";

/// The tables without which a file is not a Xét Khen store.
const EXPECTED_TABLES: &[&str] = &["rounds", "nominations", "audit_log"];

/// What a checked store file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreFacts {
    pub schema_version: u32,
    pub rounds: u32,
    pub nominations: u32,
    pub size_bytes: u64,
}

/// Checks that `path` is a sound Xét Khen store this program can open: `integrity_check` passes,
/// the application id is ours (or unset, as in stores made before it was), the schema version is
/// one this program knows, and the expected tables are there.
pub fn check_store_file(path: &Path) -> Result<StoreFacts, StoreError> {
    check_store_file_with(path, None)
}

/// [`check_store_file`] for a file encrypted with `key`.
pub fn check_store_file_with(
    path: &Path,
    key: Option<&Passphrase>,
) -> Result<StoreFacts, StoreError> {
    check_keyed(path, Unlock::from(key))
}

/// [`check_store_file_with`] with the key given in any of the ways of [`Unlock`].
fn check_keyed(path: &Path, key: Unlock<'_>) -> Result<StoreFacts, StoreError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            StoreError::NotAStore {
                file: shown.clone(),
                reason: "không có tệp này".into(),
            }
        } else {
            StoreError::Io(e)
        }
    })?;
    if !meta.is_file() {
        return Err(StoreError::NotAStore {
            file: shown,
            reason: "đây không phải là một tệp".into(),
        });
    }
    let not_ours = |reason: &str| StoreError::NotAStore {
        file: shown.clone(),
        reason: reason.into(),
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| not_ours("không mở được như một cơ sở dữ liệu SQLite"))?;
    crate::key::unlock_with(&conn, key)?;
    // The first read of a file that is not SQLite (or is encrypted with another key) fails here.
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| match StoreError::from(e) {
            StoreError::Corrupt(_) => not_ours(match (key.is_encrypted(), crate::is_plain_sqlite(path)) {
                (true, true) => "tệp không được mã hoá, còn kho thì được mã hoá",
                (true, false) => {
                    "tệp không phải cơ sở dữ liệu SQLite, đã bị hỏng, hoặc được mã hoá bằng cụm mật khẩu khác"
                }
                (false, _) => {
                    "tệp không phải cơ sở dữ liệu SQLite, đã bị hỏng, hoặc đã được mã hoá"
                }
            }),
            other => other,
        })?;
    let verdict: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if verdict != ["ok"] {
        return Err(StoreError::Corrupt(format!(
            "tệp {shown} không toàn vẹn: {}",
            verdict.join("; ")
        )));
    }
    if app_id != APPLICATION_ID && app_id != 0 {
        return Err(not_ours("tệp thuộc một chương trình khác"));
    }
    let version = migrate::user_version(&conn)?;
    if version == 0 {
        return Err(not_ours("tệp không có lược đồ của Xét Khen"));
    }
    if version > migrate::latest() {
        return Err(StoreError::TooNew {
            found: version,
            supported: migrate::latest(),
        });
    }
    for table in EXPECTED_TABLES {
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        if n != 1 {
            return Err(not_ours(&format!("thiếu bảng «{table}»")));
        }
    }
    let count = |sql: &str| -> Result<u32, StoreError> {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    };
    Ok(StoreFacts {
        schema_version: version,
        rounds: count("SELECT count(*) FROM rounds")?,
        nominations: count("SELECT count(*) FROM nominations")?,
        size_bytes: meta.len(),
    })
}

impl Store {
    /// Writes a consistent copy of the store to `dest` (`VACUUM INTO` a temporary file beside
    /// it), checks the copy with [`check_store_file`], flushes it and renames it into place. An
    /// existing file is never overwritten.
    pub fn snapshot(&self, dest: &Path) -> Result<StoreFacts, StoreError> {
        let dir = match dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(d) => {
                std::fs::create_dir_all(d)?;
                d.to_path_buf()
            }
            None => PathBuf::from("."),
        };
        if dest.exists() {
            return Err(StoreError::Invalid(format!(
                "tệp {} đã có; không ghi đè bản sao",
                dest.display()
            )));
        }
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                StoreError::Invalid(format!("đường dẫn không hợp lệ: {}", dest.display()))
            })?;
        let partial = dir.join(format!(".{name}.{}.partial", std::process::id()));
        let _ = std::fs::remove_file(&partial);
        let result = self
            .copy_into(&partial)
            .and_then(|()| check_keyed(&partial, self.own_key()))
            .and_then(|facts| {
                sync_file(&partial)?;
                if dest.exists() {
                    return Err(StoreError::Invalid(format!(
                        "tệp {} đã có; không ghi đè bản sao",
                        dest.display()
                    )));
                }
                rename_retrying(&partial, dest)?;
                sync_dir(&dir);
                Ok(facts)
            });
        result.map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            match e.may_be_the_disk() {
                true => crate::diagnose_folder(dest).unwrap_or(e),
                false => e,
            }
        })
    }

    /// A checked snapshot in `backups/` beside the store, named after `kind` ("import",
    /// "restore", "v2" before migrating to schema 2 …) and the time, then the snapshots of that
    /// kind beyond [`SNAPSHOTS_KEPT`] removed, oldest first. `None` for a store in memory.
    pub fn auto_snapshot(&self, kind: &str) -> Result<Option<PathBuf>, StoreError> {
        self.snapshot_in_backups(&format!("before-{kind}"))
    }

    /// The daily copy: a checked snapshot in `backups/` unless one was made in the last
    /// [`DAILY_HOURS`] hours (`None` then, and for a store in memory). Imports take this one
    /// rather than a copy each: an import is undone by its batch (`Store::undo_import`), and a
    /// copy of the whole store costs the size of the store, not of the import.
    pub fn daily_snapshot(&self) -> Result<Option<PathBuf>, StoreError> {
        let Some(path) = self.path.as_deref() else {
            return Ok(None);
        };
        let dir = backups_dir(path);
        let prefix = format!("{}-daily-", stem(path));
        let now = chrono::Utc::now();
        let since = format!(
            "{prefix}{}",
            (now - chrono::Duration::hours(DAILY_HOURS)).format(STAMP)
        );
        // A name from the future (a clock set back since) does not count as recent.
        let until = format!("{prefix}{}~", now.format(STAMP));
        if dir.exists() {
            let recent = std::fs::read_dir(&dir)?.filter_map(Result::ok).any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with(&prefix)
                    && name.ends_with(".db")
                    && name.as_str() > since.as_str()
                    && name.as_str() < until.as_str()
            });
            if recent {
                return Ok(None);
            }
        }
        self.snapshot_in_backups("daily")
    }

    /// A checked snapshot in `backups/` named `<store>-<label>-<time>.db`, with the oldest of
    /// the same label beyond [`SNAPSHOTS_KEPT`] removed.
    pub(crate) fn named_snapshot(&self, label: &str) -> Result<Option<PathBuf>, StoreError> {
        self.snapshot_in_backups(label)
    }

    fn snapshot_in_backups(&self, label: &str) -> Result<Option<PathBuf>, StoreError> {
        self.snapshot_in_backups_keeping(label, None)
    }

    /// [`Store::snapshot_in_backups`], never pruning `keep` (the copy a restore is reading).
    fn snapshot_in_backups_keeping(
        &self,
        label: &str,
        keep: Option<&Path>,
    ) -> Result<Option<PathBuf>, StoreError> {
        let Some(path) = self.path.as_deref() else {
            return Ok(None);
        };
        let dir = backups_dir(path);
        let prefix = format!("{}-{label}-", stem(path));
        let stamp = chrono::Utc::now().format(STAMP);
        let name = |n: u32| match n {
            1 => dir.join(format!("{prefix}{stamp}.db")),
            n => dir.join(format!("{prefix}{stamp}-{n}.db")),
        };
        let mut n = 1;
        let dest = loop {
            let dest = name(n);
            n += 1;
            if dest.exists() {
                continue;
            }
            match self.snapshot(&dest) {
                // Another process took the same name while this copy was made (two windows
                // opening a store together both copy it before migrating): the next name.
                Err(StoreError::Invalid(_)) if dest.exists() && n <= 100 => continue,
                Err(e) => return Err(e),
                Ok(_) => break dest,
            }
        };
        prune(&dir, &prefix, SNAPSHOTS_KEPT)?;
        prune_to_budget(&dir, path, &dest, keep)?;
        Ok(Some(dest))
    }

    /// Replaces the store with the copy in `src`, after checking that copy and taking a snapshot
    /// of the store as it is. The copy is written beside the store under a temporary name,
    /// checked again, and renamed over the store in one step: at every moment the file at the
    /// store's path is either the old store or the restored one. Refused, with the store left as
    /// it was, when the copy is damaged, foreign or too new, or when another window or command
    /// has the store open. Returns the snapshot taken first and what the restored store holds.
    ///
    /// A copy of this store's salt (its own snapshots and backups) opens with the key the store
    /// keeps; a copy of another salt needs the passphrase, `key`, which the store does not keep.
    pub fn restore_from(
        &mut self,
        src: &Path,
        key: Option<&Passphrase>,
    ) -> Result<(PathBuf, StoreFacts), StoreError> {
        let Some(path) = self.path.clone() else {
            return Err(StoreError::Invalid(
                "kho trong bộ nhớ không khôi phục được từ tệp".into(),
            ));
        };
        let own = self.raw.clone();
        let how = match (&own, key) {
            (Some(raw), Some(k)) => match check_keyed(src, Unlock::Raw(raw)) {
                Ok(_) => Unlock::Raw(raw),
                Err(_) => Unlock::Passphrase(k),
            },
            (Some(raw), None) => Unlock::Raw(raw),
            (None, _) => Unlock::Clear,
        };
        check_keyed(src, how)?;
        if same_file(src, &path) {
            return Err(StoreError::Invalid(format!(
                "tệp {} chính là kho đang dùng",
                src.display()
            )));
        }
        // The copy restored from may itself lie in `backups/`: it is not pruned to make room.
        let safety = self
            .snapshot_in_backups_keeping("before-restore", Some(src))?
            .ok_or_else(|| StoreError::Invalid("kho không có đường dẫn".into()))?;
        let partial = partial_beside(&path, "restore");
        let _ = std::fs::remove_file(&partial);
        let staged = stage_copy_with(src, &partial, how).and_then(|()| {
            let facts = check_keyed(&partial, how)?;
            sync_file(&partial)?;
            let raw = match how {
                Unlock::Clear => None,
                Unlock::Raw(raw) => Some(raw.clone()),
                Unlock::Passphrase(k) => Some(RawKey::for_file(&partial, k)?),
            };
            Ok((facts, raw))
        });
        let (facts, raw) = match staged {
            Ok(f) => f,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
        };
        self.swap_in(&partial, &path, raw)?;
        Ok((safety, facts))
    }

    /// Restores the store at `path` from `src` when the store itself cannot be opened (damaged,
    /// or not a store at all): the copy is checked, the unreadable file (and its WAL) is moved to
    /// `backups/` rather than deleted, and the copy is staged and renamed into place. Returns the
    /// store, where the unreadable file went, and what the restored store holds.
    pub fn restore_unopenable(
        path: &Path,
        src: &Path,
        key: Option<&Passphrase>,
    ) -> Result<(Store, PathBuf, StoreFacts), StoreError> {
        check_store_file_with(src, key)?;
        if same_file(src, path) {
            return Err(StoreError::Invalid(format!(
                "tệp {} chính là kho đang dùng",
                src.display()
            )));
        }
        let partial = partial_beside(path, "restore");
        let _ = std::fs::remove_file(&partial);
        let staged = stage_copy(src, &partial, key).and_then(|()| {
            let facts = check_store_file_with(&partial, key)?;
            sync_file(&partial)?;
            Ok(facts)
        });
        let facts = match staged {
            Ok(f) => f,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
        };
        let dir = backups_dir(path);
        std::fs::create_dir_all(&dir)?;
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let aside = dir.join(format!("{}-unreadable-{stamp}.db", stem(path)));
        if path.exists() {
            rename_retrying(path, &aside)?;
        }
        for suffix in ["-wal", "-shm"] {
            let mut side = path.as_os_str().to_owned();
            side.push(suffix);
            let mut moved = aside.as_os_str().to_owned();
            moved.push(suffix);
            let _ = rename_retrying(Path::new(&side), Path::new(&moved));
        }
        rename_retrying(&partial, path)?;
        if let Some(d) = path.parent() {
            sync_dir(d);
        }
        let store = Store::open_encrypted(path, key)?;
        Ok((store, aside, facts))
    }

    /// Encrypts the store with `new` from now on (`None`: keeps it in clear), after a snapshot of
    /// it as it is (under the old passphrase). The store is exported into a new file under the
    /// new key, checked, and swapped in with one rename, as in a restore; refused while another
    /// window or command has the store open. Then the copies in `backups/` that the old
    /// passphrase opens (the snapshot just made among them) are re-encrypted under `new` too, so
    /// that no copy stays in clear once the store is encrypted, nor under a passphrase that was
    /// given up; a copy that fails is left as it was and named in the result. `old` is the
    /// passphrase the store is open with (the store keeps only the key derived from it), needed
    /// for the copies of another salt; `None` leaves those as they are.
    pub fn change_passphrase(
        &mut self,
        old: Option<&Passphrase>,
        new: Option<&Passphrase>,
    ) -> Result<Rekeyed, StoreError> {
        let Some(path) = self.path.clone() else {
            return Err(StoreError::Invalid(
                "kho trong bộ nhớ không mã hoá được".into(),
            ));
        };
        let safety = self
            .auto_snapshot("rekey")?
            .ok_or_else(|| StoreError::Invalid("kho không có đường dẫn".into()))?;
        let partial = partial_beside(&path, "rekey");
        let _ = std::fs::remove_file(&partial);
        let staged = self.export_to(&partial, new).and_then(|()| {
            check_store_file_with(&partial, new)?;
            sync_file(&partial)?;
            new.map(|k| RawKey::for_file(&partial, k)).transpose()
        });
        let new_raw = match staged {
            Ok(raw) => raw,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
        };
        let old_raw = self.raw.clone();
        self.swap_in(&partial, &path, new_raw)?;
        let (backups_reencrypted, backups_left) = rekey_backups(&path, old_raw.as_ref(), old, new);
        Ok(Rekeyed {
            safety,
            backups_reencrypted,
            backups_left,
        })
    }

    /// Replaces the store file at `path` with the checked file `partial` in one rename, then
    /// opens it with `raw`, the key derived for that file's salt. Before the rename the WAL is
    /// folded into the store and WAL mode left: SQLite allows that only to the one connection a
    /// store has, so it also proves that no other window or command has it open. A WAL left beside the store would otherwise be replayed
    /// onto the new file.
    fn swap_in(
        &mut self,
        partial: &Path,
        path: &Path,
        raw: Option<RawKey>,
    ) -> Result<(), StoreError> {
        if let Err(e) = self.leave_wal() {
            let _ = std::fs::remove_file(partial);
            let _ = configure_again(&self.conn);
            return Err(e);
        }
        // Windows renames nothing over a file that is open: the store's own connection is closed
        // first, and the store opened again afterwards, on the new file or, if the rename was
        // refused, on the old one.
        self.close_connection()?;
        if let Err(e) = rename_retrying(partial, path) {
            let _ = std::fs::remove_file(partial);
            let old = self.raw.clone();
            *self = Store::open_keyed(path, OpenFlags::default(), old)?;
            return Err(match sharing_violation(&e) {
                true => StoreError::InUse,
                false => e.into(),
            });
        }
        if let Some(dir) = path.parent() {
            sync_dir(dir);
        }
        *self = Store::open_keyed(path, OpenFlags::default(), raw)?;
        Ok(())
    }

    /// Closes the store's connection, leaving in its place one to an empty database in memory
    /// that answers every query about the store with an error ("no such table"), until the store
    /// is opened again.
    fn close_connection(&mut self) -> Result<(), StoreError> {
        let placeholder = Connection::open_in_memory()?;
        placeholder.execute_batch("PRAGMA query_only = 1")?;
        let conn = std::mem::replace(&mut self.conn, placeholder);
        conn.close().map_err(|(conn, e)| {
            self.conn = conn;
            StoreError::from(e)
        })
    }

    /// A copy of the store under another key (`sqlcipher_export`), with its schema version and
    /// application id, which the export does not carry.
    fn export_to(&self, dest: &Path, key: Option<&Passphrase>) -> Result<(), StoreError> {
        export_database(&self.conn, dest, key)
    }

    /// How the store's own copies are opened: with its raw key (they keep its salt).
    fn own_key(&self) -> Unlock<'_> {
        self.raw.as_ref().map_or(Unlock::Clear, Unlock::Raw)
    }

    fn copy_into(&self, dest: &Path) -> Result<(), StoreError> {
        let dest_text = dest.to_str().ok_or_else(|| {
            StoreError::Invalid(format!("đường dẫn không hợp lệ: {}", dest.display()))
        })?;
        self.conn.execute("VACUUM INTO ?1", [dest_text])?;
        Ok(())
    }

    fn leave_wal(&self) -> Result<(), StoreError> {
        let busy = || StoreError::InUse;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|_| busy())
            .and_then(|blocked| if blocked == 0 { Ok(()) } else { Err(busy()) })?;
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .map_err(|_| busy())?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(busy());
        }
        Ok(())
    }
}

/// The database of `conn` copied to `dest` under `key` (`sqlcipher_export`), with its schema
/// version and application id, which the export does not carry.
fn export_database(
    conn: &Connection,
    dest: &Path,
    key: Option<&Passphrase>,
) -> Result<(), StoreError> {
    let dest_text = dest.to_str().ok_or_else(|| {
        StoreError::Invalid(format!("đường dẫn không hợp lệ: {}", dest.display()))
    })?;
    let key_text = key.map_or("", |k| k.text());
    conn.execute(
        "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
        [dest_text, key_text],
    )?;
    let exported = (|| -> Result<(), StoreError> {
        conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
        let version = migrate::user_version(conn)?;
        conn.execute_batch(&format!(
            "PRAGMA rekeyed.user_version = {version}; PRAGMA rekeyed.application_id = {APPLICATION_ID};"
        ))?;
        Ok(())
    })();
    let detached = conn.execute("DETACH DATABASE rekeyed", []);
    exported?;
    detached?;
    Ok(())
}

/// What a change of passphrase did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rekeyed {
    /// The snapshot of the store made first (re-encrypted with the rest once the change is made).
    pub safety: PathBuf,
    /// Copies in `backups/` re-encrypted under the new passphrase.
    pub backups_reencrypted: usize,
    /// Copies the old passphrase did not open (made under an even older one, or damaged), left
    /// as they were.
    pub backups_left: Vec<PathBuf>,
}

/// Re-encrypts under `new` each copy of the store in its `backups/` that opens under the old key
/// (its raw key for copies of the same salt, else the passphrase): exported beside it, checked,
/// and renamed over it. Returns how many were, and the copies left as they were.
fn rekey_backups(
    store: &Path,
    old_raw: Option<&RawKey>,
    old: Option<&Passphrase>,
    new: Option<&Passphrase>,
) -> (usize, Vec<PathBuf>) {
    let dir = backups_dir(store);
    let ours = format!("{}-", stem(store));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return (0, Vec::new());
    };
    let mut copies: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&ours) && name.ends_with(".db")
        })
        .map(|e| e.path())
        .collect();
    copies.sort();
    let mut done = 0;
    let mut left = Vec::new();
    for copy in copies {
        match rekey_copy(&copy, old_raw, old, new) {
            Ok(()) => done += 1,
            Err(_) => left.push(copy),
        }
    }
    sync_dir(&dir);
    (done, left)
}

fn rekey_copy(
    copy: &Path,
    old_raw: Option<&RawKey>,
    old: Option<&Passphrase>,
    new: Option<&Passphrase>,
) -> Result<(), StoreError> {
    let opened = |how: Unlock<'_>| -> Result<Connection, StoreError> {
        let conn = Connection::open(copy)?;
        crate::key::unlock_with(&conn, how)?;
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(conn)
    };
    let conn = match old_raw.map(|raw| opened(Unlock::Raw(raw))) {
        Some(Ok(c)) => c,
        _ => opened(Unlock::from(old))?,
    };
    let partial = partial_beside(copy, "rekey");
    let _ = std::fs::remove_file(&partial);
    let result = export_database(&conn, &partial, new)
        .and_then(|()| check_store_file_with(&partial, new).map(|_| ()))
        .and_then(|()| Ok(sync_file(&partial)?))
        .and_then(|()| {
            drop(conn);
            Ok(rename_retrying(&partial, copy)?)
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Back to WAL after a restore that was given up before the store was replaced.
fn configure_again(conn: &Connection) -> Result<(), StoreError> {
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    Ok(())
}

/// A self-contained copy of the store file `src` (its WAL folded in) at `dest`.
fn stage_copy(src: &Path, dest: &Path, key: Option<&Passphrase>) -> Result<(), StoreError> {
    stage_copy_with(src, dest, Unlock::from(key))
}

/// [`stage_copy`] with the key given in any of the ways of [`Unlock`].
fn stage_copy_with(src: &Path, dest: &Path, how: Unlock<'_>) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(
        src,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    crate::key::unlock_with(&conn, how)?;
    let dest_text = dest.to_str().ok_or_else(|| {
        StoreError::Invalid(format!("đường dẫn không hợp lệ: {}", dest.display()))
    })?;
    conn.execute("VACUUM INTO ?1", [dest_text])?;
    Ok(())
}

/// A temporary name beside the store for a file about to replace it.
fn partial_beside(path: &Path, what: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "xetkhen.db".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{what}.{}.partial", std::process::id()))
}

pub(crate) fn backups_dir(store: &Path) -> PathBuf {
    store
        .parent()
        .map(|p| p.join("backups"))
        .unwrap_or_else(|| "backups".into())
}

fn stem(store: &Path) -> String {
    store
        .file_stem()
        .map_or_else(|| "xetkhen".into(), |s| s.to_string_lossy().into_owned())
}

/// A copy still under its temporary name after this long was left by a process that died.
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Keeps the newest `keep` snapshots whose names start with `prefix` (names end with the time,
/// so their order is the order they were made in) and removes the rest, with any copy a crashed
/// process left half-written.
fn prune(dir: &Path, prefix: &str, keep: usize) -> Result<(), StoreError> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
    for e in &entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let stale = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_PARTIAL);
        if name.starts_with('.') && name.ends_with(".partial") && stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let mut names: Vec<String> = entries
        .iter()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".db"))
        .collect();
    names.sort();
    let excess = names.len().saturating_sub(keep);
    for name in &names[..excess] {
        std::fs::remove_file(dir.join(name))?;
    }
    Ok(())
}

/// Removes the oldest automatic copies of `store` (daily, before a restore, a migration or a
/// change of passphrase, after an erasure) until they take at most [`AUTO_COPIES_BUDGET`] times
/// the store's size; `newest`, just made, always stays, and so does `keep`. Backups the user asked for are written
/// where the user chose, and a damaged store moved aside is never removed here.
fn prune_to_budget(
    dir: &Path,
    store: &Path,
    newest: &Path,
    keep: Option<&Path>,
) -> Result<(), StoreError> {
    // The store on disk is its file and its write-ahead log.
    let mut wal = store.as_os_str().to_owned();
    wal.push("-wal");
    let size = std::fs::metadata(store)?.len()
        + std::fs::metadata(PathBuf::from(wal)).map_or(0, |m| m.len());
    let budget = size.saturating_mul(AUTO_COPIES_BUDGET);
    let s = stem(store);
    let automatic = [
        format!("{s}-before-"),
        format!("{s}-daily-"),
        format!("{s}-after-"),
    ];
    let mut copies: Vec<(std::time::SystemTime, String, PathBuf, u64)> = Vec::new();
    for e in std::fs::read_dir(dir)?.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".db") || !automatic.iter().any(|p| name.starts_with(p.as_str())) {
            continue;
        }
        let Ok(meta) = e.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let when = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
        copies.push((when, name, e.path(), meta.len()));
    }
    // Newest first; the copy just made before all.
    copies.sort_by(|a, b| {
        same_file(&b.2, newest)
            .cmp(&same_file(&a.2, newest))
            .then(b.0.cmp(&a.0))
            .then(b.1.cmp(&a.1))
    });
    let mut total = 0u64;
    let mut removed = false;
    for (i, (_, _, path, len)) in copies.iter().enumerate() {
        let kept = keep.is_some_and(|k| same_file(k, path));
        if i == 0 || kept || total.saturating_add(*len) <= budget {
            total = total.saturating_add(*len);
            continue;
        }
        std::fs::remove_file(path)?;
        removed = true;
    }
    if removed {
        sync_dir(dir);
    }
    Ok(())
}

/// Removes every copy of the store in its `backups/` folder (automatic snapshots, copies made
/// before a restore or a change of passphrase, files moved aside) and any half-written one, for
/// an erasure: they all hold the data erased. Returns what was removed.
pub(crate) fn remove_backup_copies(store: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let dir = backups_dir(store);
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let ours = format!("{}-", stem(store));
    let hidden = format!(".{ours}");
    let mut removed = Vec::new();
    for e in std::fs::read_dir(&dir)?.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let is_copy =
            name.starts_with(&ours) || (name.starts_with(&hidden) && name.ends_with(".partial"));
        if is_copy && e.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(e.path())?;
            removed.push(e.path());
        }
    }
    removed.sort();
    sync_dir(&dir);
    Ok(removed)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Makes a rename in `dir` durable. Best effort: not every platform can open a folder.
#[cfg(not(windows))]
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Windows flushes no folder (a folder opens only with backup semantics, and FlushFileBuffers
/// refuses it); NTFS journals the rename itself.
#[cfg(windows)]
fn sync_dir(_dir: &Path) {}

/// Flushes the file at `path` to the disk. It is opened for writing (nothing is written):
/// Windows' FlushFileBuffers refuses a handle opened for reading only ("Access is denied").
pub(crate) fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
}

/// How often, and after how long, a rename refused because another program has one of the files
/// open is tried again: on Windows a virus scanner or an indexer often opens a file just written,
/// for a moment.
const RENAME_TRIES: u32 = 10;
const RENAME_PAUSE: std::time::Duration = std::time::Duration::from_millis(100);

/// `std::fs::rename`, tried again for about a second while Windows answers that another program
/// has the file open; any other failure is returned at once.
pub(crate) fn rename_retrying(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut tries = 1;
    loop {
        match std::fs::rename(from, to) {
            Err(e) if sharing_violation(&e) && tries < RENAME_TRIES => {
                tries += 1;
                std::thread::sleep(RENAME_PAUSE);
            }
            done => return done,
        }
    }
}

/// Whether Windows refused a file operation because another handle has the file open
/// (ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION). Never elsewhere:
/// Unix renames over open files.
fn sharing_violation(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use xetkhen_core::{Round, RoundKind, Rubric};

    fn round(id: &str, name: &str) -> Round {
        Round::open(id, name, RoundKind::TongKet, chrono::Utc::now())
    }

    fn store_with(dir: &Path, rounds: &[(&str, &str)]) -> Store {
        let mut s = Store::open(&dir.join("xetkhen.db")).unwrap();
        for (id, name) in rounds {
            s.create_round("Thư ký", &round(id, name), &Rubric::plan_2242())
                .unwrap();
        }
        s
    }

    fn round_names(s: &Store) -> Vec<String> {
        s.rounds()
            .unwrap()
            .into_iter()
            .map(|r| r.round.name)
            .collect()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// Overwrites part of the second page, where the schema's first table lives.
    fn damage(path: &Path) {
        let mut bytes = std::fs::read(path).unwrap();
        let page = 4096;
        assert!(bytes.len() > 3 * page, "a store of several pages");
        for b in &mut bytes[page + 8..page + 400] {
            *b = 0x5A;
        }
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn a_snapshot_is_checked_and_appears_only_whole() {
        let dir = tempfile::tempdir().unwrap();
        let s = store_with(dir.path(), &[("r1", "Sơ kết 2023")]);
        let dest = dir.path().join("copies/sao-luu.db");
        let facts = s.snapshot(&dest).unwrap();
        assert_eq!(facts.rounds, 1);
        assert_eq!(facts.schema_version, migrate::latest());
        assert_eq!(listing(&dir.path().join("copies")), ["sao-luu.db"]);
        assert_eq!(check_store_file(&dest).unwrap(), facts);
        let again = s.snapshot(&dest).unwrap_err();
        assert!(again.to_string().contains("không ghi đè"), "{again}");
    }

    #[test]
    fn files_that_are_not_a_sound_store_of_ours_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let s = store_with(dir.path(), &[("r1", "Sơ kết 2023")]);

        let text = dir.path().join("ghi-chu.db");
        std::fs::write(
            &text,
            "Danh sách đề nghị khen thưởng, không phải kho dữ liệu".repeat(200),
        )
        .unwrap();
        let e = check_store_file(&text).unwrap_err();
        assert!(matches!(e, StoreError::NotAStore { .. }), "{e}");
        assert!(
            e.to_string().contains("không phải là kho dữ liệu Xét Khen"),
            "{e}"
        );

        let other = dir.path().join("khac.db");
        let c = Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE contacts (name TEXT); PRAGMA application_id = 1234; PRAGMA user_version = 1;")
            .unwrap();
        drop(c);
        let e = check_store_file(&other).unwrap_err();
        assert!(e.to_string().contains("chương trình khác"), "{e}");

        let bare = dir.path().join("trong.db");
        let c = Connection::open(&bare).unwrap();
        c.execute_batch("CREATE TABLE rounds (id TEXT); PRAGMA user_version = 1;")
            .unwrap();
        drop(c);
        let e = check_store_file(&bare).unwrap_err();
        assert!(e.to_string().contains("thiếu bảng «nominations»"), "{e}");

        let newer = dir.path().join("moi.db");
        s.snapshot(&newer).unwrap();
        let c = Connection::open(&newer).unwrap();
        c.pragma_update(None, "user_version", migrate::latest() + 1)
            .unwrap();
        drop(c);
        assert!(matches!(
            check_store_file(&newer).unwrap_err(),
            StoreError::TooNew { .. }
        ));

        let broken = dir.path().join("hong.db");
        s.snapshot(&broken).unwrap();
        damage(&broken);
        let e = check_store_file(&broken).unwrap_err();
        assert!(
            matches!(e, StoreError::Corrupt(_) | StoreError::NotAStore { .. }),
            "{e}"
        );

        let missing = check_store_file(&dir.path().join("khong-co.db")).unwrap_err();
        assert!(
            missing.to_string().contains("không có tệp này"),
            "{missing}"
        );
    }

    #[test]
    fn automatic_snapshots_take_at_most_twice_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let s = store_with(dir.path(), &[("r1", "Tổng kết 2025")]);
        let restore = s.auto_snapshot("restore").unwrap().unwrap();
        let mut made = Vec::new();
        for v in 0..6 {
            made.push(s.auto_snapshot(&format!("v{v}")).unwrap().unwrap());
        }
        let backups = dir.path().join("backups");
        let total: u64 = listing(&backups)
            .iter()
            .map(|n| std::fs::metadata(backups.join(n)).unwrap().len())
            .sum();
        // The store on disk: its file and its write-ahead log.
        let size = std::fs::metadata(dir.path().join("xetkhen.db"))
            .unwrap()
            .len()
            + std::fs::metadata(dir.path().join("xetkhen.db-wal")).map_or(0, |m| m.len());
        assert!(
            total <= AUTO_COPIES_BUDGET * size,
            "{total} bytes of copies for a store of {size}: {:?}",
            listing(&backups)
        );
        let newest = made.last().unwrap();
        assert!(newest.exists(), "the copy just made stays");
        assert!(!restore.exists(), "the oldest go first");
        assert!(!made[0].exists(), "the oldest go first");
        assert!(listing(&backups).iter().all(|n| !n.contains("partial")));
    }

    #[test]
    fn a_daily_copy_is_taken_once_a_day() {
        let dir = tempfile::tempdir().unwrap();
        let s = store_with(dir.path(), &[("r1", "Tổng kết 2025")]);
        let first = s.daily_snapshot().unwrap();
        assert!(first.as_ref().is_some_and(|p| p.exists()), "{first:?}");
        assert_eq!(s.daily_snapshot().unwrap(), None, "not twice in a day");
        // A copy made more than a day ago (its name says when) does not stand for today.
        let backups = dir.path().join("backups");
        let old = (chrono::Utc::now() - chrono::Duration::hours(DAILY_HOURS + 1)).format(STAMP);
        std::fs::rename(
            first.unwrap(),
            backups.join(format!("xetkhen-daily-{old}.db")),
        )
        .unwrap();
        assert!(
            s.daily_snapshot().unwrap().is_some(),
            "a new day, a new copy"
        );
    }

    #[test]
    fn restore_replaces_the_store_after_copying_it_aside() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store_with(dir.path(), &[("r1", "Sơ kết 2023")]);
        let backup = dir.path().join("sao-luu.db");
        s.snapshot(&backup).unwrap();
        s.create_round(
            "Thư ký",
            &round("r2", "Tổng kết 2025"),
            &Rubric::plan_2242(),
        )
        .unwrap();
        let (safety, facts) = s.restore_from(&backup, None).unwrap();
        assert_eq!(facts.rounds, 1);
        assert_eq!(round_names(&s), ["Sơ kết 2023"]);
        assert_eq!(
            check_store_file(&safety).unwrap().rounds,
            2,
            "the store as it was"
        );
        assert!(s.audit_verify().unwrap().broken.is_none());
        // Writing goes on in the restored store, which is back in WAL mode.
        s.create_round(
            "Thư ký",
            &round("r3", "Hằng năm 2024"),
            &Rubric::plan_2242(),
        )
        .unwrap();
        let mode: String = s
            .raw_connection_for_tests()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(s);
        let s = Store::open(&dir.path().join("xetkhen.db")).unwrap();
        assert_eq!(round_names(&s).len(), 2);
        assert!(listing(dir.path()).iter().all(|n| !n.contains("partial")));
    }

    #[test]
    fn restore_refuses_a_damaged_or_foreign_file_and_keeps_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store_with(
            dir.path(),
            &[("r1", "Sơ kết 2023"), ("r2", "Tổng kết 2025")],
        );
        let broken = dir.path().join("hong.db");
        s.snapshot(&broken).unwrap();
        damage(&broken);
        let text = dir.path().join("ghi-chu.txt");
        std::fs::write(&text, "không phải kho").unwrap();
        let before = std::fs::read(dir.path().join("xetkhen.db")).unwrap();
        for bad in [&broken, &text] {
            assert!(s.restore_from(bad, None).is_err(), "{}", bad.display());
            assert_eq!(round_names(&s).len(), 2);
        }
        assert!(
            std::fs::read(dir.path().join("xetkhen.db")).unwrap() == before,
            "the store file is unchanged"
        );
        assert!(
            !dir.path().join("backups").exists(),
            "nothing copied for a refused file"
        );
    }

    #[test]
    fn restore_is_refused_while_another_connection_has_the_store_open() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store_with(dir.path(), &[("r1", "Sơ kết 2023")]);
        let backup = dir.path().join("sao-luu.db");
        s.snapshot(&backup).unwrap();
        s.create_round(
            "Thư ký",
            &round("r2", "Tổng kết 2025"),
            &Rubric::plan_2242(),
        )
        .unwrap();
        let other = Store::open(&dir.path().join("xetkhen.db")).unwrap();
        let e = s.restore_from(&backup, None).unwrap_err();
        assert!(matches!(e, StoreError::InUse), "{e}");
        assert_eq!(round_names(&s).len(), 2);
        assert_eq!(round_names(&other).len(), 2);
        drop(other);
        s.create_round(
            "Thư ký",
            &round("r3", "Hằng năm 2024"),
            &Rubric::plan_2242(),
        )
        .unwrap();
        s.restore_from(&backup, None).unwrap();
        assert_eq!(round_names(&s), ["Sơ kết 2023"]);
    }

    #[test]
    fn opening_a_database_of_another_program_writes_nothing_into_it() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("danh-ba.db");
        let c = Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE contacts (name TEXT);")
            .unwrap();
        drop(c);
        let before = std::fs::read(&other).unwrap();
        let e = Store::open(&other).unwrap_err();
        assert!(matches!(e, StoreError::NotAStore { .. }), "{e}");
        assert!(
            std::fs::read(&other).unwrap() == before,
            "the file is unchanged"
        );
    }

    #[test]
    fn a_new_store_carries_the_application_id() {
        let dir = tempfile::tempdir().unwrap();
        let s = store_with(dir.path(), &[]);
        let id: i32 = s
            .raw_connection_for_tests()
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
    }
}
