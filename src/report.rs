//! Outcomes → `report.json`, the human summary and the exit status.
//!
//! The exit status is an [`ExitStatus`] folded from the outcomes: 0 ok, 1 some article failed
//! (or, with `--strict`, warned), 2 fatal before work, 130/143 interrupted by SIGINT/SIGTERM.
//! Shard reports are combined by [`merge`], which works on the JSON so that reports written by
//! any version with the same shape can be merged.

use crate::model::diag::ArticleError;
use serde::Serialize;

/// What happened to one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every requested format was written.
    Converted,
    /// The source, the configuration and the tool are those of the last run that converted it,
    /// and its outputs are still there: nothing was done.
    Unchanged,
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

    /// A source left alone because its outputs are up to date.
    pub fn unchanged(source: &str, outputs: Vec<String>) -> Self {
        ArticleReport {
            source: source.into(),
            status: Status::Unchanged,
            encoding: None,
            headline: None,
            outputs,
            warnings: Vec::new(),
            reason: None,
            error: None,
        }
    }

    /// A source that is not converted, with the reason (e.g. a refused symlink).
    pub fn skipped(source: &str, reason: String) -> Self {
        ArticleReport {
            source: source.into(),
            status: Status::Skipped,
            encoding: None,
            headline: None,
            outputs: Vec::new(),
            warnings: Vec::new(),
            reason: Some(reason),
            error: None,
        }
    }
}

/// Outputs recorded in the manifest whose source no longer exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Orphan {
    /// The source as last converted.
    pub source: String,
    /// Its outputs, relative to the output root.
    pub outputs: Vec<String>,
    /// Whether `--prune` removed them.
    pub pruned: bool,
}

/// Counts per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Sources seen.
    pub sources: usize,
    /// Converted.
    pub converted: usize,
    /// Up to date, left alone.
    pub unchanged: usize,
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
    /// `I/N` when this run was one shard of N.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// The signal that stopped the run early (`SIGINT`, `SIGTERM`); sources not started are
    /// absent from `articles`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<String>,
    /// One entry per source, in input order.
    pub articles: Vec<ArticleReport>,
    /// Outputs whose source is gone.
    pub orphans: Vec<Orphan>,
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
                Status::Unchanged => totals.unchanged += 1,
                Status::Skipped => totals.skipped += 1,
                Status::Failed => totals.failed += 1,
            }
        }
        Report {
            totals,
            shard: None,
            interrupted: None,
            articles,
            orphans: Vec::new(),
        }
    }

    /// `report.json`'s bytes.
    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("the report always serialises");
        v.push(b'\n');
        v
    }

    /// The one-line summary printed at the end of a run:
    /// `converted 1026, unchanged 0, skipped 17, failed 1 in 4.2 s, 243 articles/s`.
    pub fn summary(&self, seconds: f64) -> String {
        let t = &self.totals;
        let rate = if seconds > 0.0 {
            t.sources as f64 / seconds
        } else {
            0.0
        };
        format!(
            "converted {}, unchanged {}, skipped {}, failed {} in {:.1} s, {:.0} articles/s",
            t.converted, t.unchanged, t.skipped, t.failed, seconds, rate
        )
    }

    /// Whether any converted article carried warnings.
    pub fn has_warnings(&self) -> bool {
        self.articles.iter().any(|a| !a.warnings.is_empty())
    }

    /// The process exit status ignoring `--strict` and interruption: 0 when nothing failed, else 1.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.totals.failed > 0)
    }

    /// The exit status of the run this report describes.
    pub fn exit_status(&self, strict: bool) -> ExitStatus {
        let mut status = ExitStatus::Ok;
        if self.totals.failed > 0 || (strict && self.has_warnings()) {
            status = status.merge(ExitStatus::Failed);
        }
        match self.interrupted.as_deref() {
            Some("SIGINT") => status.merge(ExitStatus::Interrupted(130)),
            Some(_) => status.merge(ExitStatus::Interrupted(143)),
            None => status,
        }
    }
}

/// How a run ended, as the process exit status says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: every source converted, unchanged or skipped.
    Ok,
    /// 1: some article failed (with `--strict`: or warned).
    Failed,
    /// 2: a fatal problem before work started.
    Fatal,
    /// 130 (SIGINT) or 143 (SIGTERM): stopped early; finished articles are kept.
    Interrupted(u8),
}

impl ExitStatus {
    /// The numeric status.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Ok => 0,
            ExitStatus::Failed => 1,
            ExitStatus::Fatal => 2,
            ExitStatus::Interrupted(c) => c,
        }
    }

    /// The more serious of two statuses: interrupted > fatal > failed > ok.
    pub fn merge(self, other: ExitStatus) -> ExitStatus {
        let rank = |s: ExitStatus| match s {
            ExitStatus::Ok => 0,
            ExitStatus::Failed => 1,
            ExitStatus::Fatal => 2,
            ExitStatus::Interrupted(_) => 3,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// Combines shard reports into one: articles and orphans concatenated and sorted by source
/// (so the result does not depend on the order the reports are given in), totals recounted,
/// `interrupted` kept when any shard was.
pub fn merge(reports: &[serde_json::Value]) -> Result<serde_json::Value, String> {
    use serde_json::{json, Value};
    let mut articles: Vec<Value> = Vec::new();
    let mut orphans: Vec<Value> = Vec::new();
    let mut interrupted: Option<Value> = None;
    for (i, r) in reports.iter().enumerate() {
        let list = r
            .get("articles")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("report {} has no `articles` list", i + 1))?;
        articles.extend(list.iter().cloned());
        if let Some(o) = r.get("orphans").and_then(Value::as_array) {
            orphans.extend(o.iter().cloned());
        }
        if let Some(sig) = r.get("interrupted").filter(|v| !v.is_null()) {
            interrupted = Some(sig.clone());
        }
    }
    let key = |v: &Value| {
        v.get("source")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    articles.sort_by_key(key);
    orphans.sort_by_key(key);
    let count = |s: &str| articles.iter().filter(|a| a["status"] == s).count();
    let mut merged = json!({
        "totals": {
            "sources": articles.len(),
            "converted": count("converted"),
            "unchanged": count("unchanged"),
            "skipped": count("skipped"),
            "failed": count("failed"),
        },
    });
    if let Some(sig) = interrupted {
        merged["interrupted"] = sig;
    }
    merged["articles"] = Value::Array(articles);
    merged["orphans"] = Value::Array(orphans);
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(source: &str, status: Status) -> ArticleReport {
        ArticleReport {
            status,
            ..ArticleReport::unchanged(source, Vec::new())
        }
    }

    #[test]
    fn the_summary_names_every_status_the_time_and_the_rate() {
        let r = Report::new(vec![
            article("a", Status::Converted),
            article("b", Status::Unchanged),
            article("c", Status::Failed),
            article("d", Status::Converted),
        ]);
        assert_eq!(
            r.summary(2.0),
            "converted 2, unchanged 1, skipped 0, failed 1 in 2.0 s, 2 articles/s"
        );
    }

    #[test]
    fn interruption_outranks_failure_and_strict_counts_warnings() {
        let mut r = Report::new(vec![ArticleReport {
            warnings: vec!["w".into()],
            ..article("a", Status::Converted)
        }]);
        assert_eq!(r.exit_status(false), ExitStatus::Ok);
        assert_eq!(r.exit_status(true), ExitStatus::Failed);
        r.interrupted = Some("SIGTERM".into());
        assert_eq!(r.exit_status(true).code(), 143);
        r.interrupted = Some("SIGINT".into());
        assert_eq!(r.exit_status(false).code(), 130);
    }

    #[test]
    fn merged_shard_reports_are_sorted_and_recounted() {
        let one = serde_json::to_value(Report::new(vec![
            article("in/c.txt", Status::Converted),
            article("in/a.txt", Status::Failed),
        ]))
        .unwrap();
        let two = serde_json::to_value(Report::new(vec![article("in/b.txt", Status::Unchanged)]))
            .unwrap();
        let m = merge(&[two, one]).unwrap();
        let sources: Vec<_> = m["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["source"].as_str().unwrap())
            .collect();
        assert_eq!(sources, ["in/a.txt", "in/b.txt", "in/c.txt"]);
        assert_eq!(m["totals"]["sources"], 3);
        assert_eq!(m["totals"]["failed"], 1);
        assert_eq!(m["totals"]["unchanged"], 1);
    }
}
