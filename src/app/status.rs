//! `newsbind status`: what the state databases of an output folder say (`batch::state`'s
//! summaries), as text on standard output: per database the sources by status, the failed ones
//! with their error codes, and the last run; a total line when there are several (shards).
//! Exit 1 when any source failed, 2 when there is no database.

use crate::batch::state::{self, Summary};
use crate::cli::StatusArgs;
use crate::model::diag::Error;
use crate::report::ExitStatus;
use crate::writer::iso8601;
use std::fmt::Write;

/// How many failed sources each database lists without `--failed`.
const FAILED_SHOWN: usize = 20;

/// Runs `newsbind status`.
pub fn run(args: &StatusArgs) -> Result<ExitStatus, Error> {
    let dbs = state::databases(&args.output);
    if dbs.is_empty() {
        return Err(Error::Input {
            path: args.output.join(state::DIR),
            message: "no state database here (state.sqlite or state.shard-I-of-N.sqlite); \
                      a batch run (`newsbind convert … -o DIR`) makes one"
                .into(),
        });
    }
    let limit = (!args.failed).then_some(FAILED_SHOWN);
    let mut text = String::new();
    let mut total = Summary {
        counts: Default::default(),
        failed: Vec::new(),
        last_run: None,
    };
    for db in &dbs {
        let s = state::summary(db, limit)?;
        text.push_str(&describe(&db.display().to_string(), &s));
        for (status, n) in &s.counts {
            *total.counts.entry(status.clone()).or_default() += n;
        }
    }
    if dbs.len() > 1 {
        let _ = writeln!(text, "all {} databases: {}", dbs.len(), counts(&total));
    }
    super::write_stdout(text.as_bytes())?;
    Ok(if total.count("failed") > 0 {
        ExitStatus::Failed
    } else {
        ExitStatus::Ok
    })
}

/// `N sources: a converted, b skipped, c failed`.
fn counts(s: &Summary) -> String {
    let n: u64 = s.counts.values().sum();
    format!(
        "{n} sources: {} converted, {} skipped, {} failed",
        s.count("converted"),
        s.count("skipped"),
        s.count("failed")
    )
}

/// One database's lines.
fn describe(name: &str, s: &Summary) -> String {
    let mut text = format!("{name}: {}\n", counts(s));
    match &s.last_run {
        None => text.push_str("  last run: none recorded\n"),
        Some(run) => {
            let _ = write!(text, "  last run: started {}", iso8601(run.started_at));
            match (run.ended_at, run.totals) {
                (Some(end), Some(t)) => {
                    let _ = write!(
                        text,
                        ", ended {} ({} s): converted {}, unchanged {}, skipped {}, failed {}",
                        iso8601(end),
                        end - run.started_at,
                        t.converted,
                        t.unchanged,
                        t.skipped,
                        t.failed
                    );
                }
                _ => text.push_str(", never ended (killed, or still running)"),
            }
            if let Some(signal) = &run.interrupted {
                let _ = write!(text, "; stopped by {signal}");
            }
            text.push('\n');
        }
    }
    if !s.failed.is_empty() {
        text.push_str("  failed:\n");
        for (source, code) in &s.failed {
            let _ = writeln!(text, "    {:<10} {source}", code.as_deref().unwrap_or("?"));
        }
        let more = s.count("failed").saturating_sub(s.failed.len() as u64);
        if more > 0 {
            let _ = writeln!(text, "    … and {more} more (--failed lists them all)");
        }
    }
    text
}
