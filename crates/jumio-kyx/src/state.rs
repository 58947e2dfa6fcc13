//! State shared by every request of one client and visible to the request hooks (progenitor's
//! `with_inner_type`): where each host family lives, the User-Agent, the credentials, the cached
//! OAuth2 token and the transaction tokens of the workflows this client started.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;

use crate::redact::Secret;
use crate::response::Limits;
use crate::routing::{BaseUrls, HostFamily};

/// How the client authenticates.
#[derive(Clone)]
pub enum Credentials {
    /// OAuth2 client credentials: a bearer token is fetched, cached and refreshed.
    OAuth2 {
        /// The OAuth2 client id.
        client_id: String,
        /// The OAuth2 client secret.
        client_secret: Secret,
    },
    /// HTTP Basic with an API token and secret (deprecated by Jumio; opt-in).
    Basic {
        /// The API token.
        api_token: String,
        /// The API secret.
        api_secret: Secret,
    },
    /// No credentials: only the health check and calls with an explicit token work.
    None,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OAuth2 { .. } => f.write_str("OAuth2(<redacted>)"),
            Self::Basic { .. } => f.write_str("Basic(<redacted>)"),
            Self::None => f.write_str("None"),
        }
    }
}

/// A cached OAuth2 access token.
#[derive(Clone)]
pub(crate) struct CachedToken {
    pub(crate) token: Secret,
    /// Its `Authorization` header ([`bearer`]), made once rather than every request.
    pub(crate) bearer: Option<HeaderValue>,
    /// Refresh from this instant on (some time before expiry).
    pub(crate) refresh_at: Instant,
    pub(crate) expires_at: Instant,
}

impl CachedToken {
    /// Whether it is still before its refresh time (nothing to fetch).
    pub(crate) fn is_fresh(&self) -> bool {
        self.refresh_at > Instant::now()
    }
}

/// The `Authorization` header of a bearer token (OAuth2 or transaction), marked sensitive;
/// `None` when the token is not a valid header value (it is then not sent).
pub(crate) fn bearer(token: &Secret) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose())).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Per-client state visible to the request hooks. Cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct ClientState {
    pub(crate) shared: Arc<Shared>,
}

pub(crate) struct Shared {
    pub(crate) base_urls: BaseUrls,
    /// The path of each family's base URL (`/prefix` behind a proxy; empty usually).
    pub(crate) path_prefixes: [String; 5],
    pub(crate) limits: Limits,
    /// The User-Agent the request hook sets on each request: `None` when the HTTP client sends
    /// it itself (the one the builder makes does).
    pub(crate) user_agent: Option<HeaderValue>,
    /// Whether the HTTP client may follow a redirect by itself, so that the request hook must
    /// check where each answer came from. A client passed in with
    /// [`crate::ClientBuilder::http_client`] may; the one the builder makes does not
    /// (`Policy::none()`: a 3xx reaches the hook as it is and is refused by its status).
    pub(crate) may_follow_redirects: bool,
    pub(crate) credentials: Credentials,
    pub(crate) request_timeout: Option<Duration>,
    pub(crate) token: RwLock<Option<CachedToken>>,
    /// Serializes token fetches (single flight).
    pub(crate) token_gate: tokio::sync::Mutex<()>,
    /// Transaction tokens (`api.token`) by workflow execution id, newest last.
    pub(crate) transaction_tokens: Mutex<TransactionTokens>,
}

/// A bounded map of transaction tokens.
#[derive(Default)]
pub(crate) struct TransactionTokens {
    by_workflow: HashMap<String, Secret>,
    order: VecDeque<String>,
}

/// At most this many transaction tokens are remembered (oldest forgotten first).
const MAX_TRANSACTION_TOKENS: usize = 10_000;

impl TransactionTokens {
    pub(crate) fn insert(&mut self, workflow: String, token: Secret) {
        if self.by_workflow.insert(workflow.clone(), token).is_none() {
            self.order.push_back(workflow);
        }
        while self.order.len() > MAX_TRANSACTION_TOKENS {
            if let Some(old) = self.order.pop_front() {
                self.by_workflow.remove(&old);
            }
        }
    }

    pub(crate) fn get(&self, workflow: &str) -> Option<&Secret> {
        self.by_workflow.get(workflow)
    }

    pub(crate) fn remove(&mut self, workflow: &str) {
        if self.by_workflow.remove(workflow).is_some() {
            self.order.retain(|w| w != workflow);
        }
    }
}

impl ClientState {
    /// State for a client talking to the given hosts, with no credentials and no User-Agent.
    /// [`crate::Client::builder`] is the usual way to get one.
    pub fn new(base_urls: BaseUrls) -> Self {
        Self::with(
            base_urls,
            None,
            false,
            Credentials::None,
            None,
            Limits::default(),
        )
    }

    /// The path of a family's base URL, which every request path of that family starts with.
    pub(crate) fn path_prefix(&self, family: HostFamily) -> &str {
        &self.shared.path_prefixes[family as usize]
    }

    /// `own_http_client`: the HTTP client is the one the builder made, which sends the
    /// User-Agent itself and follows no redirects; the hooks then do neither for it.
    pub(crate) fn with(
        base_urls: BaseUrls,
        user_agent: Option<HeaderValue>,
        own_http_client: bool,
        credentials: Credentials,
        request_timeout: Option<Duration>,
        limits: Limits,
    ) -> Self {
        let path_prefixes = HostFamily::ALL.map(|f| {
            reqwest::Url::parse(base_urls.get(f))
                .map(|u| u.path().trim_end_matches('/').to_string())
                .unwrap_or_default()
        });
        Self {
            shared: Arc::new(Shared {
                base_urls,
                path_prefixes,
                limits,
                user_agent: user_agent.filter(|_| !own_http_client),
                may_follow_redirects: !own_http_client,
                credentials,
                request_timeout,
                token: RwLock::new(None),
                token_gate: tokio::sync::Mutex::new(()),
                transaction_tokens: Mutex::new(TransactionTokens::default()),
            }),
        }
    }

    /// The hosts this client talks to.
    pub fn base_urls(&self) -> &BaseUrls {
        &self.shared.base_urls
    }

    /// The cached OAuth2 token, if one is valid.
    pub(crate) fn cached_token(&self) -> Option<CachedToken> {
        let guard = self.shared.token.read().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .filter(|t| t.expires_at > Instant::now())
            .cloned()
    }

    /// The cached token's `Authorization` header, unless it expired.
    pub(crate) fn cached_bearer(&self) -> Option<HeaderValue> {
        let guard = self.shared.token.read().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .filter(|t| t.expires_at > Instant::now())
            .and_then(|t| t.bearer.clone())
    }

    /// Whether the cached token is still before its refresh time (nothing to fetch).
    pub(crate) fn has_fresh_token(&self) -> bool {
        let guard = self.shared.token.read().unwrap_or_else(|e| e.into_inner());
        guard.as_ref().is_some_and(CachedToken::is_fresh)
    }

    pub(crate) fn store_token(&self, token: CachedToken) {
        *self.shared.token.write().unwrap_or_else(|e| e.into_inner()) = Some(token);
    }

    /// Forgets the cached token if it is still `token` (a concurrent refresh may have replaced it).
    pub(crate) fn invalidate_token(&self, token: &Secret) {
        let mut guard = self.shared.token.write().unwrap_or_else(|e| e.into_inner());
        if guard.as_ref().is_some_and(|t| &t.token == token) {
            *guard = None;
        }
    }

    pub(crate) fn remember_transaction_token(&self, workflow: &str, token: Secret) {
        self.shared
            .transaction_tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(workflow.to_string(), token);
    }

    pub(crate) fn transaction_token(&self, workflow: &str) -> Option<Secret> {
        self.shared
            .transaction_tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(workflow)
            .cloned()
    }

    pub(crate) fn forget_transaction_token(&self, workflow: &str) {
        self.shared
            .transaction_tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(workflow);
    }
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("base_urls", &self.shared.base_urls)
            .field("credentials", &self.shared.credentials)
            .field("token_cached", &self.cached_token().is_some())
            .finish_non_exhaustive()
    }
}
