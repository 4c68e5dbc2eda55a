//! Decode + normalise throughput over the whole test corpus (`../shared/corpus`), in MB/s of
//! source bytes on one core: `cargo bench --bench decode`.
//!
//! Every `.txt` and `.dat` file is read into memory first, so only decoding (`auto`: BOM,
//! UTF-8 check, Big5/GB18030 strict decodes, chardetng on ambiguous files) and normalisation
//! are measured. Each benchmark runs twice: on the wall clock (`wall/…`), and on this thread's
//! CPU time (`cpu/…`), which is the one-core figure even when other processes share the
//! machine's cores.

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsbind::text::decode::{decode_with, DecodeOptions};
use newsbind::text::normalize::{normalize_with, NormalizeOptions};
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

fn decode_and_normalise<M: Measurement>(c: &mut Criterion<M>, clock: &str) {
    let files = corpus();
    let bytes: usize = files.iter().map(Vec::len).sum();
    let opts = NormalizeOptions::default();
    let mut group = c.benchmark_group(clock);
    group.throughput(Throughput::BytesDecimal(bytes as u64));
    group.sample_size(20);
    group.bench_function(format!("decode+normalise {} files", files.len()), |b| {
        b.iter(|| {
            let mut len = 0usize;
            for f in &files {
                if let Ok(d) = decode_with(f, DecodeOptions::default()) {
                    len += normalize_with(&d.text, &opts).text.len();
                }
            }
            black_box(len)
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

/// CPU time of the calling thread, in nanoseconds.
struct ThreadCpuTime;

fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "CLOCK_THREAD_CPUTIME_ID is available on Linux");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

impl Measurement for ThreadCpuTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns() - start
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

/// Shows CPU nanoseconds as milliseconds and throughput in MB/s (decimal).
struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, _typical: f64, values: &mut [f64]) -> &'static str {
        values.iter_mut().for_each(|v| *v /= 1e6);
        "ms (CPU)"
    }
    fn scale_throughputs(&self, _typical: f64, t: &Throughput, values: &mut [f64]) -> &'static str {
        let bytes = match *t {
            Throughput::Bytes(b) | Throughput::BytesDecimal(b) => b as f64,
            Throughput::Elements(n) => n as f64,
            Throughput::Bits(b) => b as f64 / 8.0,
            Throughput::ElementsAndBytes { bytes, .. } => bytes as f64,
        };
        values.iter_mut().for_each(|v| *v = bytes * 1e3 / *v);
        "MB/s (CPU)"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn wall(c: &mut Criterion) {
    decode_and_normalise(c, "wall");
}

fn cpu(c: &mut Criterion<ThreadCpuTime>) {
    decode_and_normalise(c, "cpu");
}

criterion_group!(wall_clock, wall);
criterion_group! {
    name = cpu_clock;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = cpu
}
criterion_main!(wall_clock, cpu_clock);
