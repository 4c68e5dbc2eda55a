//! The only writer of the output tree. Every file is written to a temporary file in its final
//! folder, synced, then renamed over the target: a file in the output tree is complete or absent.

use crate::error::Error;
use crate::writer::Artifact;
use std::io::Write;
use std::path::Path;

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
        write_atomic(&root.join(&a.path), &a.bytes)?;
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
}
