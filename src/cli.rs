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
}

const CONVERT_EXAMPLES: &str = "\
Examples:
  newsbind convert                          convert the config's input folder (input/) into output/
  newsbind convert archive/ -o books -j 2   convert a folder tree with two workers
  newsbind convert a.txt -f epub,json       one file, EPUB and JSON only
  newsbind convert old/ --encoding gbk      force GBK decoding

Exit status: 0 all converted or skipped, 1 some article failed (see report.json),
2 a fatal problem before work started (bad config, unknown format, unwritable output).";

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
    /// Input encoding: auto, utf-8, gbk or gb18030 [default: from config, else auto].
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
}

/// `newsbind convert`.
#[derive(Debug, Args, Clone, Default)]
pub struct ConvertArgs {
    /// Files or folders to convert; folders are walked recursively for `*.txt` in sorted order
    /// [default: `input` from the config, else `input/`].
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
