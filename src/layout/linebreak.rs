//! Line breaking for Chinese text with basic kinsoku (禁则).
//!
//! Text is cut into unbreakable clusters: one Han character; a run of Latin letters and digits;
//! `——` and `……` pairs. A mark that may not start a line (`，。）》”` …) joins the cluster before
//! it; a mark that may not end a line (`（《“` …) joins the cluster after it. Lines are then
//! filled greedily with whole clusters.

use super::{Face, Metrics};
use std::ops::Range;

/// Characters that may not start a line.
pub const NO_START: &str = "，。、；：？！）》」』】〕〉”’…—·‧・%％‰,.;:?!)]}>%";
/// Characters that may not end a line.
pub const NO_END: &str = "（《「『【〔〈“‘([{<";

/// One line cut from a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLine {
    /// Byte range of the line in the paragraph text.
    pub range: Range<usize>,
    /// Natural width of its characters, in points.
    pub natural: f32,
    /// Indent before it, in points.
    pub indent: f32,
    /// Number of characters.
    pub chars: usize,
    /// Whether it is the paragraph's last line.
    pub last: bool,
}

impl BrokenLine {
    /// The character spacing that makes this line fill `measure` exactly, capped so that a line
    /// broken early by a long unbreakable run is not spread into gaps wider than half an em.
    pub fn justify_spacing(&self, measure: f32) -> f32 {
        if self.chars < 2 {
            return 0.0;
        }
        let spare = measure - self.indent - self.natural;
        let spacing = spare / (self.chars - 1) as f32;
        if spacing > 0.0 && spacing * 2.0 > self.natural / self.chars as f32 {
            0.0
        } else {
            spacing.max(0.0)
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
        || "@#&_-+'/.".contains(c) && c.is_ascii()
}

/// A cluster: byte range and width.
struct Cluster {
    range: Range<usize>,
    width: f32,
    chars: usize,
}

fn clusters(text: &str, size: f32, face: Face, metrics: &dyn Metrics) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::new();
    let mut glue_next = false;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let w = metrics.advance(face, c) * size;
        let end = i + c.len_utf8();
        let joins_prev = !out.is_empty()
            && (glue_next
                || NO_START.contains(c)
                || (is_word_char(c) && prev.is_some_and(is_word_char))
                || (matches!(c, '—' | '…') && prev == Some(c)));
        if joins_prev {
            let last = out.last_mut().unwrap();
            last.range.end = end;
            last.width += w;
            last.chars += 1;
        } else {
            out.push(Cluster {
                range: i..end,
                width: w,
                chars: 1,
            });
        }
        glue_next = NO_END.contains(c);
        prev = Some(c);
    }
    out
}

/// Breaks `text` into lines of at most `measure` points; the first line is indented by
/// `first_indent`. A cluster wider than a whole line is split between characters.
pub fn break_lines(
    text: &str,
    measure: f32,
    first_indent: f32,
    size: f32,
    face: Face,
    metrics: &dyn Metrics,
) -> Vec<BrokenLine> {
    let mut lines = Vec::new();
    let mut indent = first_indent;
    let mut start = 0usize;
    let mut width = 0.0f32;
    let mut chars = 0usize;
    let mut push =
        |lines: &mut Vec<BrokenLine>, end: usize, width: f32, chars: usize, indent: f32| {
            lines.push(BrokenLine {
                range: start..end,
                natural: width,
                indent,
                chars,
                last: false,
            });
            start = end;
        };
    for cl in clusters(text, size, face, metrics) {
        let avail = measure - indent;
        if chars > 0 && width + cl.width > avail + 1e-3 {
            push(&mut lines, cl.range.start, width, chars, indent);
            indent = 0.0;
            width = 0.0;
            chars = 0;
        }
        if cl.width > measure - indent + 1e-3 {
            // An unbreakable run longer than a line (a URL): split it by characters.
            for (off, c) in text[cl.range.clone()].char_indices() {
                let w = metrics.advance(face, c) * size;
                if chars > 0 && width + w > measure - indent + 1e-3 {
                    push(&mut lines, cl.range.start + off, width, chars, indent);
                    indent = 0.0;
                    width = 0.0;
                    chars = 0;
                }
                width += w;
                chars += 1;
            }
            continue;
        }
        width += cl.width;
        chars += cl.chars;
    }
    if chars > 0 {
        push(&mut lines, text.len(), width, chars, indent);
    }
    if let Some(l) = lines.last_mut() {
        l.last = true;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::Monospace;

    fn lines_of(text: &str, measure_chars: usize) -> Vec<String> {
        break_lines(
            text,
            measure_chars as f32 * 10.0,
            0.0,
            10.0,
            Face::Body,
            &Monospace,
        )
        .into_iter()
        .map(|l| text[l.range].to_string())
        .collect()
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // Five per line would put "，" first on line 2: it is pulled back with "四".
        let lines = lines_of("一二三四五，六七八九十", 5);
        assert!(
            lines
                .iter()
                .all(|l| !NO_START.contains(l.chars().next().unwrap())),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), "一二三四五，六七八九十");
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let lines = lines_of("一二三四《五六》七八", 5);
        assert!(
            lines
                .iter()
                .all(|l| !NO_END.contains(l.chars().last().unwrap())),
            "{lines:?}"
        );
    }

    #[test]
    fn dashes_and_ellipses_stay_whole_and_latin_words_unbroken() {
        let lines = lines_of("一二三四——五六七八……九十", 5);
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with('—') && !l.starts_with('…')),
            "{lines:?}"
        );
        let lines = lines_of("一二三abcdef四五", 5);
        assert!(lines.iter().any(|l| l.contains("abcdef")), "{lines:?}");
    }

    #[test]
    fn overlong_runs_are_split_rather_than_overflow() {
        let url = "http://example.com/aaaaaaaaaaaaaaaaaaaaaaaa";
        for l in break_lines(url, 50.0, 0.0, 10.0, Face::Body, &Monospace) {
            assert!(l.natural <= 50.0 + 1e-3);
        }
    }
}
