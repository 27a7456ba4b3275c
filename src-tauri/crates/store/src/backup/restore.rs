//! Replacing the store whole: restore from a copy (of an open store, or of one that cannot be
//! opened) and a change of passphrase, each staged beside the store, checked, and renamed over
//! it in one step; and the copies in `backups/` re-encrypted after a change of passphrase.

use super::files::{
    backups_dir, partial_beside, rename_retrying, same_file, sharing_violation, stem, sync_dir,
    sync_file,
};
use super::{check_keyed, check_store_file_with, StoreFacts, APPLICATION_ID};
use crate::key::{RawKey, Unlock};
use crate::{migrate, Passphrase, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

impl Store {
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
pub(super) fn export_database(
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
pub(super) fn rekey_backups(
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

pub(super) fn rekey_copy(
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
pub(super) fn configure_again(conn: &Connection) -> Result<(), StoreError> {
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    Ok(())
}

/// A self-contained copy of the store file `src` (its WAL folded in) at `dest`.
pub(super) fn stage_copy(
    src: &Path,
    dest: &Path,
    key: Option<&Passphrase>,
) -> Result<(), StoreError> {
    stage_copy_with(src, dest, Unlock::from(key))
}

/// [`stage_copy`] with the key given in any of the ways of [`Unlock`].
pub(super) fn stage_copy_with(src: &Path, dest: &Path, how: Unlock<'_>) -> Result<(), StoreError> {
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
