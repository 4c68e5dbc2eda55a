//! The run lock: one OS file lock (`flock`) on a file in the output root, so two runs never write
//! one output tree at once. The kernel releases it when the process dies, even by `kill -9`, so
//! a stale lock file never blocks the next run.
//!
//! An unsharded run locks `.newsbind.lock` exclusively. A shard locks it shared (shards of one
//! job run side by side over one output root, each on its own files) and its own
//! `.newsbind-shard-I-of-N.lock` exclusively. The holder writes its pid into the file it holds
//! exclusively, so a refused run can say which process is in the way.

use crate::model::diag::Error;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The lock file of an unsharded run, in the output root.
pub const LOCK_FILE: &str = ".newsbind.lock";

/// A held run lock; dropping it releases the lock.
#[derive(Debug)]
pub struct RunLock {
    files: Vec<File>,
}

fn open(path: &Path) -> Result<File, Error> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::Output {
            path: path.to_path_buf(),
            message: format!("cannot open the lock file: {e}"),
        })
}

fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.rewind().and_then(|()| file.read_to_string(&mut text));
    match text.trim().parse::<u32>() {
        Ok(pid) => format!("process {pid}"),
        Err(_) => "another newsbind run".into(),
    }
}

fn busy(root: &Path, path: &Path, who: String) -> Error {
    Error::Output {
        path: root.to_path_buf(),
        message: format!(
            "locked by {who} (lock file {}); wait for it to finish or choose another output",
            path.display()
        ),
    }
}

fn try_lock(file: &mut File, path: &Path, root: &Path, shared: bool) -> Result<(), Error> {
    let result = if shared {
        file.try_lock_shared()
    } else {
        file.try_lock()
    };
    match result {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => {
            let who = if shared {
                "an unsharded newsbind run".to_string()
            } else {
                holder(file)
            };
            Err(busy(root, path, who))
        }
        Err(TryLockError::Error(e)) => Err(Error::Output {
            path: path.to_path_buf(),
            message: format!("cannot lock: {e}"),
        }),
    }
}

fn write_pid(file: &mut File) {
    // The pid is a courtesy for the error message; the lock itself is the flock.
    let _ = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| writeln!(file, "{}", std::process::id()))
        .and_then(|()| file.flush());
}

impl RunLock {
    /// Takes the lock on `root` for an unsharded run (`shard: None`) or for shard `(i, n)`;
    /// fails at once, naming the holder, if another run holds it.
    pub fn acquire(root: &Path, shard: Option<(u32, u32)>) -> Result<RunLock, Error> {
        let main_path = root.join(LOCK_FILE);
        let mut main = open(&main_path)?;
        match shard {
            None => {
                try_lock(&mut main, &main_path, root, false)?;
                write_pid(&mut main);
                Ok(RunLock { files: vec![main] })
            }
            Some((i, n)) => {
                try_lock(&mut main, &main_path, root, true)?;
                let path = Self::shard_path(root, i, n);
                let mut own = open(&path)?;
                try_lock(&mut own, &path, root, false)?;
                write_pid(&mut own);
                Ok(RunLock {
                    files: vec![main, own],
                })
            }
        }
    }

    /// The lock file of shard `i` of `n`.
    pub fn shard_path(root: &Path, i: u32, n: u32) -> PathBuf {
        root.join(format!(".newsbind-shard-{i}-of-{n}.lock"))
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        // Clear the pid we wrote (only the exclusive holder wrote one) so the file does not
        // name a finished process; the kernel drops the lock when the file closes.
        if let Some(own) = self.files.last_mut() {
            let _ = own.set_len(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_root_is_refused_naming_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let first = RunLock::acquire(dir.path(), None).unwrap();
        let err = RunLock::acquire(dir.path(), None).unwrap_err().to_string();
        assert!(
            err.contains(&format!("locked by process {}", std::process::id())),
            "{err}"
        );
        drop(first);
        RunLock::acquire(dir.path(), None).expect("released on drop");
    }

    #[test]
    fn shards_run_side_by_side_but_not_beside_an_unsharded_run() {
        let dir = tempfile::tempdir().unwrap();
        let one = RunLock::acquire(dir.path(), Some((1, 2))).unwrap();
        let two = RunLock::acquire(dir.path(), Some((2, 2))).unwrap();
        assert!(RunLock::acquire(dir.path(), Some((1, 2))).is_err());
        assert!(RunLock::acquire(dir.path(), None).is_err());
        drop((one, two));
        let whole = RunLock::acquire(dir.path(), None).unwrap();
        let err = RunLock::acquire(dir.path(), Some((1, 2)))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unsharded"), "{err}");
        drop(whole);
    }
}
