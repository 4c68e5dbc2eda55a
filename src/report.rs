//! Outcomes → `report.json`, the human summary and the exit status.

use crate::error::ArticleError;
use serde::Serialize;

/// What happened to one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every requested format was written.
    Converted,
    /// Not an article (e.g. empty); nothing written, not an error.
    Skipped,
    /// An error stopped this source; nothing of it was written.
    Failed,
}

/// One source's line in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleReport {
    /// The source path.
    pub source: String,
    /// What happened.
    pub status: Status,
    /// The encoding used, once decoding succeeded.
    pub encoding: Option<String>,
    /// The headline, once structure was recognised.
    pub headline: Option<String>,
    /// Files written, relative to the output root.
    pub outputs: Vec<String>,
    /// Everything noteworthy that did not stop the conversion.
    pub warnings: Vec<String>,
    /// Why the source was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Why the source failed.
    pub error: Option<ArticleError>,
}

impl ArticleReport {
    /// A failed outcome.
    pub fn failed(source: &str, encoding: Option<String>, error: ArticleError) -> Self {
        ArticleReport {
            source: source.into(),
            status: Status::Failed,
            encoding,
            headline: None,
            outputs: Vec::new(),
            warnings: Vec::new(),
            reason: None,
            error: Some(error),
        }
    }
}

/// Counts per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Sources seen.
    pub sources: usize,
    /// Converted.
    pub converted: usize,
    /// Skipped.
    pub skipped: usize,
    /// Failed.
    pub failed: usize,
}

/// The run report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Counts.
    pub totals: Totals,
    /// One entry per source, in input order.
    pub articles: Vec<ArticleReport>,
}

impl Report {
    /// Folds outcomes into a report.
    pub fn new(articles: Vec<ArticleReport>) -> Self {
        let mut totals = Totals {
            sources: articles.len(),
            ..Totals::default()
        };
        for a in &articles {
            match a.status {
                Status::Converted => totals.converted += 1,
                Status::Skipped => totals.skipped += 1,
                Status::Failed => totals.failed += 1,
            }
        }
        Report { totals, articles }
    }

    /// `report.json`'s bytes.
    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("the report always serialises");
        v.push(b'\n');
        v
    }

    /// The one-line summary printed at the end of a run.
    pub fn summary(&self, seconds: f64) -> String {
        let t = &self.totals;
        let rate = if seconds > 0.0 {
            t.sources as f64 / seconds
        } else {
            0.0
        };
        format!(
            "converted {}, skipped {}, failed {} in {:.1} s, {:.0} articles/s",
            t.converted, t.skipped, t.failed, seconds, rate
        )
    }

    /// The process exit status: 0 when nothing failed, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.totals.failed > 0)
    }
}
