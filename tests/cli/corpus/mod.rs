//! The corpus suite: specifications that need the whole corpus, not the 90 articles copied into
//! `tests/fixtures/corpus/`. Every test here is `#[ignore = "corpus suite: make test-corpus"]`,
//! so `make test` (and a plain `cargo test`) leaves them out, and reads the corpus from
//! `NEWSBIND_CORPUS` (default `../shared/corpus` beside the repository; `common::corpus()`),
//! failing with a message, never skipping, when it is missing.
//!
//! ```sh
//! make test-corpus                                   # or:
//! NEWSBIND_CORPUS=/path/to/corpus cargo test --release --test cli -- --ignored
//! ```

mod batch;
mod decode;
mod gold;
mod pdf;
mod script;
mod structure;
