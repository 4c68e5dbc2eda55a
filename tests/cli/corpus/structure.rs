//! Issue 4, acceptance 2 and 3, over the whole corpus (the 200 SogouCA records of the `.dat`
//! file included, cut out here by their `<contenttitle>`/`<content>` tags):
//! - no recogniser drops or duplicates text: apart from whitespace, the article's text fields,
//!   read in the model's order, are exactly the normalised text;
//! - every source is an article (it has body text) or is skipped with a reason, and the only
//!   source that cannot be read is the undecodable one, in the library and through the
//!   command line.

use newsbind::model::{Article, BylinePosition, TitleSource};
use newsbind::structure::{skip::skip_reason, structure_with, Rules, SourceMeta};
use newsbind::text::decode::{decode, EncodingChoice};
use newsbind::text::normalize::normalize;
use std::path::{Path, PathBuf};

use crate::common::{self, sogouca_records};

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The article's text fields in the model's reading order (see `model::Article`).
fn model_text(a: &Article) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(a.kicker.as_deref());
    if a.title_source == TitleSource::Text {
        parts.push(&a.headline);
    }
    parts.extend(a.subtitle.as_deref());
    let lines = |p: BylinePosition| {
        a.byline_lines
            .iter()
            .filter(move |b| b.position == p)
            .map(|b| b.text.as_str())
    };
    parts.extend(lines(BylinePosition::Top));
    parts.extend(a.dateline.as_ref().map(|d| d.text.as_str()));
    parts.extend(a.blocks.iter().map(|b| b.text.as_str()));
    parts.extend(lines(BylinePosition::End));
    parts.extend(a.credits.iter().map(|c| c.text.as_str()));
    no_space(&parts.concat())
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt" || e == "dat") {
            out.push(p);
        }
    }
}

/// Structures one text and checks the invariant; returns whether it is skipped.
fn check(name: &str, text: &str, rules: &Rules, failures: &mut Vec<String>) -> bool {
    let text = normalize(text).text;
    let stem = Path::new(name)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let meta = SourceMeta {
        source: name.into(),
        stem,
        encoding: "test".into(),
    };
    let s = structure_with(&text, &meta, rules);
    let (want, got) = (no_space(&text), model_text(&s.article));
    if want != got {
        let at = want
            .chars()
            .zip(got.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let ctx = |t: &str| {
            t.chars()
                .skip(at.saturating_sub(10))
                .take(30)
                .collect::<String>()
        };
        failures.push(format!(
            "{name}: text differs at char {at}: source «{}» model «{}»",
            ctx(&want),
            ctx(&got)
        ));
    }
    let a = &s.article;
    let skip = skip_reason(a, Rules::builtin());
    if skip.is_none() && a.blocks.is_empty() && a.dateline.is_none() {
        failures.push(format!(
            "{name}: neither an article with a body nor skipped"
        ));
    }
    if let Some(r) = &skip {
        eprintln!("skipped {name}: {r}");
    }
    skip.is_some()
}

#[test]
#[ignore = "corpus suite: make test-corpus"]
fn every_corpus_text_is_kept_whole_and_in_order_and_every_file_is_converted_or_skipped() {
    let rules = Rules::builtin();
    let corpus = common::corpus();
    let mut paths = Vec::new();
    files(&corpus, &mut paths);
    assert!(
        paths.len() >= 1043,
        "corpus incomplete: {} files",
        paths.len()
    );
    let (mut failures, mut undecodable, mut skipped, mut checked) = (Vec::new(), Vec::new(), 0, 0);
    for path in &paths {
        let name = path
            .strip_prefix(&corpus)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(path).unwrap();
        let text = match decode(&bytes, EncodingChoice::Auto) {
            Ok(d) => d.text,
            Err(_) => {
                undecodable.push(name);
                continue;
            }
        };
        if name.ends_with(".dat") {
            let records = sogouca_records(&text);
            assert_eq!(records.len(), 200, "{name}");
            for (record, text) in records {
                checked += 1;
                skipped += usize::from(check(
                    &format!("{name}#{record}"),
                    &text,
                    rules,
                    &mut failures,
                ));
            }
        } else {
            checked += 1;
            skipped += usize::from(check(&name, &text, rules, &mut failures));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} texts fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(undecodable, ["sogouc_reduced_gbk/C000023/1170.txt"]);
    // 34 empty SogouCA records, the People's Daily placeholders and stubs, the URL-only files.
    assert!(
        (45..70).contains(&skipped),
        "{skipped} of {checked} skipped"
    );
}

#[test]
#[ignore = "corpus suite: make test-corpus"]
fn every_corpus_file_is_converted_or_skipped_with_a_reason_and_only_the_undecodable_fails() {
    let out = tempfile::tempdir().unwrap();
    let o = common::bin()
        .arg("convert")
        .arg(common::corpus())
        .args(["-f", "json", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    common::assert_exit(&o, 1);
    let report: serde_json::Value = common::report(out.path());
    let articles = report["articles"].as_array().unwrap();
    assert!(articles.len() >= 1042);
    let failed: Vec<&str> = articles
        .iter()
        .filter(|a| a["status"] == "failed")
        .map(|a| a["source"].as_str().unwrap())
        .collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].ends_with("sogouc_reduced_gbk/C000023/1170.txt"));
    for a in articles {
        match a["status"].as_str().unwrap() {
            "converted" => assert!(a["reason"].is_null()),
            "skipped" => assert!(a["reason"].as_str().is_some_and(|r| !r.is_empty()), "{a}"),
            "failed" => {}
            other => panic!("unknown status {other}"),
        }
    }
    let is_record = |a: &&serde_json::Value| a["source"].as_str().unwrap().contains(".dat#");
    let skipped = articles
        .iter()
        .filter(|a| a["status"] == "skipped" && !is_record(a))
        .count();
    // 12 `广告` pages, `图片报道`, headline-only stubs, URL-only and empty Sogou files.
    assert!((15..40).contains(&skipped), "{skipped} skipped");
    // The SogouCA file's records: 34 of its 200 have no content.
    let records: Vec<&serde_json::Value> = articles.iter().filter(is_record).collect();
    assert_eq!(records.len(), 200);
    assert_eq!(
        records.iter().filter(|a| a["status"] == "skipped").count(),
        34
    );
}
