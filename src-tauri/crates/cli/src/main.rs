//! `xetkhen`: the operations of Xét Khen from a terminal, for scripting, tests and the
//! secretariat's batch work. Exit codes: 0 success, 1 the operation was refused (a Vietnamese
//! message on stderr), 2 the command line was wrong.

mod args;
mod packets;
mod run;

use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = args::command().try_get_matches();
    let matches = match matches {
        Ok(m) => m,
        Err(e) => {
            // clap prints help and version to stdout with exit 0, usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // No panic may reach the user as a backtrace: turn one into a refusal with a plain message.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("Lỗi nội bộ của chương trình: {info}. Kho dữ liệu không bị thay đổi dở dang.");
    }));
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run::run(&matches))) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
        Err(_) => ExitCode::from(1),
    }
}
