//! Article → pages of positioned lines, on plain geometry. Pure and independent of printpdf:
//! glyph advances come through the [`Metrics`] trait, so the rules here are testable with
//! made-up fonts.
//!
//! Coordinates are PDF points with the origin at the bottom-left corner of the page; a line's
//! `y` is its baseline.

pub mod linebreak;

use crate::model::{Article, BlockKind, BylinePosition, CreditKind};
pub use linebreak::{break_lines, set_line, BrokenLine, Kinsoku};

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
    /// Line-breaking prohibitions.
    pub kinsoku: Kinsoku,
}

impl Geometry {
    /// The text measure (width of a full line).
    pub fn measure(&self) -> f32 {
        self.width - 2.0 * self.margin
    }
}

/// What a line is, for styling and for dumps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Title block: kicker, headline, subtitle, bylines, date lines.
    Title,
    /// Body paragraphs (with the dateline), section heads, captions, credits.
    Body,
    /// The running header (from page 2).
    Header,
    /// The page number.
    Folio,
}

/// One positioned line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// What the line is.
    pub role: Role,
    /// The font.
    pub face: Face,
    /// Text size in points.
    pub size: f32,
    /// Left edge of the line.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// The characters, in order.
    pub text: String,
    /// Where each character's glyph is drawn (absolute x, one per character).
    pub xs: Vec<f32>,
    /// The set width of the line, from `x`.
    pub width: f32,
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
    /// Justified without indent.
    Justify,
    /// Centred.
    Center,
    /// Flush right.
    Right,
    /// Flush left, ragged right.
    Left,
}

/// A block's typographic settings.
#[derive(Debug, Clone, Copy)]
struct Style {
    role: Role,
    face: Face,
    size: f32,
    /// Line height as a multiple of `size`.
    lead: f32,
    align: Align,
}

/// Vertical cursor over pages.
struct Flow<'g> {
    geom: &'g Geometry,
    metrics: &'g dyn Metrics,
    pages: Vec<Page>,
    /// Top of the next line box.
    cursor: f32,
}

impl<'g> Flow<'g> {
    fn new(geom: &'g Geometry, metrics: &'g dyn Metrics) -> Self {
        Flow {
            geom,
            metrics,
            pages: vec![Page::default()],
            cursor: geom.height - geom.margin,
        }
    }

    fn page_empty(&self) -> bool {
        self.pages.last().is_none_or(|p| p.lines.is_empty())
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.cursor = self.geom.height - self.geom.margin;
    }

    fn gap(&mut self, points: f32) {
        if !self.page_empty() {
            self.cursor -= points;
        }
    }

    /// How many line boxes of `height` still fit on this page.
    fn room(&self, height: f32) -> usize {
        ((self.cursor - self.geom.margin + 1e-3) / height)
            .floor()
            .max(0.0) as usize
    }

    /// Places one line box, starting a new page when it does not fit.
    fn place(&mut self, mut line: Line, height: f32) {
        if self.room(height) == 0 && !self.page_empty() {
            self.new_page();
        }
        // Baseline: centre the em box in the line box; 0.88 em is a CJK face's ascent.
        line.y = self.cursor - (height - line.size) / 2.0 - 0.88 * line.size;
        self.cursor -= height;
        self.pages.last_mut().unwrap().lines.push(line);
    }

    /// Breaks and sets `text`; returns the lines (not yet placed) and the line height.
    fn set(&self, text: &str, st: Style) -> Vec<Line> {
        let measure = self.geom.measure();
        let indent = if st.align == Align::Paragraph {
            2.0 * st.size
        } else {
            0.0
        };
        let (items, mut lines) = break_lines(
            text,
            measure,
            indent,
            st.size,
            st.face,
            self.geom.kinsoku,
            self.metrics,
        );
        // A centred title of several lines is balanced: the narrowest measure (in steps of an
        // em) that keeps the same number of lines, so it does not end on a short stub.
        let mut set_measure = measure;
        if st.align == Align::Center && lines.len() > 1 {
            let mut m = measure - st.size;
            while m > st.size * 2.0 {
                let narrower = linebreak::break_items(&items, text.len(), m, 0.0);
                if narrower.len() != lines.len() {
                    break;
                }
                lines = narrower;
                set_measure = m;
                m -= st.size;
            }
        }
        lines
            .into_iter()
            .map(|bl| {
                let avail = set_measure - bl.indent;
                let justify = matches!(st.align, Align::Paragraph | Align::Justify) && !bl.last;
                let (xs, width) = set_line(&items, bl.items.clone(), avail, justify);
                let x = self.geom.margin
                    + bl.indent
                    + match st.align {
                        Align::Paragraph | Align::Justify | Align::Left => 0.0,
                        Align::Center => ((measure - width) / 2.0).max(0.0),
                        Align::Right => (avail - width).max(0.0),
                    };
                Line {
                    role: st.role,
                    face: st.face,
                    size: st.size,
                    x,
                    y: 0.0,
                    xs: xs.into_iter().map(|dx| x + dx).collect(),
                    width,
                    text: text[bl.range].to_string(),
                }
            })
            .collect()
    }

    /// Sets a block and places it: no paragraph leaves its first line alone at a page's foot
    /// (orphan) or its last line alone at a page's head (widow).
    fn block(&mut self, text: &str, st: Style) {
        let height = st.size * st.lead;
        let mut lines = self.set(text, st).into_iter().peekable();
        let total = lines.len();
        let mut placed = 0;
        while lines.peek().is_some() {
            let remaining = total - placed;
            let room = if self.page_empty() {
                usize::MAX
            } else {
                self.room(height)
            };
            let mut take = remaining.min(room);
            if take < remaining {
                if remaining - take == 1 && take > 0 {
                    take -= 1; // a widow: send one more line over
                }
                if placed == 0 && take == 1 {
                    take = 0; // an orphan: start the paragraph on the next page
                }
                if take == 0 {
                    self.new_page();
                    continue;
                }
            }
            for _ in 0..take {
                let line = lines.next().unwrap();
                self.place(line, height);
            }
            placed += take;
            if placed < total {
                self.new_page();
            }
        }
    }

    /// Starts a new page unless `height` points are left (a head kept with what follows).
    fn keep(&mut self, height: f32) {
        if !self.page_empty() && self.cursor - height < self.geom.margin {
            self.new_page();
        }
    }

    /// A single line of `text` centred at baseline `y`, cut with an ellipsis to `max` points.
    fn label(&self, text: &str, role: Role, size: f32, y: f32, max: f32) -> Line {
        let adv = |c: char| self.metrics.advance(Face::Body, c) * size;
        let mut shown = String::new();
        let mut width = 0.0;
        let ell = adv('…');
        let full: f32 = text.chars().map(adv).sum();
        let mut xs = Vec::new();
        for c in text.chars() {
            if full > max && width + adv(c) + ell > max {
                xs.push(width);
                shown.push('…');
                width += ell;
                break;
            }
            xs.push(width);
            shown.push(c);
            width += adv(c);
        }
        let x = (self.geom.width - width) / 2.0;
        Line {
            role,
            face: Face::Body,
            size,
            x,
            y,
            text: shown,
            xs: xs.into_iter().map(|dx| x + dx).collect(),
            width,
        }
    }
}

/// Lays an article out on pages.
pub fn layout(article: &Article, geom: &Geometry, metrics: &dyn Metrics) -> Vec<Page> {
    layout_from(article, geom, metrics, 1)
}

/// Lays an article out on pages numbered from `first_page` (a collection continues the numbers
/// of the articles before it).
pub fn layout_from(
    article: &Article,
    geom: &Geometry,
    metrics: &dyn Metrics,
    first_page: usize,
) -> Vec<Page> {
    let mut flow = Flow::new(geom, metrics);
    let body = geom.body_size;
    let small = body * 0.85;
    let st = |role, face, size, lead, align| Style {
        role,
        face,
        size,
        lead,
        align,
    };
    let text_st = st(Role::Body, Face::Body, body, geom.leading, Align::Paragraph);
    if let Some(k) = &article.kicker {
        flow.block(
            k,
            st(Role::Title, Face::Body, small * 1.1, 1.6, Align::Center),
        );
    }
    flow.block(
        &article.headline,
        st(
            Role::Title,
            Face::Heading,
            geom.headline_size,
            1.4,
            Align::Center,
        ),
    );
    if let Some(s) = &article.subtitle {
        flow.block(
            s,
            st(Role::Title, Face::Body, body * 1.1, 1.6, Align::Center),
        );
    }
    flow.gap(body * 0.5);
    for b in article.printed_bylines(BylinePosition::Top) {
        flow.block(b, st(Role::Title, Face::Body, small, 1.6, Align::Right));
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
        flow.block(&text, text_st);
        first_paragraph = first.is_none();
    }
    let line_h = body * geom.leading;
    for (i, b) in article.blocks.iter().enumerate() {
        if i == 0 && !first_paragraph {
            continue;
        }
        match b.kind {
            BlockKind::Paragraph => flow.block(&b.text, text_st),
            BlockKind::Heading => {
                flow.gap(body * 0.5);
                // A section head never ends a page: keep it with two lines of what follows.
                flow.keep(line_h * 3.0);
                flow.block(
                    &b.text,
                    st(Role::Body, Face::Heading, body, geom.leading, Align::Left),
                );
            }
            BlockKind::Caption => flow.block(
                &b.text,
                st(Role::Body, Face::Body, small, geom.leading, Align::Justify),
            ),
            BlockKind::Date => flow.block(
                &b.text,
                st(Role::Title, Face::Body, small, geom.leading, Align::Center),
            ),
        }
    }
    for b in article.printed_bylines(BylinePosition::End) {
        flow.block(
            b,
            st(Role::Body, Face::Body, small, geom.leading, Align::Right),
        );
    }
    if !article.credits.is_empty() {
        flow.gap(body * 0.5);
    }
    for c in &article.credits {
        let align = match c.kind {
            CreditKind::Editor | CreditKind::Source | CreditKind::End => Align::Right,
            CreditKind::OriginalTitle | CreditKind::Other => Align::Left,
        };
        flow.block(
            &c.text,
            st(Role::Body, Face::Body, small, geom.leading, align),
        );
    }
    // Running header from page 2 and a page number on every page.
    let folio_size = body * 0.8;
    let count = flow.pages.len();
    for n in 0..count {
        let folio = flow.label(
            &(n + first_page).to_string(),
            Role::Folio,
            folio_size,
            geom.margin * 0.5,
            geom.measure(),
        );
        let header = (n > 0).then(|| {
            flow.label(
                &article.headline,
                Role::Header,
                folio_size,
                geom.height - geom.margin * 0.6,
                geom.measure() * 0.8,
            )
        });
        let page = &mut flow.pages[n];
        if let Some(h) = header {
            page.lines.insert(0, h);
        }
        page.lines.push(folio);
    }
    flow.pages
}

/// A plain-text dump of pages: one line per text line, pages separated by a marker. Used for
/// golden files, so that a change in line breaking shows as a readable diff.
pub fn dump(pages: &[Page]) -> String {
    let mut out = String::new();
    for (n, p) in pages.iter().enumerate() {
        out.push_str(&format!("=== page {}\n", n + 1));
        for l in &p.lines {
            let tag = match l.role {
                Role::Title => "T",
                Role::Body => "|",
                Role::Header => "H",
                Role::Folio => "F",
            };
            out.push_str(tag);
            out.push(' ');
            out.push_str(&l.text);
            out.push('\n');
        }
    }
    out
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
            kinsoku: Kinsoku::Basic,
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
}
