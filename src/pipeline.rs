//! The run: discover → (in parallel, one article per task) read → decode → normalise →
//! structure → render every format in memory → write → report. The only rayon code.
//! Results are collected in input order, so the report does not depend on `--jobs`.

use crate::decode::{decode, EncodingChoice};
use crate::discover::{discover, Source};
use crate::error::{ArticleError, Error};
use crate::model::Article;
use crate::normalize::normalize;
use crate::options::{Format, Options};
use crate::output;
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

/// Decodes, normalises and structures one source's bytes. Pure.
pub fn build_article(
    bytes: &[u8],
    source: &Source,
    encoding: EncodingChoice,
) -> Result<Warned<Article>, ArticleError> {
    let decoded = decode(bytes, encoding)
        .map_err(|e| ArticleError::new("decode", format!("{}: {e}", source.display)))?;
    let normalized = normalize(&decoded.text);
    let meta = SourceMeta {
        source: source.display.clone(),
        stem: source.file_stem(),
        encoding: decoded.encoding.to_string(),
    };
    Ok(Warned {
        value: structure(&normalized.text, &meta),
        warnings: normalized.notes,
    })
}

fn read(source: &Source) -> Result<Vec<u8>, ArticleError> {
    std::fs::read(&source.path)
        .map_err(|e| ArticleError::new("read", format!("{}: {e}", source.display)))
}

/// Converts one source completely; never panics out (a panic becomes a failed outcome).
fn process(source: &Source, opts: &Options, writers: &[Box<dyn Writer + '_>]) -> ArticleReport {
    match catch_unwind(AssertUnwindSafe(|| convert_one(source, opts, writers))) {
        Ok(report) => report,
        Err(panic) => {
            let text = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            ArticleReport::failed(
                &source.display,
                None,
                ArticleError::new(
                    "internal",
                    format!("{}: internal error: {text}", source.display),
                ),
            )
        }
    }
}

/// Read → build → render every format in memory → write all, or nothing on the first error.
fn convert_one(source: &Source, opts: &Options, writers: &[Box<dyn Writer + '_>]) -> ArticleReport {
    let built = read(source).and_then(|bytes| build_article(&bytes, source, opts.encoding));
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

/// Converts every source with the given writers on a pool of `opts.jobs` threads and returns
/// the outcomes in input order. A panic in one article is caught and becomes that article's
/// `failed` outcome (code `internal`); the other articles are unaffected. Public so that tests
/// can run a batch with their own writers (e.g. one that panics on purpose).
pub fn run_batch(
    sources: &[Source],
    opts: &Options,
    writers: &[Box<dyn Writer + '_>],
) -> Result<Vec<ArticleReport>, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} worker threads: {e}", opts.jobs)))?;
    Ok(pool.install(|| {
        sources
            .par_iter()
            .map(|s| process(s, opts, writers))
            .collect()
    }))
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
    let outcomes = run_batch(&sources, opts, &writers)?;
    let report = Report::new(outcomes);
    output::write_atomic(&opts.output.join("report.json"), &report.to_json()).map_err(|e| {
        Error::Output {
            path: opts.output.join("report.json"),
            message: e.to_string(),
        }
    })?;
    Ok(report)
}
