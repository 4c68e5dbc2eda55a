//! Hostile and degenerate inputs (issue 9): each runs through the whole path to every format in
//! the real binary and must finish, within generous bounds, with a sensible outcome.
//!
//! Bounds: the process runs under `ulimit -v` (address space) of [`MEMORY_LIMIT_KIB`] and is
//! killed after [`DEADLINE`]. These are hang and blow-up detectors, far above the measured
//! cost (see `docs/security.md` for the figures), not performance assertions: performance is
//! measured in benchmarks.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address-space limit for one conversion, in KiB (4 GiB).
const MEMORY_LIMIT_KIB: u64 = 4 * 1024 * 1024;
/// Wall-clock limit for one conversion.
const DEADLINE: Duration = Duration::from_secs(300);

/// Converts `name` (written with `bytes`) to every format with one worker, under the limits,
/// and returns the report's entry for it and the output folder.
fn convert_bounded(dir: &Path, name: &str, bytes: &[u8]) -> (Value, std::path::PathBuf) {
    let input = dir.join(name);
    std::fs::write(&input, bytes).unwrap();
    let out = dir.join("out");
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_newsbind"))
        .args(["convert", "-f", "epub,xhtml,pdf,json", "-j", "1", "-o"])
        .arg(&out)
        .arg(&input)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash runs the binary");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            child.kill().unwrap();
            panic!("{name}: not finished after {DEADLINE:?}: a hang?");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(
        status.success(),
        "{name}: {status} (a memory limit hit shows as an abort)\n{stderr}"
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["articles"].as_array().unwrap().len(), 1);
    (report["articles"][0].clone(), out)
}

/// The article model the `json` format wrote.
fn article_json(out: &Path, stem: &str) -> Value {
    serde_json::from_slice(&std::fs::read(out.join(format!("{stem}.json"))).unwrap()).unwrap()
}

/// Asserts every format was written and the PDF parses, and returns its page count.
fn assert_all_formats(out: &Path, stem: &str) -> usize {
    for ext in ["epub", "xhtml", "json"] {
        let p = out.join(format!("{stem}.{ext}"));
        assert!(std::fs::metadata(&p).unwrap().len() > 0, "{}", p.display());
    }
    let pdf = lopdf::Document::load(out.join(format!("{stem}.pdf"))).expect("the PDF parses");
    pdf.get_pages().len()
}

fn block_texts(article: &Value) -> Vec<&str> {
    article["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap())
        .collect()
}

#[test]
fn a_16_mib_single_line_is_converted_whole() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "这是一段很长的、没有换行的文字。";
    let line = sentence.repeat(16 * 1024 * 1024 / sentence.len());
    let (entry, out) = convert_bounded(dir.path(), "single.txt", line.as_bytes());
    assert_eq!(entry["status"], "converted", "{entry}");
    let article = article_json(&out, "single");
    // The line is too long for a headline; it is the body, every character of it.
    assert_eq!(block_texts(&article), [line.as_str()]);
    assert!(assert_all_formats(&out, "single") > 1000);
}

#[test]
fn a_million_blank_lines_are_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let (entry, out) = convert_bounded(dir.path(), "blank.txt", &vec![b'\n'; 1_000_000]);
    assert_eq!(entry["status"], "skipped", "{entry}");
    assert!(entry["reason"].as_str().unwrap().starts_with("empty"));
    assert!(!out.join("blank.pdf").exists());
}

#[test]
fn a_hundred_thousand_one_character_paragraphs_each_get_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let chars: Vec<char> = (0..100_000u32)
        .map(|i| char::from_u32(0x4E00 + i % 0x5000).unwrap())
        .collect();
    // A last paragraph of ordinary prose, so no short closing line looks like a byline.
    let last = "这是最后一段正文，它比较长，是一个普通的句子。";
    let text: String = std::iter::once("十万个段落的标题\n".to_string())
        .chain(chars.iter().map(|c| format!("{c}\n")))
        .chain([last.to_string()])
        .collect();
    let (entry, out) = convert_bounded(dir.path(), "paragraphs.txt", text.as_bytes());
    assert_eq!(entry["status"], "converted", "{entry}");
    let article = article_json(&out, "paragraphs");
    let blocks = block_texts(&article);
    assert_eq!(blocks.len(), 100_001);
    assert!(blocks.iter().zip(&chars).all(|(b, c)| b.chars().eq([*c])));
    assert_eq!(blocks[100_000], last);
    // One line per paragraph: a few dozen lines a page, so thousands of pages.
    assert!(assert_all_formats(&out, "paragraphs") > 100_000 / 60);
}

#[test]
fn characters_no_font_has_are_kept_in_text_and_named_briefly_for_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    // Private use (BMP and plane 15), unassigned code points, and noncharacters.
    let strange: Vec<char> = (0xE000..0xF8FF)
        .chain(0xF_0000..0xF_0400)
        .chain([0x0378, 0x2FE0, 0x10_FFFD, 0xFDD0])
        .filter_map(char::from_u32)
        .collect();
    let lines: Vec<String> = strange.chunks(60).map(String::from_iter).collect();
    let text = lines.join("\n");
    let (entry, out) = convert_bounded(dir.path(), "strange.txt", text.as_bytes());
    assert_eq!(entry["status"], "converted", "{entry}");
    let warnings: Vec<&str> = entry["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let missing = warnings
        .iter()
        .find(|w| w.contains("no font has a glyph"))
        .expect("the missing glyphs are reported");
    assert!(
        missing.contains("U+E000") && missing.contains("more"),
        "{missing}"
    );
    assert!(missing.chars().count() < 500, "a short warning: {missing}");
    // The text formats keep every character.
    let xhtml = std::fs::read_to_string(out.join("strange.xhtml")).unwrap();
    assert!(strange.iter().all(|c| xhtml.contains(*c)));
    assert_all_formats(&out, "strange");
}

#[test]
fn deeply_repeated_punctuation_is_broken_into_lines_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    // Runs the line breaker may neither start nor end a line with, and one too long to fit.
    let paragraphs = [
        "，".repeat(50_000),
        "！？。".repeat(30_000),
        "“".repeat(40_000),
        "……".repeat(20_000),
        "（《【".repeat(10_000) + &"】》）".repeat(10_000),
        "—".repeat(30_000),
    ];
    let text = format!("标点\n{}\n", paragraphs.join("\n"));
    let (entry, out) = convert_bounded(dir.path(), "punct.txt", text.as_bytes());
    assert_eq!(entry["status"], "converted", "{entry}");
    let article = article_json(&out, "punct");
    assert_eq!(block_texts(&article), paragraphs.map(|p| p.to_string()));
    assert!(assert_all_formats(&out, "punct") > 10);
}
