//! The low-level client generated from `openapi/jumio-kyx.yaml` by progenitor at build time
//! (`build.rs`). Nothing in this module is written by hand; the hand-written multipart operations
//! (`upload_part`, `replace_part`) are added to [`Client`] by `multipart.rs`.
//!
//! Every method is a builder named after the operationId: `client.get_workflow_status()
//! .account_id(..).workflow_execution_id(..).send().await`. Requests pass through the hooks of
//! `hooks.rs` (routing to the right host family, authentication).
#![allow(missing_docs, clippy::all, unused_qualifications)]

include!(concat!(env!("OUT_DIR"), "/codegen.rs"));

include!(concat!(env!("OUT_DIR"), "/defaults.rs"));
