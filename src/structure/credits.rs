//! Credits: the trailing matter after the body — `责任编辑：`/`（责编：…）`, `来源：`,
//! `（原标题：…）`, `（完）`, print-edition footers (`《 人民日报 》（ 2024年06月25日 02 版）`),
//! and a closing dateline (`（本报马德里电）`). Each gets a [`CreditKind`].

use super::dateline;
use super::rules::Rules;
use crate::model::CreditKind;
use crate::text::cjk::parenthesis;

/// Longest label before the colon, in characters.
const MAX_LABEL_CHARS: usize = 8;
/// Longest credit line, in characters.
const MAX_CREDIT_CHARS: usize = 80;
/// Longest reprint notice, in characters.
const MAX_NOTICE_CHARS: usize = 200;

/// A site's footer: the rights notice, licence numbers, navigation (`人民网版权所有`,
/// `Copyright © 1997-2025`, `京ICP备…`, `All rights reserved`).
pub fn is_site_footer(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    [
        "版权所有",
        "版權所有",
        "copyright",
        "all rights reserved",
        "icp备",
        "icp证",
        "icp證",
        "个相关网页",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// `本文由…授權刊載`, `本文刊登於…`, `未经授权不得转载`: a reprint notice.
fn is_reprint_notice(s: &str) -> bool {
    [
        "授權刊載",
        "授权刊载",
        "禁止轉載",
        "禁止转载",
        "不得转载",
        "不得轉載",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// Words a medium's name ends with, in a bracketed source note (`(CCTV生活圈)`,
/// `（健康中国微信公众号）`).
const MEDIA_ENDINGS: &[&str] = &[
    "公众号",
    "客户端",
    "微博",
    "微信",
    "频道",
    "頻道",
    "网",
    "網",
    "圈",
    "日报",
    "日報",
    "晚报",
    "晚報",
    "电视台",
    "電視台",
    "新闻",
    "新聞",
    "社",
];

/// A bracketed note naming where the text came from: a medium's name and nothing else.
fn is_source_note(inner: &str) -> bool {
    let n = inner.chars().count();
    (3..=16).contains(&n)
        && !inner.contains(['，', '。', '、', '：', ':', ' ', '　'])
        && MEDIA_ENDINGS.iter().any(|e| inner.ends_with(e))
        && !inner.contains("记者")
        && !inner.contains("記者")
}

/// `新华社音视频部制作`, `新华社国内部、新华社天津分社联合制作`: who made a video or page.
fn is_production_credit(s: &str) -> bool {
    let n = s.chars().count();
    (4..=40).contains(&n)
        && (s.ends_with("制作") || s.ends_with("製作") || s.ends_with("出品"))
        && !s.contains(['，', '。', '！', '？', '“'])
}

/// A pager left by a web page: `上一页 [1] [2] … 下一页`.
fn is_pager(s: &str) -> bool {
    (s.starts_with("上一页") || s.starts_with("上一頁"))
        && (s.ends_with("下一页") || s.ends_with("下一頁"))
}

/// A bracketed note on where the text first stood or how it was made: `（原载1月30日解放军报
/// 新华社发）`, `（田君、海军根据录音整理，未经本人审阅。标题为编者所加）`.
fn is_editors_note(inner: &str) -> bool {
    inner.chars().count() <= 60
        && ([
            "原载",
            "原載",
            "转载自",
            "轉載自",
            "本文原载",
            "编者按",
            "編者按",
        ]
        .iter()
        .any(|p| inner.starts_with(p))
            || inner.contains("根据录音整理")
            || inner.contains("标题为编者所加"))
}

/// Cuts a credit line holding several items into them: `（来源：…）【编辑:惠小东】`,
/// `字库未存字注释：…＊`, `本期统筹：许 诺　制图：郭 祥`. Byte ranges, in order.
pub fn items(line: &str, rules: &Rules) -> Vec<std::ops::Range<usize>> {
    let mut cuts = vec![0];
    let mut prev: Option<char> = None;
    for (i, c) in line.char_indices() {
        let bracket = matches!(prev, Some('）' | ')' | '】')) && matches!(c, '【' | '（' | '(');
        let mark = i > 0 && matches!(c, '＊' | '*') && line[i + c.len_utf8()..].trim().is_empty();
        let label = prev.is_some_and(char::is_whitespace)
            && !c.is_whitespace()
            && rules.credit_labels.iter().any(|(l, _)| {
                line[i..].starts_with(l.as_str()) && line[i + l.len()..].starts_with(['：', ':'])
            });
        if bracket || mark || label {
            cuts.push(i);
        }
        prev = Some(c);
    }
    cuts.push(line.len());
    cuts.dedup();
    cuts.windows(2)
        .map(|w| w[0]..w[1])
        .filter(|r| !line[r.clone()].trim().is_empty())
        .collect()
}

/// An agency's picture credit standing alone: `新华社发`, `（新华社发）`, `张三图 李四文`.
fn is_picture_credit(s: &str) -> bool {
    let inner = unwrap(s);
    let n = inner.chars().count();
    if n <= 12 && inner.ends_with("社发") {
        return true;
    }
    let tokens: Vec<&str> = inner.split_whitespace().collect();
    // A role before the names (`晨报记者 亢雪松/文 李木易/摄`).
    let names = match tokens.first() {
        Some(t) if t.ends_with("记者") || t.ends_with("記者") => &tokens[1..],
        _ => &tokens[..],
    };
    n <= 30
        && names.len() >= 2
        && names.iter().all(|t| {
            let k = t.chars().count();
            (2..=8).contains(&k) && t.ends_with(['图', '文', '摄', '圖', '攝'])
        })
}

/// The rule of a picture-and-text credit: its names count.
pub const PICTURE_CREDIT: &str = "picture credit (新华社发, …图 …文)";
/// The same credit run on after the last sentence (`…穿衣。晨报记者 亢雪松/文 李木易/摄`).
pub const PICTURE_CREDIT_AFTER_TEXT: &str = "picture credit after the last sentence";
/// The rule of a dateline standing at the end: its reporters still count as names.
pub const CLOSING_DATELINE: &str = "closing dateline";

/// Strips one pair of enclosing brackets, if the whole text is enclosed.
pub fn unwrap(s: &str) -> &str {
    if let Some((len, inner)) = parenthesis(s) {
        if len == s.len() {
            return inner.trim_matches(|c: char| c.is_whitespace());
        }
    }
    for (open, close) in [('【', '】'), ('[', ']')] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner.trim();
        }
    }
    s
}

/// The kind of a whole credit line, and the rule that decided it.
pub fn classify(line: &str, rules: &Rules) -> Option<(CreditKind, &'static str)> {
    if is_site_footer(line) {
        return Some((CreditKind::Other, "site footer (版权所有, Copyright, ICP)"));
    }
    let n = line.chars().count();
    if n <= MAX_NOTICE_CHARS && (line.starts_with('※') || is_reprint_notice(line)) {
        return Some((CreditKind::Other, "reprint notice (※本文由…授權刊載)"));
    }
    if n > MAX_CREDIT_CHARS {
        return None;
    }
    let inner = unwrap(line);
    let symbol = |m: &str| !m.chars().any(crate::text::cjk::is_han);
    if rules
        .end_marks
        .iter()
        .any(|m| m == inner && (inner.len() < line.len() || symbol(m)))
    {
        return Some((CreditKind::End, "end mark"));
    }
    if inner.len() < line.len() && super::byline::is_author_note(inner) {
        return Some((CreditKind::Other, "author note （作者为…）"));
    }
    if is_production_credit(line) {
        return Some((CreditKind::Other, "production credit (…制作)"));
    }
    if is_pager(line) {
        return Some((CreditKind::Other, "pager (上一页 … 下一页)"));
    }
    if let Some(label) = rules.credit_labels.iter().find(|(l, k)| {
        *k == CreditKind::Editor && inner.len() < line.len() && inner.starts_with(l.as_str())
    }) {
        let name = inner[label.0.len()..].trim();
        if (2..=4).contains(&name.chars().count()) && name.chars().all(crate::text::cjk::is_han) {
            return Some((
                CreditKind::Editor,
                "editor in brackets without a colon （编辑小娜）",
            ));
        }
    }
    if is_picture_credit(line) {
        return Some((CreditKind::Other, PICTURE_CREDIT));
    }
    if inner.len() < line.len() && is_editors_note(inner) {
        return Some((
            CreditKind::Other,
            "editor's note in brackets （原载…）, （…整理）",
        ));
    }
    if inner.len() < line.len() && is_source_note(inner) {
        return Some((CreditKind::Source, "source note in brackets ((CCTV生活圈))"));
    }
    // `label：…`, where the label may carry a short qualifier in front (`本版制图：`).
    if let Some(colon) = inner.find(['：', ':']) {
        let head = inner[..colon].trim_end();
        if head.chars().count() <= MAX_LABEL_CHARS {
            for (label, kind) in &rules.credit_labels {
                if head == label {
                    return Some((*kind, "credit label"));
                }
                // `字库未存字注释：`, `视频素材来源：`: a qualified label.
                if label.chars().count() >= 2
                    && head.ends_with(label.as_str())
                    && !head.contains(['，', '。'])
                {
                    return Some((*kind, "credit label with a qualifier"));
                }
                if head.ends_with(label.as_str()) && head.starts_with("本版") {
                    return Some((*kind, "credit label with 本版"));
                }
            }
        }
    }
    // Print-edition footer: 《 人民日报 》（ 2024年06月25日 02 版）.
    if line.starts_with('《')
        && line.contains('》')
        && (line.ends_with("版）") || line.ends_with("版)"))
    {
        return Some((CreditKind::Other, "print-edition footer"));
    }
    // A dateline standing alone at the end, in brackets: （本报布鲁塞尔、巴黎2月14日电）.
    if inner.len() < line.len() && dateline::is_whole(inner, rules) {
        return Some((CreditKind::Other, CLOSING_DATELINE));
    }
    None
}

/// A credit in brackets closing a longer paragraph (`……。（完）`): the byte offset where it
/// starts, its kind and rule.
pub fn tail(paragraph: &str, rules: &Rules) -> Option<(usize, CreditKind, &'static str)> {
    let t = paragraph.trim_end();
    // `……穿衣。晨报记者 亢雪松/文 李木易/摄`: the text-and-picture credit after the last
    // sentence.
    if let Some(i) = t.rfind(['。', '！', '？']) {
        let at = i + t[i..].chars().next().map_or(1, char::len_utf8);
        let rest = t[at..].trim();
        if !rest.is_empty() && rest.split_whitespace().count() >= 2 && is_picture_credit(rest) {
            return Some((at, CreditKind::Other, PICTURE_CREDIT_AFTER_TEXT));
        }
    }
    // The reprint's end mark closing the last sentence: `……过于冷静了。＊`.
    for mark in ['＊', '*'] {
        if let Some(head) = t.strip_suffix(mark) {
            if head.trim_end().ends_with(['。', '！', '？', '”', '）']) {
                return Some((
                    head.len(),
                    CreditKind::End,
                    "end mark closing the last paragraph",
                ));
            }
        }
    }
    let open = if t.ends_with(['）', ')']) {
        t.rfind(['（', '('])?
    } else if t.ends_with('】') {
        t.rfind('【')?
    } else {
        return None;
    };
    if open == 0 {
        return None;
    }
    let (kind, rule) = classify(&t[open..], rules)?;
    Some((open, kind, rule))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Option<CreditKind> {
        classify(s, Rules::builtin()).map(|(k, _)| k)
    }

    #[test]
    fn several_items_on_one_line_are_cut_apart() {
        let cut = |s: &str| -> Vec<String> {
            items(s, Rules::builtin())
                .into_iter()
                .map(|r| s[r].trim().to_string())
                .collect()
        };
        assert_eq!(
            cut("(来源:某某公众号)【编辑:惠小东】"),
            ["(来源:某某公众号)", "【编辑:惠小东】"]
        );
        assert_eq!(
            cut("本期统筹：许  诺  制图：郭  祥"),
            ["本期统筹：许  诺", "制图：郭  祥"]
        );
        assert_eq!(
            cut("字库未存字注释：＠①原字＊"),
            ["字库未存字注释：＠①原字", "＊"]
        );
        assert_eq!(cut("责任编辑：王五"), ["责任编辑：王五"]);
    }

    #[test]
    fn end_matter_by_its_shape() {
        assert_eq!(
            c("※本文由某某授權刊載，未經同意禁止轉載。"),
            Some(CreditKind::Other)
        );
        assert_eq!(
            c("人民网版权所有 Copyright © 1997-2025"),
            Some(CreditKind::Other)
        );
        assert_eq!(c("(CCTV生活圈)"), Some(CreditKind::Source));
        assert_eq!(c("（作者為某大學教授）"), Some(CreditKind::Other));
        assert_eq!(c("新华社音视频部制作"), Some(CreditKind::Other));
        assert_eq!(c("张三图 李四文"), Some(CreditKind::Other));
        assert_eq!(c("（编辑小娜）"), Some(CreditKind::Editor));
        assert_eq!(
            c("字库未存字注释：＠①原字为陶的右半部"),
            Some(CreditKind::Other)
        );
        assert_eq!(
            c("（原载1月30日解放军报  新华社发）"),
            Some(CreditKind::Other)
        );
        assert_eq!(c("（记者 张三）"), None);
    }

    #[test]
    fn each_kind_of_credit() {
        assert_eq!(c("责任编辑：王五"), Some(CreditKind::Editor));
        assert_eq!(c("（责编：李四）"), Some(CreditKind::Editor));
        assert_eq!(c("编辑:苏琳"), Some(CreditKind::Editor));
        assert_eq!(c("来源：中国广播网"), Some(CreditKind::Source));
        assert_eq!(
            c("（稿件来源：人民日报中央厨房）"),
            Some(CreditKind::Source)
        );
        assert_eq!(c("（原标题：一个标题）"), Some(CreditKind::OriginalTitle));
        assert_eq!(c("（完）"), Some(CreditKind::End));
        assert_eq!(
            c("《 人民日报 》（ 2024年06月25日 02 版）"),
            Some(CreditKind::Other)
        );
        assert_eq!(c("制图：郭 祥"), Some(CreditKind::Other));
        assert_eq!(c("本版制图：蔡华伟"), Some(CreditKind::Other));
        assert_eq!(c("（本报约翰内斯堡2月20日电）"), Some(CreditKind::Other));
    }

    #[test]
    fn body_text_is_not_a_credit() {
        assert_eq!(c("完"), None);
        assert_eq!(c("来源于生活的艺术。"), None);
        assert_eq!(c("（本报记者 张三）"), None);
    }

    #[test]
    fn a_credit_closing_a_paragraph() {
        let p = "会议结束。（完）";
        assert_eq!(
            tail(p, Rules::builtin()).map(|(i, k, _)| (i, k)),
            Some((p.find('（').unwrap(), CreditKind::End))
        );
        assert_eq!(tail("（完）", Rules::builtin()), None);
    }
}
