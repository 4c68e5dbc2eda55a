//! HTML remnants in article text: the `<p>…</p>`, `<BR>`, `<div id="Content1">`, `<img …>`,
//! `<iframe>…</iframe>` and comments that web archives keep inside the text. Pure.
//!
//! Only tags of HTML elements count (a closed list of element names, any letter case, with
//! well-formed attributes ending on the same line within [`MAX_TAG_BYTES`]), so text such as
//! `a<b 与 c>d` or `<<三国演义>>` is never touched. Block elements (`p`, `div`, `br`, `li`,
//! `tr`, `h1`…) become a line break, inline ones (`span`, `strong`, `a`, `img`…) nothing; the
//! content of `script`, `style`, `iframe`, `noscript`, `object` and comments goes with them.
//! Character references are left to the next step, so `&lt;p&gt;` stays the text `<p>`.

use std::borrow::Cow;

/// Longest tag, in bytes (an `<img>` with a long `src` and `alt`).
const MAX_TAG_BYTES: usize = 2048;

/// Elements whose tags end a line.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];
/// Elements whose tags are removed without a line break.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "img", "ins", "del", "label",
    "mark", "nobr", "q", "s", "small", "source", "span", "strike", "strong", "sub", "sup", "tt",
    "u", "wbr",
];
/// Elements removed with everything inside them.
const DROP: &[&str] = &[
    "audio", "embed", "iframe", "noscript", "object", "script", "style", "video",
];

/// What was removed: tags and comments, counted for the article's warnings.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Removed {
    /// Element tags removed (each opening and closing tag counts).
    pub tags: usize,
    /// Comments and dropped element contents removed.
    pub blocks: usize,
}

/// A tag at the start of `s` (which starts with `<`): its byte length, its lower-case element
/// name and whether it closes.
fn tag(s: &str) -> Option<(usize, String, bool)> {
    let b = s.as_bytes();
    let mut i = 1;
    let closing = b.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    if !BLOCK.contains(&name.as_str())
        && !INLINE.contains(&name.as_str())
        && !DROP.contains(&name.as_str())
    {
        return None;
    }
    match b.get(i) {
        Some(b'>') => return Some((i + 1, name, closing)),
        Some(b'/') if b.get(i + 1) == Some(&b'>') => return Some((i + 2, name, closing)),
        Some(c) if c.is_ascii_whitespace() => {}
        _ => return None,
    }
    // Attributes: up to the first `>` outside quotes, on this line, without another `<`.
    let mut quote = None;
    while i < b.len() && i < MAX_TAG_BYTES {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return Some((i + 1, name, closing)),
            None if c == b'<' || c == b'\n' => return None,
            None => {}
        }
        i += 1;
    }
    None
}

/// Removes HTML tags and comments; borrows when there are none.
pub fn strip(text: &str) -> (Cow<'_, str>, Removed) {
    let mut removed = Removed::default();
    if !text.contains('<') {
        return (Cow::Borrowed(text), removed);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(at) = text[i..].find('<') {
        let start = i + at;
        let rest = &text[start..];
        if let Some(body) = rest.strip_prefix("<!--") {
            if let Some(end) = body.find("-->") {
                out.push_str(&text[copied..start]);
                i = start + 4 + end + 3;
                copied = i;
                removed.blocks += 1;
                continue;
            }
        }
        let Some((len, name, closing)) = tag(rest) else {
            i = start + 1;
            continue;
        };
        out.push_str(&text[copied..start]);
        removed.tags += 1;
        let mut next = start + len;
        if DROP.contains(&name.as_str()) && !closing {
            // Everything up to the matching closing tag (or the end) goes.
            let close = format!("</{name}");
            let lower = text[next..].to_ascii_lowercase();
            if let Some(end) = lower.find(&close) {
                let after = next + end;
                let tail = tag(&text[after..]).map_or(close.len(), |(l, _, _)| l);
                next = after + tail;
                removed.tags += 1;
            }
            removed.blocks += 1;
        } else if BLOCK.contains(&name.as_str()) && !out.ends_with('\n') {
            out.push('\n');
        }
        i = next;
        copied = next;
    }
    out.push_str(&text[copied..]);
    (Cow::Owned(out), removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> String {
        strip(t).0.into_owned()
    }

    #[test]
    fn paragraph_tags_become_line_breaks() {
        assert_eq!(
            s("<p>　　第一段。</p>\n<p>第二段。</p>"),
            "\n　　第一段。\n\n第二段。\n"
        );
        assert_eq!(s("甲<BR>乙<br/>丙"), "甲\n乙\n丙");
    }

    #[test]
    fn inline_tags_go_without_a_break_and_attributes_may_hold_anything() {
        assert_eq!(
            s(r#"<p style="text-align: center;"><img alt="a>b" src="x.jpg"></p>"#),
            "\n"
        );
        assert_eq!(s("<strong>小标题</strong>"), "小标题");
        assert_eq!(s(r#"<a href="http://x/?a=1&b=2">链接</a>"#), "链接");
    }

    #[test]
    fn scripts_iframes_and_comments_go_with_their_content() {
        assert_eq!(s("甲<script>var a = 1 < 2;</script>乙"), "甲乙");
        assert_eq!(s("甲<!-- 注释 -->乙"), "甲乙");
        assert_eq!(
            s(r#"甲<iframe src="https://youtube.com/x"></iframe>乙"#),
            "甲乙"
        );
        let (_, r) = strip("<p>甲</p><!-- x -->");
        assert_eq!(r, Removed { tags: 2, blocks: 1 });
    }

    #[test]
    fn text_that_only_looks_like_markup_is_kept() {
        for t in [
            "a<b 与 c",
            "<<三国演义>>",
            "1 < 2 > 0",
            "<doc>",
            "<title>题</title>",
            "x<p\ny>",
        ] {
            assert_eq!(s(t), t, "{t}");
        }
        assert!(matches!(strip("无标签").0, Cow::Borrowed(_)));
    }
}
