//! Metadata from a source's path — the one parser of People's Daily file names: dumps are
//! named `<YYYYMMDD>/<YYYYMMDD>-<page>-<n>.txt`, which gives the date, the print page (版) and
//! the article's number on its page. Pure; dates go through [`CivilDate`] and must fall in the
//! press era (1900–2099).

use crate::text::cjk::CivilDate;

/// What a path says about its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PathMeta {
    /// From a file name `20191002-12-01`, else from a file or folder name `20191002`.
    pub date: Option<CivilDate>,
    /// The page (版) of a file name `20191002-12-01`: 12.
    pub page: Option<u32>,
    /// The article's number on its page, from a file name `20191002-12-01`: 1.
    pub number: Option<u32>,
}

/// `YYYYMMDD`, when it is a real day of the press era.
pub fn name_date(s: &str) -> Option<CivilDate> {
    CivilDate::parse_compact(s).filter(|d| d.in_press_era())
}

/// The date, page and number a path gives (`/` or `\` separated; the extension is ignored).
pub fn metadata(path: &str) -> PathMeta {
    let mut parts = path.rsplit(['/', '\\']);
    let file = parts.next().unwrap_or("");
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let fields: Vec<&str> = stem.split(['-', '_']).collect();
    let small = |s: &&&str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(date) = fields.first().and_then(|f| name_date(f)) {
        let page = fields
            .get(1)
            .filter(small)
            .and_then(|p| p.parse().ok())
            .filter(|p| *p > 0);
        let number = fields
            .get(2)
            .filter(|_| fields.len() == 3)
            .filter(small)
            .and_then(|n| n.parse().ok());
        return PathMeta {
            date: Some(date),
            page,
            number,
        };
    }
    PathMeta {
        date: parts.next().and_then(name_date),
        ..PathMeta::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(m: PathMeta) -> (Option<String>, Option<u32>, Option<u32>) {
        (m.date.map(|d| d.to_string()), m.page, m.number)
    }

    #[test]
    fn people_s_daily_names_give_date_page_and_number() {
        assert_eq!(
            iso(metadata("corpus/20191002/20191002-12-01.txt")),
            (Some("2019-10-02".into()), Some(12), Some(1))
        );
        assert_eq!(
            iso(metadata("x/20191002/3.txt")),
            (Some("2019-10-02".into()), None, None)
        );
        assert_eq!(iso(metadata("C000008/10.txt")), (None, None, None));
        assert_eq!(
            iso(metadata("20191002-12.txt")),
            (Some("2019-10-02".into()), Some(12), None)
        );
        assert_eq!(
            iso(metadata("20191002.txt")),
            (Some("2019-10-02".into()), None, None)
        );
    }

    #[test]
    fn names_that_are_no_real_day_give_no_date() {
        assert_eq!(iso(metadata("20191399-01-01.txt")), (None, None, None));
        assert_eq!(iso(metadata("20190230-01-01.txt")), (None, None, None));
        assert_eq!(iso(metadata("18991231-01-01.txt")), (None, None, None));
    }
}
