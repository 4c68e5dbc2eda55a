//! `config.yaml`: the on-disk configuration, and the only module that knows YAML.
//!
//! Every struct denies unknown keys, so a typo is an error naming the key, its line and column,
//! instead of a setting silently ignored. Every field is optional: `settings::resolve` fills defaults and
//! lets command-line flags win.

use crate::model::diag::Error;
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
    /// `auto`, `utf-8`, `gbk`, `gb18030`, `big5`, `utf-16le` or `utf-16be`.
    pub encoding: Option<String>,
    /// Per-file encodings: the first rule whose glob matches a source wins over `encoding`.
    pub encoding_rules: Vec<EncodingRule>,
    /// Replace malformed bytes with U+FFFD (counted as a warning) instead of failing the article.
    pub lossy: Option<bool>,
    /// Normalisation switches.
    pub normalize: NormalizeConfig,
    /// Language tag written into every output, or `auto` (the default): a tag per article from
    /// its script (never taken from `$LANG`).
    pub language: Option<String>,
    /// The tags `language: auto` gives each script.
    pub auto_language: AutoLanguageConfig,
    /// PDF settings.
    pub pdf: PdfConfig,
    /// Sources larger than this many bytes fail without being read (default 16 MiB).
    pub max_input_bytes: Option<u64>,
    /// How many shards the job is split into; with `JOB_COMPLETION_INDEX` (Kubernetes Indexed
    /// Job) or `SLURM_ARRAY_TASK_ID` (Slurm array) each copy takes its own shard.
    pub shards: Option<u32>,
    /// Publication conventions the structurer recognises.
    pub structure: StructureConfig,
    /// EPUB (and XHTML stylesheet) settings.
    pub epub: EpubConfig,
}

/// The `epub:` section.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EpubConfig {
    /// One book per input folder that directly holds articles, instead of one per article.
    pub collection: Option<bool>,
    /// Vertical writing (right-to-left columns); also sets the XHTML stylesheet vertical.
    pub vertical: Option<bool>,
    /// `dc:language` of the books (a tag or `auto`); defaults to the top-level `language`.
    pub language: Option<String>,
    /// Embed a subset of the body font (`pdf.body_font`) holding the glyphs each book uses.
    pub embed_font: Option<bool>,
}

/// One entry of `encoding_rules:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncodingRule {
    /// A glob matched against the source path as reported and against its path relative to
    /// the input folder, e.g. `sogou/**` or `**/*.big5.txt`.
    pub glob: String,
    /// The encoding for matching files (any value `encoding` takes).
    pub encoding: String,
}

/// The `normalize:` section: each step of [`crate::text::normalize::NormalizeOptions`] on or off.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeConfig {
    /// CRLF, CR and Unicode line separators → LF (default on).
    pub newlines: Option<bool>,
    /// Remove control characters (default on).
    pub control_chars: Option<bool>,
    /// Remove zero-width characters and BOMs inside the text (default on).
    pub zero_width: Option<bool>,
    /// Remove HTML tags and comments, block tags becoming line breaks (default on).
    pub markup: Option<bool>,
    /// Decode HTML character references (default on).
    pub entities: Option<bool>,
    /// Trim trailing white space (default on).
    pub trailing_space: Option<bool>,
    /// Strip leading indentation (default on).
    pub indentation: Option<bool>,
    /// Collapse runs of blank lines (default on).
    pub blank_lines: Option<bool>,
    /// Narrow full-width ASCII letters and digits (default off).
    pub narrow_fullwidth: Option<bool>,
}

/// The `structure:` section: the patterns that vary by publication. Each list, when given,
/// *replaces* the built-in one (see `newsbind::structure::rules` for the defaults), so a
/// user can add a paper's conventions by copying the default list and extending it.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StructureConfig {
    /// Who files datelines: `本报`, `新华社`, `中广网`…
    pub agencies: Option<Vec<String>>,
    /// Words that introduce reporters' names: `本报记者`, `记者`, `通讯员`…
    pub byline_roles: Option<Vec<String>>,
    /// Marks that open a byline line: `□`, `■`.
    pub byline_marks: Option<Vec<String>>,
    /// Labels of trailing credits, by kind.
    pub credits: CreditsConfig,
    /// Whole texts that mark a non-article page: `广告`, `图片报道`.
    pub placeholders: Option<Vec<String>>,
}

/// `structure.credits`: the labels (before `：`) of each kind of trailing credit.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CreditsConfig {
    /// `责任编辑`, `责编`, `编辑`.
    pub editor: Option<Vec<String>>,
    /// `来源`, `稿件来源`.
    pub source: Option<Vec<String>>,
    /// `原标题`.
    pub original_title: Option<Vec<String>>,
    /// Whole end marks such as `完`.
    pub end: Option<Vec<String>>,
    /// `制图`, `本期统筹`.
    pub other: Option<Vec<String>>,
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
    /// Line-breaking prohibitions (禁则): `none`, `basic` (default) or `strict`.
    pub kinsoku: Option<String>,
    /// The font for body text.
    pub body_font: FontConfig,
    /// The font for the headline and other display lines.
    pub heading_font: FontConfig,
    /// A font for characters neither of the others has (none by default).
    pub fallback_font: FontConfig,
    /// The archival standard: `pdf-a-1b` (default) or `none`.
    pub archival: Option<String>,
}

/// How to find one font: a file (with a face index for collections) or a family name, and
/// optionally another face for the articles of each other region.
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
    /// The face for Traditional Chinese (Taiwan: `zh-TW`, `zh-Hant`) articles; by default the
    /// same family in its TC form.
    pub traditional: Option<FaceConfig>,
    /// The face for Hong Kong (`zh-HK`, `zh-MO`) articles; by default the HK form.
    pub hongkong: Option<FaceConfig>,
    /// The face for Japanese (`ja`) articles; by default the JP form.
    pub japanese: Option<FaceConfig>,
}

/// One region's face: a family (its style defaults to the main face's) or a file.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaceConfig {
    /// Family name looked up among the system's fonts.
    pub family: Option<String>,
    /// Style looked up with the family.
    pub style: Option<String>,
    /// A font file; wins over `family`.
    pub path: Option<PathBuf>,
    /// Face index inside a collection file (`.ttc`).
    pub index: Option<u32>,
}

/// The `auto_language:` section: the tag `language: auto` gives each script.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AutoLanguageConfig {
    /// Simplified Chinese articles (default `zh-CN`).
    pub simplified: Option<String>,
    /// Traditional Chinese articles (default `zh-TW`; `zh-HK` for a Hong Kong archive).
    pub traditional: Option<String>,
    /// Articles with no character that tells (default `zh-CN`).
    pub undecided: Option<String>,
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
        serde_yaml::from_str(text).map_err(|e| {
            let mut message = e.to_string();
            if message.contains("unknown field `") {
                message.push_str("; fix or remove the key (`newsbind init` writes every key)");
            }
            Error::Config {
                path: path.to_path_buf(),
                message,
            }
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
    fn encoding_rules_lossy_and_normalize_switches_parse() {
        let c = Config::parse(
            "encoding: auto\nencoding_rules:\n  - {glob: \"sogou/**\", encoding: gbk}\n\
             lossy: true\nnormalize:\n  narrow_fullwidth: true\n  entities: false\n",
            Path::new("c.yaml"),
        )
        .unwrap();
        assert_eq!(c.encoding_rules.len(), 1);
        assert_eq!(c.encoding_rules[0].glob, "sogou/**");
        assert_eq!(c.lossy, Some(true));
        assert_eq!(c.normalize.narrow_fullwidth, Some(true));
        assert_eq!(c.normalize.entities, Some(false));
        assert_eq!(c.normalize.newlines, None);
        let err = Config::parse("normalize:\n  nfkc: true\n", Path::new("c.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("nfkc"), "{err}");
    }

    #[test]
    fn the_shipped_config_parses_and_keeps_the_defaults() {
        let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/config.yaml"));
        let c = Config::load(path).unwrap();
        assert_eq!(c.lossy, Some(false));
        assert!(c.encoding_rules.is_empty());
        assert_eq!(c.normalize.narrow_fullwidth, Some(false));
        assert_eq!(c.max_input_bytes, Some(16 * 1024 * 1024));
    }

    #[test]
    fn epub_section_parses_and_rejects_typos() {
        let c = Config::parse(
            "epub:\n  collection: true\n  vertical: true\n  language: zh-TW\n",
            Path::new("c.yaml"),
        )
        .unwrap();
        assert_eq!(c.epub.collection, Some(true));
        assert_eq!(c.epub.vertical, Some(true));
        assert_eq!(c.epub.language.as_deref(), Some("zh-TW"));
        let err = Config::parse("epub:\n  colection: true\n", Path::new("c.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("colection"), "{err}");
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
