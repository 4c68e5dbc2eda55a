//! Pieces → [`Article`]: the one place the model is filled from the structurer's pieces. Pure.
//! Invariant: every piece's text lands in exactly one text field, in piece order; several
//! pieces of one title role (a subtitle over two lines) are joined by U+3000.

use super::{path, title, Piece, Role, SourceMeta};
use crate::model::{Article, Block, BlockKind, BylineLine, Credit, Dateline, TitleSource};

/// Builds the article from its pieces.
pub(super) fn assemble(
    pieces: &[Piece<'_>],
    meta: &SourceMeta,
    dateline: Option<Dateline>,
    names: Vec<String>,
    date: Option<String>,
) -> Article {
    // Several pieces of one role (a subtitle over two lines) are one text, joined by U+3000.
    let text_of = |role: Role| {
        let all: Vec<&str> = pieces
            .iter()
            .filter(|p| p.role == role)
            .map(|p| p.text.as_ref())
            .collect();
        (!all.is_empty()).then(|| all.join("\u{3000}"))
    };
    let blocks: Vec<Block> = pieces
        .iter()
        .filter_map(|p| match p.role {
            Role::Block(kind) => Some(Block {
                kind,
                text: p.text.to_string(),
            }),
            _ => None,
        })
        .collect();
    let (headline, title_source) = match text_of(Role::Headline) {
        Some(h) => (h, TitleSource::Text),
        None => {
            let first = blocks
                .iter()
                .find(|b| b.kind == BlockKind::Paragraph)
                .or(blocks.first())
                .map(|b| b.text.as_str());
            title::fallback(&meta.stem, first.as_slice())
        }
    };
    let mut bylines: Vec<String> = Vec::new();
    for n in names {
        if !bylines.contains(&n) {
            bylines.push(n);
        }
    }
    let from_path = path::metadata(&meta.source);
    Article {
        source: meta.source.clone(),
        encoding: meta.encoding.clone(),
        kicker: text_of(Role::Kicker),
        headline,
        subtitle: text_of(Role::Subtitle),
        dateline,
        bylines,
        blocks,
        credits: pieces
            .iter()
            .filter_map(|p| match p.role {
                Role::Credit(kind) => Some(Credit {
                    kind,
                    text: p.text.to_string(),
                }),
                _ => None,
            })
            .collect(),
        title_source,
        date: date.or(from_path.date.map(|d| d.to_string())),
        page: from_path.page,
        byline_lines: pieces
            .iter()
            .filter_map(|p| match p.role {
                Role::Byline(position) => Some(BylineLine {
                    position,
                    text: p.text.to_string(),
                }),
                _ => None,
            })
            .collect(),
        site: text_of(Role::Site),
        publication: None,
    }
}
