//! Each output's language: the tag and [`Region`] of an article or a book, from the run's
//! [`LanguageChoice`] and the article's own characters ([`Census`]). Pure: the same article
//! and settings give the same tag, so outputs stay reproducible and locale-independent.

use crate::model::{Article, Collection};
use crate::text::lang::{LanguageChoice, Region};
use crate::text::script::Census;

/// The characters of everything a reader sees of an article.
pub fn census(article: &Article) -> Census {
    let mut c = Census::default();
    for text in [&article.kicker, &article.subtitle].into_iter().flatten() {
        c.count(text);
    }
    c.count(&article.headline);
    for text in article.body_text() {
        c.count(text);
    }
    for line in &article.byline_lines {
        c.count(&line.text);
    }
    for credit in &article.credits {
        c.count(&credit.text);
    }
    c
}

/// The characters of every article of a book.
pub fn collection_census(collection: &Collection) -> Census {
    let mut c = Census::default();
    for e in &collection.entries {
        c.add(&census(&e.article));
    }
    c
}

/// A language tag and its region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The BCP 47 tag written into the output (`zh-TW`).
    pub tag: String,
    /// Its writing conventions.
    pub region: Region,
}

impl Language {
    /// The language `choice` gives a text with these counts.
    pub fn of(choice: &LanguageChoice, census: &Census) -> Language {
        let tag = choice.tag(census).to_string();
        Language {
            region: Region::of_tag(&tag),
            tag,
        }
    }

    /// The language of one article.
    pub fn of_article(choice: &LanguageChoice, article: &Article) -> Language {
        Language::of(choice, &census(article))
    }
}
