//! # newsbind
//!
//! Turns archives of Chinese article text (GBK/GB18030 or UTF-8) into EPUB 3 books, their
//! XHTML content documents, print-quality PDFs and JSON article models.
//!
//! ```text
//! paths ─ discover ─ decode ─ normalize ─ structure ─┬─ writer::xhtml ─ writer::epub ─┐
//!  (Source)          (Decoded)  (text)    (Article)  ├─ layout ─ writer::pdf ─────────┼─ output ─ report
//!                                                    └─ writer::json ─────────────────┘
//! ```
//!
//! Every stage between discovery and output is a pure function over the model types; only
//! `pipeline` runs work in parallel, only `output` writes files, only `config` knows YAML and
//! only `writer::pdf` knows printpdf. A problem with one article is data in the report, never a
//! reason to stop the batch.

pub mod cli;
pub mod collection;
pub mod config;
pub mod decode;
pub mod discover;
pub mod doctor;
pub mod error;
pub mod fonts;
pub mod layout;
pub mod lock;
pub mod manifest;
pub mod model;
pub mod normalize;
pub mod oneoff;
pub mod options;
pub mod output;
pub mod overrides;
pub mod pipeline;
pub mod progress;
pub mod records;
pub mod report;
pub mod signals;
pub mod structure;
pub mod writer;
