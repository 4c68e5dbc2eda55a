//! Issue 20, acceptance 1 and 4: Traditional Chinese articles, as the corpora hold them, come
//! out tagged and set as Traditional Chinese, and nothing else does.
//!
//! The Traditional articles are those PROVENANCE says are Traditional: corpus2's `taiwan_*`
//! folders (中國時報, 三立新聞網, the 苦勞網 Big5 feed). Every other article of both corpora
//! is Simplified and must keep `zh-CN` and the SC faces.

use crate::common;
use crate::common::validators::{tool, zip_entry};
use std::path::{Path, PathBuf};

/// What the outputs of one article say about its language.
#[derive(Debug, PartialEq)]
struct Tags {
    xhtml: String,
    epub: String,
    chapter: String,
    pdf: String,
    /// The PostScript names of the PDF's fonts without their subset tags.
    fonts: Vec<String>,
}

fn attr(doc: &str, name: &str) -> String {
    let at = doc.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
    doc[at..at + doc[at..].find('"').unwrap()].to_string()
}

fn tags(stem: &Path) -> Tags {
    let xhtml = std::fs::read_to_string(stem.with_extension("xhtml")).unwrap();
    let html = &xhtml[xhtml.find("<html").unwrap()..];
    assert_eq!(attr(html, "lang"), attr(html, "xml:lang"));
    let epub = stem.with_extension("epub");
    let opf = zip_entry(&epub, "EPUB/package.opf");
    let dc = &opf[opf.find("<dc:language>").unwrap() + 13..];
    let chapter = zip_entry(&epub, "EPUB/article.xhtml");
    let pdf = lopdf::Document::load(stem.with_extension("pdf")).unwrap();
    let lang = pdf
        .catalog()
        .unwrap()
        .get(b"Lang")
        .and_then(|o| o.as_str().map(|s| String::from_utf8_lossy(s).into_owned()))
        .unwrap();
    let listing = tool("pdffonts", &[], &stem.with_extension("pdf"));
    let mut fonts: Vec<String> = String::from_utf8_lossy(&listing.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, f)| f).to_string())
        .collect();
    fonts.sort();
    fonts.dedup();
    Tags {
        xhtml: attr(html, "lang"),
        epub: dc[..dc.find('<').unwrap()].to_string(),
        chapter: attr(&chapter[chapter.find("<html").unwrap()..], "lang"),
        pdf: lang,
        fonts,
    }
}

fn articles(out: &Path) -> Vec<PathBuf> {
    let mut stems: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "xhtml"))
        .map(|p| p.with_extension(""))
        .collect();
    stems.sort();
    stems
}

#[test]
#[ignore = "corpus suite: make test-corpus"]
fn traditional_articles_are_tagged_zh_tw_and_set_in_tc_faces_and_no_other_article_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut traditional = 0;
    let mut simplified = 0;
    for (i, root) in [common::corpus(), common::corpus2()].iter().enumerate() {
        let out = dir.path().join(format!("c{i}"));
        let o = common::bin_in(dir.path())
            .arg("convert")
            .arg(root)
            .args(["-f", "epub,xhtml,pdf", "-q", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.code().is_some_and(|c| c <= 1), "{o:?}");
        for stem in articles(&out) {
            let rel = stem
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let t = tags(&stem);
            let (tag, face) = if i == 1 && rel.starts_with("taiwan_") {
                traditional += 1;
                ("zh-TW", "tc-")
            } else {
                simplified += 1;
                ("zh-CN", "sc-")
            };
            assert_eq!(
                [&t.xhtml, &t.epub, &t.chapter, &t.pdf],
                [tag; 4],
                "{rel}: {t:?}"
            );
            assert!(
                !t.fonts.is_empty() && t.fonts.iter().all(|f| f.contains(face)),
                "{rel}: {t:?}"
            );
        }
    }
    // 50 中國時報 + 40 三立 articles, and the 20 items of each stored copy of the Big5 feed.
    assert_eq!(traditional, 130);
    assert!(simplified >= 1_700, "{simplified}");
    eprintln!("{traditional} Traditional articles zh-TW in TC faces, {simplified} Simplified zh-CN in SC faces");
}

/// The Traditional datelines and bylines of issue 20 on the corpus2 articles that carry them:
/// every 中國時報 article's bracketed line 2 (`【林宏聰／高雄報導】`, `【時報】`, `【■鈕則勳／】`)
/// and every SETN reporter line (`記者蔡佩蓉／台北報導`) and magazine credit (`文／張國蓮／Money錢`)
/// is a dateline or a byline, not body text.
#[test]
#[ignore = "corpus suite: make test-corpus"]
fn traditional_datelines_and_bylines_of_corpus2_are_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::corpus2().join("taiwan_chinatimes_setn_2016_2020_utf8");
    let out = dir.path().join("out");
    let o = common::bin_in(dir.path())
        .arg("convert")
        .arg(&root)
        .args(["-f", "json", "-q", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    common::assert_exit(&o, 0);
    let (mut carried, mut datelines, mut bylines, mut missed) = (0, 0, 0, Vec::new());
    for e in walkdir::WalkDir::new(&out) {
        let p = e.unwrap().into_path();
        let name = p.file_name().unwrap().to_string_lossy();
        if p.extension().is_none_or(|x| x != "json")
            || name == "report.json"
            || name.starts_with('.')
        {
            continue;
        }
        let a: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        let rel = p.strip_prefix(&out).unwrap().with_extension("txt");
        let source = std::fs::read_to_string(root.join(rel)).unwrap();
        // The press line as published: line 2 of a 中國時報 file; the first `<p>` of a SETN one.
        let line = if p.to_string_lossy().contains("/chinatimes/") {
            source.lines().nth(1).unwrap_or("").trim().to_string()
        } else {
            let body = source.split("<p>").nth(1).unwrap_or("");
            body[..body.find("</p>").unwrap_or(0)].trim().to_string()
        };
        let press = (line.starts_with('【') && line.ends_with('】'))
            || line.starts_with("記者")
            || line.ends_with("報導")
            || line.starts_with("文／")
            || line.starts_with("文 /");
        if !press {
            continue;
        }
        carried += 1;
        let dateline = a["dateline"]["text"].as_str().unwrap_or("");
        let lines: Vec<&str> = a["byline_lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["text"].as_str().unwrap())
            .collect();
        if !dateline.is_empty() && line.starts_with(dateline) {
            datelines += 1;
        } else if lines
            .iter()
            .any(|l| line.starts_with(l) || l.starts_with(&line))
        {
            bylines += 1;
        } else {
            missed.push(format!("{}: {line}", a["source"]));
        }
    }
    eprintln!(
        "{carried} articles carry a press line: {datelines} datelines, {bylines} bylines, {} missed",
        missed.len()
    );
    assert!(carried >= 60, "{carried}");
    assert!(missed.is_empty(), "{missed:#?}");
}
