//! The one expectation helper: every golden file, snapshot and case expectation of the suite is
//! compared with what the code produced here, byte for byte, and one switch rewrites them.
//!
//! ```sh
//! UPDATE_EXPECTED=1 cargo test --release --test cli     # then review `git diff tests/`
//! ```
//!
//! With `UPDATE_EXPECTED=1` (any value but empty or `0`), [`check`] first writes what was
//! produced over the expected file, so the comparison passes and `git diff` shows the change;
//! commit only what is right. CI never sets it.
//!
//! A *reviewed* set is the exception: the structure golden set (`tests/expected/structure/`)
//! holds expectations a person wrote by reading each article against its source. For it
//! ([`reviewed`]) the switch writes `candidates/<name>` beside the expectations (git-ignored,
//! never read by the test) and never touches the expectations themselves; a candidate becomes
//! an expectation only when someone has read it, corrected it and copied it by hand.
//!
//! The switches of old (`UPDATE_GOLDEN`, `UPDATE_SNAPSHOTS`) are refused, so that nobody thinks
//! they rewrote something.

use std::path::{Path, PathBuf};

/// The environment variable that rewrites expectations.
pub const SWITCH: &str = "UPDATE_EXPECTED";

/// Whether this run rewrites expectations (`UPDATE_EXPECTED` set, not empty, not `0`).
pub fn updating() -> bool {
    for old in ["UPDATE_GOLDEN", "UPDATE_SNAPSHOTS"] {
        assert!(
            std::env::var_os(old).is_none(),
            "{old} is gone: one switch, {SWITCH}=1, rewrites every expectation (see tests/README.md)"
        );
    }
    std::env::var_os(SWITCH).is_some_and(|v| !v.is_empty() && v != "0")
}

/// `tests/expected/<rel>`: the root of the golden files and snapshots.
pub fn path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(rel)
}

/// Compares `actual` with the expected file `file`, byte for byte; under `UPDATE_EXPECTED=1`,
/// first writes `actual` there (creating its folder). `Err` says what differs and how to
/// rewrite it.
pub fn check(file: &Path, actual: &[u8]) -> Result<(), String> {
    if updating() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, actual).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
    let want = std::fs::read(file).map_err(|e| {
        format!(
            "{}: {e} ({SWITCH}=1 writes it from what the code produces; review it before committing)",
            file.display()
        )
    })?;
    if want == actual {
        return Ok(());
    }
    Err(format!(
        "{} differs from what was produced ({SWITCH}=1 rewrites it; review with git diff):\n{}",
        file.display(),
        difference(&want, actual)
    ))
}

/// [`check`], panicking on a difference.
pub fn assert_matches(file: &Path, actual: &[u8]) {
    if let Err(e) = check(file, actual) {
        panic!("{e}");
    }
}

/// One expectation of a reviewed set `set` (a folder): under `UPDATE_EXPECTED=1` writes
/// `candidate` to `set/candidates/<name>` and never to `set/<name>`; returns the reviewed
/// expectation `set/<name>`, or `None` when there is none yet.
pub fn reviewed(set: &Path, name: &str, candidate: &[u8]) -> Option<Vec<u8>> {
    if updating() {
        let c = set.join("candidates");
        std::fs::create_dir_all(&c).unwrap();
        std::fs::write(c.join(name), candidate).unwrap();
    }
    std::fs::read(set.join(name)).ok()
}

/// The first line that differs, with both texts when they are short.
fn difference(want: &[u8], got: &[u8]) -> String {
    let (w, g) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    let at = w
        .lines()
        .zip(g.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| w.lines().count().min(g.lines().count()));
    let line = |t: &str| t.lines().nth(at).unwrap_or("<end>").to_string();
    let mut s = format!(
        "first difference at line {}:\n  expected {}\n  got      {}\n",
        at + 1,
        line(&w),
        line(&g)
    );
    if want.len() + got.len() < 8000 {
        s += &format!(
            "expected ({} bytes):\n{w}\ngot ({} bytes):\n{g}",
            want.len(),
            got.len()
        );
    } else {
        s += &format!("({} bytes expected, {} got)", want.len(), got.len());
    }
    s
}
