//! Files at the bottom of every operation: reads bounded in size, and writes that replace a file
//! whole or not at all (Windows' sharing violation told apart).

use crate::error::{ApiError, ErrorCode};
use std::path::Path;

pub(crate) fn read_bounded(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, ApiError> {
    let name = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("Không mở được tệp {name}: {e}.")))?;
    if meta.len() > limit {
        return Err(ApiError::invalid(
            "file",
            format!(
                "Tệp {name} lớn {} MB, quá giới hạn {} MB của {what}.",
                meta.len() / (1024 * 1024),
                limit / (1024 * 1024)
            ),
        ));
    }
    std::fs::read(path)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("Không đọc được tệp {name}: {e}.")))
}

/// Writes a file whole or not at all: a temporary file beside it, flushed, then renamed.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    use std::io::Write;
    let io = |e: std::io::Error| write_error(path, &e);
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// Why `path` could not be written, in words a user can act on. Windows refuses to replace a file
/// another program holds open (a PDF in a viewer, a workbook in Excel): that is said as such.
fn write_error(path: &Path, e: &std::io::Error) -> ApiError {
    // ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION, on a file that exists.
    let held_open = cfg!(windows) && path.exists() && matches!(e.raw_os_error(), Some(5 | 32 | 33));
    let message = if held_open {
        format!(
            "Không ghi đè được tệp {}: tệp đang mở trong một chương trình khác (chẳng hạn trình xem \
             PDF hay Excel). Hãy đóng tệp đó rồi lưu lại, hoặc lưu với tên khác. ({e})",
            path.display()
        )
    } else {
        format!("Không ghi được tệp {}: {e}.", path.display())
    };
    ApiError::new(ErrorCode::Io, message)
}
