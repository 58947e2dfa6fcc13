//! Authentication: the OAuth2 token endpoint and the checks every API call makes.
//!
//! * `POST /oauth2/token` takes client credentials by HTTP Basic or as form fields. Any non-empty
//!   id and secret work unless clients were configured (`--client ID:SECRET`).
//! * Account, retrieval, deletion and migration calls take an OAuth2 bearer token or Basic
//!   credentials (the migration guide: "HTTP Basic or OAuth2"); upload and finalize take an
//!   OAuth2 token or the workflow's own transaction token (`api.token`), and refuse (403) another
//!   workflow's.
//! * Missing, malformed, unknown or expired credentials: 403, as the docs say ("without OAuth2
//!   will result in 403"), or 401 with the setting `authFailureStatus` (what OAuth2 servers
//!   usually answer). Valid credentials used where they do not apply: 403. (A missing User-Agent
//!   is refused with 403 before any of this.) The token endpoint answers 401 to bad client
//!   credentials.

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use bytes::Bytes;
use chrono::Duration;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::api::problem::{Problem, Reply};
use crate::platform::state::{App, Sandbox};

/// Who is calling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    OAuth,
    Basic,
    /// A transaction token, bound to this workflow execution.
    Transaction(String),
}

/// The caller of an account or retrieval endpoint, authenticated (OAuth2 or Basic). As a
/// handler's extractor, it refuses an unauthenticated request before the handler runs.
pub struct RetrievalCaller;

impl FromRequestParts<App> for RetrievalCaller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Problem> {
        authenticate(app, &parts.headers, Endpoint::AccountOrRetrieval).map(|_| Self)
    }
}

/// A retrieval call: its caller authenticated (as [`RetrievalCaller`]), then the app and the
/// path's parameters `P`.
pub struct Retrieval<P>(pub App, pub P);

impl<P: DeserializeOwned + Send> FromRequestParts<App> for Retrieval<P> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Response> {
        RetrievalCaller::from_request_parts(parts, app)
            .await
            .map_err(IntoResponse::into_response)?;
        let Path(path) = Path::<P>::from_request_parts(parts, app)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self(app.clone(), path))
    }
}

/// The caller of an upload or finalize endpoint (OAuth2 or a transaction token), authenticated
/// as [`RetrievalCaller`] is.
pub struct AcquisitionCaller(pub Caller);

impl FromRequestParts<App> for AcquisitionCaller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Problem> {
        authenticate(app, &parts.headers, Endpoint::Acquisition).map(Self)
    }
}

/// Kinds of endpoint, by the credentials they accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// Account and retrieval calls: OAuth2 or Basic.
    AccountOrRetrieval,
    /// Migration: OAuth2 or Basic, as account calls.
    Migration,
    /// Upload and finalize: OAuth2 or the workflow's transaction token.
    Acquisition,
}

fn basic_credentials(value: &str) -> Option<(String, String)> {
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

fn client_ok(app: &Sandbox, id: &str, secret: &str) -> bool {
    if id.is_empty() || secret.is_empty() {
        return false;
    }
    app.config.clients.is_empty() || app.config.clients.get(id).is_some_and(|s| s == secret)
}

/// The answer to missing or bad credentials on an API call: 403 by default (the docs), or the
/// status the `authFailureStatus` setting names.
fn refused(app: &Sandbox, detail: &str) -> Problem {
    let status = axum::http::StatusCode::from_u16(app.settings().auth_failure_status)
        .unwrap_or(axum::http::StatusCode::FORBIDDEN);
    Problem::new(status, detail)
}

/// Checks the caller's credentials for an endpoint.
pub fn authenticate(
    app: &Sandbox,
    headers: &HeaderMap,
    endpoint: Endpoint,
) -> Result<Caller, Problem> {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Err(refused(app, "the Authorization header is missing"));
    };
    if value.starts_with("Basic ") || value.starts_with("basic ") {
        let Some((id, secret)) = basic_credentials(value) else {
            return Err(refused(app, "malformed Basic credentials"));
        };
        if !client_ok(app, &id, &secret) {
            return Err(refused(app, "invalid Basic credentials"));
        }
        return match endpoint {
            Endpoint::AccountOrRetrieval | Endpoint::Migration => Ok(Caller::Basic),
            Endpoint::Acquisition => Err(Problem::forbidden(
                "upload and finalize take an OAuth2 or transaction token",
            )),
        };
    }
    let Some(token) = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
    else {
        return Err(refused(
            app,
            "the Authorization header must be `Bearer <token>` or Basic credentials",
        ));
    };
    let now = app.clock.now();
    let store = app.store();
    if let Some(expiry) = store.oauth_tokens.get(token) {
        return if *expiry > now {
            Ok(Caller::OAuth)
        } else {
            Err(refused(app, "the access token has expired"))
        };
    }
    if let Some(workflow) = store.transaction_tokens.get(token) {
        if endpoint != Endpoint::Acquisition {
            return Err(Problem::forbidden(
                "a transaction token only authorizes upload and finalize",
            ));
        }
        let expired = store
            .workflows
            .get(workflow)
            .is_none_or(|w| w.token_expires_at <= now);
        return if expired {
            Err(refused(app, "the transaction token has expired"))
        } else {
            Ok(Caller::Transaction(workflow.clone()))
        };
    }
    Err(refused(app, "invalid access token"))
}

/// A transaction token may only touch its own workflow execution.
pub fn check_workflow(caller: &Caller, workflow_id: &str) -> Result<(), Problem> {
    match caller {
        Caller::Transaction(w) if w != workflow_id => Err(Problem::forbidden(
            "the transaction token belongs to another workflow execution",
        )),
        _ => Ok(()),
    }
}

/// `POST /oauth2/token`.
pub async fn token(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Reply {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(Problem::bad_request(
            "the body must be application/x-www-form-urlencoded",
        ));
    }
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    match field("grant_type").as_deref() {
        Some("client_credentials") => {}
        Some(_) => {
            return Err(Problem::bad_request(
                "unsupported grant_type: only client_credentials",
            ));
        }
        None => return Err(Problem::bad_request("`grant_type` is required")),
    }
    let from_header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(basic_credentials);
    let (id, secret) = match (from_header, field("client_id"), field("client_secret")) {
        (Some(pair), _, _) => pair,
        (None, Some(id), Some(secret)) => (id, secret),
        _ => {
            return Err(Problem::unauthorized(
                "client authentication failed: send Basic credentials or client_id and client_secret",
            ));
        }
    };
    if !client_ok(&app, &id, &secret) {
        return Err(Problem::unauthorized("client authentication failed"));
    }
    let ttl = app.settings().token_ttl_secs;
    let token = format!(
        "sbx_at_{}",
        app.ids
            .uuid(crate::platform::ids::Stream::AccessToken)
            .simple()
    );
    let expiry = app.clock.now() + Duration::seconds(ttl as i64);
    app.store().oauth_tokens.insert(token.clone(), expiry);
    Ok(
        axum::Json(json!({"access_token": token, "expires_in": ttl, "token_type": "Bearer"}))
            .into_response(),
    )
}
