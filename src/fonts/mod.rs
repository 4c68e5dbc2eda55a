//! Fonts, once per run: finding font files (a configured path, or a family looked up with
//! fontconfig's `fc-match`, with the Debian `fonts-noto-cjk` locations as a fallback when
//! fontconfig is absent) and reading them ([`Fonts`]: located before any work, so a missing
//! font is fatal; each file read when a writer first needs it). The only module that opens a
//! font file or runs `fc-match`; parsing is the writers' job, on the bytes read here. It also reads a
//! face's character map ([`bmp_cmap`]) in one pass, which is some 200× faster than asking the
//! parsed font about each of the 65,536 BMP code points (printpdf's lookup scans the format-12
//! groups linearly).

use crate::model::diag::Error;
use crate::text::lang::Region;
use std::path::{Path, PathBuf};
use std::process::Command;

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
    /// The same face in `region`'s forms: a family named with a region suffix (`Noto Serif
    /// CJK SC`, `Noto Sans SC`) takes the region's (`… TC`, `… HK`, `… JP`); a face of a Noto
    /// CJK collection (`NotoSerifCJK-Regular.ttc`, faces JP 0, KR 1, SC 2, TC 3, HK 4) takes the
    /// region's index. Any other font is its own face in every region.
    pub fn for_region(&self, region: Region) -> FontSpec {
        match self {
            FontSpec::Family { family, style } => {
                let suffix = family.rsplit(' ').next().unwrap_or("");
                let regional = ["SC", "TC", "HK", "JP", "KR"]
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(suffix));
                if regional && family.len() > suffix.len() {
                    let stem = &family[..family.len() - suffix.len()];
                    FontSpec::Family {
                        family: format!("{stem}{}", region.suffix()),
                        style: style.clone(),
                    }
                } else {
                    self.clone()
                }
            }
            FontSpec::Path { path, index } => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                if name.starts_with("noto")
                    && name.contains("cjk")
                    && name.ends_with(".ttc")
                    && *index <= 4
                {
                    FontSpec::Path {
                        path: path.clone(),
                        index: noto_cjk_index(region),
                    }
                } else {
                    self.clone()
                }
            }
        }
    }
}

impl FontSpec {
    /// The family, or the file and face, for messages.
    pub fn describe(&self) -> String {
        match self {
            FontSpec::Family { family, style } => format!("{family} {style}"),
            FontSpec::Path { path, index } => format!("{} face {index}", path.display()),
        }
    }
}

/// The face of a region in Debian's Noto CJK collections.
fn noto_cjk_index(region: Region) -> u32 {
    match region {
        Region::Japan => 0,
        Region::Mainland => 2,
        Region::Taiwan => 3,
        Region::HongKong => 4,
    }
}

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

/// A located face. Its file is read by whoever parses it ([`FontFile::read`]), once per run
/// and consumer (the PDF writer's font set, the EPUB's embedded subset), and not kept: a parsed
/// CJK face holds what it needs, and the 20–30 MB of a Noto CJK collection would otherwise stay
/// in memory for the whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFile {
    /// Where it is.
    pub location: FontLocation,
}

impl FontFile {
    /// A located face.
    pub fn new(location: FontLocation) -> Self {
        FontFile { location }
    }

    /// The whole file.
    pub fn read(&self) -> Result<Vec<u8>, Error> {
        std::fs::read(&self.location.path)
            .map_err(|e| Error::Font(format!("{}: {e}", self.location.path.display())))
    }
}

/// The faces a run's writers use: body and heading (the PDF; the body also for the EPUB's
/// embedded subset) and the optional fallback. Located when made; read when parsed.
#[derive(Debug, Default)]
pub struct Fonts {
    /// The region whose forms these faces draw (the mainland for faces that stand in for a
    /// region's own, see [`RegionFonts::substituted`]).
    pub region: Region,
    /// The body face (`pdf.body_font`).
    pub body: Option<FontFile>,
    /// The heading face (`pdf.heading_font`).
    pub heading: Option<FontFile>,
    /// The face for characters neither has (`pdf.fallback_font`).
    pub fallback: Option<FontFile>,
}

impl Fonts {
    /// Locates what the run needs: every PDF face when `pdf`, the body face when `embed` (the
    /// EPUB's subset). Fatal when a face cannot be found.
    pub fn locate(
        body: &FontSpec,
        heading: &FontSpec,
        fallback: Option<&FontSpec>,
        pdf: bool,
        embed: bool,
    ) -> Result<Fonts, Error> {
        let file = |spec: &FontSpec| locate(spec).map(FontFile::new);
        Ok(Fonts {
            region: Region::Mainland,
            body: if pdf || embed {
                Some(file(body)?)
            } else {
                None
            },
            heading: if pdf { Some(file(heading)?) } else { None },
            fallback: match fallback {
                Some(spec) if pdf => Some(file(spec)?),
                _ => None,
            },
        })
    }
}

/// The faces a run's writers use in each [`Region`] its articles may be written in: the
/// configured (mainland) faces, and for Taiwan, Hong Kong and Japan the faces configured for
/// them or else the same families in the region's forms ([`FontSpec::for_region`]).
#[derive(Debug, Default)]
pub struct RegionFonts {
    sets: Vec<(Region, Fonts)>,
    /// Regions whose derived faces were not found and that use the configured faces instead.
    pub substituted: Vec<(Region, String)>,
}

/// One region's faces to locate: explicit (configured for the region; missing is fatal) or
/// derived (missing falls back to the configured faces).
#[derive(Debug, Clone, PartialEq)]
pub struct RegionFaces {
    /// The region.
    pub region: Region,
    /// Its body face.
    pub body: FontSpec,
    /// Its heading face.
    pub heading: FontSpec,
    /// Whether the faces were configured for the region (not derived).
    pub explicit: bool,
}

impl RegionFonts {
    /// Locates the faces of each region, as [`Fonts::locate`] does for one; a derived face that
    /// is not installed gives way to the configured one (`base`), listed in `substituted`.
    pub fn locate(
        base: (&FontSpec, &FontSpec),
        regions: &[RegionFaces],
        fallback: Option<&FontSpec>,
        pdf: bool,
        embed: bool,
    ) -> Result<RegionFonts, Error> {
        let mut out = RegionFonts::default();
        for r in regions {
            let fonts = match Fonts::locate(&r.body, &r.heading, fallback, pdf, embed) {
                Ok(f) => Fonts {
                    region: r.region,
                    ..f
                },
                Err(e) if !r.explicit => {
                    out.substituted.push((r.region, e.to_string()));
                    Fonts::locate(base.0, base.1, fallback, pdf, embed)?
                }
                Err(e) => return Err(e),
            };
            out.sets.push((r.region, fonts));
        }
        Ok(out)
    }

    /// One region's faces (those of the first region located when `region` is not among them).
    pub fn get(&self, region: Region) -> Option<&Fonts> {
        self.sets
            .iter()
            .find(|(r, _)| *r == region)
            .or_else(|| self.sets.first())
            .map(|(_, f)| f)
    }

    /// The regions located, with their faces.
    pub fn iter(&self) -> impl Iterator<Item = (Region, &Fonts)> {
        self.sets.iter().map(|(r, f)| (*r, f))
    }
}

const INSTALL_HINT: &str = "install the CJK fonts (`apt-get install fonts-noto-cjk`) or set \
                            pdf.body_font.path / pdf.heading_font.path in config.yaml";

/// Where Debian's `fonts-noto-cjk` puts its collections; the faces of each are Japanese (0),
/// Korean (1), Simplified Chinese (2), Traditional Chinese (3) and Hong Kong (4), whose glyph
/// forms and punctuation positions differ.
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
    let lower = family.to_lowercase();
    let (stem, suffix) = lower.rsplit_once(' ')?;
    let base = match stem {
        "noto serif cjk" => "NotoSerifCJK",
        "noto sans cjk" => "NotoSansCJK",
        _ => return None,
    };
    let region = Region::ALL
        .into_iter()
        .find(|r| r.suffix().eq_ignore_ascii_case(suffix))?;
    let weight = if style.eq_ignore_ascii_case("bold") {
        "Bold"
    } else {
        "Regular"
    };
    let path = Path::new(NOTO_CJK_DIR).join(format!("{base}-{weight}.ttc"));
    path.is_file().then(|| FontLocation {
        path,
        index: noto_cjk_index(region),
        family: family.to_string(),
    })
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The glyph id of every Basic Multilingual Plane code point (0 where the face has none),
/// read from the `cmap` table of face `index` of an sfnt file or collection. Uses the Unicode
/// full-repertoire subtable (format 12) when there is one, else the BMP one (format 4).
/// `None` when the bytes hold no usable table.
pub fn bmp_cmap(bytes: &[u8], index: u32) -> Option<Vec<u16>> {
    let face = if bytes.get(0..4)? == b"ttcf" {
        be32(bytes, 12 + 4 * index as usize)? as usize
    } else {
        0
    };
    let tables = be16(bytes, face + 4)? as usize;
    let cmap = (0..tables).find_map(|t| {
        let rec = face + 12 + 16 * t;
        (bytes.get(rec..rec + 4)? == b"cmap").then(|| be32(bytes, rec + 8))?
    })? as usize;
    let subtables = be16(bytes, cmap + 2)? as usize;
    let mut best: Option<(u8, usize)> = None;
    for t in 0..subtables {
        let rec = cmap + 4 + 8 * t;
        let (platform, encoding) = (be16(bytes, rec)?, be16(bytes, rec + 2)?);
        let at = cmap + be32(bytes, rec + 4)? as usize;
        let rank = match (platform, encoding, be16(bytes, at)?) {
            (3, 10, 12) | (0, 4, 12) | (0, 6, 12) => 2,
            (3, 1, 4) | (0, 3, 4) => 1,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, at));
        }
    }
    let (rank, at) = best?;
    let mut map = vec![0u16; 0x10000];
    if rank == 2 {
        let groups = be32(bytes, at + 12)? as usize;
        for g in 0..groups {
            let rec = at + 16 + 12 * g;
            let (start, end, gid) = (
                be32(bytes, rec)?,
                be32(bytes, rec + 4)?,
                be32(bytes, rec + 8)?,
            );
            for cp in start..=end.min(0xFFFF) {
                map[cp as usize] = u16::try_from(gid + (cp - start)).unwrap_or(0);
            }
        }
    } else {
        let segs = be16(bytes, at + 6)? as usize / 2;
        let ends = at + 14;
        let starts = ends + 2 * segs + 2;
        let deltas = starts + 2 * segs;
        let ranges = deltas + 2 * segs;
        for s in 0..segs {
            let (start, end) = (be16(bytes, starts + 2 * s)?, be16(bytes, ends + 2 * s)?);
            let delta = be16(bytes, deltas + 2 * s)?;
            let range = be16(bytes, ranges + 2 * s)? as usize;
            for cp in start..=end {
                let gid = if range == 0 {
                    cp.wrapping_add(delta)
                } else {
                    let at = ranges + 2 * s + range + 2 * usize::from(cp - start);
                    match be16(bytes, at)? {
                        0 => 0,
                        g => g.wrapping_add(delta),
                    }
                };
                if cp != 0xFFFF {
                    map[cp as usize] = gid;
                }
            }
        }
    }
    Some(map)
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
    fn a_face_in_another_region_is_the_same_family_with_that_regions_suffix() {
        let serif = FontSpec::Family {
            family: "Noto Serif CJK SC".into(),
            style: "Bold".into(),
        };
        assert_eq!(
            serif.for_region(Region::Taiwan),
            FontSpec::Family {
                family: "Noto Serif CJK TC".into(),
                style: "Bold".into()
            }
        );
        let ttc = FontSpec::Path {
            path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc".into(),
            index: 2,
        };
        let FontSpec::Path { index, .. } = ttc.for_region(Region::HongKong) else {
            unreachable!()
        };
        assert_eq!(index, 4);
        let other = FontSpec::Family {
            family: "FangSong".into(),
            style: "Regular".into(),
        };
        assert_eq!(other.for_region(Region::Taiwan), other);
        let tc = locate(&serif.for_region(Region::Taiwan)).expect("fonts-noto-cjk has TC");
        assert_eq!(tc.index, 3, "{tc:?}");
        let fallback = noto_fallback("Noto Sans CJK TC", "Regular").expect("fonts-noto-cjk");
        assert_eq!(fallback.index, 3);
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
