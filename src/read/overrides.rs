//! Metadata overrides from the command line (`--title`, `--author`, `--date`, `--lang`) for
//! one-off conversions. They win over what the structurer found: [`Overrides::apply`] is a pure
//! function applied to the [`Article`] right after structure, so every writer (JSON, XHTML,
//! EPUB, PDF) sees the same corrected model; the language goes into the writers' options
//! (by `settings`) because it is a setting of the output, not of the article.
//!
//! Invariant: no text of the source is lost. A headline that the structurer took from the text
//! becomes the subtitle when `--title` replaces it (else the kicker, else the first paragraph,
//! when those are taken), and the article's `title_source` becomes `override`.

use crate::model::diag::Error;
use crate::model::{Article, Block, BlockKind, TitleSource};
use crate::text::cjk::is_iso_date;

/// The overrides of one run, validated. The default overrides nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Replaces the headline.
    pub title: Option<String>,
    /// Replaces the bylines (names) when not empty.
    pub authors: Vec<String>,
    /// Replaces the article's date (ISO `YYYY-MM-DD`).
    pub date: Option<String>,
    /// Replaces the language tag of every format (`language` in the config).
    pub lang: Option<String>,
}

impl Overrides {
    /// Validates the raw flag values: texts are trimmed and must not be empty, the date must be
    /// a real ISO calendar date and the language a BCP 47-shaped tag.
    pub fn new(
        title: Option<&str>,
        authors: &[String],
        date: Option<&str>,
        lang: Option<&str>,
    ) -> Result<Self, Error> {
        let text = |flag: &str, v: &str| {
            let v = v.trim();
            if v.is_empty() {
                Err(Error::Usage(format!("--{flag} must not be empty")))
            } else {
                Ok(v.to_string())
            }
        };
        let date = date
            .map(|d| {
                let d = d.trim();
                if is_iso_date(d) {
                    Ok(d.to_string())
                } else {
                    Err(Error::Usage(format!(
                        "--date `{d}` is not a date; write it as YYYY-MM-DD, e.g. 2019-06-24"
                    )))
                }
            })
            .transpose()?;
        let lang = lang
            .map(|l| {
                let l = l.trim();
                if is_language_tag(l) {
                    Ok(l.to_string())
                } else {
                    Err(Error::Usage(format!(
                        "--lang `{l}` is not a language tag; write e.g. zh-CN, zh-Hans or zh-TW"
                    )))
                }
            })
            .transpose()?;
        Ok(Overrides {
            title: title.map(|t| text("title", t)).transpose()?,
            authors: authors
                .iter()
                .map(|a| text("author", a))
                .collect::<Result<_, _>>()?,
            date,
            lang,
        })
    }

    /// Whether any override changes the article itself (title, authors or date), which only
    /// makes sense for a single article.
    pub fn touches_article(&self) -> bool {
        self.title.is_some() || !self.authors.is_empty() || self.date.is_some()
    }

    /// The article with the overrides applied. Pure.
    pub fn apply(&self, mut article: Article) -> Article {
        if let Some(title) = &self.title {
            if article.title_source == TitleSource::Text {
                let old = std::mem::take(&mut article.headline);
                // The replaced headline stays where a reader expects it: under the new one
                // (副题), else above it (引题), else at the top of the body.
                if article.subtitle.is_none() {
                    article.subtitle = Some(old);
                } else if article.kicker.is_none() {
                    article.kicker = Some(old);
                } else {
                    article.blocks.insert(
                        0,
                        Block {
                            kind: BlockKind::Paragraph,
                            text: old,
                        },
                    );
                }
            }
            article.headline = title.clone();
            article.title_source = TitleSource::Override;
        }
        if !self.authors.is_empty() {
            article.bylines = self.authors.clone();
        }
        if let Some(date) = &self.date {
            article.date = Some(date.clone());
        }
        article
    }
}

/// A tag shaped like BCP 47: subtags of 1–8 ASCII letters or digits joined by `-`, the first
/// made of 2–8 letters.
pub fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.bytes().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dateline;

    fn article() -> Article {
        Article {
            source: "a.txt".into(),
            encoding: "UTF-8".into(),
            kicker: None,
            headline: "原来的标题".into(),
            subtitle: None,
            dateline: Some(Dateline {
                text: "本报北京6月24日电".into(),
                ..Dateline::default()
            }),
            bylines: vec!["鞠闻".into()],
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                text: "正文。".into(),
            }],
            credits: Vec::new(),
            title_source: TitleSource::Text,
            date: Some("2019-06-24".into()),
            page: None,
            byline_lines: Vec::new(),
            site: None,
            publication: None,
        }
    }

    #[test]
    fn no_overrides_leave_the_article_as_it_was() {
        assert_eq!(Overrides::default().apply(article()), article());
        assert!(!Overrides::default().touches_article());
    }

    #[test]
    fn a_title_replaces_the_headline_and_the_old_one_becomes_the_subtitle() {
        let o = Overrides::new(Some(" 新标题 "), &[], None, None).unwrap();
        let a = o.apply(article());
        assert_eq!(a.headline, "新标题");
        assert_eq!(a.title_source, TitleSource::Override);
        assert_eq!(a.subtitle.as_deref(), Some("原来的标题"));
        assert_eq!(a.blocks, article().blocks);
    }

    #[test]
    fn the_old_headline_takes_the_first_free_place_in_reading_order() {
        let o = Overrides::new(Some("新标题"), &[], None, None).unwrap();
        let mut with_subtitle = article();
        with_subtitle.subtitle = Some("副题".into());
        let a = o.apply(with_subtitle.clone());
        assert_eq!(
            (a.kicker.as_deref(), a.subtitle.as_deref()),
            (Some("原来的标题"), Some("副题"))
        );
        with_subtitle.kicker = Some("引题".into());
        let a = o.apply(with_subtitle);
        assert_eq!(a.kicker.as_deref(), Some("引题"));
        assert_eq!(a.blocks[0].text, "原来的标题");
        assert_eq!(a.blocks[1].text, "正文。");
    }

    #[test]
    fn a_title_over_a_derived_headline_loses_no_text() {
        let mut derived = article();
        derived.title_source = TitleSource::Derived;
        let a = Overrides::new(Some("新标题"), &[], None, None)
            .unwrap()
            .apply(derived);
        assert_eq!(a.headline, "新标题");
        assert_eq!(
            a.blocks.len(),
            1,
            "a derived headline is not text of its own"
        );
    }

    #[test]
    fn authors_and_date_replace_what_the_structurer_found() {
        let authors = vec!["张三".to_string(), "李四".to_string()];
        let o = Overrides::new(None, &authors, Some("2020-02-29"), None).unwrap();
        assert!(o.touches_article());
        let a = o.apply(article());
        assert_eq!(a.bylines, authors);
        assert_eq!(a.date.as_deref(), Some("2020-02-29"));
        assert_eq!(a.headline, "原来的标题");
    }

    #[test]
    fn bad_values_are_usage_errors_that_show_the_right_form() {
        let e = |t: Option<&str>, a: &[String], d: Option<&str>, l: Option<&str>| {
            Overrides::new(t, a, d, l).unwrap_err().to_string()
        };
        assert_eq!(
            e(None, &[], Some("2019-02-29"), None),
            "--date `2019-02-29` is not a date; write it as YYYY-MM-DD, e.g. 2019-06-24"
        );
        assert!(e(None, &[], Some("24/06/2019"), None).contains("YYYY-MM-DD"));
        assert!(e(None, &[], None, Some("zh_CN")).contains("zh-CN"));
        assert_eq!(e(Some("  "), &[], None, None), "--title must not be empty");
        assert_eq!(
            e(None, &["".to_string()], None, None),
            "--author must not be empty"
        );
    }

    #[test]
    fn dates_and_tags_are_checked_by_shape_and_calendar() {
        for good in ["2019-06-24", "2000-02-29", "1999-12-31"] {
            assert!(is_iso_date(good), "{good}");
        }
        for bad in [
            "1900-02-29",
            "2019-13-01",
            "2019-6-24",
            "2019-06-31",
            "+019-06-01",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
        for good in ["zh", "zh-CN", "zh-Hans-CN", "yue"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "z", "zh_CN", "zh-", "1a"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
