//! Article → pages of positioned lines, on plain geometry. Pure and independent of printpdf:
//! glyph advances come through the [`Metrics`] trait, so the rules here are testable with
//! made-up fonts.
//!
//! Coordinates are PDF points with the origin at the bottom-left corner of the page; a line's
//! `y` is its baseline.

pub mod kinsoku;
pub mod linebreak;

use crate::model::{Article, BlockKind, BylinePosition, CreditKind};
pub use kinsoku::Kinsoku;
pub use linebreak::{break_lines, set_line, BrokenLine};

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
    /// Whether the faces centre `，。、；：！？` (Traditional Chinese), which then keep their
    /// full width ([`linebreak::items`]).
    pub centred_punctuation: bool,
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

/// The standard structure type of what a line belongs to, for tagged PDF (ISO 32000 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elem {
    /// The headline.
    H1,
    /// A section head in the body.
    H2,
    /// A paragraph: kicker, subtitle, bylines, the dateline with its paragraph, body text,
    /// credits.
    P,
    /// A picture's caption.
    Caption,
}

impl Elem {
    /// The structure type's name (`H1`, `P`, …).
    pub fn name(self) -> &'static str {
        match self {
            Elem::H1 => "H1",
            Elem::H2 => "H2",
            Elem::P => "P",
            Elem::Caption => "Caption",
        }
    }
}

/// The element of the article a line belongs to: its structure type and its number (in
/// reading order, from 0, per article).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element {
    /// The element's number.
    pub id: u32,
    /// Its structure type.
    pub kind: Elem,
}

/// One positioned line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// What the line is.
    pub role: Role,
    /// The article element it belongs to; `None` for page furniture (running header, page
    /// number), which tagged PDF marks as an artifact.
    pub element: Option<Element>,
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
    elem: Elem,
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
    /// Elements set so far (the next one's number).
    elements: u32,
}

impl<'g> Flow<'g> {
    fn new(geom: &'g Geometry, metrics: &'g dyn Metrics) -> Self {
        Flow {
            geom,
            metrics,
            pages: vec![Page::default()],
            cursor: geom.height - geom.margin,
            elements: 0,
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

    /// Breaks and sets `text` as element `id`; returns the lines (not yet placed).
    fn set(&self, text: &str, st: Style, id: u32) -> Vec<Line> {
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
            linebreak::Conventions {
                kinsoku: self.geom.kinsoku,
                centred: self.geom.centred_punctuation,
            },
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
                    element: Some(Element { id, kind: st.elem }),
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
        let id = self.elements;
        self.elements += 1;
        let mut lines = self.set(text, st, id).into_iter().peekable();
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
            element: None,
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
        elem: Elem::P,
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
        Style {
            elem: Elem::H1,
            ..st(
                Role::Title,
                Face::Heading,
                geom.headline_size,
                1.4,
                Align::Center,
            )
        },
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
                    Style {
                        elem: Elem::H2,
                        ..st(Role::Body, Face::Heading, body, geom.leading, Align::Left)
                    },
                );
            }
            BlockKind::Caption => flow.block(
                &b.text,
                Style {
                    elem: Elem::Caption,
                    ..st(Role::Body, Face::Body, small, geom.leading, Align::Justify)
                },
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
pub(crate) mod tests;
