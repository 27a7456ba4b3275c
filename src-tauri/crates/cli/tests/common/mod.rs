//! Running the `xetkhen` binary from the integration tests, on a store named by path.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

pub fn xetkhen(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xetkhen"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("XETKHEN_DB")
        .env_remove("XETKHEN_PASSPHRASE")
        .env("XETKHEN_ACTOR", "Thư ký Ban Thi đua")
        .output()
        .unwrap()
}

/// Runs a command that must succeed and returns what it printed.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = xetkhen(db, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must be refused (exit 1) and returns its message and what it printed.
pub fn refused(db: &Path, args: &[&str]) -> (String, String) {
    let out = xetkhen(db, args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?} should be refused; stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    (
        String::from_utf8(out.stderr).unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

pub fn json(db: &Path, args: &[&str]) -> Value {
    let text = ok(db, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"))
}
