//! Copies of the store: automatic snapshots before risky writes (kept with a retention limit),
//! manual backups, the check that a file is a sound Xét Khen store, and restore.
//!
//! A copy is written under a temporary name, checked (`integrity_check`, application id, schema
//! version, the expected tables), flushed to disk and only then renamed to its final name: a copy
//! that can be seen under its name is a good one, whatever happens while it is being written.
//!
//! Here: the check of a store file and the snapshots; `restore.rs`: restore and change of
//! passphrase; `files.rs`: the `backups/` folder, pruning, flushes and renames.

mod files;
mod restore;
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;

pub(crate) use files::{backups_dir, remove_backup_copies, rename_retrying, sync_file};
use files::{prune, prune_to_budget, stem, sync_dir};
pub use restore::Rekeyed;

use crate::key::Unlock;
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
pub(super) fn check_keyed(path: &Path, key: Unlock<'_>) -> Result<StoreFacts, StoreError> {
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
}
