//! What a run needs, resolved: the options of each stage (read, writers) and of the batch
//! itself. Built by `settings` (defaults < config.yaml < command line); nothing here parses
//! or looks anything up.

use crate::batch::discover::Shard;
use crate::fonts::RegionFonts;
use crate::model::diag::Error;
use crate::read::ReadOptions;
use crate::writer::{Format, WriterOptions};
use std::path::PathBuf;

/// Everything a run needs, resolved.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files or folders to read.
    pub inputs: Vec<PathBuf>,
    /// Output root.
    pub output: PathBuf,
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// Decoding, normalisation, structure rules and overrides.
    pub read: ReadOptions,
    /// The formats and each writer's settings.
    pub write: WriterOptions,
    /// How the batch runs (incremental, sharding, limits, reporting); nothing here changes an
    /// output's bytes.
    pub batch: BatchOptions,
}

impl Options {
    /// The fonts this run's writers need, located before any work (a missing configured one
    /// is fatal): the PDF faces when PDFs are asked for and `converting` (a run that converts
    /// nothing needs none), the body face when EPUBs embed a subset of it; each for every
    /// region the run's language settings can give (`auto`: mainland, Taiwan and Japan).
    pub fn locate_fonts(&self, converting: bool) -> Result<RegionFonts, Error> {
        let w = &self.write;
        let pdf = converting && w.formats.contains(&Format::Pdf);
        let embed = w.epub.embed_font && w.formats.contains(&Format::Epub);
        let mut regions = Vec::new();
        if pdf {
            regions.extend(w.pdf.language.regions());
        }
        if embed {
            regions.extend(w.epub.language.regions());
        }
        regions.sort();
        regions.dedup();
        let faces: Vec<_> = regions.into_iter().map(|r| w.pdf.faces(r)).collect();
        RegionFonts::locate(
            (&w.pdf.body_font, &w.pdf.heading_font),
            &faces,
            w.pdf.fallback_font.as_ref(),
            pdf,
            embed,
        )
    }
}

/// The default `max_input_bytes`: 16 MiB, far above any article.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Settings of the batch run itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOptions {
    /// Convert even the sources the manifest says are unchanged.
    pub force: bool,
    /// Delete the outputs of sources that are gone.
    pub prune: bool,
    /// Only list what would be done.
    pub dry_run: bool,
    /// Warnings count as failures.
    pub strict: bool,
    /// Also write the report here.
    pub report: Option<PathBuf>,
    /// This run's slice of the sources.
    pub shard: Option<Shard>,
    /// Larger sources fail without being read.
    pub max_input_bytes: u64,
    /// Show a progress bar (stderr is a terminal and not `--quiet`).
    pub progress: bool,
}
