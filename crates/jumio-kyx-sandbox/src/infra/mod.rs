//! How the sandbox runs: configuration and its command line, TLS and real host names, who may
//! reach it (`guard`), the request log, fault rules and rate limits, the sample images, and the hooks of the fuzz targets.

pub mod cli;
pub mod config;
pub mod faults;
#[doc(hidden)]
pub mod fuzzing;
pub mod guard;
pub mod hosts;
pub mod journal;
pub mod log;
pub mod samples;
pub(crate) mod state_dir;
pub(crate) mod tls;
