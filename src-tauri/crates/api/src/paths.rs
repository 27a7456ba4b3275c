//! Where the store lives: `--db`, else `XETKHEN_DB`, else the platform's data directory
//! (`$XDG_DATA_HOME/xetkhen/` on Linux, `%APPDATA%\xetkhen\data\` on Windows,
//! `~/Library/Application Support/xetkhen/` on macOS).

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

/// The platform's data directory for the program, with the store file in it.
pub fn default_store_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "xetkhen").map(|d| d.data_dir().join(DB_FILE))
}
