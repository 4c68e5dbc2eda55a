//! PDF typesetting specifications over real corpus articles (issue 6), read from their copies
//! in `tests/fixtures/corpus/`:
//!
//! - golden layout dumps: the lines of every page, as text, for five articles
//!   (`tests/expected/layout/`; `UPDATE_EXPECTED=1` rewrites them, CI never does);
//! - a sample of all sources run through the binary and checked with the validators users
//!   trust: `qpdf --check`, `pdffonts`, `pdftotext` (plain and `-layout`) — here the part of
//!   the sample the fixtures hold, the whole sample in `corpus::pdf`;
//! - a collection PDF of one People's Daily day.
//!
//! The validators are installed by `make test`; these tests fail (never skip) without them.

use crate::common;
use crate::common::validators::tool;
use newsbind::text::lang::LanguageChoice;

use newsbind::fonts::FontSpec;
use newsbind::layout::{self, Geometry, Kinsoku};
use newsbind::structure::structure;
use newsbind::writer::pdf::FontSet;
use newsbind::writer::pdf::PdfOptions;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The default page: A5, 16 mm margins, 10.5 pt body, 18 pt headline, leading 1.7.
fn a5() -> Geometry {
    let pt = 72.0 / 25.4;
    Geometry {
        width: 148.0 * pt,
        height: 210.0 * pt,
        margin: 16.0 * pt,
        body_size: 10.5,
        headline_size: 18.0,
        leading: 1.7,
        kinsoku: Kinsoku::Basic,
        centred_punctuation: false,
    }
}

fn fonts() -> FontSet {
    let opts = PdfOptions {
        page_width: 0.0,
        page_height: 0.0,
        margin: 0.0,
        body_size: 0.0,
        headline_size: 0.0,
        leading: 0.0,
        body_font: FontSpec::Family {
            family: "Noto Serif CJK SC".into(),
            style: "Regular".into(),
        },
        heading_font: FontSpec::Family {
            family: "Noto Sans CJK SC".into(),
            style: "Bold".into(),
        },
        language: LanguageChoice::Fixed("zh-CN".into()),
        regional_fonts: Vec::new(),
        archival: newsbind::writer::pdf::Archival::PdfA1b,
        epoch: None,
        fallback_font: None,
        kinsoku: Kinsoku::Basic,
        compression: newsbind::writer::pdf::NEWSBIND_PDF_COMPRESSION,
    };
    common::pdf_fonts(&opts)
}

fn article(rel: &str) -> newsbind::model::Article {
    let (text, meta) = common::load(rel);
    structure(&text, &meta)
}

/// Five articles: a subtitle with a dash, an ellipsis, a travel piece, GB18030 finance news
/// and a health piece whose paragraphs start with punctuation.
const GOLDEN: [&str; 5] = [
    "rmrb_2019_2020_utf8/20190201/20190201-10-02.txt",
    "rmrb_2019_2020_utf8/20200102/20200102-15-01.txt",
    "sogouc_mini_utf8/C000016/12.txt",
    "sogouc_reduced_gbk/C000008/111.txt",
    "sogouc_reduced_gbk/C000013/1726.txt",
];

#[test]
fn layout_of_five_corpus_articles_matches_the_golden_dumps() {
    let fonts = fonts();
    let mut failures = Vec::new();
    for rel in GOLDEN {
        let pages = layout::layout(&article(rel), &a5(), &fonts);
        let dump = layout::dump(&pages);
        let name = rel.trim_end_matches(".txt").replace('/', "__") + ".txt";
        let file = common::expected::path(&format!("layout/{name}"));
        if let Err(e) = common::expected::check(&file, dump.as_bytes()) {
            eprintln!("{e}");
            failures.push(name);
        }
    }
    assert!(
        failures.is_empty(),
        "layout differs from golden dumps {failures:?}; review with UPDATE_EXPECTED=1 and git diff"
    );
}

/// Ten files from the three article sources (the SogouCA `.dat` is a bundle, split elsewhere):
/// dashes, ellipses, maths, GB18030 bytes, paragraphs that open with punctuation, a long file.
/// (`corpus::pdf` checks all ten; [`FIXTURE_SAMPLE`] is the part the fixtures hold.)
pub(crate) const SAMPLE: [&str; 10] = [
    "rmrb_2019_2020_utf8/20190201/20190201-10-02.txt",
    "rmrb_2019_2020_utf8/20190219/20190219-13-01.txt",
    "rmrb_2019_2020_utf8/20200102/20200102-15-01.txt",
    "rmrb_2019_2020_utf8/20190201/20190201-01-01.txt",
    "sogouc_mini_utf8/C000020/17.txt",
    "sogouc_mini_utf8/C000016/12.txt",
    "sogouc_reduced_gbk/C000008/111.txt",
    "sogouc_reduced_gbk/C000013/1726.txt",
    "sogouc_reduced_gbk/C000023/1875.txt",
    "sogouc_reduced_gbk/C000010/535.txt",
];

/// The files of [`SAMPLE`] that `tests/fixtures/corpus/` holds.
const FIXTURE_SAMPLE: [&str; 6] = [
    "rmrb_2019_2020_utf8/20190201/20190201-10-02.txt",
    "rmrb_2019_2020_utf8/20200102/20200102-15-01.txt",
    "rmrb_2019_2020_utf8/20190201/20190201-01-01.txt",
    "sogouc_mini_utf8/C000016/12.txt",
    "sogouc_reduced_gbk/C000008/111.txt",
    "sogouc_reduced_gbk/C000013/1726.txt",
];

/// Closing punctuation that may not start a line, opening that may not end one (the issue's
/// lists; dashes are left out: a paragraph may open with `——`, and that is checked below).
pub(crate) const CLOSING: &str = "，。、；：？！）》」』】〕”’…";
pub(crate) const OPENING: &str = "（《「『【〔“‘";

fn han(text: &str) -> Vec<char> {
    let mut v: Vec<char> = text.chars().filter(|&c| common::is_han(c)).collect();
    v.sort_unstable();
    v
}

pub(crate) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every text field of the model, whitespace removed: a line may start (end) with
/// punctuation when the source's own text starts (ends) with it there.
pub(crate) fn fields(model: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |v: &Value| {
        if let Some(s) = v.as_str() {
            out.push(squeeze(s));
        }
    };
    for k in ["kicker", "headline", "subtitle"] {
        push(&model[k]);
    }
    push(&model["dateline"]["text"]);
    for list in ["bylines", "blocks", "credits"] {
        for v in model[list].as_array().into_iter().flatten() {
            if v.is_string() {
                push(v);
            } else {
                push(&v["text"]);
            }
        }
    }
    out
}

#[test]
fn sample_pdfs_are_valid_searchable_subset_cid_and_obey_kinsoku() {
    assert!(FIXTURE_SAMPLE.iter().all(|f| SAMPLE.contains(f)));
    assert_sample_pdfs_are_valid_searchable_subset_cid_and_obey_kinsoku(
        &common::fixture_corpus(""),
        &FIXTURE_SAMPLE,
    );
}

/// Converts `sample` (paths under `root`) to PDF and JSON and checks every PDF: `qpdf --check`,
/// subset CID fonts, every Han character of the source in `pdftotext`, no line that breaks the
/// kinsoku rules, and a median size per page of at most 60 KiB.
pub(crate) fn assert_sample_pdfs_are_valid_searchable_subset_cid_and_obey_kinsoku(
    root: &Path,
    sample: &[&str],
) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let inputs: Vec<PathBuf> = sample.iter().map(|r| root.join(r)).collect();
    let o = common::bin()
        .arg("convert")
        .args(&inputs)
        .arg("-o")
        .arg(&out)
        .args(["-f", "pdf,json"])
        .env_remove("SOURCE_DATE_EPOCH")
        .current_dir(dir.path())
        .output()
        .unwrap();
    common::assert_exit(&o, 0);

    let mut per_page = Vec::new();
    for (rel, input) in sample.iter().zip(&inputs) {
        let stem = input.file_stem().unwrap().to_str().unwrap();
        let pdf = out.join(format!("{stem}.pdf"));
        let model: Value =
            serde_json::from_slice(&std::fs::read(out.join(format!("{stem}.json"))).unwrap())
                .unwrap();

        let check = tool("qpdf", &["--check"], &pdf);
        assert!(check.status.success(), "qpdf --check {rel}: {check:?}");

        let fonts = String::from_utf8(tool("pdffonts", &[], &pdf).stdout).unwrap();
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{rel}: no fonts");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let name = cols[0].as_bytes();
            assert!(
                name.len() > 7 && name[6] == b'+' && name[..6].iter().all(u8::is_ascii_uppercase),
                "{rel}: not a subset font: {row}"
            );
            assert!(
                row.contains("CID") && !row.contains("Type 3"),
                "{rel}: {row}"
            );
            assert_eq!(
                &cols[cols.len() - 5..cols.len() - 2],
                ["yes", "yes", "yes"],
                "{rel}: {row}"
            );
        }

        // The running header repeats the headline from page 2: crop the top 36 pt away.
        let crop = [
            "-enc", "UTF-8", "-x", "0", "-y", "36", "-W", "10000", "-H", "10000",
        ];
        let pdftotext = |extra: &[&str]| {
            let o = Command::new("pdftotext")
                .args(crop)
                .args(extra)
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext must be installed (make test installs it)");
            String::from_utf8(o.stdout).unwrap()
        };
        let text = pdftotext(&[]);
        let source = common::source_text(input);
        let mut expected = source.clone();
        if model["title_source"] != "text" {
            expected.push_str(model["headline"].as_str().unwrap());
        }
        let (got, want) = (han(&text), han(&expected));
        if got != want {
            let extra: Vec<char> = got.iter().filter(|c| !want.contains(c)).copied().collect();
            let lost: Vec<char> = want.iter().filter(|c| !got.contains(c)).copied().collect();
            panic!(
                "{rel}: Han text differs ({} vs {} chars); only in PDF {extra:?}, lost {lost:?}",
                got.len(),
                want.len()
            );
        }

        let layout = pdftotext(&["-layout"]);
        let fields = fields(&model);
        for line in layout.lines() {
            let l = squeeze(line);
            let (Some(first), Some(last)) = (l.chars().next(), l.chars().last()) else {
                continue;
            };
            if CLOSING.contains(first) {
                let head: String = l.chars().take(4).collect();
                assert!(
                    fields.iter().any(|f| f.starts_with(&head)),
                    "{rel}: a line starts with closing punctuation: {line:?}"
                );
            }
            if OPENING.contains(last) {
                let tail: String = {
                    let v: Vec<char> = l.chars().collect();
                    v[v.len().saturating_sub(4)..].iter().collect()
                };
                assert!(
                    fields.iter().any(|f| f.ends_with(&tail)),
                    "{rel}: a line ends with opening punctuation: {line:?}"
                );
            }
        }

        let info = String::from_utf8(tool("pdfinfo", &[], &pdf).stdout).unwrap();
        let pages: f64 = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let size = std::fs::metadata(&pdf).unwrap().len() as f64;
        per_page.push(size / 1024.0 / pages);
    }
    per_page.sort_by(f64::total_cmp);
    let median = per_page[per_page.len() / 2];
    eprintln!("KiB per page over the sample: {per_page:.1?}, median {median:.1}");
    assert!(median <= 60.0, "median {median:.1} KiB per page");
}

/// `--collection` with PDF: one book per day folder, every article from a new page with its
/// own outline entry (titled with its page, 版), page numbers running on, text intact.
#[test]
fn a_collection_pdf_has_one_outline_entry_per_article_each_on_a_new_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let day = common::fixture_corpus("rmrb_2019_2020_utf8/20190201");
    let o = common::bin()
        .arg("convert")
        .arg(&day)
        .arg("-o")
        .arg(&out)
        .args(["-f", "pdf", "--collection", "-q"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    common::assert_exit(&o, 0);
    let report: Value = common::report(&out);
    let converted: Vec<&Value> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["status"] == "converted")
        .collect();
    // Seven files; the page-8 `广告` placeholder is skipped.
    assert_eq!(converted.len(), 6);
    for a in &converted {
        assert_eq!(a["outputs"], serde_json::json!(["20190201.pdf"]), "{a}");
    }
    let pdf = out.join("20190201.pdf");
    assert!(tool("qpdf", &["--check"], &pdf).status.success());

    let json = tool("qpdf", &["--json", "--json-key=outlines"], &pdf);
    let outline: Value = serde_json::from_slice(&json.stdout).unwrap();
    let entries = outline["outlines"].as_array().unwrap();
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 6, "{titles:?}");
    assert_eq!(titles[0], "第1版　习近平同卡塔尔埃米尔塔米姆举行会谈");
    assert!(titles[2].starts_with("第9版　"), "{titles:?}");
    let pages: Vec<u64> = entries
        .iter()
        .map(|e| e["destpageposfrom1"].as_u64().unwrap())
        .collect();
    assert_eq!(pages[0], 1);
    assert!(pages.windows(2).all(|w| w[0] < w[1]), "{pages:?}");

    // Every Han character of the six articles, and nothing else (running headers cropped).
    let text = Command::new("pdftotext")
        .args([
            "-enc", "UTF-8", "-x", "0", "-y", "36", "-W", "10000", "-H", "10000",
        ])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let mut expected = Vec::new();
    for a in &converted {
        let bytes = std::fs::read(a["source"].as_str().unwrap()).unwrap();
        expected.extend(han(std::str::from_utf8(&bytes).unwrap()));
    }
    expected.sort_unstable();
    assert_eq!(han(&String::from_utf8(text.stdout).unwrap()), expected);
}
