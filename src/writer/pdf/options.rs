//! The PDF writer's settings: page geometry, type sizes, faces (per region) and language.

use crate::fonts::{FontSpec, RegionFaces};
use crate::text::lang::{LanguageChoice, Region};

/// Deflate level for PDF streams: measured in docs/performance.md.
pub const NEWSBIND_PDF_COMPRESSION: u32 = 6;

/// Settings of the PDF writer and its layout.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfOptions {
    /// Page width in points.
    pub page_width: f32,
    /// Page height in points.
    pub page_height: f32,
    /// Margin on every side in points.
    pub margin: f32,
    /// Body text size in points.
    pub body_size: f32,
    /// Headline size in points.
    pub headline_size: f32,
    /// Line height as a multiple of the text size.
    pub leading: f32,
    /// Body font.
    pub body_font: FontSpec,
    /// Headline font.
    pub heading_font: FontSpec,
    /// How the language tag of the document catalog and metadata is chosen; its region picks
    /// the faces (see `crate::writer::set`).
    pub language: LanguageChoice,
    /// Creation/modification time (Unix seconds) from `SOURCE_DATE_EPOCH`.
    pub epoch: Option<i64>,
    /// Deflate level (0–9) for the PDF's streams.
    pub compression: u32,
    /// Font for characters neither face has (`pdf.fallback_font`); none unless configured.
    pub fallback_font: Option<FontSpec>,
    /// Line-breaking prohibitions (`pdf.kinsoku`).
    pub kinsoku: crate::layout::Kinsoku,
    /// Faces configured for a region (`pdf.body_font.traditional`, …): region, body, heading.
    /// What is not configured is the configured face in the region's own forms
    /// ([`FontSpec::for_region`]).
    pub regional_fonts: Vec<(Region, Option<FontSpec>, Option<FontSpec>)>,
    /// The archival standard claimed (`pdf.archival`).
    pub archival: Archival,
}

/// The archival standard a PDF conforms to (`pdf.archival`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Archival {
    /// PDF/A-1b (ISO 19005-1, level B): PDF 1.4, fonts embedded with their CID sets, an sRGB
    /// output intent, `pdfaid` in the XMP packet, Info and XMP in agreement.
    #[default]
    PdfA1b,
    /// No claim: PDF 1.3, no output intent.
    None,
}

impl Archival {
    /// `pdf-a-1b` or `none`.
    pub fn parse(s: &str) -> Option<Archival> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pdf-a-1b" | "pdfa-1b" | "pdf/a-1b" => Some(Archival::PdfA1b),
            "none" => Some(Archival::None),
            _ => None,
        }
    }

    /// The configuration's word for it.
    pub fn name(self) -> &'static str {
        match self {
            Archival::PdfA1b => "pdf-a-1b",
            Archival::None => "none",
        }
    }
}

impl PdfOptions {
    /// The faces to locate for `region`.
    pub fn faces(&self, region: Region) -> RegionFaces {
        let configured = self.regional_fonts.iter().find(|(r, _, _)| *r == region);
        let pick = |i: Option<&Option<FontSpec>>, base: &FontSpec| {
            i.and_then(Option::clone)
                .unwrap_or_else(|| base.for_region(region))
        };
        RegionFaces {
            region,
            body: pick(configured.map(|c| &c.1), &self.body_font),
            heading: pick(configured.map(|c| &c.2), &self.heading_font),
            explicit: configured.is_some() || region == Region::Mainland,
        }
    }
}
