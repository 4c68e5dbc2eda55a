//! Headline recognition and the title fallback when the text has no headline.

use super::blocks::date_line;
use crate::model::TitleSource;
use crate::text::cjk::is_han;

/// Longest line, in characters, still taken for a headline.
const MAX_HEADLINE_CHARS: usize = 40;
/// Longest derived title, in characters, before it is cut with an ellipsis.
const MAX_DERIVED_CHARS: usize = 30;

/// Whether a (trimmed) first line reads as a headline: short, and not a sentence of body text.
pub fn looks_like_headline(line: &str) -> bool {
    let n = line.chars().count();
    n > 0
        && n <= MAX_HEADLINE_CHARS
        && line.chars().filter(|c| is_han(*c)).count() >= 2
        && !line.contains('。')
        && !line.ends_with(['，', '；', '、', '：', ',', ';', '…'])
}

/// Whether the text opens with People's Daily's three header lines (引题, 主题, 副题, any of
/// them empty): none of the first three lines is indented, one of them has text, and the body
/// after them is indented.
pub fn has_three_line_header(lines: &[&str]) -> bool {
    let indented = |l: &str| l.starts_with(|c: char| c.is_whitespace());
    let blank = |l: &str| l.trim().is_empty();
    if lines.len() < 3 || lines[..3].iter().any(|l| !blank(l) && indented(l)) {
        return false;
    }
    if lines[..3].iter().all(|l| blank(l)) {
        return false;
    }
    let body: Vec<&&str> = lines[3..].iter().filter(|l| !blank(l)).collect();
    // Either the file is only a header, or the body is indented.
    body.first().is_none_or(|l| indented(l))
        && (body.is_empty()
            || lines[..3].iter().any(|l| blank(l))
            || body.iter().all(|l| indented(l)))
}

/// Whether a file name reads as a title: it holds Han characters and is not an id or a date.
pub fn stem_is_title(stem: &str) -> bool {
    stem.chars().any(is_han) && date_line(stem).is_none()
}

/// The title of an article whose text has no headline: the file name when it reads as a title,
/// else the first sentence of the body (cut at `。！？` or at a sensible length). Never removes
/// text from the body.
pub fn fallback(stem: &str, lines: &[&str]) -> (String, TitleSource) {
    if stem_is_title(stem) {
        return (stem.trim().to_string(), TitleSource::Filename);
    }
    let first = lines.first().copied().unwrap_or("");
    let sentence: String = match first.find(['。', '！', '？']) {
        Some(end) => first[..end].to_string(),
        None => first.to_string(),
    };
    let title = if sentence.chars().count() > MAX_DERIVED_CHARS {
        let cut: String = sentence.chars().take(MAX_DERIVED_CHARS - 1).collect();
        format!("{cut}…")
    } else if sentence.is_empty() {
        stem.to_string()
    } else {
        sentence
    };
    (title, TitleSource::Derived)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_without_a_full_stop_are_headlines() {
        assert!(looks_like_headline("习近平同卡塔尔埃米尔塔米姆举行会谈"));
        assert!(looks_like_headline("周边短线游客数量明显增加！"));
        assert!(!looks_like_headline("一家公司成立了。"));
        assert!(!looks_like_headline(&"长".repeat(41)));
    }

    #[test]
    fn people_s_daily_header_lines_are_recognised() {
        assert!(has_three_line_header(&["", "标题", "", "　　正文。"]));
        assert!(has_three_line_header(&[
            "引题",
            "标题",
            "副题",
            "　　正文。"
        ]));
        assert!(has_three_line_header(&["", "广告", ""]));
        assert!(!has_three_line_header(&[
            "　　正文。",
            "　　正文。",
            "",
            "　　正文。"
        ]));
        assert!(!has_three_line_header(&[
            "标题",
            "　　正文。",
            "　　正文。"
        ]));
    }

    #[test]
    fn file_names_that_are_ids_are_not_titles() {
        assert!(stem_is_title("国家工商总局述职会"));
        assert!(!stem_is_title("20191002-12-01"));
        assert!(!stem_is_title("10"));
        assert!(!stem_is_title("2010年10月31日"));
    }

    #[test]
    fn derived_titles_stop_at_the_first_sentence_or_are_cut() {
        assert_eq!(
            fallback("1", &["黄金周结束。游客很多。"]),
            ("黄金周结束".to_string(), TitleSource::Derived)
        );
        let (t, _) = fallback("1", &[&"字".repeat(50)]);
        assert_eq!(t.chars().count(), MAX_DERIVED_CHARS);
        assert!(t.ends_with('…'));
    }
}
