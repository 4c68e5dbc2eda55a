//! The whole article path, bytes → every format, in memory: `read::read_article`, then the
//! EPUB, XHTML, PDF and JSON writers. Never panics; every writer either renders or returns an
//! error, and renders the same bytes twice. Fonts are loaded once (they need
//! `fonts-noto-cjk`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsbind::batch::options::Options;
use newsbind::cli::ConvertArgs;
use newsbind::fonts::Fonts;
use newsbind::model::Source;
use newsbind::read::read_article;
use newsbind::settings::config::Config;
use newsbind::settings::resolve::resolve_convert;
use newsbind::writer::WriterSet;
use std::sync::OnceLock;

fn setup() -> &'static (Options, Fonts) {
    static SETUP: OnceLock<(Options, Fonts)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let args = ConvertArgs {
            formats: Some("epub,xhtml,pdf,json".into()),
            ..ConvertArgs::default()
        };
        let opts = resolve_convert(&args, &Config::default()).expect("default options");
        let p = &opts.write.pdf;
        let fonts = Fonts::locate(&p.body_font, &p.heading_font, None, true, false)
            .expect("the CJK fonts are installed");
        (opts, fonts)
    })
}

/// The run's writers, made once (the PDF fonts are parsed on first use, once).
fn writers() -> &'static WriterSet<'static> {
    static SET: OnceLock<WriterSet<'static>> = OnceLock::new();
    SET.get_or_init(|| {
        let (opts, fonts) = setup();
        WriterSet::new(&opts.write, fonts).expect("the writers are made")
    })
}

fuzz_target!(|data: &[u8]| {
    let (opts, _) = setup();
    let source = Source {
        path: "fuzz/article.txt".into(),
        display: "fuzz/article.txt".into(),
        stem: "article".into(),
    };
    let Ok(built) = read_article(data, &source, &opts.read) else {
        return;
    };
    let writers = writers().article_writers();
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
