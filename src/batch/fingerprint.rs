//! The configuration hash of the manifest: BLAKE3 of an explicit, versioned text listing every
//! setting that changes an output's bytes, one `key=value` line each, in a fixed order.
//!
//! Invariants: the text depends on no `Debug` output and on no dependency's formatting, so a
//! dependency update cannot invalidate every manifest; every options struct is destructured
//! field by field, so adding a setting without deciding whether it shapes outputs does not
//! compile; settings that only steer the run (inputs, output root, jobs, `BatchOptions`) are
//! left out. A deliberate change of the text bumps [`VERSION`].

use crate::batch::options::Options;
use crate::fonts::FontSpec;
use crate::layout::Kinsoku;
use crate::read::overrides::Overrides;
use crate::read::{ReadOptions, TextOptions};
use crate::structure::Rules;
use crate::text::decode::EncodingChoice;
use crate::text::normalize::NormalizeOptions;
use crate::writer::epub::EpubOptions;
use crate::writer::pdf::PdfOptions;
use crate::writer::xhtml::XhtmlOptions;
use crate::writer::WriterOptions;
use std::fmt::Write;

/// The first line of the text; bump it when the text of the same settings changes.
pub const VERSION: &str = "newsbind-config 1";

/// The hash recorded in each manifest entry: BLAKE3 of [`canonical`], hex.
pub fn config_hash(opts: &Options) -> String {
    blake3::hash(canonical(opts).as_bytes())
        .to_hex()
        .to_string()
}

/// The settings that shape outputs, as text.
pub fn canonical(opts: &Options) -> String {
    let mut out = format!("{VERSION}\n");
    let line = |out: &mut String, key: &str, value: &dyn std::fmt::Display| {
        let _ = writeln!(out, "{key}={value}");
    };
    let list = |items: &[String]| items.join("\u{1f}");
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());

    let ReadOptions {
        text,
        rules,
        overrides,
    } = &opts.read;
    let TextOptions {
        encoding,
        rules: encoding_rules,
        lossy,
        normalize,
    } = text;
    line(&mut out, "text.encoding", &encoding_name(*encoding));
    for (glob, choice) in encoding_rules {
        line(
            &mut out,
            "text.encoding_rule",
            &format!("{} {}", glob.glob().glob(), encoding_name(*choice)),
        );
    }
    line(&mut out, "text.lossy", lossy);
    let NormalizeOptions {
        newlines,
        control_chars,
        zero_width,
        markup,
        entities,
        trailing_space,
        indentation,
        blank_lines,
        narrow_fullwidth,
    } = normalize;
    for (key, value) in [
        ("newlines", newlines),
        ("control_chars", control_chars),
        ("zero_width", zero_width),
        ("markup", markup),
        ("entities", entities),
        ("trailing_space", trailing_space),
        ("indentation", indentation),
        ("blank_lines", blank_lines),
        ("narrow_fullwidth", narrow_fullwidth),
    ] {
        line(&mut out, &format!("normalize.{key}"), value);
    }
    let Rules {
        agencies,
        byline_roles,
        byline_marks,
        credit_labels,
        end_marks,
        placeholders,
        furniture,
    } = rules;
    line(&mut out, "structure.agencies", &list(agencies));
    line(&mut out, "structure.byline_roles", &list(byline_roles));
    line(&mut out, "structure.byline_marks", &list(byline_marks));
    for (label, kind) in credit_labels {
        let kind = serde_json::to_string(kind).expect("a credit kind serialises");
        let kind = kind.trim_matches('"');
        line(&mut out, "structure.credit", &format!("{label} {kind}"));
    }
    line(&mut out, "structure.end_marks", &list(end_marks));
    line(&mut out, "structure.placeholders", &list(placeholders));
    line(&mut out, "structure.furniture", &list(furniture));
    let Overrides {
        title,
        authors,
        date,
        lang,
    } = overrides;
    line(&mut out, "override.title", &opt(title));
    line(&mut out, "override.authors", &list(authors));
    line(&mut out, "override.date", &opt(date));
    line(&mut out, "override.lang", &opt(lang));

    let WriterOptions {
        formats,
        xhtml,
        epub,
        pdf,
    } = &opts.write;
    let names: Vec<String> = formats.iter().map(|f| f.name().to_string()).collect();
    line(&mut out, "formats", &names.join(","));
    let XhtmlOptions { language, vertical } = xhtml;
    line(&mut out, "xhtml.language", &language.describe());
    line(&mut out, "xhtml.vertical", vertical);
    let EpubOptions {
        language,
        epoch,
        vertical,
        collection,
        embed_font,
    } = epub;
    line(&mut out, "epub.language", &language.describe());
    line(&mut out, "epub.epoch", &epoch_text(*epoch));
    line(&mut out, "epub.vertical", vertical);
    line(&mut out, "epub.collection", collection);
    line(&mut out, "epub.embed_font", embed_font);
    let PdfOptions {
        page_width,
        page_height,
        margin,
        body_size,
        headline_size,
        leading,
        body_font,
        heading_font,
        language,
        epoch,
        compression,
        fallback_font,
        kinsoku,
        regional_fonts,
        archival,
    } = pdf;
    // Lengths to the thousandth of a point, well below what the layout can show.
    for (key, value) in [
        ("page_width", page_width),
        ("page_height", page_height),
        ("margin", margin),
        ("body_size", body_size),
        ("headline_size", headline_size),
        ("leading", leading),
    ] {
        line(&mut out, &format!("pdf.{key}"), &format!("{value:.3}"));
    }
    line(&mut out, "pdf.body_font", &font(Some(body_font)));
    line(&mut out, "pdf.heading_font", &font(Some(heading_font)));
    line(&mut out, "pdf.fallback_font", &font(fallback_font.as_ref()));
    line(&mut out, "pdf.language", &language.describe());
    line(&mut out, "pdf.archival", &archival.name());
    for (region, body, heading) in regional_fonts {
        line(
            &mut out,
            &format!("pdf.{}_fonts", region.suffix()),
            &format!("{} / {}", font(body.as_ref()), font(heading.as_ref())),
        );
    }
    line(&mut out, "pdf.epoch", &epoch_text(*epoch));
    line(&mut out, "pdf.compression", compression);
    let kinsoku = match kinsoku {
        Kinsoku::None => "none",
        Kinsoku::Basic => "basic",
        Kinsoku::Strict => "strict",
    };
    line(&mut out, "pdf.kinsoku", &kinsoku);
    out
}

fn epoch_text(epoch: Option<i64>) -> String {
    epoch.map_or_else(|| "-".into(), |e| e.to_string())
}

fn font(spec: Option<&FontSpec>) -> String {
    match spec {
        None => "-".into(),
        Some(FontSpec::Path { path, index }) => format!("path {} {index}", path.display()),
        Some(FontSpec::Family { family, style }) => format!("family {family} {style}"),
    }
}

fn encoding_name(choice: EncodingChoice) -> &'static str {
    match choice {
        EncodingChoice::Auto => "auto",
        EncodingChoice::Utf8 => "utf-8",
        EncodingChoice::Gbk => "gbk",
        EncodingChoice::Gb18030 => "gb18030",
        EncodingChoice::Big5 => "big5",
        EncodingChoice::Utf16Le => "utf-16le",
        EncodingChoice::Utf16Be => "utf-16be",
    }
}
