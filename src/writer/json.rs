//! The `json` format: the article model, pretty-printed, with a final newline.

use super::Format;
use super::{Artifact, Warned, Writer};
use crate::model::diag::ArticleError;
use crate::model::Article;

/// Serialises the model. `inspect` prints exactly these bytes.
pub fn to_json(article: &Article) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(article).expect("the model always serialises");
    bytes.push(b'\n');
    bytes
}

/// Writes `<stem>.json`.
#[derive(Debug, Default)]
pub struct JsonWriter;

impl Writer for JsonWriter {
    fn format(&self) -> Format {
        Format::Json
    }

    fn render(&self, article: &Article, stem: &str) -> Result<Warned<Vec<Artifact>>, ArticleError> {
        Ok(Warned::clean(vec![Artifact {
            path: format!("{stem}.json").into(),
            bytes: to_json(article),
        }]))
    }
}
