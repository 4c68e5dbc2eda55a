//! Article → pages of positioned lines, on plain geometry. Pure and independent of printpdf:
//! glyph advances come through the [`Metrics`] trait, so the rules here are testable with
//! made-up fonts.
//!
//! Coordinates are PDF points with the origin at the bottom-left corner of the page; a line's
//! `y` is its baseline.

pub mod linebreak;

use crate::model::{Article, BlockKind, CreditKind};
pub use linebreak::{break_lines, BrokenLine};

/// Which font a line is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Body text.
    Body,
    /// Headline and other display text.
    Heading,
}

/// Glyph metrics, in ems (advance ÷ units per em).
pub trait Metrics {
    /// The advance width of `c` in `face`, in ems.
    fn advance(&self, face: Face, c: char) -> f32;
}

/// The page design in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Margin on every side.
    pub margin: f32,
    /// Body text size.
    pub body_size: f32,
    /// Headline size.
    pub headline_size: f32,
    /// Line height as a multiple of the text size.
    pub leading: f32,
}

impl Geometry {
    /// The text measure (width of a full line).
    pub fn measure(&self) -> f32 {
        self.width - 2.0 * self.margin
    }
}

/// One positioned line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The font.
    pub face: Face,
    /// Text size in points.
    pub size: f32,
    /// Left edge of the first glyph.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Extra space after every character, in points (justification).
    pub char_spacing: f32,
    /// The characters, in order.
    pub text: String,
}

/// One page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Lines in reading order.
    pub lines: Vec<Line>,
}

/// How a run of lines is placed horizontally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    /// Justified, with a two-em first-line indent.
    Paragraph,
    /// Centred.
    Center,
    /// Flush right.
    Right,
    /// Flush left, ragged right.
    Left,
}

/// Vertical cursor over pages.
struct Flow<'g> {
    geom: &'g Geometry,
    pages: Vec<Page>,
    /// Top of the next line box.
    cursor: f32,
}

impl<'g> Flow<'g> {
    fn new(geom: &'g Geometry) -> Self {
        Flow {
            geom,
            pages: vec![Page::default()],
            cursor: geom.height - geom.margin,
        }
    }

    fn gap(&mut self, points: f32) {
        if !self.pages.last().is_some_and(|p| p.lines.is_empty()) {
            self.cursor -= points;
        }
    }

    /// Places one line box of height `size × leading`, starting a new page when it does not fit.
    fn place(&mut self, mut line: Line) {
        let height = line.size * self.geom.leading;
        if self.cursor - height < self.geom.margin && !self.pages.last().unwrap().lines.is_empty() {
            self.pages.push(Page::default());
            self.cursor = self.geom.height - self.geom.margin;
        }
        // Baseline: centre the em box in the line box; 0.88 em is a CJK face's ascent.
        line.y = self.cursor - (height - line.size) / 2.0 - 0.88 * line.size;
        self.cursor -= height;
        self.pages.last_mut().unwrap().lines.push(line);
    }

    fn block(&mut self, text: &str, face: Face, size: f32, align: Align, metrics: &dyn Metrics) {
        let measure = self.geom.measure();
        let indent = if align == Align::Paragraph {
            2.0 * size
        } else {
            0.0
        };
        for bl in break_lines(text, measure, indent, size, face, metrics) {
            let slack = measure - bl.indent - bl.natural;
            let (x, char_spacing) = match align {
                Align::Paragraph if !bl.last => (bl.indent, bl.justify_spacing(measure)),
                Align::Paragraph | Align::Left => (bl.indent, 0.0),
                Align::Center => (slack.max(0.0) / 2.0, 0.0),
                Align::Right => (slack.max(0.0), 0.0),
            };
            self.place(Line {
                face,
                size,
                x: self.geom.margin + x,
                y: 0.0,
                char_spacing,
                text: text[bl.range].to_string(),
            });
        }
    }
}

/// Lays an article out on pages.
pub fn layout(article: &Article, geom: &Geometry, metrics: &dyn Metrics) -> Vec<Page> {
    let mut flow = Flow::new(geom);
    let body = geom.body_size;
    let small = body * 0.85;
    if let Some(k) = &article.kicker {
        flow.block(k, Face::Body, small, Align::Center, metrics);
    }
    flow.block(
        &article.headline,
        Face::Heading,
        geom.headline_size,
        Align::Center,
        metrics,
    );
    if let Some(s) = &article.subtitle {
        flow.block(s, Face::Body, body, Align::Center, metrics);
    }
    if !article.bylines.is_empty() {
        flow.block(
            &article.bylines.join("　"),
            Face::Body,
            small,
            Align::Center,
            metrics,
        );
    }
    flow.gap(body);
    let mut first_paragraph = true;
    if let Some(d) = &article.dateline {
        // The dateline opens the first paragraph; when there is none it stands alone.
        let first = article
            .blocks
            .first()
            .filter(|b| b.kind == BlockKind::Paragraph);
        let text = match first {
            Some(p) => format!("{}　{}", d.text, p.text),
            None => d.text.clone(),
        };
        flow.block(&text, Face::Body, body, Align::Paragraph, metrics);
        first_paragraph = first.is_none();
    }
    for (i, b) in article.blocks.iter().enumerate() {
        if i == 0 && !first_paragraph {
            continue;
        }
        match b.kind {
            BlockKind::Paragraph => {
                flow.block(&b.text, Face::Body, body, Align::Paragraph, metrics)
            }
            BlockKind::Heading => {
                flow.gap(body * 0.5);
                flow.block(&b.text, Face::Heading, body, Align::Left, metrics);
            }
            BlockKind::Caption => flow.block(&b.text, Face::Body, small, Align::Left, metrics),
            BlockKind::Date => flow.block(&b.text, Face::Body, small, Align::Center, metrics),
        }
    }
    if !article.credits.is_empty() {
        flow.gap(body * 0.5);
    }
    for c in &article.credits {
        let align = match c.kind {
            CreditKind::Editor | CreditKind::Source | CreditKind::End => Align::Right,
            CreditKind::OriginalTitle | CreditKind::Other => Align::Left,
        };
        flow.block(&c.text, Face::Body, small, align, metrics);
    }
    flow.pages
}

#[cfg(test)]
pub(crate) mod tests {
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
        }
    }

    #[test]
    fn every_character_is_placed_once_in_order() {
        let text = "中".repeat(300);
        let pages = layout(&article(&[&text]), &geometry(), &Monospace);
        let all: String = pages
            .iter()
            .flat_map(|p| &p.lines)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(all, format!("标题{text}"));
    }

    #[test]
    fn long_text_flows_onto_more_pages_and_stays_inside_the_margins() {
        let text = "中".repeat(2000);
        let g = geometry();
        let pages = layout(&article(&[&text]), &g, &Monospace);
        assert!(pages.len() > 1);
        for l in pages.iter().flat_map(|p| &p.lines) {
            assert!(
                l.y >= g.margin - l.size * 0.2 && l.y <= g.height - g.margin,
                "{l:?}"
            );
            assert!(l.x >= g.margin);
        }
    }

    #[test]
    fn justified_lines_fill_the_measure() {
        let text = "中文排版，".repeat(40);
        let g = geometry();
        let pages = layout(&article(&[&text]), &g, &Monospace);
        let body: Vec<_> = pages.iter().flat_map(|p| &p.lines).skip(1).collect();
        for l in &body[..body.len() - 1] {
            let n = l.text.chars().count() as f32;
            let width: f32 = l
                .text
                .chars()
                .map(|c| Monospace.advance(l.face, c) * l.size)
                .sum();
            let right = l.x + width + l.char_spacing * (n - 1.0);
            assert!(
                (right - (g.width - g.margin)).abs() < 0.01,
                "{l:?} ends at {right}"
            );
        }
    }
}
