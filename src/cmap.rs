//! A minimal reader for an OpenType font's `cmap` (character → glyph) table.
//!
//! Why: printpdf's parsed font answers one code point at a time, at about 10 µs a look-up on
//! Noto CJK (its format-12 subtable is searched per call), so filling a glyph table for the
//! Basic Multilingual Plane took over a second per font at every start. Reading the table's
//! segments once gives every mapping in milliseconds. Pure: works on the font file's bytes.
//!
//! Supported: plain sfnt files and TrueType/OpenType collections (`ttcf`, face by index);
//! cmap subtables of format 12 (full Unicode) and 4 (BMP), preferring 12.

/// Big-endian readers that fail softly on truncated data.
fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Offset of the table directory of face `index` (0 for a single-face file).
fn face_offset(font: &[u8], index: u32) -> Option<usize> {
    if font.get(0..4)? == b"ttcf" {
        let count = u32_at(font, 8)?;
        if index >= count {
            return None;
        }
        Some(u32_at(font, 12 + 4 * index as usize)? as usize)
    } else {
        (index == 0).then_some(0)
    }
}

/// The byte range of table `tag` in face `index`.
fn table<'a>(font: &'a [u8], index: u32, tag: &[u8; 4]) -> Option<&'a [u8]> {
    let dir = face_offset(font, index)?;
    let count = u16_at(font, dir + 4)? as usize;
    (0..count).find_map(|i| {
        let rec = dir + 12 + 16 * i;
        if font.get(rec..rec + 4)? != tag {
            return None;
        }
        let (off, len) = (
            u32_at(font, rec + 8)? as usize,
            u32_at(font, rec + 12)? as usize,
        );
        font.get(off..off.checked_add(len)?)
    })
}

/// Every (code point, glyph id) mapping of face `index`, glyph 0 excluded, or `None` when the
/// font has no cmap subtable of a supported format.
pub fn mappings(font: &[u8], index: u32) -> Option<Vec<(u32, u16)>> {
    let cmap = table(font, index, b"cmap")?;
    let count = u16_at(cmap, 2)? as usize;
    let mut best: Option<(u8, usize)> = None; // (preference, subtable offset)
    for i in 0..count {
        let rec = 4 + 8 * i;
        let (platform, encoding) = (u16_at(cmap, rec)?, u16_at(cmap, rec + 2)?);
        let offset = u32_at(cmap, rec + 4)? as usize;
        let format = u16_at(cmap, offset)?;
        let rank = match (platform, encoding, format) {
            (3, 10, 12) | (0, 4, 12) | (0, 6, 12) => 2,
            (3, 1, 4) | (0, 3, 4) | (0, 1, 4) | (0, 0, 4) => 1,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, offset));
        }
    }
    let (rank, offset) = best?;
    let sub = cmap.get(offset..)?;
    if rank == 2 {
        format12(sub)
    } else {
        format4(sub)
    }
}

fn format12(sub: &[u8]) -> Option<Vec<(u32, u16)>> {
    let groups = u32_at(sub, 12)? as usize;
    let mut out = Vec::new();
    for g in 0..groups {
        let at = 16 + 12 * g;
        let (start, end, gid) = (u32_at(sub, at)?, u32_at(sub, at + 4)?, u32_at(sub, at + 8)?);
        if end < start || end > 0x10FFFF {
            return None;
        }
        for cp in start..=end {
            let glyph = gid.checked_add(cp - start)?;
            if glyph != 0 && glyph <= u32::from(u16::MAX) {
                out.push((cp, glyph as u16));
            }
        }
    }
    Some(out)
}

fn format4(sub: &[u8]) -> Option<Vec<(u32, u16)>> {
    let segs = u16_at(sub, 6)? as usize / 2;
    let ends = 14;
    let starts = ends + 2 * segs + 2;
    let deltas = starts + 2 * segs;
    let range_offsets = deltas + 2 * segs;
    let mut out = Vec::new();
    for s in 0..segs {
        let (end, start) = (u16_at(sub, ends + 2 * s)?, u16_at(sub, starts + 2 * s)?);
        let delta = u16_at(sub, deltas + 2 * s)?;
        let ro_at = range_offsets + 2 * s;
        let ro = u16_at(sub, ro_at)? as usize;
        if start > end {
            continue;
        }
        for cp in start..=end {
            if cp == 0xFFFF {
                break;
            }
            let glyph = if ro == 0 {
                cp.wrapping_add(delta)
            } else {
                let at = ro_at + ro + 2 * (cp - start) as usize;
                match u16_at(sub, at)? {
                    0 => 0,
                    g => g.wrapping_add(delta),
                }
            };
            if glyph != 0 {
                out.push((u32::from(cp), glyph));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A font with one format-4 subtable mapping 'A'..='C' to glyphs 5..=7 through idDelta.
    fn tiny_font() -> Vec<u8> {
        let mut sub = Vec::new();
        let seg = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
        for x in [4u16, 32, 0, 4, 4, 1, 0] {
            seg(&mut sub, x); // format, length, language, segCountX2, searchRange, entrySelector, rangeShift
        }
        for x in [
            0x43u16,
            0xFFFF,
            0,
            0x41,
            0xFFFF,
            5u16.wrapping_sub(0x41),
            1,
            0,
            0,
        ] {
            seg(&mut sub, x); // endCode×2, pad, startCode×2, idDelta×2, idRangeOffset×2
        }
        let mut cmap = vec![0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12];
        cmap.extend_from_slice(&sub);
        let mut font = vec![0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
        font.extend_from_slice(b"cmap");
        font.extend_from_slice(&[0, 0, 0, 0]);
        font.extend_from_slice(&28u32.to_be_bytes());
        font.extend_from_slice(&(cmap.len() as u32).to_be_bytes());
        font.extend_from_slice(&cmap);
        font
    }

    #[test]
    fn format4_segments_map_through_id_delta() {
        assert_eq!(
            mappings(&tiny_font(), 0).unwrap(),
            vec![(0x41, 5), (0x42, 6), (0x43, 7)]
        );
    }

    #[test]
    fn truncated_or_foreign_data_gives_none_not_a_panic() {
        let font = tiny_font();
        for cut in 0..font.len() {
            let _ = mappings(&font[..cut], 0);
        }
        assert_eq!(mappings(b"not a font at all", 0), None);
        assert_eq!(mappings(&font, 1), None);
    }
}
