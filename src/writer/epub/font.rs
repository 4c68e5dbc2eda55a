//! The optional embedded font (`epub.embed_font`): a subset of the CJK body font holding only
//! the glyphs one book uses, with a Unicode `cmap`, so that readers without Chinese fonts still
//! show the text. The stylesheet names it after the usual CJK families and before the generic
//! `serif`/`sans-serif`, so a reader that has a Chinese font keeps using it.
//!
//! The font file is read once per run (by `crate::fonts`) and wrapped here
//! ([`EmbedFont::from_bytes`]); subsetting
//! is pure and deterministic (same glyphs ⇒ same bytes). Limitation: a CFF font's subset keeps
//! no `GSUB`/`vmtx`, so vertical punctuation forms come from the reader's own fonts, if any.

use crate::model::diag::{ArticleError, Error, ErrorCode};
use allsorts::binary::read::ReadScope;
use allsorts::font::{Font, MatchingPresentation};
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use std::collections::BTreeSet;
use std::fmt;

/// Where the subset goes inside `EPUB/`.
pub const FONT_FILE: &str = "fonts/embedded.otf";

/// The family name the stylesheet gives the subset.
pub const FONT_FAMILY: &str = "newsbind embedded";

/// Rules appended to the stylesheet of a book that embeds the font.
pub const FONT_RULES: &str = r#"
/* Embedded subset of the body font, for readers without Chinese fonts. */
@font-face { font-family: "newsbind embedded"; src: url("fonts/embedded.otf") format("opentype"); }
html {
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "newsbind embedded", serif;
}
h1, h2, .kicker {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "newsbind embedded", sans-serif;
}
.dateline { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "newsbind embedded", sans-serif; }
"#;

/// A font file read into memory, ready to be subset for each book.
pub struct EmbedFont {
    bytes: std::sync::Arc<[u8]>,
    index: usize,
    /// The file it came from, for messages.
    pub source: String,
}

impl fmt::Debug for EmbedFont {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EmbedFont({} face {})", self.source, self.index)
    }
}

impl EmbedFont {
    /// Wraps font bytes (face `index` of a collection), checking that they parse.
    pub fn from_bytes(
        bytes: std::sync::Arc<[u8]>,
        index: usize,
        source: String,
    ) -> Result<Self, Error> {
        let font = EmbedFont {
            bytes,
            index,
            source,
        };
        font.subset(["。"])
            .map_err(|e| Error::Font(format!("{}: cannot embed: {}", font.source, e.message)))?;
        Ok(font)
    }

    /// The subset holding the glyphs of every character of `texts` (and `.notdef`).
    pub fn subset<'t>(
        &self,
        texts: impl IntoIterator<Item = &'t str>,
    ) -> Result<Vec<u8>, ArticleError> {
        let fail = |what: &str, e: &dyn fmt::Debug| {
            ArticleError::new(
                ErrorCode::Render,
                format!("embedding {}: {what}: {e:?}", self.source),
            )
        };
        let scope = ReadScope::new(&self.bytes);
        let data = scope
            .read::<FontData<'_>>()
            .map_err(|e| fail("not a font", &e))?;
        let provider = data
            .table_provider(self.index)
            .map_err(|e| fail("no such face", &e))?;
        let mut font = Font::new(provider).map_err(|e| fail("unreadable", &e))?;
        let mut glyphs = BTreeSet::from([0u16]);
        for text in texts {
            for c in text.chars() {
                let (g, _) = font.lookup_glyph_index(c, MatchingPresentation::NotRequired, None);
                glyphs.insert(g);
            }
        }
        let glyphs: Vec<u16> = glyphs.into_iter().collect();
        subset(
            &font.font_table_provider,
            &glyphs,
            &SubsetProfile::Minimal,
            CmapTarget::Unicode,
        )
        .map_err(|e| fail("subsetting failed", &e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Debian's fonts-noto-cjk (installed by `make test`); face 2 is Simplified Chinese.
    const NOTO: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

    fn noto() -> EmbedFont {
        let bytes = std::fs::read(NOTO).expect("fonts-noto-cjk must be installed (make test)");
        EmbedFont::from_bytes(bytes.into(), 2, NOTO.into()).unwrap()
    }

    #[test]
    fn the_subset_maps_exactly_the_used_characters_and_is_deterministic() {
        let font = noto();
        let sub = font.subset(["翰墨飘香", "年味渐浓"]).unwrap();
        assert_eq!(sub, font.subset(["翰墨飘香", "年味渐浓"]).unwrap());
        // A fixed ~65 KB (CFF subroutines, names) plus the outlines: far below the 20 MB face.
        assert!(sub.len() < 128 * 1024, "{} bytes", sub.len());
        let scope = ReadScope::new(&sub);
        let data = scope.read::<FontData<'_>>().unwrap();
        let mut parsed = Font::new(data.table_provider(0).unwrap()).unwrap();
        assert_eq!(
            parsed.num_glyphs(),
            9,
            ".notdef and the eight distinct characters"
        );
        for c in "翰墨飘香年味渐浓".chars() {
            let (g, _) = parsed.lookup_glyph_index(c, MatchingPresentation::NotRequired, None);
            assert_ne!(g, 0, "{c} lost");
        }
        let (g, _) = parsed.lookup_glyph_index('国', MatchingPresentation::NotRequired, None);
        assert_eq!(g, 0, "an unused character is not in the subset");
    }
}
