//! The only markup renderer: an article as an XHTML5 content document (also the EPUB chapter,
//! byte for byte), and the stylesheet that goes beside it.

use super::lang::Language;
use super::Format;
use super::{Artifact, Warned, Writer};
use crate::model::diag::ArticleError;
use crate::model::{Article, BlockKind, BylinePosition, CreditKind};
use crate::text::lang::LanguageChoice;
use std::fmt::Write as _;

/// Settings of the XHTML writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XhtmlOptions {
    /// How the documents' `lang` and `xml:lang` are chosen.
    pub language: LanguageChoice,
    /// Whether the stylesheet beside the documents sets them vertically.
    pub vertical: bool,
}

pub use super::css::{stylesheet, OTHER_REGIONS, STYLESHEET, STYLESHEET_NAME, VERTICAL_RULES};

/// Escapes text for XML element content and attribute values, dropping the characters XML 1.0
/// cannot carry at all (C0 controls other than tab and newline, U+FFFE, U+FFFF) and carriage
/// return (normalisation has made line ends `\n` already). Everything else, emoji and
/// Extension-B ideographs included, passes unchanged; `]]>` needs no care outside CDATA, but
/// `>` is escaped anyway.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    // Runs of ordinary text are copied whole; only markup characters, C0 controls (XML 1.0
    // cannot carry them, TAB and LF aside) and U+FFFE/U+FFFF (UTF-8 EF BF BE/BF) stop a run.
    let bytes = text.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (replacement, skip) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            0..=0x1F => ("", 1),
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[run..i]);
        out.push_str(replacement);
        i += skip;
        run = i;
    }
    out.push_str(&text[run..]);
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

/// Renders the content document in language `lang`. `stylesheet_href` is where the
/// stylesheet is, relative to it.
pub fn document(article: &Article, lang: &str, stylesheet_href: &str) -> String {
    let lang = escape(lang);
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
    if let Some(sub) = &article.subtitle {
        let _ = writeln!(
            out,
            "<meta name=\"description\" content=\"{}\"/>",
            escape(sub)
        );
    }
    let _ = writeln!(
        out,
        "<meta name=\"dcterms.source\" content=\"{}\"/>",
        escape(&article.source)
    );
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
    for b in article.printed_bylines(BylinePosition::Top) {
        element(&mut out, "p", Some("byline"), b);
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
    let end_bylines = article.printed_bylines(BylinePosition::End);
    if !article.credits.is_empty() || !end_bylines.is_empty() {
        out.push_str("<footer>\n");
        for b in end_bylines {
            element(&mut out, "p", Some("byline"), b);
        }
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
        let language = Language::of_article(&self.opts.language, article);
        let dir = match stem.rfind('/') {
            Some(i) => &stem[..=i],
            None => "",
        };
        Ok(Warned::clean(vec![
            Artifact {
                path: format!("{stem}.xhtml").into(),
                bytes: document(article, &language.tag, STYLESHEET_NAME).into_bytes(),
            },
            // One stylesheet per folder, the same for every article in it: every region's rules.
            Artifact {
                path: format!("{dir}{STYLESHEET_NAME}").into(),
                bytes: stylesheet(self.opts.vertical, &OTHER_REGIONS).into_bytes(),
            },
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Credit, Dateline, TitleSource};
    use proptest::prelude::*;
    use quick_xml::events::Event;

    fn block(kind: BlockKind, text: &str) -> Block {
        Block {
            kind,
            text: text.into(),
        }
    }

    /// An article with every field filled.
    fn full() -> Article {
        Article {
            source: "in/20190624-01-02.txt".into(),
            encoding: "UTF-8".into(),
            kicker: Some("深入学习贯彻党的十九大精神".into()),
            headline: "国家工商总局召开述职述廉汇报会".into(),
            subtitle: Some("各单位主要负责人逐一汇报".into()),
            dateline: Some(Dateline {
                text: "本报北京6月24日电".into(),
                ..Dateline::default()
            }),
            bylines: vec!["记者 鞠闻".into(), "王立".into()],
            byline_lines: Vec::new(),
            site: None,
            publication: None,
            blocks: vec![
                block(BlockKind::Paragraph, "6月23日至24日，总局召开汇报会。"),
                block(BlockKind::Heading, "一、加强班子建设"),
                block(BlockKind::Paragraph, "周伯华强调，要加强机关建设。"),
                block(BlockKind::Caption, "图为汇报会现场。"),
                block(BlockKind::Date, "2019年6月24日"),
            ],
            credits: vec![
                Credit {
                    kind: CreditKind::Editor,
                    text: "（责编：王静）".into(),
                },
                Credit {
                    kind: CreditKind::End,
                    text: "（完）".into(),
                },
            ],
            title_source: TitleSource::Text,
            date: Some("2019-06-24".into()),
            page: Some(1),
        }
    }

    #[test]
    fn markup_characters_are_escaped_and_controls_dropped() {
        assert_eq!(escape("a<b>&\"c\u{1}\u{FFFF}"), "a&lt;b&gt;&amp;&quot;c");
        assert_eq!(escape("]]>"), "]]&gt;");
        assert_eq!(
            escape("中文\t正文\n\u{FFFE}末\u{FFFD}\u{EFFF}\u{1F}"),
            "中文\t正文\n末\u{FFFD}\u{EFFF}"
        );
        assert_eq!(escape(""), "");
    }

    #[test]
    fn every_model_field_has_its_semantic_element() {
        let doc = document(&full(), "zh-CN", STYLESHEET_NAME);
        let expected_in_order = [
            r#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="zh-CN" xml:lang="zh-CN">"#,
            "<title>国家工商总局召开述职述廉汇报会</title>",
            r#"<meta name="author" content="记者 鞠闻"/>"#,
            r#"<meta name="author" content="王立"/>"#,
            r#"<meta name="date" content="2019-06-24"/>"#,
            r#"<meta name="description" content="各单位主要负责人逐一汇报"/>"#,
            r#"<meta name="dcterms.source" content="in/20190624-01-02.txt"/>"#,
            r#"<link rel="stylesheet" type="text/css" href="newsbind.css"/>"#,
            "<body>\n<article>\n<header>\n",
            "<p class=\"kicker\">深入学习贯彻党的十九大精神</p>\n<h1>国家工商总局召开述职述廉汇报会</h1>\n<p class=\"subtitle\">各单位主要负责人逐一汇报</p>\n",
            "<p class=\"byline\">记者 鞠闻</p>\n<p class=\"byline\">王立</p>\n</header>\n",
            "<p><span class=\"dateline\">本报北京6月24日电</span>　6月23日至24日，总局召开汇报会。</p>\n",
            "<h2>一、加强班子建设</h2>\n<p>周伯华强调，要加强机关建设。</p>\n",
            "<p class=\"caption\">图为汇报会现场。</p>\n<p class=\"date\">2019年6月24日</p>\n",
            "<footer>\n<p class=\"credit editor\">（责编：王静）</p>\n<p class=\"credit end\">（完）</p>\n</footer>\n</article>\n</body>\n</html>\n",
        ];
        let mut rest = doc.as_str();
        for part in expected_in_order {
            let at = rest
                .find(part)
                .unwrap_or_else(|| panic!("missing or out of order: {part}\nin:\n{doc}"));
            rest = &rest[at + part.len()..];
        }
    }

    #[test]
    fn byline_lines_print_as_they_stand_above_and_below_the_body() {
        use crate::model::BylineLine;
        let mut a = full();
        a.byline_lines = vec![
            BylineLine {
                position: BylinePosition::Top,
                text: "本报记者　鞠　闻".into(),
            },
            BylineLine {
                position: BylinePosition::End,
                text: "（记者 王立）".into(),
            },
        ];
        let doc = document(&a, "zh-CN", STYLESHEET_NAME);
        assert!(
            doc.contains("<p class=\"byline\">本报记者　鞠　闻</p>\n</header>"),
            "{doc}"
        );
        assert!(
            doc.contains(
                "<footer>\n<p class=\"byline\">（记者 王立）</p>\n<p class=\"credit editor\">"
            ),
            "{doc}"
        );
    }

    #[test]
    fn a_dateline_before_a_heading_stands_in_its_own_paragraph() {
        let mut a = full();
        a.blocks.remove(0);
        let doc = document(&a, "zh-CN", STYLESHEET_NAME);
        assert!(doc.contains(
            "<p><span class=\"dateline\">本报北京6月24日电</span></p>\n<h2>一、加强班子建设</h2>"
        ));
    }

    #[test]
    fn optional_parts_leave_no_empty_elements() {
        let mut a = full();
        a.kicker = None;
        a.subtitle = None;
        a.dateline = None;
        a.bylines.clear();
        a.credits.clear();
        a.date = None;
        let doc = document(&a, "zh-CN", STYLESHEET_NAME);
        for absent in [
            "kicker",
            "subtitle",
            "byline",
            "dateline",
            "<footer>",
            "name=\"date\"",
        ] {
            assert!(!doc.contains(absent), "{absent} in\n{doc}");
        }
    }

    #[test]
    fn the_stylesheet_follows_clreq_and_the_vertical_one_adds_vertical_rl() {
        for rule in [
            "p { margin: 0; text-indent: 2em; }",
            "text-align: justify",
            "line-break: strict",
            "\"Noto Serif CJK SC\"",
            "\"Noto Sans CJK SC\"",
        ] {
            assert!(STYLESHEET.contains(rule), "{rule}");
        }
        assert!(!stylesheet(false, &[]).contains("vertical-rl"));
        let v = stylesheet(true, &[]);
        assert!(v.starts_with(STYLESHEET));
        assert!(v.contains("writing-mode: vertical-rl;"));
    }

    /// XML 1.0 `Char`: what a document may contain at all.
    fn is_xml_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    }

    /// What "intact" means: every character XML can carry comes through unchanged and in
    /// order. Those it cannot (C0 controls other than tab and newline, U+FFFE, U+FFFF) are
    /// dropped, as is carriage return (normalisation has already turned line ends into `\n`,
    /// and a parser would turn a literal CR into LF anyway).
    fn carried(text: &str) -> String {
        text.chars()
            .filter(|&c| is_xml_char(c) && c != '\r')
            .collect()
    }

    /// The document's text content and attribute values, unescaped by a real XML parser,
    /// which also proves it well-formed.
    fn parse(doc: &str) -> (String, Vec<String>) {
        let mut reader = quick_xml::Reader::from_str(doc);
        let (mut text, mut attrs) = (String::new(), Vec::new());
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(Event::Text(t)) => text.push_str(&t.decode().unwrap()),
                Ok(Event::GeneralRef(r)) => {
                    let name = r.decode().unwrap();
                    let c = quick_xml::escape::resolve_predefined_entity(&name)
                        .unwrap_or_else(|| panic!("unknown entity &{name};"));
                    text.push_str(c);
                }
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                    for a in e.attributes() {
                        let a = a.expect("well-formed attribute");
                        attrs.push(a.unescape_value().unwrap().into_owned());
                    }
                }
                Ok(Event::End(_)) | Ok(Event::Decl(_)) | Ok(Event::DocType(_)) => {}
                Ok(other) => panic!("unexpected event {other:?}"),
                Err(e) => panic!(
                    "not well-formed at {}: {e}\n{doc}",
                    reader.buffer_position()
                ),
            }
        }
        (text, attrs)
    }

    /// Text with the troublemakers well represented: markup characters, CDATA ends, controls,
    /// non-characters, emoji (with ZWJ sequences), Extension-B ideographs, ideographic space.
    fn nasty() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("<".to_string()),
            Just("&".to_string()),
            Just("]]>".to_string()),
            Just("\"'>".to_string()),
            Just("&amp;".to_string()),
            Just("<![CDATA[x]]>".to_string()),
            Just("👨‍👩‍👧🇨🇳".to_string()),
            Just("𠀀𪚥𰻞".to_string()),
            Just("\u{3000}".to_string()),
            (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap().to_string()),
            Just("\u{FFFE}\u{FFFF}\u{7F}\u{85}".to_string()),
            "[一-龥]{1,4}".prop_map(|s| s),
            any::<char>().prop_map(|c| c.to_string()),
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    fn kind() -> impl Strategy<Value = BlockKind> {
        prop_oneof![
            Just(BlockKind::Paragraph),
            Just(BlockKind::Heading),
            Just(BlockKind::Caption),
            Just(BlockKind::Date),
        ]
    }

    proptest! {
        #[test]
        fn any_text_gives_well_formed_xhtml_with_the_text_intact(
            kicker in proptest::option::of(nasty()),
            headline in nasty(),
            subtitle in proptest::option::of(nasty()),
            dateline in proptest::option::of(nasty()),
            bylines in proptest::collection::vec(nasty(), 0..3),
            blocks in proptest::collection::vec((kind(), nasty()), 0..6),
            credit in nasty(),
        ) {
            let mut a = full();
            a.kicker = kicker;
            a.headline = headline;
            a.subtitle = subtitle;
            a.dateline = dateline.map(|text| Dateline {
                text,
                ..Dateline::default()
            });
            a.bylines = bylines;
            a.blocks = blocks.into_iter().map(|(kind, text)| Block { kind, text }).collect();
            a.credits = vec![Credit { kind: CreditKind::Other, text: credit }];
            let doc = document(&a, "zh-CN", STYLESHEET_NAME);
            prop_assert!(doc.chars().all(is_xml_char), "a character XML cannot carry");
            let (text, attrs) = parse(&doc);
            let fields = a.kicker.iter()
                .chain([&a.headline])
                .chain(a.subtitle.iter())
                .chain(a.dateline.iter().map(|d| &d.text))
                .chain(a.bylines.iter())
                .chain(a.blocks.iter().map(|b| &b.text))
                .chain(a.credits.iter().map(|c| &c.text));
            for field in fields {
                let want = carried(field);
                prop_assert!(text.contains(&want), "{want:?} not in the text of\n{doc}");
            }
            for b in &a.bylines {
                prop_assert!(attrs.contains(&carried(b)), "author meta {b:?}");
            }
            // The body's text is exactly the fields in reading order with the writer's own
            // separators (ideographic spaces and newlines) between them.
            let body = &text[text.find(&carried(&a.headline)).unwrap()..];
            let mut joined = String::new();
            for part in a.kicker.iter().chain([&a.headline]).chain(a.subtitle.iter())
                .chain(a.bylines.iter()).chain(a.dateline.iter().map(|d| &d.text))
                .chain(a.blocks.iter().map(|b| &b.text))
                .chain(a.credits.iter().map(|c| &c.text))
            {
                joined.push_str(&carried(part));
            }
            let stripped: String = body.chars().filter(|c| !matches!(c, '\n' | '\u{3000}')).collect();
            let wanted: String = joined.chars().filter(|c| !matches!(c, '\n' | '\u{3000}')).collect();
            prop_assert!(stripped.ends_with(&wanted), "{stripped:?} vs {wanted:?}");
        }
    }
}
