//! Property tests (issue 9): the writers hold their promises on arbitrary articles, not only on
//! the corpus.
//!
//! - XHTML: any Unicode text in any field gives a well-formed XML document whose element text
//!   is the field's text, minus exactly the characters XML 1.0 cannot carry (C0 controls other
//!   than tab and newline, U+FFFE, U+FFFF), which the escaper drops.
//! - EPUB: the package of any article is a structurally valid OCF container.
//! - PDF: layout never panics and keeps every Han character, whatever the text and type sizes.
//!
//! Case counts are modest (see each `ProptestConfig`) so `make test` stays fast.

use newsbind::batch::options::Options;
use newsbind::cli::ConvertArgs;
use newsbind::layout::{self, Geometry};
use newsbind::model::{Article, Block, BlockKind, Credit, CreditKind, Dateline, TitleSource};
use newsbind::settings::config::Config;
use newsbind::settings::resolve::resolve_convert;
use newsbind::text::cjk::is_han;
use newsbind::text::lang::LanguageChoice;
use newsbind::writer::epub::EpubWriter;
use newsbind::writer::pdf::{FontSet, PdfWriter};
use newsbind::writer::xhtml;
use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::{Cursor, Read};
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// Generators

/// One character: mostly hostile (markup, controls, non-characters, astral, private use),
/// sometimes Chinese text and punctuation, sometimes anything at all.
fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        3 => prop::sample::select(
            "<>&\"'=/;#\0\u{1}\u{8}\t\n\r\u{B}\u{C}\u{1F}\u{7F}\u{85}\u{2028}\u{FEFF}\u{FFFE}\u{FFFF}\u{E000}\u{10FFFF}]]>!--?"
                .chars()
                .collect::<Vec<_>>()
        ),
        4 => prop::sample::select(
            "新华社北京电记者报道中国人民日报的文章标题，。、；：？！“”‘’（）《》…—·　 abc123"
                .chars()
                .collect::<Vec<_>>()
        ),
        2 => (0x4E00u32..=0x9FFF).prop_map(|c| char::from_u32(c).unwrap()),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any_char(), 0..max).prop_map(String::from_iter)
}

/// A non-empty text (the model's blocks and headline are never empty in practice, but the
/// writers must not rely on that either, so a few empty strings get through `text` too).
fn block_kind() -> impl Strategy<Value = BlockKind> {
    prop::sample::select(vec![
        BlockKind::Paragraph,
        BlockKind::Heading,
        BlockKind::Caption,
        BlockKind::Date,
    ])
}

fn credit_kind() -> impl Strategy<Value = CreditKind> {
    prop::sample::select(vec![
        CreditKind::Editor,
        CreditKind::Source,
        CreditKind::OriginalTitle,
        CreditKind::End,
        CreditKind::Other,
    ])
}

/// An arbitrary article: every text field arbitrary, every optional part present or not.
fn article() -> impl Strategy<Value = Article> {
    (
        (
            text(12),
            text(40),
            prop::option::of(text(20)),
            prop::option::of(text(20)),
            prop::option::of(text(20)),
        ),
        (
            prop::collection::vec(text(8), 0..3),
            prop::collection::vec((block_kind(), text(120)), 0..8),
            prop::collection::vec((credit_kind(), text(16)), 0..3),
            prop::option::of(text(10)),
            prop::sample::select(vec![
                TitleSource::Text,
                TitleSource::Filename,
                TitleSource::Derived,
            ]),
        ),
    )
        .prop_map(
            |(
                (source, headline, kicker, subtitle, dateline),
                (bylines, blocks, credits, date, ts),
            )| {
                Article {
                    source,
                    encoding: "UTF-8".into(),
                    kicker,
                    headline,
                    subtitle,
                    dateline: dateline.map(|text| Dateline {
                        text,
                        ..Dateline::default()
                    }),
                    bylines,
                    byline_lines: Vec::new(),
                    site: None,
                    publication: None,
                    blocks: blocks
                        .into_iter()
                        .map(|(kind, text)| Block { kind, text })
                        .collect(),
                    credits: credits
                        .into_iter()
                        .map(|(kind, text)| Credit { kind, text })
                        .collect(),
                    title_source: ts,
                    date,
                    page: None,
                }
            },
        )
}

/// Every text field of an article (the texts a reader must find in any rendering).
fn fields(a: &Article) -> Vec<&str> {
    let mut v = vec![a.headline.as_str()];
    v.extend(a.kicker.as_deref());
    v.extend(a.subtitle.as_deref());
    v.extend(a.bylines.iter().map(String::as_str));
    v.extend(a.body_text());
    v.extend(a.credits.iter().map(|c| c.text.as_str()));
    v
}

// ---------------------------------------------------------------------------------------------
// A strict-enough XML reader

/// XML 1.0 `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// What XML 1.0 can carry of `text` in element content: the characters the escaper drops are
/// gone; a parser reads the rest back unchanged.
fn xml_visible(text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\t' || c == '\n' || (c >= ' ' && is_xml_char(c)))
        .collect()
}

/// Parses `doc` as a namespace-free XML document and returns the concatenated character data
/// of its elements, or why it is not well-formed: a character outside XML's `Char`, a tag or
/// attribute that does not parse, a mismatched or unclosed element, an entity other than the
/// five predefined ones or a character reference, text outside the root, or not one root.
fn parse_xml(doc: &str) -> Result<String, String> {
    if let Some(c) = doc.chars().find(|&c| !is_xml_char(c)) {
        return Err(format!("U+{:04X} is not an XML character", c as u32));
    }
    let mut reader = Reader::from_str(doc);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    let mut depth = 0usize;
    let mut roots = 0;
    let mut out = String::new();
    let check_attrs = |e: &quick_xml::events::BytesStart| -> Result<(), String> {
        for a in e.attributes().with_checks(true) {
            let a = a.map_err(|e| format!("attribute: {e}"))?;
            if a.value.contains(&b'<') {
                return Err("`<` in an attribute value".into());
            }
            a.unescape_value()
                .map_err(|e| format!("attribute value: {e}"))?;
        }
        Ok(())
    };
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.error_position()))?
        {
            Event::Start(e) => {
                check_attrs(&e)?;
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Event::Empty(e) => {
                check_attrs(&e)?;
                if depth == 0 {
                    roots += 1;
                }
            }
            Event::End(_) => depth -= 1,
            Event::Text(t) => {
                let t = t.xml10_content().map_err(|e| e.to_string())?;
                if depth == 0 {
                    if !t.trim().is_empty() {
                        return Err(format!("text outside the root: {t:?}"));
                    }
                } else {
                    out.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if depth == 0 {
                    return Err("reference outside the root".into());
                }
                if r.is_char_ref() {
                    let c = r
                        .resolve_char_ref()
                        .map_err(|e| e.to_string())?
                        .ok_or("bad character reference")?;
                    out.push(c);
                } else {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    let value = quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("undeclared entity &{name};"))?;
                    out.push_str(value);
                }
            }
            Event::CData(_) => return Err("unexpected CDATA".into()),
            Event::Decl(_) | Event::DocType(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if depth != 0 {
        return Err(format!("{depth} element(s) left open"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(out)
}

#[test]
fn the_xml_checker_rejects_what_it_should() {
    assert!(parse_xml("<a>x &amp; y</a>").is_ok());
    assert!(parse_xml("<a>x & y</a>").is_err());
    assert!(parse_xml("<a><b></a>").is_err());
    assert!(parse_xml("<a>\u{1}</a>").is_err());
    assert!(parse_xml("<a>&nbsp;</a>").is_err());
    assert!(parse_xml("<a/><b/>").is_err());
    assert!(parse_xml("<a x=\"<\"/>").is_err());
    assert_eq!(parse_xml("<a>1&lt;2&#x4E2D;</a>").unwrap(), "1<2中");
}

// ---------------------------------------------------------------------------------------------
// XHTML

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn xhtml_is_well_formed_and_keeps_every_field_intact(a in article(), lang in text(6)) {
        let doc = xhtml::document(&a, &lang, xhtml::STYLESHEET_NAME);
        let content = parse_xml(&doc).map_err(|e| TestCaseError::fail(format!("{e}\n{doc}")))?;
        for f in fields(&a) {
            let want = xml_visible(f);
            prop_assert!(content.contains(&want), "lost {want:?} in {content:?}");
        }
    }

    #[test]
    fn escaped_text_reads_back_as_the_text_minus_what_xml_cannot_carry(t in text(200)) {
        let doc = format!("<p>{}</p>", xhtml::escape(&t));
        let back = parse_xml(&doc).map_err(TestCaseError::fail)?;
        prop_assert_eq!(back, xml_visible(&t));
    }
}

// ---------------------------------------------------------------------------------------------
// EPUB

fn options() -> &'static Options {
    static OPTS: OnceLock<Options> = OnceLock::new();
    OPTS.get_or_init(|| {
        let args = ConvertArgs {
            formats: Some("epub,xhtml,pdf,json".into()),
            ..ConvertArgs::default()
        };
        resolve_convert(&args, &Config::default()).expect("default options resolve")
    })
}

/// The value of attribute `name` on every element called `tag` in `xml`.
fn attr_values(xml: &str, tag: &str, name: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("parsed before") {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == tag.as_bytes() => {
                for a in e.attributes().flatten() {
                    if a.key.local_name().as_ref() == name.as_bytes() {
                        out.push(a.unescape_value().unwrap().into_owned());
                    }
                }
            }
            Event::Eof => return out,
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn epub_packages_are_structurally_valid(a in article(), language in text(6)) {
        let mut opts = options().write.epub.clone();
        opts.language = LanguageChoice::Fixed(language);
        let writer = EpubWriter { opts, fonts: Vec::new() };
        let bytes = writer.book(&a).map_err(|e| TestCaseError::fail(e.to_string()))?;

        // OCF: `mimetype` is the first entry, stored (not compressed), with no extra field,
        // so its content sits at a fixed offset (38) for magic-number sniffing.
        prop_assert_eq!(&bytes[30..38], b"mimetype");
        prop_assert_eq!(&bytes[38..58], b"application/epub+zip");
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        {
            let first = zip.by_index(0).unwrap();
            prop_assert_eq!(first.name().map_err(|e| TestCaseError::fail(e.to_string()))?, "mimetype");
            prop_assert_eq!(first.compression(), zip::CompressionMethod::Stored);
        }
        let mut read = |name: &str| -> Result<String, TestCaseError> {
            let mut s = String::new();
            zip.by_name(name)
                .map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?
                .read_to_string(&mut s)
                .map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            Ok(s)
        };
        let container = read("META-INF/container.xml")?;
        parse_xml(&container).map_err(TestCaseError::fail)?;
        let opf_paths = attr_values(&container, "rootfile", "full-path");
        prop_assert_eq!(opf_paths.len(), 1);
        let opf_path = &opf_paths[0];
        let opf = read(opf_path)?;
        parse_xml(&opf).map_err(|e| TestCaseError::fail(format!("OPF: {e}\n{opf}")))?;
        let base = opf_path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let items = attr_values(&opf, "item", "href");
        prop_assert!(items.len() >= 2, "{opf}");
        for href in items {
            let path = if base.is_empty() { href } else { format!("{base}/{href}") };
            let content = read(&path)?;
            if path.ends_with(".xhtml") || path.ends_with(".ncx") {
                parse_xml(&content)
                    .map_err(|e| TestCaseError::fail(format!("{path}: {e}\n{content}")))?;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// PDF

fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| crate::common::pdf_fonts(&options().write.pdf))
}

fn han(texts: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<char> {
    let mut v: Vec<char> = texts
        .into_iter()
        .flat_map(|t| {
            t.as_ref()
                .chars()
                .filter(|&c| is_han(c))
                .collect::<Vec<_>>()
        })
        .collect();
    v.sort_unstable();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Any article at any type size (up to a headline wider than the page) lays out without a
    /// panic, and the Han characters on the pages are exactly the article's.
    #[test]
    fn layout_keeps_every_han_character(
        a in article(),
        body_size in 4.0f32..40.0,
        headline_size in 4.0f32..400.0,
        leading in 1.0f32..3.0,
    ) {
        let o = &options().write.pdf;
        let geom = Geometry {
            width: o.page_width,
            height: o.page_height,
            margin: o.margin,
            body_size,
            headline_size,
            leading,
            kinsoku: o.kinsoku,
            centred_punctuation: false,
        };
        let pages = layout::layout(&a, &geom, fonts());
        // Running headers (the headline again, from page 2) are decoration, not the text.
        let laid: Vec<&str> = pages
            .iter()
            .flat_map(|p| &p.lines)
            .filter(|l| l.role != layout::Role::Header)
            .map(|l| l.text.as_str())
            .collect();
        prop_assert_eq!(han(laid), han(fields(&a)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// The whole PDF writer (layout, glyph mapping, printpdf, finishing) renders any article.
    #[test]
    fn the_pdf_writer_renders_any_article(a in article()) {
        let writer = PdfWriter { opts: options().write.pdf.clone(), fonts: fonts() };
        let pdf = writer.pdf(&a).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(pdf.value.starts_with(b"%PDF-"));
    }
}
