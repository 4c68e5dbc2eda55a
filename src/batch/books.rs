//! Collections (`--collection`): articles → one [`Collection`] per input folder that directly
//! holds them ([`group`], pure), and the books of a run written after its articles
//! ([`write`]).
//!
//! Invariants:
//! - a book is named after its folder and sits where the folder would: the articles of
//!   `<in>/2019/20190201/*.txt` (output stems `2019/20190201/…`) make `2019/20190201.epub`;
//!   articles directly in an input folder `<in>` make `<name of in>.epub` at the output root;
//! - inside a book, articles are ordered by page (版), then article number, then file name;
//!   articles whose page is unknown come after those with one. Page and number come from the
//!   article model when it has them, else from a People's Daily file name `YYYYMMDD-PP-NN`;
//! - books are returned sorted by output stem, so the result does not depend on input order.

use crate::batch::options::Options;
use crate::batch::plan::{Decision, Survey};
use crate::model::diag::{ArticleError, ErrorCode};
use crate::model::{Article, Collection, CollectionEntry, Source};
use crate::output::{self, Staging};
use crate::read::read_article;
use crate::structure::path;
use crate::writer::WriterSet;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::collections::HashSet;

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
        let parsed = path::metadata(&source.display);
        let page = article.page.or(parsed.page);
        let number = parsed.number;
        let date = article.date.clone().or(parsed.date.map(|d| d.to_string()));
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
            let date = path::name_date(&p.name)
                .map(|d| d.to_string())
                .or_else(|| common_date(&p.items));
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

/// What became of one book: the sources bound into it, and its outputs or why it failed.
pub(crate) struct Written {
    /// The member sources (as reported), in the book's order.
    pub sources: Vec<String>,
    /// The book's files (relative, `/`), or the error that stopped it.
    pub outputs: Result<Vec<String>, ArticleError>,
}

/// Binds each folder's articles into one book per format (one-article sources only: the records
/// of a multi-record file are left out of books). `converted[i]` is the article of
/// `survey.sources[i]` when it was converted in this run. A book is rebuilt when any of its
/// members was, from all its members — the articles converted now and the unchanged ones
/// (built from the bytes the survey read and kept), so no source is read twice — and an
/// incremental run never shrinks a book to the articles that changed. Every book is staged,
/// then all are committed together (one sync).
pub(crate) fn write(
    survey: &Survey,
    converted: &[Option<&Article>],
    opts: &Options,
    writers: &WriterSet<'_>,
) -> Vec<Written> {
    let members: Vec<(Source, Article)> = survey
        .sources
        .par_iter()
        .zip(converted.par_iter())
        .filter_map(|((s, d), now)| match (d, now) {
            (Decision::Unchanged(_, Some(input)), _)
                if !crate::read::container::is_multi(&input.bytes) =>
            {
                read_article(&input.bytes, s, &opts.read)
                    .ok()
                    .map(|w| (s.clone(), w.value))
            }
            (_, Some(article)) => Some((s.clone(), (*article).clone())),
            _ => None,
        })
        .collect();
    let fresh: HashSet<&str> = survey
        .sources
        .iter()
        .zip(converted)
        .filter(|(_, now)| now.is_some())
        .map(|((s, _), _)| s.display.as_str())
        .collect();
    let failed = |stem: &str, e: &std::io::Error| {
        ArticleError::new(
            ErrorCode::Write,
            format!("{stem}: writing the collection failed: {e}"),
        )
    };
    let staging = Staging::new(
        &opts.output,
        crate::batch::discover::scope(opts.batch.shard),
    );
    let mut results: Vec<(Book, Result<Vec<String>, ArticleError>)> = group(members)
        .into_par_iter()
        .filter(|book| book.sources.iter().any(|s| fresh.contains(s.as_str())))
        .map(|book| {
            let written = writers
                .render_book(&book.collection, &book.stem)
                .and_then(|r| {
                    staging
                        .stage(&book.stem, &r.value)
                        .map(|()| r.value.iter().map(output::name).collect())
                        .map_err(|e| failed(&book.stem, &e))
                });
            (book, written)
        })
        .collect();
    for (stem, e) in staging.commit() {
        for (book, written) in results.iter_mut().filter(|(b, _)| b.stem == stem) {
            *written = Err(failed(&book.stem, &e));
        }
    }
    results
        .into_iter()
        .map(|(book, outputs)| Written {
            sources: book.sources,
            outputs,
        })
        .collect()
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
            site: None,
            publication: None,
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
