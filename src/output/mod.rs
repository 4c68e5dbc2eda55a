//! The only writer of the output tree. Every file is written to a temporary file in its final
//! folder, synced, then renamed over the target: a file in the output tree is complete or absent.
//!
//! A batch does not sync file by file: [`Staging`] writes each article's files to temporaries
//! as they are made, and [`Staging::commit`] makes a whole group durable with one `syncfs(2)`
//! before renaming each into place (group commit, as databases do with their logs). A rename
//! still only ever moves a complete, synced file, so a kill at any moment leaves complete files
//! or none; the cost of durability is paid once per group instead of once per file.
//!
//! Temporary files are hidden (`.newsbind-tmp-*`) and never carry an output's extension; one
//! left behind by `kill -9` is swept by the next run, a shard sweeping only its own ([`temp`]).
//! No path written here can leave the output root: relative paths only, no `..`, no symbolic
//! link on the way.

use crate::model::diag::Error;
use crate::writer::Artifact;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use tempfile::TempPath;

mod temp;
use temp::temporary_in;
pub use temp::{sweep_temporaries, Scope, TEMP_PREFIX};

/// An artifact's path as reports and the manifest name it: relative, with `/`.
pub fn name(a: &Artifact) -> String {
    a.path.to_string_lossy().replace('\\', "/")
}

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

/// Writes `bytes` to `path` atomically, its temporary named for `scope`.
pub fn write_atomic(path: &Path, bytes: &[u8], scope: Scope) -> std::io::Result<()> {
    let dir = folder_of(path);
    std::fs::create_dir_all(dir)?;
    let mut tmp = temporary_in(dir, scope)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The folder a file goes in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// One file written to a temporary, waiting for its group's commit.
struct Staged {
    tmp: TempPath,
    target: PathBuf,
    owner: String,
}

/// The files staged since the last commit, in staging order, and where the last one staged
/// for each target is.
#[derive(Default)]
struct Group {
    files: Vec<Staged>,
    last: HashMap<PathBuf, usize>,
}

/// Files staged for the output tree and committed in groups: see the module docs.
///
/// [`stage`](Self::stage) may be called from many threads at once; [`commit`](Self::commit)
/// makes everything staged so far durable and puts it in place. Whatever is not committed
/// when the `Staging` is dropped is deleted, never renamed.
pub struct Staging {
    root: PathBuf,
    scope: Scope,
    pending: Mutex<Group>,
    /// Folders known to exist, with no symbolic link on the way (checked or made in this run).
    folders: Mutex<HashSet<PathBuf>>,
    /// Files known to hold given bytes, on disk or staged (found so in this run: the files
    /// several articles write, like a folder's stylesheet), so that the next article writing
    /// the same bytes costs no file system call.
    settled: Mutex<HashMap<PathBuf, blake3::Hash>>,
}

impl Staging {
    /// Stages files for the tree under `root`, their temporaries named for `scope`.
    pub fn new(root: &Path, scope: Scope) -> Self {
        Staging {
            root: root.to_path_buf(),
            scope,
            pending: Mutex::new(Group::default()),
            folders: Mutex::new(HashSet::new()),
            settled: Mutex::new(HashMap::new()),
        }
    }

    /// How many files wait for the next commit.
    pub fn pending(&self) -> usize {
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .files
            .len()
    }

    /// Writes all of one owner's (one article's) artifacts to temporaries, all or none: on an
    /// error, this call's temporaries are deleted and nothing of the owner is staged. A file
    /// that already holds exactly these bytes is left alone, as in [`write_all`]; so is one
    /// that an earlier call of this group stages with the same bytes (the stylesheet shared by
    /// a folder's documents).
    pub fn stage(&self, owner: &str, artifacts: &[Artifact]) -> std::io::Result<()> {
        let mut mine = Vec::with_capacity(artifacts.len());
        for a in artifacts {
            let target = self.target(&a.path)?;
            let settled = || {
                self.settled
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .get(&target)
                    .is_some_and(|h| *h == blake3::hash(&a.bytes))
            };
            if settled() {
                continue;
            }
            if holds(&a.path, &target, &a.bytes)? || self.staged_same(&target, &a.bytes) {
                self.settled
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(target, blake3::hash(&a.bytes));
                continue;
            }
            let dir = folder_of(&target);
            let mut tmp = temporary_in(dir, self.scope)?;
            tmp.write_all(&a.bytes)?;
            // Where a file system cannot be synced as a whole, each file is synced here.
            #[cfg(not(target_os = "linux"))]
            tmp.as_file().sync_all()?;
            mine.push(Staged {
                tmp: tmp.into_temp_path(),
                target,
                owner: owner.to_string(),
            });
        }
        let mut group = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        for s in mine {
            let at = group.files.len();
            group.last.insert(s.target.clone(), at);
            group.files.push(s);
        }
        Ok(())
    }

    /// Whether a file staged and not yet committed goes to `target` with exactly `bytes`.
    fn staged_same(&self, target: &Path, bytes: &[u8]) -> bool {
        let group = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let last = group.last.get(target).map(|&i| &group.files[i]);
        last.is_some_and(|s| {
            std::fs::metadata(&s.tmp).is_ok_and(|m| m.len() == bytes.len() as u64)
                && std::fs::read(&s.tmp).is_ok_and(|b| b == bytes)
        })
    }

    /// `root/rel` as [`safe_join`] checks it, with the folders on the way checked (and made)
    /// once per run; the file itself is checked by the caller.
    fn target(&self, rel: &Path) -> std::io::Result<PathBuf> {
        let target = lexical_join(&self.root, rel)?;
        let dir = folder_of(&target);
        let mut known = self.folders.lock().unwrap_or_else(PoisonError::into_inner);
        if !known.contains(dir) {
            if let Some(parent) = rel.parent().filter(|p| !p.as_os_str().is_empty()) {
                safe_join(&self.root, parent)?;
            }
            std::fs::create_dir_all(dir)?;
            known.insert(dir.to_path_buf());
        }
        Ok(target)
    }

    /// Makes every staged file durable (one `syncfs` of the output's file system), then renames
    /// each over its target, in staging order. Returns the owners whose files could not all be
    /// put in place, with the first error of each: their remaining temporaries are deleted
    /// (files of theirs already renamed are complete and stay). If the sync itself fails,
    /// nothing is renamed and every owner of the group fails.
    pub fn commit(&self) -> Vec<(String, std::io::Error)> {
        let group =
            std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner)).files;
        let mut failed: Vec<(String, std::io::Error)> = Vec::new();
        if group.is_empty() {
            return failed;
        }
        if let Err(e) = sync_file_system(&self.root) {
            let mut owners: Vec<String> = group.into_iter().map(|s| s.owner).collect();
            owners.dedup();
            return owners
                .into_iter()
                .map(|o| {
                    (
                        o,
                        std::io::Error::new(e.kind(), format!("syncing failed: {e}")),
                    )
                })
                .collect();
        }
        for s in group {
            if failed.iter().any(|(o, _)| *o == s.owner) {
                continue;
            }
            if let Err(e) = s.tmp.persist(&s.target) {
                failed.push((s.owner, e.error));
            }
        }
        if !failed.is_empty() {
            // What was known to be in place may not be: look again.
            self.settled
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clear();
        }
        failed
    }

    /// Makes the renames of the last commit durable too (call once at the end of a run).
    pub fn seal(&self) -> std::io::Result<()> {
        sync_file_system(&self.root)
    }
}

/// Flushes everything written to the file system holding `root` (Linux: `syncfs(2)`, one
/// journal commit for the whole group). Elsewhere files were synced one by one when staged,
/// and only the folder is synced here.
fn sync_file_system(root: &Path) -> std::io::Result<()> {
    let dir = std::fs::File::open(root)?;
    #[cfg(target_os = "linux")]
    rustix::fs::syncfs(&dir)?;
    #[cfg(not(target_os = "linux"))]
    dir.sync_all()?;
    Ok(())
}

/// Writes all of one article's artifacts under `root`: staged (all or none), then committed
/// ([`Staging::commit`]); on a commit failure, files already renamed are complete and stay.
///
/// A file that already holds exactly these bytes is left as it is: it was written atomically
/// before, so it is complete, and rewriting it would cost a temporary file, a sync and a
/// rename for nothing (a `--force` rerun whose output did not change).
pub fn write_all(root: &Path, artifacts: &[Artifact]) -> std::io::Result<()> {
    let staging = Staging::new(root, Scope::Whole);
    staging.stage("", artifacts)?;
    match staging.commit().into_iter().next() {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}

/// Whether `path` is a regular file whose content is exactly `bytes` (size first, then
/// content); an error when it is a symbolic link, which is never written through.
fn holds(rel: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    Ok(match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(refused(rel, "goes through a symbolic link"));
        }
        Ok(m) => {
            m.is_file()
                && m.len() == bytes.len() as u64
                && std::fs::read(path).is_ok_and(|b| b == bytes)
        }
        Err(_) => false,
    })
}

/// `root/rel`, refused when `rel` could lead outside `root`: an absolute path, a `..`, an empty
/// path, or an existing symbolic link on the way.
pub fn safe_join(root: &Path, rel: &Path) -> std::io::Result<PathBuf> {
    let refuse = |why: &str| Err(refused(rel, why));
    let path = lexical_join(root, rel)?;
    let mut at = root.to_path_buf();
    for c in rel.components() {
        if let Component::Normal(part) = c {
            at.push(part);
            if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
                return refuse("goes through a symbolic link");
            }
        }
    }
    Ok(path)
}

/// The error of an output path that could leave the output root.
fn refused(rel: &Path, why: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "output path `{}` {why}; refused to keep it inside the output root",
            rel.display()
        ),
    )
}

/// `root/rel`, refused when `rel` is empty, absolute or has a `..` (no file system call).
fn lexical_join(root: &Path, rel: &Path) -> std::io::Result<PathBuf> {
    let refuse = |why: &str| Err(refused(rel, why));
    if rel.as_os_str().is_empty() {
        return refuse("is empty");
    }
    let mut path = root.to_path_buf();
    for c in rel.components() {
        match c {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            Component::ParentDir => return refuse("climbs out with `..`"),
            Component::RootDir | Component::Prefix(_) => return refuse("is absolute"),
        }
    }
    Ok(path)
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

    fn artifact(path: &str, bytes: &[u8]) -> Artifact {
        Artifact {
            path: path.into(),
            bytes: bytes.to_vec(),
        }
    }

    /// The names in `dir` and its sub-folders, sorted, temporaries included.
    fn tree(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn staged_files_appear_only_at_the_commit_complete_and_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(dir.path(), Scope::Whole);
        staging
            .stage(
                "a.txt",
                &[artifact("a.epub", b"A"), artifact("x/a.xhtml", b"AX")],
            )
            .unwrap();
        staging.stage("b.txt", &[artifact("b.epub", b"B")]).unwrap();
        assert_eq!(staging.pending(), 3);
        assert!(tree(dir.path()).iter().all(|n| n.contains(TEMP_PREFIX)));
        assert!(staging.commit().is_empty());
        assert_eq!(tree(dir.path()), ["a.epub", "b.epub", "x/a.xhtml"]);
        assert_eq!(std::fs::read(dir.path().join("x/a.xhtml")).unwrap(), b"AX");
        assert_eq!(staging.pending(), 0);
        staging.seal().unwrap();
    }

    #[test]
    fn what_is_never_committed_is_deleted_not_renamed() {
        let dir = tempfile::tempdir().unwrap();
        {
            let staging = Staging::new(dir.path(), Scope::Whole);
            staging.stage("a.txt", &[artifact("a.epub", b"A")]).unwrap();
        }
        assert!(tree(dir.path()).is_empty());
    }

    #[test]
    fn a_file_that_cannot_be_put_in_place_fails_its_owner_alone() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where b's file should go: the rename fails.
        std::fs::create_dir_all(dir.path().join("b.epub/inside")).unwrap();
        let staging = Staging::new(dir.path(), Scope::Whole);
        staging.stage("a.txt", &[artifact("a.epub", b"A")]).unwrap();
        staging
            .stage(
                "b.txt",
                &[artifact("b.epub", b"B"), artifact("b.xhtml", b"BX")],
            )
            .unwrap();
        staging.stage("c.txt", &[artifact("c.epub", b"C")]).unwrap();
        let failed = staging.commit();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].0, "b.txt");
        // b's later file is not put in place once its first one failed; no temporary is left.
        assert_eq!(tree(dir.path()), ["a.epub", "c.epub"]);
    }

    #[test]
    fn identical_files_are_neither_restaged_nor_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(dir.path(), Scope::Whole);
        let css = artifact("newsbind.css", b"p { margin: 0 }");
        staging.stage("a.txt", std::slice::from_ref(&css)).unwrap();
        staging.stage("b.txt", std::slice::from_ref(&css)).unwrap();
        assert_eq!(
            staging.pending(),
            1,
            "the same bytes for the same file are staged once"
        );
        assert!(staging.commit().is_empty());
        let before = std::fs::metadata(dir.path().join("newsbind.css")).unwrap();
        staging.stage("c.txt", &[css]).unwrap();
        assert_eq!(
            staging.pending(),
            0,
            "a file already holding the bytes is left alone"
        );
        let after = std::fs::metadata(dir.path().join("newsbind.css")).unwrap();
        assert_eq!(before.modified().unwrap(), after.modified().unwrap());
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(before.ino(), after.ino());
        }
    }

    #[test]
    fn atomic_writes_replace_and_leave_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/x.json");
        write_atomic(&p, b"one", Scope::Whole).unwrap();
        write_atomic(&p, b"two", Scope::Shard { index: 1, count: 2 }).unwrap();
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
