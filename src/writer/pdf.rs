//! Layout pages → PDF bytes. The only module that imports printpdf (and lopdf, its object
//! model, for the finishing touches printpdf lacks).
//!
//! Fonts are parsed once per run ([`FontSet::load`]) and shared by all worker threads. Text is
//! emitted as glyph ids from our own char→glyph table with the character attached, so printpdf
//! subsets the font (embedded as a CID font with an `ABCDEF+` tag) and writes a ToUnicode map:
//! the PDF's text is searchable and `pdftotext` gives it back.
//!
//! Reproducibility: printpdf draws font ids and the trailer `/ID` from a process-wide counter,
//! so both are replaced by values derived from the content.

use super::{Artifact, Warned, Writer};
use crate::error::{ArticleError, Error};
use crate::fonts::{locate, FontLocation};
use crate::layout::{self, Face, Geometry, Metrics};
use crate::model::Article;
use crate::options::{Format, PdfOptions};
use lopdf::{Object, StringFormat};
use printpdf::{
    Codepoint, FontId, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfSaveOptions, Pt,
    TextItem, TextMatrix,
};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// One parsed font face with a dense glyph table for the Basic Multilingual Plane.
pub struct LoadedFont {
    parsed: ParsedFont,
    /// PostScript name, e.g. `NotoSerifCJKsc-Regular`.
    pub name: String,
    /// Where it was found.
    pub location: FontLocation,
    units_per_em: f32,
    /// (glyph id, advance in font units) per BMP code point; glyph 0 means "no glyph".
    bmp: Vec<(u16, u16)>,
}

impl LoadedFont {
    /// Reads and parses a located font.
    pub fn load(location: FontLocation) -> Result<Self, Error> {
        let bytes = std::fs::read(&location.path)
            .map_err(|e| Error::Font(format!("{}: {e}", location.path.display())))?;
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, location.index as usize, &mut warnings)
            .ok_or_else(|| {
                Error::Font(format!(
                    "{} (face {}) is not a font printpdf can read",
                    location.path.display(),
                    location.index
                ))
            })?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let bmp = (0u32..=0xFFFF)
            .map(|cp| match parsed.lookup_glyph_index(cp) {
                Some(gid) if gid != 0 => (gid, parsed.get_horizontal_advance(gid)),
                _ => (0, 0),
            })
            .collect();
        Ok(LoadedFont {
            name: parsed
                .font_name
                .clone()
                .unwrap_or_else(|| location.family.clone()),
            parsed,
            location,
            units_per_em,
            bmp,
        })
    }

    /// The glyph id and advance (font units) of `c`, if the font has it.
    fn glyph(&self, c: char) -> Option<(u16, u16)> {
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

/// The fonts of a run: body and heading faces.
pub struct FontSet {
    /// Body text.
    pub body: LoadedFont,
    /// Headline and display text.
    pub heading: LoadedFont,
}

impl FontSet {
    /// Locates and parses the configured fonts. Fatal when either cannot be had.
    pub fn load(opts: &PdfOptions) -> Result<Self, Error> {
        let body = LoadedFont::load(locate(&opts.body_font)?)?;
        let heading = LoadedFont::load(locate(&opts.heading_font)?)?;
        Ok(FontSet { body, heading })
    }

    fn face(&self, face: Face) -> &LoadedFont {
        match face {
            Face::Body => &self.body,
            Face::Heading => &self.heading,
        }
    }

    /// The font that draws `c` in `face`: the face's own, else the other one as a fallback.
    fn resolve(&self, face: Face, c: char) -> Option<(Face, u16, f32)> {
        let other = match face {
            Face::Body => Face::Heading,
            Face::Heading => Face::Body,
        };
        [face, other].into_iter().find_map(|f| {
            let font = self.face(f);
            font.glyph(c)
                .map(|(gid, adv)| (f, gid, f32::from(adv) / font.units_per_em))
        })
    }
}

impl Metrics for FontSet {
    fn advance(&self, face: Face, c: char) -> f32 {
        // A character no font has is left blank, one em wide (and reported as a warning).
        self.resolve(face, c).map_or(1.0, |(_, _, adv)| adv)
    }
}

/// How many of the characters no font has a warning names.
const MISSING_LISTED: usize = 20;

/// Writes `<stem>.pdf`.
pub struct PdfWriter<'f> {
    /// Options.
    pub opts: PdfOptions,
    /// The run's fonts.
    pub fonts: &'f FontSet,
}

/// A short stable hash (FNV-1a, 64 bits) for ids derived from content.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A six-letter subset tag (`ABCDEF`) derived from a hash, as PDF's font naming wants.
fn subset_tag(mut h: u64) -> String {
    (0..6)
        .map(|_| {
            let c = (b'A' + (h % 26) as u8) as char;
            h /= 26;
            c
        })
        .collect()
}

fn mm(points: f32) -> Mm {
    Mm(points * 25.4 / 72.0)
}

impl PdfWriter<'_> {
    fn geometry(&self) -> Geometry {
        Geometry {
            width: self.opts.page_width,
            height: self.opts.page_height,
            margin: self.opts.margin,
            body_size: self.opts.body_size,
            headline_size: self.opts.headline_size,
            leading: self.opts.leading,
        }
    }

    /// Builds the PDF's bytes and the warnings (characters no font has).
    pub fn pdf(&self, article: &Article) -> Result<Warned<Vec<u8>>, ArticleError> {
        let geom = self.geometry();
        let pages = layout::layout(article, &geom, self.fonts);
        let json = serde_json::to_vec(article).unwrap_or_default();
        let hash = fnv(&json);
        let ids = [
            FontId(subset_tag(hash)),
            FontId(subset_tag(hash.rotate_left(29) ^ 0x9e37_79b9)),
        ];
        let font_id = |f: Face| match f {
            Face::Body => ids[0].clone(),
            Face::Heading => ids[1].clone(),
        };

        let mut doc = PdfDocument::new(&article.headline);
        let when = printpdf::OffsetDateTime::from_unix_timestamp(self.opts.epoch.unwrap_or(0))
            .map_err(|e| ArticleError::new("render", format!("PDF date: {e}")))?;
        let info = &mut doc.metadata.info;
        info.document_title = article.headline.clone();
        info.author = article.bylines.join("、");
        info.creator = "newsbind".into();
        info.producer = format!("newsbind {}", env!("CARGO_PKG_VERSION"));
        info.subject = article.source.clone();
        info.creation_date = when;
        info.modification_date = when;
        info.metadata_date = when;

        let mut missing = BTreeSet::new();
        let mut used = [false; 2];
        let mut pdf_pages = Vec::with_capacity(pages.len());
        for (n, page) in pages.iter().enumerate() {
            let mut ops = vec![Op::StartTextSection];
            let folio = layout::Line {
                face: Face::Body,
                size: self.opts.body_size * 0.8,
                x: 0.0,
                y: self.opts.margin * 0.5,
                char_spacing: 0.0,
                text: format!("{}", n + 1),
            };
            let folio_width: f32 = folio
                .text
                .chars()
                .map(|c| self.fonts.advance(Face::Body, c) * folio.size)
                .sum();
            let folio = layout::Line {
                x: (self.opts.page_width - folio_width) / 2.0,
                ..folio
            };
            for line in page.lines.iter().chain(std::iter::once(&folio)) {
                ops.push(Op::SetCharacterSpacing {
                    multiplier: line.char_spacing,
                });
                let mut x = line.x;
                let mut run: Option<(Face, f32, Vec<Codepoint>)> = None;
                let flush = |ops: &mut Vec<Op>, run: Option<(Face, f32, Vec<Codepoint>)>| {
                    if let Some((face, x0, glyphs)) = run {
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(font_id(face)),
                            size: Pt(line.size),
                        });
                        ops.push(Op::SetTextMatrix {
                            matrix: TextMatrix::Translate(Pt(x0), Pt(line.y)),
                        });
                        ops.push(Op::ShowText {
                            items: vec![TextItem::GlyphIds(glyphs)],
                        });
                    }
                };
                for c in line.text.chars() {
                    match self.fonts.resolve(line.face, c) {
                        Some((face, gid, adv)) => {
                            used[face as usize] = true;
                            match &mut run {
                                Some((f, _, glyphs)) if *f == face => {
                                    glyphs.push(Codepoint::with_cid(gid, 0.0, c.to_string()))
                                }
                                _ => {
                                    flush(&mut ops, run.take());
                                    run = Some((
                                        face,
                                        x,
                                        vec![Codepoint::with_cid(gid, 0.0, c.to_string())],
                                    ));
                                }
                            }
                            x += adv * line.size + line.char_spacing;
                        }
                        None => {
                            if !c.is_whitespace() {
                                missing.insert(c);
                            }
                            flush(&mut ops, run.take());
                            x += line.size + line.char_spacing;
                        }
                    }
                }
                flush(&mut ops, run.take());
            }
            ops.push(Op::EndTextSection);
            pdf_pages.push(printpdf::PdfPage::new(
                mm(self.opts.page_width),
                mm(self.opts.page_height),
                ops,
            ));
        }
        for (i, face) in [Face::Body, Face::Heading].into_iter().enumerate() {
            if used[i] {
                doc.resources.fonts.map.insert(
                    font_id(face),
                    PdfFont::new(self.fonts.face(face).parsed.clone()),
                );
            }
        }
        doc.with_pages(pdf_pages);

        let mut warnings = Vec::new();
        let save = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        };
        let mut lo = doc.to_lopdf_document(&save, &mut warnings);
        finish(&mut lo, &self.opts.language, hash);
        lo.compress();
        let mut bytes = Vec::new();
        lo.save_to(&mut bytes)
            .map_err(|e| ArticleError::new("render", format!("PDF serialisation: {e}")))?;

        let mut out = Warned::clean(bytes);
        if !missing.is_empty() {
            // Named up to a limit, so a file of unassigned or private-use characters gives a
            // readable warning, not one entry per distinct character.
            let mut list = String::new();
            for c in missing.iter().take(MISSING_LISTED) {
                let _ = write!(list, "{c} (U+{:04X}) ", *c as u32);
            }
            if missing.len() > MISSING_LISTED {
                let _ = write!(list, "and {} more", missing.len() - MISSING_LISTED);
            }
            out.warnings.push(format!(
                "PDF: no font has a glyph for {}; left blank",
                list.trim_end()
            ));
        }
        Ok(out)
    }
}

/// What printpdf leaves out or gets wrong: the catalog's `/Lang`, a content-derived `/ID`, and
/// an empty `/GTS_PDFXVersion` that makes readers call every file PDF/X.
fn finish(doc: &mut lopdf::Document, language: &str, hash: u64) {
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set(
            "Lang",
            Object::String(language.as_bytes().to_vec(), StringFormat::Literal),
        );
    }
    let mut id = hash.to_be_bytes().to_vec();
    id.extend_from_slice(&fnv(&id).to_be_bytes());
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    if let Ok(info_ref) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(info) = doc.get_dictionary_mut(info_ref) {
            info.remove(b"GTS_PDFXVersion");
            info.remove(b"Trapped");
        }
    }
}

impl Writer for PdfWriter<'_> {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(&self, article: &Article, stem: &str) -> Result<Warned<Vec<Artifact>>, ArticleError> {
        let Warned { value, warnings } = self.pdf(article)?;
        Ok(Warned {
            value: vec![Artifact {
                path: format!("{stem}.pdf").into(),
                bytes: value,
            }],
            warnings,
        })
    }
}
