//! The command line's metadata overrides (`--title`, `--author`, `--date`, `--lang`),
//! validated into the read path's [`Overrides`], and the language carried into every
//! writer's options (a setting of the output, not of the article).

use crate::cli::OverrideArgs;
use crate::model::diag::Error;
use crate::read::overrides::Overrides;
use crate::text::lang::LanguageChoice;
use crate::writer::WriterOptions;

/// The validated overrides of the command line.
pub fn resolve_overrides(args: &OverrideArgs) -> Result<Overrides, Error> {
    Overrides::new(
        args.title.as_deref(),
        &args.authors,
        args.date.as_deref(),
        args.lang.as_deref(),
    )
}

/// Sets the language of every writer's options when `--lang` was given: one tag for every
/// article, over the config's (fixed or `auto`).
pub fn apply_language(lang: Option<&str>, opts: &mut WriterOptions) {
    if let Some(lang) = lang {
        let fixed = LanguageChoice::Fixed(lang.to_string());
        opts.xhtml.language = fixed.clone();
        opts.epub.language = fixed.clone();
        opts.pdf.language = fixed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_reaches_every_writer() {
        let mut opts = crate::settings::resolve::resolve_convert(
            &crate::cli::ConvertArgs::default(),
            &crate::settings::config::Config::default(),
        )
        .unwrap();
        apply_language(Some("zh-TW"), &mut opts.write);
        assert_eq!(
            [
                &opts.write.xhtml.language,
                &opts.write.epub.language,
                &opts.write.pdf.language
            ],
            [&LanguageChoice::Fixed("zh-TW".into()); 3]
        );
    }
}
