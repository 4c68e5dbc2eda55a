//! Resolution of defaults < `config.yaml` < command line into [`Options`], the only settings
//! type that travels past `main`. Each writer gets its own small options struct from here.

use crate::cli::{CommonArgs, ConvertArgs};
use crate::settings::config::{Config, FontConfig};
use crate::text::decode::{DecodeOptions, EncodingChoice};
use crate::batch::discover::{Shard, Source};
use crate::model::diag::Error;
use crate::text::normalize::NormalizeOptions;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// An EPUB 3 book per article.
    Epub,
    /// The article's XHTML content document, standalone.
    Xhtml,
    /// A typeset PDF per article.
    Pdf,
    /// The article model as JSON.
    Json,
}

impl Format {
    /// Every format, in the order outputs are listed.
    pub const ALL: [Format; 4] = [Format::Epub, Format::Xhtml, Format::Pdf, Format::Json];

    /// The format's name, which is also its file extension.
    pub fn name(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Xhtml => "xhtml",
            Format::Pdf => "pdf",
            Format::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let s = s.trim();
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "unknown format `{s}`, expected one of epub, xhtml, pdf, json"
                ))
            })
    }
}

/// Paper sizes the PDF writer knows, in millimetres (width, height).
pub fn paper_size_mm(name: &str) -> Option<(f32, f32)> {
    match name.to_ascii_uppercase().as_str() {
        "A4" => Some((210.0, 297.0)),
        "A5" => Some((148.0, 210.0)),
        "B5" => Some((176.0, 250.0)),
        _ => None,
    }
}

/// How to find one font.
#[derive(Debug, Clone, PartialEq)]
pub enum FontSpec {
    /// A file and the face index inside it.
    Path {
        /// The font file.
        path: PathBuf,
        /// Face index in a collection.
        index: u32,
    },
    /// A family (and style) looked up among the system's fonts.
    Family {
        /// Family name, e.g. `Noto Serif CJK SC`.
        family: String,
        /// Style, e.g. `Regular`.
        style: String,
    },
}

impl FontSpec {
    fn resolve(c: &FontConfig, default_family: &str, default_style: &str) -> FontSpec {
        match &c.path {
            Some(path) => FontSpec::Path {
                path: path.clone(),
                index: c.index.unwrap_or(0),
            },
            None => FontSpec::Family {
                family: c.family.clone().unwrap_or_else(|| default_family.into()),
                style: c.style.clone().unwrap_or_else(|| default_style.into()),
            },
        }
    }
}

/// Deflate level for PDF streams: measured in docs/performance.md.
pub const NEWSBIND_PDF_COMPRESSION: u32 = 6;

/// Settings of the PDF writer and its layout.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfOptions {
    /// Page width in points.
    pub page_width: f32,
    /// Page height in points.
    pub page_height: f32,
    /// Margin on every side in points.
    pub margin: f32,
    /// Body text size in points.
    pub body_size: f32,
    /// Headline size in points.
    pub headline_size: f32,
    /// Line height as a multiple of the text size.
    pub leading: f32,
    /// Body font.
    pub body_font: FontSpec,
    /// Headline font.
    pub heading_font: FontSpec,
    /// Language tag for the document catalog and metadata.
    pub language: String,
    /// Creation/modification time (Unix seconds) from `SOURCE_DATE_EPOCH`.
    pub epoch: Option<i64>,
    /// Deflate level (0–9) for the PDF's streams.
    pub compression: u32,
    /// Font for characters neither face has (`pdf.fallback_font`); none unless configured.
    pub fallback_font: Option<FontSpec>,
    /// Line-breaking prohibitions (`pdf.kinsoku`).
    pub kinsoku: crate::layout::Kinsoku,
}

/// Settings of the EPUB writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpubOptions {
    /// `dc:language` and the content documents' `lang`.
    pub language: String,
    /// `dcterms:modified` (Unix seconds) from `SOURCE_DATE_EPOCH`; when unset a value derived
    /// from the article is used, never the clock.
    pub epoch: Option<i64>,
    /// Vertical writing (`writing-mode: vertical-rl`, spine `page-progression-direction="rtl"`).
    pub vertical: bool,
    /// One book per input folder instead of one per article.
    pub collection: bool,
    /// Embed a subset of the PDF body font (`pdf.body_font`) in each book.
    pub embed_font: bool,
}

/// Settings of the XHTML writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XhtmlOptions {
    /// The documents' `lang` and `xml:lang`.
    pub language: String,
    /// Whether the stylesheet beside the documents sets them vertically.
    pub vertical: bool,
}

/// Everything a run needs, resolved.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files or folders to read.
    pub inputs: Vec<PathBuf>,
    /// Output root.
    pub output: PathBuf,
    /// Formats to write, without duplicates, in [`Format::ALL`] order.
    pub formats: Vec<Format>,
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// Decoding rules per file, lossy mode and normalisation switches.
    pub text: TextOptions,
    /// XHTML writer settings.
    pub xhtml: XhtmlOptions,
    /// EPUB writer settings.
    pub epub: EpubOptions,
    /// PDF writer settings.
    pub pdf: PdfOptions,
    /// How the batch runs (incremental, sharding, limits, reporting); nothing here changes an
    /// output's bytes.
    pub batch: BatchOptions,
    /// The structurer's publication conventions.
    pub structure: crate::structure::Rules,
    /// `--title`/`--author`/`--date`/`--lang`; the language is already in the writers'
    /// options, the rest is applied to the article after structure.
    pub overrides: crate::settings::overrides::Overrides,
}

/// The default `max_input_bytes`: 16 MiB, far above any article.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Settings of the batch run itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOptions {
    /// Convert even the sources the manifest says are unchanged.
    pub force: bool,
    /// Delete the outputs of sources that are gone.
    pub prune: bool,
    /// Only list what would be done.
    pub dry_run: bool,
    /// Warnings count as failures.
    pub strict: bool,
    /// Also write the report here.
    pub report: Option<PathBuf>,
    /// This run's slice of the sources.
    pub shard: Option<Shard>,
    /// Larger sources fail without being read.
    pub max_input_bytes: u64,
    /// Show a progress bar (stderr is a terminal and not `--quiet`).
    pub progress: bool,
}

/// Which shard this copy is: `--shard I/N` wins; otherwise, with a shard count (flag or
/// config, or `SLURM_ARRAY_TASK_COUNT`), the index comes from `JOB_COMPLETION_INDEX`
/// (Kubernetes, 0-based) or `SLURM_ARRAY_TASK_ID` (counted from `SLURM_ARRAY_TASK_MIN`).
/// `env` looks up an environment variable.
pub fn resolve_shard(
    flag: Option<&str>,
    count: Option<u32>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Shard>, Error> {
    if let Some(text) = flag {
        return Shard::parse(text).map(Some);
    }
    let number = |name: &str| -> Result<Option<u32>, Error> {
        match env(name).filter(|v| !v.trim().is_empty()) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| Error::Usage(format!("{name} must be a whole number, got `{v}`"))),
        }
    };
    let count = match count {
        Some(n) => Some(n),
        None => number("SLURM_ARRAY_TASK_COUNT")?,
    };
    let Some(count) = count else {
        return Ok(None);
    };
    let zero_based = if let Some(i) = number("JOB_COMPLETION_INDEX")? {
        i
    } else if let Some(i) = number("SLURM_ARRAY_TASK_ID")? {
        i.checked_sub(number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0))
            .ok_or_else(|| {
                Error::Usage("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN".into())
            })?
    } else {
        return Err(Error::Usage(format!(
            "{count} shards are configured but nothing says which one this is: \
             pass --shard I/N or set JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID"
        )));
    };
    Shard::new(zero_based + 1, count).map(Some)
}

/// Loads the config named on the command line, or `config.yaml` when it exists, or defaults.
pub fn load_config(common: &CommonArgs) -> Result<Config, Error> {
    match &common.config {
        Some(path) => Config::load(path),
        None => {
            let default = Path::new("config.yaml");
            if default.is_file() {
                Config::load(default)
            } else {
                Ok(Config::default())
            }
        }
    }
}

/// Parses a comma-separated format list.
pub fn parse_formats(list: &str) -> Result<Vec<Format>, Error> {
    let mut formats = list
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(Format::from_str)
        .collect::<Result<Vec<_>, _>>()?;
    if formats.is_empty() {
        return Err(Error::Usage(
            "no format given, expected one or more of epub, xhtml, pdf, json".into(),
        ));
    }
    formats.sort();
    formats.dedup();
    Ok(formats)
}

/// Reads `SOURCE_DATE_EPOCH` (the reproducible-builds convention).
fn source_date_epoch() -> Result<Option<i64>, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v.trim().parse().map(Some).map_err(|_| {
            Error::Usage(format!(
                "SOURCE_DATE_EPOCH must be whole seconds since 1970, got `{v}`"
            ))
        }),
        _ => Ok(None),
    }
}

/// Resolves the encoding choice from the flag, then the config, then `auto`.
pub fn resolve_encoding(common: &CommonArgs, config: &Config) -> Result<EncodingChoice, Error> {
    let name = common
        .encoding
        .as_deref()
        .or(config.encoding.as_deref())
        .unwrap_or("auto");
    EncodingChoice::from_str(name)
}

/// How sources become text: the encoding for each file, lossy mode, normalisation.
#[derive(Debug, Clone, Default)]
pub struct TextOptions {
    /// The encoding for files no rule matches (or for every file, when forced by the flag).
    pub encoding: EncodingChoice,
    /// `encoding_rules` from the config, in order: the first match wins. Empty when
    /// `--encoding` was given.
    pub rules: Vec<(globset::GlobMatcher, EncodingChoice)>,
    /// Replace malformed bytes instead of failing.
    pub lossy: bool,
    /// Normalisation steps.
    pub normalize: NormalizeOptions,
}

impl TextOptions {
    /// The decoding options for one source: the first rule whose glob matches the source path
    /// as reported or its path relative to the input folder, else the default.
    pub fn decode_for(&self, source: &Source) -> DecodeOptions {
        let relative = match source.path.extension() {
            Some(ext) => format!("{}.{}", source.stem, ext.to_string_lossy()),
            None => source.stem.clone(),
        };
        let choice = self
            .rules
            .iter()
            .find(|(glob, _)| glob.is_match(&source.display) || glob.is_match(&relative))
            .map_or(self.encoding, |(_, choice)| *choice);
        DecodeOptions {
            choice,
            lossy: self.lossy,
        }
    }
}

/// Resolves encoding, rules, lossy mode and normalisation from the flags and the config.
pub fn resolve_text(common: &CommonArgs, config: &Config) -> Result<TextOptions, Error> {
    let encoding = resolve_encoding(common, config)?;
    let rules = if common.encoding.is_some() {
        Vec::new()
    } else {
        config
            .encoding_rules
            .iter()
            .map(|rule| {
                let glob = globset::GlobBuilder::new(&rule.glob)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        Error::Usage(format!("encoding_rules: bad glob `{}`: {e}", rule.glob))
                    })?;
                Ok((
                    glob.compile_matcher(),
                    EncodingChoice::from_str(&rule.encoding)?,
                ))
            })
            .collect::<Result<Vec<_>, Error>>()?
    };
    let n = &config.normalize;
    let d = NormalizeOptions::default();
    Ok(TextOptions {
        encoding,
        rules,
        lossy: common.lossy || config.lossy.unwrap_or(false),
        normalize: NormalizeOptions {
            newlines: n.newlines.unwrap_or(d.newlines),
            control_chars: n.control_chars.unwrap_or(d.control_chars),
            zero_width: n.zero_width.unwrap_or(d.zero_width),
            entities: n.entities.unwrap_or(d.entities),
            trailing_space: n.trailing_space.unwrap_or(d.trailing_space),
            indentation: n.indentation.unwrap_or(d.indentation),
            blank_lines: n.blank_lines.unwrap_or(d.blank_lines),
            narrow_fullwidth: n.narrow_fullwidth.unwrap_or(d.narrow_fullwidth),
        },
    })
}

/// Resolves a `convert` invocation.
pub fn resolve_convert(args: &ConvertArgs, config: &Config) -> Result<Options, Error> {
    let inputs = if args.paths.is_empty() {
        vec![config.input.clone().unwrap_or_else(|| "input".into())]
    } else {
        args.paths.clone()
    };
    let output = args
        .output
        .clone()
        .or_else(|| config.output.clone())
        .unwrap_or_else(|| "output".into());
    let formats = match (&args.formats, &config.formats) {
        (Some(list), _) => parse_formats(list)?,
        (None, Some(list)) => parse_formats(&list.join(","))?,
        (None, None) => vec![Format::Epub, Format::Pdf],
    };
    let jobs = args.jobs.or(config.jobs).unwrap_or(0);
    let language = config.language.clone().unwrap_or_else(|| "zh-CN".into());
    let epoch = source_date_epoch()?;
    let vertical = args.vertical || config.epub.vertical.unwrap_or(false);
    let pc = &config.pdf;
    let paper = pc.paper.clone().unwrap_or_else(|| "A5".into());
    let (w_mm, h_mm) = paper_size_mm(&paper).ok_or_else(|| {
        Error::Usage(format!(
            "unknown paper size `{paper}`, expected one of A4, A5, B5"
        ))
    })?;
    const PT_PER_MM: f32 = 72.0 / 25.4;
    let margin_mm = pc.margin_mm.unwrap_or(16.0);
    let body_size = pc.body_size_pt.unwrap_or(10.5);
    let headline_size = pc.headline_size_pt.unwrap_or(18.0);
    let leading = pc.leading.unwrap_or(1.7);
    let positive = |name: &str, v: f32| {
        if v.is_finite() && v > 0.0 {
            Ok(())
        } else {
            Err(Error::Usage(format!(
                "pdf.{name} must be a positive number"
            )))
        }
    };
    positive("margin_mm", margin_mm)?;
    positive("body_size_pt", body_size)?;
    positive("headline_size_pt", headline_size)?;
    positive("leading", leading)?;
    let kinsoku = match &pc.kinsoku {
        None => crate::layout::Kinsoku::default(),
        Some(k) => crate::layout::Kinsoku::parse(k).ok_or_else(|| {
            Error::Usage(format!(
                "unknown pdf.kinsoku `{k}`, expected one of none, basic, strict"
            ))
        })?,
    };
    // Beyond these, coordinates leave what PDF readers can represent (1e38 pt type made
    // qpdf reject the file); no page design needs them.
    let at_most = |name: &str, v: f32, max: f32| {
        if v <= max {
            Ok(())
        } else {
            Err(Error::Usage(format!("pdf.{name} must be at most {max}")))
        }
    };
    at_most("body_size_pt", body_size, 144.0)?;
    at_most("headline_size_pt", headline_size, 400.0)?;
    at_most("leading", leading, 10.0)?;
    if margin_mm * 2.0 + 40.0 > w_mm.min(h_mm) {
        return Err(Error::Usage(format!(
            "pdf.margin_mm {margin_mm} leaves no room on {paper} paper"
        )));
    }
    let overrides = args.overrides.resolve()?;
    let mut opts = Options {
        inputs,
        output,
        formats,
        jobs,
        text: resolve_text(&args.common, config)?,
        batch: BatchOptions {
            force: args.force,
            prune: args.prune,
            dry_run: args.dry_run,
            strict: args.strict,
            report: args.report.clone(),
            shard: resolve_shard(
                args.shard.as_deref(),
                args.shards.or(config.shards),
                |name| std::env::var(name).ok(),
            )?,
            max_input_bytes: args
                .max_input_bytes
                .or(config.max_input_bytes)
                .unwrap_or(DEFAULT_MAX_INPUT_BYTES),
            progress: crate::batch::progress::wanted(args.quiet),
        },
        xhtml: XhtmlOptions {
            language: language.clone(),
            vertical,
        },
        epub: EpubOptions {
            language: config
                .epub
                .language
                .clone()
                .unwrap_or_else(|| language.clone()),
            epoch,
            vertical,
            collection: args.collection || config.epub.collection.unwrap_or(false),
            embed_font: args.embed_font || config.epub.embed_font.unwrap_or(false),
        },
        pdf: PdfOptions {
            page_width: w_mm * PT_PER_MM,
            page_height: h_mm * PT_PER_MM,
            margin: margin_mm * PT_PER_MM,
            body_size,
            headline_size,
            leading,
            body_font: FontSpec::resolve(&pc.body_font, "Noto Serif CJK SC", "Regular"),
            heading_font: FontSpec::resolve(&pc.heading_font, "Noto Sans CJK SC", "Bold"),
            language,
            epoch,
            compression: NEWSBIND_PDF_COMPRESSION,
            fallback_font: (pc.fallback_font.family.is_some() || pc.fallback_font.path.is_some())
                .then(|| FontSpec::resolve(&pc.fallback_font, "Noto Sans CJK SC", "Regular")),
            kinsoku,
        },
        structure: crate::structure::Rules::from_config(&config.structure),
        overrides,
    };
    opts.overrides.clone().apply_language(&mut opts);
    Ok(opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_typos_name_the_choices() {
        let e = parse_formats("epub,epbu").unwrap_err().to_string();
        assert_eq!(
            e,
            "unknown format `epbu`, expected one of epub, xhtml, pdf, json"
        );
    }

    #[test]
    fn formats_are_deduplicated_in_canonical_order() {
        assert_eq!(
            parse_formats("pdf, epub,pdf").unwrap(),
            vec![Format::Epub, Format::Pdf]
        );
    }

    fn source(display: &str, stem: &str) -> Source {
        Source {
            path: display.into(),
            display: display.into(),
            stem: stem.into(),
        }
    }

    #[test]
    fn the_first_matching_encoding_rule_wins_and_the_flag_overrides_rules() {
        let config = Config::parse(
            "encoding: utf-8\nencoding_rules:\n  - {glob: \"sogou/**\", encoding: gbk}\n  \
             - {glob: \"**/*.b5.txt\", encoding: big5}\n  - {glob: \"sogou/x/**\", encoding: big5}\n",
            Path::new("c.yaml"),
        )
        .unwrap();
        let t = resolve_text(&CommonArgs::default(), &config).unwrap();
        let choice = |s: &Source| t.decode_for(s).choice;
        assert_eq!(
            choice(&source("in/sogou/x/1.txt", "sogou/x/1")),
            EncodingChoice::Gbk
        );
        assert_eq!(
            choice(&source("in/tw/a.b5.txt", "tw/a.b5")),
            EncodingChoice::Big5
        );
        assert_eq!(choice(&source("in/a.txt", "a")), EncodingChoice::Utf8);
        let forced = CommonArgs {
            encoding: Some("gb18030".into()),
            lossy: true,
            ..CommonArgs::default()
        };
        let t = resolve_text(&forced, &config).unwrap();
        let d = t.decode_for(&source("in/sogou/1.txt", "sogou/1"));
        assert_eq!((d.choice, d.lossy), (EncodingChoice::Gb18030, true));
    }

    #[test]
    fn bad_rules_are_usage_errors() {
        for (yaml, needle) in [
            (
                "encoding_rules: [{glob: \"a/[\", encoding: gbk}]\n",
                "bad glob",
            ),
            (
                "encoding_rules: [{glob: \"a/**\", encoding: latin1}]\n",
                "latin1",
            ),
        ] {
            let config = Config::parse(yaml, Path::new("c.yaml")).unwrap();
            let e = resolve_text(&CommonArgs::default(), &config)
                .unwrap_err()
                .to_string();
            assert!(e.contains(needle), "{e}");
        }
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn shard_comes_from_the_flag_else_the_job_index_with_a_count() {
        let s = |flag, count, vars: &[(&str, &str)]| resolve_shard(flag, count, env(vars));
        assert_eq!(s(None, None, &[]).unwrap(), None);
        assert_eq!(
            s(Some("2/3"), Some(5), &[("JOB_COMPLETION_INDEX", "0")]).unwrap(),
            Some(Shard::new(2, 3).unwrap())
        );
        assert_eq!(
            s(None, Some(4), &[("JOB_COMPLETION_INDEX", "0")]).unwrap(),
            Some(Shard::new(1, 4).unwrap())
        );
        let slurm = [
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ];
        assert_eq!(
            s(None, None, &slurm).unwrap(),
            Some(Shard::new(3, 3).unwrap())
        );
        assert_eq!(
            s(None, None, &[("JOB_COMPLETION_INDEX", "1")]).unwrap(),
            None
        );
        let e = s(None, Some(3), &[]).unwrap_err().to_string();
        assert!(e.contains("which one"), "{e}");
        assert!(s(None, Some(3), &[("JOB_COMPLETION_INDEX", "3")]).is_err());
    }

    #[test]
    fn absurd_type_sizes_are_refused() {
        for (size, leading, ok) in [(10.5, 1.7, true), (144.0, 10.0, true), (1e38, 1.7, false)] {
            let config = Config {
                pdf: crate::settings::config::PdfConfig {
                    body_size_pt: Some(size),
                    leading: Some(leading),
                    ..Default::default()
                },
                ..Config::default()
            };
            let r = resolve_convert(&ConvertArgs::default(), &config);
            assert_eq!(r.is_ok(), ok, "{size} {leading}: {r:?}");
        }
        let config = Config {
            pdf: crate::settings::config::PdfConfig {
                leading: Some(11.0),
                ..Default::default()
            },
            ..Config::default()
        };
        let e = resolve_convert(&ConvertArgs::default(), &config).unwrap_err();
        assert!(
            e.to_string().contains("pdf.leading must be at most 10"),
            "{e}"
        );
    }

    #[test]
    fn cli_wins_over_config() {
        let config = Config {
            formats: Some(vec!["json".into()]),
            output: Some("from-config".into()),
            ..Config::default()
        };
        let args = ConvertArgs {
            formats: Some("xhtml".into()),
            ..ConvertArgs::default()
        };
        let o = resolve_convert(&args, &config).unwrap();
        assert_eq!(o.formats, vec![Format::Xhtml]);
        assert_eq!(o.output, PathBuf::from("from-config"));
        assert_eq!(o.inputs, vec![PathBuf::from("input")]);
    }

    #[test]
    fn pdf_kinsoku_and_fallback_font_come_from_config() {
        let config = Config::parse(
            "pdf:\n  kinsoku: strict\n  paper: B5\n  fallback_font: {family: Noto Sans CJK SC}\n",
            std::path::Path::new("c.yaml"),
        )
        .unwrap();
        let o = resolve_convert(&ConvertArgs::default(), &config).unwrap();
        assert_eq!(o.pdf.kinsoku, crate::layout::Kinsoku::Strict);
        assert!((o.pdf.page_width - 176.0 * 72.0 / 25.4).abs() < 0.01);
        assert_eq!(
            o.pdf.fallback_font,
            Some(FontSpec::Family {
                family: "Noto Sans CJK SC".into(),
                style: "Regular".into()
            })
        );
        let defaults = resolve_convert(&ConvertArgs::default(), &Config::default()).unwrap();
        assert_eq!(defaults.pdf.kinsoku, crate::layout::Kinsoku::Basic);
        assert_eq!(defaults.pdf.fallback_font, None);
        let bad = Config::parse("pdf: {kinsoku: loose}\n", std::path::Path::new("c.yaml")).unwrap();
        let e = resolve_convert(&ConvertArgs::default(), &bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("loose") && e.contains("strict"), "{e}");
    }
}
