//! Datelines: `本报讯`, `本报北京6月24日电`, `新华社北京6月22日电（记者黄垚）`,
//! `中广网唐山６月１２日消息（记者汤一亮　庄胜春）`, `据新华社…电`, `【今日商报报道】`, `信报讯`.
//!
//! Grammar (hand-written, no regex: it is a handful of alternatives and runs on every article):
//! `[据] AGENCY [PLACE] [DATE] (电|讯|消息)` or `…(报|网|社)讯` or a bracketed `【…报道】`,
//! optionally followed by a parenthesis of reporters (`（记者…）`).

use super::byline;
use super::rules::Rules;
use crate::model::Dateline;
use crate::text::cjk::{half_width_digits, is_digit, is_han, parenthesis};

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The dateline.
    pub dateline: Dateline,
    /// Its length in bytes at the start of the paragraph.
    pub len: usize,
    /// Reporters named in its parenthesis.
    pub names: Vec<String>,
}

/// Longest place name, in characters.
const MAX_PLACE: usize = 12;
/// Longest unlisted agency name, in characters.
const MAX_GENERIC_AGENCY: usize = 8;
/// Longest bracketed source (`【今日商报报道】`), in characters.
const MAX_BRACKET: usize = 14;

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

/// The core dateline (without the reporters' parenthesis): its byte length, agency, place and
/// date.
fn core(s: &str, rules: &Rules) -> Option<(usize, Dateline)> {
    // Bracketed sources: 【今日商报报道】, 《经济通专讯》.
    for (open, close) in [('【', '】'), ('《', '》'), ('[', ']')] {
        if let Some(rest) = s.strip_prefix(open) {
            let end = rest.find(close)?;
            let inner = &rest[..end];
            let len = open.len_utf8() + end + close.len_utf8();
            // 【据新华社北京5月6日电】: a whole dateline in brackets.
            if let Some((_, mut d)) = core(inner, rules).filter(|(l, _)| *l == inner.len()) {
                d.text = s[..len].to_string();
                return Some((len, d));
            }
            let n = inner.chars().count();
            let suffix = ["报道", "专讯", "讯", "电", "消息"]
                .into_iter()
                .find(|x| inner.ends_with(x));
            if let Some(suffix) = suffix.filter(|x| n <= MAX_BRACKET && n > suffix_len(x)) {
                let agency = inner[..inner.len() - suffix.len()].to_string();
                return Some((len, dateline(&s[..len], Some(agency), None, None)));
            }
            return None;
        }
    }
    // `据新华社…`, `综合新华社…`: the lead word is part of the text, not of the agency.
    let lead = ["据", "综合"]
        .into_iter()
        .find(|w| s.starts_with(w))
        .map_or(0, str::len);
    let (ju, rest) = (lead, &s[lead..]);
    // Listed agencies, longest first; then unlisted names ending in 网/社/报, which must be
    // followed by a date (`中国台湾网６月１５日消息`).
    let mut agencies: Vec<(&str, bool)> = rules
        .agencies
        .iter()
        .map(|a| a.as_str())
        .filter(|a| rest.starts_with(a))
        .map(|a| (a, false))
        .collect();
    agencies.sort_by_key(|(a, _)| std::cmp::Reverse(a.len()));
    for (i, c) in rest.char_indices().take(MAX_GENERIC_AGENCY) {
        if !is_han(c) {
            break;
        }
        let name = &rest[..i + c.len_utf8()];
        if name.chars().count() >= 3 && name.ends_with(['网', '社', '报']) {
            agencies.push((name, true));
        }
    }
    for (agency, needs_date) in agencies {
        let after = &rest[agency.len()..];
        // `环球网记者李亮报道`: agency, reporter, 报道.
        if let Some(by) = after.strip_prefix("记者") {
            if let Some(end) = by.find("报道") {
                let name = &by[..end];
                if (2..=4).contains(&name.chars().count()) && name.chars().all(is_han) {
                    let len = ju + agency.len() + "记者".len() + end + "报道".len();
                    let mut d = dateline(&s[..len], Some(agency.into()), None, None);
                    d.reporters = vec![name.to_string()];
                    return Some((len, d));
                }
            }
        }
        // Look for the closing word within a short window.
        let window: usize = after
            .char_indices()
            .nth(MAX_PLACE + 14)
            .map_or(after.len(), |(i, _)| i);
        for (i, _) in after[..window].char_indices() {
            let tail = &after[i..];
            let word = ["电", "讯", "消息"]
                .into_iter()
                .find(|w| tail.starts_with(w));
            let Some(word) = word else { continue };
            let Some((place, date)) = place_and_date(&after[..i]) else {
                break;
            };
            if needs_date && date.is_none() {
                break;
            }
            let len = ju + agency.len() + i + word.len();
            return Some((len, dateline(&s[..len], Some(agency.into()), place, date)));
        }
    }
    // Unlisted papers and sites: 信报讯, 新华报业网讯.
    let xun = rest.find('讯')?;
    let head = &rest[..xun];
    let n = head.chars().count();
    if (2..=8).contains(&n) && head.chars().all(is_han) && head.ends_with(['报', '网', '社']) {
        let len = ju + xun + '讯'.len_utf8();
        return Some((len, dateline(&s[..len], Some(head.into()), None, None)));
    }
    None
}

fn suffix_len(s: &str) -> usize {
    s.chars().count()
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

/// Recognises a dateline at the start of a paragraph, with a following reporters' parenthesis.
pub fn parse(paragraph: &str, rules: &Rules) -> Option<Found> {
    let (mut len, mut d) = core(paragraph, rules)?;
    let mut names = d.reporters.clone();
    let after = &paragraph[len..];
    let gap = after.len() - after.trim_start_matches(|c: char| c.is_whitespace()).len();
    let rest = &after[gap..];
    if let Some((plen, inner)) = parenthesis(rest) {
        if byline::is_reporters(inner, rules) || only_names(inner) {
            names = byline::names(inner, rules);
            len += gap + plen;
            d.text = paragraph[..len].to_string();
        }
    }
    d.reporters.clone_from(&names);
    Some(Found {
        dateline: d,
        len,
        names,
    })
}

/// Whether a whole string is a dateline and nothing else (`本报马德里电`), as at the end of
/// a foreign report: `（本报布鲁塞尔、巴黎2月14日电）`.
pub fn is_whole(s: &str, rules: &Rules) -> bool {
    parse(s, rules).is_some_and(|f| f.len == s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<Found> {
        parse(s, Rules::builtin())
    }

    #[test]
    fn people_s_daily_datelines_with_reporters() {
        let f = p("本报北京1月31日电\u{a0}（记者杜一菲）国家主席习近平31日在人民大会堂").unwrap();
        assert_eq!(f.dateline.text, "本报北京1月31日电\u{a0}（记者杜一菲）");
        assert_eq!(f.dateline.agency.as_deref(), Some("本报"));
        assert_eq!(f.dateline.place.as_deref(), Some("北京"));
        assert_eq!(f.dateline.date.as_deref(), Some("1月31日"));
        assert_eq!(f.names, ["杜一菲"]);
    }

    #[test]
    fn full_width_digits_and_消息() {
        let f = p("中广网唐山６月１２日消息（记者汤一亮　庄胜春）据河北省").unwrap();
        assert_eq!(
            f.dateline.text,
            "中广网唐山６月１２日消息（记者汤一亮　庄胜春）"
        );
        assert_eq!(f.dateline.date.as_deref(), Some("6月12日"));
        assert_eq!(f.dateline.place.as_deref(), Some("唐山"));
        assert_eq!(f.names, ["汤一亮", "庄胜春"]);
    }

    #[test]
    fn short_forms() {
        let f = p("本报讯　6月23日至24日，国家工商总局召开").unwrap();
        assert_eq!(f.dateline.text, "本报讯");
        assert_eq!(f.dateline.agency.as_deref(), Some("本报"));
        let f = p("据新华社金边1月1日电  （记者毛鹏飞）记者1日从").unwrap();
        assert_eq!(f.dateline.agency.as_deref(), Some("新华社"));
        assert_eq!(f.names, ["毛鹏飞"]);
        assert_eq!(
            p("信报讯 5月8日至5月14日一周").unwrap().dateline.text,
            "信报讯"
        );
        let f = p("【今日商报报道】 （通讯员　吕中　记者　赵文）据统计").unwrap();
        assert_eq!(
            f.dateline.text,
            "【今日商报报道】 （通讯员　吕中　记者　赵文）"
        );
        assert_eq!(f.names, ["吕中", "赵文"]);
        let f = p("【据新华社北京5月6日电】记者从").unwrap();
        assert_eq!(f.dateline.text, "【据新华社北京5月6日电】");
        assert_eq!(f.dateline.agency.as_deref(), Some("新华社"));
        assert_eq!(f.dateline.place.as_deref(), Some("北京"));
        assert_eq!(p("新华社电 外交部").unwrap().dateline.text, "新华社电");
        let f = p("综合新华社电 记者６日上午").unwrap();
        assert_eq!(
            (f.dateline.text.as_str(), f.dateline.agency.as_deref()),
            ("综合新华社电", Some("新华社"))
        );
        let f = p("中国台湾网６月１５日消息　据台湾《中国时报》报道").unwrap();
        assert_eq!(f.dateline.agency.as_deref(), Some("中国台湾网"));
        let f = p("本报南京10月17日电  （尹晓宇、孙盘桧）“最近几年").unwrap();
        assert_eq!(f.dateline.reporters, ["尹晓宇", "孙盘桧"]);
        assert!(p("人民网友留言说，电").is_none());
        let f = p("环球网记者李亮报道，正在意大利度蜜月的").unwrap();
        assert_eq!(f.dateline.text, "环球网记者李亮报道");
        assert_eq!(f.dateline.reporters, ["李亮"]);
    }

    #[test]
    fn body_sentences_are_not_datelines() {
        assert!(p("本报记者李涛发自北京").is_none());
        assert!(p("新华社记者近日在北京电视台看到").is_none());
        assert!(p("一家刚刚成立两年的网络支付公司").is_none());
        assert!(p("据悉，讯息").is_none());
    }

    #[test]
    fn a_whole_closing_dateline() {
        assert!(is_whole("本报布鲁塞尔、巴黎2月14日电", Rules::builtin()));
        assert!(!is_whole("本报布鲁塞尔2月14日电 记者", Rules::builtin()));
    }
}
