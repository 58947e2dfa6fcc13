//! The HTTP server: one port for every host family. Connections are served by hyper directly
//! (not `axum::serve`) so that a fault rule can drop a connection without answering.
//!
//! Every API request passes, in order: the request log, the User-Agent check (403 without one),
//! the fault rules (latency, error status, dropped connection), the rate limits (when on), then
//! the routes. Control calls (`/__sandbox/…`) and `GET /openapi.yaml` skip all of that.

use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use jumio_kyx::routing::{OPERATIONS, Operation};
use tokio::net::TcpListener;
use tower::ServiceExt;

use super::{accounts, auth, migration, parts, retrieval};
use crate::api::problem::Problem;
use crate::control;
use crate::infra::faults::{DropMode, FaultRule, LimitClass};
use crate::infra::log::LoggedRequest;
use crate::platform::state::App;

/// The routes of the API and the control API.
pub fn router(app: App) -> Router {
    const WORKFLOW: &str = "/api/v1/accounts/{account_id}/workflow-executions/{workflow_id}";
    Router::new()
        .route("/oauth2/token", post(auth::token))
        .route("/api/v1/accounts", post(accounts::create))
        .route(
            "/api/v1/accounts/{account_id}",
            put(accounts::update)
                .delete(retrieval::delete_account)
                .get(retrieval::account),
        )
        .route(
            &format!("{WORKFLOW}/credentials/{{credential_id}}/parts/{{classifier}}"),
            post(parts::upload).put(parts::upload),
        )
        .route(
            WORKFLOW,
            put(parts::finalize)
                .get(retrieval::details)
                .delete(retrieval::delete_workflow),
        )
        .route(&format!("{WORKFLOW}/status"), get(retrieval::status))
        .route(&format!("{WORKFLOW}/steps"), get(retrieval::steps))
        .route(&format!("{WORKFLOW}/rules"), get(retrieval::rules))
        .route(&format!("{WORKFLOW}/generate"), get(retrieval::report))
        .route(
            "/api/v1/accounts/{account_id}/credentials/{credential_id}/parts/{classifier}",
            get(retrieval::download),
        )
        .route(
            "/api/v1/workflow-executions/{workflow_id}",
            get(retrieval::details_by_id),
        )
        .route("/", get(retrieval::health))
        .route("/api/v1/migrations/accounts", post(migration::create))
        .route(
            "/api/v1/migrations/accounts/{account_id}",
            put(migration::update),
        )
        .route(
            "/openapi.yaml",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/yaml")],
                    jumio_kyx::SPEC,
                )
            }),
        )
        .merge(crate::pages::web::router())
        .nest(super::websdk::BASE_PATH, super::websdk::router())
        .nest("/__sandbox", control::routes::router())
        .fallback(|| async { Problem::not_found("no such endpoint") })
        .method_not_allowed_fallback(|| async {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method not allowed on this path",
            )
        })
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(app)
}

/// Bodies beyond this are refused outright; uploads are checked against the (smaller,
/// configurable) upload limit while they stream.
const MAX_BODY_BYTES: usize = 256 * 1024 * 1024;

/// The spec operation a request is for: method and path matched against the spec's templates,
/// literal segments winning over parameters (`…/parts/PREPARED_DATA` before `…/parts/{classifier}`).
pub fn classify(method: &Method, path: &str) -> Option<&'static Operation> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    OPERATIONS
        .iter()
        .filter(|op| op.method == method.as_str())
        .filter_map(|op| {
            let template: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
            if template.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (t, s) in template.iter().zip(&segments) {
                if t.starts_with('{') {
                    continue;
                }
                if t != s {
                    return None;
                }
                literal += 1;
            }
            Some((literal, op))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, op)| op)
}

/// The error a connection is dropped with.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a sandbox fault rule")
    }
}

impl std::error::Error for Dropped {}

/// Accepts connections until `stop` changes, over TLS when an acceptor is given.
pub async fn serve(
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    app: App,
    router: Router,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.changed() => return,
        };
        let Ok((stream, _)) = accepted else { continue };
        let _ = stream.set_nodelay(true);
        let (app, router, stop, tls) = (app.clone(), router.clone(), stop.clone(), tls.clone());
        tokio::spawn(async move {
            match tls {
                None => serve_connection(TokioIo::new(stream), app, router, stop).await,
                Some(acceptor) => {
                    // A handshake that fails (a client that does not trust the CA) just ends.
                    let handshake = tokio::time::timeout(
                        std::time::Duration::from_secs(10),
                        acceptor.accept(stream),
                    );
                    if let Ok(Ok(tls_stream)) = handshake.await {
                        serve_connection(TokioIo::new(tls_stream), app, router, stop).await;
                    }
                }
            }
        });
    }
}

/// Serves one connection's requests (HTTP/1.1, keep-alive) until it closes or the sandbox stops.
async fn serve_connection<I>(
    io: I,
    app: App,
    router: Router,
    mut stop: tokio::sync::watch::Receiver<bool>,
) where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |req| handle(app.clone(), router.clone(), req));
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(io, service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stop.changed() => conn.as_mut().graceful_shutdown(),
    }
}

async fn handle(
    app: App,
    router: Router,
    req: Request<Incoming>,
) -> Result<Response<Body>, Dropped> {
    // Listening on every interface (a container, whose port is published under another number):
    // hrefs name the address the caller reached the sandbox at. The guard has checked the Host
    // before any href is written.
    let base = (app.config.listen.ip().is_unspecified() && !app.config.strict_hosts)
        .then(|| {
            req.headers()
                .get(header::HOST)?
                .to_str()
                .ok()
                .map(String::from)
        })
        .flatten()
        .filter(|h| !h.is_empty() && !h.contains(['/', '\\', '@', ' ']))
        .map(|h| {
            let scheme = if app.config.tls { "https" } else { "http" };
            format!("{scheme}://{h}")
        });
    crate::infra::hosts::at_base(base, handle_guarded(app, router, req)).await
}

async fn handle_guarded(
    app: App,
    router: Router,
    req: Request<Incoming>,
) -> Result<Response<Body>, Dropped> {
    let req = req.map(Body::new);
    let path = req.uri().path().to_string();
    // Before anything else: a request for a name the sandbox is not reached by (DNS rebinding),
    // or a cross-site state change, gets nothing.
    // The Web SDK API is called cross-origin by design (the SDK runs on the integrator's page)
    // and authenticated by its bearer token: its answers carry CORS, and it is exempt from the
    // Origin check. Nothing else of the sandbox gains CORS.
    let web_sdk = path.starts_with(super::websdk::BASE_PATH);
    let request_headers = web_sdk.then(|| req.headers().clone());
    let mut response = match app.guard.check(req.method(), req.headers(), web_sdk) {
        Err(refusal) => Problem::forbidden(refusal.detail()).into_response(),
        Ok(()) if web_sdk && req.method() == Method::OPTIONS => super::websdk::preflight(),
        Ok(()) => match dispatch(app.clone(), router, req, &path).await {
            Ok(response) => response,
            Err(dropped) => {
                // A dropped connection may still have changed state.
                crate::infra::state_dir::persist_async(&app).await;
                return Err(dropped);
            }
        },
    };
    // With a state dir, what the request changed is durable before its answer leaves.
    if !crate::infra::state_dir::persist_async(&app).await {
        response = Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the sandbox could not write its state dir",
        )
        .into_response();
    }
    if let Some(request_headers) = &request_headers {
        super::websdk::add_cors(&app, request_headers, response.headers_mut());
    }
    // Read under the lock, not cloned with every other setting: this runs for every answer.
    {
        let settings = app.settings.read().unwrap_or_else(|e| e.into_inner());
        crate::infra::guard::add_headers(
            &path,
            &settings.journey_frame_ancestors,
            response.headers_mut(),
        );
    }
    Ok(response)
}

/// A request that passed the guard: a control call or page, or an API request.
async fn dispatch(
    app: App,
    router: Router,
    req: Request<Body>,
    path: &str,
) -> Result<Response<Body>, Dropped> {
    let path = path.to_string();
    // The control API and the hosted web journey are pages, not API operations: no log, faults
    // or limits.
    if path.starts_with("/__sandbox") || path == "/openapi.yaml" || path.starts_with("/web/") {
        return Ok(route(router, req).await);
    }
    let started = Instant::now();
    let op = classify(req.method(), &path).or_else(|| super::websdk::classify(req.method(), &path));
    // Region mode: the request must arrive on its operation's real host, in some region (the
    // Web SDK API on the `web-sdk` host).
    let region = if app.config.strict_hosts {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .and_then(crate::infra::hosts::parse);
        match (host, op) {
            (Some((family, region)), Some(op)) if family == family_of(op, &path) => Some(region),
            // No operation: the router answers (404, or 405 for a path with other methods).
            (Some((_, region)), None) => Some(region),
            _ => {
                return Ok(Problem::not_found(
                    "no such endpoint on this host (each operation lives on its host family)",
                )
                .into_response());
            }
        }
    } else {
        None
    };
    crate::infra::hosts::in_region(region, handle_api(app, router, req, path, started, op)).await
}

/// Largest JSON body the journal reads its fields from.
const JOURNAL_BODY_BYTES: u64 = 1 << 20;

/// A JSON request body, read for the journal (and handed on to the route unchanged): only a
/// declared length within [`JOURNAL_BODY_BYTES`], and never prepared data (all personal).
async fn journal_body(
    req: Request<Body>,
    op: Option<&'static Operation>,
) -> (Request<Body>, Option<serde_json::Value>) {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.contains("json"));
    let small = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n <= JOURNAL_BODY_BYTES);
    // Prepared data is all personal data; Web SDK telemetry is kept, scrubbed, as `event`.
    let not_journaled =
        op.is_some_and(|o| o.id.contains("prepared_data") || o.id.ends_with("_event"));
    if !json || !small || not_journaled {
        return (req, None);
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, JOURNAL_BODY_BYTES as usize).await {
        Ok(bytes) => {
            let value = serde_json::from_slice(&bytes).ok();
            (Request::from_parts(parts, Body::from(bytes)), value)
        }
        // The body broke off: the route sees an empty one and answers as for a bad body.
        Err(_) => (Request::from_parts(parts, Body::empty()), None),
    }
}

/// The host family an operation lives on: its tag, or `web-sdk` for the Web SDK API.
fn family_of(op: &Operation, path: &str) -> &'static str {
    if path.starts_with(super::websdk::BASE_PATH) {
        "web-sdk"
    } else {
        op.family.as_str()
    }
}

/// An API request (not a control call): logged, checked, faulted, rate-limited, routed.
async fn handle_api(
    app: App,
    router: Router,
    req: Request<Body>,
    path: String,
    started: Instant,
    op: Option<&'static Operation>,
) -> Result<Response<Body>, Dropped> {
    let (req, body) = journal_body(req, op).await;
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_whitespace().nth(1))
        .map(String::from);
    let (fields, hashed) = crate::infra::journal::fields_of(
        op.map(|o| o.path),
        &path,
        body.as_ref(),
        bearer.as_deref(),
        &|v| app.signer().fingerprint(v),
    );
    let (entry, user_agent) = {
        let header = |name: header::HeaderName| {
            req.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(String::from)
        };
        let user_agent = header(header::USER_AGENT).filter(|ua| !ua.trim().is_empty());
        let entry = LoggedRequest {
            seq: 0,
            at: crate::platform::clock::format(app.clock.now()),
            method: req.method().to_string(),
            path: path.clone(),
            operation: op.map(|o| o.id),
            user_agent: user_agent.clone(),
            auth_scheme: header(header::AUTHORIZATION)
                .and_then(|v| v.split_whitespace().next().map(String::from)),
            credential: header(header::AUTHORIZATION).map(|v| credential_kind(&app, &v)),
            content_type: header(header::CONTENT_TYPE),
            content_length: header(header::CONTENT_LENGTH).and_then(|v| v.parse().ok()),
            status: None,
            fault: None,
            duration_ms: None,
            event: None,
            fields,
            hashed,
        };
        (entry, user_agent)
    };
    let settings = app.settings();
    let seq = app
        .log
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(entry, settings.request_log_limit);
    let finish = |status: Option<u16>, fault: Option<String>, event: Option<serde_json::Value>| {
        app.log.lock().unwrap_or_else(|e| e.into_inner()).finish(
            seq,
            status,
            fault,
            started.elapsed().as_secs_f64() * 1000.0,
            event,
        );
    };

    if user_agent.is_none() {
        let response = Problem::forbidden(
            "a User-Agent header naming your company and application is required",
        )
        .into_response();
        finish(Some(403), None, None);
        return Ok(response);
    }
    let verdict = app
        .faults
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .judge(op, &app.ids);
    let fault = verdict.describe();
    if verdict.latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(verdict.latency_ms)).await;
    }
    if verdict.drop == Some(DropMode::Before) {
        finish(None, fault, None);
        return Err(Dropped);
    }
    // The published limits: a refused request waits as long as its bucket needs.
    let limited = op
        .and_then(LimitClass::of)
        .filter(|_| settings.rate_limits)
        .and_then(|class| {
            app.limiter
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take(class, settings.rate_limit_profile, Instant::now())
                .err()
        });
    let mut response = if let Some(rule) = &verdict.answer {
        fault_answer(rule)
    } else if let Some(wait) = limited {
        Problem::too_many_requests(wait).into_response()
    } else {
        route(router, req).await
    };
    if settings.omit_retry_after && response.status() == StatusCode::TOO_MANY_REQUESTS {
        response.headers_mut().remove(header::RETRY_AFTER);
    }
    if verdict.drop == Some(DropMode::After) {
        finish(None, fault, None);
        return Err(Dropped);
    }
    let request_id = app
        .ids
        .uuid(crate::platform::ids::Stream::RequestId)
        .to_string();
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", v);
    }
    let event = response
        .extensions_mut()
        .remove::<super::websdk::TelemetryBody>()
        .map(|t| t.0);
    finish(Some(response.status().as_u16()), fault, event);
    Ok(response)
}

/// The answer a fault rule with a status gives: the problem document (the documented one for
/// 429, with `Retry-After` unless omitted), or the rule's own body, content type and headers.
fn fault_answer(rule: &FaultRule) -> Response<Body> {
    let status = rule
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match &rule.body {
        None if status.is_client_error() || status.is_server_error() => {
            let mut p = if status == StatusCode::TOO_MANY_REQUESTS {
                Problem::too_many_requests(rule.retry_after.unwrap_or(1))
            } else {
                Problem::new(status, "fault injected by the sandbox")
            };
            if let Some(secs) = rule.retry_after {
                p = p.with_retry_after(secs);
            }
            p.into_response()
        }
        None => (status, Body::empty()).into_response(),
        Some(body) => {
            let body = match rule.body_bytes {
                Some(n) if !body.is_empty() => {
                    let n = n as usize;
                    body.as_bytes()
                        .iter()
                        .copied()
                        .cycle()
                        .take(n)
                        .collect::<Vec<u8>>()
                }
                _ => body.clone().into_bytes(),
            };
            let empty = body.is_empty();
            let mut r = (status, body).into_response();
            r.headers_mut().remove(header::CONTENT_TYPE);
            if let Some(ct) = rule
                .content_type
                .clone()
                .or_else(|| (!empty).then(|| "text/plain".to_string()))
                .and_then(|ct| HeaderValue::from_str(&ct).ok())
            {
                r.headers_mut().insert(header::CONTENT_TYPE, ct);
            }

            if let Some(secs) = rule.retry_after {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            r
        }
    };
    if rule.omit_retry_after {
        response.headers_mut().remove(header::RETRY_AFTER);
    }
    for (name, value) in &rule.headers {
        if let (Ok(n), Ok(v)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().insert(n, v);
        }
    }
    // A body written by whoever set the rule is served on the sandbox's origin: in a browser it
    // runs nothing and reads nothing of that origin, whatever headers the rule names.
    if rule.body.is_some() {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox"),
        );
    }
    response
}

/// What kind of credential an Authorization header carries (for the request log).
fn credential_kind(app: &App, value: &str) -> &'static str {
    let mut words = value.split_whitespace();
    match (
        words.next().map(str::to_ascii_lowercase).as_deref(),
        words.next(),
    ) {
        (Some("basic"), _) => "basic",
        (Some("bearer"), Some(token)) => {
            let store = app.store();
            if store.oauth_tokens.contains_key(token) {
                "oauth2"
            } else if store.transaction_tokens.contains_key(token) {
                "transaction"
            } else {
                "unknown"
            }
        }
        _ => "unknown",
    }
}

async fn route(router: Router, req: Request<Body>) -> Response<Body> {
    match router.oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_map_to_spec_operations() {
        let id = |m: Method, p: &str| classify(&m, p).map(|o| o.id);
        assert_eq!(id(Method::GET, "/"), Some("get_health"));
        assert_eq!(
            id(
                Method::POST,
                "/api/v1/accounts/a/workflow-executions/w/credentials/c/parts/PREPARED_DATA"
            ),
            Some("upload_prepared_data")
        );
        assert_eq!(
            id(
                Method::POST,
                "/api/v1/accounts/a/workflow-executions/w/credentials/c/parts/FRONT"
            ),
            Some("upload_part")
        );
        assert_eq!(
            id(Method::PUT, "/api/v1/accounts/a/workflow-executions/w"),
            Some("finalize_workflow")
        );
        assert_eq!(
            id(Method::GET, "/api/v1/accounts/a/workflow-executions/w"),
            Some("get_workflow_details")
        );
        assert_eq!(
            id(Method::GET, "/api/v1/workflow-executions/w"),
            Some("get_workflow_execution")
        );
        assert_eq!(id(Method::GET, "/nope"), None);
    }
}
