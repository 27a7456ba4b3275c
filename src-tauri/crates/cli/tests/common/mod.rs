//! Running the `xetkhen` binary from the integration tests, on a store named by path.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

/// The password of the training certificates the tests make (given through the environment).
pub const PASSWORD: &str = "mật-khẩu-tập-huấn";

/// The `xetkhen` binary on a store named by path, kept from the caller's environment (no store
/// or passphrase of theirs), acting as the secretariat, with the training password at hand.
pub fn command(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xetkhen"));
    c.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("XETKHEN_DB")
        .env_remove("XETKHEN_PASSPHRASE")
        .env("XETKHEN_ACTOR", "Thư ký Ban Thi đua")
        .env("XETKHEN_TEST_PASSWORD", PASSWORD);
    c
}

/// [`command`] run in `dir` on the store `dir/x.db`, so that the files it names may be given
/// relative to `dir`.
pub fn command_in(dir: &Path, args: &[&str]) -> Command {
    let mut c = command(&dir.join("x.db"), args);
    c.current_dir(dir);
    c
}

pub fn xetkhen(db: &Path, args: &[&str]) -> Output {
    run(&mut command(db, args))
}

pub fn xetkhen_in(dir: &Path, args: &[&str]) -> Output {
    run(&mut command_in(dir, args))
}

/// Under Wine, creating a process now and then fails with ERROR_INTERNAL_ERROR (1359) before the
/// new program has run at all: the emulator's loader failed, not the program. Such a start is
/// tried again, a few times; any other failure, or this one repeated, fails the test.
const WINE_LOADER_FAILED: i32 = 1359;
const STARTS: u32 = 5;

fn retried<T>(mut start: impl FnMut() -> std::io::Result<T>) -> T {
    let mut attempt = 1;
    loop {
        match start() {
            Ok(t) => return t,
            Err(e)
                if cfg!(windows)
                    && e.raw_os_error() == Some(WINE_LOADER_FAILED)
                    && attempt < STARTS =>
            {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            Err(e) => panic!("could not start the program (attempt {attempt}): {e}"),
        }
    }
}

/// Runs `c` to its end and takes what it printed.
pub fn run(c: &mut Command) -> Output {
    retried(|| c.output())
}

/// Starts `c` and leaves it running.
pub fn start(c: &mut Command) -> Child {
    retried(|| c.spawn())
}

/// What a command that had to succeed printed.
pub fn succeeded(args: &[&str], out: Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must succeed and returns what it printed.
pub fn ok(db: &Path, args: &[&str]) -> String {
    succeeded(args, xetkhen(db, args))
}

/// [`ok`] in `dir`, on its store `x.db` (see [`command_in`]).
pub fn ok_in(dir: &Path, args: &[&str]) -> String {
    succeeded(args, xetkhen_in(dir, args))
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

/// The text of a PDF by pdftotext, or `None` (with a note) where poppler is not installed;
/// with `XETKHEN_REQUIRE_TOOLS` set a missing tool fails the test instead.
pub fn pdftotext(file: &Path) -> Option<String> {
    match Command::new("pdftotext").arg(file).arg("-").output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Err(e) => {
            assert!(
                std::env::var_os("XETKHEN_REQUIRE_TOOLS").is_none(),
                "pdftotext is required (XETKHEN_REQUIRE_TOOLS is set): {e}"
            );
            eprintln!("pdftotext not installed ({e}); text checks skipped");
            None
        }
    }
}

/// What an outside checker says of `file` (its output and errors), or `None` where it is not
/// installed; with `XETKHEN_REQUIRE_TOOLS` set a missing checker fails the test instead.
pub fn tool(name: &str, args: &[&str], file: &Path) -> Option<String> {
    match Command::new(name).args(args).arg(file).output() {
        Ok(o) => Some(format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )),
        Err(_) => {
            assert!(
                std::env::var_os("XETKHEN_REQUIRE_TOOLS").is_none(),
                "{name} is required but not installed"
            );
            // Under Wine (`make test-windows`) the Linux tools are not Windows programs.
            eprintln!(
                "NOTE: {name} is not installed; its check of {} skipped",
                file.display()
            );
            None
        }
    }
}

/// A file of `tests/fixtures/import`, as a command-line argument.
pub fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}
