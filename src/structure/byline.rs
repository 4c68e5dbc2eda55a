//! Bylines: reporters and authors, from top lines (`本报记者　李　纵`, `□本报记者 陆琼琼`,
//! `文／…`), end lines (`□鞠　闻`, `（记者 张三）`, `（作者为…）`, `（本报记者…，新华社记者…）`)
//! and dateline parentheses. The raw text is kept by the caller; these functions find the
//! names, with padding spaces removed.

use super::rules::Rules;
use crate::text::cjk::{is_han, is_slash, parenthesis, strip_prefix_folding_slashes, SLASHES};

/// Longest top byline line, in characters.
const MAX_TOP_CHARS: usize = 40;
/// Longest end byline line, in characters (lists of many reporters are long).
const MAX_END_CHARS: usize = 120;
/// Longest single name, in characters (`阿尔达克`, transliterated names with `·`).
const MAX_NAME_CHARS: usize = 12;

/// Endings that close a list of names: `报道`, `参与采写`, `发自上海`.
const NAME_LIST_ENDINGS: &[&str] = &["参与采写", "联合报道", "采写", "报道", "整理", "摄影", "摄"];

/// Whether a parenthesis' inner text names reporters or authors.
pub fn is_reporters(inner: &str, rules: &Rules) -> bool {
    let t = inner.trim_matches(|c: char| c.is_whitespace());
    t.chars().count() <= MAX_END_CHARS
        && !t.contains('。')
        && (rules.role_prefix(t).is_some()
            || t.starts_with("综合")
            || t.contains("记者")
            || NAME_LIST_ENDINGS[..3].iter().any(|e| t.ends_with(e)))
}

/// The names in a byline text: role words (`本报记者`), marks, `发自…` and `报道` removed,
/// names split at `、，` and at spaces between names, padding spaces inside a name removed
/// (`鞠　闻` → `鞠闻`). Authors described rather than named (`作者为…教授`) are kept whole.
pub fn names(text: &str, rules: &Rules) -> Vec<String> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    let t = rules
        .byline_marks
        .iter()
        .find_map(|m| t.strip_prefix(m.as_str()))
        .unwrap_or(t)
        .trim_start();
    if is_author_note(t) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for part in t.split(['，', ',', '；', ';']) {
        let part = part.trim();
        let part = part.strip_prefix("综合").unwrap_or(part);
        // Cut the part at every role word; what follows a role word is names.
        let mut chunks: Vec<&str> = Vec::new();
        let mut saw_role = false;
        let mut start = 0;
        let mut i = 0;
        while i < part.len() {
            if let Some(r) = rules.role_prefix(&part[i..]) {
                // Text before the first role word (`新华社北京1月21日电`) is not names.
                if saw_role {
                    chunks.push(&part[start..i]);
                }
                saw_role = true;
                i += r.len();
                start = i;
            } else {
                i += part[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if saw_role || start == 0 {
            chunks.push(&part[start..]);
        }
        for chunk in chunks {
            let mut c = chunk.trim_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':'));
            if let Some(i) = c.find("发自") {
                c = &c[..i];
            }
            for e in NAME_LIST_ENDINGS {
                if let Some(s) = c.strip_suffix(e) {
                    c = s;
                    break;
                }
            }
            for list in c.split(['、', '／', '╱', '∕', '/']) {
                out.extend(split_padded(list));
            }
        }
    }
    out.retain(|n| {
        let k = n.chars().count();
        (2..=MAX_NAME_CHARS).contains(&k)
            && n.chars().any(|c| is_han(c) || c.is_alphabetic())
            && !n
                .chars()
                .any(|c| c.is_ascii_digit() || matches!(c, '电' | '。' | '（' | '）'))
            && !is_organisation(n)
    });
    out
}

/// A description of the author instead of a name: `作者为浙江大学教授`, `作者為…`.
pub fn is_author_note(t: &str) -> bool {
    [
        "作者为",
        "作者系",
        "作者單位",
        "作者单位",
        "作者為",
        "作者係",
        "作者是",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// Words that end an organisation's or outlet's name, not a person's (`商業周刊`, `今周刊編輯群`,
/// `Money錢`, `新华社`).
const ORGANISATION_ENDINGS: &[&str] = &[
    "報",
    "报",
    "周刊",
    "週刊",
    "雜誌",
    "杂志",
    "月刊",
    "日报",
    "日報",
    "晚报",
    "晚報",
    "报社",
    "報社",
    "網",
    "网",
    "社",
    "中心",
    "編輯群",
    "编辑部",
    "編輯部",
    "电视台",
    "電視台",
    "新闻",
    "新聞",
    "时报",
    "時報",
];

/// Whether a byline token names an organisation or outlet rather than a person: it ends in
/// an organisation word, or mixes Latin letters with Han (`Money錢`).
pub fn is_organisation(n: &str) -> bool {
    ORGANISATION_ENDINGS
        .iter()
        .any(|e| n.ends_with(e) && n.chars().count() > e.chars().count())
        || (n.chars().any(|c| c.is_ascii_alphabetic()) && n.chars().any(is_han))
}

/// Genre words that stand in a bracketed byline instead of a place (`【張穎齊／新聞透視】`).
const GENRES: &[&str] = &[
    "新聞透視",
    "新闻透视",
    "特稿",
    "專稿",
    "专稿",
    "社論",
    "社论",
    "評論",
    "评论",
    "時評",
    "时评",
    "專訪",
    "专访",
    "觀察",
    "观察",
    "特寫",
    "特写",
    "新聞分析",
    "新闻分析",
    "特派",
];

/// A bracketed top byline: `【張潼】`, `【■鈕則勳／】`, `【張穎齊／新聞透視】`, `【時報】`
/// (the paper itself: no person named). Returns the names, possibly none.
pub fn bracketed_top(line: &str, rules: &Rules) -> Option<Vec<String>> {
    let inner = line.strip_prefix('【')?.strip_suffix('】')?;
    if inner.chars().count() > 30 || inner.contains(['】', '【', '。', '，']) {
        return None;
    }
    let inner = rules
        .byline_marks
        .iter()
        .find_map(|m| inner.strip_prefix(m.as_str()))
        .unwrap_or(inner)
        .trim_matches(|c: char| c.is_whitespace() || is_slash(c));
    let mut names = Vec::new();
    for part in inner.split(SLASHES) {
        let part = part.trim();
        if GENRES.contains(&part) {
            continue;
        }
        // `【延伸閱讀】`, `【新闻链接】`: the head of a box, no byline.
        if crate::structure::rules::BOX_HEADS
            .iter()
            .any(|w| part.ends_with(w))
        {
            return None;
        }
        // `【林宏聰／高雄報導】` is a dateline.
        if ["報導", "报道", "报导", "電", "电", "讯", "訊"]
            .iter()
            .any(|w| part.ends_with(w))
        {
            return None;
        }
        for n in part
            .split(['、', '，', ' ', '　'])
            .filter(|n| !n.is_empty())
        {
            let k = n.chars().count();
            if !(2..=4).contains(&k) || !n.chars().all(is_han) {
                return None;
            }
            if !is_organisation(n) && !n.ends_with(['報', '报']) {
                names.push(n.to_string());
            }
        }
    }
    Some(names)
}

/// The names of an author field or a list without role words (`方延明`, `张三  李四`,
/// `王五、赵六`): split at `、，；/` and spaces; organisations (`新华社`, `…司`) are no names.
pub fn listed_names(field: &str, rules: &Rules) -> Vec<String> {
    let t = field.trim();
    let named = names(t, rules);
    let mut out = if rules.role_prefix(t).is_some() {
        named
    } else {
        Vec::new()
    };
    if out.is_empty() {
        for part in t.split(['、', '，', ',', '；', ';', '／', '╱', '∕', '/']) {
            out.extend(split_padded(part.trim()));
        }
    }
    out.retain(|n| {
        let k = n.chars().count();
        (2..=MAX_NAME_CHARS).contains(&k)
            && !n.ends_with([
                '社', '报', '司', '部', '局', '委', '会', '院', '组', '室', '台', '网',
            ])
            && !n.contains(['。', '（', '）'])
    });
    out
}

/// Photographers named in a caption: `…。新华社记者  姜克红摄`, `王友恒摄（人民视觉）`,
/// `（圖／郭涵羚攝影）`, `本报记者 王海欣 摄`.
pub fn caption_names(caption: &str, rules: &Rules) -> Vec<String> {
    let mut t = caption.trim();
    // A trailing agency bracket after the credit: `摄（人民视觉）`.
    if let Some(open) = t.rfind(['（', '(']) {
        let inner = t[open..]
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')']);
        if t.ends_with(['）', ')'])
            && !inner.ends_with(['摄', '攝', '影'])
            && !t[..open].trim_end().is_empty()
        {
            if t[..open].trim_end().ends_with(['摄', '攝']) {
                t = t[..open].trim_end();
            } else {
                t = inner;
            }
        } else if t.ends_with(['）', ')']) {
            t = inner;
        }
    }
    let written = t.rfind("记者").is_some_and(|i| t[i..].ends_with('文'));
    let suffixes: &[&str] = if written {
        &["文"]
    } else {
        &["攝影", "摄影", "摄", "攝"]
    };
    let Some(body) = suffixes.iter().find_map(|e| t.strip_suffix(e)) else {
        return Vec::new();
    };
    let start = body
        .rfind(['。', '！', '？', '，', '）', ')'])
        .map_or(0, |i| {
            i + body[i..].chars().next().map_or(1, char::len_utf8)
        });
    let credit = body[start..].trim();
    let credit = ["圖／", "圖/", "图／", "图/"]
        .iter()
        .find_map(|p| strip_prefix_folding_slashes(credit, p))
        .unwrap_or(credit);
    let mut out = names(credit, rules);
    if out.is_empty() && rules.role_prefix(credit).is_none() {
        out = split_padded(credit);
    }
    out.retain(|n| {
        let k = n.chars().count();
        (2..=4).contains(&k) && n.chars().all(is_han) && !is_organisation(n)
    });
    out
}

/// Splits names separated by spaces, joining one-character pieces that are a name padded
/// with spaces (`鞠　闻`, `许  诺`).
fn split_padded(s: &str) -> Vec<String> {
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if t.chars().count() == 1 && i + 1 < tokens.len() && tokens[i + 1].chars().count() <= 2 {
            out.push(format!("{t}{}", tokens[i + 1]));
            i += 2;
        } else {
            out.push(t.to_string());
            i += 1;
        }
    }
    out
}

/// A top byline line (above the body): `本报记者　李　纵`, `□本报记者 陆琼琼`,
/// `本报记者陈雪频实习记者唐翔发自上海`, `（本报记者  夏斐）`, `■某某日报全媒体记者张三`,
/// `来源：某某日报 作者： 郑一`, and the bracketed `【張潼】` ([`bracketed_top`]). Returns the
/// names (none for a bracketed byline naming only the paper).
pub fn top(line: &str, rules: &Rules) -> Option<Vec<String>> {
    if line.chars().count() > MAX_TOP_CHARS || line.contains(['。', '，', '！', '？']) {
        return None;
    }
    if let Some(n) = bracketed_top(line, rules).or_else(|| field_byline(line)) {
        return Some(n);
    }
    let mut t = rules
        .byline_marks
        .iter()
        .find_map(|m| line.strip_prefix(m.as_str()))
        .unwrap_or(line)
        .trim_start();
    if let Some((len, inner)) = parenthesis(t) {
        if len == t.len() {
            t = inner.trim();
        }
    }
    // `来源：某某网 作者：吴十`: the names follow 作者.
    if t.starts_with("来源") || t.starts_with("來源") {
        let at = t.find("作者")?;
        let n = names(&t[at..], rules);
        return (!n.is_empty()).then_some(n);
    }
    // `某某日报全媒体记者张三`: an outlet's name before the role word.
    if rules.role_prefix(t).is_none() {
        let at = t
            .char_indices()
            .take(12)
            .find(|(i, _)| rules.role_prefix(&t[*i..]).is_some() && is_organisation(&t[..*i]))?;
        t = &t[at.0..];
    }
    // `■记者手记`: a box head, not a byline.
    if [
        "手记", "手記", "札记", "札記", "随笔", "隨筆", "观察", "觀察",
    ]
    .iter()
    .any(|w| t.ends_with(w))
    {
        return None;
    }
    // `亢雪松/文`, `李木易/摄`: the name before its role.
    if let Some((name, role)) = t.rsplit_once(SLASHES) {
        if matches!(role.trim(), "文" | "图" | "摄" | "圖" | "攝") && is_plain_name(name.trim())
        {
            return Some(vec![name.trim().to_string()]);
        }
    }
    let role = rules.role_prefix(t)?;
    let n = names(t, rules);
    // `文／MONEY錢`: a byline naming an outlet only.
    let outlet = n.is_empty()
        && ["文／", "文/", "文 / "].contains(&role)
        && t[role.len()..]
            .split(SLASHES)
            .all(|p| is_organisation(p.trim()));
    (!n.is_empty() || outlet).then_some(n)
}

/// A whole end byline line: `□鞠　闻`, `（记者 张三）`, `（作者为浙江大学教授）`. Returns the
/// names.
pub fn end(line: &str, rules: &Rules) -> Option<Vec<String>> {
    if line.chars().count() > MAX_END_CHARS {
        return None;
    }
    if let Some(rest) = rules
        .byline_marks
        .iter()
        .find_map(|m| line.strip_prefix(m.as_str()))
    {
        let rest = rest.trim();
        if rest.is_empty() || rest.chars().count() > 24 || rest.contains(['。', '，', '！', '？'])
        {
            return None;
        }
        let n = names(rest, rules);
        return (!n.is_empty()).then_some(n);
    }
    let inner = line.trim().trim_start_matches(['（', '(']);
    let role =
        rules.role_prefix(inner).is_some() || inner.contains("记者") || inner.contains("記者");
    if let Some(n) = (!role)
        .then(|| bare_names(line))
        .flatten()
        .or_else(|| photo_credit(line))
    {
        return Some(n);
    }
    let (len, inner) = parenthesis(line)?;
    if len != line.len() || !is_reporters(inner, rules) {
        return None;
    }
    let n = names(inner, rules);
    (!n.is_empty()).then_some(n)
}

/// Whether a token is a person's name as bylines write it: two to four Han characters, no
/// organisation.
fn is_plain_name(n: &str) -> bool {
    (2..=4).contains(&n.chars().count()) && n.chars().all(is_han) && !is_organisation(n)
}

/// A bracketed end byline of names alone: `（王五）`, `(赵六/钱七)`, `(李铁）`, `（张三 李四）`.
fn bare_names(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let inner = t.strip_prefix(['（', '('])?.strip_suffix(['）', ')'])?;
    let parts: Vec<&str> = inner
        .split(['、', '／', '/', ' ', '　'])
        .filter(|p| !p.is_empty())
        .collect();
    ((1..=3).contains(&parts.len()) && parts.iter().all(|p| is_plain_name(p)))
        .then(|| parts.iter().map(|p| p.to_string()).collect())
}

/// A photographer's credit closing the text: `程功摄`, `程功 摄`.
fn photo_credit(line: &str) -> Option<Vec<String>> {
    let body = line.trim().strip_suffix(['摄', '攝'])?.trim_end();
    is_plain_name(body).then(|| vec![body.to_string()])
}

/// Names in a picture-and-text credit: `晨报记者 亢雪松/文 李木易/摄`, `张三图 李四文`.
pub fn credit_names(credit: &str) -> Vec<String> {
    credit
        .split_whitespace()
        .filter_map(|t| {
            let t = t
                .trim_end_matches(['文', '图', '摄', '圖', '攝'])
                .trim_end_matches(SLASHES);
            is_plain_name(t).then(|| t.to_string())
        })
        .collect()
}

/// A field line naming the author: `【来源：你来我网】 【作者：kiidy】`. The names (a
/// handle is taken as it is written).
fn field_byline(line: &str) -> Option<Vec<String>> {
    let mut rest = line.trim();
    let mut names = Vec::new();
    let mut fields = 0;
    while let Some(r) = rest.strip_prefix('【') {
        let end = r.find('】')?;
        let (label, value) = r[..end].split_once(['：', ':'])?;
        let value = value.trim();
        match label.trim() {
            "作者" | "作　者" => {
                if !value.is_empty()
                    && value.chars().count() <= 20
                    && !value.contains(char::is_whitespace)
                {
                    names.push(value.to_string());
                }
            }
            "来源" | "來源" | "编辑" | "編輯" | "责任编辑" => {}
            _ => return None,
        }
        fields += 1;
        rest = r[end + '】'.len_utf8()..].trim_start();
    }
    (fields > 0 && rest.is_empty()).then_some(names)
}

/// A byline parenthesis closing a longer paragraph (`……结束。（记者 张三）`): the byte
/// offset where it starts.
pub fn tail(paragraph: &str, rules: &Rules) -> Option<usize> {
    let closes = |head: &str| {
        head.trim_end()
            .ends_with(['。', '！', '？', '”', '…', '）'])
    };
    // `……活动将持续到4月2日。程功摄`: the photographer after the last sentence.
    let t = paragraph.trim_end();
    if t.ends_with(['摄', '攝']) {
        if let Some(i) = t.rfind(['。', '！', '？']) {
            let at = i + t[i..].chars().next().map_or(1, char::len_utf8);
            if photo_credit(&t[at..]).is_some() {
                return Some(at);
            }
        }
    }
    let start = t.rfind(['（', '('])?;
    let (head, rest) = paragraph.split_at(start);
    (closes(head) && end(rest.trim_end(), rules).is_some()).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> &'static Rules {
        Rules::builtin()
    }

    #[test]
    fn marked_and_bracketed_end_bylines() {
        assert_eq!(end("□鞠　闻", r()).unwrap(), ["鞠闻"]);
        assert_eq!(end("（记者 张三）", r()).unwrap(), ["张三"]);
        assert_eq!(end("（本报记者　李纵）", r()).unwrap(), ["李纵"]);
        assert_eq!(
            end("（本报记者王明峰，新华社记者李四、王五）", r()).unwrap(),
            ["王明峰", "李四", "王五"]
        );
        assert_eq!(end("（王五）", r()).unwrap(), ["王五"]);
        assert_eq!(end("(赵六/钱七)", r()).unwrap(), ["赵六", "钱七"]);
        assert_eq!(end("程功摄", r()).unwrap(), ["程功"]);
        assert_eq!(end("（新华社）", r()), None);
        // A description of the author is no name: it is a credit (`credits`).
        assert_eq!(end("（作者为浙江大学光华法学院教授）", r()), None);
        assert_eq!(
            end("（新华社北京1月21日电  记者王子铭）", r()).unwrap(),
            ["王子铭"]
        );
        assert_eq!(
            end("（综合本报记者郑轶、李硕报道）", r()).unwrap(),
            ["郑轶", "李硕"]
        );
        assert_eq!(
            end("（徐嘉宁 肖泽雨参与采写）", r()).unwrap(),
            ["徐嘉宁", "肖泽雨"]
        );
    }

    #[test]
    fn ordinary_closing_sentences_are_not_bylines() {
        assert_eq!(end("会议圆满结束。", r()), None);
        assert_eq!(end("（完）", r()), None);
        assert_eq!(end("□", r()), None);
        assert_eq!(end("（本报马德里电）", r()), None);
    }

    #[test]
    fn top_bylines() {
        assert_eq!(top("本报记者　李　纵", r()).unwrap(), ["李纵"]);
        assert_eq!(top("□本报记者 陆琼琼", r()).unwrap(), ["陆琼琼"]);
        assert_eq!(
            top("本报记者陈雪频实习记者唐翔发自上海", r()).unwrap(),
            ["陈雪频", "唐翔"]
        );
        assert_eq!(top("记者从市旅游局获悉，成都", r()), None);
    }

    #[test]
    fn a_byline_closing_a_paragraph_is_found() {
        let p = "会议圆满结束。（记者 张三）";
        assert_eq!(tail(p, r()), Some(p.find('（').unwrap()));
        assert_eq!(tail("他说（记者 张三）", r()), None);
    }
}
