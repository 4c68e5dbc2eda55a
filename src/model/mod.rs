//! The article model: the one type every stage after `structure` reads.
//!
//! Serialised with serde, it *is* the `json` output format and the golden-file format, so field
//! names here are a public contract: later work may add fields but never rename them.

pub mod diag;

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One recognised article: the title block, the body and the trailing matter.
///
/// Invariant (tested over the corpus): apart from whitespace, every character of the normalised
/// text appears exactly once in the text fields below, read in this order: `kicker`, `headline`,
/// `subtitle`, `site`, the `top` byline lines, `dateline.text`, `blocks`, the `end` byline
/// lines, `credits`. A container's title and author fields (see `read::container`) count as
/// text, read first. A title that does not come from the text (`title_source` other than `text`) is
/// extra, and `bylines` (names derived from `byline_lines` and the dateline) are not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The source path as given on the command line (forward slashes).
    pub source: String,
    /// The encoding the bytes were decoded with, e.g. `UTF-8` or `GB18030`.
    pub encoding: String,
    /// 引题: the line above the headline, if any.
    pub kicker: Option<String>,
    /// 主题: the headline. Always present; see `title_source` for where it came from.
    pub headline: String,
    /// 副题: the line below the headline, if any.
    pub subtitle: Option<String>,
    /// The dateline that opens the body (`本报北京6月24日电`), if recognised.
    pub dateline: Option<Dateline>,
    /// Reporters and authors named on byline lines above or below the body (`byline_lines`),
    /// with padding spaces removed. Reporters inside the dateline are `dateline.reporters`.
    pub bylines: Vec<String>,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
    /// Trailing matter: editors, sources, original titles.
    pub credits: Vec<Credit>,
    /// Where the headline came from.
    pub title_source: TitleSource,
    /// The article's date (ISO `YYYY-MM-DD`) when the text or the path gives one.
    #[serde(default)]
    pub date: Option<String>,
    /// The print page (版) when the path gives one.
    #[serde(default)]
    pub page: Option<u32>,
    /// The lines (or line ends) the bylines were read from, exactly as they stand, markers and
    /// padding included (`□鞠　闻`, `（记者 张三）`). `bylines` holds the names taken from them
    /// (and from the dateline); these raw texts are what the no-text-lost invariant counts.
    #[serde(default)]
    pub byline_lines: Vec<BylineLine>,
    /// A page title's site suffix exactly as it stands (`-新华网`, `--观点--人民网`): text of
    /// the source, read after `subtitle`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// The publication a container's field names (`【原文出处】人民日报`): metadata, not text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<String>,
}

/// A line, or the end of a line, that names the article's authors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BylineLine {
    /// Where it stands: above the body or after it.
    pub position: BylinePosition,
    /// Its text exactly as it stands in the source (trimmed).
    pub text: String,
}

/// Where a byline line stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BylinePosition {
    /// Between the title block and the first body block (`本报记者　李　纵`).
    Top,
    /// After the last body block, before the credits (`□鞠　闻`).
    End,
}

/// A dateline such as `新华社北京6月22日电`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The dateline exactly as it stands in the text, including a reporters' parenthesis that
    /// follows it (`新华社北京6月22日电（记者黄垚）`).
    pub text: String,
    /// Who filed it: `本报`, `新华社`, `中广网`… (`据` is not part of it).
    #[serde(default)]
    pub agency: Option<String>,
    /// Where it was filed, e.g. `北京`.
    #[serde(default)]
    pub place: Option<String>,
    /// When, as written but with half-width digits, e.g. `6月12日`.
    #[serde(default)]
    pub date: Option<String>,
    /// Reporters named in the dateline's parenthesis (`黄垚`). They stay out of
    /// `Article::bylines`, which writers print beside the dateline text that already holds them.
    #[serde(default)]
    pub reporters: Vec<String>,
}

/// One body block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Its text, without indentation.
    pub text: String,
}

/// The kinds of body block. Writers match on this without a catch-all arm, so a new kind does
/// not compile until every writer handles it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// An ordinary paragraph.
    Paragraph,
    /// A section head (小标题).
    Heading,
    /// A picture caption or photo credit.
    Caption,
    /// A line holding only a date under the headline.
    Date,
}

/// One item of trailing matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// What kind of credit it is.
    pub kind: CreditKind,
    /// Its text as it stands in the source.
    pub text: String,
}

/// Kinds of trailing matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditKind {
    /// 责任编辑 / 责编.
    Editor,
    /// 来源.
    Source,
    /// 原标题.
    OriginalTitle,
    /// （完）and similar end marks.
    End,
    /// Print-edition footers and anything else.
    Other,
}

/// Where an article's headline came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TitleSource {
    /// A line of the article.
    Text,
    /// The source file's name.
    Filename,
    /// Made from the first sentence of the body.
    Derived,
    /// Given on the command line (`--title`); a headline the text had became the subtitle (or
    /// the kicker, or the first paragraph, when those were taken).
    Override,
}

impl Article {
    /// The byline lines a writer prints at `position`, as they stand in the source (so no text
    /// of the article is lost: `（记者 张三）` keeps `记者`). An article without recorded byline
    /// lines (older JSON, a model made by hand) prints its names in `bylines` at the top.
    pub fn printed_bylines(&self, position: BylinePosition) -> Vec<&str> {
        if self.byline_lines.is_empty() {
            return match position {
                BylinePosition::Top => self.bylines.iter().map(String::as_str).collect(),
                BylinePosition::End => Vec::new(),
            };
        }
        self.byline_lines
            .iter()
            .filter(|l| l.position == position)
            .map(|l| l.text.as_str())
            .collect()
    }

    /// All the text a reader sees in the body, in reading order, for checks and statistics.
    pub fn body_text(&self) -> impl Iterator<Item = &str> {
        self.dateline
            .iter()
            .map(|d| d.text.as_str())
            .chain(self.blocks.iter().map(|b| b.text.as_str()))
    }
}

/// A book of several articles: everything one input folder directly holds (for example one
/// day's People's Daily), in reading order. Built by [`crate::batch::books`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    /// The book's title: the folder's name.
    pub title: String,
    /// The folder as given on the command line (forward slashes).
    pub source: String,
    /// The issue date (ISO `YYYY-MM-DD`) when the folder name or the articles give one.
    pub date: Option<String>,
    /// The articles, ordered by page and article number when known, else by file name.
    pub entries: Vec<CollectionEntry>,
}

/// One article of a [`Collection`] with its place in the print edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionEntry {
    /// The print page (版), from the article or its file name.
    pub page: Option<u32>,
    /// The article's number on its page, from the file name (`YYYYMMDD-PP-NN`).
    pub number: Option<u32>,
    /// The article.
    pub article: Article,
}

/// One input file: where it is, how reports name it, and where its outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file to read.
    pub path: PathBuf,
    /// The path as reported (forward slashes).
    pub display: String,
    /// Output path relative to the output root, without extension (`sub/10`).
    pub stem: String,
}

impl Source {
    /// The file name without its extension.
    pub fn file_stem(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}
