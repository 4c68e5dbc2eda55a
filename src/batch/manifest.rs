//! The incremental manifest: for each source converted into the output root, the BLAKE3 hashes
//! of its bytes and of the effective configuration, the tool version, and the outputs written.
//! A rerun leaves a source alone when all three match and its outputs are still there.
//!
//! The manifest lives in the output root (`.newsbind-manifest.json`, or one per shard), is
//! written atomically after the run (also after SIGINT/SIGTERM), and its entries are sorted, so
//! it is byte-identical for any `--jobs`. After `kill -9` the old manifest stays: the sources
//! converted since are converted again, never trusted without a record.

use crate::batch::discover::Shard;
use crate::output;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The tool version recorded in each entry; a new version reconverts everything.
pub const TOOL: &str = concat!("newsbind ", env!("CARGO_PKG_VERSION"));

/// What one converted source was made from, and what it made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The source path as reported.
    pub source: String,
    /// BLAKE3 of the source bytes, hex.
    pub input: String,
    /// BLAKE3 of the effective configuration, hex.
    pub config: String,
    /// The tool version.
    pub tool: String,
    /// Outputs written, relative to the output root.
    pub outputs: Vec<String>,
}

/// All entries, keyed by output stem (relative path without extension).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Entries by output stem.
    pub entries: BTreeMap<String, Entry>,
}

/// The manifest's file name in the output root.
pub fn file_name(shard: Option<Shard>) -> String {
    match shard {
        None => ".newsbind-manifest.json".into(),
        Some(s) => format!(".newsbind-manifest.{}.json", s.suffix()),
    }
}

/// The manifest path for a run.
pub fn path(root: &Path, shard: Option<Shard>) -> PathBuf {
    root.join(file_name(shard))
}

/// BLAKE3 of a source's bytes.
pub fn input_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

impl Manifest {
    /// Reads the manifest; a missing one is empty. An unreadable or damaged one is treated as
    /// empty too (it only costs a full rebuild), with a warning.
    pub fn load(path: &Path) -> Manifest {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!("ignoring damaged manifest {}: {e}", path.display());
                Manifest::default()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Manifest::default(),
            Err(e) => {
                tracing::warn!("ignoring unreadable manifest {}: {e}", path.display());
                Manifest::default()
            }
        }
    }

    /// Writes the manifest atomically, its temporary named for `scope` (the run's).
    pub fn save(&self, path: &Path, scope: output::Scope) -> std::io::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("the manifest always serialises");
        bytes.push(b'\n');
        output::write_atomic(path, &bytes, scope)
    }

    /// The entry of `stem` if it records exactly these hashes and this tool, and every output it
    /// lists is still under `root`.
    pub fn current(&self, stem: &str, input: &str, config: &str, root: &Path) -> Option<&Entry> {
        self.candidate(stem, config, root)
            .filter(|e| e.input == input)
    }

    /// The entry of `stem` if it records this configuration and this tool, and every output it
    /// lists is still under `root`: the source is unchanged when its bytes still hash to
    /// `input` (a source without a candidate is converted without looking at its bytes).
    pub fn candidate(&self, stem: &str, config: &str, root: &Path) -> Option<&Entry> {
        self.entries.get(stem).filter(|e| {
            e.config == config
                && e.tool == TOOL
                && !e.outputs.is_empty()
                && e.outputs.iter().all(|o| root.join(o).is_file())
        })
    }
}

/// The manifest saved now and then during a run, so that a run killed with `kill -9` loses at
/// most the last interval's record: its finished articles count as unchanged next time. An
/// entry is recorded only after all of its outputs are written.
#[derive(Debug)]
pub struct Checkpoint {
    path: PathBuf,
    scope: output::Scope,
    every: Duration,
    state: Mutex<(Manifest, Instant)>,
}

impl Checkpoint {
    /// Starts from the manifest as the last run left it; saves it at `path`, its temporaries
    /// named for `scope`.
    pub fn new(path: PathBuf, scope: output::Scope, manifest: Manifest, every: Duration) -> Self {
        Checkpoint {
            path,
            scope,
            every,
            state: Mutex::new((manifest, Instant::now())),
        }
    }

    /// Records one converted source, and saves when the interval has passed.
    pub fn record(&self, stem: &str, entry: Entry) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0.entries.insert(stem.to_string(), entry);
        if state.1.elapsed() >= self.every {
            if let Err(e) = state.0.save(&self.path, self.scope) {
                tracing::warn!("cannot save the manifest checkpoint: {e}");
            }
            state.1 = Instant::now();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(root: &Path) -> Entry {
        std::fs::write(root.join("a.json"), "{}").unwrap();
        Entry {
            source: "in/a.txt".into(),
            input: input_hash(b"text"),
            config: "c".into(),
            tool: TOOL.into(),
            outputs: vec!["a.json".into()],
        }
    }

    #[test]
    fn an_entry_is_current_only_with_same_bytes_config_tool_and_outputs_present() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        m.entries.insert("a".into(), entry(dir.path()));
        let h = input_hash(b"text");
        assert!(m.current("a", &h, "c", dir.path()).is_some());
        assert!(m
            .current("a", &input_hash(b"text!"), "c", dir.path())
            .is_none());
        assert!(m.current("a", &h, "other config", dir.path()).is_none());
        m.entries.get_mut("a").unwrap().tool = "newsbind 0.0.0".into();
        assert!(m.current("a", &h, "c", dir.path()).is_none());
        m.entries.get_mut("a").unwrap().tool = TOOL.into();
        std::fs::remove_file(dir.path().join("a.json")).unwrap();
        assert!(m.current("a", &h, "c", dir.path()).is_none());
    }

    #[test]
    fn checkpoints_save_recorded_entries_once_the_interval_has_passed() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path(), None);
        let c = Checkpoint::new(
            p.clone(),
            output::Scope::Whole,
            Manifest::default(),
            Duration::from_secs(3600),
        );
        c.record("a", entry(dir.path()));
        assert!(!p.exists(), "not before the interval");
        let c = Checkpoint::new(
            p.clone(),
            output::Scope::Whole,
            Manifest::default(),
            Duration::ZERO,
        );
        c.record("a", entry(dir.path()));
        assert_eq!(Manifest::load(&p).entries.len(), 1);
    }

    #[test]
    fn saved_manifests_load_back_and_damaged_ones_load_empty() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path(), None);
        let mut m = Manifest::default();
        m.entries.insert("a".into(), entry(dir.path()));
        m.save(&p, output::Scope::Whole).unwrap();
        assert_eq!(Manifest::load(&p), m);
        std::fs::write(&p, "{not json").unwrap();
        assert_eq!(Manifest::load(&p), Manifest::default());
    }
}
