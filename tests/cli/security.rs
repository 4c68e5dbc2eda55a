//! Security properties of paths (issue 9, see docs/security.md): a walked input folder is
//! never left through a symbolic link, and whatever the input tree looks like, every file is
//! written inside the output root.

#![cfg(unix)]

use crate::common;

use serde_json::Value;
use std::os::unix::fs::symlink;

#[test]
fn symbolic_links_in_an_input_folder_are_not_followed_out_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let (input, outside, out) = (
        dir.path().join("input"),
        dir.path().join("outside"),
        dir.path().join("out"),
    );
    std::fs::create_dir_all(input.join("real")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        input.join("real/inside.txt"),
        "标题\n\n　　正文在输入目录里。\n",
    )
    .unwrap();
    std::fs::write(
        outside.join("secret.txt"),
        "机密\n\n　　这个文件在输入目录之外。\n",
    )
    .unwrap();
    // A linked file and a linked folder, both pointing out of the input root.
    symlink(outside.join("secret.txt"), input.join("linked.txt")).unwrap();
    symlink(&outside, input.join("linked-dir")).unwrap();

    let status = common::bin()
        .args(["convert", "-f", "json", "-o"])
        .arg(&out)
        .arg(&input)
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());

    let report: Value = common::report(&out);
    // The two links are reported as skipped ("not followed"); only the real file is read.
    let articles = report["articles"].as_array().unwrap();
    for a in articles.iter().filter(|a| a["status"] != "converted") {
        assert_eq!(a["status"], "skipped", "{a}");
        assert!(
            a["reason"].as_str().unwrap().contains("not followed"),
            "{a}"
        );
    }
    let sources: Vec<&str> = articles
        .iter()
        .filter(|a| a["status"] == "converted")
        .map(|a| a["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert!(sources[0].ends_with("real/inside.txt"), "{sources:?}");
    let mut written: Vec<String> = walk(&out);
    written.sort();
    assert_eq!(
        written,
        [
            ".newsbind.lock",
            ".newsbind/state.sqlite",
            "real/inside.json",
            "report.json"
        ]
    );
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 1);
}

/// Every file under `root`, relative to it.
fn walk(root: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out
}
