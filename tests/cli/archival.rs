//! Archive-grade and accessible books (issue 16), judged by the validators archives use:
//! Apache PDFBox Preflight says every PDF is PDF/A-1b, and Ace by DAISY finds no violation in
//! the EPUBs. Both are installed by `make test` (Debian's `libpdfbox2-java`, npm's
//! `@daisy/ace-cli` with Debian's Chromium); a missing one fails the test, never skips it.

use crate::common::{self, fixture, fixture_corpus};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One article of each shape the fixtures hold: People's Daily, Sogou GBK, a SogouCA record
/// file, Traditional Big5 (with a captioned picture), and a text with characters no font has.
fn shapes(dir: &Path) -> Vec<PathBuf> {
    let missing = dir.join("missing-glyphs.txt");
    std::fs::write(
        &missing,
        "缺字测试\n\n　　正文里有私用区字符\u{E000}和\u{E001}，它们没有字形。\n",
    )
    .unwrap();
    vec![
        fixture_corpus("rmrb_2019_2020_utf8/20190201/20190201-01-01.txt"),
        fixture_corpus("sogouc_reduced_gbk/C000008/10.txt"),
        fixture("big5/chinatimes_news_0087.txt"),
        fixture("big5/setn_0132.txt"),
        missing,
    ]
}

fn convert(dir: &Path, inputs: &[PathBuf], args: &[&str]) -> PathBuf {
    let out = dir.join(format!("out{}", args.len()));
    let o = common::bin_in(dir)
        .arg("convert")
        .args(inputs)
        .args(args)
        .args(["-q", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.code().is_some_and(|c| c <= 1), "{o:?}");
    out
}

fn files(root: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// Preflight's verdict on one PDF (`Validator_A1b`, as the issue runs it).
fn preflight(pdf: &Path) -> String {
    let cp = std::env::var("PREFLIGHT_CP").unwrap_or_else(|_| {
        [
            "preflight",
            "pdfbox2",
            "fontbox2",
            "xmpbox",
            "commons-logging",
            "javax.activation",
            "jaxb-api",
        ]
        .map(|j| format!("/usr/share/java/{j}.jar"))
        .join(":")
    });
    let o = Command::new("java")
        .args(["-cp", &cp, "org.apache.pdfbox.preflight.Validator_A1b"])
        .arg(pdf)
        .output()
        .expect("java and PDFBox Preflight (make test installs libpdfbox2-java)");
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

#[test]
fn every_fixture_pdf_is_pdf_a_1b_by_pdfbox_preflight() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = shapes(dir.path());
    let mut pdfs = files(&convert(dir.path(), &inputs, &["-f", "pdf"]), "pdf");
    // A collection PDF: one day of People's Daily.
    let day = fixture_corpus("rmrb_2019_2020_utf8/20190201");
    pdfs.extend(files(
        &convert(dir.path(), &[day], &["-f", "pdf", "--collection"]),
        "pdf",
    ));
    assert_eq!(pdfs.len(), inputs.len() + 1, "{pdfs:?}");
    let verdicts: Vec<(PathBuf, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = pdfs
            .iter()
            .map(|p| s.spawn(move || (p.clone(), preflight(p))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (pdf, verdict) in verdicts {
        assert!(
            verdict.contains("is a valid PDF/A-1b file"),
            "{}:\n{verdict}",
            pdf.display()
        );
    }
}

/// Ace's report on one book: the violations it lists.
fn ace(book: &Path, out: &Path) -> Vec<String> {
    let ace = std::env::var("ACE").unwrap_or_else(|_| {
        format!(
            "{}/target/tools/ace/node_modules/.bin/ace-cli",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let o = Command::new(&ace)
        .env(
            "PUPPETEER_EXECUTABLE_PATH",
            std::env::var("PUPPETEER_EXECUTABLE_PATH")
                .unwrap_or_else(|_| "/usr/bin/chromium".into()),
        )
        .args(["--silent", "--force", "--outdir"])
        .arg(out)
        .arg(book)
        .output()
        .unwrap_or_else(|e| panic!("Ace at {ace} (make test installs it): {e}"));
    assert!(o.status.success(), "{o:?}");
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let mut found = Vec::new();
    for doc in report["assertions"].as_array().unwrap() {
        for a in doc["assertions"].as_array().unwrap() {
            found.push(format!(
                "{}: {} ({})",
                doc["earl:testSubject"]["url"],
                a["earl:test"]["dct:title"],
                a["earl:test"]["earl:impact"]
            ));
        }
    }
    found
}

#[test]
fn fixture_epubs_have_no_ace_violation() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [
        fixture_corpus("rmrb_2019_2020_utf8/20190201/20190201-01-01.txt"),
        fixture("big5/chinatimes_news_0087.txt"),
    ];
    let mut books = files(&convert(dir.path(), &inputs, &["-f", "epub"]), "epub");
    books.extend(files(
        &convert(
            dir.path(),
            &inputs,
            &["-f", "epub", "--vertical", "--embed-font"],
        ),
        "epub",
    ));
    let day = fixture_corpus("rmrb_2019_2020_utf8/20190201");
    books.extend(files(
        &convert(
            dir.path(),
            &[day],
            &["-f", "epub", "--collection", "-j", "1"],
        ),
        "epub",
    ));
    assert_eq!(books.len(), 5, "{books:?}");
    for (i, book) in books.iter().enumerate() {
        let found = ace(book, &dir.path().join(format!("ace{i}")));
        assert!(found.is_empty(), "{}: {found:#?}", book.display());
    }
    crate::common::validators::assert_epubs_valid(&books);
}

/// The Han characters of `text`, sorted (a multiset).
pub(crate) fn han(text: &str) -> Vec<char> {
    let mut v: Vec<char> = text
        .chars()
        .filter(|&c| newsbind::text::cjk::is_han(c))
        .collect();
    v.sort_unstable();
    v
}

/// Everything of the article model the PDF prints, in print order.
pub(crate) fn printed(model: &Value) -> String {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let mut out = vec![
        s(&model["kicker"]),
        s(&model["headline"]),
        s(&model["subtitle"]),
    ];
    let lines = model["byline_lines"].as_array().unwrap();
    if lines.is_empty() {
        out.extend(model["bylines"].as_array().unwrap().iter().map(s));
    }
    out.extend(lines.iter().map(|l| s(&l["text"])));
    out.push(s(&model["dateline"]["text"]));
    out.extend(
        model["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| s(&b["text"])),
    );
    out.extend(
        model["credits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| s(&c["text"])),
    );
    out.join("\n")
}

/// Whether the structure tree `tree` reads the title block as printed: the headline is the first
/// heading, an `H1`, and only the kicker (引题, a `P`) comes before it. White space and
/// private-use characters are left out of the comparison: a GBK user-defined code (such as
/// `A1 45` between the parts of a transliterated name, decoded as U+E4CB) has no glyph in any
/// font, so the page prints a blank, the report warns, and the tree has nothing to give back.
pub(crate) fn headline_first(tree: &str, model: &Value) -> bool {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace() && !('\u{e000}'..='\u{f8ff}').contains(c))
            .collect::<String>()
    };
    let lines: Vec<&str> = tree.lines().map(str::trim).collect();
    let Some(h1) = lines.iter().position(|l| *l == "H1 (block)") else {
        return false;
    };
    let headline_ok = lines.get(h1 + 1).is_some_and(|t| {
        squash(t.trim_matches('"')) == squash(model["headline"].as_str().unwrap())
    });
    let before: Vec<&str> = lines[..h1]
        .iter()
        .copied()
        .filter(|l| *l != "Document" && !l.starts_with("Art "))
        .collect();
    let kicker_ok = match model["kicker"].as_str() {
        None => before.is_empty(),
        Some(k) => {
            before.len() == 2
                && before[0] == "P (block)"
                && squash(before[1].trim_matches('"')) == squash(k)
        }
    };
    headline_ok && kicker_ok
}

pub(crate) fn struct_text(pdf: &Path) -> String {
    let o = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(pdf)
        .output()
        .expect("pdfinfo (make test installs poppler-utils)");
    // pdfinfo prints an `Art`'s title as the PDF string's bytes (UTF-16).
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn every_fixture_pdf_is_tagged_and_its_structure_tree_gives_back_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = shapes(dir.path());
    let out = convert(dir.path(), &inputs, &["-f", "pdf,json"]);
    for pdf in files(&out, "pdf") {
        let info =
            String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
        assert!(
            info.contains("Tagged:          yes"),
            "{}: {info}",
            pdf.display()
        );
        let model: Value =
            serde_json::from_slice(&std::fs::read(pdf.with_extension("json")).unwrap()).unwrap();
        let tree = struct_text(&pdf);
        assert!(
            headline_first(&tree, &model),
            "{}: the headline is the first heading, only the kicker before it\n{tree}",
            pdf.display()
        );
        // Every Han character, once: nothing lost, and no running header or page number.
        let text: String = tree
            .lines()
            .filter(|l| l.trim_start().starts_with('"'))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            han(&text),
            han(&printed(&model)),
            "{}:\n{tree}",
            pdf.display()
        );
        assert!(
            !tree.lines().any(|l| {
                let t = l.trim().trim_matches('"');
                !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
            }),
            "{}: a page number in the structure tree\n{tree}",
            pdf.display()
        );
        let paragraphs = tree.lines().filter(|l| l.trim() == "P (block)").count();
        let blocks = model["blocks"].as_array().unwrap();
        let body = blocks.iter().filter(|b| b["kind"] == "paragraph").count();
        assert!(
            paragraphs >= body.max(1),
            "{}: body paragraphs are P\n{tree}",
            pdf.display()
        );
    }
}

#[test]
fn a_collection_pdf_has_one_art_per_article_under_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let day = fixture_corpus("rmrb_2019_2020_utf8/20190201");
    let out = convert(dir.path(), &[day], &["-f", "pdf", "--collection"]);
    let pdf = files(&out, "pdf").pop().unwrap();
    let tree = struct_text(&pdf);
    // The day's articles that are bound into the book (a placeholder page is skipped).
    let report = common::report(&out);
    let articles = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["status"] == "converted")
        .count();
    assert!(articles >= 6, "{report}");
    let arts = tree
        .lines()
        .filter(|l| l.trim().starts_with("Art "))
        .count();
    assert_eq!(arts, articles, "{tree}");
    let h1s = tree.lines().filter(|l| l.trim() == "H1 (block)").count();
    assert_eq!(h1s, articles, "one headline per article");
}
