//! The command line as the user types it (clap types and their help). Imports nothing of the
//! crate: `settings` resolves these values with the config file into the run's
//! [`Options`](crate::batch::options::Options), and `app` dispatches on [`Command`].

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
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
    /// Print a shell completion script on standard output.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Combine the reports of the shards of one job into one report.
    #[command(after_help = MERGE_REPORTS_EXAMPLES)]
    MergeReports(MergeReportsArgs),
    /// What an output folder's state database says: sources by status, failures, last run.
    #[command(after_help = STATUS_EXAMPLES)]
    Status(StatusArgs),
    /// Check what a run needs: fonts, config, output folder, validators; one line each.
    #[command(after_help = DOCTOR_EXAMPLES)]
    Doctor(DoctorArgs),
    /// Print the manual page (roff) on standard output, made from these same definitions.
    #[command(after_help = MAN_EXAMPLES)]
    Man(ManArgs),
}

/// `newsbind man`.
#[derive(Debug, Args, Clone, Default)]
pub struct ManArgs {
    /// A subcommand, for its own page (`newsbind-convert(1)`) [default: the main page].
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// `newsbind doctor`.
#[derive(Debug, Args, Clone, Default)]
pub struct DoctorArgs {
    /// Configuration file [default: config.yaml when present].
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The output root to check [default: `output` from the config, else output].
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// Metadata overrides for a single article; they win over what the structurer found.
#[derive(Debug, Args, Clone, Default)]
pub struct OverrideArgs {
    /// Use this headline (one article only); a headline found in the text becomes the subtitle.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Use these authors instead of the bylines found (one article only); repeat for several.
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// Use this date, YYYY-MM-DD (one article only).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Language tag of every output, e.g. zh-TW, instead of one per article from its script
    /// [default: config `language`, else auto]
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,
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

/// `newsbind status`.
#[derive(Debug, Args, Clone)]
pub struct StatusArgs {
    /// The output folder whose state to read.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        default_value = "output"
    )]
    pub output: PathBuf,
    /// List every failed source (otherwise the first 20 of each database).
    #[arg(long)]
    pub failed: bool,
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
  newsbind convert a.txt                    a.txt into output/a.epub and output/a.pdf
  cat a.txt | newsbind convert - -f epub -o - > a.epub   standard input to standard output
  newsbind convert a.txt -f pdf -o - --title '新标题' --author 张三 --date 2019-06-24 > a.pdf
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
  newsbind inspect old/1.txt --encoding gbk | head
  newsbind inspect a.txt --title '新标题' --lang zh-TW   the model with overrides applied
  iconv -f gbk -t utf-8 old/1.txt | newsbind inspect -   an article on standard input";

const INIT_EXAMPLES: &str = "\
Examples:
  newsbind init                     write ./config.yaml (refuses to overwrite)
  newsbind init site.yaml --force   write or overwrite site.yaml
  newsbind convert -c site.yaml     then use it";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  newsbind completions bash > ~/.local/share/bash-completion/completions/newsbind
  newsbind completions zsh > ~/.zfunc/_newsbind
  newsbind completions fish > ~/.config/fish/completions/newsbind.fish";

const MERGE_REPORTS_EXAMPLES: &str = "\
Examples:
  newsbind merge-reports out/report.shard-*-of-8.json -o out/report.json
  newsbind merge-reports a/report.shard-1-of-2.json b/report.shard-2-of-2.json | jq .totals

Exit status: 0 merged and nothing failed, 1 merged and some article failed, 2 the reports do
not belong together or cannot be read.";

const STATUS_EXAMPLES: &str = "\
Examples:
  newsbind status -o /srv/books              counts by status, the failed sources, the last run
  newsbind status -o out --failed            every failed source with its error code

Reads OUT/.newsbind/state.sqlite and the shards' state.shard-I-of-N.sqlite, never writes them.
Exit status: 0 nothing failed, 1 some source failed, 2 no state database there.";

const DOCTOR_EXAMPLES: &str = "\
Examples:
  newsbind doctor                   check with ./config.yaml (when present) and output/
  newsbind doctor -c site.yaml -o /srv/books

Exit status: 0 when `newsbind convert` with this config would work (the validators marked
optional may be missing), 2 when something it needs is missing; each ✘ line says the fix.";

const MAN_EXAMPLES: &str = "\
Examples:
  newsbind man > newsbind.1 && man ./newsbind.1
  newsbind man convert > newsbind-convert.1
  for c in '' convert inspect init completions merge-reports doctor man; do
    newsbind man $c | gzip > /usr/local/share/man/man1/newsbind${c:+-$c}.1.gz; done";

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
    /// `*.dat` record files) in sorted order; `-` reads one article from standard input (its
    /// outputs are named `stdin.<format>`) [default: `input` from the config, else `input/`].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output root; `<PATH>/<rel>.txt` becomes `<DIR>/<rel>.<format>`; `-` writes the one
    /// artifact to standard output (one article, one format) [default: output].
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
    /// Write one EPUB and/or one PDF per input folder that directly holds articles (e.g. one
    /// newspaper issue per day), named after the folder, instead of one per article
    /// [config: epub.collection].
    #[arg(long)]
    pub collection: bool,
    /// Set EPUB and XHTML vertically (right-to-left columns) [config: epub.vertical].
    #[arg(long)]
    pub vertical: bool,
    /// Embed in each EPUB a subset of the body font holding only the glyphs it uses, for
    /// readers without Chinese fonts [config: epub.embed_font].
    #[arg(long)]
    pub embed_font: bool,
    /// Metadata overrides.
    #[command(flatten)]
    pub overrides: OverrideArgs,
    /// Shared options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `newsbind inspect`.
#[derive(Debug, Args, Clone)]
pub struct InspectArgs {
    /// The article file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Instead of the JSON, print each source line with the role given to it and the rule
    /// that decided.
    #[arg(long)]
    pub explain: bool,
    /// Metadata overrides.
    #[command(flatten)]
    pub overrides: OverrideArgs,
    /// Shared options.
    #[command(flatten)]
    pub common: CommonArgs,
}
