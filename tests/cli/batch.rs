//! End-to-end specifications of `newsbind convert` as an unattended batch job (issue 7):
//! incremental reruns, atomic output under `kill -9`, SIGTERM, the run lock, sharding, and the
//! safety limits. Outputs are checked with `unzip -t` and `qpdf --check`; these tests fail
//! (never skip) without them. The runs over hundreds of corpus files (`kill -9`, SIGTERM, the
//! lock) are in `corpus::batch`; these run on the fixtures.

use crate::common;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Instant, SystemTime};

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("the binary runs");
    eprintln!("stderr: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// `newsbind convert INPUT -o OUT EXTRA…`, run from the temporary folder (no config.yaml).
pub(crate) fn convert(input: &Path, out: &Path, extra: &[&str]) -> Output {
    run(common::bin()
        .current_dir(out.parent().unwrap())
        .arg("convert")
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(extra))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Sources of a report with the given status.
pub(crate) fn with_status(report: &Value, status: &str) -> Vec<String> {
    report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["status"] == status)
        .map(|a| a["source"].as_str().unwrap().to_string())
        .collect()
}

/// Copies the first `n` `.txt` files (walked in sorted order) of `from` into a fresh folder
/// `to`, keeping sub-folders; returns the copies.
pub(crate) fn copy_txt(from: &Path, to: &Path, n: usize) -> Vec<PathBuf> {
    let mut copies = Vec::new();
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.unwrap();
        if copies.len() == n {
            break;
        }
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt") {
            let to = to.join(e.path().strip_prefix(from).unwrap());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(e.path(), &to).unwrap();
            copies.push(to);
        }
    }
    assert_eq!(copies.len(), n, "{} has {n} files", from.display());
    copies
}

/// Every file under `root`, relative, sorted.
pub(crate) fn files(root: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        // A temporary file may vanish while a run is being watched.
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn mtime(p: &Path) -> SystemTime {
    std::fs::metadata(p).unwrap().modified().unwrap()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_rerun_converts_nothing_a_touched_file_alone_is_redone_and_force_redoes_all() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    let copies = copy_txt(&common::fixture_corpus("sogouc_mini_utf8"), &input, 12);
    let n = copies.len();
    let formats = ["-f", "epub,pdf,json"];

    let t = Instant::now();
    let first = convert(&input, &out, &formats);
    let first_time = t.elapsed();
    assert_eq!(first.status.code(), Some(0));
    let r1 = common::report(&out);
    assert_eq!(r1["totals"]["converted"], n);
    let pdf = out.join(
        Path::new(r1["articles"][0]["outputs"][1].as_str().unwrap())
            .to_str()
            .unwrap(),
    );
    let before = mtime(&pdf);

    let t = Instant::now();
    let second = convert(&input, &out, &formats);
    let second_time = t.elapsed();
    eprintln!(
        "first run {first_time:?}, unchanged rerun {second_time:?} ({:.1}%)",
        100.0 * second_time.as_secs_f64() / first_time.as_secs_f64()
    );
    assert_eq!(second.status.code(), Some(0));
    let r2 = common::report(&out);
    assert_eq!(r2["totals"]["converted"], 0);
    assert_eq!(r2["totals"]["unchanged"], n);
    assert_eq!(
        mtime(&pdf),
        before,
        "an unchanged source's outputs are not rewritten"
    );
    let summary = stderr(&second);
    assert!(
        summary.contains(&format!(
            "converted 0, unchanged {n}, skipped 0, failed 0 in "
        )),
        "{summary}"
    );
    assert!(summary.contains(" articles/s"), "{summary}");

    // Touch one file's content: exactly that one is converted again.
    let touched = &copies[3];
    let mut text = std::fs::read_to_string(touched).unwrap();
    text.push_str("\n　　补记：本文于次日更新。\n");
    std::fs::write(touched, text).unwrap();
    assert_eq!(convert(&input, &out, &formats).status.code(), Some(0));
    let r3 = common::report(&out);
    assert_eq!(
        with_status(&r3, "converted"),
        [touched.to_string_lossy().into_owned()]
    );
    assert_eq!(r3["totals"]["unchanged"], n - 1);

    // A changed configuration (here the formats) is a change for every source.
    assert_eq!(
        convert(&input, &out, &["-f", "epub,json"]).status.code(),
        Some(0)
    );
    assert_eq!(common::report(&out)["totals"]["converted"], n);

    assert_eq!(
        convert(&input, &out, &["-f", "epub,json", "--force"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(common::report(&out)["totals"]["converted"], n);

    // A deleted source's outputs are reported, then removed with --prune.
    std::fs::remove_file(touched).unwrap();
    let stem = touched.strip_prefix(&input).unwrap().with_extension("");
    let gone = |ext: &str| out.join(stem.with_extension(ext));
    let o = convert(&input, &out, &["-f", "epub,json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("source gone"), "{}", stderr(&o));
    let orphans = common::report(&out)["orphans"].clone();
    assert_eq!(orphans[0]["source"], touched.to_string_lossy().as_ref());
    assert_eq!(orphans[0]["pruned"], false);
    assert!(gone("epub").exists());
    assert_eq!(
        convert(&input, &out, &["-f", "epub,json", "--prune"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(common::report(&out)["orphans"][0]["pruned"], true);
    assert!(!gone("epub").exists());
    assert!(!gone("json").exists());
    assert_eq!(
        convert(&input, &out, &["-f", "epub,json"]).status.code(),
        Some(0)
    );
    assert_eq!(common::report(&out)["orphans"], Value::Array(vec![]));
}

pub(crate) fn check_outputs_complete(out: &Path) -> (usize, usize) {
    let (mut epubs, mut pdfs) = (0, 0);
    for f in files(out) {
        let p = out.join(&f);
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if f.starts_with(".newsbind/") {
            continue; // the state database
        }
        if name.starts_with('.') {
            // Hidden: the lock, or a killed run's temporary file.
            assert!(name.starts_with(".newsbind"), "unexpected hidden file {f}");
            continue;
        }
        match p.extension().and_then(|e| e.to_str()) {
            Some("epub") => {
                let o = Command::new("unzip").arg("-tq").arg(&p).output().unwrap();
                assert!(o.status.success(), "unzip -t {f}: {o:?}");
                epubs += 1;
            }
            Some("pdf") => {
                let o = Command::new("qpdf")
                    .arg("--check")
                    .arg(&p)
                    .output()
                    .unwrap();
                assert!(o.status.success(), "qpdf --check {f}: {o:?}");
                pdfs += 1;
            }
            Some("json") if f != "report.json" => {
                let bytes = std::fs::read(&p).unwrap();
                serde_json::from_slice::<Value>(&bytes).expect("complete JSON");
            }
            _ => assert_eq!(f, "report.json", "unexpected file in the output tree"),
        }
    }
    (epubs, pdfs)
}

/// Every output file (not newsbind's own reports, manifests and locks) with its bytes.
fn outputs(root: &Path) -> Vec<(String, Vec<u8>)> {
    files(root)
        .into_iter()
        .filter(|f| !f.starts_with("report") && !f.starts_with(".newsbind"))
        .map(|f| {
            let bytes = std::fs::read(root.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn three_shards_together_write_exactly_the_files_of_one_run_and_their_reports_merge() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture_corpus("sogouc_mini_utf8");
    let whole = dir.path().join("whole");
    let sharded = dir.path().join("sharded");
    assert_eq!(
        convert(&input, &whole, &["-f", "epub,json"]).status.code(),
        Some(0)
    );
    let mut seen = BTreeSet::new();
    let mut reports = Vec::new();
    for i in 1..=3 {
        let o = if i == 1 {
            // The index may come from a Kubernetes Indexed Job (0-based) with a count.
            run(common::bin()
                .current_dir(dir.path())
                .env("JOB_COMPLETION_INDEX", "0")
                .args(["convert", "-f", "epub,json", "--shards", "3", "-o"])
                .arg(&sharded)
                .arg(&input))
        } else {
            convert(
                &input,
                &sharded,
                &["-f", "epub,json", "--shard", &format!("{i}/3")],
            )
        };
        assert_eq!(o.status.code(), Some(0));
        let path = sharded.join(format!("report.shard-{i}-of-3.json"));
        let r = read_json(&path);
        assert_eq!(r["shard"], format!("{i}/3"));
        for a in r["articles"].as_array().unwrap() {
            let s = a["source"].as_str().unwrap().to_string();
            assert!(seen.insert(s.clone()), "{s} is in two shards");
        }
        assert!(sharded
            .join(format!(".newsbind/state.shard-{i}-of-3.sqlite"))
            .exists());
        reports.push(path);
    }
    assert!(!sharded.join("report.json").exists());
    let (a, b) = (outputs(&whole), outputs(&sharded));
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(
        a == b,
        "sharded outputs are byte-identical to the unsharded run's"
    );

    let merged = dir.path().join("merged.json");
    let o = run(common::bin()
        .arg("merge-reports")
        .args(&reports)
        .arg("-o")
        .arg(&merged));
    assert_eq!(o.status.code(), Some(0));
    let (m, w) = (read_json(&merged), common::report(&whole));
    assert_eq!(m["totals"], w["totals"]);
    let sources = |r: &Value| -> BTreeSet<String> {
        r["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["source"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(sources(&m), sources(&w));
    assert_eq!(sources(&m), seen);
}

#[test]
fn a_shard_starting_beside_others_sweeps_only_its_own_temporary_files() {
    // Shards of one job start at different moments over one output root; the temporaries of a
    // shard still at work must survive another's start (found by scripts/slurm-e2e.sh: a task
    // starting late swept the files of one in flight, whose renames then failed).
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture_corpus("sogouc_mini_utf8");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let other = out.join(".newsbind-tmp-s2of3-AbC123");
    let own = out.join(".newsbind-tmp-s1of3-AbC123");
    let whole = out.join(".newsbind-tmp-AbC123");
    for f in [&other, &own, &whole] {
        std::fs::write(f, "half").unwrap();
    }
    let o = convert(&input, &out, &["-f", "json", "--shard", "1/3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!own.exists(), "shard 1 sweeps what shard 1 left");
    assert!(other.exists(), "shard 2's file may be in flight");
    assert!(
        whole.exists(),
        "an unsharded run's leftovers wait for the next unsharded run"
    );
    let temporaries = |root: &Path| {
        files(root)
            .into_iter()
            .filter(|f| f.rsplit('/').next().unwrap().starts_with(".newsbind-tmp-"))
            .count()
    };
    assert_eq!(temporaries(&out), 2, "shard 1 left nothing of its own");
    // An unsharded run holds the root alone: every leftover is swept.
    let o = convert(&input, &out, &["-f", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(temporaries(&out), 0);
}

#[test]
fn colliding_outputs_are_fatal_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let text = std::fs::read(common::fixture("mixed").join("seed-article.txt")).unwrap();
    std::fs::write(input.join("a.txt"), &text).unwrap();
    std::fs::write(input.join("A.TXT"), &text).unwrap();
    let out = dir.path().join("out");
    let o = convert(&input, &out, &["-f", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("would write the same output `a.*`"), "{err}");
    assert!(!out.exists(), "nothing is written");

    // A source whose JSON would overwrite the report is refused too.
    std::fs::remove_file(input.join("A.TXT")).unwrap();
    std::fs::write(input.join("report.txt"), &text).unwrap();
    let o = convert(&input, &out, &["-f", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("would overwrite newsbind's own file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        convert(&input, &out, &["-f", "epub"]).status.code(),
        Some(0)
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_input_folder_are_refused_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let text = std::fs::read(common::fixture("mixed").join("seed-article.txt")).unwrap();
    std::fs::write(input.join("a.txt"), &text).unwrap();
    std::fs::write(dir.path().join("private.txt"), &text).unwrap();
    std::os::unix::fs::symlink("../private.txt", input.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink("/etc", input.join("etc")).unwrap();
    let out = dir.path().join("out");
    let o = convert(&input, &out, &["-f", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let r = common::report(&out);
    assert_eq!(
        with_status(&r, "converted"),
        [input.join("a.txt").to_string_lossy()]
    );
    let skipped = &r["articles"].as_array().unwrap()[1..];
    assert_eq!(skipped.len(), 2);
    for s in skipped {
        assert_eq!(s["status"], "skipped");
        assert!(
            s["reason"]
                .as_str()
                .unwrap()
                .contains("leads outside the input folder"),
            "{s}"
        );
    }
    assert!(!out.join("leak.json").exists());
    assert!(stderr(&o).contains("not followed"));
}

#[test]
fn files_over_max_input_bytes_fail_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("small.txt"), "标题\n\n　　一段正文。\n").unwrap();
    std::fs::write(input.join("huge.txt"), "很".repeat(2000)).unwrap();
    let out = dir.path().join("out");
    let o = convert(&input, &out, &["-f", "json", "--max-input-bytes", "1000"]);
    assert_eq!(o.status.code(), Some(1));
    let r = common::report(&out);
    let huge = &r["articles"][0];
    assert_eq!(huge["status"], "failed");
    assert_eq!(huge["error"]["code"], "too_large");
    assert!(
        huge["error"]["message"]
            .as_str()
            .unwrap()
            .contains("6000 bytes is more than max_input_bytes (1000); not read"),
        "{huge}"
    );
    assert_eq!(r["articles"][1]["status"], "converted");
}

#[test]
fn dry_run_lists_the_plan_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture("mixed");
    let out = dir.path().join("out");
    let o = convert(&input, &out, &["-f", "json", "--dry-run"]);
    assert_eq!(o.status.code(), Some(0));
    let plan = String::from_utf8(o.stdout).unwrap();
    assert_eq!(plan.lines().count(), 3, "{plan}");
    assert!(plan.lines().all(|l| l.starts_with("convert ")), "{plan}");
    assert!(!out.exists());
    assert_eq!(
        convert(&input, &out, &["-f", "json"]).status.code(),
        Some(0)
    );
    let o = convert(&input, &out, &["-f", "json", "--dry-run"]);
    let plan = String::from_utf8(o.stdout).unwrap();
    assert!(plan.lines().all(|l| l.starts_with("unchanged ")), "{plan}");
}

#[test]
fn strict_counts_warnings_as_failures_and_report_file_copies_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let copy = dir.path().join("copy.json");
    let input = common::fixture("mixed");
    let o = convert(&input, &out, &["-f", "json", "--report"]);
    assert_eq!(o.status.code(), Some(2), "--report needs a FILE");
    let o = convert(
        &input,
        &out,
        &["-f", "json", "--force", "--report", copy.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0));
    let r = common::report(&out);
    assert_eq!(read_json(&copy), r);
    let warned = r["articles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| !a["warnings"].as_array().unwrap().is_empty());
    let strict = convert(&input, &out, &["-f", "json", "--force", "--strict"]);
    assert_eq!(strict.status.code(), Some(if warned { 1 } else { 0 }));
}

#[test]
fn init_writes_the_commented_default_config_and_completions_print_a_script() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(common::bin().arg("init").current_dir(dir.path()));
    assert_eq!(o.status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join("config.yaml")).unwrap();
    let shipped =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.yaml")).unwrap();
    assert_eq!(written, shipped);
    let o = run(common::bin().arg("init").current_dir(dir.path()));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"));

    let o = run(common::bin().args(["completions", "bash"]));
    assert_eq!(o.status.code(), Some(0));
    let script = String::from_utf8(o.stdout).unwrap();
    assert!(
        script.contains("merge-reports") && script.contains("--shard"),
        "{script}"
    );
}

#[test]
fn a_write_that_fails_mid_run_fails_that_article_with_the_os_error_and_keeps_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    let copies = copy_txt(&common::fixture_corpus("sogouc_mini_utf8"), &input, 3);
    // A folder where the second article's JSON must go: the rename onto it fails.
    let blocked = out.join(
        copies[1]
            .strip_prefix(&input)
            .unwrap()
            .with_extension("json"),
    );
    std::fs::create_dir_all(&blocked).unwrap();
    let o = convert(&input, &out, &["-f", "epub,json"]);
    assert_eq!(o.status.code(), Some(1));
    let r = common::report(&out);
    assert_eq!(r["totals"]["converted"], 2);
    let failed = &r["articles"][1];
    assert_eq!(failed["error"]["code"], "write");
    let message = failed["error"]["message"].as_str().unwrap();
    assert!(message.contains("writing outputs failed: "), "{message}");
    assert!(
        message.to_lowercase().contains("directory"),
        "the OS error: {message}"
    );
    assert_eq!(
        check_outputs_complete(&out),
        (3, 0),
        "its EPUB was written before"
    );
    // The failure is not recorded as done: once the obstacle is gone, it is converted.
    std::fs::remove_dir(&blocked).unwrap();
    assert_eq!(
        convert(&input, &out, &["-f", "epub,json"]).status.code(),
        Some(0)
    );
    assert_eq!(
        with_status(&common::report(&out), "converted"),
        [copies[1].to_string_lossy()]
    );
}

#[test]
fn logs_follow_verbosity_and_no_progress_bar_is_drawn_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = common::fixture("mixed");
    let quiet = convert(&input, &out, &["-f", "json", "-q"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(stderr(&quiet), "", "-q on success prints nothing");
    let verbose = convert(&input, &out, &["-f", "json", "-v", "--force"]);
    let err = stderr(&verbose);
    assert!(
        err.contains("INFO") && err.contains("3 sources, 3 to convert"),
        "{err}"
    );
    assert!(
        !err.contains("ETA"),
        "no progress bar when stderr is not a terminal"
    );
    let o = run(common::bin()
        .current_dir(dir.path())
        .env("RUST_LOG", "newsbind=debug")
        .args(["convert", "-f", "json", "--force", "-o"])
        .arg(&out)
        .arg(&input));
    assert!(stderr(&o).contains("DEBUG"), "RUST_LOG wins");
}

/// The rows of `OUT/.newsbind/state.sqlite`: (stem, status, error code), by stem.
fn state_rows(out: &Path) -> Vec<(String, String, Option<String>)> {
    let db = rusqlite::Connection::open(out.join(".newsbind/state.sqlite")).unwrap();
    let mut q = db
        .prepare("SELECT stem, status, error_code FROM sources ORDER BY stem")
        .unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_state_database_records_each_source_with_its_status_its_outputs_and_each_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let fixture = |name: &str| std::fs::read(common::fixture(name)).unwrap();
    std::fs::write(input.join("a.txt"), fixture("mixed/20190201-01-01.txt")).unwrap();
    std::fs::write(input.join("bad.txt"), fixture("bad/C000023-1170.txt")).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    let out = dir.path().join("out");
    let o = convert(&input, &out, &["-f", "epub,json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        state_rows(&out),
        [
            ("a".into(), "converted".into(), None),
            ("bad".into(), "failed".into(), some("decode")),
            ("empty".into(), "skipped".into(), None),
        ]
    );
    let db = rusqlite::Connection::open(out.join(".newsbind/state.sqlite")).unwrap();
    let outputs: Vec<String> = db
        .prepare("SELECT path FROM outputs WHERE stem = 'a' ORDER BY position")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let r = common::report(&out);
    assert_eq!(serde_json::json!(outputs), r["articles"][0]["outputs"]);
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");

    // A rerun leaves the converted source alone, tries the failed one again, and adds its row
    // to `runs`; the first run's totals are kept.
    let o = convert(&input, &out, &["-f", "epub,json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(common::report(&out)["totals"]["unchanged"], 1);
    let runs: Vec<(i64, i64, i64, i64, bool)> = db
        .prepare("SELECT converted, unchanged, skipped, failed, ended_at IS NOT NULL FROM runs ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(runs, [(1, 0, 1, 1, true), (0, 1, 1, 1, true)]);
}

#[test]
fn an_older_versions_json_manifest_is_imported_once_and_its_sources_stay_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::fixture_corpus("sogouc_mini_utf8");
    let out = dir.path().join("out");
    assert_eq!(
        convert(&input, &out, &["-f", "json"]).status.code(),
        Some(0)
    );
    // What an older version left: the same records as a JSON manifest, no database.
    let db = rusqlite::Connection::open(out.join(".newsbind/state.sqlite")).unwrap();
    let mut entries = serde_json::Map::new();
    let mut q = db
        .prepare("SELECT stem, source, input_hash, config_hash, tool FROM sources WHERE status = 'converted'")
        .unwrap();
    let rows: Vec<(String, String, String, String, String)> = q
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (stem, source, input_hash, config, tool) in &rows {
        let outputs: Vec<String> = db
            .prepare("SELECT path FROM outputs WHERE stem = ?1 ORDER BY position")
            .unwrap()
            .query_map([stem], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        entries.insert(
            stem.clone(),
            serde_json::json!({"source": source, "input": input_hash, "config": config,
                               "tool": tool, "outputs": outputs}),
        );
    }
    drop(q);
    drop(db);
    assert!(rows.len() > 5, "{} converted", rows.len());
    std::fs::remove_dir_all(out.join(".newsbind")).unwrap();
    let manifest = out.join(".newsbind-manifest.json");
    std::fs::write(
        &manifest,
        serde_json::to_vec_pretty(&serde_json::json!({ "entries": entries })).unwrap(),
    )
    .unwrap();
    let dry = run(common::bin()
        .args(["convert", "--dry-run", "-f", "json", "-o"])
        .arg(&out)
        .arg(&input));
    let listing = String::from_utf8(dry.stdout).unwrap();
    assert_eq!(
        listing
            .lines()
            .filter(|l| l.starts_with("unchanged"))
            .count(),
        rows.len()
    );
    assert!(
        manifest.exists(),
        "a dry run reads the old manifest and leaves it"
    );

    let o = convert(&input, &out, &["-f", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let r = common::report(&out);
    assert_eq!(r["totals"]["unchanged"], rows.len(), "{}", r["totals"]);
    assert_eq!(r["totals"]["converted"], 0);
    assert!(!manifest.exists(), "imported, then removed");
    let recorded = state_rows(&out)
        .into_iter()
        .filter(|r| r.1 == "converted")
        .count();
    assert_eq!(recorded, rows.len());
}

#[test]
fn status_tells_what_the_state_database_says_and_exits_1_when_a_source_failed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = |extra: &[&str]| run(common::bin().args(["status", "-o"]).arg(&out).args(extra));
    let o = status(&[]);
    assert_eq!(o.status.code(), Some(2), "no database yet");
    assert!(stderr(&o).contains("no state database"), "{}", stderr(&o));

    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let fixture = |name: &str| std::fs::read(common::fixture(name)).unwrap();
    std::fs::write(input.join("a.txt"), fixture("mixed/20190201-01-01.txt")).unwrap();
    std::fs::write(input.join("bad.txt"), fixture("bad/C000023-1170.txt")).unwrap();
    assert_eq!(
        convert(&input, &out, &["-f", "json"]).status.code(),
        Some(1)
    );
    let o = status(&[]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("2 sources: 1 converted, 0 skipped, 1 failed"),
        "{text}"
    );
    assert!(
        text.contains("converted 1, unchanged 0, skipped 0, failed 1"),
        "{text}"
    );
    let failed = text.lines().find(|l| l.contains("bad.txt")).unwrap();
    assert!(failed.trim_start().starts_with("decode"), "{failed}");

    // The failed source fixed: nothing failed any more.
    std::fs::write(input.join("bad.txt"), fixture("mixed/C000016-15.txt")).unwrap();
    assert_eq!(
        convert(&input, &out, &["-f", "json"]).status.code(),
        Some(0)
    );
    let o = status(&["--failed"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("converted 1, unchanged 1, skipped 0, failed 0"),
        "{text}"
    );
    assert!(!text.contains("failed:"), "{text}");
}
