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

/// Prepares the items of `text` set at `size` in `face`.
pub fn items(
    text: &str,
    size: f32,
    face: Face,
    level: Kinsoku,
    metrics: &dyn Metrics,
) -> Vec<Item> {
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
        let closing = full && CLOSING.contains(c);
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
            if prev.closing && prev.shrink > 0.0 && (closing || opening) {
                prev.width -= half;
                prev.shrink = 0.0;
            } else if opening && OPENING.contains(p) && prev.width >= 0.9 * size {
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
    level: Kinsoku,
    metrics: &dyn Metrics,
) -> (Vec<Item>, Vec<BrokenLine>) {
    let items = items(text, size, face, level, metrics);
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
mod tests {
    use super::*;
    use crate::layout::tests::Monospace;

    /// Breaks with a measure of `chars` one-em characters at 10 pt.
    fn lines_at(text: &str, chars: usize, level: Kinsoku) -> Vec<String> {
        let (_, lines) = break_lines(
            text,
            chars as f32 * 10.0,
            0.0,
            10.0,
            Face::Body,
            level,
            &Monospace,
        );
        lines
            .into_iter()
            .map(|l| text[l.range].to_string())
            .collect()
    }

    fn lines_of(text: &str, chars: usize) -> Vec<String> {
        lines_at(text, chars, Kinsoku::Basic)
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // Five per line would put "，" first on line 2: it is squeezed in or pulled back.
        let lines = lines_of("一二三四五，六七八九十一二", 5);
        assert!(
            lines
                .iter()
                .all(|l| !NO_START.contains(l.chars().next().unwrap())),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), "一二三四五，六七八九十一二");
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let lines = lines_of("一二三四《五六》七八九十", 5);
        assert!(
            lines
                .iter()
                .all(|l| !NO_END.contains(l.chars().last().unwrap())),
            "{lines:?}"
        );
        assert_eq!(lines[0], "一二三四", "《 goes down with 五: {lines:?}");
    }

    #[test]
    fn an_opening_mark_followed_by_a_space_still_does_not_end_a_line() {
        let lines = lines_of("一二三四“ 五六七八九十", 5);
        assert!(
            lines.iter().all(|l| !l.trim_end().ends_with('“')),
            "{lines:?}"
        );
    }

    #[test]
    fn without_kinsoku_punctuation_may_start_a_line() {
        let lines = lines_at("一二三四五六。七八九十", 5, Kinsoku::None);
        assert_eq!(lines[1].chars().next(), Some('六'), "{lines:?}");
        let lines = lines_at("一二三四五六。七八九十一二", 6, Kinsoku::None);
        assert!(lines[1].starts_with('。'), "{lines:?}");
    }

    #[test]
    fn strict_level_also_keeps_middle_dots_off_the_line_start() {
        let text = "一二三四五·六七八九十";
        assert!(lines_at(text, 5, Kinsoku::Basic)[1].starts_with('·'));
        assert!(!lines_at(text, 5, Kinsoku::Strict)[1].starts_with('·'));
    }

    #[test]
    fn dashes_and_ellipses_stay_whole() {
        for text in ["一二三四——五六七八九十", "一二三四……五六七八九十"]
        {
            let lines = lines_of(text, 5);
            assert!(
                lines.iter().any(|l| l.contains("——") || l.contains("……")),
                "{lines:?}"
            );
            assert_eq!(lines.concat(), text);
        }
    }

    #[test]
    fn latin_words_and_digit_runs_are_not_broken_inside() {
        let lines = lines_of("一二三abcdef四五六七", 5);
        assert!(lines.iter().any(|l| l.contains("abcdef")), "{lines:?}");
        let lines = lines_of("一二三四2019年五六七八", 5);
        assert!(lines.iter().any(|l| l.contains("2019")), "{lines:?}");
    }

    #[test]
    fn squeeze_before_push_keeps_a_character_on_the_line() {
        // "一，二，三四" is 6 em wide; squeezing both commas to half width makes 5 em.
        let text = "一，二，三四五六七八";
        let lines = lines_of(text, 5);
        assert_eq!(lines[0], "一，二，三四", "{lines:?}");
        let (items, lines) = break_lines(
            text,
            50.0,
            0.0,
            10.0,
            Face::Body,
            Kinsoku::Basic,
            &Monospace,
        );
        let (xs, width) = set_line(&items, lines[0].items.clone(), 50.0, true);
        assert!((width - 50.0).abs() < 0.01);
        assert_eq!(xs, vec![0.0, 10.0, 15.0, 25.0, 30.0, 40.0]);
    }

    #[test]
    fn adjacent_full_width_marks_are_compressed() {
        let its = items("说：“好。”他", 10.0, Face::Body, Kinsoku::Basic, &Monospace);
        let widths: Vec<f32> = its.iter().map(|i| i.width).collect();
        // "：" before "“" and "。" before "”" give up half an em each.
        assert_eq!(widths, vec![10.0, 5.0, 10.0, 10.0, 5.0, 10.0, 10.0]);
        let its = items("（《书》）", 10.0, Face::Body, Kinsoku::Basic, &Monospace);
        // Second of two opening marks moves left into its blank half.
        assert_eq!(its[1].shift, -5.0);
        assert_eq!(its[1].width, 5.0);
        assert_eq!(its[3].width, 5.0, "）follows 》: 》 is compressed");
    }

    #[test]
    fn an_opening_mark_after_a_narrow_character_is_not_squeezed() {
        let its = items("一;“二", 10.0, Face::Body, Kinsoku::Basic, &Monospace);
        assert_eq!(its[2].shrink, 0.0);
        let its = items("一“二", 10.0, Face::Body, Kinsoku::Basic, &Monospace);
        assert_eq!(its[1].shrink, 5.0);
    }

    #[test]
    fn a_closing_mark_ending_a_justified_line_is_set_half_width() {
        let text = "一二三四，五六七八九";
        let (items, lines) = break_lines(
            text,
            50.0,
            0.0,
            10.0,
            Face::Body,
            Kinsoku::Basic,
            &Monospace,
        );
        assert_eq!(&text[lines[0].range.clone()], "一二三四，");
        let (xs, width) = set_line(&items, lines[0].items.clone(), 50.0, true);
        assert!((width - 50.0).abs() < 0.01);
        // Half an em spread over four gaps: 一 at 0, 二 at 11.25 …, ， at 45 (its ink ends at 50).
        assert!((xs[1] - 11.25).abs() < 0.01, "{xs:?}");
        assert!((xs[4] - 45.0).abs() < 0.01, "{xs:?}");
    }

    #[test]
    fn proportional_quotes_are_set_full_width_with_the_ink_against_the_text() {
        /// Quotes a third of an em wide, as Noto CJK has them.
        struct NarrowQuotes;
        impl Metrics for NarrowQuotes {
            fn advance(&self, _: Face, c: char) -> f32 {
                if "“”‘’".contains(c) {
                    0.3
                } else {
                    1.0
                }
            }
        }
        let its = items("说“好”", 10.0, Face::Body, Kinsoku::Basic, &NarrowQuotes);
        assert_eq!(its[1].width, 10.0);
        assert!(
            (its[1].shift - 7.0).abs() < 1e-4,
            "“ sits at the right of its em"
        );
        assert_eq!((its[3].width, its[3].shift), (10.0, 0.0));
        let (xs, width) = set_line(&its, 0..4, 100.0, false);
        assert!(
            (xs[1] - 17.0).abs() < 1e-4 && xs[2] == 20.0 && xs[3] == 30.0,
            "{xs:?}"
        );
        assert_eq!(width, 40.0);
    }

    #[test]
    fn han_and_latin_are_separated_by_a_quarter_em() {
        let its = items("用AI写", 10.0, Face::Body, Kinsoku::Basic, &Monospace);
        let glue: Vec<f32> = its.iter().map(|i| i.glue).collect();
        assert_eq!(glue, vec![0.0, 2.5, 0.0, 2.5]);
        let (xs, width) = set_line(&its, 0..its.len(), 100.0, false);
        assert_eq!(xs, vec![0.0, 12.5, 17.5, 25.0]);
        assert_eq!(width, 35.0);
    }

    #[test]
    fn the_last_line_never_holds_a_lone_character() {
        // Greedy would leave "十" (with its full stop) alone on line 3.
        let lines = lines_of("一二三四五六七八九十。", 5);
        let last = lines.last().unwrap();
        assert!(
            last.chars().filter(|&c| is_letter(c)).count() >= 2,
            "{lines:?}"
        );
        assert_eq!(lines.concat(), "一二三四五六七八九十。");
    }

    #[test]
    fn overlong_runs_are_split_rather_than_overflow() {
        let url = "http://example.com/aaaaaaaaaaaaaaaaaaaaaaaa";
        let (items, lines) =
            break_lines(url, 50.0, 0.0, 10.0, Face::Body, Kinsoku::Basic, &Monospace);
        for l in lines {
            let (_, width) = set_line(&items, l.items, 50.0, false);
            assert!(width <= 50.0 + 1e-3);
        }
    }
}
