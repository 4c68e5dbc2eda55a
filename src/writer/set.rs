//! The one writer-set builder, for batch runs and one-off conversions alike: the run's
//! formats and writer options, with the run's [`Fonts`], become the writers of per-article
//! outputs ([`WriterSet::article_writers`]) and of per-folder books
//! ([`WriterSet::render_book`], `--collection`).
//!
//! Invariants: writers render in [`Format::ALL`] order, so outputs are listed the same way
//! whatever the order the formats were given in; the EPUB font to embed is wrapped when the
//! set is made (a font that cannot be embedded is fatal), the PDF fonts are parsed on first
//! use (about a second for the CJK faces, which an incremental rerun should not pay for
//! nothing), once, and a parse failure fails each PDF with code `font`.

use super::epub::font::EmbedFont;
use super::epub::EpubWriter;
use super::json::JsonWriter;
use super::pdf::{FontSet, PdfWriter};
use super::xhtml::XhtmlWriter;
use super::{Artifact, Format, Writer, WriterOptions};
use crate::fonts::Fonts;
use crate::model::diag::{ArticleError, Error, ErrorCode, Warned};
use crate::model::{Article, Collection};
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
    /// [`Fonts::locate`]).
    pub fn new(opts: &WriterOptions, fonts: &'f Fonts) -> Result<Self, Error> {
        let embed = match (&fonts.body, opts.epub.embed_font) {
            (Some(body), true) if opts.formats.contains(&Format::Epub) => {
                Some(Arc::new(EmbedFont::from_bytes(
                    body.read()?,
                    body.location.index as usize,
                    body.location.path.display().to_string(),
                )?))
            }
            _ => None,
        };
        Ok(WriterSet {
            epub: EpubWriter {
                opts: opts.epub.clone(),
                font: embed,
            },
            xhtml: XhtmlWriter {
                opts: opts.xhtml.clone(),
            },
            pdf: LazyPdf {
                opts: opts.pdf.clone(),
                fonts,
                parsed: OnceLock::new(),
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
            let r = self.pdf.writer()?.collection_pdf(collection)?;
            out.value.push(Artifact {
                path: format!("{stem}.pdf").into(),
                bytes: r.value,
            });
            out.warnings.extend(r.warnings);
        }
        Ok(out)
    }
}

/// The PDF writer with its fonts parsed on first use.
struct LazyPdf<'f> {
    opts: super::pdf::PdfOptions,
    fonts: &'f Fonts,
    parsed: OnceLock<Result<FontSet, String>>,
}

impl LazyPdf<'_> {
    /// The PDF writer, parsing the fonts on first use.
    fn writer(&self) -> Result<PdfWriter<'_>, ArticleError> {
        let fonts = self
            .parsed
            .get_or_init(|| FontSet::parse(self.fonts).map_err(|e| e.to_string()))
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
        self.writer()?.render(article, stem)
    }
}
