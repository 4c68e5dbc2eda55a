//! `newsbind convert`: a batch run over files and folders (`batch::run`), `--dry-run`'s plan,
//! or a one-off conversion of one article from a file or standard input to standard output
//! or a folder (`app::oneoff`), all through the same read path and writer set.

use super::oneoff;
use crate::batch::discover::walk;
use crate::batch::options::Options;
use crate::batch::plan::plan;
use crate::batch::run::{convert_with, report_name};
use crate::batch::signals::Interrupt;
use crate::cli::ConvertArgs;
use crate::model::diag::Error;
use crate::read::read_article;
use crate::report::ExitStatus;
use crate::settings::resolve::{load_config, resolve_convert};
use std::time::Instant;

/// Runs `newsbind convert`.
pub fn run(args: &ConvertArgs) -> Result<ExitStatus, Error> {
    let config = load_config(&args.common)?;
    let opts = resolve_convert(args, &config)?;
    let from_stdin = args.paths.iter().any(|p| oneoff::is_stdio(p));
    if from_stdin && args.paths.len() > 1 {
        return Err(Error::Usage(
            "`-` (standard input) must be the only PATH; convert the files in another run".into(),
        ));
    }
    if from_stdin || oneoff::is_stdio(&opts.output) {
        return one_off(args, &opts);
    }
    if opts.read.overrides.touches_article() && !matches!(&opts.inputs[..], [one] if one.is_file())
    {
        return Err(Error::Usage(
            "--title, --author and --date apply to one article: give one file or `-`".into(),
        ));
    }
    if opts.batch.dry_run {
        let mut listing = String::new();
        for line in plan(&opts)? {
            let text = format!("{:<9} {}  {}", line.action, line.source, line.detail);
            listing.push_str(text.trim_end());
            listing.push('\n');
        }
        super::write_stdout(listing.as_bytes())?;
        return Ok(ExitStatus::Ok);
    }
    let interrupt = Interrupt::install()
        .map_err(|e| Error::Usage(format!("cannot install the SIGINT/SIGTERM handlers: {e}")))?;
    let started = Instant::now();
    let report = convert_with(&opts, &interrupt)?;
    for e in report.articles.iter().filter_map(|a| a.error.as_ref()) {
        eprintln!("newsbind: failed: {}", e.message);
    }
    if let Some(sig) = &report.interrupted {
        eprintln!("newsbind: stopped by {sig}; finished articles are kept, rerun to complete");
    }
    for o in &report.orphans {
        let what = if o.pruned { "pruned" } else { "source gone" };
        eprintln!("newsbind: {what}: {} ({})", o.source, o.outputs.join(", "));
    }
    let status = report.exit_status(opts.batch.strict);
    if !args.quiet || status != ExitStatus::Ok {
        eprintln!(
            "newsbind: {} (report: {})",
            report.summary(started.elapsed().as_secs_f64()),
            opts.output.join(report_name(opts.batch.shard)).display()
        );
    }
    Ok(status)
}

/// One article from a file or stdin, to stdout (`-o -`) or into the output folder, without a
/// manifest or report (see [`oneoff`]).
fn one_off(args: &ConvertArgs, opts: &Options) -> Result<ExitStatus, Error> {
    let to_stdout = oneoff::is_stdio(&opts.output);
    if to_stdout {
        oneoff::check_stdout(opts)?;
    }
    let limit = opts.batch.max_input_bytes;
    let (source, bytes) = match opts.inputs.as_slice() {
        [one] if oneoff::is_stdio(one) => {
            let source = oneoff::stdin_source();
            if std::io::IsTerminal::is_terminal(&std::io::stdin()) && !args.quiet {
                eprintln!("newsbind: reading an article from the terminal; end it with Ctrl-D");
            }
            let bytes = oneoff::read_limited(std::io::stdin().lock(), limit, &source.display)?;
            (source, bytes)
        }
        inputs => {
            let found = walk(inputs)?;
            let [source] = found.sources.as_slice() else {
                let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
                return Err(Error::Usage(format!(
                    "`-o -` writes one article to standard output, but {} holds {} articles; \
                     give one file, or an output folder with -o DIR",
                    names.join(" "),
                    found.sources.len()
                )));
            };
            let file = std::fs::File::open(&source.path).map_err(|e| Error::Input {
                path: source.path.clone(),
                message: e.to_string(),
            })?;
            (
                source.clone(),
                oneoff::read_limited(file, limit, &source.display)?,
            )
        }
    };
    if crate::read::container::is_multi(&bytes) {
        let fix = if oneoff::is_stdio(&source.path) {
            "save it as a .dat file and convert that with -o DIR"
        } else {
            "convert it into a folder with -o DIR"
        };
        return Err(Error::Usage(format!(
            "{} holds several articles (<doc> records or RSS items); {fix}",
            source.display
        )));
    }
    let fonts = opts.locate_fonts(true)?;
    let writers = oneoff::writers(opts, &fonts)?;
    let rendered = read_article(&bytes, &source, &opts.read).and_then(|article| {
        warn_all(args.quiet, &article.warnings);
        oneoff::render(&writers, &article.value, &source.stem)
    });
    let rendered = match rendered {
        Ok(r) => r,
        Err(e) => {
            // One article failed, as in a batch: exit 1, not the fatal 2.
            eprintln!("newsbind: failed: {}", e.message);
            return Ok(ExitStatus::Failed);
        }
    };
    warn_all(args.quiet, &rendered.warnings);
    if to_stdout {
        super::write_stdout(&rendered.value[0].bytes)?;
        return Ok(ExitStatus::Ok);
    }
    if opts.batch.dry_run {
        let lines: String = rendered
            .value
            .iter()
            .map(|a| format!("convert   {}  {}\n", source.display, a.path.display()))
            .collect();
        super::write_stdout(lines.as_bytes())?;
        return Ok(ExitStatus::Ok);
    }
    crate::output::prepare_root(&opts.output)?;
    crate::output::write_all(&opts.output, &rendered.value).map_err(|e| Error::Output {
        path: opts.output.clone(),
        message: e.to_string(),
    })?;
    if !args.quiet {
        for a in &rendered.value {
            eprintln!("newsbind: wrote {}", opts.output.join(&a.path).display());
        }
    }
    Ok(if args.strict && !rendered.warnings.is_empty() {
        ExitStatus::Failed
    } else {
        ExitStatus::Ok
    })
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
