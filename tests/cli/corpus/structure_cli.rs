//! Issue 4 through the command line: acceptance 3 (every corpus file is converted or skipped
//! with a reason; the only failure is the undecodable file) and `inspect --explain`.

use crate::common;

use serde_json::Value;

#[test]
fn every_corpus_file_is_converted_or_skipped_with_a_reason_and_only_the_undecodable_fails() {
    let out = tempfile::tempdir().unwrap();
    let o = common::bin()
        .args(["convert", common::CORPUS, "-f", "json", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    common::assert_exit(&o, 1);
    let report: Value = common::report(out.path());
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
    let is_record = |a: &&Value| a["source"].as_str().unwrap().contains(".dat#");
    let skipped = articles
        .iter()
        .filter(|a| a["status"] == "skipped" && !is_record(a))
        .count();
    // 12 `广告` pages, `图片报道`, headline-only stubs, URL-only and empty Sogou files.
    assert!((15..40).contains(&skipped), "{skipped} skipped");
    // The SogouCA file's records: 34 of its 200 have no content.
    let records: Vec<&Value> = articles.iter().filter(is_record).collect();
    assert_eq!(records.len(), 200);
    assert_eq!(
        records.iter().filter(|a| a["status"] == "skipped").count(),
        34
    );
}

#[test]
fn inspect_explain_shows_each_line_with_its_role_and_rule() {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mixed/seed-article.txt"
    );
    let o = common::bin()
        .args(["inspect", seed, "--explain"])
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
