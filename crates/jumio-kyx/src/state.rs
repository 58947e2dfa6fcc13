//! State shared by every request of one client: where each host family lives and how to
//! authenticate. Progenitor stores it in the generated client (`with_inner_type`), so the hooks
//! in `hooks.rs` can read it.

use std::fmt;
use std::sync::{Arc, RwLock};

use crate::redact::Secret;
use crate::routing::BaseUrls;

/// Per-client state visible to the request hooks. Cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct ClientState {
    pub(crate) shared: Arc<Shared>,
}

pub(crate) struct Shared {
    pub(crate) base_urls: BaseUrls,
    pub(crate) bearer: RwLock<Option<Secret>>,
}

impl ClientState {
    /// State for a client talking to the given hosts, with no credentials yet.
    pub fn new(base_urls: BaseUrls) -> Self {
        Self {
            shared: Arc::new(Shared {
                base_urls,
                bearer: RwLock::new(None),
            }),
        }
    }

    /// The hosts this client talks to.
    pub fn base_urls(&self) -> &BaseUrls {
        &self.shared.base_urls
    }

    /// Sets the bearer token sent on every authenticated request.
    pub fn set_bearer_token(&self, token: Secret) {
        *self
            .shared
            .bearer
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(token);
    }

    pub(crate) fn bearer_token(&self) -> Option<Secret> {
        self.shared
            .bearer
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("base_urls", &self.shared.base_urls)
            .field("bearer", &self.bearer_token())
            .finish()
    }
}
