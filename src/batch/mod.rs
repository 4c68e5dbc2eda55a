//! The batch run: discover the sources ([`discover`]), survey them against the state database
//! ([`plan`], [`state`]), convert the changed ones in parallel in groups ([`run`]), commit each
//! group's files and record the group in the database, bind books ([`books`]), write the report.
//! One-off conversions use the same read path and writer set without this module's state.

pub mod books;
pub mod discover;
pub mod fingerprint;
pub mod lock;
pub mod options;
pub mod plan;
pub mod progress;
pub mod run;
pub mod signals;
pub mod state;
