//! What every command shares in printing: `--json` and the reading of files named on the line.

use serde::Serialize;
use std::path::Path;
use xetkhen_api::{ApiError, ErrorCode};

/// The help of `--json`, on every command that has it.
pub const JSON_HELP: &str = "In kết quả dạng JSON";

pub fn print_json<T: Serialize>(v: &T) -> Result<(), ApiError> {
    let text = serde_json::to_string_pretty(v)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Không tạo được JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// A file named on the command line, read whole; the refusal names it.
pub fn read(path: &Path) -> Result<Vec<u8>, ApiError> {
    std::fs::read(path).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("Không đọc được tệp {}: {e}.", path.display()),
        )
    })
}
