#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "blocking")]
pub mod blocking;
mod builders_and_accessors;
pub mod callback;
mod capability_summaries;
mod client;
pub mod error;
mod flows;
#[doc(hidden)]
pub mod fuzzing;
pub mod generated;
mod hooks;
pub mod lenient;
mod multipart;
mod rate_limit;
pub mod redact;
pub mod response;
mod retry;
pub mod routing;
mod state;
mod upload;
pub mod validate;
pub mod web;
pub mod workflows;

/// Open enums generated from the spec (see `build.rs`).
mod open_enums {
    include!(concat!(env!("OUT_DIR"), "/open_enums.rs"));
}

pub use capability_summaries::{CAPABILITY_ORDER, CapabilitySummary};
pub use client::{Client, ClientBuilder, Download};
pub use error::{Error, ErrorKind, MigrationError};
pub use flows::{
    DOCUMENTED_POLL_TIMES, IdentityVerification, PollSchedule, PreparedDataVerification,
    StartedWorkflow, WaitOptions,
};
pub use lenient::{CurrentAge, Timestamp, WorkflowKey};
pub use progenitor_client::{ByteStream, ResponseValue};
pub use retry::{Idempotency, RetryPolicy};
pub use routing::{BaseUrls, HostFamily, Region};
pub use state::{ClientState, Credentials};
pub use upload::ImageSource;

/// The OpenAPI description this crate was generated from (`openapi/jumio-kyx.yaml`).
pub const SPEC: &str = include_str!(concat!(env!("OUT_DIR"), "/jumio-kyx.yaml"));

/// Every request and response type of the spec.
pub mod types {
    pub use crate::error::serde_messages::from_json;
    pub use crate::generated::types::*;
    pub use crate::lenient::{CurrentAge, Timestamp, WorkflowKey};
    pub use crate::open_enums::*;
    pub use crate::redact::{Opaque, Pii, Secret};
}

/// The repository README's Rust examples, compiled as doctests (only under `cargo test`, so
/// the packaged crate does not need the file).
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
mod repository_readme {}
