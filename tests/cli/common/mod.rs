//! Shared by the integration tests: the newsbind binary, the fixture and corpus locations, the
//! SogouCA record splitter, the validators (`validators`) and the one expectation helper
//! (`expected`, with the `UPDATE_EXPECTED` switch).
#![allow(dead_code)]

pub mod expected;
pub mod validators;

use newsbind::structure::SourceMeta;
use newsbind::text::decode::{decode, EncodingChoice};
use newsbind::text::normalize::normalize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use newsbind::text::cjk::is_han;

/// `tests/fixtures/NAME`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `tests/fixtures/corpus/REL`: the real articles copied into the repository under their
/// corpus paths (see its README), which the self-contained suite reads instead of the corpus.
pub fn fixture_corpus(rel: &str) -> PathBuf {
    fixture("corpus").join(rel)
}

/// The environment variable that locates the whole corpus for the corpus suite.
pub const CORPUS_VAR: &str = "NEWSBIND_CORPUS";

/// The whole corpus, for the corpus suite (`make test-corpus`): `$NEWSBIND_CORPUS`, else
/// `../shared/corpus` beside the repository. Panics, never skips, when it is not there: the
/// corpus tests are `#[ignore]`d, so they only run when asked for.
pub fn corpus() -> PathBuf {
    let path = match std::env::var_os(CORPUS_VAR) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    assert!(
        path.is_dir(),
        "the corpus suite needs the corpus, and {} is not a folder: set {CORPUS_VAR} to the \
         corpus folder (`{CORPUS_VAR}=/path/to/corpus make test-corpus`)",
        path.display()
    );
    path
}

/// The second dev corpus: `NEWSBIND_CORPUS2`, else `corpus2` beside the corpus. Fails, never
/// skips, when it is missing.
pub fn corpus2() -> PathBuf {
    let path = match std::env::var_os("NEWSBIND_CORPUS2") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => corpus()
            .parent()
            .map_or_else(|| PathBuf::from("corpus2"), |p| p.join("corpus2")),
    };
    assert!(
        path.is_dir(),
        "the corpus suite needs the second corpus, and {} is not a folder: set NEWSBIND_CORPUS2 \
         to it (`NEWSBIND_CORPUS2=/path/to/corpus2 make test-corpus`)",
        path.display()
    );
    path
}

/// `corpus()/REL`.
pub fn corpus_file(rel: &str) -> PathBuf {
    corpus().join(rel)
}

/// The newsbind binary, without the environment variables that change what it does
/// (`SOURCE_DATE_EPOCH`, `RUST_LOG`, `EPUBCHECK_JAR`, the shard indexes of Kubernetes and
/// Slurm).
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newsbind"));
    c.env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RUST_LOG")
        .env_remove("EPUBCHECK_JAR")
        .env_remove("JOB_COMPLETION_INDEX")
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_MIN")
        .env_remove("SLURM_ARRAY_TASK_COUNT");
    c
}

/// [`bin`], run in `dir` (a folder without config.yaml, so the defaults apply).
pub fn bin_in(dir: &Path) -> Command {
    let mut c = bin();
    c.current_dir(dir);
    c
}

/// The text of an article file, decoded as newsbind decodes it (`auto`).
pub fn source_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    decode(&bytes, EncodingChoice::Auto)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .text
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

/// The normalised text and metadata of a corpus reference, read from the fixture copy
/// ([`fixture_corpus`]): a path under the corpus, or `path.dat#N` for the N-th (1-based)
/// SogouCA record.
pub fn load(reference: &str) -> (String, SourceMeta) {
    let (path, record) = match reference.split_once('#') {
        Some((p, n)) => (p, Some(n.parse::<usize>().expect("record number"))),
        None => (reference, None),
    };
    let bytes = std::fs::read(fixture_corpus(path)).expect(reference);
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

/// The PDF fonts of `opts`, located, read and parsed as a run does (`fonts-noto-cjk`, which
/// `make test` installs).
pub fn pdf_fonts(opts: &newsbind::writer::pdf::PdfOptions) -> newsbind::writer::pdf::FontSet {
    let files = newsbind::fonts::Fonts::locate(
        &opts.body_font,
        &opts.heading_font,
        opts.fallback_font.as_ref(),
        true,
        false,
    )
    .expect("fonts-noto-cjk is installed (make test installs it)");
    newsbind::writer::pdf::FontSet::parse(&files).expect("the CJK fonts parse")
}
