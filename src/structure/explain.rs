//! `newsbind inspect FILE --explain`: each source line with the role given to each piece of
//! it and the rule that decided, so a user can see why the article came out as it did.

use super::{Role, Structured};
use crate::model::TitleSource;
use std::fmt::Write;

/// The explanation: one row per piece (a line cut into pieces gives several rows with the same
/// number), a row for each blank line, and notes on the title and on `skip`, the reason the
/// article is skipped, if it is.
pub fn explain(text: &str, s: &Structured<'_>, skip: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "line  role                    rule  ·  text");
    let mut pieces = s.pieces.iter().peekable();
    // A container's title and author fields come first, as line 0 (`field`).
    while let Some(p) = pieces.next_if(|p| p.line == 0) {
        let _ = writeln!(
            out,
            "{:>4}  {:<22}  {}  ·  {}",
            "field",
            p.role.name(),
            p.rule,
            p.text
        );
    }
    let mut last_piece_line = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let mut any = false;
        while let Some(p) = pieces.next_if(|p| p.line == n) {
            any = true;
            let _ = writeln!(
                out,
                "{n:>4}  {:<22}  {}  ·  {}",
                p.role.name(),
                p.rule,
                p.text
            );
        }
        if any {
            last_piece_line = Some(n);
        } else if line.trim().is_empty() {
            let _ = writeln!(out, "{n:>4}  blank");
        } else if let Some(k) = last_piece_line {
            // Its text is in the piece of an earlier line: a hard-wrapped paragraph joined.
            let _ = writeln!(
                out,
                "{n:>4}  (joined to line {k}: a hard-wrapped line continued)"
            );
        } else {
            let _ = writeln!(out, "{n:>4}  ?");
        }
    }
    // Pieces are in reading order, which is line order; anything left would be a bug.
    for p in pieces {
        let _ = writeln!(
            out,
            "{:>4}  {:<22}  {}  ·  {}",
            p.line,
            p.role.name(),
            p.rule,
            p.text
        );
    }
    let a = &s.article;
    match a.title_source {
        TitleSource::Text => {}
        TitleSource::Filename => {
            let _ = writeln!(
                out,
                "title: `{}` from the file name (no headline line)",
                a.headline
            );
        }
        TitleSource::Derived => {
            let _ = writeln!(
                out,
                "title: `{}` derived from the first sentence (no headline line)",
                a.headline
            );
        }
        TitleSource::Override => {
            let _ = writeln!(out, "title: `{}` from --title", a.headline);
        }
    }
    if let Some(d) = &a.dateline {
        let _ = writeln!(
            out,
            "dateline: agency {} · place {} · date {}",
            d.agency.as_deref().unwrap_or("-"),
            d.place.as_deref().unwrap_or("-"),
            d.date.as_deref().unwrap_or("-")
        );
    }
    if !a.bylines.is_empty() {
        let _ = writeln!(out, "bylines: {}", a.bylines.join("、"));
    }
    if a.date.is_some() || a.page.is_some() {
        let from_text = s
            .pieces
            .iter()
            .any(|p| p.role == Role::Block(crate::model::BlockKind::Date));
        let _ = writeln!(
            out,
            "date: {} · page: {} ({})",
            a.date.as_deref().unwrap_or("-"),
            a.page.map_or("-".to_string(), |p| p.to_string()),
            if from_text {
                "date from the text, page from the path"
            } else {
                "from the path"
            }
        );
    }
    if let Some(r) = skip {
        let _ = writeln!(out, "skipped: {r}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::{structure_with, Rules, SourceMeta};

    #[test]
    fn every_line_is_listed_with_its_role_and_rule() {
        let text = "\n标题\n\n　　本报讯　正文。\n□鞠　闻\n";
        let meta = SourceMeta {
            source: "a.txt".into(),
            stem: "a".into(),
            encoding: "UTF-8".into(),
        };
        let s = structure_with(text, &meta, Rules::builtin());
        let e = explain(text, &s, None);
        let rows: Vec<&str> = e.lines().collect();
        assert!(rows[1].starts_with("   1  blank"), "{e}");
        assert!(
            rows[2].contains("headline") && rows[2].contains("header line 2"),
            "{e}"
        );
        assert!(
            rows[4].contains("dateline") && rows[4].ends_with("本报讯"),
            "{e}"
        );
        assert!(
            rows[5].contains("paragraph") && rows[5].ends_with("正文。"),
            "{e}"
        );
        assert!(
            rows[6].contains("byline (end)") && rows[6].ends_with("□鞠　闻"),
            "{e}"
        );
        assert!(e.contains("bylines: 鞠闻"), "{e}");
    }
}
