//! The HTTP routes of the control API, nested under `/__sandbox`.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use chrono::Duration;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::problem::{Problem, Reply};
use crate::infra::faults::FaultRule;
use crate::platform::scenario::Scenario;
use crate::platform::state::{App, Health, LegacyScan};

fn ok() -> Reply {
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn json_reply<T: serde::Serialize>(value: T) -> Reply {
    Ok(axum::Json(value).into_response())
}

/// The problem answer of a refused control operation: 404 for a missing record, else 400.
fn bad(e: crate::SandboxError) -> Problem {
    match e.kind() {
        crate::SandboxErrorKind::NotFound => Problem::not_found(e.to_string()),
        _ => Problem::bad_request(e.to_string()),
    }
}

/// The routes, nested under `/__sandbox`.
pub fn router() -> Router<App> {
    Router::new()
        .route("/", get(index))
        .route("/reset", post(|State(app): State<App>| async move {
            app.reset();
            ok()
        }))
        .route("/clock", get(|State(app): State<App>| async move {
            json_reply(json!({"now": crate::platform::clock::format(app.clock.now()), "offsetMs": app.clock.offset().num_milliseconds()}))
        }))
        .route("/clock/advance", post(advance))
        .route("/settings", get(|State(app): State<App>| async move { json_reply(app.settings()) }).put(settings))
        .route("/scenario", get(|State(app): State<App>| async move { json_reply(app.store().default_scenario.clone()) }).put(default_scenario))
        .route("/workflows", get(|State(app): State<App>| async move { json_reply(app.workflows()) }))
        .route("/workflows/{id}", get(workflow))
        .route("/workflows/{id}/scenario", put(workflow_scenario))
        .route("/workflows/{id}/complete", post(complete))
        .route("/faults", get(|State(app): State<App>| async move { json_reply(app.faults()) }).put(faults).delete(|State(app): State<App>| async move {
            let _ = app.set_faults(Vec::new());
            ok()
        }))
        .route("/requests", get(requests).delete(|State(app): State<App>| async move {
            app.clear_requests();
            ok()
        }))
        .route("/callbacks", get(|State(app): State<App>| async move { json_reply(app.callback_records()) }))
        .route("/callbacks/{id}/redeliver", post(|State(app): State<App>, Path(id): Path<u64>| async move {
            crate::platform::callbacks::redeliver(&app, id).map_err(bad)?;
            ok()
        }))
        .route("/legacy-scans", get(|State(app): State<App>| async move {
            json_reply(app.store().legacy_scans_sorted())
        }).post(seed))
        .route("/migrations", get(|State(app): State<App>| async move { json_reply(app.migrations()) }))
        .route("/health", put(health))
        .route("/state", get(|State(app): State<App>| async move { json_reply(app.export_state()) }).put(import_state))
        .merge(crate::pages::dashboard::router())
}

async fn index() -> Response {
    axum::Json(json!({
        "endpoints": {
            "POST /__sandbox/reset": "forget everything",
            "GET /__sandbox/clock": "the sandbox time",
            "POST /__sandbox/clock/advance": "{\"seconds\": N} moves the clock forward",
            "GET|PUT /__sandbox/settings": "run-time settings (PUT merges the given fields)",
            "GET|PUT /__sandbox/scenario": "default scenario {\"labels\": {capability: LABEL}, \"risk\": N}",
            "GET /__sandbox/workflows/{id}": "the sandbox's view of a workflow",
            "PUT /__sandbox/workflows/{id}/scenario": "scenario of one workflow",
            "POST /__sandbox/workflows/{id}/complete": "simulate the web/SDK journey and finalize",
            "GET|PUT|DELETE /__sandbox/faults": "fault rules [{operation, status, retryAfter, drop, latencyMs, rate, count}]",
            "GET|DELETE /__sandbox/requests": "request log (?operation=create_account)",
            "GET /__sandbox/callbacks": "callbacks and their delivery attempts",
            "POST /__sandbox/callbacks/{id}/redeliver": "deliver a callback again",
            "GET /__sandbox/ui": "the dashboard (HTML)",
            "GET|POST /__sandbox/legacy-scans": "legacy scans [{scanReference, state, definitionKey}]",
            "GET /__sandbox/migrations": "migrated scans [{scanReference, accountId}]",
            "PUT /__sandbox/health": "{\"status\": UP|DEGRADED|DOWN, \"details\": {component: status}}",
            "GET|PUT /__sandbox/state": "everything the sandbox holds, as one versioned document (images included); PUT replaces the state with one",
        }
    }))
    .into_response()
}

/// `PUT /__sandbox/state`: a document from `GET /__sandbox/state` replaces the state, or is
/// refused whole (400 saying what is wrong).
async fn import_state(State(app): State<App>, body: axum::body::Bytes) -> Reply {
    let doc = crate::platform::snapshot::StateDocument::parse(&body).map_err(bad)?;
    app.import_document(doc);
    ok()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: Option<f64>,
    milliseconds: Option<i64>,
}

async fn advance(State(app): State<App>, body: axum::Json<Advance>) -> Reply {
    let secs = body.seconds.unwrap_or(0.0);
    if body.milliseconds.is_some_and(|m| m < 0) || !secs.is_finite() || secs < 0.0 {
        return Err(Problem::bad_request("the clock only moves forward"));
    }
    // Float casts saturate and the clock caps the offset, so no step can overflow.
    let ms = body
        .milliseconds
        .unwrap_or(0)
        .saturating_add((secs * 1000.0).min(crate::platform::clock::MAX_OFFSET_MS as f64) as i64);
    app.advance_clock(Duration::milliseconds(ms));
    // Let the lifecycle task run before answering, so callers see the new state.
    tokio::task::yield_now().await;
    json_reply(json!({"now": crate::platform::clock::format(app.clock.now())}))
}

async fn settings(State(app): State<App>, body: axum::Json<Value>) -> Reply {
    app.update_settings(&body).map_err(bad).and_then(json_reply)
}

async fn default_scenario(State(app): State<App>, body: axum::Json<Scenario>) -> Reply {
    app.set_default_scenario(body.0).map_err(bad)?;
    ok()
}

async fn workflow(State(app): State<App>, Path(id): Path<String>) -> Reply {
    app.workflow_state(&id)
        .map(axum::Json)
        .map(IntoResponse::into_response)
        .ok_or_else(|| Problem::not_found("workflow execution not found"))
}

async fn workflow_scenario(
    State(app): State<App>,
    Path(id): Path<String>,
    body: axum::Json<Scenario>,
) -> Reply {
    app.set_workflow_scenario(&id, body.0)?;
    ok()
}

async fn complete(State(app): State<App>, Path(id): Path<String>) -> Reply {
    app.complete_journey(&id)?;
    ok()
}

async fn faults(State(app): State<App>, body: axum::Json<Vec<FaultRule>>) -> Reply {
    app.set_faults(body.0).map_err(bad)?;
    ok()
}

#[derive(Deserialize)]
struct RequestFilter {
    operation: Option<String>,
}

async fn requests(State(app): State<App>, Query(filter): Query<RequestFilter>) -> Reply {
    let all = app.requests();
    let picked: Vec<_> = match filter.operation {
        Some(op) => all
            .into_iter()
            .filter(|r| r.operation == Some(op.as_str()))
            .collect(),
        None => all,
    };
    json_reply(picked)
}

async fn seed(State(app): State<App>, body: axum::Json<Vec<LegacyScan>>) -> Reply {
    app.seed_legacy_scans(body.0);
    ok()
}

async fn health(State(app): State<App>, body: axum::Json<Health>) -> Reply {
    app.set_health(body.0).map_err(bad)?;
    ok()
}
