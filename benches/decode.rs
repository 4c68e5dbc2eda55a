//! Decode + normalise throughput over the whole test corpus (`../shared/corpus`), in MB/s of
//! source bytes on one core: `cargo bench --bench decode`.
//!
//! Every `.txt` and `.dat` file is read into memory first, so only decoding (`auto`: BOM,
//! UTF-8 check, chardetng detection, strict decode) and normalisation are measured.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsbind::decode::{decode_with, DecodeOptions};
use newsbind::normalize::{normalize_with, NormalizeOptions};
use std::hint::black_box;

fn corpus() -> Vec<Vec<u8>> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("the corpus is readable"))
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x == "txt" || x == "dat")
        })
        .map(|e| std::fs::read(e.path()).expect("the corpus is readable"))
        .collect()
}

fn decode_and_normalise(c: &mut Criterion) {
    let files = corpus();
    let bytes: usize = files.iter().map(Vec::len).sum();
    let opts = NormalizeOptions::default();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function(format!("decode+normalise {} files", files.len()), |b| {
        b.iter(|| {
            let mut chars = 0usize;
            for f in &files {
                if let Ok(d) = decode_with(f, DecodeOptions::default()) {
                    chars += normalize_with(&d.text, &opts).text.len();
                }
            }
            black_box(chars)
        })
    });
    group.bench_function("decode only", |b| {
        b.iter(|| {
            files
                .iter()
                .filter_map(|f| decode_with(f, DecodeOptions::default()).ok())
                .map(|d| d.text.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, decode_and_normalise);
criterion_main!(benches);
