//! Normalised text → [`Article`]. Pure: the same text and source metadata always give the same
//! article.
//!
//! The structurer works on trimmed, non-empty lines. Each recogniser is a small function over
//! lines or strings, unit-tested here, so a rule can be read and changed on its own:
//! - [`title`]: is the first line a headline, and if not, what title to use instead;
//! - [`byline`]: a short closing line that names the author (`□鞠　闻`, `（记者 张三）`).

pub mod byline;
pub mod title;

use crate::model::{Article, Block, BlockKind, TitleSource};

/// What the structurer knows about a source besides its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMeta {
    /// The source path as reported.
    pub source: String,
    /// The file name without extension, a title candidate.
    pub stem: String,
    /// The encoding the text was decoded from.
    pub encoding: String,
}

/// Characters trimmed from both ends of every line: ASCII and full-width spaces, no-break
/// spaces and the other Unicode white space used as indentation.
pub fn trim_line(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace())
}

/// Builds the article model from normalised text.
pub fn structure(text: &str, meta: &SourceMeta) -> Article {
    let mut lines: Vec<&str> = text
        .lines()
        .map(trim_line)
        .filter(|l| !l.is_empty())
        .collect();

    let (headline, title_source) = match lines.first() {
        Some(first) if title::looks_like_headline(first) => {
            let h = first.to_string();
            lines.remove(0);
            (h, TitleSource::Text)
        }
        _ => title::fallback(&meta.stem, &lines),
    };

    let mut bylines = Vec::new();
    if lines.len() > 1 {
        if let Some(name) = lines.last().and_then(|l| byline::trailing(l)) {
            bylines.push(name);
            lines.pop();
        }
    }

    Article {
        source: meta.source.clone(),
        encoding: meta.encoding.clone(),
        kicker: None,
        headline,
        subtitle: None,
        dateline: None,
        bylines,
        blocks: lines
            .into_iter()
            .map(|l| Block {
                kind: BlockKind::Paragraph,
                text: l.to_string(),
            })
            .collect(),
        credits: Vec::new(),
        title_source,
        date: None,
        page: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(stem: &str) -> SourceMeta {
        SourceMeta {
            source: format!("{stem}.txt"),
            stem: stem.into(),
            encoding: "UTF-8".into(),
        }
    }

    #[test]
    fn first_short_line_is_the_headline_and_the_rest_are_paragraphs() {
        let a = structure(
            "标题在此\n\n　　第一段。\r\n　　第二段。\n□鞠　闻",
            &meta("x"),
        );
        assert_eq!(a.headline, "标题在此");
        assert_eq!(a.title_source, TitleSource::Text);
        let texts: Vec<_> = a.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["第一段。", "第二段。"]);
        assert_eq!(a.bylines, ["鞠闻"]);
    }

    #[test]
    fn a_body_without_headline_keeps_every_line_and_gets_a_derived_title() {
        let a = structure(
            "　　一家刚刚成立两年的网络支付公司，它的目标是成为市值100亿美元的上市公司。\n　　第二段。",
            &meta("10"),
        );
        assert_eq!(a.title_source, TitleSource::Derived);
        assert_eq!(a.blocks.len(), 2);
        assert!(a.headline.starts_with("一家刚刚成立两年的网络支付公司"));
    }

    #[test]
    fn a_one_line_article_is_never_emptied_by_the_byline_rule() {
        let a = structure(
            "长长的一句正文，没有标题也没有别的内容，只是一段比较长的文字。",
            &meta("1"),
        );
        assert_eq!(a.blocks.len(), 1);
        assert!(a.bylines.is_empty());
    }
}
