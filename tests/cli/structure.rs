//! Issue 4, acceptance 1: the structurer against a hand-reviewed golden set; and
//! `inspect --explain`. (The invariants over the whole corpus are in `corpus::structure`.)
//!
//! `tests/expected/structure/cases.txt` lists corpus references (a path under the corpus, read
//! from its copy in `tests/fixtures/corpus/`, or `….dat#N` for the N-th SogouCA record). For
//! each, the reviewed expectation is `tests/expected/structure/<slug>.json`: the recognised
//! fields of the article (title block, dateline, bylines, credits, non-paragraph blocks, date,
//! page, skip reason).
//!
//! This is a reviewed set: `UPDATE_EXPECTED=1 cargo test --release --test cli structure` writes
//! what the structurer now says to `candidates/<slug>.json` and never touches the
//! expectations: a candidate becomes an expectation only when a person has read it against the
//! source and copied (and corrected) it by hand (see `common::expected::reviewed`).
//!
//! The test prints per-field accuracy and requires headline ≥ 98 %, dateline and bylines
//! ≥ 95 %; every other field is reported, and any case that differs is listed.

use crate::common;

use newsbind::model::{Article, BlockKind, Credit, Dateline, TitleSource};
use newsbind::structure::{skip_reason, structure_with, Rules};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The reviewed projection of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Golden {
    source: String,
    kicker: Option<String>,
    headline: String,
    title_source: TitleSource,
    subtitle: Option<String>,
    dateline: Option<Dateline>,
    bylines: Vec<String>,
    credits: Vec<Credit>,
    /// Headings, captions and date lines (everything that is not a paragraph).
    special_blocks: Vec<(BlockKind, String)>,
    date: Option<String>,
    page: Option<u32>,
    skip: Option<String>,
}

impl Golden {
    fn of(a: &Article, skip: Option<String>) -> Golden {
        Golden {
            source: a.source.clone(),
            kicker: a.kicker.clone(),
            headline: a.headline.clone(),
            title_source: a.title_source,
            subtitle: a.subtitle.clone(),
            dateline: a.dateline.clone(),
            bylines: a.bylines.clone(),
            credits: a.credits.clone(),
            special_blocks: a
                .blocks
                .iter()
                .filter(|b| b.kind != BlockKind::Paragraph)
                .map(|b| (b.kind, b.text.clone()))
                .collect(),
            date: a.date.clone(),
            page: a.page,
            // Only the kind of reason (`empty`, `placeholder page`…) is reviewed.
            skip: skip.map(|r| r.split(':').next().unwrap_or("").to_string()),
        }
    }

    /// The fields compared, by name.
    fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("headline", j(&(&self.headline, &self.title_source))),
            ("kicker", j(&self.kicker)),
            ("subtitle", j(&self.subtitle)),
            ("dateline", j(&self.dateline)),
            ("bylines", j(&self.bylines)),
            ("credits", j(&self.credits)),
            ("special_blocks", j(&self.special_blocks)),
            ("date_page", j(&(&self.date, &self.page))),
            ("skip", j(&self.skip)),
        ]
    }
}

fn j<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

fn dir() -> PathBuf {
    common::expected::path("structure")
}

fn slug(reference: &str) -> String {
    reference.replace('/', "__").replace('#', "@")
}

#[test]
fn structure_matches_the_hand_reviewed_golden_set() {
    let cases = std::fs::read_to_string(dir().join("cases.txt")).unwrap();
    let cases: Vec<&str> = cases
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert!(
        cases.len() >= 80,
        "the golden set needs at least 80 articles"
    );
    for source in [
        "rmrb_2019_2020_utf8/",
        "sogouc_reduced_gbk/",
        "sogouc_mini_utf8/",
        "sogouca_smarty_gbk/",
    ] {
        assert!(
            cases.iter().any(|c| c.starts_with(source)),
            "no case from {source}"
        );
    }
    let rules = Rules::builtin();
    let mut totals: Vec<(&str, usize)> = Vec::new();
    let mut differences = Vec::new();
    let mut missing = Vec::new();
    for case in &cases {
        let (text, meta) = common::load(case);
        let s = structure_with(&text, &meta, rules);
        let got = Golden::of(&s.article, skip_reason(&s.article));
        let name = format!("{}.json", slug(case));
        let mut json = serde_json::to_string_pretty(&got).unwrap();
        json.push('\n');
        let Some(expected) = common::expected::reviewed(&dir(), &name, json.as_bytes()) else {
            missing.push(name);
            continue;
        };
        let expected: Golden =
            serde_json::from_slice(&expected).unwrap_or_else(|e| panic!("{name}: {e}"));
        for ((field, want), (_, have)) in expected.fields().into_iter().zip(got.fields()) {
            match totals.iter_mut().find(|(f, _)| *f == field) {
                Some((_, n)) => *n += usize::from(want == have),
                None => totals.push((field, usize::from(want == have))),
            }
            if want != have {
                differences.push(format!(
                    "{case} {field}:\n  expected {want}\n  got      {have}"
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no reviewed expectation for {} cases (run with UPDATE_EXPECTED=1, read candidates/ against the sources, fix and copy beside cases.txt): {}",
        missing.len(),
        missing.join(", ")
    );
    let n = cases.len() as f64;
    eprintln!(
        "structure golden set, {} articles, per-field accuracy:",
        cases.len()
    );
    let mut accuracy = std::collections::BTreeMap::new();
    for (field, ok) in &totals {
        let pct = 100.0 * *ok as f64 / n;
        eprintln!("  {field:<15} {ok:>3}/{} = {pct:5.1} %", cases.len());
        accuracy.insert(*field, pct);
    }
    for d in &differences {
        eprintln!("{d}");
    }
    assert!(accuracy["headline"] >= 98.0, "headline accuracy below 98 %");
    assert!(accuracy["dateline"] >= 95.0, "dateline accuracy below 95 %");
    assert!(accuracy["bylines"] >= 95.0, "bylines accuracy below 95 %");
}

/// `inspect --explain` (issue 4) through the command line.
#[test]
fn inspect_explain_shows_each_line_with_its_role_and_rule() {
    let seed = common::fixture("mixed/seed-article.txt");
    let o = common::bin()
        .arg("inspect")
        .arg(seed)
        .arg("--explain")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(
        rows[1].starts_with("   1  headline") && rows[1].contains("first line reads as a headline"),
        "{text}"
    );
    assert!(
        rows[2].starts_with("   2  dateline") && rows[2].ends_with("·  本报讯"),
        "{text}"
    );
    assert!(rows[3].starts_with("   2  paragraph"), "{text}");
    assert!(
        text.contains("byline (end)") && text.contains("□鞠　闻"),
        "{text}"
    );
    assert!(text.contains("bylines: 鞠闻"), "{text}");
}
