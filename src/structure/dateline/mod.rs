//! Datelines: `本报讯`, `本报北京6月24日电`, `新华社北京6月22日电（记者黄垚）`,
//! `中广网唐山６月１２日消息（记者汤一亮　庄胜春）`, `据新华社…电`, `【今日商报报道】`, `信报讯`,
//! `某某商报讯`, `某某网专稿`, `某某军事综合报道`, `【某某Web】11月5日消息`,
//! `[美国《某某周刊》2006年1月19日报道]`, `央视网消息(新闻联播)：`, and the Taiwanese
//! reporter-and-place lines `【林宏聰／高雄報導】`, `記者蔡佩蓉／台北報導`, `（中央社記者某某台北電）`.
//!
//! Grammar (hand-written, no regex: a handful of alternatives run on every article), by the
//! shape of the press's formula, not by a list of sources:
//! `[据|综合] ORG [PLACE] [DATE] WORD`, where ORG is a listed agency or any short name ending
//! in an organisation word (…社/…报/…网/…台/…日报/…在线/…新闻/…频道/…周刊…), WORD one of
//! `电 讯 消息 报道 专稿 专电 快讯 综合报道` (Traditional forms too); a bracketed ORG
//! (`【某某Web】`) before `[PLACE] [DATE] WORD`; or a whole bracket ending in WORD
//! (`【…报道】`, `【記者…／…報導】`). It may be followed by the reporters' parenthesis or clause
//! (`（记者黄垚）`, `  记者易凯、陈杰报道：`) and by its separator (`：`), which belong to it.

use super::byline;
use super::rules::Rules;
use crate::model::Dateline;
use crate::text::cjk::{half_width_digits, is_digit, is_han, is_slash, parenthesis, SLASHES};

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The dateline.
    pub dateline: Dateline,
    /// Its length in bytes at the start of the paragraph.
    pub len: usize,
    /// Reporters named in its parenthesis.
    pub names: Vec<String>,
    /// The rule that recognised it, for `--explain`.
    pub rule: &'static str,
}

/// Words that close a dateline, longest first within a shared start.
const WORDS: &[&str] = &[
    "综合报道",
    "綜合報導",
    "联合报道",
    "聯合報導",
    "报道",
    "報導",
    "报导",
    "專電",
    "专电",
    "专稿",
    "專稿",
    "专讯",
    "專訊",
    "快讯",
    "快訊",
    "消息",
    "电",
    "電",
    "讯",
    "訊",
];
/// Words an organisation's name ends with (`某某商报`, `某某网`, `某某电视台`, `某某在线`).
const ORG_ENDINGS: &[&str] = &[
    "社",
    "报",
    "報",
    "网",
    "網",
    "台",
    "臺",
    "在线",
    "在線",
    "新闻",
    "新聞",
    "频道",
    "頻道",
    "客户端",
    "周刊",
    "週刊",
    "杂志",
    "雜誌",
    "中心",
    "Web",
    "web",
    "通讯",
    "通訊",
];
/// Longest unlisted organisation name, in characters.
const MAX_ORG: usize = 10;
/// Longest place name, in characters.
const MAX_PLACE: usize = 12;

/// Whether `s` is a date such as `6月22日`, `2019年2月1日` or `22日` (digits full- or half-width).
pub fn is_date(s: &str) -> bool {
    let mut saw_digit = false;
    let mut last = ' ';
    for c in s.chars() {
        if is_digit(c) {
            saw_digit = true;
        } else if !matches!(c, '年' | '月' | '日') || !is_digit(last) {
            return false;
        }
        last = c;
    }
    saw_digit && last == '日'
}

/// Splits `between` (what stands between agency and `电`) into place and date.
fn place_and_date(between: &str) -> Option<(Option<String>, Option<String>)> {
    let between = between.trim_matches(|c: char| c.is_whitespace());
    // A date in Chinese numerals closing the run: `奥克兰（新西兰）九月十一日`.
    if let Some(at) = crate::text::cjk::words_date_start(between) {
        let place = between[..at].trim();
        let ok = place.chars().count() <= MAX_PLACE
            && place
                .chars()
                .all(|c| is_han(c) || matches!(c, '、' | '·' | '（' | '）' | '(' | ')'));
        return ok.then(|| {
            (
                (!place.is_empty()).then(|| place.to_string()),
                Some(between[at..].to_string()),
            )
        });
    }
    let digit = between.find(is_digit);
    let (place, date) = match digit {
        Some(i) => {
            // The date runs to its last 日; any place-like rest after it (`广州图库`) joins place.
            let rest = &between[i..];
            let end = rest.rfind('日')? + '日'.len_utf8();
            let (date, after) = rest.split_at(end);
            if !is_date(date) {
                return None;
            }
            let place = format!("{}{}", &between[..i], after);
            (place, Some(half_width_digits(date)))
        }
        None => (between.to_string(), None),
    };
    // A place is a name of two characters or more: `经济通专讯` is no dateline from 专.
    let ok_place = place.chars().count() != 1
        && place.chars().count() <= MAX_PLACE
        && place.chars().all(|c| is_han(c) || matches!(c, '、' | '·'))
        && !place.contains("记者");
    ok_place.then(|| ((!place.is_empty()).then_some(place), date))
}

/// Whether `name` reads as an organisation: a few Han characters or Latin letters (a title in
/// `《》` allowed: `美国《时代周刊》`) ending in an organisation word.
fn is_org_name(name: &str) -> bool {
    let n = name.chars().count();
    (2..=MAX_ORG).contains(&n)
        && name
            .chars()
            .all(|c| is_han(c) || c.is_ascii_alphabetic() || matches!(c, '《' | '》' | '·'))
        && name.chars().any(is_han)
        && ORG_ENDINGS
            .iter()
            .any(|e| name.ends_with(e) && name.len() > e.len())
}

/// The dateline word at the start of `s`.
fn word_at(s: &str) -> Option<&'static str> {
    WORDS.iter().find(|w| s.starts_with(*w)).copied()
}

/// `[PLACE] [DATE] WORD` at the start of `after`: the length through WORD, place and date.
/// With `needs_date`, a place without a date is refused (unlisted organisations: a sentence
/// may open with a name that ends in 网 or 报).
fn place_date_word(
    after: &str,
    needs_date: bool,
) -> Option<(usize, Option<String>, Option<String>)> {
    let window: usize = after
        .char_indices()
        .nth(MAX_PLACE + 14)
        .map_or(after.len(), |(i, _)| i);
    for (i, _) in after[..window].char_indices() {
        let Some(word) = word_at(&after[i..]) else {
            continue;
        };
        let (place, date) = place_and_date(&after[..i])?;
        if needs_date && date.is_none() && place.is_some() {
            return None;
        }
        return Some((i + word.len(), place, date));
    }
    None
}

/// Reporters named in a Taiwanese bracket before its slash: `記者林宏聰`, `張理國、黃福其`.
fn slash_names(before: &str, rules: &Rules) -> Vec<String> {
    byline::names(before, rules)
        .into_iter()
        .filter(|n| !is_org_name(n) && !n.ends_with(['組', '组']))
        .collect()
}

/// A reporter-and-place report line: `記者蔡佩蓉／台北報導`, `財經中心／綜合報導`,
/// `張理國、黃福其／連線報導`, `林宏聰、呂素麗／特稿`. Its length and the names.
fn slash_report(s: &str, rules: &Rules) -> Option<(usize, Vec<String>)> {
    let slash = s.find(SLASHES)?;
    let before = &s[..slash];
    let after = &s[slash + s[slash..].chars().next()?.len_utf8()..];
    if before.chars().count() > 24
        || before.is_empty()
        || !before
            .chars()
            .all(|c| is_han(c) || matches!(c, '、' | '，' | ' ' | '　' | '·'))
    {
        return None;
    }
    let place_len = after
        .char_indices()
        .take(8)
        .find(|(i, _)| word_at(&after[*i..]).is_some_and(|w| w.chars().count() >= 2))
        .map(|(i, _)| i)?;
    let place = &after[..place_len];
    if !place.chars().all(is_han) {
        return None;
    }
    let word = word_at(&after[place_len..])?;
    let mut len = slash + (s.len() - slash - after.len()) + place_len + word.len();
    // `…報導報導` (as published) and a stray slash before the bracket closes.
    while let Some(w) = word_at(&s[len..]).filter(|w| w.chars().count() >= 2) {
        len += w.len();
    }
    if let Some(c) = s[len..].chars().next().filter(|c| is_slash(*c)) {
        len += c.len_utf8();
    }
    Some((len, slash_names(before, rules)))
}

/// A dateline in brackets: `【今日商报报道】`, `【據新华社北京5月6日电】`, `【林宏聰／高雄報導】`,
/// `[美国《某某周刊》2006年1月19日报道]`, `（中央社記者某某台北電）`, or a bracketed
/// organisation before `[PLACE] [DATE] WORD` (`【某某Web】11月5日消息`).
fn bracketed(s: &str, rules: &Rules) -> Option<(usize, Dateline, &'static str)> {
    for (open, close) in [
        ('【', '】'),
        ('[', ']'),
        ('〔', '〕'),
        ('《', '》'),
        ('（', '）'),
        ('(', ')'),
    ] {
        let Some(rest) = s.strip_prefix(open) else {
            continue;
        };
        let end = rest.find(close)?;
        let inner = &rest[..end];
        let len = open.len_utf8() + end + close.len_utf8();
        let round = matches!(open, '（' | '(');
        if let Some(mut d) = wire_with_reporter(inner) {
            d.text = s[..len].to_string();
            return Some((len, d, "dateline in brackets: agency, reporter, place, 電"));
        }
        // A whole dateline in brackets.
        if let Some((l, mut d, _)) = core(inner, rules) {
            if l == inner.len() {
                d.text = s[..len].to_string();
                return Some((len, d, "dateline in brackets"));
            }
        }
        if round {
            return None;
        }
        let n = inner.chars().count();
        if n <= 30 {
            if let Some((l, names)) = slash_report(inner, rules) {
                if l == inner.len() {
                    let mut d = dateline(&s[..len], None, None, None);
                    d.reporters = names;
                    return Some((len, d, "dateline: 【reporters／place 報導】"));
                }
            }
            let word = WORDS.iter().find(|w| inner.ends_with(*w));
            if let Some(word) = word.filter(|w| n > w.chars().count() + 1) {
                let agency = inner[..inner.len() - word.len()].to_string();
                return Some((
                    len,
                    dateline(&s[..len], Some(agency), None, None),
                    "dateline: 【source 报道】",
                ));
            }
        }
        // `《体育天地·mvp》记者朱冲报道`: a bracketed outlet, its reporter, 报道.
        if let Some(by) = s[len..]
            .strip_prefix("记者")
            .or_else(|| s[len..].strip_prefix("記者"))
        {
            if let Some(end) = by.find("报道").or_else(|| by.find("報導")) {
                let name = &by[..end];
                if (2..=4).contains(&name.chars().count()) && name.chars().all(is_han) {
                    let total = len + "记者".len() + end + "报道".len();
                    let mut d = dateline(&s[..total], Some(inner.into()), None, None);
                    d.reporters = vec![name.to_string()];
                    return Some((total, d, "dateline: 《outlet》记者 name 报道"));
                }
            }
        }
        // A bracketed organisation before the rest of the formula.
        if is_org_name(inner) || rules.agencies.iter().any(|a| a == inner) {
            let after = &s[len..];
            let gap = after.len() - after.trim_start().len();
            if let Some((l, place, date)) = place_date_word(&after[gap..], false) {
                if date.is_some() || l <= "消息".len() {
                    let total = len + gap + l;
                    return Some((
                        total,
                        dateline(&s[..total], Some(inner.into()), place, date),
                        "dateline: 【organisation】 [place] [date] 消息",
                    ));
                }
            }
        }
        return None;
    }
    None
}

/// `中央社記者林宏聰台北電`, `中央社記者田裕斌台北2019年7月1日電`: agency, reporter, place,
/// an optional date and 電 in one run (the wire's own form).
fn wire_with_reporter(inner: &str) -> Option<Dateline> {
    let (agency, rest) = ["中央社", "新华社", "新華社", "中新社"]
        .into_iter()
        .find_map(|a| inner.strip_prefix(a).map(|r| (a, r)))?;
    let rest = rest
        .strip_prefix("記者")
        .or_else(|| rest.strip_prefix("记者"))?;
    let digit = rest.find(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let (body, date) = match digit {
        Some(at) => {
            let (len, place, date) = place_date_word(&rest[at..], true)?;
            if at + len != rest.len() || place.is_some() || !rest.ends_with(['電', '电']) {
                return None;
            }
            (&rest[..at], date)
        }
        None => (
            rest.strip_suffix('電')
                .or_else(|| rest.strip_suffix('电'))?,
            None,
        ),
    };
    let chars: Vec<char> = body.chars().collect();
    if !(4..=8).contains(&chars.len()) || !chars.iter().all(|c| is_han(*c)) {
        return None;
    }
    // Names are two or three characters; the place takes the rest (at least two).
    let name_len = if chars.len() >= 5 { 3 } else { 2 };
    let name: String = chars[..name_len].iter().collect();
    let place: String = chars[name_len..].iter().collect();
    let mut d = dateline(inner, Some(agency.into()), Some(place), date);
    d.reporters = vec![name];
    Some(d)
}

/// The core dateline (without the reporters' parenthesis): its byte length, the dateline and
/// the rule.
fn core(s: &str, rules: &Rules) -> Option<(usize, Dateline, &'static str)> {
    if s.starts_with(['【', '[', '〔', '《', '（', '(']) {
        return bracketed(s, rules);
    }
    if let Some((len, names)) = slash_report(s, rules) {
        let end_ok = s[len..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '】' | '：' | ':'));
        if end_ok {
            let mut d = dateline(&s[..len], None, None, None);
            d.reporters = names;
            return Some((len, d, "dateline: reporters／place 報導"));
        }
    }
    // `据新华社…`, `综合新华社…`: the lead word is part of the text, not of the agency.
    let lead = ["据", "據", "综合", "綜合"]
        .into_iter()
        .find(|w| s.starts_with(w))
        .map_or(0, str::len);
    let (ju, rest) = (lead, &s[lead..]);
    // Listed agencies, longest first; then unlisted names ending in an organisation word,
    // which need a date unless the word follows at once (`某某商报讯`, `某某网专稿`).
    let mut agencies: Vec<(&str, bool)> = rules
        .agencies
        .iter()
        .map(|a| a.as_str())
        .filter(|a| rest.starts_with(a))
        .map(|a| (a, false))
        .collect();
    agencies.sort_by_key(|(a, _)| std::cmp::Reverse(a.len()));
    let mut generic = Vec::new();
    for (i, c) in rest.char_indices().take(MAX_ORG) {
        if !(is_han(c) || c.is_ascii_alphabetic()) {
            break;
        }
        let name = &rest[..i + c.len_utf8()];
        if is_org_name(name) {
            generic.push((name, true));
        }
    }
    generic.reverse();
    agencies.extend(generic);
    for (agency, unlisted) in agencies {
        let after = &rest[agency.len()..];
        // `环球网记者李亮报道`: agency, reporter, 报道.
        if let Some(by) = after.strip_prefix("记者") {
            if let Some(end) = by.find("报道") {
                let name = &by[..end];
                if (2..=4).contains(&name.chars().count()) && name.chars().all(is_han) {
                    let len = ju + agency.len() + "记者".len() + end + "报道".len();
                    let mut d = dateline(&s[..len], Some(agency.into()), None, None);
                    d.reporters = vec![name.to_string()];
                    return Some((len, d, "dateline: agency 记者 name 报道"));
                }
            }
        }
        if let Some((l, place, date)) = place_date_word(after, unlisted) {
            let len = ju + agency.len() + l;
            // An unlisted name and the word at once (`某某商报讯`) must stand apart from the
            // sentence: `臺灣新聞報導，…` is a sentence.
            let apart = s[len..].chars().next().is_none_or(|c| {
                c.is_whitespace() || matches!(c, '：' | ':' | '（' | '(' | '】' | ']')
            });
            if unlisted && place.is_none() && date.is_none() && !apart {
                continue;
            }
            let rule = if unlisted {
                "dateline: organisation [place] [date] 电/讯/消息/报道"
            } else {
                "dateline: agency [place] [date] 电/讯/消息"
            };
            return Some((
                len,
                dateline(&s[..len], Some(agency.into()), place, date),
                rule,
            ));
        }
    }
    // `某某军事综合报道 …`: a short name and 综合报道 standing apart from the sentence.
    for word in ["综合报道", "綜合報導"] {
        if let Some(at) = rest.find(word) {
            let head = &rest[..at];
            let len = ju + at + word.len();
            let apart = s[len..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '：' | ':'));
            if (2..=8).contains(&head.chars().count()) && head.chars().all(is_han) && apart {
                return Some((
                    len,
                    dateline(&s[..len], Some(head.into()), None, None),
                    "dateline: name 综合报道",
                ));
            }
        }
    }
    // `某某娱乐讯 …`: a short name and 讯 standing apart from the sentence.
    let xun = rest.find(['讯', '訊'])?;
    let head = &rest[..xun];
    let n = head.chars().count();
    let len = ju + xun + '讯'.len_utf8();
    let apart = s[len..]
        .chars()
        .next()
        .is_some_and(|c| c.is_whitespace() || matches!(c, '：' | ':' | '（' | '('));
    if (2..=8).contains(&n) && head.chars().all(is_han) && apart {
        return Some((
            len,
            dateline(&s[..len], Some(head.into()), None, None),
            "dateline: name 讯",
        ));
    }
    None
}

fn dateline(
    text: &str,
    agency: Option<String>,
    place: Option<String>,
    date: Option<String>,
) -> Dateline {
    Dateline {
        text: text.to_string(),
        agency,
        place,
        date,
        reporters: Vec::new(),
    }
}

/// Whether a parenthesis holds only names (`尹晓宇、孙盘桧`), as reporters after a dateline.
fn only_names(inner: &str) -> bool {
    let names: Vec<&str> = inner
        .split(['、', ' ', '　'])
        .filter(|n| !n.is_empty())
        .collect();
    !names.is_empty()
        && inner.chars().count() <= 30
        && names
            .iter()
            .all(|n| (2..=4).contains(&n.chars().count()) && n.chars().all(is_han))
}

/// White space at the start of `s`, in bytes.
fn gap(s: &str) -> usize {
    s.len() - s.trim_start_matches(|c: char| c.is_whitespace()).len()
}

/// Recognises a dateline at the start of a paragraph, with what belongs to it: a reporters'
/// parenthesis or clause, a programme's parenthesis before `：`, a second place-and-date
/// part (`北京时间11月7日消息`), and the separator `：`.
pub fn parse(paragraph: &str, rules: &Rules) -> Option<Found> {
    let (mut len, mut d, rule) = core(paragraph, rules)?;
    let mut names = d.reporters.clone();
    // A second part with a date, or followed by `：`: `…讯 北京时间11月7日消息`.
    {
        let after = &paragraph[len..];
        let g = gap(after);
        if let Some((l, place, date)) = place_date_word(&after[g..], false) {
            let colon = after[g + l..].starts_with(['：', ':']);
            if (date.is_some() || colon) && (place.is_some() || date.is_some()) {
                len += g + l;
                if d.date.is_none() {
                    d.date = date;
                }
                if d.place.is_none() {
                    d.place = place;
                }
            }
        }
    }
    let after = &paragraph[len..];
    let g = gap(after);
    let rest = &after[g..];
    if let Some((plen, inner)) = parenthesis(rest) {
        let programme = inner.chars().count() <= 12
            && !inner.contains(['，', '。', '、'])
            && rest[plen..].trim_start().starts_with(['：', ':']);
        if programme && !byline::is_reporters(inner, rules) {
            // `央视网消息(新闻联播)：`: the programme, not a reporter.
            len += g + plen;
        } else if byline::is_reporters(inner, rules) || only_names(inner) {
            names = byline::names(inner, rules);
            len += g + plen;
        }
    } else if g > 0
        && rest
            .char_indices()
            .take(8)
            .any(|(i, _)| rest[i..].starts_with("记者") && (i == 0 || is_org_name(&rest[..i])))
    {
        // `本报天津10月29日电  记者易凯、陈杰报道：`
        let clause_end = rest
            .char_indices()
            .take(32)
            .find(|(i, _)| rest[*i..].starts_with("报道") || rest[*i..].starts_with("報導"))
            .map(|(i, _)| i + "报道".len());
        if let Some(e) = clause_end.filter(|e| !rest[..*e].contains(['，', '。'])) {
            names = byline::names(&rest[..e], rules);
            len += g + e;
        } else if let Some(list) = rest
            .strip_prefix("记者")
            .or_else(|| rest.strip_prefix("記者"))
        {
            // A closing dateline ends with its reporters: `（据新华社电  记者韦骅、林德韧）`.
            if only_names(list.trim()) {
                names = byline::names(rest, rules);
                len = paragraph.len();
            }
        }
    }
    // The separator after the dateline belongs to it.
    let after = &paragraph[len..];
    let g = gap(after);
    if let Some(c) = after[g..]
        .chars()
        .next()
        .filter(|c| matches!(c, '：' | ':'))
    {
        len += g + c.len_utf8();
    }
    d.text = paragraph[..len].to_string();
    d.reporters.clone_from(&names);
    Some(Found {
        dateline: d,
        len,
        names,
        rule,
    })
}

/// Whether a whole string is a dateline and nothing else (`本报马德里电`), as at the end of
/// a foreign report: `（本报布鲁塞尔、巴黎2月14日电）`.
pub fn is_whole(s: &str, rules: &Rules) -> bool {
    parse(s, rules).is_some_and(|f| f.len == s.len())
}

#[cfg(test)]
mod tests;
