//! The only writer of the output tree. Every file is written to a temporary file in its final
//! folder, synced, then renamed over the target: a file in the output tree is complete or absent.
//!
//! Temporary files are hidden (`.newsbind-tmp-*`) and never carry an output's extension; one
//! left behind by `kill -9` is swept by the next run (under the run lock). No path written here
//! can leave the output root: relative paths only, no `..`, no symbolic link on the way.

use crate::error::Error;
use crate::writer::Artifact;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The name prefix of temporary files.
pub const TEMP_PREFIX: &str = ".newsbind-tmp-";

/// Creates the output root and proves it writable, before any work starts.
pub fn prepare_root(root: &Path) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::Output {
        path: root.to_path_buf(),
        message: format!("cannot write here: {e}"),
    };
    std::fs::create_dir_all(root).map_err(fail)?;
    tempfile::Builder::new()
        .prefix(".newsbind-probe")
        .tempfile_in(root)
        .map_err(fail)?;
    Ok(())
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Outputs are ordinary readable files, not tempfile's private 0600.
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes all of one article's artifacts under `root`; stops at the first failure, leaving
/// the files already written (complete) in place.
///
/// A file that already holds exactly these bytes is left as it is: it was written atomically
/// before, so it is complete, and rewriting it would cost a temporary file, an `fsync` and a
/// rename for nothing (the stylesheet beside every XHTML document of a folder, or a `--force`
/// rerun whose output did not change).
pub fn write_all(root: &Path, artifacts: &[Artifact]) -> std::io::Result<()> {
    for a in artifacts {
        let path = safe_join(root, &a.path)?;
        if !holds(&path, &a.bytes) {
            write_atomic(&path, &a.bytes)?;
        }
    }
    Ok(())
}

/// Whether `path` is a regular file whose content is exactly `bytes` (size first, then content).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

/// `root/rel`, refused when `rel` could lead outside `root`: an absolute path, a `..`, an empty
/// path, or an existing symbolic link on the way.
pub fn safe_join(root: &Path, rel: &Path) -> std::io::Result<PathBuf> {
    let refuse = |why: &str| {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "output path `{}` {why}; refused to keep it inside the output root",
                rel.display()
            ),
        ))
    };
    if rel.as_os_str().is_empty() {
        return refuse("is empty");
    }
    let mut path = root.to_path_buf();
    for c in rel.components() {
        match c {
            Component::Normal(part) => {
                path.push(part);
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                    return refuse("goes through a symbolic link");
                }
            }
            Component::CurDir => {}
            Component::ParentDir => return refuse("climbs out with `..`"),
            Component::RootDir | Component::Prefix(_) => return refuse("is absolute"),
        }
    }
    Ok(path)
}

/// Removes temporary files left under `root` by a killed run. Call only while holding the run
/// lock, so no live run's temporary file is touched. Returns how many were removed.
pub fn sweep_temporaries(root: &Path) -> usize {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file() && e.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Deletes outputs (relative to `root`) of a source that is gone; missing ones are fine.
pub fn remove_outputs(root: &Path, outputs: &[String]) -> std::io::Result<()> {
    for o in outputs {
        match std::fs::remove_file(safe_join(root, Path::new(o))?) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_replace_and_leave_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/x.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn no_output_path_leaves_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert_eq!(
            safe_join(root, Path::new("a/./b.epub")).unwrap(),
            root.join("a/b.epub")
        );
        for bad in ["../x.epub", "a/../../x.epub", "/etc/x.epub", ""] {
            let e = safe_join(root, Path::new(bad)).unwrap_err().to_string();
            assert!(e.contains("refused"), "{bad}: {e}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/tmp", root.join("link")).unwrap();
            let e = safe_join(root, Path::new("link/x.pdf")).unwrap_err();
            assert!(e.to_string().contains("symbolic link"), "{e}");
        }
    }

    #[test]
    fn temporaries_left_by_a_killed_run_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("d")).unwrap();
        std::fs::write(dir.path().join("d/.newsbind-tmp-abc123"), "half").unwrap();
        std::fs::write(dir.path().join("d/a.pdf"), "whole").unwrap();
        assert_eq!(sweep_temporaries(dir.path()), 1);
        assert!(dir.path().join("d/a.pdf").exists());
        assert!(!dir.path().join("d/.newsbind-tmp-abc123").exists());
    }

    #[test]
    fn artifact_paths_cannot_leave_the_output_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        let artifact = |path: &str| Artifact {
            path: path.into(),
            bytes: b"new".to_vec(),
        };
        for bad in [
            "../escaped.json",
            "a/../../escaped.json",
            "/tmp/abs.json",
            "",
        ] {
            let e = write_all(&root, &[artifact(bad)]).unwrap_err();
            assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{bad}: {e}");
        }
        assert!(!dir.path().join("escaped.json").exists());
        write_all(&root, &[artifact("a/b/ok.json")]).unwrap();
        assert_eq!(std::fs::read(root.join("a/b/ok.json")).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn an_identical_file_is_not_rewritten_and_a_different_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let css = Artifact {
            path: "a/newsbind.css".into(),
            bytes: b"p {}".to_vec(),
        };
        write_all(root, std::slice::from_ref(&css)).unwrap();
        let inode = |p: &Path| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(p).unwrap().ino()
        };
        let before = inode(&root.join("a/newsbind.css"));
        write_all(root, std::slice::from_ref(&css)).unwrap();
        assert_eq!(
            inode(&root.join("a/newsbind.css")),
            before,
            "same bytes: kept"
        );
        let changed = Artifact {
            bytes: b"p { x }".to_vec(),
            ..css
        };
        write_all(root, &[changed]).unwrap();
        assert_eq!(
            std::fs::read(root.join("a/newsbind.css")).unwrap(),
            b"p { x }"
        );
    }
}
