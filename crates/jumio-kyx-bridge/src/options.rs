//! The options of a client as the bindings pass them, and the client they build.

use std::collections::BTreeMap;

use serde_json::Value;

use super::seconds_field;
use jumio_kyx::{Client, ClientBuilder, Error, RetryPolicy, validate};

/// The options of a client, as the Python and Node packages pass them: camelCase (Node) or
/// snake_case (Python) names, `null` for unset; times in seconds. Unknown names are refused, so a
/// typo is not silently ignored.
///
/// ```
/// use jumio_kyx_bridge::client_from_options;
/// let client = client_from_options(serde_json::json!({
///     "baseUrl": "http://127.0.0.1:4010", "clientId": "id", "clientSecret": "secret",
///     "userAgent": "Acme/1.0", "initialBackoff": 0.05,
/// })).unwrap();
/// let error = client_from_options(serde_json::json!({"region": "US", "userAgent": "A/1", "deadline": -1})).unwrap_err();
/// assert_eq!(error.field(), Some("deadline"));
/// ```
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientOptions {
    /// Start from `JUMIO_*` environment variables ([`ClientBuilder::from_env`]).
    #[serde(default, alias = "from_env")]
    pub from_env: Option<bool>,
    /// `US`, `EU`, `SG` (or `amer-1`, …).
    #[serde(default)]
    pub region: Option<String>,
    /// One base URL for every host family (a sandbox).
    #[serde(default, alias = "base_url")]
    pub base_url: Option<String>,
    /// OAuth2 client id.
    #[serde(default, alias = "client_id")]
    pub client_id: Option<String>,
    /// OAuth2 client secret.
    #[serde(default, alias = "client_secret")]
    pub client_secret: Option<jumio_kyx::types::Secret>,
    /// HTTP Basic API token (deprecated by Jumio).
    #[serde(default, alias = "api_token")]
    pub api_token: Option<String>,
    /// HTTP Basic API secret.
    #[serde(default, alias = "api_secret")]
    pub api_secret: Option<jumio_kyx::types::Secret>,
    /// The User-Agent naming your company and application.
    #[serde(default, alias = "user_agent")]
    pub user_agent: Option<String>,
    /// Seconds allowed to connect.
    #[serde(default, alias = "connect_timeout", deserialize_with = "seconds_field")]
    pub connect_timeout: Option<f64>,
    /// Seconds allowed for one HTTP request.
    #[serde(default, alias = "request_timeout", deserialize_with = "seconds_field")]
    pub request_timeout: Option<f64>,
    /// Seconds allowed for a whole call, retries included.
    #[serde(default, deserialize_with = "seconds_field")]
    pub deadline: Option<f64>,
    /// An HTTP(S) proxy URL.
    #[serde(default)]
    pub proxy: Option<String>,
    /// Retries after failures other than 429.
    #[serde(default, alias = "max_retries")]
    pub max_retries: Option<u32>,
    /// Retries after 429s.
    #[serde(default, alias = "max_rate_limit_retries")]
    pub max_rate_limit_retries: Option<u32>,
    /// Seconds before the first retry.
    #[serde(default, alias = "initial_backoff", deserialize_with = "seconds_field")]
    pub initial_backoff: Option<f64>,
    /// Longest wait between attempts, in seconds.
    #[serde(default, alias = "max_backoff", deserialize_with = "seconds_field")]
    pub max_backoff: Option<f64>,
    /// Wait client-side to stay within Jumio's published rate limits.
    #[serde(default, alias = "rate_limit")]
    pub rate_limit: Option<bool>,
    /// Upload size limit checked before sending.
    #[serde(default, alias = "max_upload_bytes")]
    pub max_upload_bytes: Option<u64>,
    /// Largest JSON response body read.
    #[serde(default, alias = "max_response_bytes")]
    pub max_response_bytes: Option<u64>,
    /// Largest part download.
    #[serde(default, alias = "max_download_bytes")]
    pub max_download_bytes: Option<u64>,
    /// More root certificates to trust, PEM.
    #[serde(default, alias = "root_certificates")]
    pub root_certificates: Option<Vec<String>>,
    /// Host name → `ip:port` to use instead of DNS.
    #[serde(default)]
    pub resolve: Option<BTreeMap<String, String>>,
}

impl ClientOptions {
    /// The builder these options describe. Every time is checked (finite, more than zero,
    /// bounded) and a bad one is a validation error naming its option.
    pub fn builder(&self) -> Result<ClientBuilder, Error> {
        let secs = |name: &str, v: Option<f64>| {
            v.map(|s| validate::seconds(name, s, validate::MAX_CALLER_DURATION))
                .transpose()
        };
        let mut b = if self.from_env == Some(true) {
            ClientBuilder::from_env()?
        } else {
            Client::builder()
        };
        if let Some(r) = &self.region {
            b = b.region(
                r.parse()
                    .map_err(|e: String| Error::validation("region", e))?,
            );
        }
        if let Some(u) = &self.base_url {
            b = b.base_url(u);
        }
        match (&self.client_id, &self.client_secret) {
            (Some(id), Some(secret)) => b = b.credentials(id, secret.expose()),
            (None, None) => {}
            _ => {
                return Err(Error::validation(
                    "client_secret",
                    "client id and secret go together",
                ));
            }
        }
        match (&self.api_token, &self.api_secret) {
            (Some(t), Some(secret)) => b = b.basic_credentials(t, secret.expose()),
            (None, None) => {}
            _ => {
                return Err(Error::validation(
                    "api_secret",
                    "API token and secret go together",
                ));
            }
        }
        if let Some(ua) = &self.user_agent {
            b = b.user_agent(ua);
        }
        if let Some(t) = secs("connect_timeout", self.connect_timeout)? {
            b = b.connect_timeout(t);
        }
        if let Some(t) = secs("request_timeout", self.request_timeout)? {
            b = b.request_timeout(t);
        }
        if let Some(t) = secs("deadline", self.deadline)? {
            b = b.deadline(t);
        }
        if let Some(p) = &self.proxy {
            b = b.proxy(p);
        }
        // Each retry setting applies on its own (a backoff without a retry count used to be
        // ignored by the bindings).
        let mut policy = RetryPolicy::default();
        if let Some(n) = self.max_retries {
            policy.max_retries = n;
        }
        if let Some(n) = self.max_rate_limit_retries {
            policy.max_rate_limit_retries = n;
        }
        if let Some(t) = secs("max_backoff", self.max_backoff)? {
            policy.max_backoff = t;
        }
        if let Some(t) = secs("initial_backoff", self.initial_backoff)? {
            policy.initial_backoff = t;
        }
        b = b.retry_policy(policy);
        if let Some(r) = self.rate_limit {
            b = b.rate_limit(r);
        }
        if let Some(m) = self.max_upload_bytes {
            b = b.max_upload_bytes(m);
        }
        if let Some(m) = self.max_response_bytes {
            b = b.max_response_bytes(m);
        }
        if let Some(m) = self.max_download_bytes {
            b = b.max_download_bytes(m);
        }
        for pem in self.root_certificates.iter().flatten() {
            b = b.root_certificates_pem(pem);
        }
        for (host, addr) in self.resolve.iter().flatten() {
            let addr = addr.parse().map_err(|_| {
                Error::validation("resolve", "maps host names to addresses as `ip:port`")
            })?;
            b = b.resolve(host, addr);
        }
        Ok(b)
    }
}

/// A client from options as JSON (see [`ClientOptions`]); nothing is sent.
pub fn client_from_options(options: Value) -> Result<Client, Error> {
    let options: ClientOptions = if options.is_null() {
        ClientOptions::default()
    } else {
        // An option is named the same in every language's errors: snake_case.
        jumio_kyx::types::from_json("options", options).map_err(|e| {
            let field = e.field().map_or_else(|| "options".to_string(), snake_case);
            Error::validation(field, e.detail().unwrap_or("is not valid"))
        })?
    };
    options.builder()?.build()
}

/// `retryAfter` → `retry_after`: how an option or error field is named in Python (and in every
/// language's validation errors).
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
