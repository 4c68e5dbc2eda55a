//! EPUB 3 packaging of an article, or of a [`Collection`] of them: the XHTML writer's documents
//! byte for byte, a nav document ([`nav`]), an NCX ([`ncx`]) and the package document
//! ([`opf`]), in a deterministic OCF zip ([`ocf`]).
//!
//! Determinism: the identifier is a UUIDv5 of the content (never random); `dcterms:modified`
//! is `SOURCE_DATE_EPOCH` when set, else the content's date at midnight UTC, else the zip epoch
//! 1980-01-01T00:00:00Z — never the clock; entries are written in a fixed order.

pub mod font;
pub mod nav;
pub mod ncx;
pub mod ocf;
pub mod opf;

use super::css::region_rules;
use super::lang::{census, Language};
use super::xhtml::{self, stylesheet, STYLESHEET_NAME};
use super::Format;
use super::{iso8601, Artifact, Warned, Writer};
use crate::model::diag::ArticleError;
use crate::model::{Article, Collection};
use crate::text::cjk::is_iso_date;
use crate::text::lang::{LanguageChoice, Region};
use crate::text::script::Census;
use font::EmbedFont;
use std::sync::Arc;

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
    /// `dc:language` (the book's; each document has its own `lang`).
    pub language: String,
    /// The book's region: the embedded font's face.
    pub region: Region,
    /// The regions other than the mainland of its documents, whose font stacks the stylesheet
    /// carries.
    pub regions: Vec<Region>,
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
    /// Whether a subset font is embedded ([`font::FONT_FILE`]).
    pub font: bool,
}

/// Settings of the EPUB writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpubOptions {
    /// How `dc:language` and the content documents' `lang` are chosen.
    pub language: LanguageChoice,
    /// `dcterms:modified` (Unix seconds) from `SOURCE_DATE_EPOCH`; when unset a value derived
    /// from the article is used, never the clock.
    pub epoch: Option<i64>,
    /// Vertical writing (`writing-mode: vertical-rl`, spine `page-progression-direction="rtl"`).
    pub vertical: bool,
    /// One book per input folder instead of one per article.
    pub collection: bool,
    /// Embed a subset of the PDF body font (`pdf.body_font`) in each book.
    pub embed_font: bool,
}

/// Writes `<stem>.epub` per article, or one book per [`Collection`].
#[derive(Debug)]
pub struct EpubWriter {
    /// Options.
    pub opts: EpubOptions,
    /// The faces to embed a subset of, one per region the run may write, loaded once per run
    /// (`epub.embed_font`); a book takes its region's (else the first).
    pub fonts: Vec<(Region, Arc<EmbedFont>)>,
}

/// A book's stylesheet: the base rules, its regions' font stacks, and with `embedded` the
/// stacks again with the embedded subset before the generic families.
fn book_stylesheet(p: &Package, embedded: bool) -> String {
    let mut css = stylesheet(p.vertical, &p.regions);
    if embedded {
        css.push_str(font::FONT_RULES);
        for &r in &p.regions {
            css.push_str(&region_rules(r, Some(font::FONT_FAMILY)));
        }
    }
    css
}

/// The regions other than the mainland among `regions`, sorted, each once.
fn other_regions(regions: impl IntoIterator<Item = Region>) -> Vec<Region> {
    let mut out: Vec<Region> = regions
        .into_iter()
        .filter(|r| *r != Region::Mainland)
        .collect();
    out.sort();
    out.dedup();
    out
}

impl EpubWriter {
    fn font(&self, region: Region) -> Option<&EmbedFont> {
        self.fonts
            .iter()
            .find(|(r, _)| *r == region)
            .or_else(|| self.fonts.first())
            .map(|(_, f)| f.as_ref())
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
        let language = Language::of_article(&self.opts.language, article);
        let chapter = Chapter {
            id: "article".into(),
            file: "article.xhtml".into(),
            xhtml: xhtml::document(article, &language.tag, STYLESHEET_NAME),
        };
        let date = article.date.clone().filter(|d| is_iso_date(d));
        Package {
            // A single article's identifier depends on its document only, as it always has.
            id: format!(
                "urn:uuid:{}",
                uuid::Uuid::new_v5(&NAMESPACE, chapter.xhtml.as_bytes())
            ),
            title: article.headline.clone(),
            regions: other_regions([language.region]),
            region: language.region,
            language: language.tag,
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
            font: !self.fonts.is_empty(),
        }
    }

    /// The package of a collection: one chapter per article, the TOC grouped by page (版)
    /// when pages are known; articles without a page are listed after the pages.
    pub fn collection_package(&self, c: &Collection) -> Package {
        let width = c.entries.len().to_string().len().max(3);
        // One census per article: each chapter's language, and their sum the book's.
        let censuses: Vec<Census> = c.entries.iter().map(|e| census(&e.article)).collect();
        let languages: Vec<Language> = censuses
            .iter()
            .map(|n| Language::of(&self.opts.language, n))
            .collect();
        let chapters: Vec<Chapter> = c
            .entries
            .iter()
            .zip(&languages)
            .enumerate()
            .map(|(i, (e, lang))| Chapter {
                id: format!("a{:0width$}", i + 1),
                file: format!("a{:0width$}.xhtml", i + 1),
                xhtml: xhtml::document(&e.article, &lang.tag, STYLESHEET_NAME),
            })
            .collect();
        let mut all = Census::default();
        for n in &censuses {
            all.add(n);
        }
        let book = Language::of(&self.opts.language, &all);
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
            regions: other_regions(languages.iter().map(|l| l.region).chain([book.region])),
            region: book.region,
            language: book.tag,
            creators: dedup(c.entries.iter().flat_map(|e| e.article.bylines.iter())),
            modified: self.modified(date.as_deref()),
            date,
            source: c.source.clone(),
            vertical: self.opts.vertical,
            nav_in_spine: true,
            chapters,
            toc,
            font: !self.fonts.is_empty(),
        }
    }

    /// Packs a package into the book's bytes.
    pub fn pack(&self, p: &Package) -> Result<Vec<u8>, ArticleError> {
        let package = opf::package(p);
        let nav = nav::nav(p);
        let ncx = ncx::ncx(p);
        let embedded = self.font(p.region).filter(|_| p.font);
        let css = book_stylesheet(p, embedded.is_some());
        let font = match embedded {
            Some(f) => {
                let texts = p.chapters.iter().map(|c| c.xhtml.as_str());
                Some(f.subset(texts.chain([nav.as_str()]))?)
            }
            _ => None,
        };
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
        let font_name = format!("EPUB/{}", font::FONT_FILE);
        if let Some(bytes) = &font {
            entries.push((&font_name, bytes));
        }
        ocf::zip(&entries, &["META-INF/container.xml", "EPUB/newsbind.css"])
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, BlockKind, CollectionEntry, TitleSource};

    fn writer(epoch: Option<i64>, vertical: bool) -> EpubWriter {
        EpubWriter {
            opts: EpubOptions {
                language: LanguageChoice::Fixed("zh-CN".into()),
                epoch,
                vertical,
                collection: true,
                embed_font: false,
            },
            fonts: Vec::new(),
        }
    }

    fn article(headline: &str, bylines: &[&str], date: Option<&str>) -> Article {
        Article {
            source: format!("in/{headline}.txt"),
            encoding: "UTF-8".into(),
            kicker: None,
            headline: headline.into(),
            subtitle: None,
            dateline: None,
            bylines: bylines.iter().map(|b| b.to_string()).collect(),
            byline_lines: Vec::new(),
            site: None,
            publication: None,
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                text: format!("{headline}的正文。"),
            }],
            credits: Vec::new(),
            title_source: TitleSource::Text,
            date: date.map(str::to_string),
            page: None,
        }
    }

    fn issue() -> Collection {
        let entry = |page, number, headline: &str, bylines: &[&str]| CollectionEntry {
            page,
            number,
            article: article(headline, bylines, Some("2019-02-01")),
        };
        Collection {
            title: "20190201".into(),
            source: "rmrb/20190201".into(),
            date: Some("2019-02-01".into()),
            entries: vec![
                entry(Some(1), Some(1), "头版头条", &["记者 甲"]),
                entry(Some(1), Some(2), "头版二条", &["记者 乙", "记者 甲"]),
                entry(Some(9), Some(4), "九版四条", &[]),
                entry(None, None, "无版文章", &["记者 丙"]),
            ],
        }
    }

    #[test]
    fn each_chapter_of_a_mixed_book_has_its_articles_language_and_the_book_the_majoritys() {
        let mut w = writer(None, false);
        w.opts.language = LanguageChoice::default();
        let mut c = issue();
        c.entries[3].article = article("國會", &[], None);
        let p = w.collection_package(&c);
        let langs: Vec<&str> = p
            .chapters
            .iter()
            .map(|ch| {
                let at = ch.xhtml.find(" lang=\"").unwrap() + 7;
                &ch.xhtml[at..at + 5]
            })
            .collect();
        assert_eq!(langs, ["zh-CN", "zh-CN", "zh-CN", "zh-TW"]);
        assert_eq!((p.language.as_str(), p.region), ("zh-CN", Region::Mainland));
        assert_eq!(p.regions, [Region::Taiwan]);
        // The book's stylesheet carries the Taiwan stacks; a Simplified-only book's does not.
        assert!(book_stylesheet(&p, false).contains(":lang(zh-TW)"));
        let embedded = book_stylesheet(&p, true);
        assert!(embedded.contains("\"Noto Serif CJK TC\", \"Source Han Serif TC\", \"Songti TC\", \"PMingLiU\", \"newsbind embedded\""));
        let simplified = w.collection_package(&issue());
        assert!(!book_stylesheet(&simplified, true).contains(":lang("));
    }

    #[test]
    fn a_collection_toc_is_grouped_by_page_with_pageless_articles_last() {
        let p = writer(None, false).collection_package(&issue());
        let files: Vec<_> = p.chapters.iter().map(|c| c.file.as_str()).collect();
        assert_eq!(
            files,
            ["a001.xhtml", "a002.xhtml", "a003.xhtml", "a004.xhtml"]
        );
        assert_eq!(
            p.toc,
            vec![
                TocItem::Group {
                    label: "第1版".into(),
                    entries: vec![
                        ("头版头条".into(), "a001.xhtml".into()),
                        ("头版二条".into(), "a002.xhtml".into())
                    ],
                },
                TocItem::Group {
                    label: "第9版".into(),
                    entries: vec![("九版四条".into(), "a003.xhtml".into())],
                },
                TocItem::Entry {
                    label: "无版文章".into(),
                    file: "a004.xhtml".into()
                },
            ]
        );
        let nav = nav::nav(&p);
        assert!(nav.contains(
            "<li><span>第1版</span>\n<ol>\n  <li><a href=\"a001.xhtml\">头版头条</a></li>\n  <li><a href=\"a002.xhtml\">头版二条</a></li>\n</ol></li>"
        ), "{nav}");
        assert!(nav.contains("<a epub:type=\"toc\" href=\"nav.xhtml#toc\">"));
        assert!(nav.contains("<a epub:type=\"bodymatter\" href=\"a001.xhtml\">"));
    }

    #[test]
    fn ncx_points_to_one_document_share_their_play_order() {
        let ncx = ncx::ncx(&writer(None, false).collection_package(&issue()));
        // (id, playOrder, src) of every navPoint in document order: a page and its first
        // article open the same document, so they share a playOrder but not an id.
        let points: Vec<(String, String, String)> = ncx
            .split("<navPoint id=\"")
            .skip(1)
            .map(|p| {
                let id = p[..p.find('"').unwrap()].to_string();
                let order = p.split("playOrder=\"").nth(1).unwrap();
                let src = p.split("<content src=\"").nth(1).unwrap();
                (
                    id,
                    order[..order.find('"').unwrap()].to_string(),
                    src[..src.find('"').unwrap()].to_string(),
                )
            })
            .collect();
        let expected = [
            ("np1", "1", "a001.xhtml"),
            ("np2", "1", "a001.xhtml"),
            ("np3", "2", "a002.xhtml"),
            ("np4", "3", "a003.xhtml"),
            ("np5", "3", "a003.xhtml"),
            ("np6", "4", "a004.xhtml"),
        ];
        let points: Vec<(&str, &str, &str)> = points
            .iter()
            .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
            .collect();
        assert_eq!(points, expected);
        assert!(ncx.contains("<meta name=\"dtb:depth\" content=\"2\"/>"));
    }

    #[test]
    fn the_package_names_every_creator_once_and_dates_the_issue() {
        let opf = opf::package(&writer(None, false).collection_package(&issue()));
        for part in [
            "<dc:title id=\"title\">20190201</dc:title>",
            "<dc:language>zh-CN</dc:language>",
            "<dc:creator id=\"creator1\">记者 甲</dc:creator>",
            "<meta refines=\"#creator1\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
            "<dc:creator id=\"creator2\">记者 乙</dc:creator>",
            "<dc:creator id=\"creator3\">记者 丙</dc:creator>",
            "<dc:date>2019-02-01</dc:date>",
            "<dc:source>rmrb/20190201</dc:source>",
            "<meta property=\"dcterms:modified\">2019-02-01T00:00:00Z</meta>",
            "<spine toc=\"ncx\">\n    <itemref idref=\"nav\"/>\n    <itemref idref=\"a001\"/>",
        ] {
            assert!(opf.contains(part), "{part} missing in\n{opf}");
        }
        assert!(!opf.contains("creator4"));
    }

    #[test]
    fn modified_comes_from_source_date_epoch_else_the_date_else_the_zip_epoch() {
        let a = article("标题", &[], Some("2019-06-24"));
        let with_epoch = writer(Some(1_561_334_400 + 3_600), false).article_package(&a);
        assert_eq!(with_epoch.modified, "2019-06-24T01:00:00Z");
        assert_eq!(
            writer(None, false).article_package(&a).modified,
            "2019-06-24T00:00:00Z"
        );
        let undated = article("标题", &[], None);
        assert_eq!(
            writer(None, false).article_package(&undated).modified,
            FALLBACK_MODIFIED
        );
        // A date that is not ISO is neither dc:date nor the modification time.
        let odd = article("标题", &[], Some("2019年6月24日"));
        let p = writer(None, false).article_package(&odd);
        assert_eq!((p.date, p.modified.as_str()), (None, FALLBACK_MODIFIED));
    }

    #[test]
    fn vertical_books_progress_right_to_left() {
        let w = writer(None, true);
        let p = w.article_package(&article("标题", &[], None));
        assert!(opf::package(&p).contains("<spine toc=\"ncx\" page-progression-direction=\"rtl\">"));
        assert!(
            !opf::package(&writer(None, false).article_package(&article("标题", &[], None)))
                .contains("page-progression-direction")
        );
    }

    #[test]
    fn identifiers_are_uuid5_of_the_content_stable_and_content_sensitive() {
        let w = writer(None, false);
        let a = w.collection_package(&issue()).id;
        assert_eq!(a, w.collection_package(&issue()).id);
        assert!(
            a.starts_with("urn:uuid:") && a.as_bytes()[23] == b'5',
            "{a}"
        );
        let mut changed = issue();
        changed.entries[2].article.blocks[0].text.push('！');
        assert_ne!(a, w.collection_package(&changed).id);
        assert_eq!(
            w.book(&article("标题", &[], None)).unwrap(),
            w.book(&article("标题", &[], None)).unwrap()
        );
    }

    #[test]
    fn iso_dates_are_recognised_strictly() {
        assert!(is_iso_date("2019-02-01"));
        for bad in [
            "2019-2-01",
            "2019-13-01",
            "2019-02-00",
            "20190201",
            "２０１９-02-01",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}
