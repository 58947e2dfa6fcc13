//! The low-level client generated from `openapi/jumio-kyx.yaml` by progenitor at build time
//! (`build.rs`). Nothing in this module is written by hand; the hand-written multipart operations
//! (`upload_part`, `replace_part`) are added to [`Client`] by `multipart.rs`.
//!
//! Every method is named after the operationId and takes the path parameters, then the body, in
//! order: `client.get_workflow_status(account_id, workflow_execution_id).await`. Requests pass
//! through the hooks of `hooks.rs` (routing to the right host family, authentication).
#![allow(missing_docs, clippy::all, unused_qualifications)]

include!(concat!(env!("OUT_DIR"), "/codegen.rs"));

include!(concat!(env!("OUT_DIR"), "/defaults.rs"));
