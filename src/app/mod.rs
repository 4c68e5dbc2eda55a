//! The subcommands, one file each: what `main` runs after parsing the command line. Each
//! returns an [`ExitStatus`](crate::report::ExitStatus) or a fatal [`Error`](crate::model::diag::Error).

pub mod doctor;
pub mod oneoff;
