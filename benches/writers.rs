//! Criterion benchmarks of the writer stages on real corpus articles: XHTML rendering, EPUB
//! packaging, PDF layout and PDF writing (layout + printpdf + subsetting + compression).
//!
//! Run with `cargo bench --bench writers`; figures are articles per second on one core.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsbind::fonts::Fonts;
use newsbind::model::Article;
use newsbind::model::Source;
use newsbind::read::{read_article, ReadOptions};
use newsbind::settings::resolve::resolve_convert;
use newsbind::text::decode::EncodingChoice;
use newsbind::writer::epub::EpubWriter;
use newsbind::writer::lang::Language;
use newsbind::writer::pdf::{FontSet, PdfWriter};
use newsbind::writer::xhtml;
use std::hint::black_box;
use std::path::Path;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// Up to `per_source` articles from each one-article-per-file corpus folder, in name order.
fn sample(per_source: usize) -> Vec<Article> {
    let mut articles = Vec::new();
    for dir in [
        "rmrb_2019_2020_utf8",
        "sogouc_reduced_gbk",
        "sogouc_mini_utf8",
    ] {
        let mut files: Vec<_> = walkdir::WalkDir::new(Path::new(CORPUS).join(dir))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
            .map(|e| e.into_path())
            .collect();
        files.truncate(per_source * 3);
        let mut taken = 0;
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let source = Source {
                display: path.display().to_string(),
                stem: "a".into(),
                path,
            };
            if let Ok(a) = read_article(
                &bytes,
                &source,
                &ReadOptions::with_encoding(EncodingChoice::Auto),
            ) {
                if !a.value.blocks.is_empty() {
                    articles.push(a.value);
                    taken += 1;
                }
            }
            if taken == per_source {
                break;
            }
        }
    }
    articles
}

fn writers(c: &mut Criterion) {
    let articles = sample(20);
    let opts = resolve_convert(&Default::default(), &Default::default()).unwrap();
    let mut g = c.benchmark_group("writers");
    g.throughput(Throughput::Elements(articles.len() as u64));
    g.sample_size(10);

    let xopts = opts.write.xhtml.clone();
    g.bench_function("xhtml", |b| {
        b.iter(|| {
            for a in &articles {
                // The language is chosen per article (`language: auto`), as a run does.
                let lang = Language::of_article(&xopts.language, a);
                black_box(xhtml::document(a, &lang.tag, "newsbind.css"));
            }
        })
    });

    let epub = EpubWriter {
        opts: opts.write.epub.clone(),
        fonts: Vec::new(),
    };
    g.bench_function("epub", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(epub.book(a).unwrap());
            }
        })
    });

    let p = &opts.write.pdf;
    let files = Fonts::locate(&p.body_font, &p.heading_font, None, true, false)
        .expect("fonts-noto-cjk is installed");
    let fonts = FontSet::parse(&files).expect("the CJK fonts parse");
    let pdf = PdfWriter {
        opts: p.clone(),
        fonts: &fonts,
    };
    let geometry = pdf.geometry();
    g.bench_function("layout", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(newsbind::layout::layout(a, &geometry, &fonts));
            }
        })
    });
    g.bench_function("pdf", |b| {
        b.iter(|| {
            for a in &articles {
                black_box(pdf.pdf(a).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, writers);
criterion_main!(benches);
