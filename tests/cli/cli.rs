//! End-to-end specifications: the `newsbind` binary run on fixture folders, its outputs checked
//! by the validators users trust (EPUBCheck 5.3, qpdf, poppler's pdffonts and pdftotext).
//!
//! The validators are installed by `make test`; these tests fail (never skip) without them.

use crate::common;

use crate::common::validators::{assert_epubs_valid, tool};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("the binary runs");
    eprintln!("stderr: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn convert(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut c = common::bin();
    c.arg("convert").args(inputs).arg("-o").arg(out).args(extra);
    // No config file: run from a folder without config.yaml so defaults apply.
    c.current_dir(out.parent().unwrap());
    run(&mut c)
}

fn han(text: &str) -> String {
    text.chars().filter(|&c| common::is_han(c)).collect()
}

fn sorted(text: &str) -> Vec<char> {
    let mut v: Vec<char> = text.chars().collect();
    v.sort_unstable();
    v
}

#[test]
fn every_article_becomes_a_valid_epub_and_a_searchable_subset_font_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = common::fixture("mixed");
    let o = convert(&[&input], &out, &["-f", "epub,pdf,xhtml,json"]);
    assert_eq!(o.status.code(), Some(0));
    let r = common::report(&out);
    assert_eq!(r["totals"]["converted"], 3, "{r:#}");

    let epubs: Vec<PathBuf> = ["20190201-01-01", "C000016-15", "seed-article"]
        .iter()
        .map(|s| out.join(format!("{s}.epub")))
        .collect();
    assert_epubs_valid(&epubs);

    for entry in r["articles"].as_array().unwrap() {
        let source = Path::new(entry["source"].as_str().unwrap());
        let stem = source.file_stem().unwrap().to_str().unwrap();
        let pdf = out.join(format!("{stem}.pdf"));

        let check = tool("qpdf", &["--check"], &pdf);
        assert!(
            check.status.success(),
            "qpdf --check {}: {:?}",
            pdf.display(),
            check
        );

        let fonts = String::from_utf8(tool("pdffonts", &[], &pdf).stdout).unwrap();
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "no fonts in {}", pdf.display());
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let name = cols[0];
            assert!(
                name.len() > 7
                    && name.as_bytes()[6] == b'+'
                    && name[..6].bytes().all(|b| b.is_ascii_uppercase()),
                "not a subset font name: {row}"
            );
            assert!(row.contains("CID"), "not a CID font: {row}");
            // emb sub uni
            assert_eq!(
                &cols[cols.len() - 5..cols.len() - 2],
                ["yes", "yes", "yes"],
                "{row}"
            );
        }

        // The running header repeats the headline from page 2: crop it away (it sits in the
        // top 36 pt; the default 16 mm margin puts the text block at 45 pt).
        let pdftotext = Command::new("pdftotext")
            .args([
                "-enc", "UTF-8", "-x", "0", "-y", "36", "-W", "10000", "-H", "10000",
            ])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext must be installed (make test installs it)");
        let text = String::from_utf8(pdftotext.stdout).unwrap();
        let model: Value =
            serde_json::from_slice(&std::fs::read(out.join(format!("{stem}.json"))).unwrap())
                .unwrap();
        // Every Han character of the source comes back, each as often as it occurs; a title
        // made up from the first sentence or the file name adds its own.
        let mut expected = han(&common::source_text(source));
        if model["title_source"] != "text" {
            expected.push_str(&han(model["headline"].as_str().unwrap()));
        }
        assert_eq!(
            sorted(&han(&text)),
            sorted(&expected),
            "{}: Han text differs",
            pdf.display()
        );

        let xhtml = std::fs::read_to_string(out.join(format!("{stem}.xhtml"))).unwrap();
        assert_well_formed(&xhtml);
        assert!(xhtml.contains("lang=\"zh-CN\" xml:lang=\"zh-CN\""));
    }
}

fn assert_well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
}

#[test]
fn gbk_and_utf8_copies_of_one_article_give_the_same_model() {
    let inspect = |folder: &str| -> Value {
        let o = run(common::bin()
            .args(["inspect", "C000008-10.txt"])
            .current_dir(common::fixture("pair").join(folder)));
        assert_eq!(o.status.code(), Some(0));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let (mut gbk, mut utf8) = (inspect("gbk"), inspect("utf8"));
    assert_eq!(gbk["encoding"], "GBK");
    assert_eq!(utf8["encoding"], "UTF-8");
    gbk.as_object_mut().unwrap().remove("encoding");
    utf8.as_object_mut().unwrap().remove("encoding");
    assert_eq!(gbk, utf8);
}

#[test]
fn an_undecodable_file_fails_alone_with_its_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = convert(&[&common::fixture("bad")], &out, &["-f", "json,epub"]);
    assert_eq!(o.status.code(), Some(1), "exit 1 when an article failed");
    let r = common::report(&out);
    assert_eq!(r["totals"]["sources"], 3);
    assert_eq!(r["totals"]["converted"], 2);
    assert_eq!(r["totals"]["failed"], 1);
    let bad = r["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["status"] == "failed")
        .unwrap();
    assert!(bad["source"]
        .as_str()
        .unwrap()
        .ends_with("C000023-1170.txt"));
    assert_eq!(bad["error"]["code"], "decode");
    let msg = bad["error"]["message"].as_str().unwrap();
    // The lone 0xFF sits at byte 3156 of the file, on line 24.
    assert!(msg.contains("C000023-1170.txt"), "{msg}");
    assert!(msg.contains("0xFF at offset 3156 (line 24)"), "{msg}");
    assert!(!out.join("C000023-1170.epub").exists());
    assert!(out.join("C000022-10.epub").is_file());
    assert!(out.join("20190201-09-04.json").is_file());
}

fn tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
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
    files.sort();
    files
}

#[test]
fn output_is_byte_identical_whatever_the_number_of_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let input = common::fixture("mixed");
    for (out, jobs) in [(&a, "1"), (&b, "2")] {
        let mut c = common::bin();
        c.env("SOURCE_DATE_EPOCH", "1561334400")
            .current_dir(dir.path())
            .args(["convert", "-f", "epub,pdf,xhtml,json", "-j", jobs, "-o"])
            .arg(out)
            .arg(&input);
        assert_eq!(run(&mut c).status.code(), Some(0));
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.len(), tb.len());
    for ((pa, ba), (pb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between -j 1 and -j 2", pa.display());
    }
}

#[test]
fn fatal_problems_exit_2_with_one_line_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = convert(&[&common::fixture("mixed")], &out, &["-f", "epub,epbu"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(
        err.trim(),
        "newsbind: error: unknown format `epbu`, expected one of epub, xhtml, pdf, json"
    );
    assert!(!out.exists(), "nothing is written on a fatal error");

    let config = dir.path().join("bad.yaml");
    std::fs::write(&config, "formats: [epub]\npdf:\n  papr: A4\n").unwrap();
    let o = run(common::bin()
        .args(["convert", "-c"])
        .arg(&config)
        .arg("-o")
        .arg(&out)
        .arg(common::fixture("mixed")));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("unknown field `papr`") && err.contains("line 3 column 3"),
        "{err}"
    );

    let file_as_root = dir.path().join("a-file");
    std::fs::write(&file_as_root, "").unwrap();
    let o = convert(&[&common::fixture("mixed")], &file_as_root, &["-f", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("cannot write here"));
}

#[test]
fn inspect_prints_the_json_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let seed = common::fixture("mixed").join("seed-article.txt");
    assert_eq!(
        convert(&[&seed], &out, &["-f", "json"]).status.code(),
        Some(0)
    );
    let o = run(common::bin()
        .arg("inspect")
        .arg(&seed)
        .current_dir(dir.path()));
    assert_eq!(
        o.stdout,
        std::fs::read(out.join("seed-article.json")).unwrap()
    );
    let model: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        model["headline"],
        "国家工商总局召开主要负责人述职述廉汇报会"
    );
    assert_eq!(model["title_source"], "text");
    assert_eq!(model["bylines"][0], "鞠闻");
}
