//! `newsbind`: parse the command line, run the subcommand, exit with the status that says what
//! happened (see `newsbind::report::ExitStatus`: 0 ok, 1 some article failed, 2 fatal,
//! 130/143 interrupted).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = newsbind::cli::Cli::parse();
    ExitCode::from(newsbind::app::run(cli).code())
}
