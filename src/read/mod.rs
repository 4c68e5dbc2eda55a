//! Reading one source — the one read path of batch runs, one-off conversions and `inspect`:
//! its bytes → decoded ([`crate::text::decode`]) → normalised ([`crate::text::normalize`]) →
//! structured ([`crate::structure`]) articles, with the overrides applied ([`overrides`]): one
//! article, or one per record of a container ([`container`]: SogouCA and crawler `<doc>`
//! records, RSS items, `【字段】` headers), its title and author fields given to the
//! structurer as the article's title block and byline.
//!
//! Invariants: pure (the bytes come from the caller, which read them once); the skip decision
//! (`structure::skip`) is taken here, once, on the finished article (after the record title
//! and the overrides); a decoding error fails the whole source with the byte offset.

pub mod container;
pub mod overrides;
pub mod sogou;

use crate::model::diag::{ArticleError, ErrorCode, Warned};
use crate::model::{Article, Source};
use crate::structure::explain::explain as explain_pieces;
use crate::structure::{skip::skip_reason, structure_parts, Parts, Rules, SourceMeta};
use crate::text::decode::{decode_with, DecodeOptions, Decoded, EncodingChoice};
use crate::text::normalize::{normalize_with, NormalizeOptions, Normalized};
use overrides::Overrides;

/// How sources become text: the encoding for each file, lossy mode, normalisation.
#[derive(Debug, Clone, Default)]
pub struct TextOptions {
    /// The encoding for files no rule matches (or for every file, when forced by the flag).
    pub encoding: EncodingChoice,
    /// `encoding_rules` from the config, in order: the first match wins. Empty when
    /// `--encoding` was given.
    pub rules: Vec<(globset::GlobMatcher, EncodingChoice)>,
    /// Replace malformed bytes instead of failing.
    pub lossy: bool,
    /// Normalisation steps.
    pub normalize: NormalizeOptions,
}

impl TextOptions {
    /// The decoding options for one source: the first rule whose glob matches the source path
    /// as reported or its path relative to the input folder, else the default.
    pub fn decode_for(&self, source: &Source) -> DecodeOptions {
        let relative = match source.path.extension() {
            Some(ext) => format!("{}.{}", source.stem, ext.to_string_lossy()),
            None => source.stem.clone(),
        };
        let choice = self
            .rules
            .iter()
            .find(|(glob, _)| glob.is_match(&source.display) || glob.is_match(&relative))
            .map_or(self.encoding, |(_, choice)| *choice);
        DecodeOptions {
            choice,
            lossy: self.lossy,
        }
    }
}

/// Everything the read path needs: how to decode and normalise, the structurer's conventions
/// and the overrides.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Decoding and normalisation.
    pub text: TextOptions,
    /// The structurer's publication conventions.
    pub rules: Rules,
    /// `--title`/`--author`/`--date`, applied to every article after structure.
    pub overrides: Overrides,
}

impl Default for ReadOptions {
    /// Automatic encoding, default normalisation, built-in rules, no overrides.
    fn default() -> Self {
        ReadOptions {
            text: TextOptions::default(),
            rules: Rules::builtin().clone(),
            overrides: Overrides::default(),
        }
    }
}

impl ReadOptions {
    /// The default options with one encoding choice for every file.
    pub fn with_encoding(choice: EncodingChoice) -> Self {
        let mut o = ReadOptions::default();
        o.text.encoding = choice;
        o
    }
}

/// One article a source gave (a one-article file gives one; a SogouCA file one per record).
#[derive(Debug)]
pub struct Piece {
    /// The source as reports name it: the file, or a record `display#docno`, output stem
    /// `stem/docno`.
    pub source: Source,
    /// The encoding the source was decoded from.
    pub encoding: &'static str,
    /// The article with the warnings made while reading it; `None` when a record holds no
    /// article at all (then `skip` says why).
    pub article: Option<Warned<Article>>,
    /// Why this is not an article, when it is not.
    pub skip: Option<String>,
}

/// Reads one source: one [`Piece`] per article, in file order. A decoding error fails it all.
pub fn read_source(
    bytes: &[u8],
    source: &Source,
    opts: &ReadOptions,
) -> Result<Vec<Piece>, ArticleError> {
    let decoded = decode(bytes, source, opts)?;
    let Some(records) = container::split(bytes, &decoded.text) else {
        let article = from_text(&decoded.text, source, decoded.encoding, opts);
        let skip = skip_reason(&article.value, &opts.rules);
        return Ok(vec![Piece {
            source: source.clone(),
            encoding: decoded.encoding,
            article: Some(with_notes(&decoded, article)),
            skip,
        }]);
    };
    Ok(records
        .into_iter()
        .map(|record| {
            let rsource = match &record.name {
                Some(name) => Source {
                    path: source.path.clone(),
                    display: format!("{}#{name}", source.display),
                    stem: format!("{}/{name}", source.stem),
                },
                None => source.clone(),
            };
            if let Some(reason) = record.skip.clone() {
                return Piece {
                    source: rsource,
                    encoding: decoded.encoding,
                    article: None,
                    skip: Some(reason),
                };
            }
            let article = from_record(&record, &rsource, decoded.encoding, opts);
            let skip = skip_reason(&article.value, &opts.rules);
            Piece {
                source: rsource,
                encoding: decoded.encoding,
                article: Some(with_notes(&decoded, article)),
                skip,
            }
        })
        .collect())
}

/// Reads a source that holds one article, whatever the skip decision: for `inspect`,
/// one-off conversions and benchmarks. A multi-article file is read as plain text.
pub fn read_article(
    bytes: &[u8],
    source: &Source,
    opts: &ReadOptions,
) -> Result<Warned<Article>, ArticleError> {
    let decoded = decode(bytes, source, opts)?;
    let article = match container::split(bytes, &decoded.text) {
        Some(records) if records.len() == 1 => {
            from_record(&records[0], source, decoded.encoding, opts)
        }
        _ => from_text(&decoded.text, source, decoded.encoding, opts),
    };
    Ok(with_notes(&decoded, article))
}

/// `inspect --explain`: the source read as [`read_article`] does (without the overrides),
/// each line with the role of each piece of it and the rule that decided, and the skip
/// decision.
pub fn explain(bytes: &[u8], source: &Source, opts: &ReadOptions) -> Result<String, ArticleError> {
    let decoded = decode(bytes, source, opts)?;
    let meta = meta(source, decoded.encoding);
    let record = match container::split(bytes, &decoded.text) {
        Some(mut records) if records.len() == 1 => records.remove(0),
        _ => container::Record {
            content: decoded.text.clone(),
            ..container::Record::default()
        },
    };
    let texts = RecordTexts::of(&record, &opts.text.normalize);
    let s = structure_parts(texts.parts(), &meta, &opts.rules);
    let skip = skip_reason(&s.article, &opts.rules);
    let mut out = String::new();
    if !record.note.is_empty() {
        out.push_str(&format!("container: {}\n", record.note));
    }
    out.push_str(&explain_pieces(&texts.body.text, &s, skip.as_deref()));
    Ok(out)
}

fn decode(bytes: &[u8], source: &Source, opts: &ReadOptions) -> Result<Decoded, ArticleError> {
    decode_with(bytes, opts.text.decode_for(source))
        .map_err(|e| ArticleError::new(ErrorCode::Decode, format!("{}: {e}", source.display)))
}

fn meta(source: &Source, encoding: &str) -> SourceMeta {
    SourceMeta {
        source: source.display.clone(),
        stem: source.file_stem(),
        encoding: encoding.to_string(),
    }
}

/// Normalises and structures decoded text, then applies the overrides.
fn from_text(text: &str, source: &Source, encoding: &str, opts: &ReadOptions) -> Warned<Article> {
    let normalized = normalize_with(text, &opts.text.normalize);
    let article = structure_parts(
        Parts {
            body: &normalized.text,
            ..Parts::default()
        },
        &meta(source, encoding),
        &opts.rules,
    )
    .article;
    Warned {
        value: opts.overrides.apply(article),
        warnings: normalized.notes,
    }
}

/// A record's title, author and body, each normalised: what the structurer reads of it.
struct RecordTexts {
    title: Normalized,
    author: Normalized,
    body: Normalized,
    decks: bool,
}

impl RecordTexts {
    fn of(record: &container::Record, n: &NormalizeOptions) -> RecordTexts {
        RecordTexts {
            title: normalize_with(&record.title, n),
            author: normalize_with(&record.author, n),
            body: normalize_with(&record.content, n),
            decks: record.title_decks,
        }
    }

    fn parts(&self) -> Parts<'_> {
        Parts {
            title: &self.title.text,
            author: &self.author.text,
            title_decks: self.decks,
            body: &self.body.text,
        }
    }
}

/// Normalises and structures a container's record: its title block, author field and body,
/// with the fields' date, page and publication; then applies the overrides.
fn from_record(
    record: &container::Record,
    source: &Source,
    encoding: &str,
    opts: &ReadOptions,
) -> Warned<Article> {
    let texts = RecordTexts::of(record, &opts.text.normalize);
    let mut article = structure_parts(texts.parts(), &meta(source, encoding), &opts.rules).article;
    let RecordTexts {
        title,
        author,
        body,
        ..
    } = texts;
    article.date = article.date.or(record.date.clone());
    article.page = article.page.or(record.page);
    article.publication.clone_from(&record.publication);
    let mut warnings = vec![record.note.clone()];
    warnings.extend(title.notes.iter().map(|n| format!("title: {n}")));
    warnings.extend(author.notes.iter().map(|n| format!("author: {n}")));
    warnings.extend(body.notes);
    Warned {
        value: opts.overrides.apply(article),
        warnings,
    }
}

/// The decoder's notes come first among an article's warnings.
fn with_notes(decoded: &Decoded, built: Warned<Article>) -> Warned<Article> {
    Warned {
        value: built.value,
        warnings: decoded
            .notes
            .iter()
            .cloned()
            .chain(built.warnings)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str) -> Source {
        Source {
            path: name.into(),
            display: name.into(),
            stem: name.trim_end_matches(".txt").into(),
        }
    }

    #[test]
    fn a_text_file_is_one_article_with_its_skip_decision() {
        let opts = ReadOptions::default();
        let pieces =
            read_source("标题\n\n　　正文。\n".as_bytes(), &source("a.txt"), &opts).unwrap();
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].article.as_ref().unwrap().value.headline, "标题");
        assert_eq!(pieces[0].skip, None);
        let empty = read_source(b"   \n", &source("b.txt"), &opts).unwrap();
        assert!(empty[0].skip.as_deref().unwrap().starts_with("empty"));
    }

    #[test]
    fn a_record_file_is_one_piece_per_record_named_after_its_docno() {
        let dat = "<doc>\n<docno>x1</docno>\n<contenttitle>题一</contenttitle>\n\
                   <content>正文一。</content>\n</doc>\n<doc>\n<docno>x2</docno>\n\
                   <contenttitle>题二</contenttitle>\n<content></content>\n</doc>\n";
        let pieces =
            read_source(dat.as_bytes(), &source("n.dat"), &ReadOptions::default()).unwrap();
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].source.display, "n.dat#x1");
        assert_eq!(pieces[0].source.stem, "n.dat/x1");
        assert_eq!(pieces[0].article.as_ref().unwrap().value.headline, "题一");
        assert!(pieces[1].article.is_none());
        assert!(pieces[1].skip.as_deref().unwrap().contains("no <content>"));
    }

    #[test]
    fn bytes_that_do_not_decode_fail_with_the_source_and_a_code() {
        let opts = ReadOptions::with_encoding(EncodingChoice::Utf8);
        let e = read_source(b"\xff\xfe\xfd", &source("bad.txt"), &opts).unwrap_err();
        assert_eq!(e.code, ErrorCode::Decode);
        assert!(e.message.starts_with("bad.txt: "), "{}", e.message);
    }
}
