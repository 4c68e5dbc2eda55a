//! Specifications over the whole corpus (`../shared/corpus`).

mod decode;
mod structure;
mod structure_cli;
