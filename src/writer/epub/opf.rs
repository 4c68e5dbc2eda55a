//! The package document (OPF): metadata, manifest and spine.

use super::Package;
use crate::text::lang::Region;
use crate::writer::xhtml::{escape, STYLESHEET_NAME};
use std::fmt::Write as _;

/// EPUB Accessibility 1.1's summary, in the book's script: text only, in reading order, with
/// headings and a table of contents, nothing that flashes or plays.
fn accessibility_summary(region: Region) -> &'static str {
    match region {
        Region::Mainland => "本书只含文字：文章按阅读顺序排列，标题分级，附有目录；没有图片、音频、视频或闪烁内容。",
        Region::Taiwan | Region::HongKong => {
            "本書只含文字：文章按閱讀順序排列，標題分級，附有目錄；沒有圖片、音訊、影片或閃爍內容。"
        }
        Region::Japan => "本書は文字のみで構成され、記事は読む順に並び、見出しの階層と目次があります。画像、音声、動画、点滅する内容はありません。",
    }
}

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
    <meta property="schema:accessMode">textual</meta>
    <meta property="schema:accessModeSufficient">textual</meta>
    <meta property="schema:accessibilityFeature">structuralNavigation</meta>
    <meta property="schema:accessibilityFeature">tableOfContents</meta>
    <meta property="schema:accessibilityFeature">readingOrder</meta>
    <meta property="schema:accessibilityHazard">none</meta>
    <meta property="schema:accessibilitySummary">{summary}</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="css" href="{STYLESHEET_NAME}" media-type="text/css"/>
"#,
        source = escape(&p.source),
        modified = escape(&p.modified),
        summary = accessibility_summary(p.region),
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
