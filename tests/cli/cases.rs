//! Case folders: each folder under `tests/cases/` is one conversion and its expected result.
//!
//! ```text
//! tests/cases/<name>/
//!   README.md      what the case pins, and what was checked when its expectations were reviewed
//!   config.yaml    optional: the run's configuration
//!   input/         the articles
//!   expected/      what must come out, byte for byte (report.json, the .json/.xhtml/.css outputs)
//! ```
//!
//! For every case, `input/` (and `config.yaml`) are copied into a fresh folder, and
//! `newsbind convert input -o out [-c config.yaml]` runs there with `SOURCE_DATE_EPOCH` fixed
//! (so the sources read `input/…` in the report whatever the machine). Then:
//! - the exit status is 0, or 1 when the report counts a failed article;
//! - every file of `out/` except the binary EPUB and PDF and newsbind's hidden manifest and
//!   lock must equal `expected/<same path>` (an EPUB or PDF put in `expected/` is compared
//!   too), and every file of `expected/` must have been produced.
//!
//! `UPDATE_EXPECTED=1` rewrites `expected/` from what was produced (and removes what no longer
//! is) through `common::expected`; read the diff, and the files, before committing.

use crate::common;
use std::path::{Path, PathBuf};

/// Any fixed moment: it only has to be the same every run.
const SOURCE_DATE_EPOCH: &str = "1561334400";

fn cases_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// Every file under `root`, relative, sorted (none when `root` does not exist).
fn files(root: &Path) -> Vec<String> {
    if !root.exists() {
        return Vec::new();
    }
    let mut v: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

fn copy_tree(from: &Path, to: &Path) {
    for rel in files(from) {
        let dest = to.join(&rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&rel), dest).unwrap();
    }
}

/// Runs one case; returns what differs (nothing when it passes).
fn run_case(case: &Path) -> Vec<String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    for entry in std::fs::read_dir(case).unwrap() {
        let entry = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ["README.md", "config.yaml", "input", "expected"].contains(&entry.as_str()),
            "{name}: unexpected `{entry}` (a case holds README.md, config.yaml, input/, expected/)"
        );
    }
    assert!(case.join("input").is_dir(), "{name}: no input/ folder");
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&case.join("input"), &dir.path().join("input"));
    let mut cmd = common::bin_in(dir.path());
    cmd.env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .args(["convert", "input", "-o", "out"]);
    if case.join("config.yaml").is_file() {
        std::fs::copy(case.join("config.yaml"), dir.path().join("config.yaml")).unwrap();
        cmd.args(["-c", "config.yaml"]);
    }
    let o = cmd.output().expect("the binary runs");
    let out = dir.path().join("out");
    let report = common::report(&out);
    let failed = report["totals"]["failed"].as_u64().unwrap();
    common::assert_exit(&o, if failed > 0 { 1 } else { 0 });

    let expected_dir = case.join("expected");
    let expected = files(&expected_dir);
    let produced: Vec<String> = files(&out)
        .into_iter()
        .filter(|f| {
            let file = Path::new(f).file_name().unwrap().to_string_lossy();
            let binary = f.ends_with(".epub") || f.ends_with(".pdf");
            !file.starts_with(".newsbind")
                && !f.starts_with(".newsbind/")
                && (!binary || expected.contains(f))
        })
        .collect();
    let mut problems = Vec::new();
    for f in &produced {
        let bytes = std::fs::read(out.join(f)).unwrap();
        if let Err(e) = common::expected::check(&expected_dir.join(f), &bytes) {
            problems.push(format!("{name}: {e}"));
        }
    }
    for f in expected.iter().filter(|f| !produced.contains(f)) {
        if common::expected::updating() {
            std::fs::remove_file(expected_dir.join(f)).unwrap();
        } else {
            problems.push(format!(
                "{name}: expected/{f} was not produced (UPDATE_EXPECTED=1 removes it)"
            ));
        }
    }
    assert!(
        !produced.is_empty(),
        "{name}: the run produced nothing to compare"
    );
    problems
}

#[test]
fn every_case_folder_converts_its_input_into_exactly_its_expected_files() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 4, "{} case folders", cases.len());
    let problems: Vec<String> = cases.iter().flat_map(|c| run_case(c)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
