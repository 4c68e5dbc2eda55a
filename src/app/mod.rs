//! The subcommands, one file each: what `main` runs after parsing the command line. Each
//! returns the run's [`ExitStatus`] or a fatal [`Error`]; [`run`] turns the latter into
//! exit status 2 with one line on stderr. Standard output is written only through
//! [`write_stdout`], where a closed pipe (`| head`) is the reader's choice, not an error.

pub mod convert;
pub mod doctor;
pub mod init;
pub mod inspect;
pub mod man;
pub mod merge_reports;
pub mod oneoff;
pub mod status;

use crate::cli::{Cli, Command};
use crate::model::diag::Error;
use crate::report::ExitStatus;
use std::io::Write;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> ExitStatus {
    let (quiet, verbose) = match &cli.command {
        Command::Convert(a) => (a.quiet, a.verbose),
        _ => (false, 0),
    };
    init_logging(quiet, verbose);
    let result = match cli.command {
        Command::Convert(args) => convert::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Completions(args) => man::completions(&args),
        Command::MergeReports(args) => merge_reports::run(&args),
        Command::Status(args) => status::run(&args),
        Command::Doctor(args) => doctor::command(&args),
        Command::Man(args) => man::run(&args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("newsbind: error: {e}");
        ExitStatus::Fatal
    })
}

/// Logs go to stderr through `tracing`: `RUST_LOG` when set, else warnings (`-v` info, `-vv`
/// debug, `-vvv` trace; `--quiet` errors only).
fn init_logging(quiet: bool, verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("newsbind={level}")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}

/// Writes to stdout; a closed pipe (`| head`) is the reader's choice, not an error.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Output {
            path: "<stdout>".into(),
            message: e.to_string(),
        }),
    }
}

/// Writes a file atomically, as a fatal error when it cannot be.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
    crate::output::write_atomic(path, bytes, crate::output::Scope::Whole).map_err(|e| {
        Error::Output {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    })
}
