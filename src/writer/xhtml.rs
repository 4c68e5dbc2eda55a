//! The only markup renderer: an article as an XHTML5 content document (also the EPUB chapter,
//! byte for byte), and the stylesheet that goes beside it.

use super::{Artifact, Warned, Writer};
use crate::error::ArticleError;
use crate::model::{Article, BlockKind, CreditKind};
use crate::options::{Format, XhtmlOptions};
use std::fmt::Write as _;

/// File name of the stylesheet, beside the documents that link it.
pub const STYLESHEET_NAME: &str = "newsbind.css";

/// The stylesheet: W3C clreq basics — 2-em first-line indent, no space between paragraphs,
/// justified text, strict line breaking, CJK font stacks.
pub const STYLESHEET: &str = r#"@charset "UTF-8";
html {
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif;
  line-height: 1.8;
}
body { margin: 0 1em; }
article { text-align: justify; line-break: strict; word-break: normal; overflow-wrap: break-word; }
header { text-align: center; margin-bottom: 1.5em; }
h1, h2, .kicker {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
}
h1 { font-size: 1.6em; font-weight: bold; line-height: 1.4; margin: 0.4em 0; }
h2 { font-size: 1.1em; font-weight: bold; margin: 1em 0 0.3em; }
p { margin: 0; text-indent: 2em; }
header p, footer p, .caption, .date { text-indent: 0; }
.kicker { font-size: 0.95em; margin: 0; }
.subtitle { font-size: 1.1em; margin: 0.2em 0; }
.byline { font-size: 0.9em; margin-top: 0.5em; }
.dateline { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; }
.caption { font-size: 0.9em; color: #444; margin: 0.3em 0; }
.date { text-align: center; }
footer { margin-top: 1.5em; font-size: 0.9em; text-align: right; }
"#;

/// Escapes text for XML element content and attribute values, dropping the characters XML 1.0
/// cannot carry at all (C0 controls other than tab and newline, U+FFFE, U+FFFF).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

fn element(out: &mut String, tag: &str, class: Option<&str>, text: &str) {
    match class {
        Some(class) => {
            let _ = write!(out, "<{tag} class=\"{class}\">");
        }
        None => {
            let _ = write!(out, "<{tag}>");
        }
    }
    escape_into(out, text);
    let _ = writeln!(out, "</{tag}>");
}

fn credit_class(kind: CreditKind) -> &'static str {
    match kind {
        CreditKind::Editor => "credit editor",
        CreditKind::Source => "credit source",
        CreditKind::OriginalTitle => "credit original-title",
        CreditKind::End => "credit end",
        CreditKind::Other => "credit other",
    }
}

/// Renders the content document. `stylesheet_href` is where the stylesheet is, relative to it.
pub fn document(article: &Article, opts: &XhtmlOptions, stylesheet_href: &str) -> String {
    let lang = escape(&opts.language);
    let mut out =
        String::with_capacity(article.blocks.iter().map(|b| b.text.len()).sum::<usize>() + 2048);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    let _ = writeln!(
        out,
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">"
    );
    out.push_str("<head>\n<meta charset=\"UTF-8\"/>\n");
    element(&mut out, "title", None, &article.headline);
    for b in &article.bylines {
        let _ = writeln!(out, "<meta name=\"author\" content=\"{}\"/>", escape(b));
    }
    if let Some(d) = &article.date {
        let _ = writeln!(out, "<meta name=\"date\" content=\"{}\"/>", escape(d));
    }
    let _ = writeln!(
        out,
        "<link rel=\"stylesheet\" type=\"text/css\" href=\"{}\"/>\n</head>",
        escape(stylesheet_href)
    );
    out.push_str("<body>\n<article>\n<header>\n");
    if let Some(k) = &article.kicker {
        element(&mut out, "p", Some("kicker"), k);
    }
    element(&mut out, "h1", None, &article.headline);
    if let Some(s) = &article.subtitle {
        element(&mut out, "p", Some("subtitle"), s);
    }
    if !article.bylines.is_empty() {
        element(&mut out, "p", Some("byline"), &article.bylines.join("　"));
    }
    out.push_str("</header>\n");
    let mut blocks = article.blocks.iter().peekable();
    if let Some(d) = &article.dateline {
        out.push_str("<p><span class=\"dateline\">");
        escape_into(&mut out, &d.text);
        out.push_str("</span>");
        if let Some(first) = blocks.next_if(|b| b.kind == BlockKind::Paragraph) {
            out.push('　');
            escape_into(&mut out, &first.text);
        }
        out.push_str("</p>\n");
    }
    for b in blocks {
        match b.kind {
            BlockKind::Paragraph => element(&mut out, "p", None, &b.text),
            BlockKind::Heading => element(&mut out, "h2", None, &b.text),
            BlockKind::Caption => element(&mut out, "p", Some("caption"), &b.text),
            BlockKind::Date => element(&mut out, "p", Some("date"), &b.text),
        }
    }
    if !article.credits.is_empty() {
        out.push_str("<footer>\n");
        for c in &article.credits {
            element(&mut out, "p", Some(credit_class(c.kind)), &c.text);
        }
        out.push_str("</footer>\n");
    }
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

/// Writes `<stem>.xhtml` and the stylesheet beside it.
#[derive(Debug)]
pub struct XhtmlWriter {
    /// Options.
    pub opts: XhtmlOptions,
}

impl Writer for XhtmlWriter {
    fn format(&self) -> Format {
        Format::Xhtml
    }

    fn render(&self, article: &Article, stem: &str) -> Result<Warned<Vec<Artifact>>, ArticleError> {
        let dir = match stem.rfind('/') {
            Some(i) => &stem[..=i],
            None => "",
        };
        Ok(Warned::clean(vec![
            Artifact {
                path: format!("{stem}.xhtml").into(),
                bytes: document(article, &self.opts, STYLESHEET_NAME).into_bytes(),
            },
            Artifact {
                path: format!("{dir}{STYLESHEET_NAME}").into(),
                bytes: STYLESHEET.as_bytes().to_vec(),
            },
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_controls_dropped() {
        assert_eq!(escape("a<b>&\"c\u{1}\u{FFFF}"), "a&lt;b&gt;&amp;&quot;c");
        assert_eq!(escape("]]>"), "]]&gt;");
    }
}
