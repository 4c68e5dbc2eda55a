//! The EPUB 3 navigation document: the table of contents (grouped by page for collections)
//! and the landmarks.

use super::{Package, TocItem};
use crate::text::lang::Region;
use crate::writer::xhtml::{escape, STYLESHEET_NAME};
use std::fmt::Write as _;

/// File name of the navigation document.
pub const NAV_NAME: &str = "nav.xhtml";

fn link(out: &mut String, indent: &str, label: &str, file: &str) {
    let _ = writeln!(
        out,
        "{indent}<li><a href=\"{file}\">{}</a></li>",
        escape(label)
    );
}

/// The nav document's words in the book's script: table of contents, landmarks, body.
fn labels(region: Region) -> (&'static str, &'static str, &'static str) {
    match region {
        Region::Mainland => ("目录", "导航", "正文"),
        Region::Taiwan | Region::HongKong => ("目錄", "導覽", "正文"),
        Region::Japan => ("目次", "ナビゲーション", "本文"),
    }
}

/// Renders `EPUB/nav.xhtml`.
pub fn nav(p: &Package) -> String {
    let lang = escape(&p.language);
    let (toc, landmarks, body) = labels(p.region);
    let mut out = String::with_capacity(1024 + p.chapters.len() * 128);
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}">
<head>
<meta charset="UTF-8"/>
<title>{toc}</title>
<link rel="stylesheet" type="text/css" href="{STYLESHEET_NAME}"/>
</head>
<body>
<nav epub:type="toc" role="doc-toc" id="toc">
<h1>{toc}</h1>
<ol>
"#
    );
    for item in &p.toc {
        match item {
            TocItem::Entry { label, file } => link(&mut out, "", label, file),
            TocItem::Group { label, entries } => {
                let _ = writeln!(out, "<li><span>{}</span>\n<ol>", escape(label));
                for (label, file) in entries {
                    link(&mut out, "  ", label, file);
                }
                out.push_str("</ol></li>\n");
            }
        }
    }
    let _ = write!(
        out,
        "</ol>\n</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>{landmarks}</h2>\n<ol>\n"
    );
    // Landmarks may point only at spine items (EPUBCheck RSC-011): the TOC landmark exists
    // when the nav document is read as a page, as in collections.
    if p.nav_in_spine {
        let _ = writeln!(
            out,
            "<li><a epub:type=\"toc\" href=\"{NAV_NAME}#toc\">{toc}</a></li>"
        );
    }
    if let Some(first) = p.chapters.first() {
        let _ = writeln!(
            out,
            "<li><a epub:type=\"bodymatter\" href=\"{}\">{body}</a></li>",
            first.file
        );
    }
    out.push_str("</ol>\n</nav>\n</body>\n</html>\n");
    out
}
