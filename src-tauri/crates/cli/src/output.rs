//! What every command shares in printing: `--json`.

use serde::Serialize;
use xetkhen_api::{ApiError, ErrorCode};

/// The help of `--json`, on every command that has it.
pub const JSON_HELP: &str = "In kết quả dạng JSON";

pub fn print_json<T: Serialize>(v: &T) -> Result<(), ApiError> {
    let text = serde_json::to_string_pretty(v)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("Không tạo được JSON: {e}")))?;
    println!("{text}");
    Ok(())
}
