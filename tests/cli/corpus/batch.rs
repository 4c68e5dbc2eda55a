//! The batch specifications that need hundreds of corpus files (issue 7): `kill -9` at any
//! moment, SIGTERM, and the run lock, each over a copy of a few hundred corpus articles.

use crate::batch::{check_outputs_complete, convert, copy_txt, files, stderr, with_status};
use crate::common;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
#[ignore = "corpus suite: make test-corpus"]
fn kill_9_at_any_moment_leaves_only_complete_files_and_a_rerun_completes_the_set() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    let n = copy_txt(&common::corpus_file("sogouc_reduced_gbk"), &input, 240).len();
    let args = ["-f", "epub,pdf", "-j", "2", "-q"];
    let count = |suffix: &str| files(&out).iter().filter(|f| f.contains(suffix)).count();
    // Kill points: during discovery, the moment a temporary file appears (a write in
    // progress), and once 5 and 40 articles are written.
    type Until<'a> = Box<dyn Fn() -> bool + 'a>;
    let points: Vec<(&str, Until)> = vec![
        ("early", Box::new(|| true)),
        ("mid-write", Box::new(|| count(".newsbind-tmp-") > 0)),
        ("after 5 articles", Box::new(|| count(".pdf") >= 5)),
        ("after 40 articles", Box::new(|| count(".pdf") >= 40)),
    ];
    for (name, until) in &points {
        let mut child = common::bin()
            .current_dir(dir.path())
            .arg("convert")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .args(args)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if *name == "early" {
            std::thread::sleep(Duration::from_millis(30));
        }
        // A point not reached within 10 s (a temporary file can live too briefly to be
        // seen) is a kill at an arbitrary moment, which is as good.
        let deadline = Instant::now() + Duration::from_secs(10);
        while !until() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let (epubs, pdfs) = check_outputs_complete(&out);
        let recorded = recorded_sources(&out);
        eprintln!(
            "killed {name}: {epubs} epubs, {pdfs} pdfs, all complete; {} sources recorded",
            recorded.len()
        );
    }
    let recorded = recorded_sources(&out);
    let o = convert(&input, &out, &args);
    assert_eq!(o.status.code(), Some(0));
    let r = common::report(&out);
    eprintln!("rerun after the kills: {}", r["totals"]);
    // Nothing the database recorded is converted twice.
    let unchanged: std::collections::BTreeSet<String> =
        with_status(&r, "unchanged").into_iter().collect();
    assert!(
        recorded.iter().all(|s| unchanged.contains(s)),
        "a recorded source was converted again"
    );
    let done =
        r["totals"]["converted"].as_u64().unwrap() + r["totals"]["unchanged"].as_u64().unwrap();
    assert_eq!(
        done as usize + r["totals"]["skipped"].as_u64().unwrap() as usize,
        n
    );
    let (epubs, pdfs) = check_outputs_complete(&out);
    assert_eq!((epubs, pdfs), (done as usize, done as usize));
    assert!(
        !files(&out).iter().any(|f| f.contains(".newsbind-tmp-")),
        "the rerun sweeps temporary files"
    );
}

/// The sources the state database records as converted, after checking that it is consistent
/// (`PRAGMA integrity_check`) and that every output it records is on disk (its completeness is
/// `check_outputs_complete`'s to check).
fn recorded_sources(out: &std::path::Path) -> Vec<String> {
    let path = out.join(".newsbind/state.sqlite");
    if !path.exists() {
        return Vec::new(); // killed before the database was made
    }
    let db = rusqlite::Connection::open(&path).unwrap();
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mut q = db
        .prepare(
            "SELECT o.path FROM outputs o JOIN sources s USING (stem) WHERE s.status = 'converted'",
        )
        .unwrap();
    for p in q.query_map([], |r| r.get::<_, String>(0)).unwrap() {
        let p = p.unwrap();
        assert!(out.join(&p).is_file(), "recorded but missing: {p}");
    }
    let mut q = db
        .prepare("SELECT source FROM sources WHERE status = 'converted'")
        .unwrap();
    let sources = q.query_map([], |r| r.get(0)).unwrap();
    sources.map(Result::unwrap).collect()
}

#[test]
#[ignore = "corpus suite: make test-corpus"]
fn sigterm_finishes_the_articles_in_flight_writes_the_report_and_exits_143() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    let n = copy_txt(&common::corpus_file("rmrb_2019_2020_utf8"), &input, 150).len();
    let args = ["-f", "epub,pdf", "-j", "2"];
    let child = common::bin()
        .current_dir(dir.path())
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Signal once the first article is written, so the run is surely mid-way.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !files(&out).iter().any(|f| f.ends_with(".pdf")) {
        assert!(Instant::now() < deadline, "no article was ever written");
        std::thread::sleep(Duration::from_millis(5));
    }
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let o = child.wait_with_output().unwrap();
    eprintln!("{}", stderr(&o));
    assert_eq!(o.status.code(), Some(143));
    assert!(stderr(&o).contains("stopped by SIGTERM"), "{}", stderr(&o));
    let r = common::report(&out);
    assert_eq!(r["interrupted"], "SIGTERM");
    let converted = with_status(&r, "converted").len();
    assert!(converted > 0 && converted < n, "{converted} of {n}");
    let (epubs, pdfs) = check_outputs_complete(&out);
    assert_eq!((epubs, pdfs), (converted, converted));

    let o = convert(&input, &out, &args);
    assert_eq!(o.status.code(), Some(0));
    let r = common::report(&out);
    assert_eq!(
        r["totals"]["unchanged"], converted,
        "the manifest kept them"
    );
    assert_eq!(
        r["totals"]["converted"].as_u64().unwrap() as usize
            + converted
            + r["totals"]["skipped"].as_u64().unwrap() as usize,
        n
    );
}

#[test]
#[ignore = "corpus suite: make test-corpus"]
fn a_second_run_on_a_locked_output_exits_2_naming_the_holder_and_the_first_is_unaffected() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    let n = copy_txt(&common::corpus_file("rmrb_2019_2020_utf8"), &input, 120).len();
    let first = common::bin()
        .current_dir(dir.path())
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["-f", "epub,pdf", "-j", "1"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The holder writes its pid into the lock file right after taking the lock.
    let lock = out.join(".newsbind.lock");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::read_to_string(&lock).unwrap_or_default().trim() != first.id().to_string() {
        assert!(
            Instant::now() < deadline,
            "the first run never took the lock"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let t = Instant::now();
    let second = convert(&input, &out, &["-f", "json"]);
    assert!(t.elapsed() < Duration::from_secs(5), "refused at once");
    assert_eq!(second.status.code(), Some(2));
    let err = stderr(&second);
    assert!(
        err.contains(&format!("locked by process {}", first.id())),
        "{err}"
    );
    let o = first.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = common::report(&out);
    // Every copy is converted, or skipped as a non-article (e.g. a `广告` page).
    let skipped = r["totals"]["skipped"].as_u64().unwrap() as usize;
    assert_eq!(
        r["totals"]["converted"].as_u64().unwrap() as usize + skipped,
        n
    );
    let n = n - skipped;
    assert!(
        !files(&out)
            .iter()
            .any(|f| f.ends_with(".json") && !f.starts_with('.') && f != "report.json"),
        "the refused run wrote nothing"
    );
    assert_eq!(check_outputs_complete(&out), (n, n));
}
