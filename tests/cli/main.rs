//! newsbind's integration tests: one test binary (`cargo test --test cli`), one module per
//! concern, one `common` module of helpers. See `tests/README.md`.

mod common;

mod batch;
mod cli;
mod corpus;
mod epub;
mod oneoff;
mod panic_isolation;
mod pathological;
mod pdf;
mod properties;
mod security;
mod structure;
