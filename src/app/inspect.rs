//! `newsbind inspect FILE`: one article's model as JSON on standard output, through the same
//! read path as `convert` (config, encoding rules, structure rules, overrides); `--explain`
//! prints each line's role and the rule that gave it instead.

use crate::batch::options::DEFAULT_MAX_INPUT_BYTES;
use crate::cli::InspectArgs;
use crate::model::diag::Error;
use crate::model::Source;
use crate::read::{explain, read_article};
use crate::report::ExitStatus;
use crate::settings::overrides::resolve_overrides;
use crate::settings::resolve::{load_config, resolve_read};
use crate::writer::json::to_json;

/// Runs `newsbind inspect`.
pub fn run(args: &InspectArgs) -> Result<ExitStatus, Error> {
    let config = load_config(&args.common)?;
    let opts = resolve_read(&args.common, &config, resolve_overrides(&args.overrides)?)?;
    let (source, bytes) = if super::oneoff::is_stdio(&args.file) {
        let source = super::oneoff::stdin_source();
        let limit = config.max_input_bytes.unwrap_or(DEFAULT_MAX_INPUT_BYTES);
        let bytes = super::oneoff::read_limited(std::io::stdin().lock(), limit, &source.display)?;
        (source, bytes)
    } else {
        let bytes = std::fs::read(&args.file).map_err(|e| Error::Input {
            path: args.file.clone(),
            message: match e.kind() {
                std::io::ErrorKind::NotFound => {
                    "no such file; check the path (`-` reads standard input)".into()
                }
                _ => e.to_string(),
            },
        })?;
        let source = Source {
            path: args.file.clone(),
            display: args.file.to_string_lossy().replace('\\', "/"),
            stem: String::new(),
        };
        (source, bytes)
    };
    let built = if args.explain {
        explain(&bytes, &source, &opts).map(String::into_bytes)
    } else {
        read_article(&bytes, &source, &opts).map(|a| to_json(&a.value))
    };
    match built {
        Ok(output) => {
            super::write_stdout(&output)?;
            Ok(ExitStatus::Ok)
        }
        Err(e) => {
            eprintln!("newsbind: failed: {}", e.message);
            Ok(ExitStatus::Failed)
        }
    }
}
