//! # jumio-kyx
//!
//! A typed, PII-safe client for Jumio's KYX identity-verification platform, generated at build
//! time from the OpenAPI description in `openapi/jumio-kyx.yaml`.
//!
//! * [`generated::Client`]: every operation of the spec as a builder, plus the hand-written
//!   multipart uploads.
//! * [`types`]: every request and response body. Enums are open (unknown values are kept in
//!   `Unknown`), unknown fields are kept in `extra`, and personal data and secrets are wrapped in
//!   [`redact::Pii`] / [`redact::Secret`], which never print their value.
//! * [`routing`]: regions and host families.
#![warn(missing_docs)]

pub mod generated;
mod hooks;
pub mod lenient;
mod multipart;
pub mod redact;
pub mod routing;
mod state;

/// Open enums generated from the spec (see `build.rs`).
mod open_enums {
    include!(concat!(env!("OUT_DIR"), "/open_enums.rs"));
}

pub use lenient::{CurrentAge, Timestamp, WorkflowKey};
pub use multipart::UploadPart;
pub use progenitor_client::{ByteStream, Error as GeneratedError, ResponseValue};
pub use state::ClientState;

/// The OpenAPI description this crate was generated from (`openapi/jumio-kyx.yaml`).
pub const SPEC: &str = include_str!("../openapi/jumio-kyx.yaml");

/// Every request and response type of the spec.
pub mod types {
    pub use crate::generated::types::*;
    pub use crate::lenient::{CurrentAge, Timestamp, WorkflowKey};
    pub use crate::open_enums::*;
    pub use crate::redact::{Opaque, Pii, Secret};
}
