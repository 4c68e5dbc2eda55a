//! Character and date helpers that every stage after decoding shares: what a Han character
//! is, full-width digits, brackets, and the one calendar-date type ([`CivilDate`]).
//!
//! Invariants: pure and allocation-free except where a `String` is returned; one definition
//! of each notion (the structurer, the layout and the writers all ask here).

use std::fmt;

/// Whether a character is a Han ideograph: the CJK Unified Ideographs blocks (with extension
/// A and the supplementary planes), the compatibility ideographs, and `〇` (U+3007, the
/// ideographic zero of dates such as 二〇一九年).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF | 0x3007)
}

/// The slashes Chinese text writes between a role, a name and a place (`文／某某`,
/// `記者某某╱台北報導`): the full-width solidus, the box-drawing diagonal Taiwanese sites use,
/// the division slash that Big5 `A2 41` decodes to (WHATWG and cp950 map it to U+2215, the
/// Unicode Consortium's table to U+FF0F), and ASCII.
pub const SLASHES: [char; 4] = ['／', '╱', '∕', '/'];

/// Whether `c` is one of [`SLASHES`].
pub fn is_slash(c: char) -> bool {
    SLASHES.contains(&c)
}

/// Whether two characters are the same, the three wide slashes counting as one (each is three
/// bytes in UTF-8, so a match has the pattern's length).
fn same_folding_slashes(a: char, b: char) -> bool {
    a == b || (is_slash(a) && is_slash(b) && a != '/' && b != '/')
}

/// `s` after `prefix`, a wide slash of either matching any wide slash.
pub fn strip_prefix_folding_slashes<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut rest = s.chars();
    for p in prefix.chars() {
        if !same_folding_slashes(rest.next()?, p) {
            return None;
        }
    }
    Some(rest.as_str())
}

/// Whether a character is a digit, half-width (`0`–`9`) or full-width (`０`–`９`).
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Full-width digits become ASCII ones; everything else is kept.
pub fn half_width_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect()
}

/// A parenthesis at the start of `s` (`（…）` or `(…)`): its byte length and its inner text.
pub fn parenthesis(s: &str) -> Option<(usize, &str)> {
    let close = match s.chars().next()? {
        '（' => '）',
        '(' => ')',
        _ => return None,
    };
    let open_len = s.chars().next()?.len_utf8();
    let end = s[open_len..].find(close)? + open_len;
    Some((end + close.len_utf8(), &s[open_len..end]))
}

/// Where a date written in Chinese numerals (`九月十一日`, `一九九六年十月三日`) that ends `s`
/// starts, if one does.
pub fn words_date_start(s: &str) -> Option<usize> {
    const NUMERALS: &str = "〇零一二三四五六七八九十廿卅";
    let body = s.strip_suffix('日')?;
    let mut start = body.len();
    let mut saw_month = false;
    for (i, c) in body.char_indices().rev() {
        if NUMERALS.contains(c) || (c == '月' && !saw_month) || (c == '年' && saw_month) {
            saw_month |= c == '月';
            start = i;
        } else {
            break;
        }
    }
    let date = &s[start..];
    (saw_month && !date.starts_with(['月', '年']) && date.chars().count() >= 4).then_some(start)
}

/// A day of the proleptic Gregorian calendar with a four-digit year: the one date type of
/// newsbind. Every date that reaches an output (`dc:date`, the PDF's metadata, the JSON model)
/// went through [`CivilDate::new`], so `2019-02-30` cannot reach one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    year: u16,
    month: u8,
    day: u8,
}

impl CivilDate {
    /// The date, when it is a real day (leap years counted) of a year 1000–9999.
    pub fn new(year: u32, month: u32, day: u32) -> Option<CivilDate> {
        if !(1000..=9999).contains(&year) || !(1..=days_in_month(year, month)).contains(&day) {
            return None;
        }
        Some(CivilDate {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// `YYYY-MM-DD` (ISO 8601, the form outputs carry).
    pub fn parse_iso(s: &str) -> Option<CivilDate> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Self::from_digits(&s[0..4], &s[5..7], &s[8..10])
    }

    /// `YYYYMMDD` (file and folder names such as People's Daily's `20190201`).
    pub fn parse_compact(s: &str) -> Option<CivilDate> {
        if s.len() != 8 || !s.is_ascii() {
            return None;
        }
        Self::from_digits(&s[0..4], &s[4..6], &s[6..8])
    }

    fn from_digits(y: &str, m: &str, d: &str) -> Option<CivilDate> {
        let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit());
        if !(all_digits(y) && all_digits(m) && all_digits(d)) {
            return None;
        }
        Self::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// The year.
    pub fn year(self) -> u32 {
        u32::from(self.year)
    }

    /// Whether the year is one a date found in a newspaper's text or file names plausibly
    /// has (1900–2099): the recognisers' guard against numbers that only look like dates.
    pub fn in_press_era(self) -> bool {
        (1900..2100).contains(&self.year)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whether `s` is an ISO `YYYY-MM-DD` naming a real day.
pub fn is_iso_date(s: &str) -> bool {
    CivilDate::parse_iso(s).is_some()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_slashes_fold_into_one_and_ascii_stays_apart() {
        assert_eq!(
            strip_prefix_folding_slashes("文∕張國蓮", "文／"),
            Some("張國蓮")
        );
        assert_eq!(
            strip_prefix_folding_slashes("圖╱資料照", "圖／"),
            Some("資料照")
        );
        assert_eq!(strip_prefix_folding_slashes("文/張", "文／"), None);
        assert_eq!(strip_prefix_folding_slashes("文", "文／"), None);
    }

    #[test]
    fn han_covers_the_unified_and_compatibility_blocks_and_the_ideographic_zero() {
        for c in ['中', '㐀', '豈', '𠀀', '〇'] {
            assert!(is_han(c), "{c}");
        }
        for c in ['a', '1', '。', 'あ', '한', '　'] {
            assert!(!is_han(c), "{c}");
        }
    }

    #[test]
    fn full_width_digits_become_ascii() {
        assert_eq!(half_width_digits("２０１９年2月"), "2019年2月");
        assert!(is_digit('７') && is_digit('7') && !is_digit('七'));
    }

    #[test]
    fn a_leading_parenthesis_gives_its_length_and_inside() {
        assert_eq!(
            parenthesis("（记者 张三）正文"),
            Some(("（记者 张三）".len(), "记者 张三"))
        );
        assert_eq!(parenthesis("(a)b"), Some((3, "a")));
        assert_eq!(parenthesis("（未完"), None);
        assert_eq!(parenthesis("正文"), None);
    }

    #[test]
    fn only_real_calendar_days_are_dates() {
        for good in [
            "2019-02-28",
            "2020-02-29",
            "2000-02-29",
            "1949-10-01",
            "2019-12-31",
        ] {
            assert!(is_iso_date(good), "{good}");
            assert_eq!(CivilDate::parse_iso(good).unwrap().to_string(), good);
        }
        for bad in [
            "2019-02-29",
            "1900-02-29",
            "2019-02-30",
            "2019-04-31",
            "2019-13-01",
            "2019-00-10",
            "2019-1-01",
            "19-01-01",
            "2019/01/01",
            "２０１９-01-01",
            "+019-01-01",
            "",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn compact_dates_are_people_s_daily_folder_names() {
        assert_eq!(
            CivilDate::parse_compact("20190201").map(|d| d.to_string()),
            Some("2019-02-01".into())
        );
        assert_eq!(CivilDate::parse_compact("20190230"), None);
        assert_eq!(CivilDate::parse_compact("2019020"), None);
        assert!(!CivilDate::new(1899, 1, 1).unwrap().in_press_era());
        assert!(CivilDate::new(2099, 12, 31).unwrap().in_press_era());
    }
}
