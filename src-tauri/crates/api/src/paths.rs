//! Where the store lives: `--db`, else `XETKHEN_DB`, else the platform's local data directory
//! (`$XDG_DATA_HOME/xetkhen/` on Linux, `%LOCALAPPDATA%\xetkhen\data\` on Windows,
//! `~/Library/Application Support/xetkhen/` on macOS).
//!
//! On Windows the store is kept out of the roaming profile (`%APPDATA%`), which an office may
//! redirect to a network share, where SQLite's WAL does not work. A store that an earlier version
//! made there is moved to the local folder once, at the first start that finds it (see
//! [`move_store_folder`]).

use std::path::{Path, PathBuf};

pub const DB_ENV: &str = "XETKHEN_DB";
pub const DB_FILE: &str = "xetkhen.db";

/// The store path chosen by an explicit path, the environment, or the platform convention.
pub fn store_path(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    default_store_path()
}

/// The platform's local data directory for the program, with the store file in it. Where the
/// roaming data directory differs (Windows) and still holds the store of an earlier version, that
/// folder is moved here first; while it cannot be (a window of the earlier version has the store
/// open), the store is used where it is, and moved at a later start.
pub fn default_store_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "xetkhen")?;
    let (roaming, local) = (dirs.data_dir(), dirs.data_local_dir());
    if roaming != local && move_store_folder(roaming, local).is_err() {
        return Some(roaming.join(DB_FILE));
    }
    Some(local.join(DB_FILE))
}

/// Moves the folder `old` holding a store (with its WAL, its settings and its `backups/`) to `new`,
/// when `new` holds no store yet: one rename of the whole folder, so the store and its WAL never
/// part. Across disks, the folder is first renamed aside where it is (which Windows refuses while
/// any file in it is open, so a store in use is never copied half-written), copied under a
/// temporary name beside `new`, renamed into place, and only then removed. Returns whether a store
/// was moved; an error leaves the store in `old`, whole.
pub fn move_store_folder(old: &Path, new: &Path) -> std::io::Result<bool> {
    if new.join(DB_FILE).exists() || !old.join(DB_FILE).is_file() {
        return Ok(false);
    }
    if let Some(parent) = new.parent() {
        std::fs::create_dir_all(parent)?;
    }
    // An empty folder in the way (made by an earlier start) goes; a folder with files stays and
    // the rename below fails on it.
    let _ = std::fs::remove_dir(new);
    match std::fs::rename(old, new) {
        Ok(()) => return Ok(true),
        Err(e) if !other_disk(&e) => return Err(e),
        Err(_) => {}
    }
    let mut aside = old.as_os_str().to_owned();
    aside.push(".moving");
    let aside = PathBuf::from(aside);
    std::fs::rename(old, &aside)?;
    let mut staged = new.as_os_str().to_owned();
    staged.push(format!(".partial-{}", std::process::id()));
    let staged = PathBuf::from(staged);
    let copied = copy_tree(&aside, &staged).and_then(|()| std::fs::rename(&staged, new));
    if let Err(e) = copied {
        let _ = std::fs::remove_dir_all(&staged);
        std::fs::rename(&aside, old)?;
        return Err(e);
    }
    let _ = std::fs::remove_dir_all(&aside);
    Ok(true)
}

/// Whether a rename failed only because the two places are on different disks.
fn other_disk(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::CrossesDevices
        || (cfg!(windows) && e.raw_os_error() == Some(17)) // ERROR_NOT_SAME_DEVICE
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
            std::fs::OpenOptions::new()
                .write(true)
                .open(&target)?
                .sync_all()?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn store_folder(dir: &Path) {
        std::fs::create_dir_all(dir.join("backups")).unwrap();
        std::fs::write(dir.join(DB_FILE), "kho").unwrap();
        std::fs::write(dir.join("xetkhen.db-wal"), "nhật ký").unwrap();
        std::fs::write(dir.join("backups/xetkhen-before-import-1.db"), "bản sao").unwrap();
    }

    #[test]
    fn a_store_in_the_roaming_folder_moves_once_with_its_wal_and_backups() {
        let root = tempfile::tempdir().unwrap();
        let old = root.path().join("Roaming/xetkhen/data");
        let new = root.path().join("Local/xetkhen/data");
        store_folder(&old);
        std::fs::create_dir_all(&new).unwrap();
        assert!(move_store_folder(&old, &new).unwrap());
        assert!(!old.exists());
        assert_eq!(std::fs::read_to_string(new.join(DB_FILE)).unwrap(), "kho");
        assert_eq!(
            std::fs::read_to_string(new.join("xetkhen.db-wal")).unwrap(),
            "nhật ký"
        );
        assert!(new.join("backups/xetkhen-before-import-1.db").is_file());
        // Once moved, a store made again at the old place (an older version started) stays there.
        store_folder(&old);
        assert!(!move_store_folder(&old, &new).unwrap());
        assert!(old.join(DB_FILE).exists());
    }

    #[test]
    fn nothing_moves_without_a_store_or_over_a_folder_with_files() {
        let root = tempfile::tempdir().unwrap();
        let old = root.path().join("Roaming/xetkhen/data");
        let new = root.path().join("Local/xetkhen/data");
        std::fs::create_dir_all(&old).unwrap();
        assert!(!move_store_folder(&old, &new).unwrap());
        store_folder(&old);
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(new.join("ghi-chu.txt"), "của người dùng").unwrap();
        assert!(move_store_folder(&old, &new).is_err());
        assert_eq!(std::fs::read_to_string(old.join(DB_FILE)).unwrap(), "kho");
        assert!(new.join("ghi-chu.txt").exists());
    }
}
