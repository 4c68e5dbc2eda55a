//! Resolution of defaults < `config.yaml` < command line into [`Options`], the only settings
//! type that travels past `main`. Each writer gets its own small options struct from here.

use crate::cli::{CommonArgs, ConvertArgs};
use crate::config::{Config, FontConfig};
use crate::decode::EncodingChoice;
use crate::error::Error;
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
}

/// Settings of the EPUB writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpubOptions {
    /// `dc:language` and the content documents' `lang`.
    pub language: String,
    /// `dcterms:modified` (Unix seconds) from `SOURCE_DATE_EPOCH`; when unset a value derived
    /// from the article is used, never the clock.
    pub epoch: Option<i64>,
}

/// Settings of the XHTML writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XhtmlOptions {
    /// The documents' `lang` and `xml:lang`.
    pub language: String,
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
    /// How to decode sources.
    pub encoding: EncodingChoice,
    /// XHTML writer settings.
    pub xhtml: XhtmlOptions,
    /// EPUB writer settings.
    pub epub: EpubOptions,
    /// PDF writer settings.
    pub pdf: PdfOptions,
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
    Ok(Options {
        inputs,
        output,
        formats,
        jobs,
        encoding: resolve_encoding(&args.common, config)?,
        xhtml: XhtmlOptions {
            language: language.clone(),
        },
        epub: EpubOptions {
            language: language.clone(),
            epoch,
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
        },
    })
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

    #[test]
    fn absurd_type_sizes_are_refused() {
        for (size, leading, ok) in [(10.5, 1.7, true), (144.0, 10.0, true), (1e38, 1.7, false)] {
            let config = Config {
                pdf: crate::config::PdfConfig {
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
            pdf: crate::config::PdfConfig {
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
}
