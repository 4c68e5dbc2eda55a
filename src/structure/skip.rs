//! Non-articles: sources that are recognised and reported as `skipped`, with a reason, instead
//! of being converted: empty files, ad placeholders (`广告`), photo-page stubs (`图片报道`) and
//! other pages holding only a headline, and files that are only a URL.

use super::rules::Rules;
use crate::model::{Article, TitleSource};

/// All the text an article took from its source, without whitespace, char by char (most
/// articles are decided at their first characters, so the text is not copied).
fn source_chars(a: &Article) -> impl Iterator<Item = char> + '_ {
    let headline = (a.title_source == TitleSource::Text).then_some(a.headline.as_str());
    a.kicker
        .as_deref()
        .into_iter()
        .chain(headline)
        .chain(a.subtitle.as_deref())
        .chain(a.byline_lines.iter().map(|b| b.text.as_str()))
        .chain(a.dateline.iter().map(|d| d.text.as_str()))
        .chain(a.blocks.iter().map(|b| b.text.as_str()))
        .chain(a.credits.iter().map(|c| c.text.as_str()))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
}

/// Whether a text is one URL and nothing else (`mmst://…wmv?icp=441`, `http://…`).
fn is_url(s: &str) -> bool {
    s.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && !rest.is_empty()
            && rest.chars().all(|c| c.is_ascii_graphic())
    })
}

/// Whether the text is program code, not prose: a slideshow's script or a page's CSS
/// (`var NewWin = null; function …`, `.title{font-size:14px}`), with next to no Han text.
fn is_script(a: &Article) -> bool {
    let (mut all, mut han, mut code) = (0usize, 0usize, 0usize);
    for c in source_chars(a) {
        all += 1;
        if crate::text::cjk::is_han(c) {
            han += 1;
        } else if matches!(c, '{' | '}' | ';' | '=' | '(' | ')') {
            code += 1;
        }
    }
    all >= 40 && han * 10 < all && code * 20 >= all
}

/// Why an article is not one, if it is not.
pub fn skip_reason(a: &Article, rules: &Rules) -> Option<String> {
    if source_chars(a).next().is_none() {
        return Some("empty: the file holds no text".into());
    }
    if let Some(p) = rules
        .placeholders
        .iter()
        .find(|p| p.chars().eq(source_chars(a)))
    {
        return Some(format!("placeholder page: the file holds only `{p}`"));
    }
    if source_chars(a).all(|c| c.is_ascii_graphic()) && is_url(&source_chars(a).collect::<String>())
    {
        return Some("only a URL: the file holds no article text".into());
    }
    if is_script(a) {
        return Some(
            "script: the file holds program code (a page's script or CSS), no article text".into(),
        );
    }
    if a.title_source == TitleSource::Text && a.blocks.is_empty() && a.dateline.is_none() {
        return Some(format!(
            "no body: the file holds only a headline (`{}`), e.g. a photo or column page",
            a.headline
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::{structure, SourceMeta};

    fn reason(text: &str) -> Option<String> {
        let meta = SourceMeta {
            source: "20190201-08-01.txt".into(),
            stem: "20190201-08-01".into(),
            encoding: "UTF-8".into(),
        };
        skip_reason(&structure(text, &meta), Rules::builtin())
    }

    #[test]
    fn non_articles_are_skipped_with_a_reason() {
        assert!(reason("").unwrap().starts_with("empty"));
        assert!(reason("\n　　\n").unwrap().starts_with("empty"));
        assert!(reason("\n广告\n\n").unwrap().contains("`广告`"));
        assert!(reason("\n图片报道\n\n").unwrap().contains("`图片报道`"));
        assert!(reason("mmst://v.example.com/a.wmv?icp=441&amp;cid=1")
            .unwrap()
            .starts_with("only a URL"));
        assert!(reason("\n名家新作\n\n").unwrap().starts_with("no body"));
        let script = "var NewWin = null; function WinOpen(url) { if (!NewWin || NewWin.closed) \
                      { NewWin = LoadWin(url, 'win', 418, 300); } }";
        assert!(reason(script).unwrap().starts_with("script"));
        assert!(
            reason(".title{font-size:14px;color:#333}.body{margin:0;padding:0}")
                .unwrap()
                .starts_with("script")
        );
    }

    #[test]
    fn articles_are_not_skipped() {
        assert_eq!(reason("\n标题\n\n　　正文。\n"), None);
        assert_eq!(reason("　　只有一句正文，没有标题"), None);
        assert_eq!(reason("见 http://example.com 的说明。"), None);
    }
}
