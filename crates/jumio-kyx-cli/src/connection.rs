//! The client a command uses, from flags and `JUMIO_*` variables.

use anyhow::Result;
use jumio_kyx::{Client, Error};

use crate::cli::Connection;

/// The User-Agent when none is given: the CLI names itself.
pub const DEFAULT_USER_AGENT: &str = concat!("kyx-cli/", env!("CARGO_PKG_VERSION"), " (jumio-kyx)");

impl Connection {
    /// Whether credentials or an endpoint were given (otherwise `kyx demo` uses its own sandbox).
    pub fn targets_a_platform(&self) -> bool {
        self.region.is_some() || self.base_url.is_some()
    }

    /// A client builder with these settings.
    pub fn builder(&self) -> Result<jumio_kyx::ClientBuilder> {
        let mut b = Client::builder();
        if let Some(r) = &self.region {
            b = b.region(
                r.parse()
                    .map_err(|e: String| Error::configuration(format!("--region: {e}")))?,
            );
        }
        if let Some(u) = &self.base_url {
            b = b.base_url(u);
        }
        if let (Some(id), Some(secret)) = (&self.client_id, &self.client_secret) {
            b = b.credentials(id.clone(), secret.clone());
        }
        if let (Some(token), Some(secret)) = (&self.api_token, &self.api_secret) {
            b = b.basic_credentials(token.clone(), secret.clone());
        }
        b = b.user_agent(
            self.user_agent
                .clone()
                .unwrap_or_else(|| DEFAULT_USER_AGENT.into()),
        );
        if let Some(t) = self.timeout {
            // Checked when parsed (`cli::seconds`): finite, more than zero, at most 30 days.
            b = b.request_timeout(t);
        }
        Ok(b)
    }

    /// The client.
    pub fn client(&self) -> Result<Client> {
        Ok(self.builder()?.build()?)
    }
}
