//! The survey: which of this run's sources need converting, decided from the state database's
//! rows ([`state`](crate::batch::state)) before any work, and `--dry-run`'s listing of it
//! ([`plan`]).
//!
//! Invariants: no file is written; each source is read at most once in the whole run — a
//! source is read here only when the database has a candidate row (same configuration and
//! tool, outputs present) whose input hash must be compared, and the bytes read (with their
//! hash) travel on to the conversion instead of being read again; a source without a candidate
//! is converted without being looked at here. `--dry-run` reads every source, so that it can
//! also say which ones would fail.

use crate::batch::discover::{walk, Discovery, Refused, Shard};
use crate::batch::fingerprint::config_hash;
use crate::batch::options::Options;
use crate::batch::state::{self, Manifest, Recorded};
use crate::model::diag::{ArticleError, Error, ErrorCode};
use crate::model::Source;
use crate::writer::Format;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Read;

/// A source's bytes as the run read them, with their BLAKE3 hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The whole file.
    pub bytes: Vec<u8>,
    /// [`state::input_hash`] of the bytes.
    pub hash: String,
}

impl Input {
    /// Reads a source, refusing (without reading) one larger than `limit` bytes, and hashes it.
    pub fn read(source: &Source, limit: u64) -> Result<Input, ArticleError> {
        let bytes = read_limited(source, limit)?;
        let hash = state::input_hash(&bytes);
        Ok(Input { bytes, hash })
    }
}

/// Reads a source, refusing (without reading) one larger than `limit` bytes.
fn read_limited(source: &Source, limit: u64) -> Result<Vec<u8>, ArticleError> {
    let fail =
        |e: std::io::Error| ArticleError::new(ErrorCode::Read, format!("{}: {e}", source.display));
    let too_large = |len: u64| {
        ArticleError::new(
            ErrorCode::TooLarge,
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

/// What the survey decided for one source before any conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// New, changed, or `--force`: convert it (with its bytes when the survey read them).
    Convert(Option<Input>),
    /// The manifest says its outputs (listed) are up to date. With `--collection` the bytes
    /// are kept, for the books it belongs to.
    Unchanged(Vec<String>, Option<Input>),
    /// It cannot be read (or is too large): it fails without conversion (`--dry-run` only;
    /// a run finds this out when it converts the source).
    Fail(ArticleError),
}

impl Decision {
    /// Whether the source is to be converted.
    pub fn converts(&self) -> bool {
        matches!(self, Decision::Convert(_))
    }
}

/// Everything decided before work starts: this run's sources and what to do with each, the
/// refused paths and the orphans.
#[derive(Debug)]
pub struct Survey {
    /// This run's sources (its shard's) in input order, with their decisions.
    pub sources: Vec<(Source, Decision)>,
    /// Paths refused for safety, in this run's shard.
    pub refused: Vec<Refused>,
    /// Converted rows (stem, entry) whose source is gone.
    pub orphans: Vec<(String, state::Entry)>,
    /// Rows of failed or skipped sources that are gone: forgotten at the end of the run.
    pub forgotten: Vec<String>,
    /// The database's rows as the last run left them.
    pub manifest: Manifest,
    /// The hash of the effective configuration.
    pub config_hash: String,
}

/// Names in the output root that newsbind writes for itself.
fn reserved(stem: &str) -> bool {
    let s = stem.to_lowercase();
    s == "report" || s.starts_with("report.shard-") || s.starts_with(".newsbind")
}

/// Walks the inputs and refuses sources that would overwrite newsbind's own files.
pub fn discover_checked(opts: &Options) -> Result<Discovery, Error> {
    let found = walk(&opts.inputs)?;
    if opts.write.formats.contains(&Format::Json) {
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

/// The worker pool of a run: `opts.jobs` threads (0: one per core).
pub fn pool(opts: &Options) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} worker threads: {e}", opts.jobs)))
}

/// The survey of what `found` holds against the database's rows `manifest` (reading in
/// parallel on `pool`).
pub fn decide(
    opts: &Options,
    found: Discovery,
    pool: &rayon::ThreadPool,
    manifest: Manifest,
) -> Result<Survey, Error> {
    let all_stems: HashSet<&str> = found
        .sources
        .iter()
        .map(|s| s.stem.as_str())
        .chain(found.refused.iter().map(|r| r.stem.as_str()))
        .collect();
    let shard = opts.batch.shard;
    let mine = |stem: &str| shard.is_none_or(|sh: Shard| sh.includes(stem));
    let config_hash = config_hash(opts);
    let gone = || {
        manifest
            .entries
            .iter()
            .filter(|(stem, _)| !all_stems.contains(stem.as_str()))
    };
    let orphans = gone()
        .filter(|(_, e)| e.status == Recorded::Converted)
        .map(|(stem, e)| (stem.clone(), e.clone()))
        .collect();
    let forgotten = gone()
        .filter(|(_, e)| e.status != Recorded::Converted)
        .map(|(stem, _)| stem.clone())
        .collect();
    let sources: Vec<Source> = found
        .sources
        .into_iter()
        .filter(|s| mine(&s.stem))
        .collect();
    let keep_unchanged = opts.write.epub.collection;
    let decide_one = |source: &Source| {
        if opts.batch.force {
            return Decision::Convert(None);
        }
        let candidate = manifest.candidate(&source.stem, &config_hash, &opts.output);
        if candidate.is_none() && !opts.batch.dry_run {
            return Decision::Convert(None);
        }
        match Input::read(source, opts.batch.max_input_bytes) {
            Err(e) => Decision::Fail(e),
            Ok(input) => match candidate.filter(|entry| entry.input == input.hash) {
                Some(entry) => {
                    Decision::Unchanged(entry.outputs.clone(), keep_unchanged.then_some(input))
                }
                None => Decision::Convert((!opts.batch.dry_run).then_some(input)),
            },
        }
    };
    let decisions: Vec<Decision> = pool.install(|| sources.par_iter().map(decide_one).collect());
    Ok(Survey {
        sources: sources.into_iter().zip(decisions).collect(),
        refused: found
            .refused
            .into_iter()
            .filter(|r| mine(&r.stem))
            .collect(),
        orphans,
        forgotten,
        manifest,
        config_hash,
    })
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
    let rows = state::peek(&opts.output, opts.batch.shard);
    let survey = decide(opts, discover_checked(opts)?, &pool(opts)?, rows)?;
    let mut lines = Vec::new();
    for (s, d) in survey.sources {
        let (action, detail) = match d {
            Decision::Convert(_) => ("convert", String::new()),
            Decision::Unchanged(outputs, _) => ("unchanged", outputs.join(" ")),
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
