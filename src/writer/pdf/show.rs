//! Text showing: one laid-out line → PDF text operators, a run of glyph codes per font with
//! the character spacing and kerns that put each glyph where the layout placed it. Records the
//! glyphs each font must embed and the characters no font has.

use super::cidfont::{Used, UsedGlyphs};
use super::fonts::{Resolved, Slot};
use super::PdfWriter;
use crate::layout;
use printpdf::{Codepoint, FontId, Op, PdfFontHandle, Pt, TextItem, TextMatrix};
use std::collections::BTreeSet;

impl PdfWriter<'_> {
    /// Emits one line as runs of glyph ids, one run per font. Each glyph sits at the x the
    /// layout gave it. The gap most common on the line (a justified line's spacing) becomes the
    /// character spacing `Tc`; a gap that differs (punctuation compression, Han–Latin space) is
    /// a TJ kern, in thousandths of an em rounded to a tenth. So a justified line of Han costs
    /// one number, not one per glyph.
    pub(super) fn emit_line(
        &self,
        line: &layout::Line,
        ops: &mut Vec<Op>,
        used: &mut [UsedGlyphs; 3],
        missing: &mut BTreeSet<char>,
        font_id: &dyn Fn(Slot) -> FontId,
        tc_state: &mut f32,
    ) {
        let glyphs: Vec<(char, f32, Option<Resolved>)> = line
            .text
            .chars()
            .zip(&line.xs)
            .map(|(c, &x)| (c, x, self.fonts.resolve(line.face, c)))
            .collect();
        // The commonest gap between neighbouring glyphs, in thousandths of a point.
        let mut counts: Vec<(i32, u32)> = Vec::new();
        for w in glyphs.windows(2) {
            if let ((_, x0, Some((_, _, adv))), (_, x1, Some(_))) = (&w[0], &w[1]) {
                let gap = ((x1 - x0 - adv * line.size) * 1000.0).round() as i32;
                match counts.iter_mut().find(|(g, _)| *g == gap) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((gap, 1)),
                }
            }
        }
        let tc = counts
            .iter()
            .max_by_key(|&&(g, n)| (n, -g.abs()))
            .map_or(0.0, |&(g, _)| g as f32 / 1000.0);
        if tc != *tc_state {
            ops.push(Op::SetCharacterSpacing { multiplier: tc });
            *tc_state = tc;
        }

        // (font, x of the first glyph, glyphs, pen after the last glyph)
        let mut run: Option<(Slot, f32, Vec<Codepoint>, f32)> = None;
        let flush = |ops: &mut Vec<Op>, run: Option<(Slot, f32, Vec<Codepoint>, f32)>| {
            if let Some((face, x0, glyphs, _)) = run {
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
        for (c, x, found) in glyphs {
            let Some((face, gid, adv)) = found else {
                if !c.is_whitespace() {
                    missing.insert(c);
                }
                flush(ops, run.take());
                continue;
            };
            // A CID-keyed program we embed ourselves takes CIDs; printpdf takes glyph ids.
            let code = match self.fonts.slot(face).and_then(|f| f.cid.as_ref()) {
                Some(program) => program.code(gid),
                None => gid,
            };
            used[face as usize].entry(gid).or_insert_with(|| Used {
                text: c.to_string(),
                width: (adv * 1000.0).round() as i64,
            });
            let glyph = Codepoint::with_cid(code, 0.0, c.to_string());
            match &mut run {
                Some((f, _, glyphs, pen)) if *f == face => {
                    let kern = ((*pen - x) * 1000.0 / line.size * 10.0).round() / 10.0;
                    if kern != 0.0 {
                        if let Some(prev) = glyphs.last_mut() {
                            prev.offset = kern;
                        }
                    }
                    // The pen lands where the PDF viewer will put it (kern rounding included).
                    *pen -= kern * line.size / 1000.0;
                    *pen += adv * line.size + tc;
                    glyphs.push(glyph);
                }
                _ => {
                    flush(ops, run.take());
                    run = Some((face, x, vec![glyph], x + adv * line.size + tc));
                }
            }
        }
        flush(ops, run.take());
    }
}
