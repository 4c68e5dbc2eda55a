//! Settings: defaults < `config.yaml` < command line, resolved into the run's
//! [`Options`](crate::batch::options::Options). The only module that knows the configuration
//! file's YAML ([`config`]); each stage and writer defines its own options type and gets it
//! filled in here ([`resolve`]); the command line's overrides ([`overrides`]) and the shard a
//! copy runs ([`shard`]) are resolved here too, and the language and faces of each script
//! ([`script`]).

pub mod config;
pub mod overrides;
pub mod resolve;
pub mod script;
pub mod shard;
