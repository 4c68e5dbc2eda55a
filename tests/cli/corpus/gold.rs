//! Issue 15, acceptance 1: the structure gold set (`tests/gold/`, hand-labelled articles of
//! every source of both dev corpora) scored field by field. Prints the table of
//! `docs/structure.md` (`scripts/structure-score` runs just this) and writes every miss to
//! `target/gold-misses.txt`. Issue 15's bar is every field at least 97% right over all sources
//! and 90% for each source; the recogniser is not there yet (docs/structure.md), so the test
//! holds the line where it is: it fails when any field's overall score falls below its floor
//! in [`FLOORS`] (the score measured when the floor was last raised). Raise a floor whenever a
//! change lifts its field; never lower one to let a change in.
//!
//! Comparisons ignore white space, full-width/half-width differences of ASCII characters and
//! the separators that join title parts (see `tests/gold/README.md`).

use newsbind::model::Source;
use newsbind::model::{Article, BlockKind, TitleSource};
use newsbind::read::{read_source, ReadOptions};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::common;

const FIELDS: &[&str] = &[
    "skip",
    "title",
    "title line",
    "kicker",
    "subtitle",
    "dateline",
    "names",
    "headings",
    "captions",
    "credits",
];
/// Issue 15's bar, printed beside the table.
const OVERALL_BAR: f64 = 97.0;
const PER_SOURCE_BAR: f64 = 90.0;
/// The overall score each field may not fall below (percent, measured).
const FLOORS: &[(&str, f64)] = &[
    ("skip", 97.5),
    ("title", 89.5),
    ("title line", 95.5),
    ("kicker", 92.5),
    ("subtitle", 95.5),
    ("dateline", 95.5),
    ("names", 91.5),
    ("headings", 82.5),
    ("captions", 94.5),
    ("credits", 91.5),
];

/// Decodes `&#NNN;` references (labels copy RSS text as it stands) and squashes the text.
fn squash(s: &str) -> String {
    let mut t = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("&#") {
        t.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find(';').and_then(|e| {
            let n = &after[..e];
            let c = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok(),
                None => n.parse().ok(),
            }?;
            Some((char::from_u32(c)?, e))
        }) {
            Some((c, e)) => {
                t.push(c);
                rest = &after[e + 1..];
            }
            None => {
                t.push_str("&#");
                rest = after;
            }
        }
    }
    t.push_str(rest);
    t.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// [`squash`], then the joining separators at both ends of a title part removed.
fn part(s: &str) -> String {
    let seps = [
        "——", "--", "－－", "──", "：", ":", "丨", "|", "｜", "／", "/", "-",
    ];
    let mut t = squash(s);
    loop {
        let before = t.len();
        for sep in seps {
            if let Some(r) = t.strip_prefix(sep) {
                t = r.to_string();
            }
            if let Some(r) = t.strip_suffix(sep) {
                t = r.to_string();
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

/// A kicker without its media tag (`[视频]`), which the labels leave out.
fn kicker(s: &str) -> String {
    let t = squash(s);
    let t = match t.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((tag, rest)) if tag.chars().count() <= 4 => rest.to_string(),
        _ => t,
    };
    part(&t)
}

fn opt(v: &Value, f: impl Fn(&str) -> String) -> String {
    v.as_str().map(f).unwrap_or_default()
}

fn list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).map(squash).collect())
        .unwrap_or_default()
}

fn blocks(a: &Article, kind: BlockKind) -> Vec<String> {
    a.blocks
        .iter()
        .filter(|b| b.kind == kind)
        .map(|b| squash(&b.text))
        .collect()
}

/// Each field's verdict for one article: `(field, right, expected, got)`.
fn score(label: &Value, got: Option<&Article>) -> Vec<(&'static str, bool, String, String)> {
    let skip_want = label["skip"].as_bool().unwrap_or(false);
    let mut out = vec![(
        "skip",
        skip_want == got.is_none(),
        skip_want.to_string(),
        got.is_none().to_string(),
    )];
    if skip_want {
        return out;
    }
    let Some(a) = got else {
        for f in &FIELDS[1..] {
            out.push((f, false, "an article".into(), "skipped".into()));
        }
        return out;
    };
    let in_text = label["title_in_text"].as_bool().unwrap_or(true);
    let text = a.title_source == TitleSource::Text;
    let want_head = opt(&label["headline"], part);
    let got_head = if text {
        part(&a.headline)
    } else {
        String::new()
    };
    out.push(("title", want_head == got_head, want_head, got_head));
    out.push((
        "title line",
        in_text == text,
        in_text.to_string(),
        text.to_string(),
    ));
    let k = (
        opt(&label["kicker"], kicker),
        a.kicker.as_deref().map(kicker).unwrap_or_default(),
    );
    out.push(("kicker", k.0 == k.1, k.0, k.1));
    let s = (
        opt(&label["subtitle"], part),
        a.subtitle.as_deref().map(part).unwrap_or_default(),
    );
    out.push(("subtitle", s.0 == s.1, s.0, s.1));
    let d = (
        opt(&label["dateline"], squash),
        a.dateline
            .as_ref()
            .map(|d| squash(&d.text))
            .unwrap_or_default(),
    );
    out.push(("dateline", d.0 == d.1, d.0, d.1));
    let mut want_names = list(&label["names"]);
    let mut got_names: Vec<String> = a
        .bylines
        .iter()
        .chain(a.dateline.iter().flat_map(|d| d.reporters.iter()))
        .map(|n| squash(n))
        .collect();
    want_names.sort();
    want_names.dedup();
    got_names.sort();
    got_names.dedup();
    out.push((
        "names",
        want_names == got_names,
        want_names.join("、"),
        got_names.join("、"),
    ));
    for (field, kind) in [
        ("headings", BlockKind::Heading),
        ("captions", BlockKind::Caption),
    ] {
        let (w, g) = (list(&label[field]), blocks(a, kind));
        out.push((field, w == g, w.join(" | "), g.join(" | ")));
    }
    let (w, g) = (
        list(&label["credits"]),
        a.credits
            .iter()
            .map(|c| squash(&c.text))
            .collect::<Vec<_>>(),
    );
    out.push(("credits", w == g, w.join(" | "), g.join(" | ")));
    out
}

/// The file a gold id names, and its record name.
fn locate(id: &str, corpus: &Path, corpus2: &Path) -> (PathBuf, Option<String>) {
    let (path, record) = match id.split_once('#') {
        Some((p, r)) => (p, Some(r.to_string())),
        None => (id, None),
    };
    let file = if let Some(rest) = path.strip_prefix("corpus2/") {
        corpus2.join(rest)
    } else {
        corpus.join(
            path.strip_prefix("corpus/")
                .expect("a gold id starts with corpus/ or corpus2/"),
        )
    };
    (file, record)
}

/// The article newsbind makes of a gold id (`None` when it skips it).
fn article_of(file: &Path, record: Option<&str>) -> Option<Article> {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let source = Source {
        path: file.to_path_buf(),
        display: name.clone(),
        stem: name
            .rsplit_once('.')
            .map_or(name.clone(), |(s, _)| s.to_string()),
    };
    let mut opts = ReadOptions::default();
    // The recogniser is scored, not the decoder: undecodable bytes are replaced.
    opts.text.lossy = true;
    let pieces = match read_source(&bytes, &source, &opts) {
        Ok(p) => p,
        Err(_) => return None,
    };
    let piece = match record {
        None => pieces.into_iter().next()?,
        Some(r) => {
            let want = format!("#{}", newsbind::read::sogou::safe_name(r));
            pieces
                .into_iter()
                .find(|p| p.source.display.ends_with(&want))?
        }
    };
    if piece.skip.is_some() {
        return None;
    }
    piece.article.map(|w| w.value)
}

fn pct(right: usize, all: usize) -> f64 {
    if all == 0 {
        100.0
    } else {
        100.0 * right as f64 / all as f64
    }
}

#[test]
#[ignore = "corpus suite: make test-corpus"]
fn structure_gold_scores() {
    let (corpus, corpus2) = (common::corpus(), common::corpus2());
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&gold)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    // source → field → (right, all)
    let mut table: BTreeMap<String, BTreeMap<&str, (usize, usize)>> = BTreeMap::new();
    let mut articles: BTreeMap<String, usize> = BTreeMap::new();
    let mut misses = String::new();
    for f in &files {
        let source = f.file_stem().unwrap().to_string_lossy().into_owned();
        for line in std::fs::read_to_string(f).unwrap().lines() {
            if line.trim().is_empty() {
                continue;
            }
            let label: Value = serde_json::from_str(line).expect("a gold line is JSON");
            let id = label["source"].as_str().expect("source").to_string();
            let (file, record) = locate(&id, &corpus, &corpus2);
            let got = article_of(&file, record.as_deref());
            *articles.entry(source.clone()).or_default() += 1;
            for (field, ok, want, got) in score(&label, got.as_ref()) {
                let cell = table
                    .entry(source.clone())
                    .or_default()
                    .entry(field)
                    .or_default();
                cell.1 += 1;
                if ok {
                    cell.0 += 1;
                } else {
                    let _ = writeln!(
                        misses,
                        "{source}\t{field}\t{id}\n  want: {want}\n  got:  {got}"
                    );
                }
            }
        }
    }
    let total: usize = articles.values().sum();
    let mut all: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for row in table.values() {
        for (f, (r, n)) in row {
            let c = all.entry(f).or_default();
            c.0 += r;
            c.1 += n;
        }
    }
    let mut out = format!(
        "| source | articles | {} |\n| --- | ---: |{}\n",
        FIELDS.join(" | "),
        " ---: |".repeat(FIELDS.len())
    );
    let mut failures = Vec::new();
    let mut below_bar = 0;
    for (source, row) in table
        .iter()
        .chain(std::iter::once((&"all".to_string(), &all)))
    {
        let n = if source == "all" {
            total
        } else {
            articles[source]
        };
        let _ = write!(out, "| {source} | {n} |");
        for f in FIELDS {
            let (r, c) = row.get(f).copied().unwrap_or((0, 0));
            let p = pct(r, c);
            let bar = if source == "all" {
                OVERALL_BAR
            } else {
                PER_SOURCE_BAR
            };
            if p < bar {
                below_bar += 1;
            }
            if source == "all" {
                let floor = FLOORS
                    .iter()
                    .find(|(n, _)| n == f)
                    .map_or(100.0, |(_, v)| *v);
                if p < floor {
                    failures.push(format!("{f}: {p:.1}% < its floor {floor}%"));
                }
            }
            let _ = write!(out, " {p:.0}% |");
        }
        out.push('\n');
    }
    println!("{out}");
    println!(
        "{below_bar} cells below issue 15's bar ({OVERALL_BAR}% over all sources, {PER_SOURCE_BAR}% per source)"
    );
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(target.join("gold-misses.txt"), &misses);
    let _ = std::fs::write(target.join("gold-table.md"), &out);
    assert!(
        total >= 240 && articles.values().all(|&n| n >= 20),
        "the gold set needs at least 240 articles and 20 per source: {articles:?}"
    );
    assert!(
        failures.is_empty(),
        "below the floor:\n{}",
        failures.join("\n")
    );
}
