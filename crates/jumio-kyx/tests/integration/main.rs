//! The client's integration tests, one binary: a module per concern, so that the crate and its
//! dependencies are linked once rather than once per file. Four stay binaries of their own, each
//! because it depends on process-wide state: `soak` (its own main), `seen_callbacks_memory` (a
//! counting global allocator), `environment` (it writes the process environment) and
//! `client_redaction` (it captures every trace of the process).

mod support;

#[cfg(feature = "axum")]
mod axum_receiver;
mod bad_inputs;
#[cfg(feature = "blocking")]
mod blocking;
mod client_auth;
mod client_callbacks_and_flows;
mod client_operations;
mod client_preflight;
mod client_retries;
mod conformance;
mod fixtures;
mod forward_compat;
mod hostile;
mod hostile_input;
mod reader_uploads;
mod region_tls;
mod spec_operations;
mod web;
