//! The request hooks of the generated client (progenitor's `ClientHooks`). Every request,
//! generated or hand-written (`multipart.rs`), passes through them:
//! * `pre` routes the request to its host family's base URL, drops progenitor's `api-version`
//!   header, sets the User-Agent on a caller's own HTTP client (the builder's sends it itself)
//!   and, for a download or a request sent outside the call driver
//!   (`Client::raw`), reqwest's per-request timeout (the driver times its attempts itself, see
//!   `client/driver.rs`), and chooses the `Authorization`:
//!   Basic client credentials for the token endpoint, the workflow's transaction token for upload
//!   and finalize when the client knows it, otherwise the cached OAuth2 token (or Basic API
//!   credentials);
//!   It also checks that the path still has the shape of the operation's template, so that no id
//!   can leave its segment (`..` and `\\` are resolved by the URL parser);
//! * `exec` sends it, records one trace event per HTTP attempt (operation, method, status,
//!   duration; never a URL, header or body), and screens the answer (`response.rs`: redirects,
//!   error bodies, body limits). When the call driver keeps only the body, it then drops the
//!   answer's headers, which the generated layer would copy.

use std::time::Instant;

use base64::Engine;
use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderValue, USER_AGENT};

use crate::ClientState;
use crate::generated::Client;
use crate::response;
use crate::routing::{self, HostFamily, ResponseBody};
use crate::state::{Credentials, bearer};

/// The header progenitor adds to every request; Jumio's API does not know it. Named once: a
/// name given as text is parsed and checked on every request.
const API_VERSION: reqwest::header::HeaderName =
    reqwest::header::HeaderName::from_static("api-version");

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        let state = self.inner();
        let op = routing::operation(info.operation_id).ok_or_else(|| {
            Error::InvalidRequest(format!(
                "operation {} is not in the spec",
                info.operation_id
            ))
        })?;
        route(request, self.baseurl(), state, op).map_err(Error::InvalidRequest)?;
        let path = request.url().path();
        let path = path
            .strip_prefix(state.path_prefix(op.family))
            .unwrap_or(path);
        if !path_fits(path, op.path) {
            return Err(Error::InvalidRequest(format!(
                "an id of {} does not stay within its path segment",
                op.spec_id
            )));
        }
        let headers = request.headers_mut();
        headers.remove(API_VERSION);
        if let Some(ua) = &state.shared.user_agent {
            headers.insert(USER_AGENT, ua.clone());
        }
        if let Some(t) = state.shared.request_timeout
            && (op.body == ResponseBody::Stream
                || !crate::client::driver_attempt().is_some_and(|a| a.timed))
        {
            *request.timeout_mut() = Some(t);
        }
        if !request.headers().contains_key(AUTHORIZATION)
            && let Some(mut value) = authorization(state, op, request.url().path())
        {
            value.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, value);
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let method = request.method().clone();
        let state = self.inner();
        let sent_to = state
            .shared
            .may_follow_redirects
            .then(|| response::authority(request.url()));
        // The clock is read only for the trace event (two reads a request otherwise). Asked as
        // an event: a subscriber may answer for events only (the bindings' log bridge does).
        let started = tracing::event_enabled!(tracing::Level::DEBUG).then(Instant::now);
        let result = self.client().execute(request).await;
        if let Some(started) = started {
            let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
            match &result {
                Ok(r) => {
                    tracing::debug!(operation = info.operation_id, %method, status = r.status().as_u16(), duration_ms, "kyx http attempt")
                }
                Err(e) => {
                    tracing::debug!(operation = info.operation_id, %method, error = transport_kind(e), duration_ms, "kyx http attempt failed")
                }
            }
        }
        let op = routing::operation(info.operation_id);
        let mut response =
            response::screen(result?, op, &state.shared.limits, sent_to.as_ref()).await?;
        if op.is_some_and(|o| o.body != ResponseBody::Stream)
            && crate::client::driver_attempt().is_some_and(|a| a.body_only)
        {
            // Errors were read from the headers already (in `screen`); the body is all the
            // caller keeps.
            *response.headers_mut() = reqwest::header::HeaderMap::new();
        }
        Ok(response)
    }
}

fn transport_kind(e: &reqwest::Error) -> &'static str {
    if e.is_connect() {
        "connect"
    } else if e.is_timeout() {
        "timeout"
    } else {
        "transport"
    }
}

/// Whether a request path has the shape of its operation's template: as many segments, and the
/// same literal ones. An id with `/`, `\\` or a dot segment that slipped past validation would
/// change it, so the request is refused rather than sent to another resource.
pub(crate) fn path_fits(path: &str, template: &str) -> bool {
    // Piece by piece rather than segment by segment, because this runs for every request: a
    // template's literal text is compared at once, and a parameter takes the path up to its
    // next `/`. A parameter is a whole template segment (a test holds every operation of the
    // spec to that). `memchr` searches 16 or 32 bytes at a time, where a byte loop or
    // `str::find` cost several times as much on these short strings.
    fn up_to(s: &[u8], stop: u8) -> usize {
        memchr::memchr(stop, s).unwrap_or(s.len())
    }
    let (mut path, mut template) = (
        path.trim_start_matches('/').as_bytes(),
        template.trim_start_matches('/').as_bytes(),
    );
    loop {
        let open = up_to(template, b'{');
        let Some(rest) = path.strip_prefix(&template[..open]) else {
            return false;
        };
        if open == template.len() {
            return rest.is_empty();
        }
        let value_len = up_to(rest, b'/');
        if value_len == 0 {
            return false;
        }
        path = &rest[value_len..];
        template = &template[open..];
        template = &template[up_to(template, b'/')..];
    }
}

/// The workflow execution id in a request path, if any.
pub(crate) fn workflow_in_path(path: &str) -> Option<&str> {
    let mut segments = path.split('/');
    segments.find(|s| *s == "workflow-executions")?;
    segments.next().filter(|s| !s.is_empty())
}

fn authorization(state: &ClientState, op: &routing::Operation, path: &str) -> Option<HeaderValue> {
    if op.id == "get_health" {
        return None;
    }
    let basic = |user: &str, secret: &str| {
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"));
        HeaderValue::from_str(&format!("Basic {encoded}")).ok()
    };
    match &state.shared.credentials {
        Credentials::OAuth2 {
            client_id,
            client_secret,
        } => {
            if op.id == "get_access_token" {
                return basic(client_id, client_secret.expose());
            }
            if op.family == HostFamily::Api
                && let Some(token) = workflow_in_path(path).and_then(|w| state.transaction_token(w))
            {
                return bearer(&token);
            }
            state.cached_bearer()
        }
        Credentials::Basic {
            api_token,
            api_secret,
        } => {
            if op.family == HostFamily::Api
                && let Some(token) = workflow_in_path(path).and_then(|w| state.transaction_token(w))
            {
                return bearer(&token);
            }
            basic(api_token, api_secret.expose())
        }
        Credentials::None => None,
    }
}

/// Rewrites the request URL from the generated client's base URL to the base URL of the
/// operation's host family.
pub(crate) fn route(
    request: &mut reqwest::Request,
    generated_base: &str,
    state: &ClientState,
    op: &routing::Operation,
) -> Result<(), String> {
    let target = state.base_urls().get(op.family);
    if target == generated_base {
        return Ok(());
    }
    let url = request.url().as_str();
    let rest = url.strip_prefix(generated_base).ok_or_else(|| {
        format!(
            "request URL does not start with the client's base URL ({})",
            op.id
        )
    })?;
    let routed = reqwest::Url::parse(&format!("{target}{rest}"))
        .map_err(|e| format!("invalid base URL for the {} hosts: {e}", op.family))?;
    *request.url_mut() = routed;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn workflow_ids_are_found_in_paths() {
        assert_eq!(
            super::workflow_in_path(
                "/api/v1/accounts/a/workflow-executions/w/credentials/c/parts/FRONT"
            ),
            Some("w")
        );
        assert_eq!(
            super::workflow_in_path("/api/v1/accounts/a/workflow-executions/w"),
            Some("w")
        );
        assert_eq!(super::workflow_in_path("/api/v1/accounts/a"), None);
    }

    #[test]
    fn paths_must_keep_their_template_shape() {
        let t = "/api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}";
        assert!(super::path_fits(
            "/api/v1/accounts/a/workflow-executions/w",
            t
        ));
        assert!(!super::path_fits("/api/v1/accounts/B", t));
        assert!(!super::path_fits(
            "/api/v1/accounts//workflow-executions/w",
            t
        ));
        assert!(!super::path_fits(
            "/api/v1/accounts/a/b/workflow-executions/w",
            t
        ));
        assert!(super::path_fits("/", "/"));
        assert!(!super::path_fits(
            "/api/v1/accounts/a/workflow-executions/w/",
            t
        ));
        assert!(!super::path_fits(
            "/api/v1/accounts/a/workflow-executions",
            t
        ));
    }

    /// The segment-by-segment reading of "has the template's shape" that `path_fits` computes
    /// piece by piece.
    fn fits_by_segments(path: &str, template: &str) -> bool {
        let (mut segments, mut parts) = (
            path.trim_start_matches('/').split('/'),
            template.trim_start_matches('/').split('/'),
        );
        loop {
            match (segments.next(), parts.next()) {
                (None, None) => return true,
                (Some(s), Some(t)) if (t.starts_with('{') && !s.is_empty()) || s == t => {}
                _ => return false,
            }
        }
    }

    #[test]
    fn every_template_is_checked_as_its_segments_say() {
        for op in crate::routing::OPERATIONS {
            // A parameter is a whole segment: what the piece-by-piece check relies on.
            for part in op.path.split('/') {
                assert!(
                    !part.contains('{') || (part.starts_with('{') && part.ends_with('}')),
                    "{}: {part}",
                    op.path
                );
            }
            let filled = op.path.replace(['{', '}'], "");
            let mut paths = vec![filled.clone(), format!("//{filled}"), format!("{filled}/")];
            for id in ["", "a/b", "..", "x"] {
                paths.push(
                    op.path
                        .split('/')
                        .map(|p| if p.starts_with('{') { id } else { p })
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
            // Each literal segment changed, dropped or doubled.
            let segments: Vec<&str> = op.path.split('/').collect();
            for i in 0..segments.len() {
                let mut changed = segments.clone();
                changed[i] = "other";
                paths.push(changed.join("/"));
                let mut dropped = segments.clone();
                dropped.remove(i);
                paths.push(dropped.join("/"));
                let mut doubled = segments.clone();
                doubled.insert(i, segments[i]);
                paths.push(doubled.join("/"));
            }
            for path in &paths {
                assert_eq!(
                    super::path_fits(path, op.path),
                    fits_by_segments(path, op.path),
                    "{path} against {}",
                    op.path
                );
            }
        }
    }
}
