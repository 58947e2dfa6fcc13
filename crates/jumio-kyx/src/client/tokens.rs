//! The OAuth2 token: fetched once for all concurrent callers, cached, refreshed early.

use std::time::{Duration, Instant};

use super::Client;
use super::driver::Call;
use crate::error::Error;
use crate::redact::Secret;
use crate::state::{CachedToken, Credentials, bearer};
use crate::types;

impl Client {
    /// The OAuth2 access token, from the cache when it is fresh; otherwise fetched once for all
    /// concurrent callers and cached. Refreshed before it expires.
    pub async fn access_token(&self) -> Result<Secret, Error> {
        let state = self.state();
        if !matches!(state.shared.credentials, Credentials::OAuth2 { .. }) {
            return Err(Error::configuration("the client has no OAuth2 credentials"));
        }
        if let Some(t) = state.cached_token().filter(CachedToken::is_fresh) {
            return Ok(t.token);
        }
        let _gate = state.shared.token_gate.lock().await;
        if let Some(t) = state.cached_token().filter(CachedToken::is_fresh) {
            return Ok(t.token);
        }
        match self.get_access_token().await {
            Ok(response) => {
                let lifetime = token_lifetime(response.expires_in);
                // Refresh a fifth of the lifetime early, at most a minute.
                let margin = (lifetime / 5).min(Duration::from_secs(60));
                let now = Instant::now();
                state.store_token(CachedToken {
                    token: response.access_token.clone(),
                    bearer: bearer(&response.access_token),
                    refresh_at: now + (lifetime - margin),
                    expires_at: now + lifetime,
                });
                Ok(response.access_token)
            }
            // A failed refresh keeps using a token that has not expired yet.
            Err(e) => state.cached_token().map(|t| t.token).ok_or(e),
        }
    }

    /// `getAccessToken`: requests a new OAuth2 token (the client's cache is not touched; most
    /// callers want [`Client::access_token`]).
    pub async fn get_access_token(&self) -> Result<types::TokenResponse, Error> {
        let body = types::TokenRequest {
            grant_type: types::GrantType::ClientCredentials,
            client_id: None,
            client_secret: None,
        };
        self.send_json(Call::to("get_access_token"), || {
            self.raw.get_access_token(&body)
        })
        .await
    }
}

/// Longest token lifetime the client believes (Jumio's tokens live an hour).
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(86_400);

/// A server's `expires_in`, clamped to 1 second – [`MAX_TOKEN_LIFETIME`]: a negative, zero or
/// absurd value (`9223372036854775807`) must not overflow the clock.
pub(super) fn token_lifetime(expires_in: i64) -> Duration {
    Duration::from_secs(expires_in.clamp(1, MAX_TOKEN_LIFETIME.as_secs() as i64) as u64)
}
