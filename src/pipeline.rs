//! The run: discover → (in parallel, one article per task) read → decode → normalise →
//! structure → render every format in memory → write → report. The only rayon code.
//! Results are collected in input order, so the report does not depend on `--jobs`.

use crate::decode::{decode_with, DecodeOptions, EncodingChoice};
use crate::discover::{discover, Source};
use crate::error::{ArticleError, Error};
use crate::model::Article;
use crate::normalize::{normalize_with, NormalizeOptions};
use crate::options::{Format, Options, TextOptions};
use crate::output;
use crate::records;
use crate::report::{ArticleReport, Report, Status};
use crate::structure::{structure, SourceMeta};
use crate::writer::epub::EpubWriter;
use crate::writer::json::JsonWriter;
use crate::writer::pdf::{FontSet, PdfWriter};
use crate::writer::xhtml::XhtmlWriter;
use crate::writer::{Warned, Writer};
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Why a source is not an article, if it is not.
fn skip_reason(article: &Article) -> Option<String> {
    (article.blocks.is_empty() && article.title_source != crate::model::TitleSource::Text)
        .then(|| "empty: the file holds no text".to_string())
}

/// Decodes, normalises and structures one source's bytes with the default normalisation.
/// Pure.
pub fn build_article(
    bytes: &[u8],
    source: &Source,
    encoding: EncodingChoice,
) -> Result<Warned<Article>, ArticleError> {
    let decode = DecodeOptions {
        choice: encoding,
        lossy: false,
    };
    build_article_with(bytes, source, decode, &NormalizeOptions::default())
}

/// Decodes, normalises and structures one source's bytes. Pure.
pub fn build_article_with(
    bytes: &[u8],
    source: &Source,
    decode: DecodeOptions,
    normalize: &NormalizeOptions,
) -> Result<Warned<Article>, ArticleError> {
    let decoded = decode_with(bytes, decode)
        .map_err(|e| ArticleError::new("decode", format!("{}: {e}", source.display)))?;
    let built = build_from_text(&decoded.text, source, decoded.encoding, normalize);
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
) -> Warned<Article> {
    let normalized = normalize_with(text, normalize);
    let meta = SourceMeta {
        source: source.display.clone(),
        stem: source.file_stem(),
        encoding: encoding.to_string(),
    };
    Warned {
        value: structure(&normalized.text, &meta),
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

fn read(source: &Source) -> Result<Vec<u8>, ArticleError> {
    std::fs::read(&source.path)
        .map_err(|e| ArticleError::new("read", format!("{}: {e}", source.display)))
}

/// Converts one source file completely: one outcome, or one per record of a multi-record file
/// (in record order). Never panics out (a panic becomes a failed outcome).
fn process_source(
    source: &Source,
    opts: &Options,
    writers: &[Box<dyn Writer + '_>],
) -> Vec<ArticleReport> {
    guard(source, || {
        let bytes = match read(source) {
            Ok(bytes) => bytes,
            Err(e) => return vec![ArticleReport::failed(&source.display, None, e)],
        };
        if !records::sniff(&bytes) {
            return vec![convert_one(source, &bytes, opts, writers)];
        }
        match build_records(&bytes, source, &opts.text) {
            Err(e) => vec![ArticleReport::failed(&source.display, None, e)],
            Ok(items) => items
                .into_par_iter()
                .flat_map_iter(|record| {
                    let rsource = record.source.clone();
                    guard(&rsource, || {
                        vec![match record.built {
                            Err(reason) => ArticleReport {
                                source: rsource.display.clone(),
                                status: Status::Skipped,
                                encoding: Some(record.encoding.to_string()),
                                headline: None,
                                outputs: Vec::new(),
                                warnings: Vec::new(),
                                reason: Some(reason),
                                error: None,
                            },
                            Ok(built) => finish(&rsource, Ok(built), opts, writers),
                        }]
                    })
                })
                .collect(),
        }
    })
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
) -> ArticleReport {
    let built = build_article_with(
        bytes,
        source,
        opts.text.decode_for(source),
        &opts.text.normalize,
    );
    finish(source, built, opts, writers)
}

/// Render every format of a built article in memory → write all, or nothing on the first
/// error.
fn finish(
    source: &Source,
    built: Result<Warned<Article>, ArticleError>,
    opts: &Options,
    writers: &[Box<dyn Writer + '_>],
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
    if let Some(reason) = skip_reason(&article) {
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
        output::write_all(&opts.output, &artifacts)
            .map(|()| artifacts)
            .map_err(|e| {
                ArticleError::new(
                    "write",
                    format!("{}: writing outputs failed: {e}", source.display),
                )
            })
    });
    report.warnings = warnings;
    match written {
        Ok(artifacts) => {
            report.outputs = artifacts
                .iter()
                .map(|a| a.path.to_string_lossy().replace('\\', "/"))
                .collect();
        }
        Err(e) => {
            report.status = Status::Failed;
            report.error = Some(e);
        }
    }
    report
}

/// Runs a conversion. Fatal problems (before work starts) are errors; per-article problems are
/// in the report.
pub fn convert(opts: &Options) -> Result<Report, Error> {
    let sources = discover(&opts.inputs)?;
    output::prepare_root(&opts.output)?;
    let fonts = if opts.formats.contains(&Format::Pdf) {
        Some(FontSet::load(&opts.pdf)?)
    } else {
        None
    };
    let mut writers: Vec<Box<dyn Writer + '_>> = Vec::new();
    for f in &opts.formats {
        match f {
            Format::Epub => writers.push(Box::new(EpubWriter {
                opts: opts.epub.clone(),
            })),
            Format::Xhtml => writers.push(Box::new(XhtmlWriter {
                opts: opts.xhtml.clone(),
            })),
            Format::Pdf => writers.push(Box::new(PdfWriter {
                opts: opts.pdf.clone(),
                fonts: fonts
                    .as_ref()
                    .expect("fonts are loaded when PDF is asked for"),
            })),
            Format::Json => writers.push(Box::new(JsonWriter)),
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} worker threads: {e}", opts.jobs)))?;
    let outcomes: Vec<Vec<ArticleReport>> = pool.install(|| {
        sources
            .par_iter()
            .map(|s| process_source(s, opts, &writers))
            .collect()
    });
    let outcomes: Vec<ArticleReport> = outcomes.into_iter().flatten().collect();
    let report = Report::new(outcomes);
    output::write_atomic(&opts.output.join("report.json"), &report.to_json()).map_err(|e| {
        Error::Output {
            path: opts.output.join("report.json"),
            message: e.to_string(),
        }
    })?;
    Ok(report)
}
