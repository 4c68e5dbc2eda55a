//! `newsbind`: parse the command line, run, exit with a status that says what happened.

use clap::Parser;
use newsbind::cli::{Cli, Command, InspectArgs};
use newsbind::discover::Source;
use newsbind::error::Error;
use newsbind::options::{load_config, resolve_convert, resolve_encoding};
use newsbind::pipeline::{build_article, convert};
use newsbind::structure::{explain::explain_source, Rules};
use newsbind::writer::json::to_json;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

/// Exit status for a fatal problem before work starts.
const FATAL: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(args) => run_convert(&args),
        Command::Inspect(args) => run_inspect(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("newsbind: error: {e}");
            ExitCode::from(FATAL)
        }
    }
}

fn run_convert(args: &newsbind::cli::ConvertArgs) -> Result<u8, Error> {
    let config = load_config(&args.common)?;
    let opts = resolve_convert(args, &config)?;
    let started = Instant::now();
    let report = convert(&opts)?;
    for a in report.articles.iter().filter(|a| a.error.is_some()) {
        if let Some(e) = &a.error {
            eprintln!("newsbind: failed: {}", e.message);
        }
    }
    eprintln!(
        "newsbind: {} (report: {})",
        report.summary(started.elapsed().as_secs_f64()),
        opts.output.join("report.json").display()
    );
    Ok(report.exit_code())
}

fn run_inspect(args: &InspectArgs) -> Result<u8, Error> {
    let config = load_config(&args.common)?;
    let encoding = resolve_encoding(&args.common, &config)?;
    let bytes = std::fs::read(&args.file).map_err(|e| Error::Input {
        path: args.file.clone(),
        message: e.to_string(),
    })?;
    let source = Source {
        path: args.file.clone(),
        display: args.file.to_string_lossy().replace('\\', "/"),
        stem: String::new(),
    };
    let rules = Rules::from_config(&config.structure);
    let built = if args.explain {
        explain_source(&bytes, &source, encoding, &rules).map(String::into_bytes)
    } else {
        build_article(&bytes, &source, encoding, &rules).map(|a| to_json(&a.value))
    };
    match built {
        Ok(output) => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is the reader's choice, not an error.
            match out.write_all(&output).and_then(|_| out.flush()) {
                Ok(()) => Ok(0),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
                Err(e) => Err(Error::Output {
                    path: "<stdout>".into(),
                    message: e.to_string(),
                }),
            }
        }
        Err(e) => {
            eprintln!("newsbind: failed: {}", e.message);
            Ok(1)
        }
    }
}
