//! Structuring throughput on one core: every text of `../shared/corpus/` and of
//! `../shared/corpus2/` (each container's records cut out: SogouCA `<doc>`s, crawler XML, RSS
//! items, `【字段】` headers), decoded and normalised beforehand, structured one after the
//! other. Throughput is in bytes of normalised (UTF-8) text.
//!
//! `cargo bench --bench structure`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsbind::read::container;
use newsbind::structure::{structure_parts, Parts, Rules, SourceMeta};
use newsbind::text::decode::{decode, EncodingChoice};
use newsbind::text::normalize::normalize;
use std::hint::black_box;
use std::path::{Path, PathBuf};

const CORPORA: [&str; 2] = [
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"),
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus2"),
];

/// One text to structure: its metadata, normalised title, author and body, title kind.
type Text = (SourceMeta, String, String, String, bool);

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "txt" || e == "dat" || e == "xml")
        {
            out.push(p);
        }
    }
}

/// Every text of both corpora.
fn corpus() -> Vec<Text> {
    let mut paths = Vec::new();
    for root in CORPORA {
        files(Path::new(root), &mut paths);
    }
    let mut texts = Vec::new();
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(d) = decode(&bytes, EncodingChoice::Auto) else {
            continue;
        };
        let meta = SourceMeta {
            source: path.to_string_lossy().into_owned(),
            stem: path.file_stem().unwrap().to_string_lossy().into_owned(),
            encoding: d.encoding.to_string(),
        };
        let records = container::split(&bytes, &d.text).unwrap_or_else(|| {
            vec![container::Record {
                content: d.text.clone(),
                ..container::Record::default()
            }]
        });
        for r in records {
            texts.push((
                meta.clone(),
                normalize(&r.title).text,
                normalize(&r.author).text,
                normalize(&r.content).text,
                r.title_decks,
            ));
        }
    }
    texts
}

fn bench(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts
        .iter()
        .map(|t| t.1.len() + t.2.len() + t.3.len())
        .sum();
    let rules = Rules::builtin();
    let mut group = c.benchmark_group("structure");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function(
        format!("whole corpus ({} texts, {} bytes)", texts.len(), bytes),
        |b| {
            b.iter(|| {
                for (meta, title, author, body, decks) in &texts {
                    let parts = Parts {
                        title,
                        author,
                        title_decks: *decks,
                        body: black_box(body),
                    };
                    black_box(structure_parts(parts, meta, rules));
                }
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
