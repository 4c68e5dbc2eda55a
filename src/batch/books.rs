//! Collections: articles → one [`Collection`] per input folder that directly holds them.
//!
//! Pure: it reads no files, only the sources' paths and the articles. Invariants:
//! - a book is named after its folder and sits where the folder would: the articles of
//!   `<in>/2019/20190201/*.txt` (output stems `2019/20190201/…`) make `2019/20190201.epub`;
//!   articles directly in an input folder `<in>` make `<name of in>.epub` at the output root;
//! - inside a book, articles are ordered by page (版), then article number, then file name;
//!   articles whose page is unknown come after those with one. Page and number come from the
//!   article model when it has them, else from a People's Daily file name `YYYYMMDD-PP-NN`;
//! - books are returned sorted by output stem, so the result does not depend on input order.

use crate::batch::discover::Source;
use crate::model::{Article, Collection, CollectionEntry};
use std::collections::BTreeMap;

/// One book to write: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    /// Output path relative to the output root, without extension (`2019/20190201`).
    pub stem: String,
    /// The sources bound into it, in the book's reading order (for the report).
    pub sources: Vec<String>,
    /// The book's content.
    pub collection: Collection,
}

/// The parts of a People's Daily file name `YYYYMMDD-PP-NN`: (ISO date, page, number).
pub fn parse_rmrb_stem(stem: &str) -> Option<(String, u32, u32)> {
    let mut parts = stem.split('-');
    let (date, page, number) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(page) || !digits(number) {
        return None;
    }
    Some((iso_date(date)?, page.parse().ok()?, number.parse().ok()?))
}

/// `YYYYMMDD` → `YYYY-MM-DD` when it is a plausible calendar date.
pub fn iso_date(s: &str) -> Option<String> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, m, d) = (&s[..4], &s[4..6], &s[6..]);
    let (month, day): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| format!("{y}-{m}-{d}"))
}

/// Where a source's book goes and what it is called: (book stem, folder name, folder path).
fn book_of(source: &Source) -> (String, String, String) {
    let folder_display = match source.display.rfind('/') {
        Some(i) => source.display[..i].to_string(),
        None => ".".to_string(),
    };
    match source.stem.rfind('/') {
        Some(i) => {
            let dir = &source.stem[..i];
            let name = dir.rsplit('/').next().unwrap_or(dir).to_string();
            (dir.to_string(), name, folder_display)
        }
        None => {
            let name = source
                .path
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "articles".to_string());
            (name.clone(), name, folder_display)
        }
    }
}

/// Groups converted articles into books, one per folder. `members` pairs each source with its
/// article; sources that were skipped or failed are simply not passed in.
pub fn group(members: Vec<(Source, Article)>) -> Vec<Book> {
    struct Pending {
        name: String,
        folder: String,
        items: Vec<(Source, CollectionEntry, Option<String>)>,
    }
    let mut books: BTreeMap<String, Pending> = BTreeMap::new();
    for (source, article) in members {
        let (stem, name, folder) = book_of(&source);
        let parsed = parse_rmrb_stem(&source.file_stem());
        let page = article.page.or(parsed.as_ref().map(|p| p.1));
        let number = parsed.as_ref().map(|p| p.2);
        let date = article.date.clone().or(parsed.map(|p| p.0));
        books
            .entry(stem)
            .or_insert_with(|| Pending {
                name,
                folder,
                items: Vec::new(),
            })
            .items
            .push((
                source,
                CollectionEntry {
                    page,
                    number,
                    article,
                },
                date,
            ));
    }
    books
        .into_iter()
        .map(|(stem, mut p)| {
            p.items.sort_by(|(sa, a, _), (sb, b, _)| {
                let key =
                    |e: &CollectionEntry| (e.page.is_none(), e.page, e.number.is_none(), e.number);
                key(a).cmp(&key(b)).then_with(|| sa.stem.cmp(&sb.stem))
            });
            let date = iso_date(&p.name).or_else(|| common_date(&p.items));
            Book {
                stem,
                sources: p.items.iter().map(|(s, _, _)| s.display.clone()).collect(),
                collection: Collection {
                    title: p.name,
                    source: p.folder,
                    date,
                    entries: p.items.into_iter().map(|(_, e, _)| e).collect(),
                },
            }
        })
        .collect()
}

/// The date every article shares, if they share one.
fn common_date(items: &[(Source, CollectionEntry, Option<String>)]) -> Option<String> {
    let first = items.first()?.2.clone()?;
    items
        .iter()
        .all(|(_, _, d)| d.as_deref() == Some(first.as_str()))
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, BlockKind, TitleSource};
    use std::path::PathBuf;

    fn source(root: &str, rel: &str) -> Source {
        Source {
            path: PathBuf::from(format!("{root}/{rel}.txt")),
            display: format!("{root}/{rel}.txt"),
            stem: rel.to_string(),
        }
    }

    fn article(headline: &str, page: Option<u32>) -> Article {
        Article {
            source: String::new(),
            encoding: "UTF-8".into(),
            kicker: None,
            headline: headline.into(),
            subtitle: None,
            dateline: None,
            bylines: Vec::new(),
            byline_lines: Vec::new(),
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                text: "正文".into(),
            }],
            credits: Vec::new(),
            title_source: TitleSource::Text,
            date: None,
            page,
        }
    }

    fn headlines(book: &Book) -> Vec<&str> {
        book.collection
            .entries
            .iter()
            .map(|e| e.article.headline.as_str())
            .collect()
    }

    #[test]
    fn peoples_daily_file_names_give_date_page_and_number() {
        assert_eq!(
            parse_rmrb_stem("20190201-09-04"),
            Some(("2019-02-01".into(), 9, 4))
        );
        assert_eq!(parse_rmrb_stem("C000008-10"), None);
        assert_eq!(parse_rmrb_stem("20191301-01-01"), None);
        assert_eq!(parse_rmrb_stem("20190201-01-01-x"), None);
    }

    #[test]
    fn one_book_per_folder_named_after_it_and_placed_where_the_folder_would_be() {
        let books = group(vec![
            (
                source("in", "2019/20190202/20190202-01-01"),
                article("乙", None),
            ),
            (
                source("in", "2019/20190201/20190201-01-01"),
                article("甲", None),
            ),
            (source("in", "top"), article("丙", None)),
        ]);
        let stems: Vec<_> = books.iter().map(|b| b.stem.as_str()).collect();
        assert_eq!(stems, ["2019/20190201", "2019/20190202", "in"]);
        assert_eq!(books[0].collection.title, "20190201");
        assert_eq!(books[0].collection.source, "in/2019/20190201");
        assert_eq!(books[0].collection.date.as_deref(), Some("2019-02-01"));
        assert_eq!(books[2].collection.title, "in");
        assert_eq!(books[2].collection.date, None);
    }

    #[test]
    fn articles_are_ordered_by_page_then_number_numerically_unknown_pages_last() {
        let books = group(vec![
            (source("d", "day/zz-unnumbered"), article("无版", None)),
            (source("d", "day/20190201-10-02"), article("十版二", None)),
            (source("d", "day/20190201-02-11"), article("二版十一", None)),
            (source("d", "day/20190201-02-3"), article("二版三", None)),
            (
                source("d", "day/aa-model-page"),
                article("模型一版", Some(1)),
            ),
        ]);
        assert_eq!(books.len(), 1);
        assert_eq!(
            headlines(&books[0]),
            ["模型一版", "二版三", "二版十一", "十版二", "无版"]
        );
        let pages: Vec<_> = books[0].collection.entries.iter().map(|e| e.page).collect();
        assert_eq!(pages, [Some(1), Some(2), Some(2), Some(10), None]);
        assert_eq!(books[0].sources[0], "d/day/aa-model-page.txt");
    }
}
