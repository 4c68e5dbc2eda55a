//! Issue 3 on the fixtures: the SogouCA record format split into articles, `--lossy` on the
//! one damaged corpus file, and per-glob encoding rules. (Decoding and normalisation over the
//! whole corpus are in `corpus::decode`.)

use crate::common;
use encoding_rs::{GB18030, GBK};
use newsbind::text::decode::{decode_with, DecodeOptions, EncodingChoice};
use serde_json::Value;

#[test]
fn the_sogouca_file_becomes_one_article_per_record() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let dat = common::fixture_corpus("sogouca_smarty_gbk/news_tensite_xml.smarty.dat");
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
        assert_eq!(a["source"], format!("{}#{docno}", dat.display()));
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
    // A byte-for-byte copy of the corpus's sogouc_reduced_gbk/C000023/1170.txt.
    let path = common::fixture("bad/C000023-1170.txt");
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
