//! `newsbind init`: writes the commented default configuration (exactly the repository's
//! `config.yaml`), atomically, refusing to overwrite without `--force`.

use crate::cli::InitArgs;
use crate::model::diag::Error;
use crate::report::ExitStatus;

/// The commented default configuration, exactly the repository's `config.yaml`.
const DEFAULT_CONFIG: &str = include_str!("../../config.yaml");

/// Runs `newsbind init`.
pub fn run(args: &InitArgs) -> Result<ExitStatus, Error> {
    if args.file.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} exists; pass --force to overwrite it",
            args.file.display()
        )));
    }
    super::write_file(&args.file, DEFAULT_CONFIG.as_bytes())?;
    eprintln!("newsbind: wrote {}", args.file.display());
    Ok(ExitStatus::Ok)
}
