//! One-off conversions at a terminal: one article from a file or standard input (`-`), rendered
//! in memory with the same pure stages and writers as the batch pipeline, then written either to
//! standard output (`-o -`, exactly one format) or into the output folder.
//!
//! Unlike a batch run there is no manifest, lock or `report.json`: a stream has no path to
//! remember, and the artifacts are the whole result. Warnings go to stderr instead of the report.

use crate::batch::options::Options;
use crate::fonts::RegionFonts;
use crate::model::diag::{ArticleError, Error, Warned};
use crate::model::{Article, Source};
use crate::writer::{Artifact, WriterSet};
use std::io::Read;
use std::path::Path;

/// The path that names standard input (and, after `-o`, standard output).
pub const STDIO: &str = "-";

/// The output stem of an article read from standard input: `stdin.epub`, `stdin.pdf`, …
pub const STDIN_STEM: &str = "stdin";

/// Whether `path` is `-`.
pub fn is_stdio(path: &Path) -> bool {
    path == Path::new(STDIO)
}

/// The source an article read from standard input is reported as: `<stdin>`, output stem
/// `stdin`.
pub fn stdin_source() -> Source {
    Source {
        path: STDIO.into(),
        display: "<stdin>".into(),
        stem: STDIN_STEM.into(),
    }
}

/// Reads all of `input`, refusing more than `limit` bytes.
pub fn read_limited(input: impl Read, limit: u64, display: &str) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    input
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Input {
            path: display.into(),
            message: e.to_string(),
        })?;
    if bytes.len() as u64 > limit {
        return Err(Error::Input {
            path: display.into(),
            message: format!(
                "more than max_input_bytes ({limit}) bytes; raise --max-input-bytes to read it"
            ),
        });
    }
    Ok(bytes)
}

/// Checks that a run writing to standard output makes exactly one artifact: one format and
/// no per-folder books.
pub fn check_stdout(opts: &Options) -> Result<(), Error> {
    if opts.write.formats.len() != 1 {
        let names: Vec<&str> = opts.write.formats.iter().map(|f| f.name()).collect();
        return Err(Error::Usage(format!(
            "`-o -` writes one file to standard output, but {} formats were asked for ({}); \
             choose one, e.g. `-f {}`",
            names.len(),
            names.join(", "),
            names[0]
        )));
    }
    if opts.write.epub.collection {
        return Err(Error::Usage(
            "`-o -` writes one article, but --collection makes books of folders; \
             give an output folder with -o DIR"
                .into(),
        ));
    }
    Ok(())
}

/// The writers of a one-off conversion: every format of `opts`, one file per article (no
/// books: a one-off conversion has one article).
pub fn writers<'f>(opts: &Options, fonts: &'f RegionFonts) -> Result<WriterSet<'f>, Error> {
    let mut w = opts.write.clone();
    w.epub.collection = false;
    WriterSet::new(&w, fonts)
}

/// Renders one article in every format of the set, in memory, in
/// [`Format::ALL`](crate::writer::Format::ALL) order. The first artifact of each format is its
/// main file (an XHTML document's stylesheet follows it).
pub fn render(
    set: &WriterSet<'_>,
    article: &Article,
    stem: &str,
) -> Result<Warned<Vec<Artifact>>, ArticleError> {
    let mut all = Warned::clean(Vec::new());
    for writer in set.article_writers() {
        let rendered = writer.render(article, stem)?;
        all.warnings.extend(rendered.warnings);
        all.value.extend(rendered.value);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ConvertArgs;
    use crate::read::{overrides::Overrides, read_article};
    use crate::settings::config::Config;
    use crate::settings::resolve::resolve_convert;

    fn opts(formats: &str) -> Options {
        let args = ConvertArgs {
            formats: Some(formats.into()),
            ..ConvertArgs::default()
        };
        resolve_convert(&args, &Config::default()).unwrap()
    }

    #[test]
    fn standard_output_takes_exactly_one_format() {
        assert!(check_stdout(&opts("epub")).is_ok());
        assert_eq!(
            check_stdout(&opts("pdf,epub")).unwrap_err().to_string(),
            "`-o -` writes one file to standard output, but 2 formats were asked for \
             (epub, pdf); choose one, e.g. `-f epub`"
        );
    }

    #[test]
    fn reading_stops_past_the_limit() {
        assert_eq!(read_limited(&b"12345"[..], 5, "<stdin>").unwrap(), b"12345");
        let e = read_limited(&b"123456"[..], 5, "<stdin>").unwrap_err();
        assert!(e.to_string().starts_with("input <stdin>: more than"), "{e}");
    }

    #[test]
    fn an_article_from_stdin_is_built_with_the_overrides_and_rendered_in_memory() {
        let mut o = opts("json,xhtml");
        o.read.overrides = Overrides::new(Some("新标题"), &[], None, None).unwrap();
        let text = "原标题\n\n本报北京6月24日电　正文第一段。\n".as_bytes();
        let a = read_article(text, &stdin_source(), &o.read).unwrap().value;
        assert_eq!(a.headline, "新标题");
        assert_eq!(a.source, "<stdin>");
        let fonts = o.locate_fonts(true).unwrap();
        let out = render(&writers(&o, &fonts).unwrap(), &a, STDIN_STEM)
            .unwrap()
            .value;
        let paths: Vec<_> = out
            .iter()
            .map(|a| a.path.to_string_lossy().into_owned())
            .collect();
        assert_eq!(paths[0], "stdin.xhtml");
        assert_eq!(paths.last().unwrap(), "stdin.json");
        assert!(String::from_utf8_lossy(&out[0].bytes).contains("<title>新标题</title>"));
    }
}
