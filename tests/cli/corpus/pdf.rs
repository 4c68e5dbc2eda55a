//! The PDF sample of issue 6 over the corpus: ten files from the three article sources,
//! through the binary and the validators (`pdf` checks the six of them the fixtures hold).

use crate::common;
use crate::pdf::{assert_sample_pdfs_are_valid_searchable_subset_cid_and_obey_kinsoku, SAMPLE};

#[test]
#[ignore = "corpus suite: make test-corpus"]
fn corpus_sample_pdfs_are_valid_searchable_subset_cid_and_obey_kinsoku() {
    assert_sample_pdfs_are_valid_searchable_subset_cid_and_obey_kinsoku(&common::corpus(), &SAMPLE);
}

/// Issue 15, acceptance 3: kinsoku over every PDF of both corpora. Every article is set as a
/// PDF; `pdftotext -layout` of each must have no line that opens with closing punctuation or
/// ends with opening punctuation, unless the article's own text starts (or ends) that way.
#[test]
#[ignore = "corpus suite: make test-corpus"]
fn no_line_of_any_corpus_pdf_opens_with_closing_punctuation() {
    use crate::pdf::{fields, squeeze, CLOSING, OPENING};
    use serde_json::Value;
    let dir = tempfile::tempdir().unwrap();
    let pdfs = corpus_pdfs(dir.path(), "--lossy");
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(pdf) = pdfs.get(i) else { break };
                let model: Value =
                    serde_json::from_slice(&std::fs::read(pdf.with_extension("json")).unwrap())
                        .unwrap();
                let fields = fields(&model);
                let o = std::process::Command::new("pdftotext")
                    .args([
                        "-enc", "UTF-8", "-y", "36", "-W", "10000", "-H", "10000", "-layout",
                    ])
                    .arg(pdf)
                    .arg("-")
                    .output()
                    .unwrap();
                for line in String::from_utf8_lossy(&o.stdout).lines() {
                    let l = squeeze(line);
                    let (Some(first), Some(last)) = (l.chars().next(), l.chars().last()) else {
                        continue;
                    };
                    let head: String = l.chars().take(4).collect();
                    let v: Vec<char> = l.chars().collect();
                    let tail: String = v[v.len().saturating_sub(4)..].iter().collect();
                    if (CLOSING.contains(first) && !fields.iter().any(|f| f.starts_with(&head)))
                        || (OPENING.contains(last) && !fields.iter().any(|f| f.ends_with(&tail)))
                    {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{}: {line:?}", pdf.display()));
                    }
                }
            });
        }
    });
    // One known extraction artefact, not a line break: in a small-type caption opening with
    // `▲`, the squeezed `）、` pair makes pdftotext read `、` as a new line although the page
    // shows one line (`pdftotext -bbox`: the squeezed `、` box overlaps the `）` box). Tracked
    // as PDF work; any other line fails.
    const KNOWN: &[&str] = &["setn_0053.pdf: \"      、宣明智（右）（圖／記者林恩如攝影）\""];
    let failures: Vec<String> = failures
        .into_inner()
        .unwrap()
        .into_iter()
        .filter(|f| !KNOWN.iter().any(|k| f.ends_with(k)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} lines break kinsoku:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Issue 16, acceptance 2: every PDF of both corpora is tagged, its structure tree reads the
/// headline as the first heading (`H1`; only a kicker before it) and gives back every Han character the page prints, once (no running
/// header, no page number). PDF/A-1b over the same PDFs is `scripts/preflight-corpus.sh`.
#[test]
#[ignore = "corpus suite: make test-corpus"]
fn every_corpus_pdf_structure_tree_gives_back_its_article() {
    use crate::archival::{han, headline_first, printed, struct_text};
    let dir = tempfile::tempdir().unwrap();
    let pdfs = corpus_pdfs(dir.path(), "-q");
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(pdf) = pdfs.get(i) else { break };
                let model: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(pdf.with_extension("json")).unwrap())
                        .unwrap();
                let tree = struct_text(pdf);
                let text: String = tree
                    .lines()
                    .filter(|l| l.trim_start().starts_with('"'))
                    .collect::<Vec<_>>()
                    .join("\n");
                if !headline_first(&tree, &model) || han(&text) != han(&printed(&model)) {
                    failures.lock().unwrap().push(pdf.display().to_string());
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    eprintln!("{} PDFs, {} failures", pdfs.len(), failures.len());
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Every article of both corpora set as a PDF (with its JSON model beside it) under `dir`,
/// with one more `convert` option; the PDFs' paths. Exit 1 (the corpora's undecodable files)
/// is expected.
fn corpus_pdfs(dir: &std::path::Path, option: &str) -> Vec<std::path::PathBuf> {
    let mut pdfs = Vec::new();
    for (i, root) in [common::corpus(), common::corpus2()].iter().enumerate() {
        let out = dir.join(format!("c{i}"));
        let o = common::bin()
            .arg("convert")
            .arg(root)
            .args(["-f", "pdf,json", option, "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.code().is_some_and(|c| c <= 1), "{o:?}");
        for e in walkdir::WalkDir::new(&out) {
            let p = e.unwrap().into_path();
            if p.extension().is_some_and(|x| x == "pdf") {
                pdfs.push(p);
            }
        }
    }
    assert!(pdfs.len() >= 1850, "{} PDFs", pdfs.len());
    pdfs
}
