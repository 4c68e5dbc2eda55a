//! The whole article path, bytes → every format, in memory: `pipeline::build_article`, then the
//! EPUB, XHTML, PDF and JSON writers. Never panics; every writer either renders or returns an
//! error, and renders the same bytes twice. Fonts are loaded once (they need
//! `fonts-noto-cjk`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsbind::cli::ConvertArgs;
use newsbind::config::Config;
use newsbind::decode::EncodingChoice;
use newsbind::discover::Source;
use newsbind::options::{resolve_convert, Options};
use newsbind::pipeline::build_article;
use newsbind::writer::epub::EpubWriter;
use newsbind::writer::json::JsonWriter;
use newsbind::writer::pdf::{FontSet, PdfWriter};
use newsbind::writer::xhtml::XhtmlWriter;
use newsbind::writer::Writer;
use std::sync::OnceLock;

fn setup() -> &'static (Options, FontSet) {
    static SETUP: OnceLock<(Options, FontSet)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let args = ConvertArgs {
            formats: Some("epub,xhtml,pdf,json".into()),
            ..ConvertArgs::default()
        };
        let opts = resolve_convert(&args, &Config::default()).expect("default options");
        let fonts = FontSet::load(&opts.pdf).expect("the CJK fonts are installed");
        (opts, fonts)
    })
}

fuzz_target!(|data: &[u8]| {
    let (opts, fonts) = setup();
    let source = Source {
        path: "fuzz/article.txt".into(),
        display: "fuzz/article.txt".into(),
        stem: "article".into(),
    };
    let Ok(built) = build_article(data, &source, EncodingChoice::Auto) else {
        return;
    };
    let writers: [Box<dyn Writer>; 4] = [
        Box::new(EpubWriter {
            opts: opts.epub.clone(),
        }),
        Box::new(XhtmlWriter {
            opts: opts.xhtml.clone(),
        }),
        Box::new(PdfWriter {
            opts: opts.pdf.clone(),
            fonts,
        }),
        Box::new(JsonWriter),
    ];
    for w in &writers {
        let first = w.render(&built.value, &source.stem);
        if let Ok(out) = &first {
            for a in &out.value {
                assert!(!a.bytes.is_empty(), "{} is empty", a.path.display());
            }
        }
        // Reproducibility: rendering again gives the same bytes (no clock, counter or
        // randomness leaks into an output).
        assert!(
            first == w.render(&built.value, &source.stem),
            "{:?} output differs between two renderings",
            w.format()
        );
    }
});
