//! Traditional Chinese end to end (issue 20): a Traditional article, in Big5 or UTF-8, comes out
//! tagged `zh-TW` in every format and set in the Traditional (TC) faces; a configured tag picks
//! its region's faces; a Simplified article keeps `zh-CN` and the SC faces.
//!
//! Fixtures: `tests/fixtures/big5/` — two real articles of the second corpus, as published
//! (UTF-8) and transcoded to Big5 (its README).

use crate::common::validators::{assert_epubs_valid, tool, zip_entry};
use crate::common::{self, fixture};
use serde_json::Value;
use std::path::{Path, PathBuf};

const ARTICLES: [&str; 2] = ["chinatimes_news_0087", "setn_0132"];

/// Converts `inputs` into `dir/out` with `args`, in `dir` (whose config.yaml, if any, applies).
fn convert(dir: &Path, inputs: &[PathBuf], args: &[&str]) -> PathBuf {
    let out = dir.join("out");
    let o = common::bin_in(dir)
        .arg("convert")
        .args(inputs)
        .args(args)
        .arg("-q")
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    common::assert_exit(&o, 0);
    out
}

fn big5(name: &str) -> PathBuf {
    fixture(&format!("big5/{name}.txt"))
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The `lang` of an XHTML document's root element.
fn root_lang(doc: &str) -> &str {
    let html = &doc[doc.find("<html").unwrap()..];
    let at = html.find(" lang=\"").unwrap() + 7;
    &html[at..at + html[at..].find('"').unwrap()]
}

/// The PostScript names of a PDF's fonts, without subset tags.
fn pdf_fonts(pdf: &Path) -> Vec<String> {
    let out = tool("pdffonts", &[], pdf);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, f)| f).to_string())
        .collect()
}

fn pdf_lang(pdf: &Path) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    let lang = doc
        .catalog()
        .unwrap()
        .get(b"Lang")
        .unwrap()
        .as_str()
        .unwrap();
    String::from_utf8_lossy(lang).into_owned()
}

/// Every language tag the three formats of `stem` carry, and the PDF's fonts.
fn tags(stem: &Path) -> ([String; 4], Vec<String>) {
    let xhtml = std::fs::read_to_string(stem.with_extension("xhtml")).unwrap();
    let epub = stem.with_extension("epub");
    let opf = zip_entry(&epub, "EPUB/package.opf");
    let dc = &opf[opf.find("<dc:language>").unwrap() + 13..];
    let chapter = zip_entry(&epub, "EPUB/article.xhtml");
    let pdf = stem.with_extension("pdf");
    (
        [
            root_lang(&xhtml).to_string(),
            dc[..dc.find('<').unwrap()].to_string(),
            root_lang(&chapter).to_string(),
            pdf_lang(&pdf),
        ],
        pdf_fonts(&pdf),
    )
}

#[test]
fn big5_and_utf8_copies_of_a_traditional_article_make_the_same_article() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs: Vec<PathBuf> = ARTICLES.iter().map(|a| big5(a)).collect();
    inputs.extend(ARTICLES.iter().map(|a| big5(&format!("{a}.utf8"))));
    let out = convert(dir.path(), &inputs, &["-f", "json"]);
    for a in ARTICLES {
        let mut from_big5 = json(&out.join(format!("{a}.json")));
        let mut from_utf8 = json(&out.join(format!("{a}.utf8.json")));
        assert_eq!(from_big5["encoding"], "Big5", "{a}: `auto` finds Big5");
        assert_eq!(from_utf8["encoding"], "UTF-8");
        for v in [&mut from_big5, &mut from_utf8] {
            v.as_object_mut().unwrap().remove("source");
            v.as_object_mut().unwrap().remove("encoding");
        }
        // The one character Big5's variants read differently: `A2 41`, the Unicode table's
        // U+FF0F `／`, which WHATWG's Big5 (encoding_rs, like cp950) decodes as U+2215 `∕`.
        let folded = from_big5.to_string().replace('∕', "／");
        assert_eq!(folded, from_utf8.to_string(), "{a}");
    }
    let times = json(&out.join("chinatimes_news_0087.json"));
    assert_eq!(times["headline"], "高雄19處淹水 急設應變中心");
    assert_eq!(
        times["dateline"]["text"],
        "【林瑞益、劉宥廷、洪浩軒∕高雄報導】"
    );
    assert_eq!(
        times["dateline"]["reporters"],
        serde_json::json!(["林瑞益", "劉宥廷", "洪浩軒"])
    );
    let setn = json(&out.join("setn_0132.json"));
    assert_eq!(setn["dateline"]["text"], "（中央社香港16日電）");
    assert_eq!(setn["dateline"]["agency"], "中央社");
}

#[test]
fn a_traditional_article_is_zh_tw_in_every_format_and_set_in_the_tc_faces() {
    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<PathBuf> = ARTICLES.iter().map(|a| big5(a)).collect();
    let out = convert(dir.path(), &inputs, &["-f", "epub,xhtml,pdf"]);
    let mut books = Vec::new();
    for a in ARTICLES {
        let (langs, fonts) = tags(&out.join(a));
        assert_eq!(
            langs,
            ["zh-TW", "zh-TW", "zh-TW", "zh-TW"].map(String::from),
            "{a}"
        );
        assert_eq!(
            fonts,
            ["NotoSerifCJKtc-Regular", "NotoSansCJKtc-Bold"],
            "{a}: the TC faces, subset and embedded"
        );
        let pdf = out.join(format!("{a}.pdf"));
        let o = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext (make test installs poppler-utils)");
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(
            text.contains("受西南氣流影響") || text.contains("亞洲股市"),
            "{a}: {text}"
        );
        // The book's stylesheet names the Traditional stacks under :lang().
        let css = zip_entry(&out.join(format!("{a}.epub")), "EPUB/newsbind.css");
        assert!(
            css.contains(":lang(zh-TW)") && css.contains("\"Noto Serif CJK TC\""),
            "{css}"
        );
        let nav = zip_entry(&out.join(format!("{a}.epub")), "EPUB/nav.xhtml");
        assert!(
            nav.contains("<h1>目錄</h1>"),
            "the nav speaks Traditional: {nav}"
        );
        books.push(out.join(format!("{a}.epub")));
    }
    // Vertical, with the TC face's subset embedded: still a valid book.
    let vdir = tempfile::tempdir().unwrap();
    let vout = convert(
        vdir.path(),
        &inputs,
        &["-f", "epub", "--vertical", "--embed-font"],
    );
    for a in ARTICLES {
        let book = vout.join(format!("{a}.epub"));
        let css = zip_entry(&book, "EPUB/newsbind.css");
        assert!(
            css.contains("vertical-rl") && css.contains("\"newsbind embedded\", serif"),
            "{css}"
        );
        books.push(book);
    }
    assert_epubs_valid(&books);
}

#[test]
fn a_configured_tag_picks_its_regions_faces_and_a_simplified_article_keeps_zh_cn() {
    let simplified = common::fixture_corpus("rmrb_2019_2020_utf8/20190201/20190201-01-01.txt");
    let hk = tempfile::tempdir().unwrap();
    std::fs::write(
        hk.path().join("config.yaml"),
        "auto_language:\n  traditional: zh-HK\n",
    )
    .unwrap();
    let out = convert(
        hk.path(),
        &[big5("chinatimes_news_0087"), simplified.clone()],
        &["-f", "epub,xhtml,pdf"],
    );
    let (langs, fonts) = tags(&out.join("chinatimes_news_0087"));
    assert_eq!(langs, ["zh-HK"; 4].map(String::from));
    assert!(fonts.iter().all(|f| f.contains("CJKhk-")), "{fonts:?}");
    let (langs, fonts) = tags(&out.join("20190201-01-01"));
    assert_eq!(langs, ["zh-CN"; 4].map(String::from));
    assert!(fonts.iter().all(|f| f.contains("CJKsc-")), "{fonts:?}");

    // A fixed tag wins over detection, and --lang over the config.
    let fixed = tempfile::tempdir().unwrap();
    std::fs::write(fixed.path().join("config.yaml"), "language: zh-CN\n").unwrap();
    let out = convert(
        fixed.path(),
        &[big5("setn_0132")],
        &["-f", "epub,xhtml,pdf"],
    );
    let (langs, fonts) = tags(&out.join("setn_0132"));
    assert_eq!(langs, ["zh-CN"; 4].map(String::from));
    assert!(fonts.iter().all(|f| f.contains("CJKsc-")), "{fonts:?}");
    let out = convert(
        fixed.path(),
        &[simplified],
        &["-f", "epub,xhtml,pdf", "--lang", "zh-Hant"],
    );
    let (langs, fonts) = tags(&out.join("20190201-01-01"));
    assert_eq!(langs, ["zh-Hant"; 4].map(String::from));
    assert!(fonts.iter().all(|f| f.contains("CJKtc-")), "{fonts:?}");
}

#[test]
fn a_language_that_is_not_a_tag_is_a_config_error_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.yaml"), "language: chinese please\n").unwrap();
    let o = common::bin_in(dir.path())
        .args(["convert", "-o", "out"])
        .arg(big5("setn_0132"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("language `chinese please`") && err.contains("auto"),
        "{err}"
    );
}
