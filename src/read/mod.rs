//! Reading one source: its bytes → decoded, normalised, structured articles (one, or one per
//! record of a SogouCA file, [`sogou`]). Pure.

pub mod sogou;
