//! The run: discover → survey (which sources changed since the manifest) → (in parallel, one
//! article per task) read → decode → normalise → structure → render every format in memory →
//! write → report + manifest. The only rayon code. Results are collected in input order, so the
//! report and the manifest do not depend on `--jobs`.
//!
//! A batch run holds the output root's lock from before the first write until the report and
//! manifest are written. On SIGINT/SIGTERM no new article starts; those in flight finish, and
//! the report (with `interrupted`) and the manifest are written as usual.

use crate::batch::books::{group, Book};
use crate::text::decode::{decode_with, DecodeOptions, EncodingChoice};
use crate::batch::discover::{walk, Discovery, Refused, Shard, Source};
use crate::model::diag::{ArticleError, Error};
use crate::batch::lock::RunLock;
use crate::batch::manifest::{self, Checkpoint, Manifest};
use crate::model::Article;
use crate::text::normalize::{normalize_with, NormalizeOptions};
use crate::settings::resolve::{Format, Options, TextOptions};
use crate::output::{self, Staging};
use crate::batch::progress;
use crate::read::sogou as records;
use crate::report::{ArticleReport, Orphan, Report, Status};
use crate::batch::signals::Interrupt;
use crate::structure::{skip::skip_reason, structure_with, Rules, SourceMeta};
use crate::writer::epub::font::EmbedFont;
use crate::writer::epub::EpubWriter;
use crate::writer::json::JsonWriter;
use crate::writer::pdf::{FontSet, PdfWriter};
use crate::writer::xhtml::XhtmlWriter;
use crate::writer::{Warned, Writer};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Decodes, normalises and structures one source's bytes with the default normalisation and
/// the built-in structure rules. Pure.
pub fn build_article(
    bytes: &[u8],
    source: &Source,
    encoding: EncodingChoice,
) -> Result<Warned<Article>, ArticleError> {
    let decode = DecodeOptions {
        choice: encoding,
        lossy: false,
    };
    build_article_with(
        bytes,
        source,
        decode,
        &NormalizeOptions::default(),
        Rules::builtin(),
    )
}

/// Decodes, normalises and structures one source's bytes. Pure.
pub fn build_article_with(
    bytes: &[u8],
    source: &Source,
    decode: DecodeOptions,
    normalize: &NormalizeOptions,
    rules: &Rules,
) -> Result<Warned<Article>, ArticleError> {
    let decoded = decode_with(bytes, decode)
        .map_err(|e| ArticleError::new("decode", format!("{}: {e}", source.display)))?;
    let built = build_from_text(&decoded.text, source, decoded.encoding, normalize, rules);
    Ok(Warned {
        value: built.value,
        warnings: decoded.notes.into_iter().chain(built.warnings).collect(),
    })
}

/// Normalises and structures decoded text. Pure.
fn build_from_text(
    text: &str,
    source: &Source,
    encoding: &str,
    normalize: &NormalizeOptions,
    rules: &Rules,
) -> Warned<Article> {
    let normalized = normalize_with(text, normalize);
    let meta = SourceMeta {
        source: source.display.clone(),
        stem: source.file_stem(),
        encoding: encoding.to_string(),
    };
    Warned {
        value: structure_with(&normalized.text, &meta, rules).article,
        warnings: normalized.notes,
    }
}

/// One record of a multi-record file, built.
#[derive(Debug)]
pub struct BuiltRecord {
    /// The record as a source of its own: `display#docno`, output stem `stem/docno`.
    pub source: Source,
    /// The encoding of the whole file.
    pub encoding: &'static str,
    /// The article, or why the record is skipped.
    pub built: Result<Warned<Article>, String>,
}

/// One source file in the SogouCA/SogouCS record format → one built article (or skip reason)
/// per record, in file order. Pure. A decoding error fails the whole file.
pub fn build_records(
    bytes: &[u8],
    source: &Source,
    text_opts: &TextOptions,
    rules: &Rules,
) -> Result<Vec<BuiltRecord>, ArticleError> {
    let decoded = decode_with(bytes, text_opts.decode_for(source))
        .map_err(|e| ArticleError::new("decode", format!("{}: {e}", source.display)))?;
    Ok(records::split(&decoded.text)
        .into_iter()
        .map(|record| {
            let rsource = Source {
                path: source.path.clone(),
                display: format!("{}#{}", source.display, record.name),
                stem: format!("{}/{}", source.stem, record.name),
            };
            let built = match record.skip_reason() {
                Some(reason) => Err(reason),
                None => {
                    let mut built = build_from_text(
                        &record.content,
                        &rsource,
                        decoded.encoding,
                        &text_opts.normalize,
                        rules,
                    );
                    let title = normalize_with(&record.title, &text_opts.normalize);
                    records::apply_title(&mut built.value, title.text.trim());
                    built.warnings.splice(0..0, decoded.notes.iter().cloned());
                    built
                        .warnings
                        .extend(title.notes.iter().map(|n| format!("contenttitle: {n}")));
                    Ok(built)
                }
            };
            BuiltRecord {
                source: rsource,
                encoding: decoded.encoding,
                built,
            }
        })
        .collect())
}

/// Reads a source, refusing (without reading) one larger than `limit` bytes.
fn read(source: &Source, limit: u64) -> Result<Vec<u8>, ArticleError> {
    let fail = |e: std::io::Error| ArticleError::new("read", format!("{}: {e}", source.display));
    let too_large = |len: u64| {
        ArticleError::new(
            "too_large",
            format!(
                "{}: {len} bytes is more than max_input_bytes ({limit}); not read",
                source.display
            ),
        )
    };
    let file = std::fs::File::open(&source.path).map_err(fail)?;
    let len = file.metadata().map_err(fail)?.len();
    if len > limit {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take` guards against a file that grows between the size check and the read.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(fail)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// One converted (or failed) source and the hash of the bytes it was made from: one report,
/// or one per record of a multi-record file, in record order.
struct Outcome {
    reports: Vec<ArticleReport>,
    input_hash: Option<String>,
}

/// Reads and converts one source completely; never panics out (a panic becomes a failed
/// outcome).
fn process(
    source: &Source,
    opts: &Options,
    writers: &[Box<dyn Writer + '_>],
    staging: &Staging,
) -> Outcome {
    let bytes = match read(source, opts.batch.max_input_bytes) {
        Ok(b) => b,
        Err(e) => {
            return Outcome {
                reports: vec![ArticleReport::failed(&source.display, None, e)],
                input_hash: None,
            }
        }
    };
    let input_hash = Some(manifest::input_hash(&bytes));
    let reports = guard(source, || {
        if !records::sniff(&bytes) {
            return vec![convert_one(source, &bytes, opts, writers, staging)];
        }
        convert_records(source, &bytes, opts, writers, staging)
    });
    Outcome {
        reports,
        input_hash,
    }
}

/// A multi-record file: one report per record, in record order (records convert in parallel).
fn convert_records(
    source: &Source,
    bytes: &[u8],
    opts: &Options,
    writers: &[Box<dyn Writer + '_>],
    staging: &Staging,
) -> Vec<ArticleReport> {
    match build_records(bytes, source, &opts.text, &opts.structure) {
        Err(e) => vec![ArticleReport::failed(&source.display, None, e)],
        Ok(items) => items
            .into_par_iter()
            .flat_map_iter(|record| {
                let rsource = record.source.clone();
                guard(&rsource, || {
                    vec![match record.built {
                        Err(reason) => ArticleReport {
                            encoding: Some(record.encoding.to_string()),
                            ..ArticleReport::skipped(&rsource.display, reason)
                        },
                        Ok(built) => finish_article(&rsource, Ok(built), opts, writers, staging),
                    }]
                })
            })
            .collect(),
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
                    "internal",
                    format!("{}: internal error: {text}", source.display),
                ),
            )]
        }
    }
}

/// Build → render every format in memory → write all, or nothing on the first error.
fn convert_one(
    source: &Source,
    bytes: &[u8],
    opts: &Options,
    writers: &[Box<dyn Writer + '_>],
    staging: &Staging,
) -> ArticleReport {
    finish_article(source, build(bytes, source, opts), opts, writers, staging)
}

/// Decodes, normalises and structures one source's bytes with a run's options (text options
/// for this source, structure rules) and applies its overrides. Pure.
pub fn build(
    bytes: &[u8],
    source: &Source,
    opts: &Options,
) -> Result<Warned<Article>, ArticleError> {
    build_article_with(
        bytes,
        source,
        opts.text.decode_for(source),
        &opts.text.normalize,
        &opts.structure,
    )
    .map(|b| Warned {
        value: opts.overrides.apply(b.value),
        warnings: b.warnings,
    })
}

/// Render every format of a built article in memory → stage all, or nothing on the first
/// error. The files reach the output tree at the next [`Staging::commit`], which may still
/// fail the article ([`settle`]).
fn finish_article(
    source: &Source,
    built: Result<Warned<Article>, ArticleError>,
    opts: &Options,
    writers: &[Box<dyn Writer + '_>],
    staging: &Staging,
) -> ArticleReport {
    let Warned {
        value: article,
        mut warnings,
    } = match built {
        Ok(b) => b,
        Err(e) => return ArticleReport::failed(&source.display, None, e),
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
    if let Some(reason) = skip_reason(&article, &opts.structure) {
        report.status = Status::Skipped;
        report.headline = None;
        report.reason = Some(reason);
        report.warnings = warnings;
        return report;
    }
    let rendered: Result<Vec<_>, ArticleError> = writers
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
        staging
            .stage(&source.display, &artifacts)
            .map(|()| artifacts)
            .map_err(|e| write_error(&source.display, &e))
    });
    report.warnings = warnings;
    match written {
        Ok(artifacts) => {
            report.outputs = artifacts.iter().map(output_name).collect();
        }
        Err(e) => {
            report.status = Status::Failed;
            report.error = Some(e);
        }
    }
    report
}

/// What the survey decided for one source before any conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// New, changed, or `--force`: convert it.
    Convert,
    /// The manifest says its outputs (listed) are up to date.
    Unchanged(Vec<String>),
    /// It cannot be read (or is too large): it fails without conversion.
    Fail(ArticleError),
}

/// Everything decided before work starts: this run's sources and what to do with each, the
/// refused paths and the orphans. No file is written to find it out.
#[derive(Debug)]
pub struct Survey {
    /// This run's sources (its shard's) in input order, with their decisions.
    pub sources: Vec<(Source, Decision)>,
    /// Paths refused for safety, in this run's shard.
    pub refused: Vec<Refused>,
    /// Manifest entries (stem, entry) whose source is gone.
    pub orphans: Vec<(String, manifest::Entry)>,
    /// The manifest as the last run left it.
    pub manifest: Manifest,
    /// The hash of the effective configuration.
    pub config_hash: String,
}

/// Names in the output root that newsbind writes for itself.
fn reserved(stem: &str) -> bool {
    let s = stem.to_lowercase();
    s == "report" || s.starts_with("report.shard-") || s.starts_with(".newsbind")
}

/// Discovers the sources, keeps this run's shard, and decides from the manifest which ones need
/// converting (reading and hashing each; in parallel). Fatal problems are errors.
pub fn survey(opts: &Options) -> Result<Survey, Error> {
    decide(opts, discover_checked(opts)?)
}

/// Walks the inputs and refuses sources that would overwrite newsbind's own files.
fn discover_checked(opts: &Options) -> Result<Discovery, Error> {
    let found = walk(&opts.inputs)?;
    if opts.formats.contains(&Format::Json) {
        if let Some(s) = found.sources.iter().find(|s| reserved(&s.stem)) {
            return Err(Error::Input {
                path: s.path.clone(),
                message: format!(
                    "its output `{}.json` would overwrite newsbind's own file in the output root; rename it",
                    s.stem
                ),
            });
        }
    }
    Ok(found)
}

/// The survey of what `found` holds against the manifest.
fn decide(opts: &Options, found: Discovery) -> Result<Survey, Error> {
    let all_stems: HashSet<&str> = found
        .sources
        .iter()
        .map(|s| s.stem.as_str())
        .chain(found.refused.iter().map(|r| r.stem.as_str()))
        .collect();
    let shard = opts.batch.shard;
    let mine = |stem: &str| shard.is_none_or(|sh: Shard| sh.includes(stem));
    let manifest = Manifest::load(&manifest::path(&opts.output, shard));
    let config_hash = manifest::config_hash(opts);
    let orphans = manifest
        .entries
        .iter()
        .filter(|(stem, _)| !all_stems.contains(stem.as_str()))
        .map(|(stem, e)| (stem.clone(), e.clone()))
        .collect();
    let sources: Vec<Source> = found
        .sources
        .into_iter()
        .filter(|s| mine(&s.stem))
        .collect();
    let decide_one = |source: &Source| {
        if opts.batch.force {
            return Decision::Convert;
        }
        match read(source, opts.batch.max_input_bytes) {
            Err(e) => Decision::Fail(e),
            Ok(bytes) => {
                let hash = manifest::input_hash(&bytes);
                match manifest.current(&source.stem, &hash, &config_hash, &opts.output) {
                    Some(entry) => Decision::Unchanged(entry.outputs.clone()),
                    None => Decision::Convert,
                }
            }
        }
    };
    let decisions: Vec<Decision> =
        pool(opts)?.install(|| sources.par_iter().map(decide_one).collect());
    Ok(Survey {
        sources: sources.into_iter().zip(decisions).collect(),
        refused: found
            .refused
            .into_iter()
            .filter(|r| mine(&r.stem))
            .collect(),
        orphans,
        manifest,
        config_hash,
    })
}

fn pool(opts: &Options) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} worker threads: {e}", opts.jobs)))
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
    writers: &[Box<dyn Writer + '_>],
) -> Result<Vec<ArticleReport>, Error> {
    let staging = Staging::new(&opts.output);
    let mut outcomes: Vec<Option<Outcome>> = pool(opts)?.install(|| {
        sources
            .par_iter()
            .map(|s| Some(process(s, opts, writers, &staging)))
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

/// An artifact's path as reports and the manifest name it: relative, with `/`.
fn output_name(a: &crate::writer::Artifact) -> String {
    a.path.to_string_lossy().replace('\\', "/")
}

/// The report's error for outputs that could not be written.
fn write_error(source: &str, e: &std::io::Error) -> ArticleError {
    ArticleError::new("write", format!("{source}: writing outputs failed: {e}"))
}

/// Runs a conversion. Fatal problems (before work starts) are errors; per-article problems are
/// in the report.
pub fn convert(opts: &Options) -> Result<Report, Error> {
    convert_with(opts, &Interrupt::never())
}

/// Runs a conversion that stops taking new articles once `interrupt` is raised.
pub fn convert_with(opts: &Options, interrupt: &Interrupt) -> Result<Report, Error> {
    let found = discover_checked(opts)?;
    output::prepare_root(&opts.output)?;
    let shard = opts.batch.shard;
    let _lock = RunLock::acquire(&opts.output, shard.map(|s| (s.index, s.count)))?;
    let swept = output::sweep_temporaries(&opts.output);
    if swept > 0 {
        tracing::info!("removed {swept} temporary files left by an interrupted run");
    }
    let survey = decide(opts, found)?;
    let todo: Vec<&Source> = survey
        .sources
        .iter()
        .filter(|(_, d)| *d == Decision::Convert)
        .map(|(s, _)| s)
        .collect();
    tracing::info!(
        "{} sources, {} to convert{}",
        survey.sources.len(),
        todo.len(),
        shard.map(|s| format!(" (shard {s})")).unwrap_or_default()
    );
    // Fonts are found before any work (a missing font is fatal) but parsed only when the first
    // article reaches the PDF writer: a rerun that converts nothing, or only sources that fail
    // to decode, stays cheap.
    if opts.formats.contains(&Format::Pdf) && !todo.is_empty() {
        crate::fonts::locate(&opts.pdf.body_font)?;
        crate::fonts::locate(&opts.pdf.heading_font)?;
    }
    let lazy_pdf = LazyPdf {
        opts: &opts.pdf,
        fonts: OnceLock::new(),
    };
    let embed_font = if opts.epub.embed_font && opts.formats.contains(&Format::Epub) {
        let location = crate::fonts::locate(&opts.pdf.body_font)?;
        Some(std::sync::Arc::new(EmbedFont::load(&location)?))
    } else {
        None
    };
    let mut writers: Vec<Box<dyn Writer + '_>> = Vec::new();
    for f in &opts.formats {
        match f {
            // With --collection, EPUBs and PDFs are books per folder: see `write_collections`.
            Format::Epub | Format::Pdf if opts.epub.collection => {}
            Format::Epub => writers.push(Box::new(EpubWriter {
                opts: opts.epub.clone(),
                font: embed_font.clone(),
            })),
            Format::Xhtml => writers.push(Box::new(XhtmlWriter {
                opts: opts.xhtml.clone(),
            })),
            Format::Pdf => writers.push(Box::new(&lazy_pdf)),
            Format::Json => writers.push(Box::new(JsonWriter)),
        }
    }
    let bar = progress::bar(todo.len() as u64, opts.batch.progress);
    let checkpoint = Checkpoint::new(
        manifest::path(&opts.output, shard),
        survey.manifest.clone(),
        CHECKPOINT_EVERY,
    );
    let pool = pool(opts)?;
    let staging = Staging::new(&opts.output);
    let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(todo.len());
    // Sources convert in groups; each group's files are made durable and put in place by one
    // commit, and only then do its sources enter the manifest checkpoint.
    let mut size = GROUP_FIRST;
    let mut rest = &todo[..];
    while !rest.is_empty() {
        let (group, tail) = rest.split_at(size.min(rest.len()));
        rest = tail;
        let started = Instant::now();
        let mut done: Vec<Option<Outcome>> = pool.install(|| {
            group
                .par_iter()
                .map(|s| {
                    if interrupt.received().is_some() {
                        return None;
                    }
                    let outcome = process(s, opts, &writers, &staging);
                    bar.inc(1);
                    Some(outcome)
                })
                .collect()
        });
        settle(&mut done, staging.commit());
        for (s, outcome) in group.iter().zip(&done) {
            let Some(outcome) = outcome else { continue };
            for r in &outcome.reports {
                tracing::debug!("{}: {:?}", r.source, r.status);
            }
            if let Some(entry) = manifest_entry(s, outcome, &survey.config_hash) {
                checkpoint.record(&s.stem, entry);
            }
        }
        outcomes.extend(done);
        // The next group takes about GROUP_TIME at this pace (growing at most 4× at a time).
        let took = started.elapsed().as_secs_f64().max(1e-4);
        let paced = (group.len() as f64 * GROUP_TIME.as_secs_f64() / took) as usize;
        size = paced.clamp(GROUP_FIRST, (size * 4).min(GROUP_MAX));
    }
    if let Err(e) = staging.seal() {
        tracing::warn!("cannot sync the output folder: {e}");
    }
    bar.finish_and_clear();
    let books = BookWriters {
        epub: opts.formats.contains(&Format::Epub).then(|| EpubWriter {
            opts: opts.epub.clone(),
            font: embed_font,
        }),
        pdf: opts.formats.contains(&Format::Pdf).then_some(&lazy_pdf),
    };
    if opts.epub.collection && (books.epub.is_some() || books.pdf.is_some()) {
        pool.install(|| write_collections(&survey, &mut outcomes, opts, &books));
    }
    finish(opts, survey, outcomes, interrupt)
}

/// `--collection`: after the per-article work, binds each folder's articles into one EPUB
/// (one-article sources only: the records of a multi-record file are left out of books)
/// ([`crate::batch::books`]). A book is rebuilt when any of its members was converted in this
/// run, from all its members (converted now or unchanged since the last run), so an
/// incremental run never shrinks a book to the articles that changed. Articles are rebuilt from
/// their sources (a pure, cheap step). The book's path joins its converted members' outputs
/// (and so the manifest); if the book cannot be made or written, those members fail with that
/// error.
fn write_collections(
    survey: &Survey,
    outcomes: &mut [Option<Outcome>],
    opts: &Options,
    writers: &BookWriters<'_, '_>,
) {
    // `outcomes` holds one slot per source to convert, in survey order.
    let mut slots = Vec::with_capacity(survey.sources.len());
    let mut next = 0;
    for (_, decision) in &survey.sources {
        if *decision == Decision::Convert {
            slots.push(Some(next));
            next += 1;
        } else {
            slots.push(None);
        }
    }
    let converted = |slot: Option<usize>| {
        slot.and_then(|i| outcomes.get(i))
            .and_then(Option::as_ref)
            .is_some_and(|o| matches!(&o.reports[..], [r] if r.status == Status::Converted))
    };
    let members: Vec<(Source, Article)> = survey
        .sources
        .par_iter()
        .zip(slots.par_iter())
        .filter(|((_, d), slot)| matches!(d, Decision::Unchanged(_)) || converted(**slot))
        .filter_map(|((s, _), _)| {
            let built =
                read(s, opts.batch.max_input_bytes).and_then(|bytes| build(&bytes, s, opts));
            built.ok().map(|w| (s.clone(), w.value))
        })
        .collect();
    let fresh: HashSet<&str> = survey
        .sources
        .iter()
        .zip(&slots)
        .filter(|(_, slot)| converted(**slot))
        .map(|((s, _), _)| s.display.as_str())
        .collect();
    let failed = |stem: &str, e: &std::io::Error| {
        ArticleError::new(
            "write",
            format!("{stem}: writing the collection failed: {e}"),
        )
    };
    // Every book is staged, then all are committed together (one sync).
    let staging = Staging::new(&opts.output);
    let mut results: Vec<(Book, Result<Vec<String>, ArticleError>)> = group(members)
        .into_par_iter()
        .filter(|book| book.sources.iter().any(|s| fresh.contains(s.as_str())))
        .map(|book| {
            let written = writers.render(&book.collection, &book.stem).and_then(|r| {
                staging
                    .stage(&book.stem, &r.value)
                    .map(|()| r.value.iter().map(output_name).collect())
                    .map_err(|e| failed(&book.stem, &e))
            });
            (book, written)
        })
        .collect();
    for (stem, e) in staging.commit() {
        for (book, written) in results.iter_mut().filter(|(b, _)| b.stem == stem) {
            *written = Err(failed(&book.stem, &e));
        }
    }
    let index: std::collections::HashMap<&str, usize> = survey
        .sources
        .iter()
        .zip(&slots)
        .filter_map(|((s, _), slot)| slot.map(|i| (s.display.as_str(), i)))
        .collect();
    for (book, written) in results {
        for source in &book.sources {
            let Some(o) = index
                .get(source.as_str())
                .and_then(|&i| outcomes.get_mut(i))
                .and_then(Option::as_mut)
                .and_then(|o| o.reports.first_mut())
            else {
                continue;
            };
            match &written {
                Ok(paths) => o.outputs.extend(paths.iter().cloned()),
                Err(e) => {
                    o.status = Status::Failed;
                    o.error = Some(e.clone());
                }
            }
        }
    }
}

/// The writers of collection books: one EPUB and/or one PDF per folder.
struct BookWriters<'p, 'o> {
    epub: Option<EpubWriter>,
    pdf: Option<&'p LazyPdf<'o>>,
}

impl BookWriters<'_, '_> {
    /// Renders one book in every format asked for, in memory.
    fn render(
        &self,
        collection: &crate::model::Collection,
        stem: &str,
    ) -> Result<Warned<Vec<crate::writer::Artifact>>, ArticleError> {
        let mut out = Warned::clean(Vec::new());
        if let Some(epub) = &self.epub {
            let r = epub.render_collection(collection, stem)?;
            out.value.extend(r.value);
            out.warnings.extend(r.warnings);
        }
        if let Some(pdf) = self.pdf {
            let r = pdf.writer()?.collection_pdf(collection)?;
            out.value.push(crate::writer::Artifact {
                path: format!("{stem}.pdf").into(),
                bytes: r.value,
            });
            out.warnings.extend(r.warnings);
        }
        Ok(out)
    }
}

/// The PDF writer with its fonts parsed on first use (parsing the CJK fonts takes about a
/// second, which an incremental rerun should not pay for nothing).
struct LazyPdf<'a> {
    opts: &'a crate::settings::resolve::PdfOptions,
    fonts: OnceLock<Result<FontSet, String>>,
}

impl Writer for &LazyPdf<'_> {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(
        &self,
        article: &Article,
        stem: &str,
    ) -> Result<Warned<Vec<crate::writer::Artifact>>, ArticleError> {
        self.writer()?.render(article, stem)
    }
}

impl LazyPdf<'_> {
    /// The PDF writer, parsing the fonts on first use.
    fn writer(&self) -> Result<PdfWriter<'_>, ArticleError> {
        let fonts = self
            .fonts
            .get_or_init(|| FontSet::load(self.opts).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ArticleError::new("font", e.clone()))?;
        Ok(PdfWriter {
            opts: self.opts.clone(),
            fonts,
        })
    }
}

/// How often the manifest is saved during a run (for runs killed with `kill -9`).
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Sources convert in groups, and each group's files reach the output tree at one commit
/// ([`Staging::commit`]: one `syncfs` per group instead of one `fsync` per file). The first
/// group is small, so that outputs appear soon; later ones are sized to take about
/// `GROUP_TIME` (a sync is then a small part of a group's time, and a kill loses little).
const GROUP_FIRST: usize = 16;
/// See [`GROUP_FIRST`].
const GROUP_TIME: Duration = Duration::from_millis(250);
/// The largest group, whatever the pace.
const GROUP_MAX: usize = 1024;

/// The manifest entry of a converted source; `None` for any other outcome. A multi-record
/// source counts as converted when no record failed and at least one was converted; its entry
/// lists every record's outputs.
fn manifest_entry(
    source: &Source,
    outcome: &Outcome,
    config_hash: &str,
) -> Option<manifest::Entry> {
    let statuses = || outcome.reports.iter().map(|r| r.status);
    let converted = statuses().any(|s| s == Status::Converted)
        && statuses().all(|s| matches!(s, Status::Converted | Status::Skipped));
    match (converted, &outcome.input_hash) {
        (true, Some(input)) => Some(manifest::Entry {
            source: source.display.clone(),
            input: input.clone(),
            config: config_hash.to_string(),
            tool: manifest::TOOL.into(),
            outputs: outcome
                .reports
                .iter()
                .flat_map(|r| r.outputs.iter().cloned())
                .collect(),
        }),
        _ => None,
    }
}

/// Folds the survey and the outcomes into the report and the next manifest, prunes, and writes
/// both atomically.
fn finish(
    opts: &Options,
    survey: Survey,
    outcomes: Vec<Option<Outcome>>,
    interrupt: &Interrupt,
) -> Result<Report, Error> {
    let shard = opts.batch.shard;
    let mut next = survey.manifest.clone();
    let mut outcomes = outcomes.into_iter();
    let mut articles = Vec::with_capacity(survey.sources.len() + survey.refused.len());
    for (source, decision) in survey.sources {
        match decision {
            Decision::Unchanged(outputs) => {
                articles.push(ArticleReport::unchanged(&source.display, outputs))
            }
            Decision::Fail(e) => {
                next.entries.remove(&source.stem);
                articles.push(ArticleReport::failed(&source.display, None, e));
            }
            Decision::Convert => {
                // Not started (interrupted): the manifest keeps what it knew.
                let Some(outcome) = outcomes.next().flatten() else {
                    continue;
                };
                match manifest_entry(&source, &outcome, &survey.config_hash) {
                    Some(entry) => next.entries.insert(source.stem.clone(), entry),
                    None => next.entries.remove(&source.stem),
                };
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
            next.entries.remove(&stem);
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
        output::write_atomic(&path, bytes).map_err(|e| Error::Output {
            path,
            message: e.to_string(),
        })
    };
    let json = report.to_json();
    write(opts.output.join(report_name(shard)), &json)?;
    if let Some(extra) = &opts.batch.report {
        write(extra.clone(), &json)?;
    }
    let manifest_path = manifest::path(&opts.output, shard);
    next.save(&manifest_path).map_err(|e| Error::Output {
        path: manifest_path,
        message: e.to_string(),
    })?;
    Ok(report)
}

/// One line of `--dry-run`: what would happen to one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLine {
    /// `convert`, `unchanged`, `fail`, `refuse`, `prune` or `gone`.
    pub action: &'static str,
    /// The source path.
    pub source: String,
    /// Outputs, or the reason.
    pub detail: String,
}

/// What a run would do, without writing anything (not even the output root).
pub fn plan(opts: &Options) -> Result<Vec<PlanLine>, Error> {
    let survey = survey(opts)?;
    let mut lines = Vec::new();
    for (s, d) in survey.sources {
        let (action, detail) = match d {
            Decision::Convert => ("convert", String::new()),
            Decision::Unchanged(outputs) => ("unchanged", outputs.join(" ")),
            Decision::Fail(e) => ("fail", e.message),
        };
        lines.push(PlanLine {
            action,
            source: s.display,
            detail,
        });
    }
    for r in survey.refused {
        lines.push(PlanLine {
            action: "refuse",
            source: r.display,
            detail: r.reason,
        });
    }
    for (_, e) in survey.orphans {
        lines.push(PlanLine {
            action: if opts.batch.prune { "prune" } else { "gone" },
            source: e.source,
            detail: e.outputs.join(" "),
        });
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newsbinds_own_file_names_are_reserved() {
        for stem in [
            "report",
            "REPORT",
            "report.shard-1-of-2",
            ".newsbind-manifest",
        ] {
            assert!(reserved(stem), "{stem}");
        }
        for stem in ["reports", "sub/report", "news"] {
            assert!(!reserved(stem), "{stem}");
        }
    }
}
