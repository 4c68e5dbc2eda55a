//! EPUB 3 packaging of an article, or of a [`Collection`] of them: the XHTML writer's documents
//! byte for byte, a nav document ([`nav`]), an NCX ([`ncx`]) and the package document
//! ([`opf`]), in a deterministic OCF zip ([`ocf`]).
//!
//! Determinism: the identifier is a UUIDv5 of the content (never random); `dcterms:modified`
//! is `SOURCE_DATE_EPOCH` when set, else the content's date at midnight UTC, else the zip epoch
//! 1980-01-01T00:00:00Z — never the clock; entries are written in a fixed order.

pub mod nav;
pub mod ncx;
pub mod ocf;
pub mod opf;

use super::xhtml::{self, stylesheet, STYLESHEET_NAME};
use super::{iso8601, Artifact, Warned, Writer};
use crate::error::ArticleError;
use crate::model::{Article, Collection};
use crate::options::{EpubOptions, Format, XhtmlOptions};

/// The namespace for newsbind's content identifiers (a UUIDv5 of the project URL).
const NAMESPACE: uuid::Uuid = uuid::Uuid::from_bytes([
    0x6e, 0x65, 0x77, 0x73, 0x62, 0x69, 0x6e, 0x64, 0x8a, 0x1c, 0x4f, 0x2e, 0x9d, 0x3b, 0x5c, 0x71,
]);

/// `dcterms:modified` when neither `SOURCE_DATE_EPOCH` nor a content date is known.
pub const FALLBACK_MODIFIED: &str = "1980-01-01T00:00:00Z";

/// One content document of a book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// Manifest id.
    pub id: String,
    /// File name inside `EPUB/`.
    pub file: String,
    /// The XHTML writer's document.
    pub xhtml: String,
}

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TocItem {
    /// A link to a chapter: (label, file).
    Entry {
        /// The headline.
        label: String,
        /// The chapter's file name.
        file: String,
    },
    /// A heading (a page, 版) over links to its chapters.
    Group {
        /// E.g. `第2版`.
        label: String,
        /// (headline, file) of each chapter on it.
        entries: Vec<(String, String)>,
    },
}

/// Everything a book's package files say, decided once; `opf`, `nav` and `ncx` only render it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// `urn:uuid:…`.
    pub id: String,
    /// `dc:title`.
    pub title: String,
    /// `dc:language` and the documents' `lang`.
    pub language: String,
    /// One `dc:creator` each, in order, without duplicates.
    pub creators: Vec<String>,
    /// `dc:date` (ISO `YYYY-MM-DD`), if known and well formed.
    pub date: Option<String>,
    /// `dc:source`: the source path.
    pub source: String,
    /// `dcterms:modified`.
    pub modified: String,
    /// Vertical writing: `page-progression-direction="rtl"` on the spine.
    pub vertical: bool,
    /// Whether the nav document is read as the first page (collections).
    pub nav_in_spine: bool,
    /// The content documents in reading order.
    pub chapters: Vec<Chapter>,
    /// The table of contents.
    pub toc: Vec<TocItem>,
}

/// Whether `s` is an ISO calendar date `YYYY-MM-DD` (what `dc:date` accepts here).
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..].parse::<u32>().unwrap_or(0))
}

/// Writes `<stem>.epub` per article, or one book per [`Collection`].
#[derive(Debug)]
pub struct EpubWriter {
    /// Options.
    pub opts: EpubOptions,
}

impl EpubWriter {
    fn xhtml_options(&self) -> XhtmlOptions {
        XhtmlOptions {
            language: self.opts.language.clone(),
            vertical: self.opts.vertical,
        }
    }

    fn modified(&self, date: Option<&str>) -> String {
        match (self.opts.epoch, date) {
            (Some(epoch), _) => iso8601(epoch),
            (None, Some(d)) => format!("{d}T00:00:00Z"),
            (None, None) => FALLBACK_MODIFIED.to_string(),
        }
    }

    fn identifier(&self, title: &str, chapters: &[Chapter]) -> String {
        let mut content = Vec::with_capacity(chapters.iter().map(|c| c.xhtml.len()).sum());
        content.extend_from_slice(title.as_bytes());
        for c in chapters {
            content.push(0);
            content.extend_from_slice(c.xhtml.as_bytes());
        }
        format!("urn:uuid:{}", uuid::Uuid::new_v5(&NAMESPACE, &content))
    }

    /// The package of a single article.
    pub fn article_package(&self, article: &Article) -> Package {
        let chapter = Chapter {
            id: "article".into(),
            file: "article.xhtml".into(),
            xhtml: xhtml::document(article, &self.xhtml_options(), STYLESHEET_NAME),
        };
        let date = article.date.clone().filter(|d| is_iso_date(d));
        Package {
            // A single article's identifier depends on its document only, as it always has.
            id: format!(
                "urn:uuid:{}",
                uuid::Uuid::new_v5(&NAMESPACE, chapter.xhtml.as_bytes())
            ),
            title: article.headline.clone(),
            language: self.opts.language.clone(),
            creators: dedup(article.bylines.iter()),
            modified: self.modified(date.as_deref()),
            date,
            source: article.source.clone(),
            vertical: self.opts.vertical,
            nav_in_spine: false,
            toc: vec![TocItem::Entry {
                label: article.headline.clone(),
                file: chapter.file.clone(),
            }],
            chapters: vec![chapter],
        }
    }

    /// The package of a collection: one chapter per article, the TOC grouped by page (版)
    /// when pages are known; articles without a page are listed after the pages.
    pub fn collection_package(&self, c: &Collection) -> Package {
        let xopts = self.xhtml_options();
        let width = c.entries.len().to_string().len().max(3);
        let chapters: Vec<Chapter> = c
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| Chapter {
                id: format!("a{:0width$}", i + 1),
                file: format!("a{:0width$}.xhtml", i + 1),
                xhtml: xhtml::document(&e.article, &xopts, STYLESHEET_NAME),
            })
            .collect();
        let mut toc: Vec<TocItem> = Vec::new();
        let mut loose = Vec::new();
        for (e, ch) in c.entries.iter().zip(&chapters) {
            let label = e.article.headline.clone();
            match e.page {
                Some(page) => {
                    let group_label = format!("第{page}版");
                    match toc.last_mut() {
                        Some(TocItem::Group { label: l, entries }) if *l == group_label => {
                            entries.push((label, ch.file.clone()));
                        }
                        _ => toc.push(TocItem::Group {
                            label: group_label,
                            entries: vec![(label, ch.file.clone())],
                        }),
                    }
                }
                None => loose.push(TocItem::Entry {
                    label,
                    file: ch.file.clone(),
                }),
            }
        }
        toc.extend(loose);
        let date = c.date.clone().filter(|d| is_iso_date(d));
        Package {
            id: self.identifier(&c.title, &chapters),
            title: c.title.clone(),
            language: self.opts.language.clone(),
            creators: dedup(c.entries.iter().flat_map(|e| e.article.bylines.iter())),
            modified: self.modified(date.as_deref()),
            date,
            source: c.source.clone(),
            vertical: self.opts.vertical,
            nav_in_spine: true,
            chapters,
            toc,
        }
    }

    /// Packs a package into the book's bytes.
    pub fn pack(&self, p: &Package) -> Result<Vec<u8>, ArticleError> {
        let package = opf::package(p);
        let nav = nav::nav(p);
        let ncx = ncx::ncx(p);
        let css = stylesheet(p.vertical);
        let names: Vec<String> = p
            .chapters
            .iter()
            .map(|c| format!("EPUB/{}", c.file))
            .collect();
        let mut entries: Vec<(&str, &[u8])> = vec![
            ("mimetype", ocf::MIMETYPE),
            ("META-INF/container.xml", ocf::CONTAINER.as_bytes()),
            ("EPUB/package.opf", package.as_bytes()),
            ("EPUB/nav.xhtml", nav.as_bytes()),
            ("EPUB/toc.ncx", ncx.as_bytes()),
            ("EPUB/newsbind.css", css.as_bytes()),
        ];
        for (name, c) in names.iter().zip(&p.chapters) {
            entries.push((name, c.xhtml.as_bytes()));
        }
        ocf::zip(&entries)
    }

    /// Builds a single article's book.
    pub fn book(&self, article: &Article) -> Result<Vec<u8>, ArticleError> {
        self.pack(&self.article_package(article))
    }

    /// Renders a collection as `<stem>.epub`.
    pub fn render_collection(
        &self,
        collection: &Collection,
        stem: &str,
    ) -> Result<Warned<Vec<Artifact>>, ArticleError> {
        Ok(Warned::clean(vec![Artifact {
            path: format!("{stem}.epub").into(),
            bytes: self.pack(&self.collection_package(collection))?,
        }]))
    }
}

/// The strings in order of first appearance, each once.
fn dedup<'a>(items: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in items {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

impl Writer for EpubWriter {
    fn format(&self) -> Format {
        Format::Epub
    }

    fn render(&self, article: &Article, stem: &str) -> Result<Warned<Vec<Artifact>>, ArticleError> {
        Ok(Warned::clean(vec![Artifact {
            path: format!("{stem}.epub").into(),
            bytes: self.book(article)?,
        }]))
    }
}
