//! The request hooks of the generated client (progenitor's `ClientHooks`). Every request, generated
//! or hand-written (`multipart.rs`), passes through them:
//! * `pre` routes the request to its host family's base URL, drops progenitor's `api-version`
//!   header (KYX does not use it) and adds the `Authorization` header.

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderValue};

use crate::ClientState;
use crate::generated::Client;
use crate::routing;

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        let state = self.inner();
        route(request, self.baseurl(), state, info.operation_id).map_err(Error::InvalidRequest)?;
        request.headers_mut().remove("api-version");
        if !request.headers().contains_key(AUTHORIZATION)
            && let Some(token) = state.bearer_token()
        {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                    Error::InvalidRequest("the bearer token is not a valid header value".into())
                })?;
            value.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        Ok(())
    }
}

/// Rewrites the request URL from the generated client's base URL to the base URL of the
/// operation's host family.
pub(crate) fn route(
    request: &mut reqwest::Request,
    generated_base: &str,
    state: &ClientState,
    operation_id: &str,
) -> Result<(), String> {
    let op = routing::operation(operation_id)
        .ok_or_else(|| format!("operation {operation_id} is not in the spec"))?;
    let target = state.base_urls().get(op.family);
    if target == generated_base {
        return Ok(());
    }
    let url = request.url().as_str();
    let rest = url.strip_prefix(generated_base).ok_or_else(|| {
        format!("request URL does not start with the client's base URL ({operation_id})")
    })?;
    let routed = reqwest::Url::parse(&format!("{target}{rest}"))
        .map_err(|e| format!("invalid base URL for the {} hosts: {e}", op.family))?;
    *request.url_mut() = routed;
    Ok(())
}
