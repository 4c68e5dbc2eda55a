//! `newsbind merge-reports`: the shard reports of one job → one report (`report::merge`), to
//! standard output or atomically to a file; exit 1 when any article failed.

use crate::cli::MergeReportsArgs;
use crate::model::diag::Error;
use crate::report::ExitStatus;

/// Runs `newsbind merge-reports`.
pub fn run(args: &MergeReportsArgs) -> Result<ExitStatus, Error> {
    let mut reports = Vec::new();
    for path in &args.reports {
        let read_err = |message: String| Error::Input {
            path: path.clone(),
            message,
        };
        let bytes = std::fs::read(path).map_err(|e| read_err(e.to_string()))?;
        reports.push(
            serde_json::from_slice(&bytes).map_err(|e| read_err(format!("not a report: {e}")))?,
        );
    }
    let merged = crate::report::merge(&reports).map_err(Error::Usage)?;
    let mut bytes = serde_json::to_vec_pretty(&merged).expect("JSON values serialise");
    bytes.push(b'\n');
    match &args.output {
        Some(path) => super::write_file(path, &bytes)?,
        None => super::write_stdout(&bytes)?,
    }
    let failed = merged["totals"]["failed"].as_u64().unwrap_or(0);
    Ok(if failed > 0 {
        ExitStatus::Failed
    } else {
        ExitStatus::Ok
    })
}
