//! Evidence opened in the system's viewer: the decrypted copy goes into a folder of this user's
//! alone inside the app's own data directory (beside the store, mode 0700 on unix), never into a
//! shared temporary folder, and the folder is emptied on lock, on exit and on erasure.
//!
//! The name written is checked again (`core::attachment`), whatever the store holds: a name from a
//! store written by an older version, or edited behind the program's back, never leaves the
//! folder and never names an executable kind.

use crate::desk::Desk;
use crate::error::{ApiError, ErrorCode};
use std::path::{Path, PathBuf};
use xetkhen_core::attachment::check_attachment;

/// The folder name, beside the store file.
pub const OPENED_DIR: &str = "minh-chung-dang-mo";

/// The folder that holds the evidence opened from the store at `store_path`.
pub fn opened_evidence_dir(store_path: &Path) -> PathBuf {
    store_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(OPENED_DIR)
}

/// Empties the folder of opened evidence of the store at `store_path` (removes it whole). The
/// shell calls this when the app locks and when it exits; erasing a round calls it too. A folder
/// that is not there is already empty.
pub fn clear_opened_evidence(store_path: &Path) -> Result<(), ApiError> {
    let dir = opened_evidence_dir(store_path);
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ApiError::new(
            ErrorCode::Io,
            format!(
                "Không xoá được thư mục minh chứng đã mở {}: {e}.",
                dir.display()
            ),
        )),
    }
}

fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

impl Desk {
    /// Writes an evidence file of a nomination where the system's viewer may open it, and gives
    /// its path: `<data dir>/minh-chung-dang-mo/<hash>/<name>`, both folders mode 0700. The
    /// caller opens it with the viewer for its media type; nothing here launches anything.
    pub fn write_evidence_to_open(
        &self,
        nomination: &str,
        sha256: &str,
    ) -> Result<PathBuf, ApiError> {
        let (a, data) = self.evidence(nomination, sha256)?;
        let (name, _) = check_attachment(&a.file_name, Some(a.media_type.as_str()), &data)
            .map_err(|e| ApiError::invalid("file", e.to_string()))?;
        let store = self.store_path().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Internal,
                "Kho trong bộ nhớ không có thư mục dữ liệu.",
            )
        })?;
        let root = opened_evidence_dir(store);
        let dir = root.join(a.sha256.get(..16).unwrap_or(a.sha256.as_str()));
        let path = dir.join(&name);
        let io = |e: std::io::Error| {
            ApiError::new(
                ErrorCode::Io,
                format!("Không ghi được tệp {}: {e}.", path.display()),
            )
        };
        private_dir(&root).map_err(io)?;
        private_dir(&dir).map_err(io)?;
        crate::packets::write_whole(&path, &data)?;
        Ok(path)
    }
}
