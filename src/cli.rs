//! The command line as the user types it. Only `main` and `options` see these types: `options`
//! resolves them with the config file into [`crate::options::Options`].

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Turns Chinese article text files (GBK/GB18030 or UTF-8) into EPUB 3 books and PDFs.
#[derive(Debug, Parser)]
#[command(name = "newsbind", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert article files or folders into EPUB, XHTML, PDF and JSON.
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(ConvertArgs),
    /// Print one article's model as JSON (the `json` format) on standard output.
    #[command(after_help = INSPECT_EXAMPLES)]
    Inspect(InspectArgs),
    /// Write the commented default configuration file.
    Init(InitArgs),
    /// Print a shell completion script on standard output.
    Completions(CompletionsArgs),
    /// Combine the reports of the shards of one job into one report.
    MergeReports(MergeReportsArgs),
}

/// `newsbind init`.
#[derive(Debug, Args, Clone)]
pub struct InitArgs {
    /// Where to write it.
    #[arg(value_name = "FILE", default_value = "config.yaml")]
    pub file: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// `newsbind completions`.
#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `newsbind merge-reports`.
#[derive(Debug, Args, Clone)]
pub struct MergeReportsArgs {
    /// The shard reports (`report.shard-I-of-N.json`).
    #[arg(value_name = "REPORT", required = true)]
    pub reports: Vec<PathBuf>,
    /// Write the merged report here (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

const CONVERT_EXAMPLES: &str = "\
Examples:
  newsbind convert                          convert the config's input folder (input/) into output/
  newsbind convert archive/ -o books -j 2   convert a folder tree with two workers
  newsbind convert a.txt -f epub,json       one file, EPUB and JSON only
  newsbind convert old/ --encoding gbk      force GBK decoding
  newsbind convert archive/ -o books -q     a cron job: only what changed, no progress bar
  newsbind convert archive/ --shard 2/8     the second of eight parallel copies
  newsbind convert archive/ --dry-run       list what would be converted or pruned
  newsbind convert rmrb/ -f epub --collection   one EPUB per day folder (rmrb/20190201.epub …)

Exit status: 0 all converted, unchanged or skipped, 1 some article failed (see report.json;
with --strict also a warning), 2 a fatal problem before work started (bad config, unknown
format, unwritable output, output locked by another run, colliding outputs), 130/143 stopped by
SIGINT/SIGTERM after finishing the articles in flight.";

const INSPECT_EXAMPLES: &str = "\
Examples:
  newsbind inspect input/seed-article.txt
  newsbind inspect input/seed-article.txt --explain
  newsbind inspect old/1.txt --encoding gbk | head";

/// Options shared by the subcommands that read articles.
#[derive(Debug, Args, Clone, Default)]
pub struct CommonArgs {
    /// Configuration file [default: config.yaml when present].
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Input encoding: auto, utf-8, gbk, gb18030, big5, utf-16le or utf-16be; forces every file,
    /// over the config's `encoding_rules` [default: from config, else auto].
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
    /// Replace malformed bytes with U+FFFD (counted in the report's warnings) instead of
    /// failing the article [default: config `lossy`, else off].
    #[arg(long)]
    pub lossy: bool,
}

/// `newsbind convert`.
#[derive(Debug, Args, Clone, Default)]
pub struct ConvertArgs {
    /// Files or folders to convert; folders are walked recursively for `*.txt` (and SogouCA
    /// `*.dat` record files) in sorted order [default: `input` from the config, else `input/`].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output root; `<PATH>/<rel>.txt` becomes `<DIR>/<rel>.<format>` [default: output].
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Comma-separated formats: epub, xhtml, pdf, json [default: from config, else epub,pdf].
    #[arg(short = 'f', long = "formats", value_name = "LIST")]
    pub formats: Option<String>,
    /// Worker threads [default: one per core].
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<usize>,
    /// Convert every source, even those unchanged since the last run.
    #[arg(long)]
    pub force: bool,
    /// Delete the outputs of sources that are gone (they are only reported otherwise).
    #[arg(long)]
    pub prune: bool,
    /// List what would be converted, left unchanged or pruned; write nothing.
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    /// Count warnings as failures (exit status 1).
    #[arg(long)]
    pub strict: bool,
    /// No progress bar and no log output below errors.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// More log output (-v info, -vv debug, -vvv trace); `RUST_LOG` wins when set.
    #[arg(short = 'v', long = "verbose", action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Also write the report to FILE (atomically).
    #[arg(long = "report", value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Convert only slice I of N (1-based), chosen by a hash of each relative path.
    #[arg(long = "shard", value_name = "I/N")]
    pub shard: Option<String>,
    /// Number of shards when the index comes from `JOB_COMPLETION_INDEX` or
    /// `SLURM_ARRAY_TASK_ID` [default: `shards` from config].
    #[arg(long = "shards", value_name = "N")]
    pub shards: Option<u32>,
    /// Fail sources larger than this without reading them [default: 16777216].
    #[arg(long = "max-input-bytes", value_name = "BYTES")]
    pub max_input_bytes: Option<u64>,
    /// Write one EPUB per input folder that directly holds articles (e.g. one newspaper issue
    /// per day), named after the folder, instead of one per article [config: epub.collection].
    #[arg(long)]
    pub collection: bool,
    /// Set EPUB and XHTML vertically (right-to-left columns) [config: epub.vertical].
    #[arg(long)]
    pub vertical: bool,
    /// Embed in each EPUB a subset of the body font holding only the glyphs it uses, for
    /// readers without Chinese fonts [config: epub.embed_font].
    #[arg(long)]
    pub embed_font: bool,
    /// Shared options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `newsbind inspect`.
#[derive(Debug, Args, Clone)]
pub struct InspectArgs {
    /// The article file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Instead of the JSON, print each source line with the role given to it and the rule
    /// that decided.
    #[arg(long)]
    pub explain: bool,
    /// Shared options.
    #[command(flatten)]
    pub common: CommonArgs,
}
