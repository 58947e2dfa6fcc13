//! The dashboard at `/__sandbox/ui`: one page that shows what the sandbox holds (workflows and
//! their status, decision, uploaded images and callbacks, the clock, the request log, the fault
//! rules) and drives it through the control API (scenarios, finishing a journey, moving the clock,
//! adding and switching faults, redelivering a callback).
//!
//! The page renders `/__sandbox/ui/state` with plain JavaScript every second, building the DOM
//! with `textContent` so nothing a client sent (a `customerInternalReference`, a callback URL) is
//! ever read as HTML. Nothing to build, no assets to fetch.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use crate::platform::lifecycle;
use crate::platform::spec::spec;
use crate::platform::state::App;

/// How many logged requests the dashboard shows (the newest).
const RECENT_REQUESTS: usize = 50;

/// The dashboard's routes, nested under `/__sandbox`.
pub fn router() -> Router<App> {
    Router::new()
        .route("/ui", get(|| async { page() }))
        .route("/ui/state", get(state))
        .route("/ui/parts/{workflow}/{credential}/{classifier}", get(part))
}

/// Everything the page shows, in one answer.
pub fn snapshot(app: &App) -> Value {
    let settings = app.settings();
    let workflows: Vec<Value> = {
        let mut store = app.store();
        let ids: Vec<String> = store.workflows.keys().cloned().collect();
        for id in &ids {
            lifecycle::refresh_one(app, &mut store, id);
        }
        // Newest first.
        store
            .workflows_by_age()
            .into_iter()
            .rev()
            .map(|w| {
                let outcome = w.outcome.as_ref();
                let mut row = w.summary();
                let Value::Object(details) = json!({
                    "createdAt": crate::platform::clock::format(w.created_at),
                    "tokenExpiresAt": crate::platform::clock::format(w.token_expires_at),
                    "nextChangeAt": w.next_deadline(&settings).map(crate::platform::clock::format),
                    "scenario": w.scenario,
                    "webHref": (w.status == crate::platform::state::Status::Initiated)
                        .then(|| app.journey_href(w)),
                    "decision": outcome.map(|o| o.decision.clone()),
                    "capabilities": outcome.map(|o| summarize(&o.capabilities)),
                    "credentials": w.credentials.iter().map(|c| json!({
                        "id": c.id,
                        "category": c.category,
                        "parts": c.uploaded.iter().map(|(classifier, p)| json!({
                            "classifier": classifier,
                            "contentType": p.content_type,
                            "bytes": p.bytes.len(),
                            "image": p.content_type.starts_with("image/"),
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                }) else {
                    unreachable!("a JSON object literal")
                };
                row.extend(details);
                Value::Object(row)
            })
            .collect()
    };
    let requests = app.requests();
    let recent: Vec<_> = requests.iter().rev().take(RECENT_REQUESTS).collect();
    let capabilities: Map<String, Value> = spec()
        .capabilities()
        .filter_map(|c| {
            let labels = spec().labels(c)?;
            Some((
                c.to_string(),
                labels
                    .iter()
                    .map(|(label, decision)| json!({"label": label, "decision": decision}))
                    .collect(),
            ))
        })
        .collect();
    json!({
        "now": crate::platform::clock::format(app.clock.now()),
        "offsetMs": app.clock.offset().num_milliseconds(),
        "workflows": workflows,
        "callbacks": app.callback_records(),
        "faults": app.faults(),
        "requests": recent,
        "requestCount": requests.len(),
        "defaultScenario": app.store().default_scenario.clone(),
        "capabilities": capabilities,
        "operations": jumio_kyx::routing::OPERATIONS
            .iter()
            .chain(crate::api::websdk::OPERATIONS.iter())
            .map(|o| o.id)
            .collect::<Vec<_>>(),
        "settings": settings,
    })
}

/// `{capability: "DECISION/label, …"}` of a finished workflow's capabilities.
fn summarize(capabilities: &Value) -> Value {
    let Some(map) = capabilities.as_object() else {
        return Value::Null;
    };
    map.iter()
        .map(|(name, entries)| {
            let labels: Vec<String> = entries
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|e| {
                    let d = &e["decision"];
                    format!(
                        "{}/{}",
                        d["type"].as_str().unwrap_or("?"),
                        d["details"]["label"].as_str().unwrap_or("?")
                    )
                })
                .collect();
            (name.clone(), Value::String(labels.join(", ")))
        })
        .collect::<Map<_, _>>()
        .into()
}

async fn state(State(app): State<App>) -> Response {
    let mut r = axum::Json(snapshot(&app)).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, "no-store".parse().expect("static"));
    r
}

/// An uploaded image, for the thumbnails (other parts are not served).
async fn part(
    State(app): State<App>,
    Path((workflow, credential, classifier)): Path<(String, String, String)>,
) -> Response {
    let found = app.store().workflows.get(&workflow).and_then(|w| {
        w.credentials
            .iter()
            .find(|c| c.id == credential)
            .and_then(|c| c.uploaded.get(&classifier).cloned())
    });
    match found {
        Some(p) if p.content_type.starts_with("image/") => (
            [
                (header::CONTENT_TYPE, p.content_type),
                (header::CACHE_CONTROL, "no-store"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            p.bytes,
        )
            .into_response(),
        _ => (StatusCode::NOT_FOUND, "no such image").into_response(),
    }
}

/// The dashboard page (`templates/dashboard/`), rendered once.
fn page() -> Html<&'static str> {
    static PAGE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        DashboardPage
            .render()
            .unwrap_or_else(|_| "the dashboard template failed".into())
    });
    Html(PAGE.as_str())
}

/// The dashboard's template: static HTML, its CSS and script as files beside it.
#[derive(askama::Template)]
#[template(path = "dashboard/index.html")]
struct DashboardPage;
