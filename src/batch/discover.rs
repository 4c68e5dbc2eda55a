//! Input discovery: command-line paths → a sorted list of [`Source`]s, each with the output
//! stem it maps to. Reads the directory tree only.
//!
//! Safety: symbolic links found while walking a folder are followed only when they lead to a
//! file inside that folder; others are listed as [`Refused`] with the reason. Two sources whose
//! outputs would collide, even only on a case-insensitive disk, are a fatal error before work.
//! [`Shard`] takes a deterministic slice of the sources by a hash of their relative path.

use crate::model::diag::Error;
use crate::model::Source;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn is_txt(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// A `*.dat` or `*.xml` file in a container format (SogouCA or crawler `<doc>` records, an
/// RSS feed), sniffed from its first bytes.
fn is_container(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("dat") || e.eq_ignore_ascii_case("xml"))
        && crate::read::container::sniff_file(path).is_some()
}

/// A file a folder walk takes: `*.txt`, or a container `*.dat`/`*.xml`.
fn is_source_file(path: &Path) -> bool {
    is_txt(path) || is_container(path)
}

/// A path as text with forward slashes, for reports and output stems.
fn slashed(path: &Path) -> String {
    let s = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Walks the inputs: a file is taken as it is (whatever its extension); a folder is walked
/// recursively for `*.txt` (and `*.dat`/`*.xml` files in a container format), sorted by name.
/// Two sources that would write the same output are a fatal error, as is an input that does
/// not exist or a folder without any `.txt`.
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<Source>, Error> {
    walk(inputs).map(|d| d.sources)
}

/// A path found while walking that is not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The path as reported.
    pub display: String,
    /// Its path relative to the input folder (used for sharding).
    pub stem: String,
    /// Why it is not read.
    pub reason: String,
}

/// What walking the inputs found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Sources to convert, in input order.
    pub sources: Vec<Source>,
    /// Paths refused for safety (symbolic links leading outside their input folder).
    pub refused: Vec<Refused>,
}

/// What a symbolic link met while walking `root` leads to.
enum Link {
    /// A file inside the root: read it.
    Inside,
    /// Anything else: refuse, with this reason.
    Refuse(String),
    /// A folder inside the root: its files are reached by their real path.
    Ignore,
}

fn classify_link(link: &Path, root: &Path) -> Link {
    let Ok(target) = std::fs::canonicalize(link) else {
        return Link::Refuse("dangling symbolic link; not followed".into());
    };
    let inside = std::fs::canonicalize(root).is_ok_and(|r| target.starts_with(r));
    match (inside, target.is_dir()) {
        (true, true) => Link::Ignore,
        (true, false) => Link::Inside,
        (false, _) => Link::Refuse(format!(
            "symbolic link to {} leads outside the input folder {}; not followed",
            target.display(),
            root.display()
        )),
    }
}

/// Like [`discover`], and also lists the paths refused for safety.
pub fn walk(inputs: &[PathBuf]) -> Result<Discovery, Error> {
    let mut sources = Vec::new();
    let mut refused = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::Input {
            path: input.clone(),
            message: match e.kind() {
                std::io::ErrorKind::NotFound => {
                    "no such file or folder; check the path (`-` reads standard input)".into()
                }
                _ => e.to_string(),
            },
        })?;
        if meta.is_file() {
            let stem = input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "article".into());
            sources.push(Source {
                path: input.clone(),
                display: slashed(input),
                stem,
            });
            continue;
        }
        let before = sources.len() + refused.len();
        for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Input {
                path: e.path().map_or_else(|| input.clone(), Path::to_path_buf),
                message: e.to_string(),
            })?;
            let rel = entry.path().strip_prefix(input).unwrap_or(entry.path());
            if entry.path_is_symlink() {
                match classify_link(entry.path(), input) {
                    Link::Inside if is_source_file(entry.path()) => {}
                    Link::Refuse(reason)
                        if is_source_file(entry.path()) || entry.path().is_dir() =>
                    {
                        refused.push(Refused {
                            display: slashed(entry.path()),
                            stem: slashed(&rel.with_extension("")),
                            reason,
                        });
                        continue;
                    }
                    _ => continue,
                }
            } else if !entry.file_type().is_file() || !is_source_file(entry.path()) {
                continue;
            }
            sources.push(Source {
                path: entry.path().to_path_buf(),
                display: slashed(entry.path()),
                stem: slashed(&rel.with_extension("")),
            });
        }
        if sources.len() + refused.len() == before {
            return Err(Error::Input {
                path: input.clone(),
                message: "no .txt files in this folder or below it; give a folder that holds \
                          `*.txt` articles (or SogouCA `*.dat` records), or one file"
                    .into(),
            });
        }
    }
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for s in &sources {
        if let Some(other) = seen.insert(s.stem.to_lowercase(), &s.display) {
            return Err(Error::Input {
                path: s.path.clone(),
                message: format!(
                    "{} and {other} would write the same output `{}.*`; convert them separately",
                    s.display, s.stem
                ),
            });
        }
    }
    Ok(Discovery { sources, refused })
}

/// One slice of a job split N ways: shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which slice, from 1 to `count`.
    pub index: u32,
    /// How many slices.
    pub count: u32,
}

/// The temporaries of a run are those of its shard, or of the whole root when unsharded.
pub fn scope(shard: Option<Shard>) -> crate::output::Scope {
    match shard {
        None => crate::output::Scope::Whole,
        Some(Shard { index, count }) => crate::output::Scope::Shard { index, count },
    }
}

impl Shard {
    /// A shard, checked: `1 <= index <= count`.
    pub fn new(index: u32, count: u32) -> Result<Shard, Error> {
        if count == 0 || index == 0 || index > count {
            return Err(Error::Usage(format!(
                "shard {index}/{count} does not exist: expected I/N with 1 <= I <= N"
            )));
        }
        Ok(Shard { index, count })
    }

    /// Parses `I/N`.
    pub fn parse(text: &str) -> Result<Shard, Error> {
        let bad = || Error::Usage(format!("--shard expects I/N (e.g. 2/8), got `{text}`"));
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        Shard::new(
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        )
    }

    /// Whether the source with this relative output stem belongs to this shard. The slice is a
    /// BLAKE3 hash of the relative path, so every machine computes the same split whatever its
    /// mount points, and adding a file never moves the others.
    pub fn includes(&self, stem: &str) -> bool {
        let h = blake3::hash(stem.as_bytes());
        let n = u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"));
        n % u64::from(self.count) == u64::from(self.index - 1)
    }

    /// `shard-I-of-N`, for per-shard file names.
    pub fn suffix(&self) -> String {
        format!("shard-{}-of-{}", self.index, self.count)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_sorted_and_mapped_to_stems() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b")).unwrap();
        for f in ["b/2.txt", "a.txt", "b/1.TXT", "notes.md", "data.dat"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        std::fs::write(dir.path().join("b/news.dat"), "<doclist>\n<doc>").unwrap();
        let s = discover(&[dir.path().to_path_buf()]).unwrap();
        let stems: Vec<_> = s.iter().map(|s| s.stem.as_str()).collect();
        assert_eq!(stems, ["a", "b/1", "b/2", "b/news"]);
    }

    #[test]
    fn shards_split_the_sources_disjointly_and_completely() {
        let stems: Vec<String> = (0..300).map(|i| format!("d{}/{i}", i % 7)).collect();
        let shards: Vec<Shard> = (1..=3).map(|i| Shard::new(i, 3).unwrap()).collect();
        for s in &stems {
            assert_eq!(shards.iter().filter(|sh| sh.includes(s)).count(), 1, "{s}");
        }
        for sh in &shards {
            let n = stems.iter().filter(|s| sh.includes(s)).count();
            assert!((60..140).contains(&n), "shard {sh} got {n} of 300");
        }
    }

    #[test]
    fn shard_specs_are_checked() {
        assert_eq!(Shard::parse("2/3").unwrap(), Shard { index: 2, count: 3 });
        for bad in ["0/3", "4/3", "1/0", "2", "a/b"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_leading_outside_the_input_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        std::fs::create_dir_all(input.join("sub")).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        std::fs::write(input.join("sub/real.txt"), "x").unwrap();
        std::os::unix::fs::symlink("../secret.txt", input.join("escape.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), input.join("parent")).unwrap();
        std::os::unix::fs::symlink("sub/real.txt", input.join("alias.txt")).unwrap();
        let d = walk(std::slice::from_ref(&input)).unwrap();
        let stems: Vec<_> = d.sources.iter().map(|s| s.stem.as_str()).collect();
        assert_eq!(stems, ["alias", "sub/real"]);
        let refused: Vec<_> = d.refused.iter().map(|r| r.stem.as_str()).collect();
        assert_eq!(refused, ["escape", "parent"]);
        assert!(
            d.refused[0]
                .reason
                .contains("leads outside the input folder"),
            "{}",
            d.refused[0].reason
        );
    }

    #[test]
    fn colliding_outputs_and_missing_inputs_are_fatal() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        let twice = [dir.path().join("a.txt"), dir.path().join("a.txt")];
        assert!(discover(&twice)
            .unwrap_err()
            .to_string()
            .contains("same output"));
        let missing = discover(&[dir.path().join("nope")])
            .unwrap_err()
            .to_string();
        assert!(missing.contains("no such file"), "{missing}");
    }
}
