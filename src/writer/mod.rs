//! Writers: [`Article`] → in-memory artifacts. Pure: no file system, no clock, no randomness;
//! fonts arrive as bytes read by `crate::fonts`. The output stage writes what they return.
//! Each writer defines its own options type; [`WriterSet`] builds the writers of a run.

pub mod css;
pub mod deflate;
pub mod epub;
pub mod json;
pub mod lang;
pub mod pdf;
pub mod set;
pub mod xhtml;

pub use set::WriterSet;

use crate::model::diag::ArticleError;
use crate::model::diag::Error;
pub use crate::model::diag::Warned;
use crate::model::Article;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// An EPUB 3 book per article.
    Epub,
    /// The article's XHTML content document, standalone.
    Xhtml,
    /// A typeset PDF per article.
    Pdf,
    /// The article model as JSON.
    Json,
}

impl Format {
    /// Every format, in the order outputs are listed.
    pub const ALL: [Format; 4] = [Format::Epub, Format::Xhtml, Format::Pdf, Format::Json];

    /// The format's name, which is also its file extension.
    pub fn name(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Xhtml => "xhtml",
            Format::Pdf => "pdf",
            Format::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.trim();
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "unknown format `{s}`, expected one of epub, xhtml, pdf, json"
                ))
            })
    }
}

/// The formats of a run and each writer's settings.
#[derive(Debug, Clone)]
pub struct WriterOptions {
    /// Formats to write, without duplicates, in [`Format::ALL`] order.
    pub formats: Vec<Format>,
    /// XHTML writer settings.
    pub xhtml: xhtml::XhtmlOptions,
    /// EPUB writer settings.
    pub epub: epub::EpubOptions,
    /// PDF writer settings.
    pub pdf: pdf::PdfOptions,
}

/// One file to be written, relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// Path relative to the output root.
    pub path: PathBuf,
    /// The complete file contents.
    pub bytes: Vec<u8>,
}

/// A renderer for one output format. Implementations hold their options (and, for PDF, the
/// parsed fonts) and are shared by reference across worker threads.
pub trait Writer: Send + Sync {
    /// The format this writer makes.
    fn format(&self) -> Format;

    /// Renders one article. `stem` is the output path relative to the root, without extension.
    fn render(&self, article: &Article, stem: &str) -> Result<Warned<Vec<Artifact>>, ArticleError>;
}

/// Formats an instant (Unix seconds, UTC) as `YYYY-MM-DDThh:mm:ssZ` without a clock or a
/// date crate: days to civil date by Howard Hinnant's algorithm.
pub fn iso8601(epoch: i64) -> String {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Converts days since 1970-01-01 to (year, month, day).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_561_334_400), "2019-06-24T00:00:00Z");
        assert_eq!(iso8601(951_782_400 + 3661), "2000-02-29T01:01:01Z");
    }
}
