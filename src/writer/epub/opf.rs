//! The package document (OPF): metadata, manifest and spine.

use super::Package;
use crate::writer::xhtml::{escape, STYLESHEET_NAME};
use std::fmt::Write as _;

/// Renders `EPUB/package.opf`.
pub fn package(p: &Package) -> String {
    let lang = escape(&p.language);
    let mut out = String::with_capacity(2048 + p.chapters.len() * 128);
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="{lang}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="pub-id">{id}</dc:identifier>
    <dc:title id="title">{title}</dc:title>
    <dc:language>{lang}</dc:language>
"#,
        id = escape(&p.id),
        title = escape(&p.title),
    );
    for (i, c) in p.creators.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <dc:creator id=\"creator{n}\">{}</dc:creator>\n    <meta refines=\"#creator{n}\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
            escape(c),
            n = i + 1
        );
    }
    if let Some(d) = &p.date {
        let _ = writeln!(out, "    <dc:date>{}</dc:date>", escape(d));
    }
    let _ = write!(
        out,
        r#"    <dc:source>{source}</dc:source>
    <meta property="dcterms:modified">{modified}</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="css" href="{STYLESHEET_NAME}" media-type="text/css"/>
"#,
        source = escape(&p.source),
        modified = escape(&p.modified),
    );
    for c in &p.chapters {
        let _ = writeln!(
            out,
            "    <item id=\"{}\" href=\"{}\" media-type=\"application/xhtml+xml\"/>",
            c.id, c.file
        );
    }
    if p.font {
        let _ = writeln!(
            out,
            "    <item id=\"font\" href=\"{}\" media-type=\"font/otf\"/>",
            super::font::FONT_FILE
        );
    }
    out.push_str("  </manifest>\n");
    if p.vertical {
        out.push_str("  <spine toc=\"ncx\" page-progression-direction=\"rtl\">\n");
    } else {
        out.push_str("  <spine toc=\"ncx\">\n");
    }
    if p.nav_in_spine {
        out.push_str("    <itemref idref=\"nav\"/>\n");
    }
    for c in &p.chapters {
        let _ = writeln!(out, "    <itemref idref=\"{}\"/>", c.id);
    }
    out.push_str("  </spine>\n</package>\n");
    out
}
