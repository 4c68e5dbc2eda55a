//! Finding font files: a configured path, or a family looked up with fontconfig's `fc-match`,
//! with the Debian `fonts-noto-cjk` locations as a fallback when fontconfig is absent. Parsing
//! the font is the PDF writer's job; this module only says where it is.

use crate::error::Error;
use crate::options::FontSpec;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A located font face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontLocation {
    /// The font file.
    pub path: PathBuf,
    /// Face index in a collection.
    pub index: u32,
    /// The family the lookup returned (or the file name for a configured path).
    pub family: String,
}

const INSTALL_HINT: &str = "install the CJK fonts (`apt-get install fonts-noto-cjk`) or set \
                            pdf.body_font.path / pdf.heading_font.path in config.yaml";

/// Where Debian's `fonts-noto-cjk` puts its collections; the Simplified Chinese face of each is
/// index 2 (index 0 is Japanese, whose punctuation forms differ).
const NOTO_CJK_DIR: &str = "/usr/share/fonts/opentype/noto";

/// Locates a font.
pub fn locate(spec: &FontSpec) -> Result<FontLocation, Error> {
    match spec {
        FontSpec::Path { path, index } => {
            if path.is_file() {
                Ok(FontLocation {
                    path: path.clone(),
                    index: *index,
                    family: path.display().to_string(),
                })
            } else {
                Err(Error::Font(format!(
                    "font file {} does not exist; {INSTALL_HINT}",
                    path.display()
                )))
            }
        }
        FontSpec::Family { family, style } => fc_match(family, style)
            .or_else(|| noto_fallback(family, style))
            .ok_or_else(|| {
                Error::Font(format!(
                    "no font of family `{family}` ({style}) found; {INSTALL_HINT}"
                ))
            }),
    }
}

/// Escapes a config value for a fontconfig pattern, where `-` (size), `:` (property), `,`
/// (alternatives), `=` and `\` are syntax: the family and style from the config are taken
/// literally, never as pattern elements.
fn fc_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | '-' | ':' | ',' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The arguments of the `fc-match` call for a family and style.
fn fc_match_args(family: &str, style: &str) -> [String; 4] {
    [
        "-f".into(),
        "%{file}\n%{index}\n%{family}\n".into(),
        "--".into(),
        format!("{}:style={}", fc_escape(family), fc_escape(style)),
    ]
}

/// Asks fontconfig. It always answers with *some* font, so the family is checked.
///
/// The program name is fixed and the pattern goes after `--`, so a family from the config
/// that starts with `-` cannot be read as an option of `fc-match`.
fn fc_match(family: &str, style: &str) -> Option<FontLocation> {
    let out = Command::new("fc-match")
        .args(fc_match_args(family, style))
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let mut lines = text.lines();
    let (file, index, families) = (lines.next()?, lines.next()?, lines.next()?);
    let wanted = family.to_lowercase();
    families
        .split(',')
        .any(|f| f.trim().to_lowercase() == wanted)
        .then(|| FontLocation {
            path: file.into(),
            index: index.trim().parse().unwrap_or(0),
            family: family.to_string(),
        })
}

fn noto_fallback(family: &str, style: &str) -> Option<FontLocation> {
    let base = match family.to_lowercase().as_str() {
        "noto serif cjk sc" => "NotoSerifCJK",
        "noto sans cjk sc" => "NotoSansCJK",
        _ => return None,
    };
    let weight = if style.eq_ignore_ascii_case("bold") {
        "Bold"
    } else {
        "Regular"
    };
    let path = Path::new(NOTO_CJK_DIR).join(format!("{base}-{weight}.ttc"));
    path.is_file().then(|| FontLocation {
        path,
        index: 2,
        family: family.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_font_path_is_an_error_with_a_hint() {
        let e = locate(&FontSpec::Path {
            path: "/nonexistent/font.ttc".into(),
            index: 0,
        })
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("/nonexistent/font.ttc") && e.contains("fonts-noto-cjk"),
            "{e}"
        );
    }

    #[test]
    fn config_values_are_escaped_for_fontconfig_patterns() {
        assert_eq!(fc_escape("Noto Sans CJK SC"), "Noto Sans CJK SC");
        assert_eq!(fc_escape(r"-V:file=x,y\"), r"\-V\:file\=x\,y\\");
    }

    #[test]
    fn a_family_that_looks_like_an_option_is_looked_up_as_a_family() {
        let args = fc_match_args("--version", "Bold:file=x");
        assert_eq!(args[2..], ["--", r"\-\-version:style=Bold\:file\=x"]);
        for family in ["-V", "--help", "-s"] {
            assert!(fc_match(family, "Regular").is_none(), "{family}");
        }
        let found = fc_match("Noto Sans CJK SC", "Bold").expect("fonts-noto-cjk is installed");
        assert!(found.path.is_file());
    }

    #[test]
    fn an_unknown_family_is_not_silently_replaced() {
        let e = locate(&FontSpec::Family {
            family: "No Such Family 123".into(),
            style: "Regular".into(),
        });
        assert!(e.is_err());
    }
}
