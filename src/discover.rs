//! Input discovery: command-line paths → a sorted list of [`Source`]s, each with the output
//! stem it maps to. Reads the directory tree only.

use crate::error::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file to read.
    pub path: PathBuf,
    /// The path as reported (forward slashes).
    pub display: String,
    /// Output path relative to the output root, without extension (`sub/10`).
    pub stem: String,
}

impl Source {
    /// The file name without its extension.
    pub fn file_stem(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

fn is_txt(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// A `*.dat` file in the SogouCA/SogouCS record format (sniffed from its first bytes).
fn is_record_dat(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("dat"))
        && crate::records::sniff_file(path)
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
/// recursively for `*.txt`, and for `*.dat` files in the SogouCA record format, sorted by name. Two sources that would write the same output are a
/// fatal error, as is an input that does not exist or a folder without any `.txt`.
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<Source>, Error> {
    let mut sources = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::Input {
            path: input.clone(),
            message: match e.kind() {
                std::io::ErrorKind::NotFound => "no such file or folder".into(),
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
        let before = sources.len();
        for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Input {
                path: e.path().map_or_else(|| input.clone(), Path::to_path_buf),
                message: e.to_string(),
            })?;
            if !entry.file_type().is_file()
                || !(is_txt(entry.path()) || is_record_dat(entry.path()))
            {
                continue;
            }
            let rel = entry.path().strip_prefix(input).unwrap_or(entry.path());
            sources.push(Source {
                path: entry.path().to_path_buf(),
                display: slashed(entry.path()),
                stem: slashed(&rel.with_extension("")),
            });
        }
        if sources.len() == before {
            return Err(Error::Input {
                path: input.clone(),
                message: "no .txt files in this folder or below it".into(),
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
    Ok(sources)
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
