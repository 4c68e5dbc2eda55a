//! Line breaking and justification for Chinese text after W3C clreq.
//!
//! A paragraph becomes a list of [`Item`]s, one per character, each with its advance, how much
//! it may shrink, and any glue in front of it. Then:
//!
//! - **Clusters.** No break inside a run of Latin letters and digits, nor inside `——` or `……`.
//! - **Kinsoku (禁则).** At [`Kinsoku::Basic`] (the default) no line starts with closing
//!   punctuation (`，。）》”…`) and none ends with opening punctuation (`（《“`);
//!   [`Kinsoku::Strict`] adds middle dots, iteration marks, small kana, units after numbers
//!   and currency signs before them; [`Kinsoku::None`] keeps only the clusters.
//! - **Punctuation compression.** Where two full-width marks meet, one gives up its blank half
//!   (a closing mark before another mark; the second of two opening marks). A closing mark at
//!   the end of a justified line is set half-width too.
//! - **Squeeze before push.** A segment that does not fit stays on the line when compressing the
//!   line's remaining full-width marks (at most half an em each) makes room for it.
//! - **Han–Latin spacing.** A quarter em separates Han characters from Latin letters and digits.
//! - **No lone character.** A paragraph's last line never holds a single character (with its
//!   punctuation) while an earlier break can give it company.
//!
//! Justification spreads the spare space evenly over the gaps between characters (never
//! inside a Latin word while other gaps exist), so every line but a paragraph's last fills the
//! measure exactly.

use super::kinsoku::{no_end, no_start, Kinsoku, NO_END, NO_START};
use super::{Face, Metrics};
use crate::text::cjk::is_han;
use std::ops::Range;

/// Full-width closing marks whose right half is blank in Simplified Chinese fonts.
const CLOSING: &str = "，。、；：）》」』】〕〉”’";
/// Marks that Traditional Chinese (Taiwan, Hong Kong) faces centre in the em square: no blank
/// half to give up, so never compressed, never set half-width at a line end and never hung
/// (clreq); a bracket beside one still gives up its own blank half.
const CENTRED: &str = "，。、；：！？";
/// Full-width opening marks whose left half is blank.
const OPENING: &str = "（《「『【〔〈“‘";

/// A character of a Latin word or digit run (never broken inside).
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
        || (c.is_ascii() && "@#&_-+'/.,:%".contains(c))
}

/// A Latin letter or digit (half-width), which takes a quarter em from neighbouring Han.
fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// One character prepared for breaking.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The character.
    pub ch: char,
    /// Byte offset in the paragraph text.
    pub byte: usize,
    /// Advance after fixed compression, in points.
    pub width: f32,
    /// Where the glyph is drawn relative to the pen (negative for a compressed opening mark).
    pub shift: f32,
    /// Space before it (Han–Latin spacing), dropped at a line start.
    pub glue: f32,
    /// How much its advance may still shrink when a line is squeezed.
    pub shrink: f32,
    /// Whether this character is a closing mark that may shrink (it then keeps its glyph place).
    closing: bool,
    /// Whether a line may break before this item.
    pub break_before: bool,
    /// Whether justification may widen the gap before this item.
    pub stretch_before: bool,
}

/// The conventions a paragraph is broken under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Conventions {
    /// Line-breaking prohibitions.
    pub kinsoku: Kinsoku,
    /// Whether the face centres its punctuation ([`CENTRED`], Traditional Chinese).
    pub centred: bool,
}

/// Prepares the items of `text` set at `size` in `face`.
pub fn items(
    text: &str,
    size: f32,
    face: Face,
    conv: Conventions,
    metrics: &dyn Metrics,
) -> Vec<Item> {
    let Conventions {
        kinsoku: level,
        centred,
    } = conv;
    let mut out: Vec<Item> = Vec::with_capacity(text.len() / 3 + 1);
    // The last character before any spaces: an opening mark still may not end the line when
    // spaces follow it (they vanish at the break).
    let mut last_visible: Option<char> = None;
    let half = 0.5 * size;
    for (byte, c) in text.char_indices() {
        let mut width = metrics.advance(face, c) * size;
        // Quotes and the middle dot are proportional in CJK fonts that share them with Latin
        // (Noto CJK does); Chinese text sets them in a full em, the ink against the quoted
        // text (the dot centred).
        let mut shift = 0.0;
        if width < 0.9 * size {
            match c {
                '“' | '‘' => shift = size - width,
                '”' | '’' => {}
                '·' => shift = (size - width) / 2.0,
                _ => {}
            }
            if matches!(c, '“' | '‘' | '”' | '’' | '·') {
                width = size;
            }
        }
        let full = width >= 0.9 * size;
        let is_centred = centred && CENTRED.contains(c);
        let closing = full && CLOSING.contains(c) && !is_centred;
        let opening = full && OPENING.contains(c);
        let mut item = Item {
            ch: c,
            byte,
            width,
            shift,
            glue: 0.0,
            // An opening mark squeezed moves left over the character before it; after a narrow
            // one (Latin, ASCII punctuation) its glyph box would start before that character's,
            // and text extraction (pdftotext) would put the two in the wrong order.
            shrink: if closing || (opening && out.last().is_none_or(|p| p.width >= 0.9 * size)) {
                half
            } else {
                0.0
            },
            closing,
            break_before: false,
            stretch_before: false,
        };
        if let Some(prev) = out.last_mut() {
            let p = prev.ch;
            // Compression where two full-width marks meet.
            let after_centred = centred && CENTRED.contains(p);
            if prev.closing && prev.shrink > 0.0 && (closing || opening || is_centred) {
                prev.width -= half;
                prev.shrink = 0.0;
            } else if opening && (OPENING.contains(p) || after_centred) && prev.width >= 0.9 * size
            {
                item.width -= half;
                item.shift -= half;
                item.shrink = 0.0;
            }
            if (is_han(p) && is_latin(c)) || (is_latin(p) && is_han(c)) {
                item.glue = 0.25 * size;
            }
            let same_word = is_word_char(p) && is_word_char(c);
            let same_pair = matches!(c, '—' | '…') && p == c;
            item.break_before = !same_word
                && !same_pair
                && !c.is_whitespace()
                && !no_start(c, level)
                && !last_visible.is_some_and(|v| no_end(v, level));
            item.stretch_before = !same_word && !same_pair;
        }
        if !c.is_whitespace() {
            last_visible = Some(c);
        }
        out.push(item);
    }
    out
}

/// One line cut from a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLine {
    /// Byte range of the line in the paragraph text.
    pub range: Range<usize>,
    /// Item range of the line.
    pub items: Range<usize>,
    /// Indent before it, in points.
    pub indent: f32,
    /// Whether it is the paragraph's last line.
    pub last: bool,
}

/// Item range without trailing whitespace.
fn visible(items: &[Item], r: Range<usize>) -> Range<usize> {
    let mut end = r.end;
    while end > r.start && items[end - 1].ch.is_whitespace() {
        end -= 1;
    }
    r.start..end
}

/// Natural width and total shrink of a candidate line.
fn measure_line(items: &[Item], r: Range<usize>) -> (f32, f32) {
    let r = visible(items, r);
    let mut width = 0.0;
    let mut shrink = 0.0;
    for (k, it) in items[r.clone()].iter().enumerate() {
        if k > 0 {
            width += it.glue;
        }
        width += it.width;
        shrink += it.shrink;
    }
    (width, shrink)
}

/// Whether items `r` fit in `avail` points once squeezed.
fn fits(items: &[Item], r: Range<usize>, avail: f32) -> bool {
    let (w, s) = measure_line(items, r);
    w - s <= avail + 1e-3
}

/// Characters that count as "a character" for the lone-character rule.
fn is_letter(c: char) -> bool {
    !c.is_whitespace() && !NO_START.contains(c) && !NO_END.contains(c)
}

/// Breaks prepared items into lines of at most `measure` points, the first indented by
/// `first_indent`.
pub fn break_items(
    items: &[Item],
    text_len: usize,
    measure: f32,
    first_indent: f32,
) -> Vec<BrokenLine> {
    let n = items.len();
    let mut bounds: Vec<(usize, f32)> = Vec::new(); // (start item, indent)
    let mut start = 0usize;
    let mut indent = first_indent;
    while start < n {
        bounds.push((start, indent));
        let avail = measure - indent;
        // Greedy: the furthest break opportunity whose line fits when squeezed.
        let mut end = start + 1;
        while end < n && !items[end].break_before {
            end += 1;
        }
        if !fits(items, start..end, avail) {
            // An unbreakable run longer than the line (a URL): split between characters.
            end = start + 1;
            while end < n && fits(items, start..end + 1, avail) {
                end += 1;
            }
        } else {
            loop {
                let mut next = end + 1;
                while next < n && !items[next].break_before {
                    next += 1;
                }
                if end >= n || !fits(items, start..next.min(n), avail) {
                    break;
                }
                end = next.min(n);
            }
        }
        start = end;
        indent = 0.0;
    }
    // No lone character on the last line: break earlier on the line before when possible.
    if bounds.len() >= 2 {
        let (last_start, _) = bounds[bounds.len() - 1];
        let letters = items[last_start..]
            .iter()
            .filter(|i| is_letter(i.ch))
            .count();
        if letters <= 1 {
            let (prev_start, _) = bounds[bounds.len() - 2];
            let earlier = (prev_start + 2..last_start)
                .rev()
                .find(|&b| items[b].break_before);
            if let Some(b) = earlier {
                if fits(items, b..n, measure) {
                    let k = bounds.len() - 1;
                    bounds[k].0 = b;
                }
            }
        }
    }
    let count = bounds.len();
    (0..count)
        .map(|k| {
            let (s, ind) = bounds[k];
            let e = bounds.get(k + 1).map_or(n, |b| b.0);
            BrokenLine {
                range: items[s].byte..items.get(e).map_or(text_len, |i| i.byte),
                items: s..e,
                indent: ind,
                last: k + 1 == count,
            }
        })
        .collect()
}

/// Breaks `text` into lines (see the module docs).
pub fn break_lines(
    text: &str,
    measure: f32,
    first_indent: f32,
    size: f32,
    face: Face,
    conv: Conventions,
    metrics: &dyn Metrics,
) -> (Vec<Item>, Vec<BrokenLine>) {
    let items = items(text, size, face, conv, metrics);
    let lines = break_items(&items, text.len(), measure, first_indent);
    (items, lines)
}

/// Positions of a line's glyphs (relative to its left edge) and its set width.
///
/// With `justify`, a closing mark at the end gives up its blank half and the line is set to
/// `avail` exactly: squeezed by shrinking full-width marks, or spread over the gaps. Without,
/// the line keeps its natural width unless it must be squeezed to fit.
pub fn set_line(items: &[Item], line: Range<usize>, avail: f32, justify: bool) -> (Vec<f32>, f32) {
    let all = line.clone();
    let vis = visible(items, line);
    let its = &items[vis.clone()];
    let (natural, shrink) = measure_line(items, vis.clone());
    // Per-item reductions.
    let mut cut = vec![0.0f32; its.len()];
    let mut width = natural;
    if let Some(last) = its.last() {
        if justify && last.closing && last.shrink > 0.0 {
            let k = its.len() - 1;
            cut[k] = last.shrink;
            width -= last.shrink;
        }
    }
    if width > avail {
        let left = shrink - cut.iter().sum::<f32>();
        if left > 0.0 {
            let ratio = ((width - avail) / left).min(1.0);
            for (k, it) in its.iter().enumerate() {
                if cut[k] == 0.0 {
                    cut[k] = it.shrink * ratio;
                }
            }
            width -= left * ratio;
        }
    }
    let mut extra = 0.0;
    let mut stretch_all = false;
    if justify && width < avail && its.len() > 1 {
        let gaps = its[1..].iter().filter(|i| i.stretch_before).count();
        stretch_all = gaps == 0;
        let gaps = if stretch_all { its.len() - 1 } else { gaps };
        extra = (avail - width) / gaps as f32;
        width = avail;
    }
    let mut xs = Vec::with_capacity(all.len());
    let mut pen = 0.0f32;
    for (k, it) in its.iter().enumerate() {
        if k > 0 {
            pen += it.glue;
            if stretch_all || it.stretch_before {
                pen += extra;
            }
        }
        // A shrunk opening mark moves left into its blank half; a closing one keeps its place.
        let shift = if it.closing {
            it.shift
        } else {
            it.shift - cut[k]
        };
        xs.push(pen + shift);
        pen += it.width - cut[k];
    }
    // Trailing whitespace sits after the line's end.
    for _ in vis.end..all.end {
        xs.push(pen);
    }
    (xs, width)
}

#[cfg(test)]
mod tests;
