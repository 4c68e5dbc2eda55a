//! The batch run: discover the sources ([`discover`]), survey them against the manifest
//! ([`plan`]), convert the changed ones in parallel in groups ([`run`]), commit each group's
//! files, bind books ([`books`]), write the report and the manifest ([`manifest`]).
//! One-off conversions use the same read path and writer set without this module's state.

pub mod books;
pub mod discover;
pub mod fingerprint;
pub mod lock;
pub mod manifest;
pub mod options;
pub mod plan;
pub mod progress;
pub mod run;
pub mod signals;
