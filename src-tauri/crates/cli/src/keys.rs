//! Passwords and PINs, read from the environment variable a flag names (never from the command
//! line itself), and the PKCS#12 keys they open.

use std::path::Path;
use xetkhen_api::{ApiError, P12Key, SigningKey, Zeroizing};

/// The help of every flag that names the variable holding a `.p12` file's password.
pub const P12_PASSWORD_HELP: &str =
    "Biến môi trường chứa mật khẩu của tệp .p12 (không ghi mật khẩu trên dòng lệnh)";

/// The password or PIN in the variable named by `var`, the value of `--{flag}`; overwritten with
/// zeros when dropped.
pub fn secret(var: Option<&str>, flag: &str) -> Result<Zeroizing<String>, ApiError> {
    let var = var.unwrap_or_default();
    std::env::var(var).map(Zeroizing::new).map_err(|_| {
        ApiError::invalid(flag, format!("Biến môi trường {var} (--{flag}) chưa được đặt; mật khẩu và mã PIN không bao giờ được ghi trên dòng lệnh."))
    })
}

/// A PKCS#12 key at `path`, if one was given, its password from the variable `var` that the flag
/// `--{flag}` names.
pub fn p12_key(
    path: Option<&Path>,
    var: Option<&str>,
    flag: &str,
) -> Result<Option<SigningKey>, ApiError> {
    let Some(path) = path else {
        return Ok(None);
    };
    Ok(Some(SigningKey::P12(P12Key {
        path: path.to_path_buf(),
        password: (*secret(var, flag)?).clone(),
    })))
}
