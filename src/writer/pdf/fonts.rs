//! The PDF writer's fonts: each located face parsed once per run into a dense glyph table for
//! the Basic Multilingual Plane, and the body/heading/fallback lookup the layout measures with.
//! The files are read by `crate::fonts` (no I/O here); parsing is pure.

use super::cidfont::CidProgram;
use crate::fonts::{FontFile, FontLocation, Fonts};
use crate::layout::{Face, Metrics};
use crate::model::diag::Error;
use crate::text::lang::Region;
use printpdf::ParsedFont;

/// One parsed font face with a dense glyph table for the Basic Multilingual Plane.
pub struct LoadedFont {
    pub(super) parsed: ParsedFont,
    /// PostScript name, e.g. `NotoSerifCJKsc-Regular`.
    pub name: String,
    /// Where it was found.
    pub location: FontLocation,
    pub(super) units_per_em: f32,
    /// (glyph id, advance in font units) per BMP code point; glyph 0 means "no glyph".
    pub(super) bmp: Vec<(u16, u16)>,
    /// The outlines as a CID-keyed CFF program, which we embed ourselves
    /// ([`cidfont`]); `None` for other fonts, which printpdf embeds.
    pub(super) cid: Option<CidProgram>,
}

impl LoadedFont {
    /// Parses a font file the run has read.
    pub fn parse(file: &FontFile) -> Result<Self, Error> {
        let owned = file.read()?;
        let bytes = owned.as_slice();
        let location = file.location.clone();
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, location.index as usize, &mut warnings)
            .ok_or_else(|| {
                Error::Font(format!(
                    "{} (face {}) is not a font printpdf can read",
                    location.path.display(),
                    location.index
                ))
            })?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        // Our own one-pass cmap read; printpdf's per-code-point lookup is the slow fallback.
        let gids = crate::fonts::bmp_cmap(bytes, location.index).unwrap_or_else(|| {
            (0u32..=0xFFFF)
                .map(|cp| parsed.lookup_glyph_index(cp).unwrap_or(0))
                .collect()
        });
        let mut advances = std::collections::HashMap::new();
        let bmp = gids
            .into_iter()
            .map(|gid| match gid {
                0 => (0, 0),
                g => (
                    g,
                    *advances
                        .entry(g)
                        .or_insert_with(|| parsed.get_horizontal_advance(g)),
                ),
            })
            .collect();
        let name = parsed
            .font_name
            .clone()
            .unwrap_or_else(|| location.family.clone());
        let cid = CidProgram::read(bytes, location.index, &parsed, &name);
        Ok(LoadedFont {
            name,
            cid,
            parsed,
            location,
            units_per_em,
            bmp,
        })
    }

    /// The glyph id and advance (font units) of `c`, if the font has it.
    pub(super) fn glyph(&self, c: char) -> Option<(u16, u16)> {
        let cp = c as u32;
        if cp <= 0xFFFF {
            let (gid, adv) = self.bmp[cp as usize];
            (gid != 0).then_some((gid, adv))
        } else {
            let gid = self.parsed.lookup_glyph_index(cp).filter(|&g| g != 0)?;
            Some((gid, self.parsed.get_horizontal_advance(gid)))
        }
    }
}

/// The fonts of a run in one region: body and heading faces, and an optional fallback face.
pub struct FontSet {
    /// Whose forms the faces draw: Taiwan's and Hong Kong's centre `，。、；：！？`.
    pub region: Region,
    /// Body text.
    pub body: LoadedFont,
    /// Headline and display text.
    pub heading: LoadedFont,
    /// Characters neither face has (`pdf.fallback_font`).
    pub fallback: Option<LoadedFont>,
}

/// A character's font, glyph id and advance (ems).
pub(super) type Resolved = (Slot, u16, f32);

/// Which loaded font draws a glyph: body, heading or fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Body = 0,
    Heading = 1,
    Fallback = 2,
}

pub(super) const SLOTS: [Slot; 3] = [Slot::Body, Slot::Heading, Slot::Fallback];

impl FontSet {
    /// Parses the run's fonts (body and heading must have been located).
    pub fn parse(fonts: &Fonts) -> Result<Self, Error> {
        fn needed<'a>(f: &'a Option<FontFile>, what: &str) -> Result<&'a FontFile, Error> {
            f.as_ref()
                .ok_or_else(|| Error::Font(format!("no {what} font was located for the PDF")))
        }
        let body = LoadedFont::parse(needed(&fonts.body, "body")?)?;
        let heading = LoadedFont::parse(needed(&fonts.heading, "heading")?)?;
        let fallback = match &fonts.fallback {
            Some(file) => Some(LoadedFont::parse(file)?),
            None => None,
        };
        Ok(FontSet {
            region: fonts.region,
            body,
            heading,
            fallback,
        })
    }

    pub(super) fn slot(&self, slot: Slot) -> Option<&LoadedFont> {
        match slot {
            Slot::Body => Some(&self.body),
            Slot::Heading => Some(&self.heading),
            Slot::Fallback => self.fallback.as_ref(),
        }
    }

    /// The font that draws `c` in `face`: the face's own, else the other face, else the
    /// fallback font.
    pub(super) fn resolve(&self, face: Face, c: char) -> Option<Resolved> {
        let order = match face {
            Face::Body => [Slot::Body, Slot::Heading, Slot::Fallback],
            Face::Heading => [Slot::Heading, Slot::Body, Slot::Fallback],
        };
        order.into_iter().find_map(|slot| {
            let font = self.slot(slot)?;
            font.glyph(c)
                .map(|(gid, adv)| (slot, gid, f32::from(adv) / font.units_per_em))
        })
    }
}

impl Metrics for FontSet {
    fn advance(&self, face: Face, c: char) -> f32 {
        // A character no font has is left blank, one em wide (and reported as a warning).
        self.resolve(face, c).map_or(1.0, |(_, _, adv)| adv)
    }
}
