//! Headline recognition and the title fallback when the text has no headline.

use super::blocks::date_line;
use crate::model::TitleSource;
use crate::text::cjk::{is_han, is_slash};

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

/// The part a piece of a title line plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A kicker: 引题, a column or series label, a media tag.
    Kicker,
    /// The headline.
    Headline,
    /// A subtitle (`——…`, a bracketed series tag after the headline).
    Subtitle,
    /// A page title's site suffix (`-新华网`).
    Site,
}

/// Words a site or publication name ends with (`新华网`, `人民网`, `环球时报`, `央视新闻`).
const SITE_ENDINGS: &[&str] = &[
    "网",
    "報",
    "报",
    "在线",
    "频道",
    "頻道",
    "新闻",
    "新聞",
    "客户端",
    "台",
    "社",
    ".com",
    ".cn",
];
/// Words a column label ends with (`人民日报社论：`, `社論／`, `短评：`, `獨／`).
const COLUMN_WORDS: &[&str] = &[
    "社论",
    "社論",
    "评论员",
    "評論員",
    "短评",
    "短評",
    "时评",
    "時評",
    "述评",
    "述評",
    "快评",
    "快評",
    "评论",
    "評論",
    "观察",
    "觀察",
    "论坛",
    "論壇",
    "专访",
    "專訪",
    "独家",
    "獨家",
    "独",
    "獨",
    "特稿",
    "观点",
    "觀點",
    "简讯",
    "簡訊",
    "快讯",
    "快訊",
];
/// Words a bracketed column label ends with besides the column words (`《地方掃描》`,
/// `《盤後解析》`, `《台股盤中》`, `《有話要說》`).
const LABEL_ENDINGS: &[&str] = &[
    "掃描", "扫描", "解析", "盤中", "盘中", "要說", "要说", "速遞", "速递", "焦點", "焦点", "一線",
    "一线", "調研", "调研", "關注", "关注", "聚焦", "直擊", "直击",
];
/// Verbs that end a speech report's 引题 before its `：` (`…讲话强调：加强…`).
const SPEECH_VERBS: &[&str] = &["强调", "強調", "指出", "要求", "呼吁", "呼籲", "表示"];
/// Separators of a site suffix.
const SITE_SEPARATORS: &[&str] = &["--", "-", "_", "｜", "|", " - "];
/// Longest segment of a site suffix, in characters.
const MAX_SITE_SEGMENT: usize = 10;
/// Longest column or series label, in characters.
const MAX_LABEL: usize = 20;
/// Longest speech report's 引题 before `强调：`, in characters.
const MAX_SPEECH_LABEL: usize = 40;

fn is_site_name(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    (2..=MAX_SITE_SEGMENT).contains(&n)
        && SITE_ENDINGS.iter().any(|e| s.ends_with(e))
        && !s.contains(['，', '。', '！', '？'])
}

/// The byte offset where a page title's site suffix starts: `…吴伟仁-新华网`,
/// `…深情满濠江--观点--人民网`, `…_新闻_新浪网`. The suffix is one to three short segments
/// after a separator, the last a site name.
pub fn site_suffix(line: &str) -> Option<usize> {
    let mut best = None;
    for sep in SITE_SEPARATORS {
        let mut from = 0;
        while let Some(i) = line[from..].find(sep) {
            let at = from + i;
            from = at + sep.len();
            let rest = &line[at + sep.len()..];
            if at == 0 || rest.is_empty() {
                continue;
            }
            let segments: Vec<&str> = rest.split(sep).collect();
            let last = segments.last().copied().unwrap_or("");
            let ok = segments.len() <= 3
                && segments.iter().all(|g| {
                    let n = g.trim().chars().count();
                    (1..=MAX_SITE_SEGMENT).contains(&n)
                        && !g.contains(['，', '。', '！', '？', '：'])
                })
                && is_site_name(last);
            // The headline before it must be a title's worth of text.
            if ok && line[..at].chars().filter(|c| is_han(*c)).count() >= 4 {
                best = Some(best.map_or(at, |b: usize| b.min(at)));
                break;
            }
        }
    }
    best
}

/// A leading media tag (`[视频]`, `[组图]`): its byte length.
fn media_tag(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('[')?;
    let end = inner.find(']')?;
    let n = inner[..end].chars().count();
    ((1..=4).contains(&n) && inner[..end].chars().all(is_han)).then_some(end + 2)
}

/// A leading label that sets off a column or series from the headline after it, with its
/// separator: `【奋进新征程 建功新时代·非凡十年】`, `《社論》`, `权威访谈丨`, `人民日报社论：`,
/// `社論／`, `短  評 `. Its byte length.
pub fn column_label(s: &str) -> Option<usize> {
    for (open, close) in [('【', '】'), ('《', '》')] {
        if let Some(inner) = s.strip_prefix(open) {
            let end = inner.find(close)?;
            let n = inner[..end].chars().count();
            let after = inner[end + close.len_utf8()..].trim_start();
            // A book title (`《红楼梦》新解`) is no label: a `《》` label names a column.
            let label_like = open == '【'
                || COLUMN_WORDS
                    .iter()
                    .chain(LABEL_ENDINGS)
                    .any(|w| inner[..end].ends_with(w));
            return ((1..=MAX_LABEL).contains(&n)
                && label_like
                && after.chars().filter(|c| is_han(*c)).count() >= 4)
                .then(|| open.len_utf8() + end + close.len_utf8());
        }
    }
    // `label丨headline`.
    for sep in ['丨', '｜', '|'] {
        if let Some(i) = s.find(sep) {
            let n = s[..i].chars().count();
            if (2..=8).contains(&n) && !s[..i].contains(['，', '。', '：']) {
                return Some(i + sep.len_utf8());
            }
        }
    }
    // `…社论：`, `社論／`, `獨／`, `短  評 `, `社會觀察 `: up to 10 characters (padding
    // inside not counted) ending in a column word, then `：`, `／` or white space.
    let mut compact = String::new();
    for (i, c) in s.char_indices() {
        if matches!(c, '：' | ':') || is_slash(c) || c.is_whitespace() {
            let k = compact.chars().count();
            let numbered_part = compact.contains('评')
                && compact.chars().rev().nth(1) == Some('之')
                && compact
                    .chars()
                    .last()
                    .is_some_and(|c| "一二三四五六七八九十".contains(c));
            let column = COLUMN_WORDS
                .iter()
                .any(|w| compact.ends_with(w) && (w.chars().count() > 1 || compact == *w))
                || (k >= 3
                    && (compact.ends_with('评') || compact.ends_with('評'))
                    && !c.is_whitespace())
                || (numbered_part && !c.is_whitespace())
                || (k >= 6
                    && matches!(c, '：' | ':')
                    && SPEECH_VERBS.iter().any(|v| compact.ends_with(v)));
            let column =
                column && (k <= MAX_LABEL || SPEECH_VERBS.iter().any(|v| compact.ends_with(v)));
            if column {
                let mut end = i + c.len_utf8();
                end += s[end..].len() - s[end..].trim_start().len();
                let han = s[end..].chars().filter(|c| is_han(*c)).count();
                return (han >= 4).then_some(end);
            }
            if !c.is_whitespace() || compact.is_empty() {
                return None;
            }
            continue;
        }
        compact.push(c);
        if compact.chars().count() > MAX_SPEECH_LABEL {
            return None;
        }
    }
    None
}

/// Where a subtitle starts inside a title line: at `——`, `--`, `－－` or `──` after a
/// headline's worth of text.
fn subtitle_start(s: &str) -> Option<usize> {
    ["——", "－－", "──", "--"]
        .iter()
        .filter_map(|d| s.find(d))
        .min()
        .filter(|&i| s[..i].chars().filter(|c| is_han(*c)).count() >= 2 && s.len() > i + 4)
}

/// Where a column or series tag closing a headline starts: `…求索与启示（望海楼）`,
/// `…统计公报（1999年3月31日）`, `…抑郁症吗？| 科普时间`.
fn trailing_tag(s: &str) -> Option<usize> {
    let t = s.trim_end();
    let han_before = |i: usize| t[..i].chars().filter(|c| is_han(*c)).count() >= 2;
    if t.ends_with(['）', ')']) {
        let open = t.rfind(['（', '('])?;
        let n = t[open..].chars().count();
        let inner = t[open..].trim_matches(['（', '）', '(', ')']);
        // A media tag (`（组图）`, `（图）`) belongs to the headline.
        if [
            "组图", "图", "图文", "多图", "视频", "組圖", "圖", "圖文", "影音",
        ]
        .contains(&inner)
        {
            return None;
        }
        return ((4..=26).contains(&n) && han_before(open) && !t[open..].contains(['，', '。']))
            .then_some(open);
    }
    for sep in ['|', '丨', '｜'] {
        if let Some(i) = t.rfind(sep) {
            let n = t[i..].trim().chars().count();
            if (2..=9).contains(&n) && han_before(i) {
                return Some(i);
            }
        }
    }
    None
}

/// A print title's decks run together with single spaces (`西子灣歡送夕陽 林園迎接曙光
/// 來高雄嗨跨年 跟著國瑜追日`): three clauses or more, the first half (two of three) the 引题.
/// The byte offset of the headline's start.
fn deck_split(s: &str) -> Option<usize> {
    let mut clauses: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, _) in s.match_indices(' ') {
        // `吳: 不排除…`: a speaker's colon joins the clause after it.
        if s[..i].ends_with([':', '：']) || i == start {
            continue;
        }
        clauses.push(&s[start..i]);
        start = i + 1;
    }
    clauses.push(&s[start..]);
    clauses.retain(|c| !c.trim().is_empty());
    if clauses.len() < 4 || s.contains("  ") {
        return None;
    }
    let han = |t: &str| t.chars().filter(|c| is_han(*c)).count();
    if !clauses.iter().all(|c| han(c) >= 2) {
        return None;
    }
    // Three clauses: two decks of 引题 over one of 主题; more: half and half.
    let head = clauses[if clauses.len() == 3 {
        2
    } else {
        clauses.len() / 2
    }];
    s.find(head).filter(|i| {
        // Each clause appears once, so `find` lands on the right one.
        s.matches(head).count() == 1 && *i > 0
    })
}

/// Cuts one title line into its parts, in order; the parts cover the line (white space
/// between them aside). Two or more ASCII spaces separate 引题 and 主题 in record titles
/// (`敢于“顶天”  善于“立地”  ——记…`): every part before the last is the kicker.
pub fn split_line(line: &str) -> Vec<(Part, &str)> {
    let s = line.trim();
    let (main, site) = match site_suffix(s) {
        Some(at) => (s[..at].trim_end(), Some(s[at..].trim())),
        None => (s, None),
    };
    // Leading kickers: a media tag, then a column or series label.
    let mut k = media_tag(main).unwrap_or(0);
    let rest = &main[k..];
    let lead = rest.len() - rest.trim_start().len();
    if let Some(len) = column_label(&rest[lead..]) {
        k += lead + len;
    }
    let (head_end, sub) = match subtitle_start(&main[k..]).or_else(|| trailing_tag(&main[k..])) {
        Some(i) => (k + i, Some(main[k + i..].trim())),
        None => (main.len(), None),
    };
    // Two-space separated parts: the last one before the subtitle is the headline.
    let head = main[k..head_end].trim_end();
    let mut head_end = head_end;
    let mut sub = sub;
    let mut h_start = k;
    if let Some(i) = deck_split(head).filter(|_| k == 0) {
        h_start = k + i;
    } else if let Some(i) = head.rfind("  ") {
        let before = head[..i].trim();
        let after = head[i..].trim_start();
        let han = |t: &str| t.chars().filter(|c| is_han(*c)).count();
        let column = after.chars().count() <= 10 && COLUMN_WORDS.iter().any(|w| after.ends_with(w));
        if column && sub.is_none() {
            // `肩负起神圣的使命  解放军报社论`: the column label after the headline.
            sub = Some(after);
            head_end = k + i;
        } else if han(after) >= 2
            && han(before) >= 2
            && before.chars().count() != after.chars().count()
        {
            // Parallel halves of one length (`正视得失  任重道远`) are one headline.
            h_start = k + head.len() - after.len();
        }
    }
    let mut parts = Vec::new();
    let kicker = main[..h_start].trim();
    let headline = main[h_start..head_end].trim();
    if headline.is_empty() {
        // Nothing but labels: the line is its own headline.
        parts.push((Part::Headline, main));
    } else {
        if !kicker.is_empty() {
            parts.push((Part::Kicker, kicker));
        }
        parts.push((Part::Headline, headline));
        parts.extend(sub.map(|t| (Part::Subtitle, t)));
    }
    parts.extend(site.map(|t| (Part::Site, t)));
    parts
}

/// Cuts a title block of several lines (a record's title field, an RSS `<title>`) into
/// parts: a first line that is only a label or ends with `——` is the kicker — and, when the
/// line breaks separate decks (`decks`: an RSS title, not a field's continuation lines), any
/// first line of several; the next line holds the headline; every later line is subtitle.
pub fn split_block(text: &str, decks: bool) -> Vec<(Part, &str)> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    let dash = |l: &str| l.starts_with(['—', '─', '-', '－']);
    if lines.len() >= 2 && (is_kicker_line(lines[0]) || (decks && !dash(lines[1]))) {
        out.push((Part::Kicker, lines[0]));
        i = 1;
    }
    let Some(first) = lines.get(i) else {
        return out;
    };
    let mut parts = split_line(first);
    if !out.is_empty() {
        // One kicker: a label inside the headline line joins the headline.
        for p in &mut parts {
            if p.0 == Part::Kicker {
                p.0 = Part::Headline;
            }
        }
        merge_headline(&mut parts, first);
    }
    out.extend(parts);
    for l in &lines[i + 1..] {
        out.push((Part::Subtitle, l));
    }
    out
}

/// Joins adjacent headline parts back into one slice of `line`.
fn merge_headline<'a>(parts: &mut Vec<(Part, &'a str)>, line: &'a str) {
    let heads: Vec<&str> = parts
        .iter()
        .filter(|p| p.0 == Part::Headline)
        .map(|p| p.1)
        .collect();
    if heads.len() < 2 {
        return;
    }
    let start = heads[0].as_ptr() as usize - line.as_ptr() as usize;
    let last = heads[heads.len() - 1];
    let end = last.as_ptr() as usize - line.as_ptr() as usize + last.len();
    parts.retain(|p| p.0 != Part::Headline);
    parts.insert(0, (Part::Headline, &line[start..end]));
}

/// A line that is only a kicker above the headline: a bracketed label (`【My Cool News】`),
/// or a line ending in `——`/`：`.
pub fn is_kicker_line(line: &str) -> bool {
    let l = line.trim();
    let n = l.chars().count();
    let bracketed = [('【', '】'), ('[', ']'), ('《', '》')]
        .iter()
        .any(|(o, c)| l.starts_with(*o) && l.ends_with(*c) && l.matches(*c).count() == 1);
    n <= MAX_HEADLINE_CHARS && (bracketed || l.ends_with("——") || l.ends_with("--"))
}

#[cfg(test)]
mod tests;
