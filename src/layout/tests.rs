//! Specifications of the layout, and the fixed-width test metrics the line breaker's own
//! tests share.

use super::*;
use crate::model::{Block, TitleSource};

/// Every character one em wide, except ASCII at half an em.
pub struct Monospace;
impl Metrics for Monospace {
    fn advance(&self, _: Face, c: char) -> f32 {
        if c.is_ascii() {
            0.5
        } else {
            1.0
        }
    }
}

pub fn geometry() -> Geometry {
    Geometry {
        width: 200.0,
        height: 200.0,
        margin: 20.0,
        body_size: 10.0,
        headline_size: 16.0,
        leading: 1.5,
        kinsoku: Kinsoku::Basic,
        centred_punctuation: false,
    }
}

fn article(paragraphs: &[&str]) -> Article {
    Article {
        source: "a.txt".into(),
        encoding: "UTF-8".into(),
        kicker: None,
        headline: "标题".into(),
        subtitle: None,
        dateline: None,
        bylines: vec![],
        blocks: paragraphs
            .iter()
            .map(|t| Block {
                kind: BlockKind::Paragraph,
                text: t.to_string(),
            })
            .collect(),
        credits: vec![],
        title_source: TitleSource::Text,
        date: None,
        page: None,
        byline_lines: Vec::new(),
        site: None,
        publication: None,
    }
}

fn body_lines(pages: &[Page]) -> Vec<&Line> {
    pages
        .iter()
        .flat_map(|p| &p.lines)
        .filter(|l| l.role == Role::Body)
        .collect()
}

#[test]
fn every_character_is_placed_once_in_order() {
    let text = "中".repeat(300);
    let pages = layout(&article(&[&text]), &geometry(), &Monospace);
    let all: String = body_lines(&pages).iter().map(|l| l.text.as_str()).collect();
    assert_eq!(all, text);
    for l in pages.iter().flat_map(|p| &p.lines) {
        assert_eq!(l.xs.len(), l.text.chars().count(), "{l:?}");
    }
}

#[test]
fn long_text_flows_onto_more_pages_and_stays_inside_the_margins() {
    let text = "中".repeat(2000);
    let g = geometry();
    let pages = layout(&article(&[&text]), &g, &Monospace);
    assert!(pages.len() > 1);
    for l in body_lines(&pages) {
        assert!(
            l.y >= g.margin - l.size * 0.2 && l.y <= g.height - g.margin,
            "{l:?}"
        );
        assert!(l.x >= g.margin && l.x + l.width <= g.width - g.margin + 0.01);
    }
}

#[test]
fn justified_lines_fill_the_measure_to_a_hundredth_of_a_point() {
    let text = "中文排版，“引号”（括号）。AI与2019年……".repeat(12);
    let g = geometry();
    let pages = layout(&article(&[&text]), &g, &Monospace);
    let body = body_lines(&pages);
    assert!(body.len() > 5);
    let right = g.width - g.margin;
    for l in &body[..body.len() - 1] {
        assert!((l.x + l.width - right).abs() < 0.01, "{l:?}");
        // The last glyph's ink ends at the measure: its advance less any compression.
        let last = l.text.chars().last().unwrap();
        let end = l.xs.last().unwrap() + Monospace.advance(l.face, last) * l.size;
        let half = if "，。、；：）》」』】〕〉”’".contains(last) {
            l.size / 2.0
        } else {
            0.0
        };
        assert!((end - half - right).abs() < 0.01, "{l:?} ends at {end}");
    }
    let last = body.last().unwrap();
    assert!(
        last.x + last.width < right,
        "the last line keeps its natural width"
    );
}

#[test]
fn no_page_starts_with_a_widow_or_ends_with_an_orphan() {
    // Paragraphs of 3 lines (12 + 12 + 5 chars at 16 per line) on pages of 9 line boxes
    // (each page's lines include the title on page 1, so the split points vary).
    let para = "中".repeat(16 * 2 + 5);
    let paras: Vec<&str> = (0..12).map(|_| para.as_str()).collect();
    let g = geometry();
    let pages = layout(&article(&paras), &g, &Monospace);
    assert!(pages.len() > 2);
    for (n, page) in pages.iter().enumerate() {
        let body: Vec<&Line> = page.lines.iter().filter(|l| l.role == Role::Body).collect();
        let (Some(first), Some(last)) = (body.first(), body.last()) else {
            continue;
        };
        // A page may not open with a paragraph's last line alone (a short line, not indented,
        // followed by an indented one or nothing) …
        let short = |l: &Line| l.text.chars().count() < 16;
        let indented = |l: &Line| l.x > g.margin + 1.0;
        if n > 0 {
            assert!(
                !(short(first) && !indented(first) && body.get(1).is_none_or(|l| indented(l))),
                "widow at the top of page {}",
                n + 1
            );
        }
        // … nor close with a paragraph's first line alone.
        if n + 1 < pages.len() {
            assert!(!indented(last), "orphan at the foot of page {}", n + 1);
        }
    }
}

#[test]
fn a_running_header_appears_from_page_two_and_every_page_has_a_number() {
    let text = "中".repeat(2000);
    let pages = layout(&article(&[&text]), &geometry(), &Monospace);
    for (n, p) in pages.iter().enumerate() {
        let headers: Vec<_> = p.lines.iter().filter(|l| l.role == Role::Header).collect();
        assert_eq!(headers.len(), usize::from(n > 0), "page {}", n + 1);
        let folio = p.lines.iter().find(|l| l.role == Role::Folio).unwrap();
        assert_eq!(folio.text, (n + 1).to_string());
    }
    assert_eq!(pages[1].lines[0].text, "标题");
}

#[test]
fn bylines_are_flush_right_and_the_headline_centred() {
    let mut a = article(&["正文"]);
    a.bylines = vec!["本报记者　张三".into()];
    a.headline = "一个不太长的标题".into();
    let g = geometry();
    let pages = layout(&a, &g, &Monospace);
    let by = pages[0]
        .lines
        .iter()
        .find(|l| l.text.contains("张三"))
        .unwrap();
    assert!(
        (by.x + by.width - (g.width - g.margin)).abs() < 0.01,
        "{by:?}"
    );
    let head = &pages[0].lines[0];
    assert!(
        (head.x + head.width / 2.0 - g.width / 2.0).abs() < 0.01,
        "{head:?}"
    );
}

#[test]
fn a_headline_never_leaves_one_character_alone() {
    let mut a = article(&["正文"]);
    // Ten one-em characters at 16 pt fill the 160 pt measure: the eleventh would sit alone.
    a.headline = "一二三四五六七八九十一".into();
    let pages = layout(&a, &geometry(), &Monospace);
    let title: Vec<&str> = pages[0]
        .lines
        .iter()
        .filter(|l| l.role == Role::Title)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(title.len(), 2, "{title:?}");
    assert!(title[1].chars().count() >= 2, "{title:?}");
    // Balanced: the two lines differ by at most one character.
    let (a, b) = (title[0].chars().count(), title[1].chars().count());
    assert!(a.abs_diff(b) <= 1, "{title:?}");
}
