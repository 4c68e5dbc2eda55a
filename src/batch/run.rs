//! The run: discover → survey ([`super::plan`]) → in parallel, one source per task: read →
//! [`crate::read`] → render every format in memory → stage → commit per group → books
//! ([`super::books`]) → report, each group recorded in the state database ([`super::state`]).
//! With the survey (`plan`) the only code that runs rayon work, and the panic guard: a panic in one article becomes that article's `failed` report (code `internal`).
//!
//! Invariants: results are collected in input order, so the report does not depend on
//! `--jobs`; a source enters the state database only after its files were committed, in one
//! transaction per group; a batch run holds the output root's lock from before the first write
//! until the report and the last transaction are written. On SIGINT/SIGTERM no new article
//! starts; those in flight finish, and the report (with `interrupted`) and the database are
//! written as usual.

use crate::batch::books;
use crate::batch::discover::{self, Shard};
use crate::batch::lock::RunLock;
use crate::batch::options::Options;
use crate::batch::plan::{decide, discover_checked, pool, Decision, Input, Survey};
use crate::batch::progress;
use crate::batch::signals::Interrupt;
use crate::batch::state::{self, Entry, Recorded, RunTotals, State};
use crate::model::diag::{ArticleError, Error, ErrorCode, Warned};
use crate::model::{Article, Source};
use crate::output::{self, Staging};
use crate::read::{read_source, Piece};
use crate::report::{ArticleReport, Orphan, Report, Status};
use crate::writer::{Writer, WriterSet};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// One converted (or failed) source: one report, or one per record of a multi-record file,
/// in record order; the hash of the bytes it was made from; and, when the run makes books,
/// its article (one-article sources that converted).
struct Outcome {
    reports: Vec<ArticleReport>,
    input_hash: Option<String>,
    article: Option<Article>,
}

/// How one source is converted: the run's options, the per-article writers, where files are
/// staged, and whether books need the article afterwards.
struct Job<'a, 'w> {
    opts: &'a Options,
    writers: &'a [&'a (dyn Writer + 'w)],
    staging: &'a Staging,
    keep_article: bool,
}

impl Job<'_, '_> {
    /// Reads (unless the survey did) and converts one source completely; never panics out.
    fn process(&self, source: &Source, input: Option<Input>) -> Outcome {
        let input =
            match input.map_or_else(|| Input::read(source, self.opts.batch.max_input_bytes), Ok) {
                Ok(input) => input,
                Err(e) => {
                    return Outcome {
                        reports: vec![ArticleReport::failed(&source.display, None, e)],
                        input_hash: None,
                        article: None,
                    }
                }
            };
        let mut article = None;
        let reports = guard(source, || {
            match read_source(&input.bytes, source, &self.opts.read) {
                Err(e) => vec![ArticleReport::failed(&source.display, None, e)],
                Ok(mut pieces) if pieces.len() == 1 && pieces[0].source == *source => {
                    let piece = pieces.remove(0);
                    let kept = self.keep_article.then(|| piece.article.clone()).flatten();
                    let report = self.convert(piece);
                    if report.status == Status::Converted {
                        article = kept.map(|a| a.value);
                    }
                    vec![report]
                }
                // The records of a multi-record file convert in parallel.
                Ok(pieces) => pieces
                    .into_par_iter()
                    .flat_map_iter(|piece| {
                        let rsource = piece.source.clone();
                        guard(&rsource, || vec![self.convert(piece)])
                    })
                    .collect(),
            }
        });
        Outcome {
            reports,
            input_hash: Some(input.hash),
            article,
        }
    }

    /// One article: skipped, or rendered in every format in memory and staged — all, or
    /// nothing on the first error. The files reach the output tree at the next
    /// [`Staging::commit`], which may still fail the article ([`settle`]).
    fn convert(&self, piece: Piece) -> ArticleReport {
        let Piece {
            source,
            encoding,
            article,
            skip,
        } = piece;
        let Some(Warned {
            value: article,
            mut warnings,
        }) = article
        else {
            return ArticleReport {
                encoding: Some(encoding.to_string()),
                ..ArticleReport::skipped(&source.display, skip.unwrap_or_default())
            };
        };
        let mut report = ArticleReport {
            source: source.display.clone(),
            status: Status::Converted,
            encoding: Some(article.encoding.clone()),
            headline: Some(article.headline.clone()),
            outputs: Vec::new(),
            warnings: Vec::new(),
            reason: None,
            error: None,
        };
        if let Some(reason) = skip {
            report.status = Status::Skipped;
            report.headline = None;
            report.reason = Some(reason);
            report.warnings = warnings;
            return report;
        }
        let rendered: Result<Vec<_>, ArticleError> = self
            .writers
            .iter()
            .map(|w| {
                w.render(&article, &source.stem).map(|r| {
                    warnings.extend(r.warnings);
                    r.value
                })
            })
            .collect();
        let written = rendered.and_then(|artifacts| {
            let artifacts: Vec<_> = artifacts.into_iter().flatten().collect();
            self.staging
                .stage(&source.display, &artifacts)
                .map(|()| artifacts)
                .map_err(|e| write_error(&source.display, &e))
        });
        report.warnings = warnings;
        match written {
            Ok(artifacts) => report.outputs = artifacts.iter().map(output::name).collect(),
            Err(e) => {
                report.status = Status::Failed;
                report.error = Some(e);
            }
        }
        report
    }
}

/// Runs `work` for one source; never panics out (a panic becomes one failed outcome).
fn guard(source: &Source, work: impl FnOnce() -> Vec<ArticleReport>) -> Vec<ArticleReport> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(reports) => reports,
        Err(panic) => {
            let text = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            vec![ArticleReport::failed(
                &source.display,
                None,
                ArticleError::new(
                    ErrorCode::Internal,
                    format!("{}: internal error: {text}", source.display),
                ),
            )]
        }
    }
}

/// The report's file name in the output root: `report.json`, or `report.shard-I-of-N.json`.
pub fn report_name(shard: Option<Shard>) -> String {
    match shard {
        None => "report.json".into(),
        Some(s) => format!("report.{}.json", s.suffix()),
    }
}

/// Converts every source with the given writers on a pool of `opts.jobs` threads, without
/// the manifest, lock or report of a batch run, and returns the reports in input order. A
/// panic in one article is caught and becomes that article's `failed` report (code
/// `internal`); the other articles are unaffected. Public so that tests can run a batch with
/// their own writers (e.g. one that panics on purpose).
pub fn run_batch(
    sources: &[Source],
    opts: &Options,
    writers: &[&dyn Writer],
) -> Result<Vec<ArticleReport>, Error> {
    let staging = Staging::new(&opts.output, discover::scope(opts.batch.shard));
    let job = Job {
        opts,
        writers,
        staging: &staging,
        keep_article: false,
    };
    let mut outcomes: Vec<Option<Outcome>> = pool(opts)?.install(|| {
        sources
            .par_iter()
            .map(|s| Some(job.process(s, None)))
            .collect()
    });
    settle(&mut outcomes, staging.commit());
    Ok(outcomes
        .into_iter()
        .flatten()
        .flat_map(|o| o.reports)
        .collect())
}

/// Marks the articles whose files a commit could not put in place as failed, with the error.
fn settle(outcomes: &mut [Option<Outcome>], failures: Vec<(String, std::io::Error)>) {
    for (owner, e) in failures {
        let reports = outcomes
            .iter_mut()
            .flatten()
            .flat_map(|o| o.reports.iter_mut());
        for r in reports.filter(|r| r.source == owner) {
            r.status = Status::Failed;
            r.outputs.clear();
            r.error = Some(write_error(&owner, &e));
        }
    }
}

/// The report's error for outputs that could not be written.
fn write_error(source: &str, e: &std::io::Error) -> ArticleError {
    ArticleError::new(
        ErrorCode::Write,
        format!("{source}: writing outputs failed: {e}"),
    )
}

/// Runs a conversion. Fatal problems (before work starts) are errors; per-article problems are
/// in the report.
pub fn convert(opts: &Options) -> Result<Report, Error> {
    convert_with(opts, &Interrupt::never())
}

/// Sources convert in groups, and each group's files reach the output tree at one commit
/// ([`Staging::commit`]: one `syncfs` per group instead of one `fsync` per file). The first
/// group is small, so that outputs appear soon; later ones are sized to take about
/// `GROUP_TIME` (a sync is then a small part of a group's time, and a kill loses little).
const GROUP_FIRST: usize = 16;
/// See [`GROUP_FIRST`].
const GROUP_TIME: Duration = Duration::from_millis(250);
/// The largest group, whatever the pace.
const GROUP_MAX: usize = 1024;

/// Runs a conversion that stops taking new articles once `interrupt` is raised.
pub fn convert_with(opts: &Options, interrupt: &Interrupt) -> Result<Report, Error> {
    let found = discover_checked(opts)?;
    output::prepare_root(&opts.output)?;
    let shard = opts.batch.shard;
    let _lock = RunLock::acquire(&opts.output, shard.map(|s| (s.index, s.count)))?;
    // Only this run's own leftovers: a shard beside it may be writing its temporaries now.
    let swept = output::sweep_temporaries(&opts.output, discover::scope(shard));
    if swept > 0 {
        tracing::info!("removed {swept} temporary files left by an interrupted run");
    }
    let started = unix_now();
    let mut db = State::open(
        &opts.output,
        shard,
        opts.write.epub.epoch.unwrap_or(started),
    )?;
    let rows = db.load()?;
    let run_id = db.begin_run(started, shard)?;
    let pool = pool(opts)?;
    let mut survey = decide(opts, found, &pool, rows)?;
    let todo: Vec<(usize, Option<Input>)> = survey
        .sources
        .iter_mut()
        .enumerate()
        .filter_map(|(i, (_, d))| match d {
            Decision::Convert(input) => Some((i, input.take())),
            _ => None,
        })
        .collect();
    tracing::info!(
        "{} sources, {} to convert{}",
        survey.sources.len(),
        todo.len(),
        shard.map(|s| format!(" (shard {s})")).unwrap_or_default()
    );
    // Fonts are found before any work (a missing font is fatal) but read and parsed only when
    // first needed: a rerun that converts nothing stays cheap.
    let fonts = opts.locate_fonts(!todo.is_empty())?;
    let set = WriterSet::new(&opts.write, &fonts)?;
    let writers = set.article_writers();
    let bar = progress::bar(todo.len() as u64, opts.batch.progress);
    let staging = Staging::new(&opts.output, discover::scope(shard));
    let job = Job {
        opts,
        writers: &writers,
        staging: &staging,
        keep_article: set.makes_books(),
    };
    let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(todo.len());
    // Sources convert in groups; each group's files are made durable and put in place by one
    // commit, and only then are its sources recorded, in one transaction.
    let mut size = GROUP_FIRST;
    let mut rest = todo;
    while !rest.is_empty() {
        let tail = rest.split_off(size.min(rest.len()));
        let group = std::mem::replace(&mut rest, tail);
        let started = Instant::now();
        let indexes: Vec<usize> = group.iter().map(|(i, _)| *i).collect();
        let mut done: Vec<Option<Outcome>> = pool.install(|| {
            group
                .into_par_iter()
                .map(|(i, input)| {
                    if interrupt.received().is_some() {
                        return None;
                    }
                    let outcome = job.process(&survey.sources[i].0, input);
                    bar.inc(1);
                    Some(outcome)
                })
                .collect()
        });
        settle(&mut done, staging.commit());
        let mut rows = Vec::with_capacity(done.len());
        for (&i, outcome) in indexes.iter().zip(&done) {
            let Some(outcome) = outcome else { continue };
            let s = &survey.sources[i].0;
            for r in &outcome.reports {
                tracing::debug!("{}: {:?}", r.source, r.status);
            }
            rows.push((s.stem.clone(), state_row(s, outcome, &survey.config_hash)));
        }
        if let Err(e) = db.record(&rows, &[]) {
            // Not recorded means converted again next time, never wrongly unchanged.
            tracing::warn!("cannot record a group: {e}");
        }
        outcomes.extend(done);
        // The next group takes about GROUP_TIME at this pace (growing at most 4× at a time).
        let took = started.elapsed().as_secs_f64().max(1e-4);
        let paced = (indexes.len() as f64 * GROUP_TIME.as_secs_f64() / took) as usize;
        size = paced.clamp(GROUP_FIRST, (size * 4).min(GROUP_MAX));
    }
    if let Err(e) = staging.seal() {
        tracing::warn!("cannot sync the output folder: {e}");
    }
    bar.finish_and_clear();
    let books = set.makes_books();
    if books {
        bind_books(&survey, &mut outcomes, opts, &set, &pool);
    }
    finish(
        opts,
        survey,
        outcomes,
        interrupt,
        Record {
            db: &mut db,
            run_id,
            books,
        },
    )
}

/// Seconds since 1970 by the clock.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Where `finish` records the run: the database, this run's row, and whether books changed the
/// converted sources' outputs after their groups were recorded.
struct Record<'a> {
    db: &'a mut State,
    run_id: i64,
    books: bool,
}

/// `--collection`: the books of the folders whose articles changed ([`books::write`]); each
/// book's files join its converted members' outputs, or its error fails them.
fn bind_books(
    survey: &Survey,
    outcomes: &mut [Option<Outcome>],
    opts: &Options,
    set: &WriterSet<'_>,
    pool: &rayon::ThreadPool,
) {
    // `outcomes` holds one slot per source to convert, in survey order.
    let mut slots = Vec::with_capacity(survey.sources.len());
    let mut next = 0;
    for (_, decision) in &survey.sources {
        slots.push(decision.converts().then(|| {
            next += 1;
            next - 1
        }));
    }
    let converted: Vec<Option<&Article>> = slots
        .iter()
        .map(|slot| {
            let o = outcomes.get((*slot)?)?.as_ref()?;
            match &o.reports[..] {
                [r] if r.status == Status::Converted => o.article.as_ref(),
                _ => None,
            }
        })
        .collect();
    let written = pool.install(|| books::write(survey, &converted, opts, set));
    let index: HashMap<&str, usize> = survey
        .sources
        .iter()
        .zip(&slots)
        .filter_map(|((s, _), slot)| slot.map(|i| (s.display.as_str(), i)))
        .collect();
    for book in written {
        for source in &book.sources {
            let Some(r) = index
                .get(source.as_str())
                .and_then(|&i| outcomes.get_mut(i))
                .and_then(Option::as_mut)
                .and_then(|o| o.reports.first_mut())
            else {
                continue;
            };
            match &book.outputs {
                Ok(paths) => r.outputs.extend(paths.iter().cloned()),
                Err(e) => {
                    r.status = Status::Failed;
                    r.error = Some(e.clone());
                }
            }
        }
    }
}

/// The state row of a source once processed ([`state::row`]).
fn state_row(source: &Source, outcome: &Outcome, config_hash: &str) -> Entry {
    state::row(
        &source.display,
        &outcome.reports,
        outcome.input_hash.as_deref(),
        config_hash,
    )
}

/// Folds the survey and the outcomes into the report, prunes, writes the report atomically and
/// records the run's last transaction: the sources that failed before conversion, the final
/// rows of converted sources when books added to their outputs, the pruned orphans and the
/// forgotten rows of sources that are gone.
fn finish(
    opts: &Options,
    survey: Survey,
    outcomes: Vec<Option<Outcome>>,
    interrupt: &Interrupt,
    record: Record<'_>,
) -> Result<Report, Error> {
    let shard = opts.batch.shard;
    let mut next = survey.manifest.clone();
    let mut rows: Vec<(String, Entry)> = Vec::new();
    let mut outcomes = outcomes.into_iter();
    let mut articles = Vec::with_capacity(survey.sources.len() + survey.refused.len());
    for (source, decision) in survey.sources {
        match decision {
            Decision::Unchanged(outputs, _) => {
                articles.push(ArticleReport::unchanged(&source.display, outputs))
            }
            Decision::Fail(e) => {
                next.entries.remove(&source.stem);
                let report = ArticleReport::failed(&source.display, None, e);
                let row = state::row(
                    &source.display,
                    std::slice::from_ref(&report),
                    None,
                    &survey.config_hash,
                );
                rows.push((source.stem.clone(), row));
                articles.push(report);
            }
            Decision::Convert(_) => {
                // Not started (interrupted): the database keeps what it knew.
                let Some(outcome) = outcomes.next().flatten() else {
                    continue;
                };
                let row = state_row(&source, &outcome, &survey.config_hash);
                match row.status {
                    Recorded::Converted => next.entries.insert(source.stem.clone(), row.clone()),
                    _ => next.entries.remove(&source.stem),
                };
                if record.books {
                    rows.push((source.stem.clone(), row));
                }
                articles.extend(outcome.reports);
            }
        }
    }
    for r in survey.refused {
        tracing::warn!("{}: {}", r.display, r.reason);
        articles.push(ArticleReport::skipped(&r.display, r.reason));
    }
    // Files shared with a live source (the XHTML stylesheet beside each folder's documents) are
    // never pruned.
    let orphan_stems: HashSet<&str> = survey.orphans.iter().map(|(s, _)| s.as_str()).collect();
    let live: HashSet<String> = next
        .entries
        .iter()
        .filter(|(stem, _)| !orphan_stems.contains(stem.as_str()))
        .flat_map(|(_, e)| e.outputs.iter().cloned())
        .chain(articles.iter().flat_map(|a| a.outputs.iter().cloned()))
        .collect();
    let mut orphans = Vec::new();
    let mut removed = survey.forgotten;
    for (stem, entry) in survey.orphans {
        let own: Vec<String> = entry
            .outputs
            .iter()
            .filter(|o| !live.contains(*o))
            .cloned()
            .collect();
        let pruned = opts.batch.prune
            && match output::remove_outputs(&opts.output, &own) {
                Ok(()) => true,
                Err(e) => {
                    tracing::warn!("cannot prune the outputs of {}: {e}", entry.source);
                    false
                }
            };
        if pruned {
            removed.push(stem);
        }
        orphans.push(Orphan {
            source: entry.source,
            outputs: entry.outputs,
            pruned,
        });
    }
    let mut report = Report::new(articles);
    report.shard = shard.map(|s| s.to_string());
    report.interrupted = interrupt.name();
    report.orphans = orphans;
    let write = |path: PathBuf, bytes: &[u8]| {
        output::write_atomic(&path, bytes, discover::scope(shard)).map_err(|e| Error::Output {
            path,
            message: e.to_string(),
        })
    };
    let json = report.to_json();
    write(opts.output.join(report_name(shard)), &json)?;
    if let Some(extra) = &opts.batch.report {
        write(extra.clone(), &json)?;
    }
    record.db.record(&rows, &removed)?;
    let t = &report.totals;
    let totals = RunTotals {
        converted: t.converted as u64,
        unchanged: t.unchanged as u64,
        skipped: t.skipped as u64,
        failed: t.failed as u64,
    };
    if let Err(e) = record.db.end_run(
        record.run_id,
        unix_now(),
        totals,
        report.interrupted.as_deref(),
    ) {
        tracing::warn!("cannot record the run's end: {e}");
    }
    Ok(report)
}
