//! Panic isolation (issue 9, acceptance 3): a panic while processing one article becomes that
//! article's `failed` outcome with code `internal` and the panic's text; the rest of the batch
//! is converted and written as usual.
//!
//! The fault is injected through the public writer plug-in point, not through anything in the
//! production code: the test hands `pipeline::run_batch` its own [`Writer`] that panics on one
//! marked article. The shipped binary has no way to build such a writer, so the hook cannot be
//! triggered in production.

use newsbind::batch::discover::discover;
use newsbind::batch::run::run_batch;
use newsbind::cli::ConvertArgs;
use newsbind::model::diag::ArticleError;
use newsbind::model::Article;
use newsbind::report::Status;
use newsbind::settings::config::Config;
use newsbind::settings::resolve::resolve_convert;
use newsbind::writer::json::JsonWriter;
use newsbind::writer::Format;
use newsbind::writer::{Artifact, Warned, Writer};

/// The text whose article makes [`Sabotage`] panic.
const MARKER: &str = "请在此处崩溃";

/// A writer that panics (with a message naming the article) when the article's text holds
/// [`MARKER`], and otherwise writes nothing.
struct Sabotage;

impl Writer for Sabotage {
    fn format(&self) -> Format {
        Format::Json
    }

    fn render(&self, article: &Article, _: &str) -> Result<Warned<Vec<Artifact>>, ArticleError> {
        if article.body_text().any(|t| t.contains(MARKER)) {
            panic!("injected fault in {}", article.source);
        }
        Ok(Warned::clean(Vec::new()))
    }
}

#[test]
fn a_panic_in_one_article_fails_only_that_article_and_the_batch_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    let output = dir.path().join("output");
    std::fs::create_dir_all(&input).unwrap();
    let files = [
        ("a.txt", "第一篇\n\n　　这是第一篇文章的正文。\n"),
        ("b.txt", "第二篇\n\n　　请在此处崩溃，这一篇会出错。\n"),
        ("c.txt", "第三篇\n\n　　这是第三篇文章的正文。\n"),
    ];
    for (name, text) in files {
        std::fs::write(input.join(name), text).unwrap();
    }
    for jobs in [1, 2] {
        let args = ConvertArgs {
            paths: vec![input.clone()],
            output: Some(output.clone()),
            formats: Some("json".into()),
            jobs: Some(jobs),
            ..ConvertArgs::default()
        };
        let opts = resolve_convert(&args, &Config::default()).unwrap();
        let sources = discover(&opts.inputs).unwrap();
        let writers: [&dyn Writer; 2] = [&JsonWriter, &Sabotage];

        let outcomes = run_batch(&sources, &opts, &writers).expect("the batch runs to the end");

        let statuses: Vec<Status> = outcomes.iter().map(|o| o.status).collect();
        assert_eq!(
            statuses,
            [Status::Converted, Status::Failed, Status::Converted],
            "jobs = {jobs}"
        );
        let failed = &outcomes[1];
        assert!(failed.source.ends_with("b.txt"), "{}", failed.source);
        let error = failed.error.as_ref().expect("the failed outcome says why");
        assert_eq!(error.code.as_str(), "internal");
        assert!(
            error.message.contains("injected fault in") && error.message.contains("b.txt"),
            "the message carries the panic text: {}",
            error.message
        );
        assert!(failed.outputs.is_empty());
        // The neighbours were written; the failed article left nothing behind.
        assert!(output.join("a.json").is_file() && output.join("c.json").is_file());
        assert!(!output.join("b.json").exists());
        assert_eq!(outcomes[0].outputs, ["a.json"]);
        assert_eq!(outcomes[2].outputs, ["c.json"]);
    }
}
