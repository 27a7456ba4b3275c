//! Evidence opened from the window: decrypted out of the store into a folder of this user's
//! alone inside the app's own data folder (mode 0700 on Unix), never a shared temp folder, and
//! emptied when the store is locked, when the app exits, and at the next start after a crash
//! ([`crate::Session`] does all three through [`clear_opened`]).

use crate::error::{ApiError, ErrorCode};
use std::path::{Path, PathBuf};

/// The folder of opened files, beside the store in the app's data folder.
pub fn opened_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("da-mo")
}

/// Empties the folder of opened files (and removes it). A missing folder is already empty.
pub fn clear_opened(data_dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(opened_dir(data_dir)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes `data` as the file `file_name` for the system's viewer to open, in a subfolder of
/// [`opened_dir`] named by its SHA-256 (so two files of one name do not collide). Only the last
/// path component of the name is used; a name with none is refused.
pub fn write_opened(
    data_dir: &Path,
    sha256: &str,
    file_name: &str,
    data: &[u8],
) -> Result<PathBuf, ApiError> {
    let refused = || {
        ApiError::invalid(
            "file",
            format!("Tên tệp minh chứng «{file_name}» không dùng được; không mở."),
        )
    };
    let name = Path::new(file_name).file_name().ok_or_else(refused)?;
    if sha256.is_empty() || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(refused());
    }
    let top = opened_dir(data_dir);
    let dir = top.join(sha256);
    private_dir(&top)
        .and_then(|()| private_dir(&dir))
        .map_err(|e| io_error(&dir, &e))?;
    let path = dir.join(name);
    std::fs::write(&path, data).map_err(|e| io_error(&path, &e))?;
    Ok(path)
}

/// A folder only this user may enter.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir)?;
        // A folder left by an older version, or made with another umask, is closed too.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        builder.create(dir)
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Io,
        format!("Không ghi được tệp {}: {e}", path.display()),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_opened_file_lands_in_a_private_folder_under_its_last_name_and_is_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let sha = "ab".repeat(32);
        let path = write_opened(
            dir.path(),
            &sha,
            "../../../.config/autostart/x.desktop",
            b"x",
        )
        .unwrap();
        assert_eq!(path, opened_dir(dir.path()).join(&sha).join("x.desktop"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(opened_dir(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        assert!(write_opened(dir.path(), "../x", "a.pdf", b"x").is_err());
        assert!(write_opened(dir.path(), &sha, "..", b"x").is_err());
        clear_opened(dir.path()).unwrap();
        assert!(!opened_dir(dir.path()).exists());
        clear_opened(dir.path()).unwrap();
    }
}
