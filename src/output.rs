//! The only writer of the output tree. Every file is written to a temporary file in its final
//! folder, synced, then renamed over the target: a file in the output tree is complete or absent.

use crate::error::Error;
use crate::writer::Artifact;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

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
    builder.prefix(".newsbind-");
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

/// Writes all of one article's artifacts under `root`; stops at the first failure.
pub fn write_all(root: &Path, artifacts: &[Artifact]) -> std::io::Result<()> {
    for a in artifacts {
        write_atomic(&contained(root, &a.path)?, &a.bytes)?;
    }
    Ok(())
}

/// `root/rel`, refusing anything that could put the file outside the root: `rel` must be a
/// plain relative path (no root, `.` or `..`), and no existing folder between the root and the
/// file may be a symbolic link, which could point anywhere. (A symbolic link in the file's own
/// place is harmless: the atomic rename replaces the link, it does not write through it.)
fn contained(root: &Path, rel: &Path) -> std::io::Result<PathBuf> {
    let refuse = |why: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, why);
    let parts: Vec<_> = rel.components().collect();
    let mut path = root.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        let Component::Normal(name) = part else {
            return Err(refuse(format!(
                "output path `{}` leaves the output folder",
                rel.display()
            )));
        };
        path.push(name);
        let is_folder = i + 1 < parts.len();
        if is_folder && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(refuse(format!(
                "{} is a symbolic link; refusing to write through it",
                path.display()
            )));
        }
    }
    if parts.is_empty() {
        return Err(refuse("empty output path".into()));
    }
    Ok(path)
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

    fn artifact(path: &str) -> Artifact {
        Artifact {
            path: path.into(),
            bytes: b"new".to_vec(),
        }
    }

    #[test]
    fn artifact_paths_cannot_leave_the_output_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
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
    fn symbolic_links_in_the_output_tree_are_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("out"), dir.path().join("outside"));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("x.json"), b"old").unwrap();
        // A folder that is a link out of the root: refused.
        std::os::unix::fs::symlink(&outside, root.join("sub")).unwrap();
        let e = write_all(&root, &[artifact("sub/x.json")]).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        // A file that is a link out of the root: the link is replaced, its target untouched.
        std::os::unix::fs::symlink(outside.join("x.json"), root.join("x.json")).unwrap();
        write_all(&root, &[artifact("x.json")]).unwrap();
        assert_eq!(std::fs::read(outside.join("x.json")).unwrap(), b"old");
        assert!(!std::fs::symlink_metadata(root.join("x.json"))
            .unwrap()
            .file_type()
            .is_symlink());
    }
}
