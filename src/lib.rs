//! # newsbind
//!
//! Turns archives of Chinese article text (GBK/GB18030, Big5 or UTF-8) into EPUB 3 books, their
//! XHTML content documents, print-quality PDFs and JSON article models.
//!
//! ```text
//!             settings (defaults < config.yaml < CLI → Options)
//!                 │
//! paths ─ batch::discover ─ batch::plan ─┬─ read ───────────────── writer ─────────── output ─ report
//!  (Source)    (survey: bytes read       │  text::decode            xhtml · epub        (staged,
//!               and hashed once)         │  text::normalize         layout → pdf         atomic)
//!                                        │  structure → Article     json
//!                                        └─ batch::run (rayon, one source per task, panic guard)
//! ```
//!
//! Dependency direction (no cycles; checked by `scripts/check-layout.py`):
//! `model ← text ← structure ← read`; `model ← layout ← writer`; `fonts` feeds `writer` bytes;
//! `settings` builds each stage's options type; `batch → read, writer, output`;
//! `app → batch, settings`; `main → app`. Every stage between discovery and output is a pure
//! function over the model types; only `batch` runs work in parallel (on the pool
//! `batch::plan::pool` makes), only `output` writes the outputs, only `settings::config` knows YAML, only `writer::pdf` knows printpdf and lopdf, only
//! `fonts` opens font files. A problem with one article is data in the report, never a reason
//! to stop the batch. See `docs/architecture.md`.

pub mod app;
pub mod batch;
pub mod cli;
pub mod fonts;
pub mod layout;
pub mod model;
pub mod output;
pub mod read;
pub mod report;
pub mod settings;
pub mod structure;
pub mod text;
pub mod writer;
