//! The state database, as a run uses it: rows recorded per group load back, only a converted
//! row with the same hashes and its outputs present lets a source be left alone, an old JSON
//! manifest is imported once, a damaged database costs a rebuild and nothing else.

use super::*;

fn entry(status: Recorded, outputs: &[&str]) -> Entry {
    Entry {
        source: "in/a.txt".into(),
        input: input_hash(b"text"),
        config: "c".into(),
        tool: TOOL.into(),
        status,
        error_code: (status == Recorded::Failed).then(|| "decode".into()),
        warnings: 2,
        outputs: outputs.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn recorded_rows_load_back_in_a_new_connection_with_their_outputs_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = State::open(dir.path(), None, 1_700_000_000).unwrap();
    let rows = vec![
        (
            "a".to_string(),
            entry(Recorded::Converted, &["a.pdf", "a.epub"]),
        ),
        ("b".to_string(), entry(Recorded::Failed, &[])),
    ];
    state.record(&rows, &[]).unwrap();
    drop(state);
    assert!(dir.path().join(".newsbind/state.sqlite").is_file());
    let m = State::open(dir.path(), None, 0).unwrap().load().unwrap();
    assert_eq!(m.entries.len(), 2);
    assert_eq!(m.entries["a"], rows[0].1);
    assert_eq!(m.entries["b"], rows[1].1);
    assert_eq!(peek(dir.path(), None), m, "a dry run reads the same rows");
}

#[test]
fn only_a_converted_row_with_the_same_hashes_and_its_outputs_present_is_current() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.pdf"), "pdf").unwrap();
    let mut m = Manifest::default();
    m.entries
        .insert("a".into(), entry(Recorded::Converted, &["a.pdf"]));
    let h = input_hash(b"text");
    assert!(m.current("a", &h, "c", dir.path()).is_some());
    assert!(m
        .current("a", &input_hash(b"other"), "c", dir.path())
        .is_none());
    assert!(m.current("a", &h, "other config", dir.path()).is_none());
    m.entries.get_mut("a").unwrap().status = Recorded::Failed;
    assert!(
        m.candidate("a", "c", dir.path()).is_none(),
        "a failed row is retried"
    );
    m.entries.get_mut("a").unwrap().status = Recorded::Converted;
    m.entries.get_mut("a").unwrap().tool = "newsbind 0.0.0".into();
    assert!(
        m.candidate("a", "c", dir.path()).is_none(),
        "another version"
    );
    m.entries.get_mut("a").unwrap().tool = TOOL.into();
    std::fs::remove_file(dir.path().join("a.pdf")).unwrap();
    assert!(
        m.candidate("a", "c", dir.path()).is_none(),
        "an output is gone"
    );
}

#[test]
fn a_row_recorded_again_replaces_its_outputs_and_a_removed_row_takes_its_outputs_along() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = State::open(dir.path(), None, 0).unwrap();
    state
        .record(
            &[("a".into(), entry(Recorded::Converted, &["a.pdf", "a.epub"]))],
            &[],
        )
        .unwrap();
    state
        .record(
            &[("a".into(), entry(Recorded::Converted, &["a.json"]))],
            &[],
        )
        .unwrap();
    assert_eq!(state.load().unwrap().entries["a"].outputs, ["a.json"]);
    state.record(&[], &["a".into()]).unwrap();
    assert!(state.load().unwrap().entries.is_empty());
    let outputs: i64 = state
        .conn
        .query_row("SELECT count(*) FROM outputs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(outputs, 0);
}

#[test]
fn each_shard_has_its_own_database() {
    let dir = tempfile::tempdir().unwrap();
    let shard = Shard::new(2, 3).unwrap();
    let mut state = State::open(dir.path(), Some(shard), 0).unwrap();
    state
        .record(&[("a".into(), entry(Recorded::Converted, &[]))], &[])
        .unwrap();
    assert!(dir
        .path()
        .join(".newsbind/state.shard-2-of-3.sqlite")
        .is_file());
    assert!(State::open(dir.path(), None, 0)
        .unwrap()
        .load()
        .unwrap()
        .entries
        .is_empty());
}

#[test]
fn an_old_json_manifest_is_imported_once_then_removed() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join(".newsbind-manifest.json");
    let h = input_hash(b"text");
    std::fs::write(
        &json,
        format!(
            r#"{{"entries": {{"sub/a": {{"source": "in/sub/a.txt", "input": "{h}",
                "config": "c", "tool": "{TOOL}", "outputs": ["sub/a.epub", "sub/a.pdf"]}}}}}}"#
        ),
    )
    .unwrap();
    assert_eq!(
        peek(dir.path(), None).entries.len(),
        1,
        "a dry run reads it"
    );
    assert!(json.exists(), "and leaves it");
    let state = State::open(dir.path(), None, 0).unwrap();
    assert!(!json.exists(), "imported, then removed");
    let e = &state.load().unwrap().entries["sub/a"];
    assert_eq!(
        (e.source.as_str(), e.input.as_str(), e.status),
        ("in/sub/a.txt", h.as_str(), Recorded::Converted)
    );
    assert_eq!(e.outputs, ["sub/a.epub", "sub/a.pdf"]);
    drop(state);
    assert_eq!(
        State::open(dir.path(), None, 0)
            .unwrap()
            .load()
            .unwrap()
            .entries
            .len(),
        1
    );
}

#[test]
fn a_damaged_database_is_moved_aside_and_started_afresh() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(DIR)).unwrap();
    let db = dir.path().join(".newsbind/state.sqlite");
    std::fs::write(&db, vec![0x5a; 8192]).unwrap();
    assert!(peek(dir.path(), None).entries.is_empty());
    let state = State::open(dir.path(), None, 0).unwrap();
    assert!(state.load().unwrap().entries.is_empty());
    assert!(dir.path().join(".newsbind/state.sqlite.damaged").is_file());
}

#[test]
fn a_dry_run_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(peek(dir.path(), None).entries.is_empty());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn each_run_has_a_row_with_its_totals() {
    let dir = tempfile::tempdir().unwrap();
    let state = State::open(dir.path(), None, 0).unwrap();
    let id = state.begin_run(100, None).unwrap();
    let totals = RunTotals {
        converted: 3,
        unchanged: 4,
        skipped: 1,
        failed: 2,
    };
    state.end_run(id, 160, totals, Some("SIGTERM")).unwrap();
    let row: (i64, i64, i64, i64, String) = state
        .conn
        .query_row(
            "SELECT started_at, ended_at, converted, failed, interrupted FROM runs WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(row, (100, 160, 3, 2, "SIGTERM".into()));
}

#[test]
fn a_sources_row_is_converted_only_when_no_record_failed_and_one_was_converted() {
    use crate::model::diag::{ArticleError, ErrorCode};
    let converted = |outputs: &[&str]| ArticleReport {
        status: Status::Converted,
        outputs: outputs.iter().map(|s| s.to_string()).collect(),
        warnings: vec!["w".into()],
        ..ArticleReport::skipped("r", String::new())
    };
    let skipped = ArticleReport::skipped("r", "广告".into());
    let failed = ArticleReport::failed("r", None, ArticleError::new(ErrorCode::Render, "x"));
    let h = Some("h");
    // A multi-record file: two records converted, one an advertisement.
    let row1 = row(
        "s",
        &[
            converted(&["a.epub"]),
            skipped.clone(),
            converted(&["b.epub"]),
        ],
        h,
        "c",
    );
    assert_eq!(row1.status, Recorded::Converted);
    assert_eq!(row1.outputs, ["a.epub", "b.epub"]);
    assert_eq!(row1.warnings, 2);
    let row2 = row("s", &[converted(&["a.epub"]), failed.clone()], h, "c");
    assert_eq!(
        (row2.status, row2.error_code.as_deref()),
        (Recorded::Failed, Some("render"))
    );
    assert!(
        row2.outputs.is_empty(),
        "a failed source lists nothing to keep"
    );
    assert_eq!(row("s", &[skipped], h, "c").status, Recorded::Skipped);
    let unread = ArticleReport::failed("s", None, ArticleError::new(ErrorCode::Read, "gone"));
    let row3 = row("s", &[unread], None, "c");
    assert_eq!((row3.status, row3.input.as_str()), (Recorded::Failed, ""));
}
