//! EPUB 3 packaging: the XHTML writer's document, a nav document, an NCX for older readers, and
//! the OPF, in a deterministic OCF zip (`mimetype` first and stored; fixed entry order; every
//! entry dated 1980-01-01, the zip epoch). Identifier: a UUIDv5 of the content, never random.

use super::xhtml::{self, escape, STYLESHEET, STYLESHEET_NAME};
use super::{iso8601, Artifact, Warned, Writer};
use crate::error::ArticleError;
use crate::model::Article;
use crate::options::{EpubOptions, Format, XhtmlOptions};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The namespace for newsbind's content identifiers (a UUIDv5 of the project URL).
const NAMESPACE: uuid::Uuid = uuid::Uuid::from_bytes([
    0x6e, 0x65, 0x77, 0x73, 0x62, 0x69, 0x6e, 0x64, 0x8a, 0x1c, 0x4f, 0x2e, 0x9d, 0x3b, 0x5c, 0x71,
]);

const CHAPTER: &str = "article.xhtml";

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"#;

/// Builds the package document.
fn opf(article: &Article, opts: &EpubOptions, id: &str, modified: &str) -> String {
    let lang = escape(&opts.language);
    let mut creators = String::new();
    for (i, b) in article.bylines.iter().enumerate() {
        creators.push_str(&format!(
            "    <dc:creator id=\"creator{}\">{}</dc:creator>\n",
            i + 1,
            escape(b)
        ));
    }
    let date = article
        .date
        .as_deref()
        .map(|d| format!("    <dc:date>{}</dc:date>\n", escape(d)))
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="{lang}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="pub-id">{id}</dc:identifier>
    <dc:title>{title}</dc:title>
    <dc:language>{lang}</dc:language>
{creators}{date}    <dc:source>{source}</dc:source>
    <meta property="dcterms:modified">{modified}</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="css" href="{css}" media-type="text/css"/>
    <item id="article" href="{chapter}" media-type="application/xhtml+xml"/>
  </manifest>
  <spine toc="ncx">
    <itemref idref="article"/>
  </spine>
</package>
"#,
        title = escape(&article.headline),
        source = escape(&article.source),
        css = STYLESHEET_NAME,
        chapter = CHAPTER,
    )
}

/// Builds the EPUB 3 navigation document: the table of contents and the landmarks.
fn nav(article: &Article, opts: &EpubOptions) -> String {
    let lang = escape(&opts.language);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}">
<head>
<meta charset="UTF-8"/>
<title>目录</title>
<link rel="stylesheet" type="text/css" href="{css}"/>
</head>
<body>
<nav epub:type="toc" id="toc">
<h1>目录</h1>
<ol>
<li><a href="{chapter}">{title}</a></li>
</ol>
</nav>
<nav epub:type="landmarks" id="landmarks" hidden="hidden">
<h2>导航</h2>
<ol>
<li><a epub:type="bodymatter" href="{chapter}">正文</a></li>
</ol>
</nav>
</body>
</html>
"#,
        title = escape(&article.headline),
        css = STYLESHEET_NAME,
        chapter = CHAPTER,
    )
}

/// Builds the EPUB 2 NCX, for older readers and Kindle conversion.
fn ncx(article: &Article, id: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head>
    <meta name="dtb:uid" content="{id}"/>
    <meta name="dtb:depth" content="1"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text>{title}</text></docTitle>
  <navMap>
    <navPoint id="np1" playOrder="1">
      <navLabel><text>{title}</text></navLabel>
      <content src="{chapter}"/>
    </navPoint>
  </navMap>
</ncx>
"#,
        title = escape(&article.headline),
        chapter = CHAPTER,
    )
}

/// Packs entries into an OCF zip. The first entry must be `mimetype`; it is stored, the others
/// deflated. No timestamps beyond the zip epoch, no extra fields: same entries ⇒ same bytes.
pub fn ocf_zip(entries: &[(&str, &[u8])]) -> Result<Vec<u8>, ArticleError> {
    let fail = |e: zip::result::ZipError| ArticleError::new("render", format!("EPUB zip: {e}"));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .unix_permissions(0o644);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .unix_permissions(0o644);
    for (i, (name, bytes)) in entries.iter().enumerate() {
        zip.start_file(*name, if i == 0 { stored } else { deflated })
            .map_err(fail)?;
        zip.write_all(bytes)
            .map_err(|e| ArticleError::new("render", format!("EPUB zip: {e}")))?;
    }
    Ok(zip.finish().map_err(fail)?.into_inner())
}

/// Writes `<stem>.epub`.
#[derive(Debug)]
pub struct EpubWriter {
    /// Options.
    pub opts: EpubOptions,
}

impl EpubWriter {
    /// Builds the book's bytes.
    pub fn book(&self, article: &Article) -> Result<Vec<u8>, ArticleError> {
        let xopts = XhtmlOptions {
            language: self.opts.language.clone(),
        };
        let chapter = xhtml::document(article, &xopts, STYLESHEET_NAME);
        let id = format!(
            "urn:uuid:{}",
            uuid::Uuid::new_v5(&NAMESPACE, chapter.as_bytes())
        );
        let modified = iso8601(self.opts.epoch.unwrap_or(0));
        let package = opf(article, &self.opts, &id, &modified);
        let nav = nav(article, &self.opts);
        let ncx = ncx(article, &id);
        ocf_zip(&[
            ("mimetype", b"application/epub+zip"),
            ("META-INF/container.xml", CONTAINER.as_bytes()),
            ("EPUB/package.opf", package.as_bytes()),
            ("EPUB/nav.xhtml", nav.as_bytes()),
            ("EPUB/toc.ncx", ncx.as_bytes()),
            ("EPUB/newsbind.css", STYLESHEET.as_bytes()),
            ("EPUB/article.xhtml", chapter.as_bytes()),
        ])
    }
}

impl Writer for EpubWriter {
    fn format(&self) -> Format {
        Format::Epub
    }

    fn render(&self, article: &Article, stem: &str) -> Result<Warned<Vec<Artifact>>, ArticleError> {
        Ok(Warned::clean(vec![Artifact {
            path: format!("{stem}.epub").into(),
            bytes: self.book(article)?,
        }]))
    }
}
