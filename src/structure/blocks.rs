//! Body blocks: each body piece becomes a `paragraph`, a `heading` (小标题), a `caption` or a
//! `date` line.

use crate::model::BlockKind;
use crate::text::cjk::{half_width_digits, is_han, CivilDate};

/// Longest unnumbered heading, in characters.
const MAX_HEADING_CHARS: usize = 30;
/// Longest numbered heading (`一、…`), in characters.
const MAX_NUMBERED_HEADING_CHARS: usize = 40;
/// Longest photo credit ending in `摄`, in characters.
const MAX_PHOTO_CREDIT_CHARS: usize = 80;

const CN_NUMERALS: &str = "一二三四五六七八九十";

/// Text that closes a sentence; a line ending in one is not a heading.
fn ends_sentence(s: &str) -> bool {
    s.ends_with([
        '。', '！', '？', '；', '：', '，', '、', '…', '’', '.', '!', '?', ';', ':', ',', '"',
    ])
}

/// A heading that is only a number on its own line (`1`, `２`).
fn number_only(s: &str) -> bool {
    let n = s.chars().count();
    (1..=2).contains(&n) && s.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// `一、`, `十二、`, `（一）`, `(三)`, `第一部分`.
pub fn numbered(s: &str) -> bool {
    let numerals = s.chars().take_while(|c| CN_NUMERALS.contains(*c)).count();
    if numerals > 0 && s.chars().nth(numerals) == Some('、') {
        return true;
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = s.strip_prefix(open) {
            let n = rest
                .chars()
                .take_while(|c| CN_NUMERALS.contains(*c))
                .count();
            if n > 0 && rest.chars().nth(n) == Some(close) {
                return true;
            }
        }
    }
    false
}

/// A line ending in a closing quote is a heading only when the quotation is not a sentence
/// (`中国人不再“上车睡觉下车拍照”`), and not reported speech (`笔者问他：“现在还有戏吗？”`).
fn quoted_heading_ok(s: &str) -> bool {
    match s.strip_suffix('”') {
        None => true,
        Some(inner) => !ends_sentence(inner) && !s.contains(['：', ':']),
    }
}

/// A picture's bracketed credit closing a caption: `（圖／資料照）`, `(圖/翻攝自MONEY錢)`,
/// `（资料图片）`, `（郭涵羚攝影）`, `（民眾提供）`.
fn picture_bracket(s: &str) -> bool {
    let t = s.trim_end();
    let Some(open) = t.rfind(['（', '(']) else {
        return false;
    };
    if !t.ends_with(['）', ')']) {
        return false;
    }
    let inner = &t[open..];
    let inner = inner
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    ["圖／", "圖/", "图／", "图/", "資料照", "资料照", "资料图", "資料圖", "图片来源", "圖片來源"]
        .iter()
        .any(|p| inner.starts_with(p))
        || (inner.chars().count() <= 16
            && ["攝", "摄", "攝影", "摄影", "提供", "供圖", "供图"]
                .iter()
                .any(|e| inner.ends_with(e)))
}

/// Whether a line is a picture caption or photo credit.
pub fn is_caption(s: &str) -> bool {
    let n = s.chars().count();
    s.starts_with(['▲', '△', '▼', '↑'])
        || (n <= 160 && picture_bracket(s))
        || s.starts_with("图为")
        || s.starts_with("上图")
        || s.starts_with("下图")
        || s.ends_with("新华社发")
        || s.ends_with("（新华社发）")
        || s.ends_with("供图")
        || s.ends_with("（资料图片）")
        || (n <= MAX_PHOTO_CREDIT_CHARS
            && (s.ends_with('摄') || s.ends_with("摄）"))
            && !s.ends_with("拍摄"))
}

/// Whether a line is only a date: `2010年10月31日`, optionally with the weekday.
pub fn date_line(s: &str) -> Option<String> {
    let s = half_width_digits(s.trim());
    let s = s.split_whitespace().next()?.to_string();
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, rest) = rest.split_once('日')?;
    let weekday = rest.trim();
    if !(weekday.is_empty() || weekday.starts_with("星期") || weekday.starts_with("周")) {
        return None;
    }
    let date = CivilDate::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    date.in_press_era().then(|| date.to_string())
}

/// The kind of a body piece and the rule that decided it. `last` says whether it is the last
/// body piece (a heading needs text after it).
pub fn classify(s: &str, last: bool) -> (BlockKind, &'static str) {
    let n = s.chars().count();
    // A section's byline inside the body (`本报记者  杨文明`) stays body text: it is not a
    // heading, and the model keeps byline lines only above or below the body.
    if s.starts_with("本报记者") || s.starts_with("记者") || s.starts_with("通讯员") {
        return (BlockKind::Paragraph, "paragraph: a byline inside the body");
    }
    if is_caption(s) {
        return (BlockKind::Caption, "caption: 图为…/…摄/新华社发");
    }
    if !last && number_only(s) {
        return (BlockKind::Heading, "heading: a number on its own line");
    }
    if !last && numbered(s) && n <= MAX_NUMBERED_HEADING_CHARS && !s.contains('。') {
        return (BlockKind::Heading, "heading: numbered 一、/（一）");
    }
    let han = s.chars().filter(|c| is_han(*c)).count();
    if !last
        && n <= MAX_HEADING_CHARS
        && han >= 2
        && !ends_sentence(s)
        && !s.contains(['。', '！', '？', '!', '?'])
        && !s.starts_with(['—', '-', '（', '('])
        && quoted_heading_ok(s)
        && date_line(s).is_none()
    {
        return (
            BlockKind::Heading,
            "heading: short line without closing punctuation",
        );
    }
    (BlockKind::Paragraph, "paragraph")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_short_unpunctuated_or_numbered() {
        assert_eq!(classify("开拓思维的十大原则", false).0, BlockKind::Heading);
        assert_eq!(
            classify("一、坚持党的领导，全面推进", false).0,
            BlockKind::Heading
        );
        assert_eq!(classify("（二）加强队伍建设", false).0, BlockKind::Heading);
        assert_eq!(classify("开拓思维的十大原则", true).0, BlockKind::Paragraph);
        assert_eq!(classify("论争焦点：", false).0, BlockKind::Paragraph);
        assert_eq!(classify("年年进步，年年登高", false).0, BlockKind::Heading);
        assert_eq!(
            classify("“中国始终是尼泊尔的好朋友、好邻居”", false).0,
            BlockKind::Heading
        );
        assert_eq!(
            classify("笔者问他：“现在还有戏吗？”", false).0,
            BlockKind::Paragraph
        );
        assert_eq!(classify("他说：“好”", false).0, BlockKind::Paragraph);
        assert_eq!(
            classify("中国人不再“上车睡觉下车拍照”", false).0,
            BlockKind::Heading
        );
        assert_eq!(
            classify("王毅参加上述活动。", false).0,
            BlockKind::Paragraph
        );
        assert_eq!(
            classify("一是加强学习，提高素质。", false).0,
            BlockKind::Paragraph
        );
    }

    #[test]
    fn captions() {
        assert_eq!(
            classify("图为救援人员抢救爆炸中的受伤人员。新华社发", false).0,
            BlockKind::Caption
        );
        assert_eq!(classify("新华社记者  姜克红摄", true).0, BlockKind::Caption);
        assert_eq!(classify("朱慧卿作（新华社发）", true).0, BlockKind::Caption);
        assert_eq!(classify("他们用手机拍摄", true).0, BlockKind::Paragraph);
    }

    #[test]
    fn date_lines() {
        assert_eq!(date_line("2010年10月31日").as_deref(), Some("2010-10-31"));
        assert_eq!(
            date_line("２００６年５月８日 星期一").as_deref(),
            Some("2006-05-08")
        );
        assert_eq!(date_line("2010年10月31日下午，"), None);
    }
}
