//! `xetkhen`: the operations of Xét Khen from a terminal, for scripting, tests and the
//! secretariat's batch work. Exit codes: 0 success, 1 the operation was refused (a Vietnamese
//! message on stderr), 2 the command line was wrong.
//!
//! [`cli`] declares the command line, `commands/` holds one module per command group (its
//! arguments and what it does), [`desk`] opens the store, [`keys`] reads passwords and PINs from
//! the environment, [`output`] prints, [`refusal`] says clap's refusals of a command line in
//! Vietnamese.

mod cli;
mod commands;
mod desk;
mod keys;
mod output;
mod refusal;

use clap::FromArgMatches;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::command()
        .try_get_matches()
        .and_then(|m| cli::Cli::from_arg_matches(&m));
    let cli = match cli {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with exit 0, usage errors (in Vietnamese) to stderr
            // with 2.
            let e = e.apply::<refusal::Vietnamese>();
            if e.use_stderr() {
                let _ = e.print();
                return ExitCode::from(2);
            }
            print!("{}", refusal::help_text(&e));
            return ExitCode::SUCCESS;
        }
    };
    // No panic may reach the user as a backtrace: turn one into a refusal with a plain message.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("Lỗi nội bộ của chương trình: {info}. Kho dữ liệu không bị thay đổi dở dang.");
    }));
    let db = cli.db.as_deref();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cli.command.run(db))) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
        Err(_) => ExitCode::from(1),
    }
}
