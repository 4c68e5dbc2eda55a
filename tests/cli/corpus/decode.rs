//! Issue 3's acceptance, on the real corpus (`../shared/corpus`, read in place): decoding that
//! never guesses wrong silently, normalisation that makes every transcoded copy of an article
//! read the same, and the SogouCA record format split into articles.

use crate::common;

use encoding_rs::{GB18030, GBK, UTF_16LE};
use newsbind::decode::{decode, decode_with, DecodeOptions, EncodingChoice};
use newsbind::discover::Source;
use newsbind::normalize::normalize;
use newsbind::pipeline::build_article;
use serde_json::Value;
use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// Every article file of the corpus (`.txt` and the SogouCA `.dat`), sorted, with its bytes.
fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let files: Vec<_> = walkdir::WalkDir::new(CORPUS)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("the corpus is readable"))
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x == "txt" || x == "dat")
        })
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    assert_eq!(files.len(), 1043, "the corpus holds 1,043 files");
    files
}

/// The reference decode: strict UTF-8, else strict GB18030, else nothing.
fn reference(bytes: &[u8]) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_owned()),
        Err(_) => GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|c| c.into_owned()),
    }
}

fn rel(path: &Path) -> String {
    path.strip_prefix(CORPUS)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn every_decodable_corpus_file_decodes_exactly_as_the_strict_reference() {
    let mut undecodable = Vec::new();
    let mut labels = std::collections::BTreeMap::<&str, usize>::new();
    for (path, bytes) in corpus() {
        let ours = decode(&bytes, EncodingChoice::Auto);
        match (reference(&bytes), ours) {
            (Some(expected), Ok(d)) => {
                assert!(d.text == expected, "{}: text differs", rel(&path));
                assert!(
                    d.notes.is_empty(),
                    "{}: unexpected notes {:?}",
                    rel(&path),
                    d.notes
                );
                *labels.entry(d.encoding).or_default() += 1;
            }
            (Some(_), Err(e)) => panic!("{}: reference decodes, we fail: {e}", rel(&path)),
            (None, Ok(d)) => panic!("{}: undecodable, but we read {}", rel(&path), d.encoding),
            (None, Err(e)) => undecodable.push((rel(&path), e.to_string())),
        }
    }
    // The manifest: utf-8 586 + ascii 3 read as UTF-8; gb2312 400 + gbk 39 + gb18030 14 (two-byte
    // user-defined-area pairs only) read as GBK; one file fails.
    assert_eq!(labels.get("UTF-8"), Some(&589), "{labels:?}");
    assert_eq!(labels.get("GBK"), Some(&453), "{labels:?}");
    assert_eq!(labels.len(), 2, "{labels:?}");
    assert_eq!(undecodable.len(), 1, "{undecodable:?}");
    let (file, message) = &undecodable[0];
    assert_eq!(file, "sogouc_reduced_gbk/C000023/1170.txt");
    assert!(
        message.starts_with("not valid GBK: byte 0xFF at offset 3156 (line 24)"),
        "{message}"
    );
}

fn article_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    let source = Source {
        path: path.to_path_buf(),
        display: "pair".into(),
        stem: path.file_stem().unwrap().to_string_lossy().into_owned(),
    };
    let built = build_article(&bytes, &source, EncodingChoice::Auto).unwrap();
    serde_json::to_value(&built.value).unwrap()
}

#[test]
fn gbk_and_utf8_copies_of_the_80_sogou_articles_give_the_same_article() {
    let mut equal = 0;
    let mut pairs = 0;
    for entry in std::fs::read_dir(format!("{CORPUS}/sogouc_mini_utf8")).unwrap() {
        let category = entry.unwrap().file_name().into_string().unwrap();
        for n in 10..=19 {
            let utf8 = PathBuf::from(format!("{CORPUS}/sogouc_mini_utf8/{category}/{n}.txt"));
            if !utf8.exists() {
                continue;
            }
            pairs += 1;
            let gbk = PathBuf::from(format!("{CORPUS}/sogouc_reduced_gbk/{category}/{n}.txt"));
            let (mut a, mut b) = (article_json(&gbk), article_json(&utf8));
            assert_eq!(a["encoding"], "GBK");
            assert_eq!(b["encoding"], "UTF-8");
            a.as_object_mut().unwrap().remove("encoding");
            b.as_object_mut().unwrap().remove("encoding");
            if category == "C000013" && n == 18 {
                // The UTF-8 copy was truncated upstream (it stops at `　　1.`): its paragraphs
                // are the GBK original's, minus the last one's end and everything after it.
                assert_ne!(a, b, "the truncated copy must not compare equal");
                let paragraphs = |v: &Value| -> Vec<String> {
                    v["blocks"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|b| b["text"].as_str().unwrap().to_string())
                        .collect()
                };
                let (full, cut) = (paragraphs(&a), paragraphs(&b));
                assert!(cut.len() < full.len());
                assert_eq!(cut[..cut.len() - 1], full[..cut.len() - 1]);
                assert!(full[cut.len() - 1].starts_with(cut.last().unwrap().as_str()));
                continue;
            }
            assert_eq!(a, b, "{category}/{n}.txt: GBK and UTF-8 copies differ");
            equal += 1;
        }
    }
    assert_eq!((pairs, equal), (80, 79));
}

/// Transcoded copies of one text, named; `None` where the encoding cannot represent it.
fn variants(text: &str) -> Vec<(&'static str, Option<Vec<u8>>)> {
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    let gbk = |t: &str| {
        let (bytes, _, unmappable) = GBK.encode(t);
        (!unmappable).then(|| bytes.into_owned())
    };
    let gb18030 = {
        let (bytes, _, unmappable) = GB18030.encode(text);
        (!unmappable).then(|| bytes.into_owned())
    };
    let utf16le = {
        let mut v = vec![0xFF, 0xFE];
        v.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        v
    };
    assert_eq!(UTF_16LE.decode_with_bom_removal(&utf16le).0, text);
    vec![
        ("UTF-8", Some(text.as_bytes().to_vec())),
        (
            "UTF-8 (BOM)",
            Some([b"\xEF\xBB\xBF", text.as_bytes()].concat()),
        ),
        ("UTF-16LE", Some(utf16le)),
        ("GBK", gbk(text)),
        ("GB18030", gb18030),
        ("UTF-8 with CRLF", Some(crlf.as_bytes().to_vec())),
        ("GBK with CRLF", gbk(&crlf)),
    ]
}

#[test]
fn every_article_reads_the_same_in_every_encoding_that_can_represent_it() {
    let mut checked = 0usize;
    let mut unrepresentable = 0usize;
    for (path, bytes) in corpus() {
        let Some(text) = reference(&bytes) else {
            continue;
        };
        let expected = normalize(&text).text;
        for (name, variant) in variants(&text) {
            let Some(variant) = variant else {
                unrepresentable += 1;
                continue;
            };
            let d = decode(&variant, EncodingChoice::Auto)
                .unwrap_or_else(|e| panic!("{} as {name}: {e}", rel(&path)));
            if !name.contains("CRLF") {
                assert!(
                    d.text == text,
                    "{} as {name}: decoded text differs",
                    rel(&path)
                );
            }
            assert!(
                normalize(&d.text).text == expected,
                "{} as {name}: normalised text differs (read as {})",
                rel(&path),
                d.encoding
            );
            checked += 1;
        }
    }
    // 1,042 decodable files × 7 variants, less the GBK ones a text cannot be written in.
    assert_eq!(checked + unrepresentable, 1042 * 7);
    assert!(checked > 1042 * 6, "only {checked} variants checked");
}

#[test]
fn the_sogouca_file_becomes_one_article_per_record() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let dat = format!("{CORPUS}/sogouca_smarty_gbk/news_tensite_xml.smarty.dat");
    let o = common::bin()
        .args(["convert", "-f", "json", "-o"])
        .arg(&out)
        .arg(&dat)
        .current_dir(dir.path())
        .output()
        .unwrap();
    common::assert_exit(&o, 0);
    let report: Value = common::report(&out);
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 200);
    assert_eq!(report["totals"]["skipped"], 34, "{:#}", report["totals"]);
    assert_eq!(report["totals"]["converted"], 166);

    // The records, read independently of newsbind: GBK, one field per line.
    let text = GB18030
        .decode_without_bom_handling_and_without_replacement(&std::fs::read(&dat).unwrap())
        .unwrap()
        .into_owned();
    let field = |line: &str, tag: &str| -> Option<String> {
        line.strip_prefix(&format!("<{tag}>"))
            .and_then(|l| l.strip_suffix(&format!("</{tag}>")))
            .map(str::to_string)
    };
    let docnos: Vec<String> = text.lines().filter_map(|l| field(l, "docno")).collect();
    let titles: Vec<String> = text
        .lines()
        .filter_map(|l| field(l, "contenttitle"))
        .collect();
    let contents: Vec<String> = text.lines().filter_map(|l| field(l, "content")).collect();
    assert_eq!(
        (docnos.len(), titles.len(), contents.len()),
        (200, 200, 200)
    );

    for (i, a) in articles.iter().enumerate() {
        let docno = &docnos[i];
        assert_eq!(a["source"], format!("{dat}#{docno}"));
        assert_eq!(a["encoding"], "GBK");
        if contents[i].is_empty() {
            assert_eq!(a["status"], "skipped", "{a:#}");
            let reason = a["reason"].as_str().unwrap();
            assert!(reason.contains("no <content>") && reason.contains(docno.as_str()));
            assert!(a["outputs"].as_array().unwrap().is_empty());
            continue;
        }
        assert_eq!(a["status"], "converted", "{a:#}");
        assert_eq!(a["headline"], titles[i].trim());
        let json = format!("news_tensite_xml.smarty/{docno}.json");
        assert_eq!(a["outputs"], serde_json::json!([json]));
        let model: Value =
            serde_json::from_slice(&std::fs::read(out.join(&json)).unwrap()).unwrap();
        assert_eq!(model["headline"], titles[i].trim());
        assert_eq!(model["title_source"], "text");
        // The whole content is in the body (dateline, blocks, end bylines and credits, in
        // reading order): full-width digits kept, nothing dropped.
        let texts = |key: &str, field: &str| -> String {
            model[key]
                .as_array()
                .map(|v| v.iter().map(|b| b[field].as_str().unwrap_or("")).collect())
                .unwrap_or_default()
        };
        let bylines_at = |position: &str| -> String {
            model["byline_lines"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|b| b["position"] == position)
                .map(|b| b["text"].as_str().unwrap())
                .collect()
        };
        let body = format!(
            "{}{}{}{}{}",
            bylines_at("top"),
            model["dateline"]["text"].as_str().unwrap_or(""),
            texts("blocks", "text"),
            bylines_at("end"),
            texts("credits", "text")
        );
        let content_chars: String = contents[i].chars().filter(|c| !c.is_whitespace()).collect();
        let body_chars: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(body_chars, content_chars, "{docno}");
    }

    // A rerun finds the file unchanged: one entry listing all 166 records' outputs.
    let o = common::bin()
        .args(["convert", "-f", "json", "-o"])
        .arg(&out)
        .arg(&dat)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let report: Value = common::report(&out);
    assert_eq!(report["totals"]["unchanged"], 1, "{:#}", report["totals"]);
    assert_eq!(
        report["articles"][0]["outputs"].as_array().unwrap().len(),
        166
    );
}

#[test]
fn lossy_mode_converts_the_damaged_file_and_counts_the_replacement() {
    let path = format!("{CORPUS}/sogouc_reduced_gbk/C000023/1170.txt");
    let bytes = std::fs::read(&path).unwrap();
    let opts = DecodeOptions {
        choice: EncodingChoice::Auto,
        lossy: true,
    };
    let d = decode_with(&bytes, opts).unwrap();
    assert_eq!((d.encoding, d.replacements), ("GBK", 1));
    assert_eq!(d.text.matches('\u{FFFD}').count(), 1);
    assert_eq!(
        d.notes,
        [
            "replaced 1 malformed byte sequence with U+FFFD (lossy decoding as GBK; the first at \
          offset 3156 (line 24))"
        ]
    );

    // Through the CLI: --lossy converts it, and the report carries the count.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = common::bin()
        .args(["convert", "--lossy", "-f", "json", "-o"])
        .arg(&out)
        .arg(&path)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let report: Value = common::report(&out);
    let a = &report["articles"][0];
    assert_eq!(a["status"], "converted");
    assert!(a["warnings"].as_array().unwrap().iter().any(|w| w
        .as_str()
        .unwrap()
        .starts_with("replaced 1 malformed byte sequence")));
}

#[test]
fn encoding_rules_in_the_config_choose_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("tw")).unwrap();
    // Big5 text short enough to be ambiguous: the rule, not detection, decides.
    let text = "臺灣新聞報導，行政院今天開會。";
    std::fs::write(input.join("tw/a.txt"), encoding_rs::BIG5.encode(text).0).unwrap();
    std::fs::write(input.join("b.txt"), GBK.encode("本报讯　今天开会。").0).unwrap();
    let config = dir.path().join("c.yaml");
    std::fs::write(
        &config,
        "encoding_rules:\n  - {glob: \"tw/**\", encoding: big5}\nformats: [json]\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = common::bin()
        .args(["convert", "-c"])
        .arg(&config)
        .arg("-o")
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let model: Value =
        serde_json::from_slice(&std::fs::read(out.join("tw/a.json")).unwrap()).unwrap();
    assert_eq!(model["encoding"], "Big5");
    assert_eq!(model["blocks"][0]["text"], text);
    let model: Value = serde_json::from_slice(&std::fs::read(out.join("b.json")).unwrap()).unwrap();
    assert_eq!(model["encoding"], "GBK");
}
