//! Embedding of CID-keyed CFF fonts (Noto CJK and the like) in a PDF, done by us instead of
//! printpdf.
//!
//! printpdf's own embedding costs about half of a CJK PDF's CPU time: for the `/W` widths it
//! decodes every used glyph's outline, reading the whole `CFF ` table again for each glyph,
//! and it clones the parsed font and builds a subset `cmap` by walking the whole source cmap
//! for every document. Here the `CFF ` table and its glyph → CID map are read once per run
//! ([`CidProgram::read`]); each PDF subsets the table once with allsorts (the same subsetter
//! printpdf uses), takes widths from the advances the layout already looked up, and adds the
//! same objects printpdf would: a `Type0` font with `Identity-H`, a `CIDFontType0` descendant
//! with `/W`, a `FontDescriptor` with the bare CFF as `/FontFile3` (`/CIDFontType0C`), and a
//! `/ToUnicode` CMap.
//!
//! Codes in the content stream are the font's CIDs: the allsorts subsetter keeps a CID-keyed
//! font's original CIDs, and [`CidProgram::embed`] checks that it did.

use allsorts::binary::read::ReadScope;
use allsorts::binary::write::{WriteBinary, WriteBuffer};
use allsorts::cff::CFF;
use allsorts::font_data::FontData;
use allsorts::tables::FontTableProvider;
use allsorts::tag;
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::ParsedFont;
use std::collections::BTreeMap;

/// One glyph a document uses: the text it stands for and its advance in 1/1000 em.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Used {
    /// The characters the glyph draws (for `/ToUnicode`).
    pub text: String,
    /// Advance width in thousandths of an em (for `/W`).
    pub width: i64,
}

/// The glyphs of one font a document uses, by glyph id.
pub type UsedGlyphs = BTreeMap<u16, Used>;

/// `FontDescriptor` values, in thousandths of an em.
#[derive(Debug, Clone)]
struct Descriptor {
    ascent: i64,
    descent: i64,
    cap_height: i64,
    italic_angle: i64,
    flags: i64,
    stem_v: i64,
    bbox: [i64; 4],
}

/// A face whose outlines are a CID-keyed `CFF ` table, read once for the run.
pub struct CidProgram {
    /// The face's `CFF ` table, verbatim.
    table: Vec<u8>,
    /// CID of each glyph id.
    cids: Vec<u16>,
    /// PostScript name.
    name: String,
    descriptor: Descriptor,
}

/// The width a glyph gets when `/W` does not list it: one em, as most CJK glyphs are.
const DEFAULT_WIDTH: i64 = 1000;

impl CidProgram {
    /// The program of face `index` of a font file, or `None` when its outlines are not a
    /// CID-keyed CFF (TrueType, name-keyed CFF): those are left to printpdf.
    pub fn read(bytes: &[u8], index: u32, parsed: &ParsedFont, name: &str) -> Option<Self> {
        let file = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
        let provider = file.table_provider(index as usize).ok()?;
        let table = provider.read_table_data(tag::CFF).ok()?.into_owned();
        let cids = {
            let cff = ReadScope::new(&table).read::<CFF<'_>>().ok()?;
            let font = cff.fonts.first()?;
            if cff.fonts.len() != 1 || !font.is_cid_keyed() {
                return None;
            }
            let count = u16::try_from(font.char_strings_index.len()).ok()?;
            (0..count)
                .map(|gid| font.charset.id_for_glyph(gid))
                .collect::<Option<Vec<u16>>>()?
        };
        Some(CidProgram {
            table,
            cids,
            name: name.to_string(),
            descriptor: descriptor(parsed),
        })
    }

    /// The content-stream code (the CID) of a glyph id.
    pub fn code(&self, gid: u16) -> u16 {
        self.cids.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// Subsets the program to `used` (plus `.notdef`) and adds the font's objects to `doc`
    /// under the subset tag `tag` (six capital letters). Returns the `Type0` font's id.
    pub fn embed(
        &self,
        doc: &mut lopdf::Document,
        tag: &str,
        used: &UsedGlyphs,
    ) -> Result<ObjectId, String> {
        let ids: Vec<u16> = std::iter::once(0)
            .chain(used.keys().copied().filter(|&g| g != 0))
            .collect();
        let subset = self.subset(&ids)?;
        let base_font = format!("{tag}+{}", self.name);
        let by_code: BTreeMap<u16, &Used> = used.iter().map(|(&g, u)| (self.code(g), u)).collect();

        let program = doc.add_object(Stream::new(
            Dictionary::from_iter([("Subtype", Object::Name(b"CIDFontType0C".to_vec()))]),
            subset,
        ));
        // PDF/A-1 (6.3.5): a subset CID font lists the CIDs it holds, one bit each, high bit
        // first: `.notdef` (0) and every code used.
        let top = by_code.keys().copied().max().unwrap_or(0);
        let mut set = vec![0u8; usize::from(top) / 8 + 1];
        for cid in std::iter::once(0).chain(by_code.keys().copied()) {
            set[usize::from(cid) / 8] |= 0x80 >> (cid % 8);
        }
        let cid_set = doc.add_object(Stream::new(Dictionary::new(), set));
        let d = &self.descriptor;
        let descriptor = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"FontDescriptor".to_vec())),
            ("FontName", Object::Name(base_font.clone().into_bytes())),
            ("Ascent", d.ascent.into()),
            ("Descent", d.descent.into()),
            ("CapHeight", d.cap_height.into()),
            ("ItalicAngle", d.italic_angle.into()),
            ("Flags", d.flags.into()),
            ("StemV", d.stem_v.into()),
            (
                "FontBBox",
                Object::Array(d.bbox.iter().map(|&v| v.into()).collect()),
            ),
            ("FontFile3", Object::Reference(program)),
            ("CIDSet", Object::Reference(cid_set)),
        ]));
        let to_unicode = printpdf::cmap::ToUnicodeCMap {
            mappings: by_code
                .iter()
                .map(|(&code, u)| (u32::from(code), u.text.chars().map(u32::from).collect()))
                .collect(),
        }
        .to_cmap_string(tag);
        let to_unicode = doc.add_object(Stream::new(Dictionary::new(), to_unicode.into_bytes()));
        let descendant = Dictionary::from_iter([
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"CIDFontType0".to_vec())),
            ("BaseFont", Object::Name(base_font.clone().into_bytes())),
            (
                "CIDSystemInfo",
                Object::Dictionary(Dictionary::from_iter([
                    (
                        "Registry",
                        Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                    ),
                    (
                        "Ordering",
                        Object::String(b"Identity".to_vec(), StringFormat::Literal),
                    ),
                    ("Supplement", 0.into()),
                ])),
            ),
            ("DW", DEFAULT_WIDTH.into()),
            ("W", Object::Array(widths(&by_code))),
            ("FontDescriptor", Object::Reference(descriptor)),
        ]);
        Ok(doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type0".to_vec())),
            ("BaseFont", Object::Name(base_font.into_bytes())),
            ("Encoding", Object::Name(b"Identity-H".to_vec())),
            ("DescendantFonts", Object::Array(vec![descendant.into()])),
            ("ToUnicode", Object::Reference(to_unicode)),
        ])))
    }

    /// The bare subset `CFF ` table holding glyphs `ids` (`.notdef` first), checked to keep
    /// each glyph's CID, which the content stream already uses as its code.
    fn subset(&self, ids: &[u16]) -> Result<Vec<u8>, String> {
        let fail = |e: &dyn std::fmt::Display| format!("font subset of {}: {e}", self.name);
        let cff = ReadScope::new(&self.table)
            .read::<CFF<'_>>()
            .map_err(|e| fail(&e))?;
        let subset: CFF<'_> = cff.subset(ids, false).map_err(|e| fail(&e))?.into();
        let mut buffer = WriteBuffer::new();
        CFF::write(&mut buffer, &subset).map_err(|e| fail(&e))?;
        let bytes = buffer.into_inner();
        let check = ReadScope::new(&bytes)
            .read::<CFF<'_>>()
            .map_err(|e| fail(&e))?;
        let font = check.fonts.first().ok_or_else(|| fail(&"no font"))?;
        for (new, &old) in ids.iter().enumerate() {
            let new = u16::try_from(new).map_err(|e| fail(&e))?;
            if font.charset.id_for_glyph(new) != Some(self.code(old)) {
                return Err(fail(&format!(
                    "glyph {old} lost its CID {}",
                    self.code(old)
                )));
            }
        }
        Ok(bytes)
    }
}

/// `/W`: runs of consecutive codes whose width is not the default, `c [w1 w2 …]`.
fn widths(by_code: &BTreeMap<u16, &Used>) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Option<(u16, u16, Vec<Object>)> = None;
    for (&code, used) in by_code.iter().filter(|(_, u)| u.width != DEFAULT_WIDTH) {
        match &mut run {
            Some((_, last, ws)) if code == *last + 1 => {
                *last = code;
                ws.push(used.width.into());
            }
            _ => {
                if let Some((first, _, ws)) = run.take() {
                    out.push(i64::from(first).into());
                    out.push(Object::Array(ws));
                }
                run = Some((code, code, vec![used.width.into()]));
            }
        }
    }
    if let Some((first, _, ws)) = run {
        out.push(i64::from(first).into());
        out.push(Object::Array(ws));
    }
    out
}

/// The descriptor values of a face, scaled to 1/1000 em (as printpdf computes them).
fn descriptor(parsed: &ParsedFont) -> Descriptor {
    let m = &parsed.pdf_font_metrics;
    let upm = f32::from(m.units_per_em.max(1));
    let scale = |v: f32| (v * 1000.0 / upm).round() as i64;
    let ascent = scale(parsed.font_metrics.ascent.trunc());
    let italic_angle = if m.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(m.caret_slope_run).atan2(f32::from(m.caret_slope_rise)))
            .to_degrees()
            .round() as i64
    };
    const NONSYMBOLIC: i64 = 1 << 5;
    const ITALIC: i64 = 1 << 6;
    Descriptor {
        ascent,
        descent: scale(parsed.font_metrics.descent.trunc()),
        cap_height: parsed.font_metrics.cap_height.map_or(ascent, scale),
        italic_angle,
        flags: NONSYMBOLIC | if italic_angle != 0 { ITALIC } else { 0 },
        stem_v: if m.us_weight_class == 0 {
            80
        } else {
            50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64
        },
        bbox: [
            scale(f32::from(m.x_min)),
            scale(f32::from(m.y_min)),
            scale(f32::from(m.x_max)),
            scale(f32::from(m.y_max)),
        ],
    }
}

/// Adds `font` to the font resources of every page of `doc` under `name`.
pub fn register(doc: &mut lopdf::Document, name: &str, font: ObjectId) -> Result<(), String> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut shared: Vec<ObjectId> = Vec::new();
    for page in pages {
        let resources = resources_mut(doc, page)?;
        // printpdf points every page at one shared font dictionary; a page may also hold its own.
        let fonts = match resources.get_mut(b"Font") {
            Ok(Object::Reference(id)) => Some(*id),
            Ok(Object::Dictionary(own)) => {
                own.set(name, Object::Reference(font));
                None
            }
            _ => {
                let own = Dictionary::from_iter([(name, Object::Reference(font))]);
                resources.set("Font", Object::Dictionary(own));
                None
            }
        };
        if let Some(id) = fonts.filter(|id| !shared.contains(id)) {
            doc.get_dictionary_mut(id)
                .map_err(|e| e.to_string())?
                .set(name, Object::Reference(font));
            shared.push(id);
        }
    }
    Ok(())
}

/// A page's resource dictionary, held by the page or referenced from it.
fn resources_mut(doc: &mut lopdf::Document, page: ObjectId) -> Result<&mut Dictionary, String> {
    let held = match doc.get_dictionary(page).and_then(|p| p.get(b"Resources")) {
        Ok(Object::Reference(id)) => Some(*id),
        Ok(Object::Dictionary(_)) => None,
        _ => return Err("a PDF page without resources".into()),
    };
    match held {
        Some(id) => doc.get_dictionary_mut(id),
        None => doc
            .get_dictionary_mut(page)
            .and_then(|p| p.get_mut(b"Resources"))
            .and_then(Object::as_dict_mut),
    }
    .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(width: i64) -> Used {
        Used {
            text: "字".into(),
            width,
        }
    }

    #[test]
    fn widths_list_only_glyphs_narrower_or_wider_than_an_em_in_runs() {
        let (a, b, c, d) = (used(1000), used(500), used(510), used(300));
        let by_code: BTreeMap<u16, &Used> = [(1, &a), (5, &b), (6, &c), (9, &d)].into();
        assert_eq!(
            widths(&by_code),
            vec![
                Object::Integer(5),
                Object::Array(vec![500.into(), 510.into()]),
                Object::Integer(9),
                Object::Array(vec![300.into()]),
            ]
        );
    }
}
