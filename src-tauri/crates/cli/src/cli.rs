//! The command line as types: [`Cli`] is what clap's derive reads, [`command`] the same tree with
//! its help in Vietnamese.

use crate::commands::Command;
use clap::{Arg, ArgAction, CommandFactory, Parser};
use std::path::PathBuf;

const TEMPLATE: &str = "\
{before-help}{about-with-newline}
Cách dùng: {usage}

{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "xetkhen",
    version,
    about = "Xét Khen — xét khen thưởng Phong trào thi đua Chính quyền số, Chuyển đổi số (KH 2242/KH-UBND)"
)]
pub struct Cli {
    // Global, so that it may stand before or after the subcommand.
    #[arg(
        long,
        value_name = "TỆP",
        global = true,
        help = "Kho dữ liệu (mặc định: biến XETKHEN_DB, nếu không có thì kho trong thư mục dữ liệu của người dùng)"
    )]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// The whole command tree, localised.
pub fn command() -> clap::Command {
    localise(Cli::command())
}

/// Vietnamese headings and help texts for clap's built-in parts, on every subcommand.
fn localise(cmd: clap::Command) -> clap::Command {
    let cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        // The derive asks for help in place of a missing subcommand; clap's own error, which
        // names the subcommands, is what the command line has always answered.
        .arg_required_else_help(false)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In hướng dẫn này"),
        )
        .mut_args(|a| {
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("Tham số")
            } else {
                a.help_heading("Tuỳ chọn")
            }
        });
    let cmd = if cmd.get_version().is_some() {
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In phiên bản"),
        )
    } else {
        cmd
    };
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names
        .into_iter()
        .fold(cmd, |c, name| c.mut_subcommand(name, localise))
}

#[cfg(test)]
mod tests {
    /// clap's own checks of the tree (ids that `requires` and `conflicts_with` name, defaults
    /// among the possible values, no two flags alike), on the localised tree users get.
    #[test]
    fn the_command_line_is_well_formed() {
        super::command().debug_assert();
    }
}
