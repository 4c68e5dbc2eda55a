//! Any text, as every field of an article (raw, not only what `structure` makes) and as the
//! language and stylesheet link → the XHTML writer. Never panics, and the document is
//! well-formed XML (tags balanced, attributes and references parse, no `<` in an attribute
//! value, only XML 1.0 characters) whose character data holds the text minus exactly what the
//! escaper must drop.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsbind::model::{Block, BlockKind, Dateline};
use newsbind::text::normalize::normalize;
use newsbind::settings::resolve::XhtmlOptions;
use newsbind::structure::{structure, SourceMeta};
use newsbind::writer::xhtml::document;
use quick_xml::events::Event;
use quick_xml::Reader;

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The character data of a well-formed document; panics on anything not well-formed.
fn character_data(doc: &str) -> String {
    assert!(doc.chars().all(is_xml_char), "a non-XML character");
    let mut reader = Reader::from_str(doc);
    let mut depth = 0usize;
    let mut out = String::new();
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(e) | Event::Empty(e) => {
                for a in e.attributes().with_checks(true) {
                    let a = a.expect("attribute parses");
                    assert!(!a.value.contains(&b'<'), "`<` in an attribute");
                    a.unescape_value().expect("attribute value unescapes");
                }
                // An empty element (`<x/>`) opens and closes at once.
                if !doc.as_bytes()[..reader.buffer_position() as usize].ends_with(b"/>") {
                    depth += 1;
                }
            }
            Event::End(_) => depth -= 1,
            Event::Text(t) => out.push_str(&t.xml10_content().unwrap()),
            Event::GeneralRef(r) => {
                if r.is_char_ref() {
                    out.push(r.resolve_char_ref().unwrap().unwrap());
                } else {
                    let name = r.decode().unwrap();
                    out.push_str(
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .expect("only predefined entities"),
                    );
                }
            }
            Event::CData(_) => panic!("CDATA"),
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let meta = SourceMeta {
        source: "fuzz.txt".into(),
        stem: "fuzz".into(),
        encoding: "UTF-8".into(),
    };
    let mut article = structure(&normalize(&text).text, &meta);
    article.bylines.push(text.to_string());
    article.date = Some(text.to_string());
    article.subtitle = Some(text.to_string());
    article.dateline = Some(Dateline {
        text: text.to_string(),
    });
    article.blocks.push(Block {
        kind: BlockKind::Caption,
        text: text.to_string(),
    });
    let opts = XhtmlOptions {
        language: text.chars().take(16).collect(),
    };
    let doc = document(&article, &opts, &text);
    let data = character_data(&doc);
    let visible: String = text
        .chars()
        .filter(|&c| c == '\t' || c == '\n' || (c >= ' ' && is_xml_char(c)))
        .collect();
    assert!(data.contains(&visible), "the text is not intact");
});
