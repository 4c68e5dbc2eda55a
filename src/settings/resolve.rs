//! Resolution of defaults < `config.yaml` < command line into [`Options`], the only settings
//! type that travels past `app`. Each stage and writer defines its own options type; this
//! module fills them in. Invariant: nothing here reads a file but the config (and
//! `SOURCE_DATE_EPOCH` and the shard variables from the environment).

use crate::batch::options::{BatchOptions, Options, DEFAULT_MAX_INPUT_BYTES};
use crate::cli::{CommonArgs, ConvertArgs};
use crate::model::diag::Error;
use crate::read::{ReadOptions, TextOptions};
use crate::settings::config::{Config, StructureConfig};
use crate::settings::overrides::{apply_language, resolve_overrides};
use crate::settings::script::{auto_language, font_spec, language_choice, regional_fonts};
use crate::settings::shard::resolve_shard;
use crate::structure::rules::{RuleLists, Rules};
use crate::text::decode::EncodingChoice;
use crate::text::normalize::NormalizeOptions;
use crate::writer::epub::EpubOptions;
use crate::writer::pdf::{Archival, PdfOptions, NEWSBIND_PDF_COMPRESSION};
use crate::writer::xhtml::XhtmlOptions;
use crate::writer::{Format, WriterOptions};
use std::path::Path;
use std::str::FromStr;

/// The structurer's conventions from `config.yaml`'s `structure:` section, the built-in ones
/// where it is silent.
pub fn rules(c: &StructureConfig) -> Rules {
    Rules::from_lists(RuleLists {
        agencies: c.agencies.as_deref(),
        byline_roles: c.byline_roles.as_deref(),
        byline_marks: c.byline_marks.as_deref(),
        editor: c.credits.editor.as_deref(),
        source: c.credits.source.as_deref(),
        original_title: c.credits.original_title.as_deref(),
        other: c.credits.other.as_deref(),
        end: c.credits.end.as_deref(),
        placeholders: c.placeholders.as_deref(),
    })
}

/// The read path's options for `inspect` and `convert`: text, rules and the overrides.
pub fn resolve_read(
    common: &CommonArgs,
    config: &Config,
    overrides: crate::read::overrides::Overrides,
) -> Result<ReadOptions, Error> {
    Ok(ReadOptions {
        text: resolve_text(common, config)?,
        rules: rules(&config.structure),
        overrides,
    })
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
            markup: n.markup.unwrap_or(d.markup),
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
    let auto = auto_language(&config.auto_language)?;
    let language = language_choice(config.language.as_deref(), &auto, "language")?;
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
    let archival = match &pc.archival {
        None => Archival::default(),
        Some(a) => Archival::parse(a).ok_or_else(|| {
            Error::Usage(format!(
                "unknown pdf.archival `{a}`, expected one of pdf-a-1b, none"
            ))
        })?,
    };
    let overrides = resolve_overrides(&args.overrides)?;
    let body_font = font_spec(&pc.body_font, "Noto Serif CJK SC", "Regular");
    let heading_font = font_spec(&pc.heading_font, "Noto Sans CJK SC", "Bold");
    let mut write = WriterOptions {
        formats,
        xhtml: XhtmlOptions {
            language: language.clone(),
            vertical,
        },
        epub: EpubOptions {
            language: match &config.epub.language {
                Some(v) => language_choice(Some(v), &auto, "epub.language")?,
                None => language.clone(),
            },
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
            archival,
            regional_fonts: regional_fonts(
                (&pc.body_font, &body_font),
                (&pc.heading_font, &heading_font),
            ),
            body_font,
            heading_font,
            language,
            epoch,
            compression: NEWSBIND_PDF_COMPRESSION,
            fallback_font: (pc.fallback_font.family.is_some() || pc.fallback_font.path.is_some())
                .then(|| font_spec(&pc.fallback_font, "Noto Sans CJK SC", "Regular")),
            kinsoku,
        },
    };
    apply_language(overrides.lang.as_deref(), &mut write);
    Ok(Options {
        inputs,
        output,
        jobs,
        read: resolve_read(&args.common, config, overrides)?,
        write,
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSpec;

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

    use crate::model::Source;
    use std::path::PathBuf;

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
        assert_eq!(o.write.formats, vec![Format::Xhtml]);
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
        assert_eq!(o.write.pdf.kinsoku, crate::layout::Kinsoku::Strict);
        assert!((o.write.pdf.page_width - 176.0 * 72.0 / 25.4).abs() < 0.01);
        assert_eq!(
            o.write.pdf.fallback_font,
            Some(FontSpec::Family {
                family: "Noto Sans CJK SC".into(),
                style: "Regular".into()
            })
        );
        let defaults = resolve_convert(&ConvertArgs::default(), &Config::default()).unwrap();
        assert_eq!(defaults.write.pdf.kinsoku, crate::layout::Kinsoku::Basic);
        assert_eq!(defaults.write.pdf.fallback_font, None);
        let bad = Config::parse("pdf: {kinsoku: loose}\n", std::path::Path::new("c.yaml")).unwrap();
        let e = resolve_convert(&ConvertArgs::default(), &bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("loose") && e.contains("strict"), "{e}");
    }
    #[test]
    fn a_paper_s_conventions_come_from_config_yaml() {
        let c = Config::parse(
            "structure:\n  agencies: [豫视频]\n  credits:\n    editor: [监审]\n",
            Path::new("c.yaml"),
        )
        .unwrap();
        let rules = rules(&c.structure);
        use crate::structure::{structure_with, SourceMeta};
        let meta = SourceMeta {
            source: "a.txt".into(),
            stem: "a".into(),
            encoding: "UTF-8".into(),
        };
        let text = "标题\n　　豫视频郑州6月1日电　正文。\n　　监审：王五";
        let a = structure_with(text, &meta, &rules).article;
        assert_eq!(a.dateline.unwrap().agency.as_deref(), Some("豫视频"));
        assert_eq!(a.credits[0].kind, crate::model::CreditKind::Editor);
        // With the defaults, neither is recognised.
        let a = structure_with(text, &meta, Rules::builtin()).article;
        assert!(a.dateline.is_none());
        assert!(a.credits.is_empty());
    }

    #[test]
    fn a_misspelt_structure_key_is_an_error() {
        let e = Config::parse("structure:\n  agency: [x]\n", Path::new("c.yaml")).unwrap_err();
        assert!(e.to_string().contains("agency"), "{e}");
    }

    #[test]
    fn a_known_configuration_has_a_known_hash() {
        // The manifest's configuration hash must not move when a dependency or the Debug
        // output of a type does: it hashes an explicit text (batch::fingerprint). If this
        // fails after a deliberate change of that text, bump fingerprint::VERSION.
        let config = Config::parse(
            "formats: [epub, pdf]\nlanguage: zh-CN\nencoding_rules:\n  - {glob: \"sogou/**\", encoding: gbk}\n\
             pdf: {paper: A5, kinsoku: strict}\nstructure: {agencies: [本报, 新华社]}\n",
            Path::new("c.yaml"),
        )
        .unwrap();
        let mut o = resolve_convert(&ConvertArgs::default(), &config).unwrap();
        o.write.epub.epoch = None; // SOURCE_DATE_EPOCH of the environment running the test
        o.write.pdf.epoch = None;
        let text = crate::batch::fingerprint::canonical(&o);
        assert!(
            text.starts_with("newsbind-config 1\ntext.encoding=auto\n"),
            "{text}"
        );
        assert!(
            text.contains("\ntext.encoding_rule=sogou/** gbk\n"),
            "{text}"
        );
        assert!(
            text.contains("\nstructure.agencies=新华社\u{1f}本报\n"),
            "{text}"
        );
        assert!(text.contains("\npdf.kinsoku=strict\n"), "{text}");
        assert!(
            text.contains("\nstructure.credit=责任编辑 editor\n"),
            "{text}"
        );
        assert_eq!(
            crate::batch::fingerprint::config_hash(&o),
            "71b0aebe80dcce23e6f5bf1d6efb3b1c367aa1b867d8254ca15ba62d57bf9ed7"
        );
        // What only steers the run is not in it.
        let mut other = o.clone();
        other.jobs = 7;
        other.output = "elsewhere".into();
        other.batch.force = true;
        assert_eq!(crate::batch::fingerprint::canonical(&other), text);
        other.write.pdf.leading = 1.8;
        assert_ne!(crate::batch::fingerprint::canonical(&other), text);
    }
}
