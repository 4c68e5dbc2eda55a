//! `config.yaml`: the on-disk configuration, and the only module that knows YAML.
//!
//! Every struct denies unknown keys, so a typo is an error naming the key, its line and column,
//! instead of a setting silently ignored. Every field is optional: `options` fills defaults and
//! lets command-line flags win.

use crate::error::Error;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The whole configuration file.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Folder (or file) read when no PATH is given on the command line.
    pub input: Option<PathBuf>,
    /// Output root.
    pub output: Option<PathBuf>,
    /// Formats written for each article: any of `epub`, `xhtml`, `pdf`, `json`.
    pub formats: Option<Vec<String>>,
    /// Worker threads; 0 means one per core.
    pub jobs: Option<usize>,
    /// `auto`, `utf-8`, `gbk` or `gb18030`.
    pub encoding: Option<String>,
    /// Language tag written into every output (never taken from `$LANG`).
    pub language: Option<String>,
    /// PDF settings.
    pub pdf: PdfConfig,
}

/// The `pdf:` section.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PdfConfig {
    /// Paper size: `A5`, `A4` or `B5`.
    pub paper: Option<String>,
    /// Margin on every side, in millimetres.
    pub margin_mm: Option<f32>,
    /// Body text size in points.
    pub body_size_pt: Option<f32>,
    /// Headline size in points.
    pub headline_size_pt: Option<f32>,
    /// Line height as a multiple of the text size.
    pub leading: Option<f32>,
    /// The font for body text.
    pub body_font: FontConfig,
    /// The font for the headline and other display lines.
    pub heading_font: FontConfig,
}

/// How to find one font: a file (with a face index for collections) or a family name.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FontConfig {
    /// Family name looked up among the system's fonts.
    pub family: Option<String>,
    /// Style looked up with the family, e.g. `Regular` or `Bold`.
    pub style: Option<String>,
    /// A font file; wins over `family`.
    pub path: Option<PathBuf>,
    /// Face index inside a collection file (`.ttc`).
    pub index: Option<u32>,
}

/// The largest configuration file accepted. A real one is a few hundred bytes; the limit
/// keeps a hostile file (the YAML parser is quadratic in nesting depth: 100,000 nested `[`
/// took 56 s) or a device named as the config from stalling the run.
pub const MAX_CONFIG_BYTES: usize = 64 * 1024;

impl Config {
    /// Parses configuration text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        if text.len() > MAX_CONFIG_BYTES {
            return Err(Error::Config {
                path: path.to_path_buf(),
                message: format!(
                    "larger than {} KiB; a newsbind config is a few lines",
                    MAX_CONFIG_BYTES / 1024
                ),
            });
        }
        // An empty file, or one of comments only, means "all defaults".
        if text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Ok(Config::default());
        }
        serde_yaml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Reads and parses a configuration file.
    pub fn load(path: &Path) -> Result<Config, Error> {
        use std::io::Read as _;
        let fail = |e: std::io::Error| Error::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        // Read one byte past the limit at most, so `parse` can tell the file is too large.
        let mut text = String::new();
        std::fs::File::open(path)
            .map_err(fail)?
            .take(MAX_CONFIG_BYTES as u64 + 1)
            .read_to_string(&mut text)
            .map_err(fail)?;
        Config::parse(&text, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_rejected_with_name_line_and_column() {
        let err = Config::parse("formats: [epub]\npdf:\n  papr: A4\n", Path::new("c.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("papr"), "{err}");
        assert!(err.contains("line 3 column 3"), "{err}");
    }

    #[test]
    fn an_oversized_config_is_refused_before_parsing() {
        let deep = format!("formats: {}{}\n", "[".repeat(40_000), "]".repeat(40_000));
        let err = Config::parse(&deep, Path::new("c.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("larger than 64 KiB"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.yaml");
        std::fs::write(&path, format!("# {}\n", "x".repeat(MAX_CONFIG_BYTES))).unwrap();
        let err = Config::load(&path).unwrap_err().to_string();
        assert!(err.contains("larger than 64 KiB"), "{err}");
    }

    #[test]
    fn comment_only_file_means_defaults() {
        let c = Config::parse("# nothing\n\n", Path::new("c.yaml")).unwrap();
        assert!(c.formats.is_none());
    }

    #[test]
    fn nested_font_settings_parse() {
        let c = Config::parse(
            "pdf:\n  body_font: {path: /x.ttc, index: 2}\n",
            Path::new("c.yaml"),
        )
        .unwrap();
        assert_eq!(c.pdf.body_font.index, Some(2));
    }
}
