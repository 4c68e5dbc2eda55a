//! The EPUB 2 NCX, for older readers and Kindle conversion: the same tree as the nav TOC.

use super::{Package, TocItem};
use crate::writer::xhtml::escape;
use std::fmt::Write as _;

/// File name of the NCX.
pub const NCX_NAME: &str = "toc.ncx";

/// Numbers navPoints: ids count every point; `playOrder` follows the target, because NCX
/// requires points that refer to the same document (a page and its first article) to share it.
#[derive(Default)]
struct Order {
    points: usize,
    targets: Vec<String>,
}

fn point(out: &mut String, order: &mut Order, label: &str, file: &str, indent: &str) {
    order.points += 1;
    let play = match order.targets.iter().position(|t| t == file) {
        Some(i) => i + 1,
        None => {
            order.targets.push(file.to_string());
            order.targets.len()
        }
    };
    let _ = writeln!(
        out,
        "{indent}<navPoint id=\"np{id}\" playOrder=\"{play}\">\n{indent}  <navLabel><text>{}</text></navLabel>\n{indent}  <content src=\"{file}\"/>",
        escape(label),
        id = order.points,
    );
}

/// Renders `EPUB/toc.ncx`.
pub fn ncx(p: &Package) -> String {
    let depth = if p.toc.iter().any(|t| matches!(t, TocItem::Group { .. })) {
        2
    } else {
        1
    };
    let mut out = String::with_capacity(1024 + p.chapters.len() * 160);
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="{lang}">
  <head>
    <meta name="dtb:uid" content="{id}"/>
    <meta name="dtb:depth" content="{depth}"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text>{title}</text></docTitle>
  <navMap>
"#,
        lang = escape(&p.language),
        id = escape(&p.id),
        title = escape(&p.title),
    );
    let mut order = Order::default();
    for item in &p.toc {
        match item {
            TocItem::Entry { label, file } => {
                point(&mut out, &mut order, label, file, "    ");
                out.push_str("    </navPoint>\n");
            }
            TocItem::Group { label, entries } => {
                let first = entries.first().map_or("", |(_, f)| f.as_str());
                point(&mut out, &mut order, label, first, "    ");
                for (label, file) in entries {
                    point(&mut out, &mut order, label, file, "      ");
                    out.push_str("      </navPoint>\n");
                }
                out.push_str("    </navPoint>\n");
            }
        }
    }
    out.push_str("  </navMap>\n</ncx>\n");
    out
}
