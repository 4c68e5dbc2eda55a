//! Normalised text → [`Article`]. Pure: the same text, source metadata and rules always give
//! the same article.
//!
//! The text is cut into *pieces*: trimmed lines, split further where one line holds several
//! `　　`-indented paragraphs, or where a dateline opens a paragraph, or a byline or credit
//! closes it. Each piece gets exactly one [`Role`], decided by one small recogniser:
//! - [`lines`]: source lines → body pieces (hard-wrapped paragraphs joined, `　　`-indented
//!   paragraphs and one-line pages cut);
//! - [`title`]: People's Daily's three header lines (引题/主题/副题), a container's title field,
//!   or a first line that reads as a title, cut into kicker, headline, subtitle and site suffix;
//!   and the title fallback when there is none;
//! - [`byline`]: reporters and authors above or below the body, and their names;
//! - [`dateline`]: `本报北京6月24日电（记者…）` and its agency, place and date;
//! - [`credits`]: trailing editors, sources, original titles, end marks and footers;
//! - [`blocks`]: paragraphs, headings, captions and date lines;
//! - [`path`]: date and page from a People's Daily file name;
//! - [`skip`]: non-articles (empty, `广告`, `图片报道`, a lone URL);
//! - [`explain`]: the pieces, their roles and rules, for `newsbind inspect --explain`.
//!
//! Invariant: the pieces hold every non-whitespace character of the text exactly once, in
//! reading order, and the article's text fields are the pieces' texts (see [`Article`]).
//! Publication-varying words (agencies, role words, credit labels) come from [`Rules`].

mod assemble;
pub mod blocks;
pub mod byline;
pub mod credits;
pub mod dateline;
pub mod explain;
pub mod lines;
pub mod path;
pub mod rules;
pub mod skip;
pub mod title;

pub use rules::Rules;

use std::borrow::Cow;

use crate::model::{Article, BlockKind, BylinePosition, CreditKind};

/// What the structurer knows about a source besides its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMeta {
    /// The source path as reported; a People's Daily file name in it gives date and page.
    pub source: String,
    /// The file name without extension, a title candidate.
    pub stem: String,
    /// The encoding the text was decoded from.
    pub encoding: String,
}

/// The role a piece of the source plays in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 引题.
    Kicker,
    /// 主题.
    Headline,
    /// 副题.
    Subtitle,
    /// A byline line, above or below the body.
    Byline(BylinePosition),
    /// The dateline opening the body.
    Dateline,
    /// A body block.
    Block(BlockKind),
    /// Trailing matter.
    Credit(CreditKind),
    /// A page title's site suffix.
    Site,
}

impl Role {
    /// A short name for `--explain`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Kicker => "kicker",
            Role::Headline => "headline",
            Role::Subtitle => "subtitle",
            Role::Byline(BylinePosition::Top) => "byline (top)",
            Role::Byline(BylinePosition::End) => "byline (end)",
            Role::Dateline => "dateline",
            Role::Block(BlockKind::Paragraph) => "paragraph",
            Role::Block(BlockKind::Heading) => "heading",
            Role::Block(BlockKind::Caption) => "caption",
            Role::Block(BlockKind::Date) => "date",
            Role::Credit(CreditKind::Editor) => "credit: editor",
            Role::Credit(CreditKind::Source) => "credit: source",
            Role::Credit(CreditKind::OriginalTitle) => "credit: original title",
            Role::Credit(CreditKind::End) => "credit: end",
            Role::Credit(CreditKind::Other) => "credit: other",
            Role::Site => "site",
        }
    }
}

/// One piece of the source: a line or part of one, its role and the rule that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The 1-based source line it comes from.
    pub line: usize,
    /// Its text (trimmed): a slice of the source text, or the lines of a hard-wrapped
    /// paragraph joined.
    pub text: Cow<'a, str>,
    /// Its role.
    pub role: Role,
    /// The rule that gave it the role.
    pub rule: &'static str,
}

/// The structurer's full result: the article, and the pieces it was built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structured<'a> {
    /// The article.
    pub article: Article,
    /// Every piece of text, in reading order.
    pub pieces: Vec<Piece<'a>>,
}

pub use lines::trim_line;

/// Longest first line, in characters, read as a title line (kicker, headline, subtitle and
/// site suffix together); the headline itself is held to [`title::looks_like_headline`].
const MAX_TITLE_LINE_CHARS: usize = 120;

/// Why an article is not one (empty, a placeholder, a lone URL, a headline only), with the
/// built-in rules. See [`skip::skip_reason`] for configured rules.
pub fn skip_reason(article: &Article) -> Option<String> {
    skip::skip_reason(article, Rules::builtin())
}

/// Builds the article model from normalised text with the built-in rules.
pub fn structure(text: &str, meta: &SourceMeta) -> Article {
    structure_with(text, meta, Rules::builtin()).article
}

/// What the structurer reads of a source: a container's title block and author field (both
/// empty for plain text, see `read::container`) and the body text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts<'a> {
    /// The title block (a record's title, `【 标  题 】`, an RSS `<title>`).
    pub title: &'a str,
    /// The author field (`【 作  者 】`).
    pub author: &'a str,
    /// Whether line breaks in the title separate decks (引题/主题, as in an RSS `<title>`)
    /// rather than continue a field (a `【 标  题 】` field's 副题 lines).
    pub title_decks: bool,
    /// The text.
    pub body: &'a str,
}

/// A sub-slice of a piece's text, borrowed when the text is.
fn sub<'a>(t: &Cow<'a, str>, r: std::ops::Range<usize>) -> Cow<'a, str> {
    match t {
        Cow::Borrowed(b) => Cow::Borrowed(trim_line(&b[r])),
        Cow::Owned(o) => Cow::Owned(trim_line(&o[r]).to_string()),
    }
}

fn part_role(p: title::Part) -> Role {
    match p {
        title::Part::Kicker => Role::Kicker,
        title::Part::Headline => Role::Headline,
        title::Part::Subtitle => Role::Subtitle,
        title::Part::Site => Role::Site,
    }
}

/// The title parts of one headline line as pieces.
fn title_pieces<'a>(line: usize, text: &'a str, rule: &'static str) -> Vec<Piece<'a>> {
    title::split_line(text)
        .into_iter()
        .map(|(part, t)| Piece {
            line,
            text: Cow::Borrowed(t),
            role: part_role(part),
            rule,
        })
        .collect()
}

/// Whether a body piece repeats the headline (the page's title again as the body's first
/// line, or `题：…`).
fn repeats_title(t: &str, head: &[Piece<'_>]) -> bool {
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let t = squash(t);
    let t = t.strip_prefix("题：").unwrap_or(&t);
    let Some(h) = head.iter().find(|p| p.role == Role::Headline) else {
        return false;
    };
    let h = squash(&h.text);
    h.chars().count() >= 4
        && (t == h || (t.starts_with(&h) && t.chars().count() <= 80 && !t.contains('。')))
}

/// Builds the article and its pieces from normalised text.
pub fn structure_with<'a>(text: &'a str, meta: &SourceMeta, rules: &Rules) -> Structured<'a> {
    structure_parts(
        Parts {
            body: text,
            ..Parts::default()
        },
        meta,
        rules,
    )
}

/// Builds the article and its pieces from a source's parts.
pub fn structure_parts<'a>(parts: Parts<'a>, meta: &SourceMeta, rules: &Rules) -> Structured<'a> {
    let raw: Vec<&str> = parts.body.lines().collect();
    let mut head: Vec<Piece<'a>> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (part, t) in title::split_block(parts.title, parts.title_decks) {
        head.push(Piece {
            line: 0,
            text: Cow::Borrowed(t),
            role: part_role(part),
            rule: "the container's title field",
        });
    }
    let author = trim_line(parts.author);
    if !author.is_empty() {
        names.extend(byline::listed_names(author, rules));
        head.push(Piece {
            line: 0,
            text: Cow::Borrowed(author),
            role: Role::Byline(BylinePosition::Top),
            rule: "the container's author field",
        });
    }
    let given_title = head.iter().any(|p| p.role == Role::Headline);
    let mut first_body_line = 0;
    if !given_title && title::has_three_line_header(&raw) {
        let h: Vec<&str> = raw[..3].iter().map(|l| trim_line(l)).collect();
        let headline_at = if !h[1].is_empty() {
            1
        } else {
            (0..3).find(|i| !h[*i].is_empty()).unwrap_or(1)
        };
        for (i, t) in h.iter().enumerate() {
            if t.is_empty() {
                continue;
            }
            let (role, rule) = match i.cmp(&headline_at) {
                std::cmp::Ordering::Less => (Role::Kicker, "header line 1 (引题)"),
                std::cmp::Ordering::Equal => {
                    // The headline line may close with a column tag: `…（热点辨析）`.
                    head.extend(title_pieces(i + 1, t, "header line 2 (主题)"));
                    continue;
                }
                std::cmp::Ordering::Greater => (Role::Subtitle, "header line 3 (副题)"),
            };
            head.push(Piece {
                line: i + 1,
                text: Cow::Borrowed(t),
                role,
                rule,
            });
        }
        first_body_line = 3;
    }
    let mut body: Vec<lines::Line<'a>> =
        lines::pieces(&raw[first_body_line.min(raw.len())..], first_body_line + 1);
    let mut cursor = 0;

    // A first line that reads as a headline, when a body follows (or nothing at all does: a
    // title-only page is then skipped as such). A kicker line ending in `——` or a lone label
    // may stand above it.
    if !head.iter().any(|p| p.role == Role::Headline) && !body.is_empty() {
        let headline_ok = |t: &str, more: bool| {
            let parts = title::split_line(t);
            let head = parts
                .iter()
                .find(|p| p.0 == title::Part::Headline)
                .map_or(t, |p| p.1);
            title::looks_like_headline(head)
                && t.chars().count() <= MAX_TITLE_LINE_CHARS
                && !t.contains('。')
                && (more || !t.contains(['，', '！', '？']))
                && byline::top(t, rules).is_none()
                && dateline::parse(t, rules).is_none()
                && blocks::date_line(t).is_none()
                && !blocks::is_caption(t)
        };
        if let (Some((l0, Cow::Borrowed(k))), Some((l1, Cow::Borrowed(h)))) =
            (body.first(), body.get(1))
        {
            if title::is_kicker_line(k)
                && headline_ok(h, body.len() >= 3)
                && !title::is_kicker_line(h)
            {
                head.push(Piece {
                    line: *l0,
                    text: Cow::Borrowed(k),
                    role: Role::Kicker,
                    rule: "kicker line (label, or ending in ——) above the headline",
                });
                head.extend(title_pieces(*l1, h, "headline under a kicker line"));
                cursor = 2;
            }
        }
        if cursor == 0 {
            if let Some((line, Cow::Borrowed(first))) = body.first() {
                if headline_ok(first, body.len() >= 2) {
                    head.extend(title_pieces(*line, first, "first line reads as a headline"));
                    cursor = 1;
                }
            }
        }
        if cursor > 0 && !head.iter().any(|p| p.role == Role::Subtitle) {
            if let Some((line, next)) = body.get(cursor) {
                if (next.starts_with("——") || next.starts_with("--")) && next.chars().count() <= 80
                {
                    head.push(Piece {
                        line: *line,
                        text: next.clone(),
                        role: Role::Subtitle,
                        rule: "line after the headline opens with ——",
                    });
                    cursor += 1;
                }
            }
        }
    }
    let has_headline = head.iter().any(|p| p.role == Role::Headline);

    let mut pieces = head;
    let mut date = None;
    let mut dateline_found = None;
    let mut lead: Vec<Piece<'a>> = Vec::new();
    // A date line under the headline.
    if has_headline {
        if let Some((line, t)) = body.get(cursor) {
            if let Some(d) = blocks::date_line(t) {
                date = Some(d);
                lead.push(Piece {
                    line: *line,
                    text: t.clone(),
                    role: Role::Block(BlockKind::Date),
                    rule: "date line under the headline",
                });
                cursor += 1;
            }
        }
    }
    // Bylines above the body.
    let mut tops: Vec<Piece<'a>> = Vec::new();
    if lead.is_empty() {
        while let Some((line, t)) = body.get(cursor) {
            // `記者蔡佩蓉／台北報導` names reporters but is the dateline.
            let Some(n) = byline::top(t, rules).filter(|_| dateline::parse(t, rules).is_none())
            else {
                break;
            };
            names.extend(n);
            tops.push(Piece {
                line: *line,
                text: t.clone(),
                role: Role::Byline(BylinePosition::Top),
                rule: "top byline: role word (本报记者…)",
            });
            cursor += 1;
        }
    }
    // The dateline opening the first paragraph; the headline repeated before it is body text.
    if lead.is_empty() {
        let mut at = cursor;
        if tops.is_empty() && body.get(at).is_some_and(|(_, t)| repeats_title(t, &pieces)) {
            at += 1;
        }
        if let Some((line, t)) = body.get(at).cloned() {
            if let Some(found) = dateline::parse(&t, rules) {
                for (l, t) in body[cursor..at].iter().cloned() {
                    lead.push(Piece {
                        line: l,
                        text: t,
                        role: Role::Block(BlockKind::Paragraph),
                        rule: "paragraph: the headline repeated above the dateline",
                    });
                }
                pieces.append(&mut tops);
                pieces.push(Piece {
                    line,
                    text: sub(&t, 0..found.len),
                    role: Role::Dateline,
                    rule: found.rule,
                });
                dateline_found = Some(found.dateline);
                let rest = trim_line(&t[found.len..]);
                if rest.is_empty() {
                    cursor = at + 1;
                } else {
                    body[at] = (line, sub(&t, found.len..t.len()));
                    cursor = at;
                }
            }
        }
    }
    pieces.extend(tops);
    pieces.extend(lead);

    // Trailing matter, read backwards: credits last, end bylines before them.
    let mut body: Vec<lines::Line<'a>> = body.split_off(cursor);
    let mut tail: Vec<Piece<'a>> = Vec::new();
    while let Some((line, t)) = body.last().cloned() {
        let whole = credits::classify(&t, rules);
        let closing = whole.is_none().then(|| credits::tail(&t, rules)).flatten();
        // A picture's caption keeps its credit (`朱慧卿作（新华社发）`).
        if blocks::is_caption(&t)
            && whole.is_none()
            && closing.is_none_or(|(_, _, r)| r != credits::PICTURE_CREDIT_AFTER_TEXT)
        {
            break;
        }
        if let Some((kind, rule)) = whole {
            if rule == credits::PICTURE_CREDIT {
                names.extend(byline::credit_names(&t));
            }
            if rule == credits::CLOSING_DATELINE {
                names.extend(
                    dateline::parse(credits::unwrap(&t), rules)
                        .map(|f| f.names)
                        .unwrap_or_default(),
                );
            }
            // Several items on one line are several credits (pushed last first: the tail is
            // read backwards).
            for r in credits::items(&t, rules).into_iter().rev() {
                let (kind, rule) =
                    credits::classify(trim_line(&t[r.clone()]), rules).unwrap_or((kind, rule));
                tail.push(Piece {
                    line,
                    text: sub(&t, r),
                    role: Role::Credit(kind),
                    rule,
                });
            }
            body.pop();
        } else if let Some((at, kind, rule)) = closing {
            if rule == credits::PICTURE_CREDIT || rule == credits::PICTURE_CREDIT_AFTER_TEXT {
                names.extend(byline::credit_names(&t[at..]));
            }
            tail.push(Piece {
                line,
                text: sub(&t, at..t.len()),
                role: Role::Credit(kind),
                rule,
            });
            *body.last_mut().expect("checked") = (line, sub(&t, 0..at));
        } else {
            break;
        }
    }
    let mut end_names: Vec<Vec<String>> = Vec::new();
    while let Some((line, t)) = body.last().cloned() {
        if blocks::is_caption(&t) {
            break;
        }
        if let Some(n) = byline::end(&t, rules) {
            end_names.push(n);
            tail.push(Piece {
                line,
                text: t,
                role: Role::Byline(BylinePosition::End),
                rule: "end byline: □name or （记者…）",
            });
            body.pop();
        } else if let Some(at) = byline::tail(&t, rules) {
            let inner = sub(&t, at..t.len());
            end_names.push(byline::end(&inner, rules).unwrap_or_default());
            tail.push(Piece {
                line,
                text: inner,
                role: Role::Byline(BylinePosition::End),
                rule: "end byline closing the last paragraph",
            });
            *body.last_mut().expect("checked") = (line, sub(&t, 0..at));
        } else {
            break;
        }
    }
    body.retain(|(_, t)| !t.is_empty());
    let n = body.len();
    let classified: Vec<(usize, Cow<'a, str>, BlockKind, &'static str)> = body
        .into_iter()
        .enumerate()
        .map(|(i, (line, t))| {
            let (kind, rule) = if rules.furniture.iter().any(|f| f == t.as_ref()) {
                (BlockKind::Paragraph, "paragraph: page furniture")
            } else {
                blocks::classify(&t, i + 1 == n)
            };
            (line, t, kind, rule)
        })
        .collect();
    for (line, t, mut kind, mut rule) in
        blocks::caption_above_credit(blocks::heading_runs(classified))
    {
        // A byline inside the body (`早报记者吴洁瑾`, `文／MONEY錢`, `亢雪松/文`) is no head.
        if kind == BlockKind::Heading && byline::top(&t, rules).is_some() {
            (kind, rule) = (BlockKind::Paragraph, "paragraph: a byline inside the body");
        }
        match kind {
            // A byline paragraph inside the body (`新华社记者宋晨、刘祯` under the dateline, a
            // section's `本报记者  杨文明`): its names count.
            BlockKind::Paragraph => {
                if let Some(n) = byline::top(&t, rules).or_else(|| byline::end(&t, rules)) {
                    names.extend(n);
                }
            }
            BlockKind::Caption => names.extend(byline::caption_names(&t, rules)),
            _ => {}
        }
        pieces.push(Piece {
            line,
            text: t,
            role: Role::Block(kind),
            rule,
        });
    }
    names.extend(end_names.into_iter().rev().flatten());
    tail.reverse();
    pieces.extend(tail);

    let article = assemble::assemble(&pieces, meta, dateline_found, names, date);
    Structured { article, pieces }
}

#[cfg(test)]
mod tests;
