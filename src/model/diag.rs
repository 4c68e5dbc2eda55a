//! Diagnostics, split by blast radius: [`Warned`] values carry warnings (complete sentences,
//! counted in the report); an [`ArticleError`] belongs to one source (recorded in its outcome,
//! the batch goes on, exit 1 at the end); an [`Error`] is fatal and stops the run before work
//! starts (exit 2).
//!
//! Invariant: [`ErrorCode`] serialises to the stable strings of `report.json`
//! (`read`, `too_large`, `decode`, `render`, `font`, `write`, `internal`); add, never rename.

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

/// What kind of problem failed one source: the report's machine-readable `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The source could not be opened or read.
    Read,
    /// The source is larger than `max_input_bytes` (not read).
    TooLarge,
    /// The bytes are not valid in the detected or configured encoding.
    Decode,
    /// A writer could not render the article.
    Render,
    /// The PDF fonts could not be parsed.
    Font,
    /// The outputs could not be written or put in place.
    Write,
    /// A bug: a panic caught while converting this source.
    Internal,
}

impl ErrorCode {
    /// The code as `report.json` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Read => "read",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Decode => "decode",
            ErrorCode::Render => "render",
            ErrorCode::Font => "font",
            ErrorCode::Write => "write",
            ErrorCode::Internal => "internal",
        }
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why one source was not converted. Serialised into the report as `{"code", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct ArticleError {
    /// What kind of problem it is.
    pub code: ErrorCode,
    /// A human-readable message naming the file and, where it applies, the byte offset.
    pub message: String,
}

impl ArticleError {
    /// Builds an error with the given code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ArticleError {
            code,
            message: message.into(),
        }
    }
}

/// A value with the warnings produced while making it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warned<T> {
    /// The value.
    pub value: T,
    /// Warnings, each a complete sentence.
    pub warnings: Vec<String>,
}

impl<T> Warned<T> {
    /// A value without warnings.
    pub fn clean(value: T) -> Self {
        Warned {
            value,
            warnings: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_serialise_to_the_reports_strings() {
        let all = [
            (ErrorCode::Read, "read"),
            (ErrorCode::TooLarge, "too_large"),
            (ErrorCode::Decode, "decode"),
            (ErrorCode::Render, "render"),
            (ErrorCode::Font, "font"),
            (ErrorCode::Write, "write"),
            (ErrorCode::Internal, "internal"),
        ];
        for (code, text) in all {
            assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{text}\""));
            assert_eq!(code.as_str(), text);
        }
    }
}
