//! The batch run: discover the sources, survey them against the manifest, convert the changed
//! ones in parallel in groups, commit each group's files, write the report and the manifest.

pub mod books;
pub mod discover;
pub mod lock;
pub mod manifest;
pub mod progress;
pub mod run;
pub mod signals;
