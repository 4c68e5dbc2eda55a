//! `newsbind man` and `newsbind completions`: the manual page (roff) and shell completion
//! scripts, rendered from the same clap definitions as `--help`.

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::model::diag::Error;
use crate::report::ExitStatus;
use clap::CommandFactory;

/// The main page, or a subcommand's (`newsbind-convert(1)`).
pub fn run(args: &ManArgs) -> Result<ExitStatus, Error> {
    let main = Cli::command();
    let cmd = match &args.command {
        None => main,
        Some(name) => {
            let names: Vec<String> = main
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let Some(sub) = main.find_subcommand(name) else {
                return Err(Error::Usage(format!(
                    "no command `{name}`, expected one of {}",
                    names.join(", ")
                )));
            };
            // clap names are `&'static str` without its `string` feature; this runs once.
            let full: &'static str = Box::leak(format!("newsbind-{name}").into_boxed_str());
            sub.clone()
                .name(full)
                .bin_name(format!("newsbind {name}"))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut page)
        .map_err(|e| Error::Usage(format!("cannot render the man page: {e}")))?;
    super::write_stdout(&page)?;
    Ok(ExitStatus::Ok)
}

/// A completion script for one shell.
pub fn completions(args: &CompletionsArgs) -> Result<ExitStatus, Error> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "newsbind", &mut script);
    super::write_stdout(&script)?;
    Ok(ExitStatus::Ok)
}
