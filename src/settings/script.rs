//! How the articles of each script are written, from the config: the language tag
//! (`language: auto | TAG`, `auto_language:`, `epub.language:`) and the faces of each region
//! (`pdf.body_font.traditional`, …). Every tag is checked for BCP 47 shape.

use crate::fonts::FontSpec;
use crate::model::diag::Error;
use crate::read::overrides::is_language_tag;
use crate::settings::config::{AutoLanguageConfig, FaceConfig, FontConfig};
use crate::text::lang::{AutoLanguage, LanguageChoice, Region};

/// A font of the config, or the default family and style.
pub(super) fn font_spec(c: &FontConfig, default_family: &str, default_style: &str) -> FontSpec {
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

/// A region's face from the config: its own family or file, the style defaulting to the main
/// face's.
fn face_spec(c: &FaceConfig, main: &FontSpec) -> FontSpec {
    match (&c.path, &c.family) {
        (Some(path), _) => FontSpec::Path {
            path: path.clone(),
            index: c.index.unwrap_or(0),
        },
        (None, family) => {
            let (main_family, main_style) = match main {
                FontSpec::Family { family, style } => (family.clone(), style.clone()),
                FontSpec::Path { .. } => (String::new(), "Regular".into()),
            };
            FontSpec::Family {
                family: family.clone().unwrap_or(main_family),
                style: c.style.clone().unwrap_or(main_style),
            }
        }
    }
}

/// The faces configured per region (`traditional:`, `hongkong:`, `japanese:` under
/// `pdf.body_font` and `pdf.heading_font`).
pub(super) fn regional_fonts(
    body: (&FontConfig, &FontSpec),
    heading: (&FontConfig, &FontSpec),
) -> Vec<(Region, Option<FontSpec>, Option<FontSpec>)> {
    let of = |c: &FontConfig, region: Region| match region {
        Region::Taiwan => c.traditional.clone(),
        Region::HongKong => c.hongkong.clone(),
        Region::Japan => c.japanese.clone(),
        Region::Mainland => None,
    };
    Region::ALL
        .into_iter()
        .filter_map(|r| {
            let b = of(body.0, r).map(|f| face_spec(&f, body.1));
            let h = of(heading.0, r).map(|f| face_spec(&f, heading.1));
            (b.is_some() || h.is_some()).then_some((r, b, h))
        })
        .collect()
}

/// `language:` (or `epub.language:`): `auto` (the default) or a fixed tag.
pub(super) fn language_choice(
    value: Option<&str>,
    auto: &AutoLanguage,
    key: &str,
) -> Result<LanguageChoice, Error> {
    match value.map(str::trim) {
        None => Ok(LanguageChoice::Auto(auto.clone())),
        Some(v) if v.eq_ignore_ascii_case("auto") => Ok(LanguageChoice::Auto(auto.clone())),
        Some(v) if is_language_tag(v) => Ok(LanguageChoice::Fixed(v.to_string())),
        Some(v) => Err(Error::Usage(format!(
            "{key} `{v}` is neither `auto` nor a language tag; write e.g. auto, zh-CN or zh-TW"
        ))),
    }
}

/// `auto_language:`, each tag checked.
pub(super) fn auto_language(c: &AutoLanguageConfig) -> Result<AutoLanguage, Error> {
    let d = AutoLanguage::default();
    let tag = |v: &Option<String>, default: String, key: &str| match v {
        None => Ok(default),
        Some(t) if is_language_tag(t.trim()) => Ok(t.trim().to_string()),
        Some(t) => Err(Error::Usage(format!(
            "auto_language.{key} `{t}` is not a language tag; write e.g. zh-CN, zh-TW or zh-HK"
        ))),
    };
    Ok(AutoLanguage {
        simplified: tag(&c.simplified, d.simplified, "simplified")?,
        traditional: tag(&c.traditional, d.traditional, "traditional")?,
        undecided: tag(&c.undecided, d.undecided, "undecided")?,
    })
}
