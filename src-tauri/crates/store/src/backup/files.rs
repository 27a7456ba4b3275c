//! The files around the store's copies: temporary names beside the store, the `backups/` folder
//! and its pruning (by count and by the size budget), removal for an erasure, and the flushes
//! and renames that make a copy appear whole or not at all (Windows' sharing violations retried).

use super::AUTO_COPIES_BUDGET;
use crate::StoreError;
use std::path::{Path, PathBuf};

/// A temporary name beside the store for a file about to replace it.
pub(super) fn partial_beside(path: &Path, what: &str) -> PathBuf {
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

pub(super) fn stem(store: &Path) -> String {
    store
        .file_stem()
        .map_or_else(|| "xetkhen".into(), |s| s.to_string_lossy().into_owned())
}

/// A copy still under its temporary name after this long was left by a process that died.
pub(super) const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(3600);

/// Keeps the newest `keep` snapshots whose names start with `prefix` (names end with the time,
/// so their order is the order they were made in) and removes the rest, with any copy a crashed
/// process left half-written.
pub(super) fn prune(dir: &Path, prefix: &str, keep: usize) -> Result<(), StoreError> {
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
pub(super) fn prune_to_budget(
    dir: &Path,
    store: &Path,
    newest: &Path,
    keep: Option<&Path>,
) -> Result<(), StoreError> {
    // The store on disk is its file and its write-ahead log.
    let size = std::fs::metadata(store)?.len()
        + std::fs::metadata(crate::wal_path(store)).map_or(0, |m| m.len());
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

pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Makes a rename in `dir` durable. Best effort: not every platform can open a folder.
#[cfg(not(windows))]
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Windows flushes no folder (a folder opens only with backup semantics, and FlushFileBuffers
/// refuses it); NTFS journals the rename itself.
#[cfg(windows)]
pub(super) fn sync_dir(_dir: &Path) {}

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
pub(super) fn sharing_violation(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33))
}
