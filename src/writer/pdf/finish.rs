//! The finishing touches printpdf lacks, on the lopdf object model: stream compression at our
//! level, the catalog's `/Lang`, a content-derived `/ID` and subset tags, the XMP packet, and
//! PDF/A-1b's output intent.
//! Pure: the same document gives the same bytes.

use super::super::iso8601;
use super::super::xhtml::escape as xml_escape;
use lopdf::{Object, StringFormat};
use std::fmt::Write as _;

/// A short stable hash (FNV-1a, 64 bits) for ids derived from content.
pub(super) fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A six-letter subset tag (`ABCDEF`) derived from a hash, as PDF's font naming wants.
pub(super) fn subset_tag(mut h: u64) -> String {
    (0..6)
        .map(|_| {
            let c = (b'A' + (h % 26) as u8) as char;
            h /= 26;
            c
        })
        .collect()
}

/// Deflates every stream not yet filtered. lopdf's own `compress` always uses level 9, which
/// costs about a fifth of a PDF's CPU time for a 1–2 % smaller file; the level is ours to pick.
pub(super) fn compress(doc: &mut lopdf::Document, level: u32) {
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if level == 0 || !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let compressed = crate::writer::deflate::zlib(&stream.content, level);
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// What printpdf leaves out or gets wrong: the catalog's `/Lang`, a content-derived `/ID`, and
/// an empty `/GTS_PDFXVersion` that makes readers call every file PDF/X.
pub(super) fn finish(doc: &mut lopdf::Document, language: &str, hash: u64) {
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set(
            "Lang",
            Object::String(language.as_bytes().to_vec(), StringFormat::Literal),
        );
        // printpdf writes `/PageMode (UseOutlines)`, a string; the specification wants a name.
        if catalog.get(b"PageMode").is_ok() {
            let mode = if catalog.get(b"Outlines").is_ok() {
                "UseOutlines"
            } else {
                "UseNone"
            };
            catalog.set("PageMode", Object::Name(mode.as_bytes().to_vec()));
        }
    }
    let mut id = hash.to_be_bytes().to_vec();
    id.extend_from_slice(&fnv(&id).to_be_bytes());
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    if let Ok(info_ref) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(info) = doc.get_dictionary_mut(info_ref) {
            info.remove(b"GTS_PDFXVersion");
            info.remove(b"Trapped");
            // Empty entries the XMP packet does not repeat.
            for key in [&b"Keywords"[..], b"Author", b"Subject"] {
                if matches!(info.get(key), Ok(Object::String(s, _)) if s.is_empty()) {
                    info.remove(key);
                }
            }
        }
    }
}

/// The sRGB profile of PDF/A's output intent (`scripts/gen-srgb-icc.py`, CC0).
const SRGB_ICC: &[u8] = include_bytes!("sRGB.icc");

/// PDF/A-1b's document-level parts: the sRGB output intent (so `DeviceGray` text has a
/// defined colour) and, in the XMP packet, `pdfaid` (see [`xmp`]). The Info dictionary keeps
/// only what the XMP packet repeats (an empty `/Keywords` would need an empty `pdf:Keywords`).
pub(super) fn pdf_a(doc: &mut lopdf::Document) {
    let mut dict = lopdf::Dictionary::new();
    dict.set("N", 3);
    let profile = doc.add_object(lopdf::Stream::new(dict, SRGB_ICC.to_vec()));
    let text = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let intent = lopdf::Dictionary::from_iter([
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", text("sRGB IEC61966-2.1")),
        ("RegistryName", text("http://www.color.org")),
        ("Info", text("sRGB IEC61966-2.1")),
        ("DestOutputProfile", Object::Reference(profile)),
    ]);
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set(
            "OutputIntents",
            Object::Array(vec![Object::Dictionary(intent)]),
        );
    }
}

/// What the XMP packet says: the Info dictionary's fields, in XMP's words.
pub(super) struct XmpFields<'a> {
    /// The Info dictionary's `/Title`.
    pub title: &'a str,
    /// The Info dictionary's `/Author` (the bylines joined with 、).
    pub author: &'a str,
    /// The Info dictionary's `/Subject` (the source path).
    pub subject: &'a str,
    /// The document's language tag.
    pub language: &'a str,
    /// Creation and modification time (Unix seconds).
    pub epoch: i64,
    /// Whether to claim PDF/A-1b (`pdfaid:part 1`, `conformance B`).
    pub pdf_a: bool,
}

/// The XMP packet: title, author, subject, language, dates (from `SOURCE_DATE_EPOCH`) and
/// producer, each equal to its document information entry (PDF/A-1 6.7.3), and with `pdf_a`
/// the PDF/A identification.
pub(super) fn xmp(f: &XmpFields<'_>) -> String {
    let date = iso8601(f.epoch);
    let lang = xml_escape(f.language);
    let title = xml_escape(f.title);
    let mut creators = String::new();
    if !f.author.is_empty() {
        let _ = write!(creators, "<rdf:li>{}</rdf:li>", xml_escape(f.author));
    }
    let description = if f.subject.is_empty() {
        String::new()
    } else {
        format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            xml_escape(f.subject)
        )
    };
    let pdfaid = if f.pdf_a {
        "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\
<pdfaid:part>1</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>\n"
    } else {
        ""
    };
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li><rdf:li xml:lang=\"{lang}\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>\n{description}\
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n\
<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>\
<xmp:MetadataDate>{date}</xmp:MetadataDate><xmp:CreatorTool>newsbind</xmp:CreatorTool>\n\
<pdf:Producer>newsbind {version}</pdf:Producer>\n\
</rdf:Description>\n{pdfaid}</rdf:RDF></x:xmpmeta>\n<?xpacket end=\"r\"?>",
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// Attaches an XMP packet to the catalog as an uncompressed `/Metadata` stream (so tools that
/// scan for the packet find it).
pub(super) fn add_xmp(doc: &mut lopdf::Document, packet: &str) {
    let mut dict = lopdf::Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let stream = lopdf::Stream::new(dict, packet.as_bytes().to_vec()).with_compression(false);
    let id = doc.add_object(stream);
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Metadata", Object::Reference(id));
    }
}
