//! `newsbind`: parse the command line, run, exit with a status that says what happened.

use clap::{CommandFactory, Parser};
use newsbind::cli::{
    Cli, Command, CompletionsArgs, ConvertArgs, DoctorArgs, InitArgs, InspectArgs, ManArgs,
    MergeReportsArgs,
};
use newsbind::batch::discover::Source;
use newsbind::model::diag::Error;
use newsbind::app::oneoff;
use newsbind::settings::resolve::{load_config, resolve_convert, resolve_text};
use newsbind::batch::run::{build_article_with, convert_with, plan, report_name};
use newsbind::batch::signals::Interrupt;
use newsbind::structure::{explain::explain_source, Rules};
use newsbind::writer::json::to_json;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Exit status for a fatal problem before work starts.
const FATAL: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (quiet, verbose) = match &cli.command {
        Command::Convert(a) => (a.quiet, a.verbose),
        _ => (false, 0),
    };
    init_logging(quiet, verbose);
    let result = match cli.command {
        Command::Convert(args) => run_convert(&args),
        Command::Inspect(args) => run_inspect(&args),
        Command::Init(args) => run_init(&args),
        Command::Completions(args) => run_completions(&args),
        Command::MergeReports(args) => run_merge_reports(&args),
        Command::Doctor(args) => run_doctor(&args),
        Command::Man(args) => run_man(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("newsbind: error: {e}");
            ExitCode::from(FATAL)
        }
    }
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

fn run_convert(args: &ConvertArgs) -> Result<u8, Error> {
    let config = load_config(&args.common)?;
    let opts = resolve_convert(args, &config)?;
    let from_stdin = args.paths.iter().any(|p| oneoff::is_stdio(p));
    if from_stdin && args.paths.len() > 1 {
        return Err(Error::Usage(
            "`-` (standard input) must be the only PATH; convert the files in another run".into(),
        ));
    }
    if from_stdin || oneoff::is_stdio(&opts.output) {
        return run_oneoff(args, &opts);
    }
    if opts.overrides.touches_article() && !single_file(&opts.inputs) {
        return Err(Error::Usage(
            "--title, --author and --date apply to one article: give one file or `-`".into(),
        ));
    }
    if opts.batch.dry_run {
        let mut out = std::io::stdout().lock();
        for line in plan(&opts)? {
            let text = format!("{:<9} {}  {}", line.action, line.source, line.detail);
            if writeln!(out, "{}", text.trim_end()).is_err() {
                break; // a closed pipe (`| head`) is the reader's choice
            }
        }
        return Ok(0);
    }
    let interrupt = Interrupt::install()
        .map_err(|e| Error::Usage(format!("cannot install the SIGINT/SIGTERM handlers: {e}")))?;
    let started = Instant::now();
    let report = convert_with(&opts, &interrupt)?;
    for a in report.articles.iter().filter(|a| a.error.is_some()) {
        if let Some(e) = &a.error {
            eprintln!("newsbind: failed: {}", e.message);
        }
    }
    if let Some(sig) = &report.interrupted {
        eprintln!("newsbind: stopped by {sig}; finished articles are kept, rerun to complete");
    }
    for o in &report.orphans {
        let what = if o.pruned { "pruned" } else { "source gone" };
        eprintln!("newsbind: {what}: {} ({})", o.source, o.outputs.join(", "));
    }
    if !args.quiet || report.exit_status(opts.batch.strict).code() != 0 {
        eprintln!(
            "newsbind: {} (report: {})",
            report.summary(started.elapsed().as_secs_f64()),
            opts.output.join(report_name(opts.batch.shard)).display()
        );
    }
    Ok(report.exit_status(opts.batch.strict).code())
}

/// Whether `inputs` is one existing file.
fn single_file(inputs: &[std::path::PathBuf]) -> bool {
    matches!(inputs, [one] if one.is_file())
}

/// One article from a file or stdin, to stdout (`-o -`) or into the output folder, without a
/// manifest or report (see `newsbind::app::oneoff`).
fn run_oneoff(args: &ConvertArgs, opts: &newsbind::settings::resolve::Options) -> Result<u8, Error> {
    let to_stdout = oneoff::is_stdio(&opts.output);
    if to_stdout {
        oneoff::check_stdout(opts)?;
    }
    let (source, bytes) = match opts.inputs.as_slice() {
        [one] if oneoff::is_stdio(one) => {
            let source = oneoff::stdin_source();
            if std::io::IsTerminal::is_terminal(&std::io::stdin()) && !args.quiet {
                eprintln!("newsbind: reading an article from the terminal; end it with Ctrl-D");
            }
            let bytes = oneoff::read_limited(
                std::io::stdin().lock(),
                opts.batch.max_input_bytes,
                &source.display,
            )?;
            (source, bytes)
        }
        inputs => {
            let found = newsbind::batch::discover::walk(inputs)?;
            let [source] = found.sources.as_slice() else {
                return Err(Error::Usage(format!(
                    "`-o -` writes one article to standard output, but {} holds {} articles; \
                     give one file, or an output folder with -o DIR",
                    inputs
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(" "),
                    found.sources.len()
                )));
            };
            let file = std::fs::File::open(&source.path).map_err(|e| Error::Input {
                path: source.path.clone(),
                message: e.to_string(),
            })?;
            let bytes = oneoff::read_limited(file, opts.batch.max_input_bytes, &source.display)?;
            (source.clone(), bytes)
        }
    };
    if newsbind::read::sogou::sniff(&bytes) {
        let fix = if oneoff::is_stdio(&source.path) {
            "save it as a .dat file and convert that with -o DIR"
        } else {
            "convert it into a folder with -o DIR"
        };
        return Err(Error::Usage(format!(
            "{} holds SogouCA records (<doc>…), several articles; {fix}",
            source.display
        )));
    }
    let article = match oneoff::build(&bytes, &source, opts) {
        Ok(built) => {
            warn_all(args.quiet, &built.warnings);
            built.value
        }
        Err(e) => {
            eprintln!("newsbind: failed: {}", e.message);
            return Ok(1);
        }
    };
    let rendered = oneoff::render(&article, &source.stem, opts)?;
    warn_all(args.quiet, &rendered.warnings);
    if to_stdout {
        return write_stdout(&rendered.value[0].bytes);
    }
    if opts.batch.dry_run {
        for a in &rendered.value {
            println!("convert   {}  {}", source.display, a.path.display());
        }
        return Ok(0);
    }
    newsbind::output::prepare_root(&opts.output)?;
    newsbind::output::write_all(&opts.output, &rendered.value).map_err(|e| Error::Output {
        path: opts.output.clone(),
        message: e.to_string(),
    })?;
    if !args.quiet {
        for a in &rendered.value {
            eprintln!("newsbind: wrote {}", opts.output.join(&a.path).display());
        }
    }
    Ok(u8::from(args.strict && !rendered.warnings.is_empty()))
}

/// Warnings of a one-off conversion (there is no report to hold them): listed at `-v`, else
/// counted in one line; nothing with `--quiet`.
fn warn_all(quiet: bool, warnings: &[String]) {
    for w in warnings {
        tracing::info!("warning: {w}");
    }
    if !quiet && !warnings.is_empty() && !tracing::enabled!(tracing::Level::INFO) {
        eprintln!(
            "newsbind: {} warning{} (-v lists them)",
            warnings.len(),
            if warnings.len() == 1 { "" } else { "s" }
        );
    }
}

fn run_doctor(args: &DoctorArgs) -> Result<u8, Error> {
    let checks = newsbind::app::doctor::run(args);
    let mut text = String::new();
    for c in &checks {
        text.push_str(&format!("{c}\n"));
    }
    let healthy = newsbind::app::doctor::healthy(&checks);
    text.push_str(if healthy {
        "newsbind doctor: ready to convert (✘ on optional lines only limits the checks)\n"
    } else {
        "newsbind doctor: not ready; fix the ✘ lines that are not optional\n"
    });
    write_stdout(text.as_bytes())?;
    Ok(if healthy { 0 } else { FATAL })
}

/// A man page, rendered from the same clap definitions as `--help` and the completions: the
/// main page, or a subcommand's (`newsbind-convert(1)`).
fn run_man(args: &ManArgs) -> Result<u8, Error> {
    let main = Cli::command();
    let cmd = match &args.command {
        None => main,
        Some(name) => {
            let names: Vec<String> = main
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let Some(sub) = main.find_subcommand(name) else {
                return Err(Error::Usage(format!(
                    "no command `{name}`, expected one of {}",
                    names.join(", ")
                )));
            };
            // clap names are `&'static str` without its `string` feature; this runs once.
            let full: &'static str = Box::leak(format!("newsbind-{name}").into_boxed_str());
            sub.clone()
                .name(full)
                .bin_name(format!("newsbind {name}"))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut page)
        .map_err(|e| Error::Usage(format!("cannot render the man page: {e}")))?;
    write_stdout(&page)
}

/// The commented default configuration, exactly the repository's `config.yaml`.
const DEFAULT_CONFIG: &str = include_str!("../config.yaml");

fn run_init(args: &InitArgs) -> Result<u8, Error> {
    if args.file.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} exists; pass --force to overwrite it",
            args.file.display()
        )));
    }
    newsbind::output::write_atomic(&args.file, DEFAULT_CONFIG.as_bytes()).map_err(|e| {
        Error::Output {
            path: args.file.clone(),
            message: e.to_string(),
        }
    })?;
    eprintln!("newsbind: wrote {}", args.file.display());
    Ok(0)
}

fn run_completions(args: &CompletionsArgs) -> Result<u8, Error> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "newsbind", &mut script);
    write_stdout(&script)
}

fn run_merge_reports(args: &MergeReportsArgs) -> Result<u8, Error> {
    let mut reports = Vec::new();
    for path in &args.reports {
        let read_err = |message: String| Error::Input {
            path: path.clone(),
            message,
        };
        let bytes = std::fs::read(path).map_err(|e| read_err(e.to_string()))?;
        reports.push(
            serde_json::from_slice(&bytes).map_err(|e| read_err(format!("not a report: {e}")))?,
        );
    }
    let merged = newsbind::report::merge(&reports).map_err(Error::Usage)?;
    let mut bytes = serde_json::to_vec_pretty(&merged).expect("JSON values serialise");
    bytes.push(b'\n');
    match &args.output {
        Some(path) => write_file(path, &bytes)?,
        None => {
            write_stdout(&bytes)?;
        }
    }
    let failed = merged["totals"]["failed"].as_u64().unwrap_or(0);
    Ok(u8::from(failed > 0))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    newsbind::output::write_atomic(path, bytes).map_err(|e| Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Writes to stdout; a closed pipe (`| head`) is the reader's choice, not an error.
fn write_stdout(bytes: &[u8]) -> Result<u8, Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(Error::Output {
            path: "<stdout>".into(),
            message: e.to_string(),
        }),
    }
}

fn run_inspect(args: &InspectArgs) -> Result<u8, Error> {
    let config = load_config(&args.common)?;
    let text = resolve_text(&args.common, &config)?;
    let overrides = args.overrides.resolve()?;
    let (source, bytes) = if oneoff::is_stdio(&args.file) {
        let source = oneoff::stdin_source();
        let limit = config
            .max_input_bytes
            .unwrap_or(newsbind::settings::resolve::DEFAULT_MAX_INPUT_BYTES);
        let bytes = oneoff::read_limited(std::io::stdin().lock(), limit, &source.display)?;
        (source, bytes)
    } else {
        let bytes = std::fs::read(&args.file).map_err(|e| Error::Input {
            path: args.file.clone(),
            message: match e.kind() {
                std::io::ErrorKind::NotFound => {
                    "no such file; check the path (`-` reads standard input)".into()
                }
                _ => e.to_string(),
            },
        })?;
        let source = Source {
            path: args.file.clone(),
            display: args.file.to_string_lossy().replace('\\', "/"),
            stem: String::new(),
        };
        (source, bytes)
    };
    let rules = Rules::from_config(&config.structure);
    let built = if args.explain {
        explain_source(
            &bytes,
            &source,
            text.decode_for(&source),
            &text.normalize,
            &rules,
        )
        .map(String::into_bytes)
    } else {
        build_article_with(
            &bytes,
            &source,
            text.decode_for(&source),
            &text.normalize,
            &rules,
        )
        .map(|a| to_json(&overrides.apply(a.value)))
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
