//! Structuring throughput on one core: every text of `../shared/corpus/` (the SogouCA records
//! cut out of the `.dat` file), decoded and normalised beforehand, structured one after the
//! other. Throughput is in bytes of normalised (UTF-8) text.
//!
//! `cargo bench --bench structure`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsbind::structure::{structure_with, Rules, SourceMeta};
use newsbind::text::decode::{decode, EncodingChoice};
use newsbind::text::normalize::normalize;
use std::hint::black_box;
use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt" || e == "dat") {
            out.push(p);
        }
    }
}

/// Every corpus text as (metadata, normalised text).
fn corpus() -> Vec<(SourceMeta, String)> {
    let mut paths = Vec::new();
    files(Path::new(CORPUS), &mut paths);
    let mut texts = Vec::new();
    for path in paths {
        let Ok(d) = decode(&std::fs::read(&path).unwrap(), EncodingChoice::Auto) else {
            continue;
        };
        let meta = SourceMeta {
            source: path.to_string_lossy().into_owned(),
            stem: path.file_stem().unwrap().to_string_lossy().into_owned(),
            encoding: d.encoding.to_string(),
        };
        if path.extension().is_some_and(|e| e == "dat") {
            for doc in d.text.split("<doc>").skip(1) {
                let field = |tag: &str| {
                    let open = format!("<{tag}>");
                    doc.split_once(&open)
                        .and_then(|(_, r)| r.split_once(&format!("</{tag}>")))
                        .map_or("", |(v, _)| v)
                        .to_string()
                };
                let text = format!("{}\n{}", field("contenttitle"), field("content"));
                texts.push((meta.clone(), normalize(&text).text));
            }
        } else {
            texts.push((meta, normalize(&d.text).text));
        }
    }
    texts
}

fn bench(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let rules = Rules::builtin();
    let mut group = c.benchmark_group("structure");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function(
        format!("whole corpus ({} texts, {} bytes)", texts.len(), bytes),
        |b| {
            b.iter(|| {
                for (meta, text) in &texts {
                    black_box(structure_with(black_box(text), meta, rules));
                }
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
