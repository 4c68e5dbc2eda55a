//! Metadata from a source's path: People's Daily dumps are named
//! `<YYYYMMDD>/<YYYYMMDD>-<page>-<n>.txt`, which gives the date and the print page (版).

/// `YYYYMMDD` as ISO `YYYY-MM-DD`, when it is a plausible date.
fn iso_date(s: &str) -> Option<String> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (
        s[..4].parse().ok()?,
        s[4..6].parse().ok()?,
        s[6..].parse().ok()?,
    );
    ((1900..2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The date and page a path gives: from a file name `20191002-12-01` (date and page), else
/// from a file or folder name that is a date (`20191002`).
pub fn metadata(path: &str) -> (Option<String>, Option<u32>) {
    let mut parts = path.rsplit(['/', '\\']);
    let file = parts.next().unwrap_or("");
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let fields: Vec<&str> = stem.split(['-', '_']).collect();
    if let Some(date) = fields.first().and_then(|f| iso_date(f)) {
        let page = fields
            .get(1)
            .filter(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse().ok())
            .filter(|p| *p > 0);
        return (Some(date), page);
    }
    (parts.next().and_then(iso_date), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_s_daily_names_give_date_and_page() {
        assert_eq!(
            metadata("corpus/20191002/20191002-12-01.txt"),
            (Some("2019-10-02".into()), Some(12))
        );
        assert_eq!(
            metadata("x/20191002/3.txt"),
            (Some("2019-10-02".into()), None)
        );
        assert_eq!(metadata("C000008/10.txt"), (None, None));
        assert_eq!(metadata("20191399-01-01.txt"), (None, None));
    }
}
