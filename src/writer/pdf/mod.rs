//! Layout pages → PDF bytes. The only module that imports printpdf (and lopdf, its object
//! model, for the finishing touches printpdf lacks).
//!
//! Fonts are parsed once per run ([`FontSet::parse`], from the bytes `crate::fonts` read) and shared by all worker threads. Text is
//! emitted as glyph ids from our own char→glyph table with the character attached, so printpdf
//! subsets the font (embedded as a CID font with an `ABCDEF+` tag) and writes a ToUnicode map:
//! the PDF's text is searchable and `pdftotext` gives it back.
//!
//! Reproducibility: printpdf draws font ids and the trailer `/ID` from a process-wide counter,
//! so both are replaced by values derived from the content.

pub mod cidfont;
mod finish;
pub mod fonts;
mod options;
mod show;
mod tagged;

use self::cidfont::UsedGlyphs;
use self::finish::{
    add_xmp, compress, finish, fnv, pdf_a as pdf_a_parts, subset_tag, xmp, XmpFields,
};
pub use self::fonts::{FontSet, LoadedFont};
use self::fonts::{Slot, SLOTS};
pub use self::options::{Archival, PdfOptions, NEWSBIND_PDF_COMPRESSION};
use super::{Artifact, Format, Warned, Writer};
use crate::layout::{self, Geometry};
use crate::model::diag::{ArticleError, ErrorCode};
use crate::model::{Article, Collection};
use crate::writer::lang::{census, collection_census};
use printpdf::{FontId, Mm, Op, PdfDocument, PdfFont, PdfSaveOptions};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// How many of the characters no font has a warning names.
const MISSING_LISTED: usize = 20;

/// Writes `<stem>.pdf`.
pub struct PdfWriter<'f> {
    /// Options.
    pub opts: PdfOptions,
    /// The run's fonts.
    pub fonts: &'f FontSet,
}

/// What a PDF's metadata says, and the hash its ids derive from.
struct DocMeta<'a> {
    title: &'a str,
    authors: &'a [String],
    subject: &'a str,
    language: &'a str,
    hash: u64,
}

fn mm(points: f32) -> Mm {
    Mm(points * 25.4 / 72.0)
}

impl PdfWriter<'_> {
    /// The page geometry the layout uses.
    pub fn geometry(&self) -> Geometry {
        Geometry {
            width: self.opts.page_width,
            height: self.opts.page_height,
            margin: self.opts.margin,
            body_size: self.opts.body_size,
            headline_size: self.opts.headline_size,
            leading: self.opts.leading,
            kinsoku: self.opts.kinsoku,
            centred_punctuation: self.fonts.region.centred_punctuation(),
        }
    }

    /// Builds the PDF's bytes and the warnings (characters no font has).
    pub fn pdf(&self, article: &Article) -> Result<Warned<Vec<u8>>, ArticleError> {
        self.pdf_in(article, self.opts.language.tag(&census(article)))
    }

    /// [`PdfWriter::pdf`] with the language tag already chosen (the writer set chose it to
    /// pick the faces).
    pub fn pdf_in(
        &self,
        article: &Article,
        language: &str,
    ) -> Result<Warned<Vec<u8>>, ArticleError> {
        let pages = layout::layout(article, &self.geometry(), self.fonts);
        let json = serde_json::to_vec(article).unwrap_or_default();
        let meta = DocMeta {
            title: &article.headline,
            authors: &article.bylines,
            subject: &article.source,
            language,
            hash: fnv(&json),
        };
        self.document(&meta, &pages, &[], &[])
    }

    /// One PDF for a collection (`--collection`): every article starts on a new page, page
    /// numbers run on through the book, and the outline has one entry per article, titled with
    /// its page (版) when known: `第1版　headline`.
    pub fn collection_pdf(&self, collection: &Collection) -> Result<Warned<Vec<u8>>, ArticleError> {
        let language = self.opts.language.tag(&collection_census(collection));
        self.collection_pdf_in(collection, language)
    }

    /// [`PdfWriter::collection_pdf`] with the book's language tag already chosen.
    pub fn collection_pdf_in(
        &self,
        collection: &Collection,
        language: &str,
    ) -> Result<Warned<Vec<u8>>, ArticleError> {
        let geom = self.geometry();
        let mut pages = Vec::new();
        let mut outline = Vec::with_capacity(collection.entries.len());
        let mut arts = Vec::with_capacity(collection.entries.len());
        for entry in &collection.entries {
            let lang = self.opts.language.tag(&census(&entry.article)).to_string();
            arts.push((entry.article.headline.clone(), pages.len(), lang));
            let title = match entry.page {
                Some(p) => format!("第{p}版　{}", entry.article.headline),
                None => entry.article.headline.clone(),
            };
            outline.push((title, pages.len() + 1));
            pages.extend(layout::layout_from(
                &entry.article,
                &geom,
                self.fonts,
                pages.len() + 1,
            ));
        }
        let json = serde_json::to_vec(collection).unwrap_or_default();
        let mut authors: Vec<String> = Vec::new();
        for b in collection.entries.iter().flat_map(|e| &e.article.bylines) {
            if !authors.contains(b) {
                authors.push(b.clone());
            }
        }
        let meta = DocMeta {
            title: &collection.title,
            authors: &authors,
            subject: &collection.source,
            language,
            hash: fnv(&json),
        };
        self.document(&meta, &pages, &outline, &arts)
    }

    /// Laid-out pages → PDF bytes, with metadata, an outline of (title, 1-based page) and, for
    /// a collection, its articles as (headline, first page index, language) — each an `Art` of the
    /// structure tree ([`tagged`]).
    fn document(
        &self,
        meta: &DocMeta<'_>,
        pages: &[layout::Page],
        outline: &[(String, usize)],
        arts: &[(String, usize, String)],
    ) -> Result<Warned<Vec<u8>>, ArticleError> {
        let hash = meta.hash;
        let ids = [
            FontId(subset_tag(hash)),
            FontId(subset_tag(hash.rotate_left(29) ^ 0x9e37_79b9)),
            FontId(subset_tag(hash.rotate_left(43) ^ 0x85eb_ca6b)),
        ];
        let font_id = |slot: Slot| ids[slot as usize].clone();

        let mut doc = PdfDocument::new(meta.title);
        let when = printpdf::OffsetDateTime::from_unix_timestamp(self.opts.epoch.unwrap_or(0))
            .map_err(|e| ArticleError::new(ErrorCode::Render, format!("PDF date: {e}")))?;
        let info = &mut doc.metadata.info;
        info.document_title = meta.title.to_string();
        info.author = meta.authors.join("、");
        info.creator = "newsbind".into();
        info.producer = format!("newsbind {}", env!("CARGO_PKG_VERSION"));
        info.subject = meta.subject.to_string();
        info.creation_date = when;
        info.modification_date = when;
        info.metadata_date = when;

        let mut missing = BTreeSet::new();
        let mut used: [UsedGlyphs; 3] = Default::default();
        let mut pdf_pages = Vec::with_capacity(pages.len());
        let mut marks: Vec<Vec<tagged::Mark>> = Vec::with_capacity(pages.len());
        let mut article = 0;
        for (p, page) in pages.iter().enumerate() {
            while arts.get(article + 1).is_some_and(|a| a.1 <= p) {
                article += 1;
            }
            let mut ops = vec![Op::StartTextSection];
            let mut tc = 0.0;
            let mut page_marks: Vec<tagged::Mark> = Vec::new();
            // The element whose marked-content sequence is open: one per run of its lines.
            let mut open: Option<u32> = None;
            for line in &page.lines {
                match line.element {
                    None => {
                        if open.take().is_some() {
                            ops.push(Op::EndMarkedContent);
                        }
                        ops.push(Op::BeginMarkedContent {
                            tag: "Artifact".into(),
                        });
                        self.emit_line(line, &mut ops, &mut used, &mut missing, &font_id, &mut tc);
                        ops.push(Op::EndMarkedContent);
                    }
                    Some(e) => {
                        if open != Some(e.id) {
                            if open.is_some() {
                                ops.push(Op::EndMarkedContent);
                            }
                            let mcid = page_marks.len() as i64;
                            ops.push(Op::BeginMarkedContentWithProperties {
                                tag: e.kind.name().into(),
                                properties: printpdf::DictItem::Dict {
                                    map: [("MCID".to_string(), printpdf::DictItem::Int(mcid))]
                                        .into(),
                                },
                            });
                            page_marks.push((article, e.id, e.kind));
                            open = Some(e.id);
                        }
                        self.emit_line(line, &mut ops, &mut used, &mut missing, &font_id, &mut tc);
                    }
                }
            }
            if open.is_some() {
                ops.push(Op::EndMarkedContent);
            }
            marks.push(page_marks);
            ops.push(Op::EndTextSection);
            pdf_pages.push(printpdf::PdfPage::new(
                mm(self.opts.page_width),
                mm(self.opts.page_height),
                ops,
            ));
        }
        for slot in SLOTS {
            let Some(font) = self.fonts.slot(slot) else {
                continue;
            };
            if font.cid.is_none() && !used[slot as usize].is_empty() {
                // The one per-document copy of a parsed face: printpdf owns its fonts.
                doc.resources
                    .fonts
                    .map
                    .insert(font_id(slot), PdfFont::new(font.parsed.clone()));
            }
        }
        doc.with_pages(pdf_pages);
        for (title, page) in outline {
            doc.add_bookmark(title, *page);
        }

        let mut warnings = Vec::new();
        let save = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        };
        let mut lo = doc.to_lopdf_document(&save, &mut warnings);
        for slot in SLOTS {
            let glyphs = &used[slot as usize];
            let Some(program) = self.fonts.slot(slot).and_then(|f| f.cid.as_ref()) else {
                continue;
            };
            if glyphs.is_empty() {
                continue;
            }
            let name = font_id(slot).0;
            program
                .embed(&mut lo, &name, glyphs)
                .and_then(|font| cidfont::register(&mut lo, &name, font))
                .map_err(|e| ArticleError::new(ErrorCode::Render, format!("PDF font: {e}")))?;
        }
        finish(&mut lo, meta.language, hash);
        // An article whose language differs from the book's says so on its `Art`.
        let titles: Vec<(String, Option<String>)> = arts
            .iter()
            .map(|(t, _, lang)| (t.clone(), (lang != meta.language).then(|| lang.clone())))
            .collect();
        tagged::add_structure(&mut lo, &marks, &titles);
        let pdf_a = self.opts.archival == Archival::PdfA1b;
        if pdf_a {
            pdf_a_parts(&mut lo);
            lo.version = "1.4".into();
        }
        add_xmp(
            &mut lo,
            &xmp(&XmpFields {
                title: meta.title,
                author: &meta.authors.join("、"),
                subject: meta.subject,
                language: meta.language,
                epoch: self.opts.epoch.unwrap_or(0),
                pdf_a,
            }),
        );
        compress(&mut lo, self.opts.compression);
        let mut bytes = Vec::new();
        lo.save_to(&mut bytes)
            .map_err(|e| ArticleError::new(ErrorCode::Render, format!("PDF serialisation: {e}")))?;

        let mut out = Warned::clean(bytes);
        if !missing.is_empty() {
            // Named up to a limit, so a file of unassigned or private-use characters gives a
            // readable warning, not one entry per distinct character.
            let mut list = String::new();
            for c in missing.iter().take(MISSING_LISTED) {
                let _ = write!(list, "{c} (U+{:04X}) ", *c as u32);
            }
            if missing.len() > MISSING_LISTED {
                let _ = write!(list, "and {} more", missing.len() - MISSING_LISTED);
            }
            out.warnings.push(format!(
                "PDF: no font has a glyph for {}; left blank",
                list.trim_end()
            ));
        }
        Ok(out)
    }
}

impl Writer for PdfWriter<'_> {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn render(&self, article: &Article, stem: &str) -> Result<Warned<Vec<Artifact>>, ArticleError> {
        let Warned { value, warnings } = self.pdf(article)?;
        Ok(Warned {
            value: vec![Artifact {
                path: format!("{stem}.pdf").into(),
                bytes: value,
            }],
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSpec;
    use crate::text::lang::LanguageChoice;
    use crate::writer::iso8601;
    use crate::writer::xhtml::escape as xml_escape;
    use lopdf::Object;
    use printpdf::ParsedFont;

    #[test]
    fn xmp_dates_are_utc_iso_8601() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn xmp_escapes_markup_in_titles() {
        assert_eq!(
            xml_escape("A&B <c> \"d\""),
            "A&amp;B &lt;c&gt; &quot;d&quot;"
        );
    }

    #[test]
    fn our_cmap_reader_agrees_with_printpdf_on_noto_cjk() {
        for (family, style) in [
            ("Noto Serif CJK SC", "Regular"),
            ("Noto Sans CJK SC", "Bold"),
        ] {
            let loc = crate::fonts::locate(&FontSpec::Family {
                family: family.into(),
                style: style.into(),
            })
            .expect("fonts-noto-cjk is installed (make test installs it)");
            let bytes = std::fs::read(&loc.path).unwrap();
            let ours = crate::fonts::bmp_cmap(&bytes, loc.index).unwrap();
            let parsed =
                ParsedFont::from_bytes(&bytes, loc.index as usize, &mut Vec::new()).unwrap();
            let probes = (0u32..0x10000)
                .step_by(97)
                .chain("中文，。“”《》——……AZaz09".chars().map(u32::from));
            for cp in probes {
                let theirs = parsed.lookup_glyph_index(cp).unwrap_or(0);
                assert_eq!(ours[cp as usize], theirs, "{family} U+{cp:04X}");
            }
            assert_ne!(ours['中' as usize], 0);
        }
    }

    #[test]
    fn characters_no_font_has_are_named_in_a_warning() {
        let opts = noto_options();
        let fonts = noto_fonts(&opts);
        let article = headline_and_paragraph("正文\u{E000}中\u{E001}文");
        let out = PdfWriter {
            opts,
            fonts: &fonts,
        }
        .pdf(&article)
        .unwrap();
        assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
        let w = &out.warnings[0];
        assert!(w.contains("U+E000") && w.contains("U+E001"), "{w}");
    }

    /// The PDF faces of `opts`, located, read and parsed as a run does.
    fn noto_fonts(opts: &PdfOptions) -> FontSet {
        let files = crate::fonts::Fonts::locate(
            &opts.body_font,
            &opts.heading_font,
            opts.fallback_font.as_ref(),
            true,
            false,
        )
        .expect("fonts-noto-cjk is installed (make test installs it)");
        FontSet::parse(&files).expect("Noto CJK parses")
    }

    /// An article of headline 标题 and one paragraph.
    fn headline_and_paragraph(text: &str) -> Article {
        serde_json::from_value(serde_json::json!({
            "source": "a.txt", "encoding": "UTF-8", "kicker": null, "headline": "标题",
            "subtitle": null, "dateline": null, "bylines": [],
            "blocks": [{"kind": "paragraph", "text": text}],
            "credits": [], "title_source": "text"
        }))
        .unwrap()
    }

    fn noto_options() -> PdfOptions {
        PdfOptions {
            page_width: 419.5,
            page_height: 595.3,
            margin: 45.4,
            body_size: 10.5,
            headline_size: 18.0,
            leading: 1.7,
            body_font: FontSpec::Family {
                family: "Noto Serif CJK SC".into(),
                style: "Regular".into(),
            },
            heading_font: FontSpec::Family {
                family: "Noto Sans CJK SC".into(),
                style: "Bold".into(),
            },
            fallback_font: None,
            language: LanguageChoice::Fixed("zh-CN".into()),
            regional_fonts: Vec::new(),
            archival: Archival::PdfA1b,
            epoch: None,
            kinsoku: crate::layout::Kinsoku::Basic,
            compression: 0,
        }
    }

    #[test]
    fn noto_cjk_is_embedded_as_a_cid_keyed_cff_subset_with_cid_codes() {
        let opts = noto_options();
        let fonts = noto_fonts(&opts);
        let (body, heading) = (
            fonts
                .body
                .cid
                .as_ref()
                .expect("Noto Serif CJK is CID-keyed"),
            fonts
                .heading
                .cid
                .as_ref()
                .expect("Noto Sans CJK is CID-keyed"),
        );
        let article = headline_and_paragraph("中文，English 2026。");
        let bytes = PdfWriter {
            opts,
            fonts: &fonts,
        }
        .pdf(&article)
        .unwrap()
        .value;
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let mut descendants = Vec::new();
        for object in doc.objects.values() {
            let Ok(font) = object.as_dict() else { continue };
            if font.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0") {
                continue;
            }
            let first = &font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0];
            let d = match first {
                Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
                other => other.as_dict().unwrap(),
            };
            assert_eq!(
                d.get(b"Subtype").unwrap().as_name().unwrap(),
                b"CIDFontType0"
            );
            descendants.push(d.clone());
        }
        assert_eq!(descendants.len(), 2, "one descendant font per face");
        for d in &descendants {
            assert_eq!(d.get(b"DW").unwrap().as_i64().unwrap(), 1000);
            // Han and full-width punctuation are one em wide: only Latin and digits are in /W.
            let w = d.get(b"W").unwrap().as_array().unwrap();
            let listed: usize = w
                .iter()
                .filter_map(|o| o.as_array().ok())
                .map(Vec::len)
                .sum();
            assert!(listed <= "English2026 ".len(), "{w:?}");
        }
        // The content stream shows each character by its CID; ToUnicode maps it back.
        let page = doc.page_iter().next().unwrap();
        let text = String::from_utf8_lossy(&doc.get_page_content(page)).to_string();
        for (program, font, c) in [(body, &fonts.body, '中'), (heading, &fonts.heading, '标')] {
            let gid = font.glyph(c).unwrap().0;
            let code = format!("<{:04x}>", program.code(gid)).to_uppercase();
            assert!(
                text.to_uppercase().contains(&code),
                "{c} as {code} in {text}"
            );
        }
    }

    #[test]
    fn subset_tags_are_six_capital_letters() {
        for h in [0u64, 1, u64::MAX, fnv(b"x")] {
            let t = subset_tag(h);
            assert!(
                t.len() == 6 && t.bytes().all(|b| b.is_ascii_uppercase()),
                "{t}"
            );
        }
    }
}
