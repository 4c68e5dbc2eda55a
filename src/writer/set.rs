//! The one writer-set builder, for batch runs and one-off conversions alike: the run's
//! formats and writer options, with the run's [`Fonts`], become the writers of per-article
//! outputs ([`WriterSet::article_writers`]) and of per-folder books
//! ([`WriterSet::render_book`], `--collection`).
//!
//! Invariants: writers render in [`Format::ALL`] order, so outputs are listed the same way
//! whatever the order the formats were given in; the EPUB font to embed is wrapped when the
//! set is made (a font that cannot be embedded is fatal), the PDF fonts are parsed on first
//! use (about a second for the CJK faces, which an incremental rerun should not pay for
//! nothing), once per region (a run of Simplified articles never parses the Traditional
//! faces), and a parse failure fails each PDF with code `font`. Each article's PDF is set in
//! the faces of its language's region ([`Language`]); a book in the region of all its text.

use super::epub::font::EmbedFont;
use super::epub::EpubWriter;
use super::json::JsonWriter;
use super::lang::{collection_census, Language};
use super::pdf::{FontSet, PdfWriter};
use super::xhtml::XhtmlWriter;
use super::{Artifact, Format, Writer, WriterOptions};
use crate::fonts::RegionFonts;
use crate::model::diag::{ArticleError, Error, ErrorCode, Warned};
use crate::model::{Article, Collection};
use crate::text::lang::Region;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// The writers of one run.
pub struct WriterSet<'f> {
    opts: WriterOptions,
    epub: EpubWriter,
    xhtml: XhtmlWriter,
    pdf: LazyPdf<'f>,
}

impl<'f> WriterSet<'f> {
    /// The writers of `opts.formats`; `fonts` must hold what they need (see
    /// [`RegionFonts::locate`]).
    pub fn new(opts: &WriterOptions, fonts: &'f RegionFonts) -> Result<Self, Error> {
        let mut embed: Vec<(Region, Arc<EmbedFont>)> = Vec::new();
        if opts.epub.embed_font && opts.formats.contains(&Format::Epub) {
            // The regions' faces are faces of the same few files: each file is read once.
            let mut files: Vec<(PathBuf, Arc<[u8]>)> = Vec::new();
            for region in opts.epub.language.regions() {
                let Some(body) = fonts.get(region).and_then(|f| f.body.as_ref()) else {
                    continue;
                };
                let path = &body.location.path;
                let bytes = match files.iter().find(|(p, _)| p == path) {
                    Some((_, b)) => b.clone(),
                    None => {
                        let b: Arc<[u8]> = body.read()?.into();
                        files.push((path.clone(), b.clone()));
                        b
                    }
                };
                embed.push((
                    region,
                    Arc::new(EmbedFont::from_bytes(
                        bytes,
                        body.location.index as usize,
                        format!("{} (face {})", path.display(), body.location.index),
                    )?),
                ));
            }
        }
        Ok(WriterSet {
            epub: EpubWriter {
                opts: opts.epub.clone(),
                fonts: embed,
            },
            xhtml: XhtmlWriter {
                opts: opts.xhtml.clone(),
            },
            pdf: LazyPdf {
                opts: opts.pdf.clone(),
                fonts,
                parsed: Default::default(),
            },
            opts: opts.clone(),
        })
    }

    /// The writers of per-article outputs, in [`Format::ALL`] order. With `--collection`, EPUB
    /// and PDF are books per folder ([`WriterSet::render_book`]) and not among them.
    pub fn article_writers(&self) -> Vec<&(dyn Writer + 'f)> {
        let mut out: Vec<&(dyn Writer + 'f)> = Vec::new();
        for f in &self.opts.formats {
            match f {
                Format::Epub | Format::Pdf if self.opts.epub.collection => {}
                Format::Epub => out.push(&self.epub),
                Format::Xhtml => out.push(&self.xhtml),
                Format::Pdf => out.push(&self.pdf),
                Format::Json => out.push(&JsonWriter),
            }
        }
        out
    }

    /// Whether the run makes books of folders (`--collection` with EPUB or PDF).
    pub fn makes_books(&self) -> bool {
        self.opts.epub.collection
            && (self.opts.formats.contains(&Format::Epub)
                || self.opts.formats.contains(&Format::Pdf))
    }

    /// Renders one book in every book format asked for (EPUB, then PDF), in memory.
    pub fn render_book(
        &self,
        collection: &Collection,
        stem: &str,
    ) -> Result<Warned<Vec<Artifact>>, ArticleError> {
        let mut out = Warned::clean(Vec::new());
        if self.opts.formats.contains(&Format::Epub) {
            let r = self.epub.render_collection(collection, stem)?;
            out.value.extend(r.value);
            out.warnings.extend(r.warnings);
        }
        if self.opts.formats.contains(&Format::Pdf) {
            let lang = Language::of(&self.opts.pdf.language, &collection_census(collection));
            let r = self
                .pdf
                .writer(lang.region)?
                .collection_pdf_in(collection, &lang.tag)?;
            out.value.push(Artifact {
                path: format!("{stem}.pdf").into(),
                bytes: r.value,
            });
            out.warnings.extend(r.warnings);
        }
        Ok(out)
    }
}

/// The PDF writer with each region's fonts parsed on first use.
struct LazyPdf<'f> {
    opts: super::pdf::PdfOptions,
    fonts: &'f RegionFonts,
    /// One cell per [`Region::ALL`] entry.
    parsed: [OnceLock<Result<FontSet, String>>; 4],
}

impl LazyPdf<'_> {
    /// The PDF writer in `region`'s faces, parsing them on first use.
    fn writer(&self, region: Region) -> Result<PdfWriter<'_>, ArticleError> {
        let cell = Region::ALL.iter().position(|r| *r == region).unwrap_or(0);
        let fonts = self.parsed[cell]
            .get_or_init(|| {
                let files = self
                    .fonts
                    .get(region)
                    .ok_or_else(|| "no PDF fonts were located".to_string())?;
                FontSet::parse(files).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| ArticleError::new(ErrorCode::Font, e.clone()))?;
        Ok(PdfWriter {
            opts: self.opts.clone(),
            fonts,
        })
    }
}

impl Writer for LazyPdf<'_> {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(&self, article: &Article, stem: &str) -> Result<Warned<Vec<Artifact>>, ArticleError> {
        let lang = Language::of_article(&self.opts.language, article);
        let region = lang.region;
        let writer = self.writer(region)?;
        let pdf = writer.pdf_in(article, &lang.tag)?;
        let mut out = Warned {
            value: vec![Artifact {
                path: format!("{stem}.pdf").into(),
                bytes: pdf.value,
            }],
            warnings: pdf.warnings,
        };
        if writer.fonts.region != region {
            out.warnings.push(format!(
                "PDF: the {} faces ({}) are not installed; set in {}",
                region.suffix(),
                self.opts.faces(region).body.describe(),
                writer.fonts.body.name
            ));
        }
        Ok(out)
    }
}
