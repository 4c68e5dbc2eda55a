//! newsbind's integration tests: one test binary (`cargo test --test cli`), one module per
//! concern, one `common` module of helpers. See `tests/README.md`.
//!
//! Everything but `corpus` is self-contained: it reads only the repository (`tests/fixtures/`,
//! with 90 real corpus articles in `tests/fixtures/corpus/`), so `make test` passes on a fresh
//! clone. The `corpus` module needs the whole corpus (`NEWSBIND_CORPUS`); its tests are
//! ignored unless asked for (`make test-corpus`).

mod common;

mod archival;
mod batch;
mod cases;
mod cli;
mod corpus;
mod decode;
mod epub;
mod oneoff;
mod panic_isolation;
mod pathological;
mod pdf;
mod properties;
mod script;
mod security;
mod structure;
