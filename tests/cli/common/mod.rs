//! Shared by the integration tests: the corpus location, the SogouCA record splitter, the
//! validators (`validators`) and the one expectation helper (`expected`, with the
//! `UPDATE_EXPECTED` switch).
#![allow(dead_code)]

pub mod expected;
pub mod validators;

use newsbind::decode::{decode, EncodingChoice};
use newsbind::normalize::normalize;
use newsbind::structure::SourceMeta;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// `../shared/corpus`, present in CI.
pub const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// The newsbind binary, without the environment variables that change what it does
/// (`SOURCE_DATE_EPOCH`, `RUST_LOG`, the shard indexes of Kubernetes and Slurm).
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newsbind"));
    c.env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RUST_LOG")
        .env_remove("JOB_COMPLETION_INDEX")
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_MIN")
        .env_remove("SLURM_ARRAY_TASK_COUNT");
    c
}

/// `OUT/report.json`, parsed.
pub fn report(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

/// Asserts a run's exit code, showing its stderr when it is not the one expected.
pub fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The records of a SogouCA `.dat` file as `(name, text)`: the `<contenttitle>` line, then the
/// `<content>`. (The pipeline's own splitter is other work; this one only feeds these tests.)
pub fn sogouca_records(text: &str) -> Vec<(String, String)> {
    let field = |doc: &str, tag: &str| -> String {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        doc.find(&open)
            .and_then(|i| {
                let rest = &doc[i + open.len()..];
                rest.find(&close).map(|j| rest[..j].to_string())
            })
            .unwrap_or_default()
    };
    text.split("<doc>")
        .skip(1)
        .enumerate()
        .map(|(i, doc)| {
            (
                format!("record-{:03}", i + 1),
                format!("{}\n{}", field(doc, "contenttitle"), field(doc, "content")),
            )
        })
        .collect()
}

/// The normalised text and metadata of a corpus reference: a path under the corpus, or
/// `path.dat#N` for the N-th (1-based) SogouCA record.
pub fn load(reference: &str) -> (String, SourceMeta) {
    let (path, record) = match reference.split_once('#') {
        Some((p, n)) => (p, Some(n.parse::<usize>().expect("record number"))),
        None => (reference, None),
    };
    let bytes = std::fs::read(Path::new(CORPUS).join(path)).expect(reference);
    let decoded = decode(&bytes, EncodingChoice::Auto).expect(reference);
    let text = match record {
        Some(n) => sogouca_records(&decoded.text).swap_remove(n - 1).1,
        None => decoded.text,
    };
    let stem = match record {
        Some(n) => format!("record-{n:03}"),
        None => Path::new(path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned(),
    };
    let meta = SourceMeta {
        source: reference.to_string(),
        stem,
        encoding: decoded.encoding.to_string(),
    };
    (normalize(&text).text, meta)
}
