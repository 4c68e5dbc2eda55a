//! Temporary files: their names and whose they are. Every output is first a hidden temporary
//! (`.newsbind-tmp-*`, never an output's extension) in its final folder; one left behind by
//! `kill -9` is swept by the next run under the run lock.
//!
//! Invariant: a run removes only temporaries of its own [`Scope`]. Shards of one job run side
//! by side over one output root and start at different moments; a shard's temporaries carry
//! its scope (`.newsbind-tmp-s2of4-*`) and a shard sweeps only those, so one starting never
//! deletes a file another is about to rename. A run over the whole root holds the exclusive
//! lock, so every leftover is its to sweep.

use std::path::Path;

/// The name prefix of temporary files.
pub const TEMP_PREFIX: &str = ".newsbind-tmp-";

/// Whose temporary files: a run that holds the whole output root (the exclusive run lock), or
/// shard `I` of `N` (its own shard lock, the root's shared). Each sweeps only what is its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// The whole output root: its temporaries are `.newsbind-tmp-*`, and it may sweep any.
    #[default]
    Whole,
    /// Shard `index` of `count`: its temporaries are `.newsbind-tmp-s{index}of{count}-*`.
    Shard {
        /// Which slice, from 1.
        index: u32,
        /// How many slices.
        count: u32,
    },
}

impl Scope {
    /// The name prefix of this scope's temporary files.
    pub fn temp_prefix(self) -> String {
        match self {
            Scope::Whole => TEMP_PREFIX.to_string(),
            Scope::Shard { index, count } => format!("{TEMP_PREFIX}s{index}of{count}-"),
        }
    }
}

/// A new hidden temporary file in `dir`, readable like any output.
pub(super) fn temporary_in(dir: &Path, scope: Scope) -> std::io::Result<tempfile::NamedTempFile> {
    let prefix = scope.temp_prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Outputs are ordinary readable files, not tempfile's private 0600.
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    builder.tempfile_in(dir)
}

/// Removes the temporary files of `scope` left under `root` by a killed run: all of them for
/// [`Scope::Whole`], only the shard's own for a shard (another shard may be writing its own at
/// this moment). Call only while holding the run lock of `scope`, so no live run's temporary
/// file is touched. Returns how many were removed.
pub fn sweep_temporaries(root: &Path, scope: Scope) -> usize {
    let prefix = scope.temp_prefix();
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Staging;
    use crate::writer::Artifact;

    #[test]
    fn temporaries_left_by_a_killed_run_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("d")).unwrap();
        std::fs::write(dir.path().join("d/.newsbind-tmp-abc123"), "half").unwrap();
        std::fs::write(dir.path().join("d/a.pdf"), "whole").unwrap();
        assert_eq!(sweep_temporaries(dir.path(), Scope::Whole), 1);
        assert!(dir.path().join("d/a.pdf").exists());
        assert!(!dir.path().join("d/.newsbind-tmp-abc123").exists());
    }

    #[test]
    fn a_shard_sweeps_only_its_own_temporaries_never_those_another_shard_is_writing() {
        let dir = tempfile::tempdir().unwrap();
        let shard = |index| Scope::Shard { index, count: 4 };
        let names = [
            ".newsbind-tmp-s1of4-abc123",
            ".newsbind-tmp-s2of4-abc123",
            ".newsbind-tmp-s1of3-abc123",
            ".newsbind-tmp-abc123",
        ];
        for name in names {
            std::fs::write(dir.path().join(name), "half").unwrap();
        }
        // A staged file of shard 2 waits for its commit while shard 1 starts and sweeps.
        let staging = Staging::new(dir.path(), shard(2));
        staging
            .stage(
                "a",
                &[Artifact {
                    path: "a.pdf".into(),
                    bytes: b"pdf".to_vec(),
                }],
            )
            .unwrap();
        assert_eq!(sweep_temporaries(dir.path(), shard(1)), 1);
        assert!(!dir.path().join(names[0]).exists());
        assert!(
            staging.commit().is_empty(),
            "shard 2's file survived the sweep"
        );
        assert_eq!(std::fs::read(dir.path().join("a.pdf")).unwrap(), b"pdf");
        // The whole root's run holds the exclusive lock: every shard's leftovers are its.
        assert_eq!(sweep_temporaries(dir.path(), Scope::Whole), 3);
    }
}
