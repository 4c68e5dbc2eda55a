//! Settings: defaults < `config.yaml` < command line, resolved into [`Options`]. The only
//! module that knows the configuration file's YAML ([`config`]); each stage and writer defines
//! its own options type and gets it from here.

pub mod config;
pub mod overrides;
pub mod resolve;
