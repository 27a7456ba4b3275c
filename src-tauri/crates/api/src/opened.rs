//! Evidence opened in the system's viewer: the decrypted copy goes into a folder of this user's
//! alone inside the app's own data folder (beside the store, mode 0700 on Unix), never into a
//! shared temporary folder, and the folder is emptied when the store is locked, when the app
//! exits, at the next start after a crash ([`crate::Session`] does these three) and when a round is
//! erased.
//!
//! The name written is checked again (`core::attachment`: last path component only, characters
//! both Windows and Linux allow, an allowed extension whose magic bytes match), whatever the store
//! holds: a name from a store written by an older version, or edited behind the program's back,
//! never leaves the folder and never names an executable kind. Nothing here launches anything.

use crate::desk::Desk;
use crate::error::{ApiError, ErrorCode};
use std::path::{Path, PathBuf};
use xetkhen_core::attachment::check_attachment;

/// The folder's name, inside the app's data folder (beside the store file).
pub const OPENED_DIR: &str = "minh-chung-dang-mo";

/// The folder of opened files in the data folder `data_dir`.
pub fn opened_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(OPENED_DIR)
}

/// The data folder of the store at `store_path`: the folder it is in.
fn data_dir_of(store_path: &Path) -> &Path {
    store_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The folder that holds the evidence opened from the store at `store_path`.
pub fn opened_evidence_dir(store_path: &Path) -> PathBuf {
    opened_dir(data_dir_of(store_path))
}

/// Empties the folder of opened files in `data_dir` (removes it whole). A folder that is not
/// there is already empty.
pub fn clear_opened(data_dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(opened_dir(data_dir)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// [`clear_opened`] for the store at `store_path`, with the user's message on failure.
pub fn clear_opened_evidence(store_path: &Path) -> Result<(), ApiError> {
    clear_opened(data_dir_of(store_path)).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!(
                "Không xoá được thư mục minh chứng đã mở {}: {e}.",
                opened_evidence_dir(store_path).display()
            ),
        )
    })
}

/// Writes `data` as the file `file_name` (declared `media_type`) for the system's viewer to open,
/// in a subfolder of [`opened_dir`] named by its SHA-256, so two files of one name do not
/// collide. The name is checked as an attachment's is when it is attached.
pub fn write_opened(
    data_dir: &Path,
    sha256: &str,
    file_name: &str,
    media_type: Option<&str>,
    data: &[u8],
) -> Result<PathBuf, ApiError> {
    if sha256.is_empty() || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::invalid(
            "file",
            format!("Tệp minh chứng «{file_name}» không có mã SHA-256 hợp lệ; không mở."),
        ));
    }
    let (name, _) = check_attachment(file_name, media_type, data)
        .map_err(|e| ApiError::invalid("file", e.to_string()))?;
    let top = opened_dir(data_dir);
    let dir = top.join(sha256);
    private_dir(&top)
        .and_then(|()| private_dir(&dir))
        .map_err(|e| io_error(&dir, &e))?;
    let path = dir.join(name);
    crate::fs::write_whole(&path, data)?;
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

impl Desk {
    /// Writes an evidence file of a nomination where the system's viewer may open it, and gives
    /// its path: `<data dir>/minh-chung-dang-mo/<sha256>/<name>`, both folders mode 0700. The
    /// caller opens it with the viewer for its media type.
    pub fn write_evidence_to_open(
        &self,
        nomination: &str,
        sha256: &str,
    ) -> Result<PathBuf, ApiError> {
        let (a, data) = self.evidence(nomination, sha256)?;
        let store = self.store_path().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Internal,
                "Kho trong bộ nhớ không có thư mục dữ liệu.",
            )
        })?;
        write_opened(
            data_dir_of(store),
            &a.sha256,
            &a.file_name,
            Some(a.media_type.as_str()),
            &data,
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PDF: &[u8] =
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";

    #[test]
    fn an_opened_file_lands_in_a_private_folder_under_its_last_name_and_is_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let sha = "ab".repeat(32);
        let path = write_opened(
            dir.path(),
            &sha,
            "../../../Documents/bao-cao.pdf",
            Some("application/pdf"),
            PDF,
        )
        .unwrap();
        assert_eq!(path, opened_dir(dir.path()).join(&sha).join("bao-cao.pdf"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(opened_dir(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        clear_opened(dir.path()).unwrap();
        assert!(!opened_dir(dir.path()).exists());
        clear_opened(dir.path()).unwrap();
    }

    #[test]
    fn a_name_that_climbs_into_autostart_or_a_hash_that_climbs_out_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let sha = "ab".repeat(32);
        assert!(write_opened(
            dir.path(),
            &sha,
            "../../../.config/autostart/x.desktop",
            None,
            b"[Desktop Entry]\nExec=sh\n",
        )
        .is_err());
        assert!(write_opened(dir.path(), "../x", "a.pdf", Some("application/pdf"), PDF).is_err());
        assert!(write_opened(dir.path(), &sha, "..", None, PDF).is_err());
        assert!(!opened_dir(dir.path()).join(&sha).exists());
    }
}
