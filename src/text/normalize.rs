//! Text clean-up between decoding and structure. Pure.
//!
//! Each step is on by default, can be switched off in [`NormalizeOptions`], and is counted in
//! [`Normalized::notes`] whenever it changed something:
//! - newlines: CRLF, CR and U+2028/U+2029 become LF;
//! - control characters: C0 (except TAB and newlines), DEL and C1 are removed;
//! - zero-width characters (U+200B, U+200C, U+2060) and BOMs (U+FEFF) inside the text are
//!   removed; U+200D is kept because it joins emoji sequences;
//! - HTML tags and comments (`<p>`, `</P>`, `<BR>`, `<img …>`, `<!-- -->`, `<script>…`) are
//!   removed, block tags becoming line breaks ([`super::markup`]); only HTML element names
//!   count, so `a<b` or `<<书名>>` stay text;
//! - HTML character references (`&nbsp;`, `&amp;`, `&ldquo;`, `&#12288;`, `&#x3000;`, …) are
//!   decoded, once: `&amp;nbsp;` becomes the text `&nbsp;`. Unknown names are left as they are;
//! - trailing white space (including U+3000 and U+00A0) is trimmed from every line;
//! - off by default: leading indentation (ASCII spaces, TAB, U+3000, U+00A0) stripped. The
//!   structurer needs it as a signal (a flush line may be a header, an indented one is body)
//!   and trims every line itself; the writers re-indent;
//! - runs of blank lines become one blank line, and blank lines at the end are dropped. A single
//!   blank first line is kept, because some sources mark an empty first field that way;
//! - off by default: full-width ASCII letters and digits (`６月１２日`) narrowed to ASCII.
//!
//! NFKC is never applied: it would turn Chinese full-width punctuation (`：！（）`) into ASCII.

/// Which normalisation steps run. `Default` is the documented default: everything on except
/// full-width narrowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NormalizeOptions {
    /// CRLF, CR, U+2028 and U+2029 → LF.
    pub newlines: bool,
    /// Remove C0 (except TAB, LF, CR), DEL and C1 control characters.
    pub control_chars: bool,
    /// Remove zero-width characters and BOMs inside the text.
    pub zero_width: bool,
    /// Remove HTML tags and comments.
    pub markup: bool,
    /// Decode HTML character references.
    pub entities: bool,
    /// Trim trailing white space from every line.
    pub trailing_space: bool,
    /// Strip leading indentation from every line.
    pub indentation: bool,
    /// Collapse runs of blank lines.
    pub blank_lines: bool,
    /// Narrow full-width ASCII letters and digits (U+FF10–FF19, FF21–FF3A, FF41–FF5A).
    pub narrow_fullwidth: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            newlines: true,
            control_chars: true,
            zero_width: true,
            markup: true,
            entities: true,
            trailing_space: true,
            // Off by default: indentation is the structurer's best signal of a body paragraph
            // (People's Daily header lines are flush, body lines indented), and it trims every
            // line itself; the writers re-indent.
            indentation: false,
            blank_lines: true,
            narrow_fullwidth: false,
        }
    }
}

/// Normalised text and notes on what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// One note per kind of change made, e.g. `converted 12 CRLF newlines to LF`.
    pub notes: Vec<String>,
}

/// Normalises with the default options.
pub fn normalize(text: &str) -> Normalized {
    normalize_with(text, &NormalizeOptions::default())
}

/// How often each step changed something.
#[derive(Debug, Default)]
struct Counts {
    crlf: usize,
    cr: usize,
    separators: usize,
    controls: usize,
    zero_width: usize,
    tags: usize,
    markup_blocks: usize,
    entities: usize,
    narrowed: usize,
    trailing: usize,
    indented: usize,
    blank_runs: usize,
}

/// Normalises `text` with the steps `opts` switches on.
pub fn normalize_with(text: &str, opts: &NormalizeOptions) -> Normalized {
    let mut counts = Counts::default();
    let stripped = if opts.markup {
        let (t, removed) = super::markup::strip(text);
        counts.tags = removed.tags;
        counts.markup_blocks = removed.blocks;
        t
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let chars = char_pass(&stripped, opts, &mut counts);
    let text = line_pass(&chars, opts, &mut counts);
    Normalized {
        text,
        notes: notes(&counts),
    }
}

fn notes(c: &Counts) -> Vec<String> {
    let items = [
        (c.crlf, "converted {} CRLF newlines to LF"),
        (c.cr, "converted {} CR newlines to LF"),
        (
            c.separators,
            "converted {} Unicode line/paragraph separators to LF",
        ),
        (c.controls, "removed {} control characters"),
        (
            c.zero_width,
            "removed {} zero-width characters and byte-order marks inside the text",
        ),
        (c.tags, "removed {} HTML tags"),
        (
            c.markup_blocks,
            "removed {} HTML comments and script, style or iframe elements",
        ),
        (c.entities, "decoded {} HTML character references"),
        (
            c.narrowed,
            "narrowed {} full-width letters and digits to ASCII",
        ),
        (c.trailing, "trimmed trailing white space on {} lines"),
        (c.indented, "removed leading indentation from {} lines"),
        (c.blank_runs, "collapsed {} runs of blank lines"),
    ];
    items
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, template)| template.replacen("{}", &n.to_string(), 1))
        .collect()
}

/// Whether the character starting at `bytes[i]` may be changed by the character pass. Exact
/// on the UTF-8 bytes, so common characters that share a lead byte with the ones changed (the
/// quotes U+201C/D after E2 80, the full-width punctuation after EF BC, U+00A0 after C2) are
/// copied in runs without being decoded.
#[inline(always)]
fn may_change(bytes: &[u8], i: usize, narrow: bool) -> bool {
    let b = bytes[i];
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match b {
        b'\n' | b'\t' => false,
        0x00..=0x1F | b'&' | 0x7F => true,
        0xC2 => (0x80..=0x9F).contains(&at(1)),
        0xE2 => matches!(
            (at(1), at(2)),
            (0x80, 0x8B | 0x8C | 0xA8 | 0xA9) | (0x81, 0xA0)
        ),
        0xEF => match (at(1), at(2)) {
            (0xBB, 0xBF) => true,
            (0xBC, 0x90..=0x99 | 0xA1..=0xBA) | (0xBD, 0x81..=0x9A) => narrow,
            _ => false,
        },
        _ => false,
    }
}

/// Bytes that may start a character [`may_change`] accepts: a first, cheap filter.
const CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != b'\n' as usize && b != b'\t' as usize;
        b += 1;
    }
    t[b'&' as usize] = true;
    t[0x7F] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t[0xEF] = true;
    t
};

/// Newlines, control characters, zero-width characters, entities and width, in one pass.
fn char_pass(text: &str, opts: &NormalizeOptions, counts: &mut Counts) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i..].iter().position(|&b| CANDIDATE[b as usize]) {
            Some(skip) => i += skip,
            None => break,
        }
        if !may_change(bytes, i, opts.narrow_fullwidth) {
            i += 1;
            continue;
        }
        out.push_str(&text[run_start..i]);
        let c = text[i..].chars().next().expect("i is a char boundary");
        let mut next = i + c.len_utf8();
        match c {
            '\r' if opts.newlines => {
                if bytes.get(next) == Some(&b'\n') {
                    next += 1;
                    counts.crlf += 1;
                } else {
                    counts.cr += 1;
                }
                out.push('\n');
            }
            '&' if opts.entities => match entity(&text[i..]) {
                Some((decoded, len)) => {
                    counts.entities += 1;
                    next = i + len;
                    // The decoded character goes through the same rules (an `&#13;` is a
                    // newline, an `&#1;` a control character), but is never decoded again.
                    if decoded != '&' {
                        char_rule(decoded, opts, counts, &mut out);
                    } else {
                        out.push('&');
                    }
                }
                None => out.push('&'),
            },
            c => char_rule(c, opts, counts, &mut out),
        }
        i = next;
        run_start = next;
    }
    out.push_str(&text[run_start..]);
    out
}

/// Applies the per-character rules to one character and appends the result.
fn char_rule(c: char, opts: &NormalizeOptions, counts: &mut Counts, out: &mut String) {
    match c {
        '\r' if opts.newlines => {
            counts.cr += 1;
            out.push('\n');
        }
        '\u{2028}' | '\u{2029}' if opts.newlines => {
            counts.separators += 1;
            out.push('\n');
        }
        '\t' | '\n' | '\r' => out.push(c),
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' if opts.control_chars => counts.controls += 1,
        '\u{200B}' | '\u{200C}' | '\u{2060}' | '\u{FEFF}' if opts.zero_width => {
            counts.zero_width += 1
        }
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}'
            if opts.narrow_fullwidth =>
        {
            counts.narrowed += 1;
            out.push(char::from_u32(c as u32 - 0xFEE0).expect("ASCII"));
        }
        c => out.push(c),
    }
}

/// Named references common in scraped Chinese news, and the XML five.
const NAMED: &[(&str, char)] = &[
    ("nbsp", '\u{A0}'),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("ldquo", '\u{201C}'),
    ("rdquo", '\u{201D}'),
    ("lsquo", '\u{2018}'),
    ("rsquo", '\u{2019}'),
    ("mdash", '\u{2014}'),
    ("ndash", '\u{2013}'),
    ("hellip", '\u{2026}'),
    ("middot", '\u{B7}'),
    ("times", '\u{D7}'),
    ("divide", '\u{F7}'),
    ("deg", '\u{B0}'),
    ("copy", '\u{A9}'),
    ("reg", '\u{AE}'),
    ("yen", '\u{A5}'),
    ("bull", '\u{2022}'),
    ("laquo", '\u{AB}'),
    ("raquo", '\u{BB}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
];

/// Decodes the character reference at the start of `s` (which starts with `&`): a name from
/// [`NAMED`] (case-sensitive, as in HTML) or a decimal/hex number, each ending in `;`.
/// Returns the character and the reference's length in bytes.
fn entity(s: &str) -> Option<(char, usize)> {
    let body = &s.as_bytes()[1..];
    let end = body.iter().take(12).position(|&b| b == b';')?;
    let name = &s[1..1 + end];
    let len = end + 2;
    if let Some(num) = name.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()?
            }
            None if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) => {
                num.parse().ok()?
            }
            _ => return None,
        };
        // NUL and surrogates are not characters; leave the reference as it is.
        return char::from_u32(value)
            .filter(|&c| c != '\0')
            .map(|c| (c, len));
    }
    NAMED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, c)| (c, len))
}

fn is_indent(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{A0}')
}

/// Trailing white space, indentation and blank lines, line by line. A final newline is kept
/// when the text had one.
fn line_pass(text: &str, opts: &NormalizeOptions, counts: &mut Counts) -> String {
    if text.is_empty() {
        return String::new();
    }
    let ends_with_newline = text.ends_with('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    // Blank lines seen since the last non-blank line, not yet written.
    let mut pending_blanks = 0usize;
    let mut wrote_any = false;
    for raw in body.split('\n') {
        let mut line = raw;
        if opts.trailing_space {
            // A CR kept because newline conversion is off is not trailing space.
            let trimmed = line.trim_end_matches(|c: char| c.is_whitespace() && c != '\r');
            if trimmed.len() != line.len() {
                counts.trailing += 1;
            }
            line = trimmed;
        }
        if opts.indentation {
            let stripped = line.trim_start_matches(is_indent);
            if stripped.len() != line.len() {
                counts.indented += 1;
            }
            line = stripped;
        }
        if opts.blank_lines && line.trim().is_empty() {
            pending_blanks += 1;
            continue;
        }
        if pending_blanks > 0 {
            if pending_blanks > 1 {
                counts.blank_runs += 1;
            }
            // One blank line stands for the run, also before the first line.
            out.push('\n');
            pending_blanks = 0;
        }
        out.push_str(line);
        out.push('\n');
        wrote_any = true;
    }
    if pending_blanks > 0 {
        // Blank lines at the end are dropped (a blank-only text becomes empty).
        counts.blank_runs += 1;
    }
    if wrote_any && !ends_with_newline {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step on except narrowing, as `normalize:` with `indentation: true`.
    fn on(text: &str) -> Normalized {
        normalize_with(
            text,
            &NormalizeOptions {
                indentation: true,
                ..NormalizeOptions::default()
            },
        )
    }

    #[test]
    fn every_newline_form_becomes_lf() {
        let n = on("a\r\nb\rc\u{2028}d\n");
        assert_eq!(n.text, "a\nb\nc\nd\n");
        assert_eq!(
            n.notes,
            [
                "converted 1 CRLF newlines to LF",
                "converted 1 CR newlines to LF",
                "converted 1 Unicode line/paragraph separators to LF"
            ]
        );
    }

    #[test]
    fn clean_text_is_untouched_and_silent() {
        for text in ["本报讯\n正文", "本报讯\n\n正文\n", "\n标题\n\n正文\n"] {
            let n = on(text);
            assert_eq!(n.text, text);
            assert!(n.notes.is_empty(), "{:?}", n.notes);
        }
    }

    #[test]
    fn control_and_zero_width_characters_are_removed_but_tabs_and_zwj_kept() {
        let n = on("本\u{0}报\u{7}讯\u{85}\u{200B}正\u{FEFF}文\u{2060}\t👩\u{200D}💻");
        assert_eq!(n.text, "本报讯正文\t👩\u{200D}💻");
        assert_eq!(
            n.notes,
            [
                "removed 3 control characters",
                "removed 3 zero-width characters and byte-order marks inside the text"
            ]
        );
    }

    #[test]
    fn html_references_are_decoded_once() {
        let n = on("A&amp;B &lt;b&gt; &ldquo;新闻&rdquo;&mdash;&hellip;&middot;&times;&#12288;&#x3000;&#X41;&amp;nbsp;");
        assert_eq!(
            n.text,
            "A&B <b> \u{201C}新闻\u{201D}\u{2014}\u{2026}\u{B7}\u{D7}\u{3000}\u{3000}A&nbsp;"
        );
        assert_eq!(n.notes, ["decoded 13 HTML character references"]);
    }

    #[test]
    fn unknown_or_unterminated_references_stay() {
        let text = "AT&T &foo; &#; &#xZZ; &#0; &amp ok & done";
        let n = on(text);
        assert_eq!(n.text, text);
        assert!(n.notes.is_empty());
    }

    #[test]
    fn nbsp_indentation_from_scrapers_is_decoded_then_stripped() {
        let n = on("&nbsp;&nbsp;&nbsp;&nbsp;新华网北京电\r\n");
        assert_eq!(n.text, "新华网北京电\n");
        assert_eq!(
            n.notes,
            [
                "converted 1 CRLF newlines to LF",
                "decoded 4 HTML character references",
                "removed leading indentation from 1 lines"
            ]
        );
    }

    #[test]
    fn indentation_and_trailing_space_go_but_inner_spaces_stay() {
        let n = on("　　第一段　内容。 \u{A0}\n  \t第二段\u{3000}\n\u{A0}第三段");
        assert_eq!(n.text, "第一段　内容。\n第二段\n第三段");
        assert_eq!(
            n.notes,
            [
                "trimmed trailing white space on 2 lines",
                "removed leading indentation from 3 lines"
            ]
        );
    }

    #[test]
    fn blank_line_runs_collapse_to_one_and_trailing_blanks_go() {
        let n = on("\n标题\n\n\n　　\n正文\n\n\n");
        assert_eq!(n.text, "\n标题\n\n正文\n");
        assert!(n
            .notes
            .contains(&"collapsed 2 runs of blank lines".to_string()));
    }

    #[test]
    fn full_width_letters_and_digits_are_kept_unless_asked() {
        let text = "６月１２日，ＣＥＯ表示：（ｉＰｈｏｎｅ）！";
        assert_eq!(on(text).text, text);
        let opts = NormalizeOptions {
            narrow_fullwidth: true,
            ..NormalizeOptions::default()
        };
        let n = normalize_with(text, &opts);
        assert_eq!(n.text, "6月12日，CEO表示：（iPhone）！");
        assert_eq!(
            n.notes,
            ["narrowed 12 full-width letters and digits to ASCII"]
        );
    }

    #[test]
    fn every_step_can_be_switched_off() {
        let text = "　　A&amp;B\u{0}\u{200B} <p>\r\n\n\n\n６";
        let off = NormalizeOptions {
            newlines: false,
            control_chars: false,
            zero_width: false,
            markup: false,
            entities: false,
            trailing_space: false,
            indentation: false,
            blank_lines: false,
            narrow_fullwidth: false,
        };
        let n = normalize_with(text, &off);
        assert_eq!(n.text, text);
        assert!(n.notes.is_empty());
    }
}
