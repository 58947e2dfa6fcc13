//! [`Client`]: every operation of the spec, typed, with authentication, retries, deadlines,
//! pre-flight validation and tracing; built by [`ClientBuilder`].

mod builder;
mod download;
mod driver;
mod hrefs;
mod operations;
mod plain;
mod tokens;

pub use builder::ClientBuilder;
pub use download::Download;
pub(crate) use driver::driver_attempt;
pub(crate) use hrefs::href_segments;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use progenitor_client::ClientInfo;

use crate::error::Error;
use crate::rate_limit::RateLimiter;
use crate::retry::RetryPolicy;
use crate::routing::BaseUrls;
use crate::state::ClientState;
use crate::{generated, validate};

/// A KYX client: cheap to clone, one connection pool and one token cache shared by the clones.
///
/// ```no_run
/// # async fn f() -> Result<(), jumio_kyx::Error> {
/// use jumio_kyx::{Client, Region, types};
/// let client = Client::builder()
///     .region(Region::Eu)
///     .credentials("my-client-id", "my-client-secret")
///     .user_agent("Acme Onboarding/2.1")
///     .build()?;
/// let account = client
///     .create_account(&types::AccountRequest::new("order-42", jumio_kyx::WorkflowKey::STANDALONE_ID_AND_IDENTITY_VERIFICATION))
///     .await?;
/// println!("workflow {}", account.workflow_execution.id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    raw: generated::Client,
    config: Arc<Config>,
}

struct Config {
    retry: RetryPolicy,
    deadline: Option<Duration>,
    limiter: Option<RateLimiter>,
    max_upload_bytes: u64,
    allowed_hosts: Vec<(String, String, Option<u16>)>,
    /// Whether every host is one of Jumio's (a real region, not a sandbox): then the Portal's
    /// URL rules apply before sending (`validate::portal_url`).
    portal_rules: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &format_args!("{}", self.state().base_urls()))
            .field("credentials", &self.state().shared.credentials)
            .field("retry", &self.config.retry)
            .field("deadline", &self.config.deadline)
            .field("rate_limit", &self.config.limiter.is_some())
            .finish_non_exhaustive()
    }
}

/// Checks the ids of a call before anything is sent.
fn ids(pairs: &[(&str, &str)]) -> Result<(), Error> {
    pairs
        .iter()
        .try_for_each(|(field, value)| validate::id(field, value))
}

impl Client {
    /// A builder: set a region or base URL, credentials and a User-Agent.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `JUMIO_CLIENT_ID`, `JUMIO_CLIENT_SECRET`, `JUMIO_REGION`,
    /// `JUMIO_USER_AGENT` and `JUMIO_BASE_URL` (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The hosts this client talks to.
    pub fn base_urls(&self) -> &BaseUrls {
        self.state().base_urls()
    }

    /// The generated low-level client (same connection pool, hooks and token), for what this
    /// client does not wrap.
    pub fn raw(&self) -> &generated::Client {
        &self.raw
    }

    fn state(&self) -> &ClientState {
        self.raw.inner()
    }

    /// The upload size limit this client checks before sending.
    pub fn max_upload_bytes(&self) -> u64 {
        self.config.max_upload_bytes
    }
}
