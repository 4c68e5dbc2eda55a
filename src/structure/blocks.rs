//! Body blocks: each body piece becomes a `paragraph`, a `heading` (小标题), a `caption` or a
//! `date` line.

use crate::model::BlockKind;
use crate::structure::rules::BOX_HEADS;
use crate::text::cjk::{half_width_digits, is_han, strip_prefix_folding_slashes, CivilDate};
use std::borrow::Cow;

/// Longest unnumbered heading, in characters.
const MAX_HEADING_CHARS: usize = 30;
/// Words a notice's field label ends with (`地點`, `活動時間`, `聯絡人`, `主辦單位`).
const FIELD_LABEL_ENDINGS: &[&str] = &[
    "地點",
    "地点",
    "時間",
    "时间",
    "日期",
    "地址",
    "電話",
    "电话",
    "聯絡",
    "联络",
    "聯絡人",
    "联系人",
    "主辦",
    "主办",
    "協辦",
    "协办",
    "單位",
    "单位",
    "報名",
    "报名",
    "費用",
    "费用",
    "網址",
    "网址",
];
/// Longest question or exclamation read as a heading, in characters.
const MAX_QUESTION_HEADING_CHARS: usize = 24;
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
    (1..=2).contains(&n)
        && s.chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// `一、`, `十二、`, `（一）`, `(三)`, `第一部分`.
pub fn numbered(s: &str) -> bool {
    let numerals = s.chars().take_while(|c| CN_NUMERALS.contains(*c)).count();
    if numerals > 0 && s.chars().nth(numerals) == Some('、') {
        return true;
    }
    // `1、`, `２、`
    let digits = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count();
    if (1..=2).contains(&digits) && s.chars().nth(digits) == Some('、') {
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
    [
        "圖／",
        "圖/",
        "图／",
        "图/",
        "資料照",
        "资料照",
        "资料图",
        "資料圖",
        "图片来源",
        "圖片來源",
    ]
    .iter()
    .any(|p| strip_prefix_folding_slashes(inner, p).is_some())
        || (inner.chars().count() <= 16
            && ["攝", "摄", "攝影", "摄影", "提供", "供圖", "供图"]
                .iter()
                .any(|e| inner.ends_with(e)))
}

/// `王友恒摄（人民视觉）`, `…摄影报道（影像中国）`: a photo credit with its agency after it.
fn agency_after_credit(s: &str) -> bool {
    let Some(open) = s.rfind(['（', '(']) else {
        return false;
    };
    s.ends_with(['）', ')'])
        && s[open..].chars().count() <= 10
        && ["摄", "攝", "摄影报道", "摄影", "供图"]
            .iter()
            .any(|e| s[..open].trim_end().ends_with(e))
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
        || (n <= 80
            && ["供图", "供圖"].iter().any(|w| {
                s.find(w)
                    .is_some_and(|i| s[i + w.len()..].starts_with(char::is_whitespace))
            }))
        || s.ends_with("（资料图片）")
        || (n <= MAX_PHOTO_CREDIT_CHARS
            && (s.ends_with('摄')
                || s.ends_with("摄）")
                || s.ends_with("摄影报道")
                || agency_after_credit(s))
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

/// Whether a heading-like line is a numbered or box head, which may stand in runs.
fn strong_heading(s: &str) -> bool {
    numbered(s)
        || number_only(s)
        || s.starts_with(['【', '■', '●', '◆', '□'])
        || BOX_HEADS.iter().any(|w| s.ends_with(w))
}

/// Headings in context: a run of three or more short unpunctuated lines is a list or a
/// notice (`地點：…`, `時間：…`), not headings; two in a row before a paragraph are one head
/// set over two lines (`同志关系纯` / `为官作风正`), joined by a space; a speaker line ending in
/// `：` over a quotation (`某某：` / `“……”`) is one head too.
pub fn heading_runs<'a>(
    blocks: Vec<(usize, Cow<'a, str>, BlockKind, &'static str)>,
) -> Vec<(usize, Cow<'a, str>, BlockKind, &'static str)> {
    let weak = |b: &(usize, Cow<'a, str>, BlockKind, &'static str)| {
        b.2 == BlockKind::Heading && !strong_heading(&b.1)
    };
    let mut out: Vec<(usize, Cow<'a, str>, BlockKind, &'static str)> = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let run = blocks[i..].iter().take_while(|b| weak(b)).count();
        if run >= 3 {
            for b in &blocks[i..i + run] {
                out.push((
                    b.0,
                    b.1.clone(),
                    BlockKind::Paragraph,
                    "paragraph: a list of short lines",
                ));
            }
            i += run;
            continue;
        }
        let next_para = |k: usize| blocks.get(k).is_none_or(|b| b.2 == BlockKind::Paragraph);
        let speaker = blocks[i].2 == BlockKind::Paragraph
            && blocks[i].1.chars().count() <= 24
            && blocks[i].1.ends_with('：')
            && !blocks[i].1.contains(['，', '。'])
            && blocks
                .get(i + 1)
                .is_some_and(|b| b.2 == BlockKind::Heading && b.1.starts_with('“'));
        // Two lines are one head when they pair up: a couplet of one length, or a lead-in
        // ending in `——`/`：`.
        let pair = run == 2 && next_para(i + 2) && i + 2 < blocks.len() && {
            let (a, b) = (&blocks[i].1, &blocks[i + 1].1);
            a.chars().count() == b.chars().count() || a.ends_with("——") || a.ends_with('：')
        };
        if pair || speaker {
            let (a, b) = (&blocks[i], &blocks[i + 1]);
            out.push((
                a.0,
                Cow::Owned(format!("{} {}", a.1, b.1)),
                BlockKind::Heading,
                "heading: a head set over two lines",
            ));
            i += 2;
            continue;
        }
        out.push(blocks[i].clone());
        i += 1;
    }
    out
}

/// A photo's own caption: the short paragraph right above a line that is only its photo
/// credit (`2月12日，福州市…寻食花蜜。` over `新华社记者  姜克红摄`).
pub fn caption_above_credit<'a>(
    mut blocks: Vec<(usize, Cow<'a, str>, BlockKind, &'static str)>,
) -> Vec<(usize, Cow<'a, str>, BlockKind, &'static str)> {
    for i in 1..blocks.len() {
        let credit = &blocks[i].1;
        let only_credit = blocks[i].2 == BlockKind::Caption
            && credit.chars().count() <= 30
            && !credit.contains(['。', '，'])
            && !credit.starts_with(['▲', '图', '圖']);
        let above = &blocks[i - 1];
        if only_credit && above.2 == BlockKind::Paragraph && above.1.chars().count() <= 150 {
            blocks[i - 1].2 = BlockKind::Caption;
            blocks[i - 1].3 = "caption: the text above a photo credit";
        }
    }
    blocks
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
    let figures = |t: &str| {
        t.chars()
            .skip(2)
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    if !last && numbered(s) && n <= MAX_NUMBERED_HEADING_CHARS && !s.contains('。') && !figures(s)
    {
        return (BlockKind::Heading, "heading: numbered 一、/（一）");
    }
    let han = s.chars().filter(|c| is_han(*c)).count();
    // `烫碗是否有用？`, `談台鋁事件：我們也是被告知！`: a short question or exclamation heads a
    // section in features; questions of an interview (`问：`) do not.
    let exclaimed = s.ends_with(['？', '?', '！', '!'])
        && n <= MAX_QUESTION_HEADING_CHARS
        && han >= 5
        && s.chars()
            .filter(|c| matches!(c, '？' | '?' | '！' | '!' | '。'))
            .count()
            == 1
        && !s.starts_with(['“', '「', '"'])
        // A question with a comma, or led by 那么/究竟, is the text asking, not a head.
        && !s.contains(['，', ','])
        && !["问", "答", "記者", "记者", "Q", "A", "那么", "那麼", "究竟"]
            .iter()
            .any(|p| s.starts_with(p));
    let stripped = if exclaimed {
        &s[..s.len() - s.chars().last().map_or(0, char::len_utf8)]
    } else {
        s
    };
    // `地點：台北市…8號`, `時間：12/31`, `教學與製作：賴澤君、林欣怡`, `…三星彩：4、0、1`: a field
    // of a notice or a table, not a head; a numbered line holding figures (`1、商品零售价格
    // 97.5`) is an item of a list.
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let field = stripped
        .split_once(['：', ':'])
        .is_some_and(|(label, value)| {
            let label = label.trim();
            let figures = value.chars().filter(|c| digit(*c)).count();
            (label.chars().count() <= 8 && value.chars().any(digit))
                || (figures * 2 >= value.chars().filter(|c| !c.is_whitespace()).count()
                    && figures > 0)
                || (label.chars().count() <= 5 && value.contains('、'))
                || FIELD_LABEL_ENDINGS.iter().any(|e| label.ends_with(e))
        })
        || (numbered(s) && s.chars().skip(2).any(digit));
    // `九十四年十二月三十日`: a date in words.
    let date_in_words = s
        .chars()
        .all(|c| "〇零一二三四五六七八九十百年月日".contains(c));
    if !last
        && n <= MAX_HEADING_CHARS
        && han >= 2
        && !field
        && !date_in_words
        && (exclaimed || !ends_sentence(s))
        && !stripped.contains(['。', '！', '？', '!', '?'])
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

    fn run(lines: &[&str]) -> Vec<(String, BlockKind)> {
        let n = lines.len();
        let b = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let (k, r) = classify(l, i + 1 == n);
                (i, Cow::Borrowed(*l), k, r)
            })
            .collect();
        heading_runs(b)
            .into_iter()
            .map(|(_, t, k, _)| (t.into_owned(), k))
            .collect()
    }

    #[test]
    fn headings_in_context() {
        use BlockKind::*;
        let para = "这是一段足够长的正文，用来隔开各个小标题。";
        // A couplet over two lines is one head.
        assert_eq!(
            run(&["同志关系纯", "为官作风正", para])[0],
            ("同志关系纯 为官作风正".to_string(), Heading)
        );
        // Three short lines in a row are a list.
        assert!(run(&["海报张贴", "问卷发放", "寻求证人", para])[..3]
            .iter()
            .all(|(_, k)| *k == Paragraph));
        assert_eq!(classify("地點：台北市青島東路8號", false).0, Paragraph);
        assert_eq!(classify("烫碗是否有用？", false).0, Heading);
        assert_eq!(classify("那么烫碗究竟有没有用？", false).0, Paragraph);
        assert_eq!(classify("1、商品零售价格97.5", false).0, Paragraph);
        assert_eq!(classify("2", false).0, Heading);
    }

    #[test]
    fn captions() {
        assert_eq!(
            classify("▲郭台銘。（圖／資料照）", true).0,
            BlockKind::Caption
        );
        assert_eq!(classify("王友恒摄（人民视觉）", true).0, BlockKind::Caption);
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
