//! Opening the store: where it is, who writes to it, and its passphrase.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use xetkhen_api::{is_plain_sqlite, paths, ApiError, Desk, ErrorCode, Passphrase, Zeroizing};

/// The person recorded in the audit log for what the CLI writes.
pub fn actor() -> String {
    std::env::var("XETKHEN_ACTOR")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("USERNAME"))
        .map(|u| format!("{u} (dòng lệnh)"))
        .unwrap_or_else(|_| "dòng lệnh".to_string())
}

/// The store named by `--db`, else by `XETKHEN_DB`, else the one in the user's data folder.
pub fn store_path(db: Option<&Path>) -> Result<PathBuf, ApiError> {
    paths::store_path(db).ok_or_else(|| {
        ApiError::new(
            ErrorCode::Io,
            "Không xác định được thư mục dữ liệu của người dùng; hãy chỉ định kho bằng --db hoặc XETKHEN_DB.",
        )
    })
}

pub fn open(db: Option<&Path>) -> Result<Desk, ApiError> {
    let path = store_path(db)?;
    let passphrase = current_passphrase(&path)?;
    Desk::open_encrypted(&path, &actor(), passphrase.as_ref())
}

/// The variable holding the store's passphrase, for scripts; a person is asked on the terminal.
const PASSPHRASE_ENV: &str = "XETKHEN_PASSPHRASE";
/// The variable holding the new passphrase for `xetkhen passphrase change`.
const NEW_PASSPHRASE_ENV: &str = "XETKHEN_NEW_PASSPHRASE";

/// The store's passphrase: `XETKHEN_PASSPHRASE`, else asked on the terminal (without echo) when
/// the store exists and is encrypted; `None` for a store kept in clear. A new store is created
/// encrypted when the variable is set.
pub fn current_passphrase(path: &Path) -> Result<Option<Passphrase>, ApiError> {
    if let Ok(text) = std::env::var(PASSPHRASE_ENV).map(Zeroizing::new) {
        return Ok(Passphrase::new(&text));
    }
    if !path.exists() || is_plain_sqlite(path) || !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let text = ask_passphrase("Cụm mật khẩu của kho dữ liệu: ")
        .map(Zeroizing::new)
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("Không đọc được cụm mật khẩu từ bàn phím: {e}"),
            )
        })?;
    Ok(Passphrase::new(&text))
}

/// The new passphrase of `passphrase change`: `XETKHEN_NEW_PASSPHRASE`, else asked twice on the
/// terminal.
pub fn new_passphrase() -> Result<Passphrase, ApiError> {
    let empty = || {
        ApiError::invalid(
            "passphrase",
            "Cụm mật khẩu mới không được để trống (dùng --remove để bỏ mã hoá).",
        )
    };
    if let Ok(text) = std::env::var(NEW_PASSPHRASE_ENV).map(Zeroizing::new) {
        return Passphrase::new(&text).ok_or_else(empty);
    }
    if !std::io::stdin().is_terminal() {
        return Err(ApiError::invalid(
            "passphrase",
            format!("Hãy đặt cụm mật khẩu mới trong biến {NEW_PASSPHRASE_ENV}, hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập."),
        ));
    }
    let ask = |prompt: &str| {
        ask_passphrase(prompt).map(Zeroizing::new).map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("Không đọc được cụm mật khẩu từ bàn phím: {e}"),
            )
        })
    };
    let first = ask("Cụm mật khẩu mới: ")?;
    let again = ask("Nhập lại cụm mật khẩu mới: ")?;
    if first != again {
        return Err(ApiError::invalid(
            "passphrase",
            "Hai lần nhập cụm mật khẩu mới không khớp; chưa đổi gì.",
        ));
    }
    Passphrase::new(&first).ok_or_else(empty)
}

/// Asks for a passphrase on the terminal, without echo. On Windows the prompt is written through
/// std's stderr, which hands a console UTF-16 (WriteConsoleW), so Vietnamese shows whatever the
/// console's code page: rpassword writes the prompt's UTF-8 bytes to the console, which shows them
/// in its code page as mojibake. The answer is read by rpassword with ReadConsoleW, in UTF-16.
fn ask_passphrase(prompt: &str) -> std::io::Result<String> {
    if cfg!(windows) {
        use std::io::Write;
        let mut err = std::io::stderr().lock();
        err.write_all(prompt.as_bytes())?;
        err.flush()?;
        drop(err);
        return rpassword::read_password();
    }
    rpassword::prompt_password(prompt)
}
