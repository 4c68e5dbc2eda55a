//! Errors, split by blast radius.
//!
//! [`Error`] is fatal: it stops the run before work starts (exit 2). [`ArticleError`] belongs to
//! one source: it is recorded in that source's outcome and the batch goes on (exit 1 at the end).

use serde::Serialize;
use std::path::PathBuf;

/// A problem that stops the whole run before any article is converted.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration file could not be read or parsed.
    #[error("config {path}: {message}")]
    Config {
        /// The config file.
        path: PathBuf,
        /// What is wrong, with line and column where known.
        message: String,
    },
    /// A command-line value is invalid.
    #[error("{0}")]
    Usage(String),
    /// An input path does not exist or cannot be read.
    #[error("input {path}: {message}")]
    Input {
        /// The path given.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The output root cannot be created or written.
    #[error("output {path}: {message}")]
    Output {
        /// The output root.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// No usable font for the PDF writer.
    #[error("font: {0}")]
    Font(String),
}

/// Why one source was not converted. Serialised into the report as `{"code", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct ArticleError {
    /// A stable machine-readable code: `read`, `decode`, `render`, `write`.
    pub code: &'static str,
    /// A human-readable message naming the file and, where it applies, the byte offset.
    pub message: String,
}

impl ArticleError {
    /// Builds an error with the given code and message.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        ArticleError {
            code,
            message: message.into(),
        }
    }
}
