//! One-off conversions at a terminal (issue 10): standard input and output, metadata
//! overrides in every format, `newsbind doctor`, help and man page, closed pipes, and the
//! errors a person meets first (snapshot tests against `tests/expected/snapshots/*.txt`; run
//! with `UPDATE_EXPECTED=1` to rewrite them after a deliberate change, and review the diff).
//!
//! The validators (EPUBCheck, qpdf, pdfinfo) are installed by `make test`; these tests fail
//! (never skip) without them.

use crate::common;
use crate::common::validators::{epubcheck, tool, zip_entry};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/mixed/seed-article.txt"
);

/// A 167 KB GBK article: its JSON is far larger than a pipe's buffer.
const BIG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/corpus/sogouc_reduced_gbk/C000008/567.txt"
);

const OVERRIDES: [&str; 10] = [
    "--title",
    "改过的标题",
    "--author",
    "张三",
    "--author",
    "李四",
    "--date",
    "2020-02-29",
    "--lang",
    "zh-TW",
];

/// Runs `cmd` with `input` on its standard input.
fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // A program that stops before reading its input closes the pipe: not the test's concern.
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    let _ = feeder.join().unwrap();
    eprintln!("stderr: {}", String::from_utf8_lossy(&out.stderr));
    out
}

#[test]
fn an_article_on_stdin_becomes_a_valid_epub_on_stdout_with_the_overrides_in_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_with_stdin(
        common::bin_in(dir.path())
            .args(["convert", "-", "-f", "epub", "-o", "-"])
            .args(OVERRIDES),
        &std::fs::read(SEED).unwrap(),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(&o.stdout[..2], b"PK", "a zip on standard output");
    let epub = dir.path().join("a.epub");
    std::fs::write(&epub, &o.stdout).unwrap();
    let verdict = epubcheck(&epub);
    assert!(
        verdict.contains("0 fatals / 0 errors / 0 warnings"),
        "{verdict}"
    );
    let opf = zip_entry(&epub, "EPUB/package.opf");
    for needle in [
        ">改过的标题</dc:title>",
        ">张三</dc:creator>",
        ">李四</dc:creator>",
        "<dc:date>2020-02-29</dc:date>",
        "<dc:language>zh-TW</dc:language>",
    ] {
        assert!(opf.contains(needle), "{needle} in\n{opf}");
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.epub"], "no report, manifest or output folder");
}

#[test]
fn an_article_on_stdin_becomes_a_valid_pdf_on_stdout_with_the_overrides_in_its_info() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_with_stdin(
        common::bin_in(dir.path())
            .args(["convert", "-", "-f", "pdf", "-o", "-"])
            .args(OVERRIDES),
        &std::fs::read(SEED).unwrap(),
    );
    assert_eq!(o.status.code(), Some(0));
    let pdf = dir.path().join("a.pdf");
    std::fs::write(&pdf, &o.stdout).unwrap();
    let check = tool("qpdf", &["--check"], &pdf);
    assert!(check.status.success(), "qpdf --check: {check:?}");
    let info = String::from_utf8(tool("pdfinfo", &[], &pdf).stdout).unwrap();
    assert!(info.contains("Title:           改过的标题"), "{info}");
    assert!(info.contains("Author:          张三、李四"), "{info}");
    let doc = lopdf::Document::load(&pdf).unwrap();
    let lang = doc
        .catalog()
        .unwrap()
        .get(b"Lang")
        .unwrap()
        .as_str()
        .unwrap();
    assert_eq!(lang, b"zh-TW");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("改过的标题"), "the title is printed");
    assert!(
        text.contains("国家工商总局召开主要负责人述职述廉汇报会"),
        "the replaced headline is printed as the subtitle"
    );
}

#[test]
fn overrides_show_in_the_json_and_the_xhtml() {
    let dir = tempfile::tempdir().unwrap();
    let json = common::bin_in(dir.path())
        .args(["convert", SEED, "-f", "json", "-o", "-"])
        .args(OVERRIDES)
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(0));
    let a: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(a["headline"], "改过的标题");
    assert_eq!(a["title_source"], "override");
    assert_eq!(a["bylines"], serde_json::json!(["张三", "李四"]));
    assert_eq!(a["date"], "2020-02-29");
    assert_eq!(a["subtitle"], "国家工商总局召开主要负责人述职述廉汇报会");

    let xhtml = common::bin_in(dir.path())
        .args(["convert", SEED, "-f", "xhtml", "-o", "-"])
        .args(OVERRIDES)
        .output()
        .unwrap();
    assert_eq!(xhtml.status.code(), Some(0));
    let x = String::from_utf8(xhtml.stdout).unwrap();
    for needle in [
        "<title>改过的标题</title>",
        "<h1>改过的标题</h1>",
        "<meta name=\"author\" content=\"张三\"/>",
        "<meta name=\"author\" content=\"李四\"/>",
        "<meta name=\"date\" content=\"2020-02-29\"/>",
        "lang=\"zh-TW\"",
    ] {
        assert!(x.contains(needle), "{needle} in\n{x}");
    }

    let inspect = common::bin_in(dir.path())
        .args(["inspect", SEED, "--title", "改过的标题"])
        .output()
        .unwrap();
    let a: serde_json::Value = serde_json::from_slice(&inspect.stdout).unwrap();
    assert_eq!(a["headline"], "改过的标题");
}

#[test]
fn overrides_into_an_output_folder_go_through_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let convert = |extra: &[&str]| {
        common::bin_in(dir.path())
            .args(["convert", SEED, "-f", "json", "-o", "out", "-q"])
            .args(extra)
            .output()
            .unwrap()
    };
    let json = || -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.path().join("out/seed-article.json")).unwrap())
            .unwrap()
    };
    let report = || -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.path().join("out/report.json")).unwrap()).unwrap()
    };
    assert_eq!(convert(&["--title", "甲"]).status.code(), Some(0));
    assert_eq!(json()["headline"], "甲");
    assert_eq!(convert(&["--title", "甲"]).status.code(), Some(0));
    assert_eq!(
        report()["totals"]["unchanged"],
        1,
        "same overrides: nothing to do"
    );
    assert_eq!(convert(&["--title", "乙"]).status.code(), Some(0));
    assert_eq!(
        report()["totals"]["converted"],
        1,
        "a new title is a new config"
    );
    assert_eq!(json()["headline"], "乙");
    assert_eq!(convert(&[]).status.code(), Some(0));
    assert_eq!(
        json()["headline"],
        "国家工商总局召开主要负责人述职述廉汇报会"
    );
}

#[test]
fn stdin_into_an_output_folder_is_named_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_with_stdin(
        common::bin_in(dir.path()).args(["convert", "-", "-f", "json,xhtml", "-o", "out"]),
        &std::fs::read(SEED).unwrap(),
    );
    assert_eq!(o.status.code(), Some(0));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["newsbind.css", "stdin.json", "stdin.xhtml"]);
    let a: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/stdin.json")).unwrap()).unwrap();
    assert_eq!(a["source"], "<stdin>");
}

/// Starts `args`, reads one line of its output and closes the pipe while it still writes.
fn read_one_line_and_hang_up(args: &[&str]) -> Output {
    assert!(std::fs::metadata(BIG).unwrap().len() > 150_000);
    let dir = tempfile::tempdir().unwrap();
    let mut child = common::bin_in(dir.path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty(), "some output came before the hang-up");
    // The reader is dropped here: the pipe is closed with most of the output unread.
    child.wait_with_output().unwrap()
}

#[test]
fn a_reader_that_hangs_up_early_ends_the_program_quietly() {
    for args in [
        &["inspect", BIG][..],
        &["inspect", "--explain", BIG],
        &["convert", BIG, "-f", "json", "-o", "-", "-q"],
    ] {
        let o = read_one_line_and_hang_up(args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}: no panic, no error");
    }
}

fn doctor(dir: &Path, config: &str) -> (Option<i32>, String) {
    std::fs::write(dir.join("config.yaml"), config).unwrap();
    let o = common::bin_in(dir).arg("doctor").output().unwrap();
    assert_eq!(o.stderr, b"", "doctor reports on stdout");
    (o.status.code(), String::from_utf8(o.stdout).unwrap())
}

#[test]
fn doctor_passes_with_the_installed_fonts_and_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = doctor(dir.path(), "formats: [epub, pdf]\n");
    assert_eq!(code, Some(0), "{out}");
    let line = |what: &str| {
        out.lines()
            .find(|l| l[4..].starts_with(what))
            .unwrap_or_else(|| panic!("a `{what}` line in\n{out}"))
            .to_string()
    };
    assert_eq!(line("config"), "✔ config: config.yaml parses");
    let body = line("body font");
    assert!(
        body.starts_with("✔ body font: Noto Serif CJK SC · ") && body.contains(" face "),
        "{body}"
    );
    assert!(line("heading font").starts_with("✔ heading font: Noto Sans CJK SC · "));
    assert!(line("coverage").contains("GB2312 hanzi 6763/6763"), "{out}");
    assert_eq!(
        line("output"),
        "✔ output: output will be created in ., which is writable"
    );
    for tool in ["epubcheck", "java", "qpdf", "pdftotext", "pdffonts"] {
        assert!(
            line(tool).contains(&format!("{tool} (optional): ")),
            "{out}"
        );
    }
    assert!(out.ends_with(
        "newsbind doctor: ready to convert (✘ on optional lines only limits the checks)\n"
    ));
}

#[test]
fn doctor_fails_without_a_usable_font_and_says_how_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = doctor(
        dir.path(),
        "formats: [pdf]\npdf: {body_font: {path: /nonexistent.ttc}}\n",
    );
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.lines().any(|l| l
            == "✘ body font: /nonexistent.ttc face 0 not usable → font: font file \
                /nonexistent.ttc does not exist; install the CJK fonts (`apt-get install \
                fonts-noto-cjk`) or set pdf.body_font.path / pdf.heading_font.path in config.yaml"),
        "{out}"
    );
    assert!(out.ends_with("newsbind doctor: not ready; fix the ✘ lines that are not optional\n"));
    // Without PDF output the font is not needed: the same missing font is only optional.
    let (code, out) = doctor(
        dir.path(),
        "formats: [epub]\npdf: {body_font: {path: /nonexistent.ttc}}\n",
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("✘ body font (optional): /nonexistent.ttc"),
        "{out}"
    );
}

#[test]
fn doctor_reports_a_config_that_does_not_parse() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = doctor(dir.path(), "formats: [epub]\npaper: A4\n");
    assert_eq!(code, Some(2), "{out}");
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("✘ config: config config.yaml: unknown field `paper`")
            && first.contains("at line 2 column 1")
            && first.ends_with("→ fix the file, or start again from `newsbind init --force`"),
        "{first}"
    );
}

#[test]
fn every_subcommand_help_ends_with_examples_and_the_man_page_comes_from_the_same_source() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "convert",
        "inspect",
        "init",
        "completions",
        "merge-reports",
        "doctor",
        "man",
    ];
    for name in names {
        let o = common::bin_in(dir.path())
            .args([name, "--help"])
            .output()
            .unwrap();
        let help = String::from_utf8(o.stdout).unwrap();
        let examples = help
            .find("\nExamples:\n")
            .unwrap_or_else(|| panic!("{help}"));
        assert!(
            help[examples..].contains(&format!("newsbind {name}"))
                || help[examples..].contains(&format!("| newsbind {name}")),
            "{name}: {help}"
        );
    }
    let man = common::bin_in(dir.path()).arg("man").output().unwrap();
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(page.starts_with(".ie"), "roff");
    assert!(page.contains(".TH newsbind 1"), "{page}");
    for name in names {
        let roff = format!("newsbind\\-{}(1)", name.replace('-', "\\-"));
        assert!(page.contains(&roff), "the main page lists {roff}");
    }
    let convert = common::bin_in(dir.path())
        .args(["man", "convert"])
        .output()
        .unwrap();
    let page = String::from_utf8(convert.stdout).unwrap();
    assert!(page.contains(".TH newsbind-convert 1"), "{page}");
    for flag in ["\\-\\-title", "\\-\\-author", "\\-\\-lang", "Examples:"] {
        assert!(page.contains(flag), "{flag} in\n{page}");
    }
}

/// Runs `args` in a fresh folder holding `a.txt`, `two/` (two articles), `empty/` (a folder
/// without articles) and `bad.yaml` (a config with a misspelt key), and compares the one line on stderr with
/// `tests/expected/snapshots/<name>.txt`.
fn snapshot(name: &str, args: &[&str], stdin: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::write(dir.path().join("empty/notes.md"), "not an article").unwrap();
    std::fs::write(
        dir.path().join("bad.yaml"),
        "formats: [epub]\npdf:\n  papr: A4\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), std::fs::read(SEED).unwrap()).unwrap();
    std::fs::create_dir(dir.path().join("two")).unwrap();
    for name in ["two/a.txt", "two/b.txt"] {
        std::fs::write(dir.path().join(name), std::fs::read(SEED).unwrap()).unwrap();
    }
    let o = run_with_stdin(common::bin_in(dir.path()).args(args), stdin);
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(o.stdout, b"", "{args:?}: nothing on stdout");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    let file = common::expected::path(&format!("snapshots/{name}.txt"));
    common::expected::assert_matches(&file, stderr.as_bytes());
}

#[test]
fn a_missing_file_is_named_with_the_fix() {
    snapshot("missing-file", &["convert", "nope.txt"], b"");
    snapshot("missing-file-inspect", &["inspect", "nope.txt"], b"");
}

#[test]
fn a_folder_without_articles_says_what_it_looks_for() {
    snapshot("folder-without-txt", &["convert", "empty"], b"");
}

#[test]
fn a_format_typo_lists_the_formats() {
    snapshot("format-typo", &["convert", "a.txt", "-f", "epbu"], b"");
}

#[test]
fn an_unknown_config_key_has_its_line_and_column() {
    snapshot(
        "unknown-config-key",
        &["convert", "a.txt", "-c", "bad.yaml"],
        b"",
    );
}

#[test]
fn standard_output_takes_one_article_in_one_format() {
    snapshot(
        "stdout-two-formats",
        &["convert", "a.txt", "-f", "epub,pdf", "-o", "-"],
        b"",
    );
    snapshot(
        "stdout-folder",
        &["convert", "two", "-f", "json", "-o", "-"],
        b"",
    );
    snapshot("stdin-not-alone", &["convert", "-", "a.txt"], b"x");
    snapshot(
        "stdin-records",
        &["convert", "-", "-f", "json", "-o", "-"],
        b"<doc>\n<docno>1</docno>\n<contenttitle>t</contenttitle>\n<content>c</content>\n</doc>\n\
          <doc>\n<docno>2</docno>\n<contenttitle>u</contenttitle>\n<content>d</content>\n</doc>\n",
    );
}

#[test]
fn overrides_are_checked_and_kept_to_one_article() {
    snapshot(
        "override-bad-date",
        &["convert", "a.txt", "--date", "2019-02-29"],
        b"",
    );
    snapshot(
        "override-on-a-folder",
        &["convert", "two", "--title", "标题"],
        b"",
    );
}
