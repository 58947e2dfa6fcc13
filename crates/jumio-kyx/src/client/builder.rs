//! [`ClientBuilder`]: region or base URLs, credentials, User-Agent, timeouts, retries, limits,
//! TLS roots and name overrides.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::{Client, Config};
use crate::error::Error;
use crate::rate_limit::RateLimiter;
use crate::redact::Secret;
use crate::response::Limits;
use crate::retry::RetryPolicy;
use crate::routing::{BaseUrls, HostFamily, Region};
use crate::state::{ClientState, Credentials};
use crate::{generated, validate};

/// Builds a [`Client`]. A region (or base URLs), credentials and a User-Agent are needed.
#[derive(Default)]
pub struct ClientBuilder {
    region: Option<Region>,
    base_urls: Option<BaseUrls>,
    credentials: Option<Credentials>,
    user_agent: Option<String>,
    connect_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    deadline: Option<Duration>,
    proxy: Option<String>,
    http_client: Option<reqwest::Client>,
    retry: Option<RetryPolicy>,
    rate_limit: bool,
    max_upload_bytes: Option<u64>,
    limits: Limits,
    root_certificates: Vec<Vec<u8>>,
    resolve: Vec<(String, std::net::SocketAddr)>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("base_urls", &self.base_urls)
            .field("credentials", &self.credentials)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder preset from the environment: `JUMIO_CLIENT_ID` and `JUMIO_CLIENT_SECRET`
    /// (OAuth2 credentials), `JUMIO_REGION` (`US`, `EU`, `SG` or `amer-1`, …),
    /// `JUMIO_USER_AGENT`, and `JUMIO_BASE_URL` (one URL for every host family, e.g. a sandbox).
    /// Unset variables leave the builder as it is; a malformed one is an error.
    pub fn from_env() -> Result<Self, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let mut b = Self::default();
        if let (Some(id), Some(secret)) = (var("JUMIO_CLIENT_ID"), var("JUMIO_CLIENT_SECRET")) {
            b = b.credentials(id, secret);
        }
        if let Some(r) = var("JUMIO_REGION") {
            b = b.region(
                r.parse()
                    .map_err(|e: String| Error::configuration(format!("JUMIO_REGION: {e}")))?,
            );
        }
        if let Some(ua) = var("JUMIO_USER_AGENT") {
            b = b.user_agent(ua);
        }
        if let Some(url) = var("JUMIO_BASE_URL") {
            b = b.base_url(url);
        }
        Ok(b)
    }

    /// The region whose hosts to use.
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }

    /// One base URL for every host family (a sandbox, a proxy). Overrides the region's hosts.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_urls = Some(BaseUrls::single(url.as_ref()));
        self
    }

    /// The base URL of one host family (others keep the region's, or the single base URL).
    pub fn base_url_for(mut self, family: HostFamily, url: impl AsRef<str>) -> Self {
        let current = self
            .base_urls
            .take()
            .or_else(|| self.region.map(BaseUrls::region))
            .unwrap_or_else(|| BaseUrls::single(url.as_ref()));
        self.base_urls = Some(current.with(family, url.as_ref()));
        self
    }

    /// OAuth2 client credentials (Portal > Settings > API credentials > OAuth2 Clients).
    pub fn credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::OAuth2 {
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
        });
        self
    }

    /// HTTP Basic API credentials instead of OAuth2 (deprecated by Jumio; accepted for account
    /// and retrieval calls).
    pub fn basic_credentials(
        mut self,
        api_token: impl Into<String>,
        api_secret: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::Basic {
            api_token: api_token.into(),
            api_secret: Secret::new(api_secret),
        });
        self
    }

    /// The User-Agent, naming your company and application (`Acme Onboarding/2.1`). Required:
    /// Jumio refuses requests without one.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Time allowed to open a connection (default 10 s; more than zero, at most 30 days).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = Some(t);
        self
    }

    /// Time allowed for one HTTP request, its body included (default 60 s; more than zero, at
    /// most 30 days).
    pub fn request_timeout(mut self, t: Duration) -> Self {
        self.request_timeout = Some(t);
        self
    }

    /// Time allowed for a whole call: the token it needs, every attempt and every wait (default:
    /// none; more than zero, at most 30 days).
    pub fn deadline(mut self, t: Duration) -> Self {
        self.deadline = Some(t);
        self
    }

    /// The largest JSON response body the client reads (default 16 MiB). Larger answers fail
    /// with [`ErrorKind::InvalidResponse`](crate::ErrorKind::InvalidResponse) without being read;
    /// error bodies are read up to 64 KiB at most.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.limits.max_response_bytes = bytes;
        self
    }

    /// The largest part download (default: no limit; downloads are streamed).
    pub fn max_download_bytes(mut self, bytes: u64) -> Self {
        self.limits.max_download_bytes = Some(bytes);
        self
    }

    /// An HTTP(S) proxy for every request.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Your own reqwest client (connection pool, TLS, proxy). The User-Agent and the request
    /// timeout are still applied per request; the connect timeout and proxy settings are yours.
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`: a redirect it follows by
    /// itself is detected and refused, but only after the request went to the other host.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// More root certificates to trust (PEM, one or several), besides the system's: a corporate
    /// proxy that inspects TLS, or a sandbox in region mode (`RunningSandbox::ca_pem`).
    pub fn root_certificates_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates.push(pem.as_ref().to_vec());
        self
    }

    /// Resolves a host name to this address instead of asking DNS (the port, when not 0, is
    /// used whatever the URL's): to reach Jumio through a fixed egress address, or a sandbox
    /// in region mode under the real host names.
    ///
    /// ```no_run
    /// # fn f(sandbox_addr: std::net::SocketAddr, ca_pem: &str) -> Result<(), jumio_kyx::Error> {
    /// let mut b = jumio_kyx::Client::builder()
    ///     .region(jumio_kyx::Region::Eu)
    ///     .credentials("id", "secret")
    ///     .user_agent("Acme/1.0")
    ///     .root_certificates_pem(ca_pem);
    /// for family in jumio_kyx::HostFamily::ALL {
    ///     b = b.resolve(format!("{family}.emea-1.jumio.ai"), sandbox_addr);
    /// }
    /// let client = b.build()?;
    /// # Ok(()) }
    /// ```
    pub fn resolve(mut self, host: impl Into<String>, addr: std::net::SocketAddr) -> Self {
        self.resolve.push((host.into(), addr));
        self
    }

    /// The retry policy (default: 3 retries from 250 ms, doubling, with jitter).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Waits client-side to stay within Jumio's published rate limits (default: off).
    pub fn rate_limit(mut self, on: bool) -> Self {
        self.rate_limit = on;
        self
    }

    /// The upload size limit checked before sending (default 10 MB).
    pub fn max_upload_bytes(mut self, bytes: u64) -> Self {
        self.max_upload_bytes = Some(bytes);
        self
    }

    /// Builds the client; nothing is sent. Hostile settings (a zero or 30-day-plus timeout, a
    /// retry policy whose waits exceed an hour, a zero size limit) are validation errors that
    /// name the setting.
    pub fn build(self) -> Result<Client, Error> {
        let max = validate::MAX_CALLER_DURATION;
        let connect_timeout = self
            .connect_timeout
            .map(|t| validate::duration("connect_timeout", t, max))
            .transpose()?;
        let request_timeout = self
            .request_timeout
            .map(|t| validate::duration("request_timeout", t, max))
            .transpose()?;
        let deadline = self
            .deadline
            .map(|t| validate::duration("deadline", t, max))
            .transpose()?;
        let retry = self.retry.unwrap_or_default();
        retry.validate()?;
        if self.limits.max_response_bytes == 0 {
            return Err(Error::validation(
                "max_response_bytes",
                "must be more than zero",
            ));
        }
        if self.limits.max_download_bytes == Some(0) || self.max_upload_bytes == Some(0) {
            let field = if self.max_upload_bytes == Some(0) {
                "max_upload_bytes"
            } else {
                "max_download_bytes"
            };
            return Err(Error::validation(field, "must be more than zero"));
        }
        let user_agent = self.user_agent.filter(|u| !u.trim().is_empty()).ok_or_else(|| {
            Error::configuration("a User-Agent naming your company and application is required (e.g. \"Acme Onboarding/2.1\"); Jumio refuses requests without one")
        })?;
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::configuration("the User-Agent is not a valid header value"))?;
        let base_urls = match (self.base_urls, self.region) {
            (Some(b), _) => b,
            (None, Some(r)) => BaseUrls::region(r),
            (None, None) => {
                return Err(Error::configuration(
                    "choose a region (US, EU, SG) or a base URL",
                ));
            }
        };
        let mut allowed_hosts = Vec::new();
        for (family, url) in base_urls.iter() {
            let parsed = reqwest::Url::parse(url).map_err(|_| {
                Error::configuration(format!("the {family} base URL is not a valid URL"))
            })?;
            match parsed.scheme() {
                "https" => {}
                "http" if validate::is_loopback(&parsed) => {}
                "http" => {
                    return Err(Error::configuration(format!(
                        "the {family} base URL uses plain http://, allowed only for loopback (a local sandbox)"
                    )));
                }
                _ => {
                    return Err(Error::configuration(format!(
                        "the {family} base URL must be https://"
                    )));
                }
            }
            allowed_hosts.push((
                parsed.scheme().to_string(),
                parsed.host_str().unwrap_or_default().to_ascii_lowercase(),
                parsed.port(),
            ));
        }
        if let Some(region) = self.region {
            for family in HostFamily::ALL {
                allowed_hosts.push((
                    "https".into(),
                    format!("{}.{}.jumio.ai", family.as_str(), region.id()),
                    None,
                ));
            }
        }
        let credentials = self.credentials.unwrap_or(Credentials::None);
        if let Credentials::OAuth2 {
            client_id,
            client_secret,
        } = &credentials
            && (client_id.is_empty() || client_secret.is_empty())
        {
            return Err(Error::configuration(
                "the OAuth2 client id and secret must not be empty",
            ));
        }
        let own_http_client = self.http_client.is_none();
        let http = match self.http_client {
            Some(_) if !self.root_certificates.is_empty() || !self.resolve.is_empty() => {
                return Err(Error::configuration(
                    "root certificates and DNS overrides apply to the client's own HTTP client; set them on yours",
                ));
            }
            Some(c) => c,
            None => {
                let mut b = reqwest::Client::builder()
                    .connect_timeout(connect_timeout.unwrap_or(Duration::from_secs(10)))
                    .redirect(reqwest::redirect::Policy::none())
                    .user_agent(user_agent.clone());
                for pem in &self.root_certificates {
                    let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|_| {
                        Error::validation("root_certificates", "must be PEM certificates")
                    })?;
                    if certs.is_empty() {
                        return Err(Error::validation(
                            "root_certificates",
                            "must be PEM certificates",
                        ));
                    }
                    b = b.tls_certs_merge(certs);
                }
                for (host, addr) in &self.resolve {
                    b = b.resolve(host, *addr);
                }
                if let Some(p) = &self.proxy {
                    b = b.proxy(reqwest::Proxy::all(p).map_err(|e| {
                        Error::configuration("the proxy URL is invalid").with_source(e)
                    })?);
                }
                b.build().map_err(|e| {
                    Error::configuration("the HTTP client cannot be built").with_source(e)
                })?
            }
        };
        let state = ClientState::with(
            base_urls.clone(),
            Some(user_agent),
            own_http_client,
            credentials,
            Some(request_timeout.unwrap_or(Duration::from_secs(60))),
            self.limits,
        );
        let raw =
            generated::Client::new_with_client(base_urls.get(HostFamily::Account), http, state);
        Ok(Client {
            raw,
            config: Arc::new(Config {
                retry,
                deadline,
                limiter: self.rate_limit.then(RateLimiter::published),
                max_upload_bytes: self
                    .max_upload_bytes
                    .unwrap_or(validate::DEFAULT_MAX_UPLOAD_BYTES),
                portal_rules: allowed_hosts
                    .iter()
                    .take(HostFamily::ALL.len())
                    .all(|(_, host, _)| host.ends_with(".jumio.ai")),
                allowed_hosts,
            }),
        })
    }
}
