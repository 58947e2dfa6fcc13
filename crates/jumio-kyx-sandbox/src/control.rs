//! The control API under `/__sandbox/`: reset, clock, settings, scenarios, faults, request and
//! callback logs, legacy scans, health, and completing a web/SDK journey. The same operations are
//! methods of [`crate::RunningSandbox`] for in-process use.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use chrono::Duration;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::callbacks::CallbackRecord;
use crate::config::Settings;
use crate::faults::FaultRule;
use crate::lifecycle;
use crate::log::LoggedRequest;
use crate::problem::{Problem, Reply};
use crate::scenario::Scenario;
use crate::state::{App, Health, LegacyScan, Sandbox, Status};

impl Sandbox {
    /// Forgets every account, workflow, token, log entry, fault, scenario and seeded scan, puts
    /// the clock back to real time and the health to UP. Start-up settings are restored.
    pub fn reset(&self) {
        *self.store() = Default::default();
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.callbacks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .rules
            .clear();
        self.limiter
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        *self.health.write().unwrap_or_else(|e| e.into_inner()) = Health::default();
        *self.settings.write().unwrap_or_else(|e| e.into_inner()) = self.config.settings.clone();
        self.clock.reset();
    }

    /// Moves the clock forward and processes what became due.
    pub fn advance_clock(&self, by: Duration) {
        self.clock.advance(by);
        self.wake.notify_one();
    }

    /// Merges a JSON object of settings (camelCase names) into the current ones.
    pub fn update_settings(&self, patch: &Value) -> Result<Settings, String> {
        let mut current = serde_json::to_value(self.settings()).map_err(|e| e.to_string())?;
        let Some(patch) = patch.as_object() else {
            return Err("settings must be a JSON object".into());
        };
        for (k, v) in patch {
            current[k] = v.clone();
        }
        let settings: Settings =
            serde_json::from_value(current).map_err(|e| format!("invalid settings: {e}"))?;
        settings.validate()?;
        *self.settings.write().unwrap_or_else(|e| e.into_inner()) = settings.clone();
        self.wake.notify_one();
        Ok(settings)
    }

    /// The scenario applied to new workflows that bring none.
    pub fn set_default_scenario(&self, scenario: Scenario) -> Result<(), String> {
        scenario.validate()?;
        self.store().default_scenario = scenario;
        Ok(())
    }

    /// Sets the scenario of one workflow (before it is processed).
    pub fn set_workflow_scenario(
        &self,
        workflow_id: &str,
        scenario: Scenario,
    ) -> Result<(), Problem> {
        scenario.validate().map_err(Problem::bad_request)?;
        let mut store = self.store();
        let w = store
            .workflows
            .get_mut(workflow_id)
            .ok_or_else(|| Problem::not_found("workflow execution not found"))?;
        if w.status.is_final() {
            return Err(Problem::bad_request(
                "the workflow execution is already decided",
            ));
        }
        w.scenario = scenario;
        Ok(())
    }

    /// Replaces the fault rules.
    pub fn set_faults(&self, rules: Vec<FaultRule>) -> Result<(), String> {
        for r in &rules {
            r.validate()?;
        }
        self.faults.lock().unwrap_or_else(|e| e.into_inner()).rules = rules;
        Ok(())
    }

    /// The fault rules still active.
    pub fn faults(&self) -> Vec<FaultRule> {
        self.faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .rules
            .clone()
    }

    /// Requests received (control calls excluded), oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entries()
            .cloned()
            .collect()
    }

    /// Forgets the request log.
    pub fn clear_requests(&self) {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Callbacks and their delivery attempts, oldest first.
    pub fn callback_records(&self) -> Vec<CallbackRecord> {
        self.callbacks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Every migrated scan reference with the account it went into, sorted by scan reference.
    pub fn migrations(&self) -> Vec<Migrated> {
        let mut all: Vec<Migrated> = self
            .store()
            .migrated
            .iter()
            .map(|(scan, account)| Migrated {
                scan_reference: scan.clone(),
                account_id: account.clone(),
            })
            .collect();
        all.sort_by(|a, b| a.scan_reference.cmp(&b.scan_reference));
        all
    }

    /// Adds (or replaces) legacy scans.
    pub fn seed_legacy_scans(&self, scans: Vec<LegacyScan>) {
        let mut store = self.store();
        for s in scans {
            store.legacy_scans.insert(s.scan_reference.clone(), s);
        }
    }

    /// Sets the platform health.
    pub fn set_health(&self, health: Health) -> Result<(), String> {
        let valid = |s: &str| ["UP", "DEGRADED", "DOWN"].contains(&s);
        if !valid(&health.status) || !health.details.values().all(|s| valid(s)) {
            return Err("health statuses are UP, DEGRADED or DOWN".into());
        }
        *self.health.write().unwrap_or_else(|e| e.into_inner()) = health;
        Ok(())
    }

    /// Simulates the end user finishing the web or SDK journey: every part of every credential is
    /// captured (synthetic images) and the workflow is finalized.
    pub fn complete_journey(self: &App, workflow_id: &str) -> Result<(), Problem> {
        let parts = {
            let store = self.store();
            let w = store
                .workflows
                .get(workflow_id)
                .ok_or_else(|| Problem::not_found("workflow execution not found"))?;
            let mut parts = Vec::new();
            for c in w.credentials.iter().filter(|c| !c.channels.is_empty()) {
                // A liveness capture (iProov) leaves the facemap and six liveness frames on the
                // FACEMAP credential.
                let classifiers: &[&str] = match c.category.as_str() {
                    "ID" => &["FRONT", "BACK"],
                    "SELFIE" => &["FACE"],
                    "FACEMAP" => &[
                        "FACEMAP",
                        "LIVENESS_1",
                        "LIVENESS_2",
                        "LIVENESS_3",
                        "LIVENESS_4",
                        "LIVENESS_5",
                        "LIVENESS_6",
                    ],
                    _ => &[],
                };
                for p in classifiers.iter().filter(|p| !c.uploaded.contains_key(**p)) {
                    let part = if *p == "FACEMAP" {
                        crate::web::facemap_part()
                    } else {
                        crate::state::Part {
                            bytes: bytes::Bytes::from_static(crate::samples::SPECIMEN_PNG),
                            content_type: "image/png",
                        }
                    };
                    parts.push((c.id.clone(), p.to_string(), part));
                }
            }
            parts
        };
        self.acquire(workflow_id, parts)
    }

    /// What a finished web or SDK journey does: stores the captured parts (credential id,
    /// classifier, part) and finalizes (ACQUIRED, then PROCESSED and the callback).
    pub fn acquire(
        self: &App,
        workflow_id: &str,
        parts: Vec<(String, String, crate::state::Part)>,
    ) -> Result<(), Problem> {
        let settings = self.settings();
        let mut store = self.store();
        lifecycle::refresh_one(self, &mut store, workflow_id);
        let now = self.clock.now();
        let w = store
            .workflows
            .get_mut(workflow_id)
            .ok_or_else(|| Problem::not_found("workflow execution not found"))?;
        if w.status != Status::Initiated {
            return Err(Problem::bad_request(format!(
                "the workflow execution is {}",
                w.status.as_str()
            )));
        }
        for (credential, classifier, part) in parts {
            if let Some(c) = w.credential_mut(&credential) {
                c.uploaded.insert(classifier, part);
            }
        }
        w.started_at.get_or_insert(now);
        w.last_activity = Some(now);
        w.status = Status::Acquired;
        w.processing_due = Some(now + Duration::milliseconds(settings.processing_delay_ms as i64));
        store.schedule(workflow_id, &settings);
        drop(store);
        self.wake.notify_one();
        Ok(())
    }

    /// The sandbox's view of a workflow: status, deadlines, scenario.
    pub fn workflow_state(self: &App, workflow_id: &str) -> Option<Value> {
        let settings = self.settings();
        let mut store = self.store();
        lifecycle::refresh_one(self, &mut store, workflow_id);
        let w = store.workflows.get(workflow_id)?;
        Some(json!({
            "id": w.id,
            "accountId": w.account_id,
            "definitionKey": w.key_text,
            "status": w.status.as_str(),
            "tokenExpiresAt": crate::clock::format(w.token_expires_at),
            "nextChangeAt": w.next_deadline(&settings).map(crate::clock::format),
            "scenario": w.scenario,
            "credentials": w.credentials.iter().map(|c| json!({
                "id": c.id, "category": c.category, "uploaded": c.uploaded.keys().collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        }))
    }
}

impl Sandbox {
    /// Every workflow execution the sandbox holds, oldest first: id, account, definition key,
    /// status, `customerInternalReference` and, for migrated scans, the scan reference. What a
    /// test needs to count executions (no duplicate transaction) without knowing their ids.
    pub fn workflows(self: &App) -> Vec<Value> {
        let store = self.store();
        let mut all: Vec<&crate::state::Workflow> = store.workflows.values().collect();
        all.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        all.iter()
            .map(|w| {
                json!({
                    "id": w.id,
                    "accountId": w.account_id,
                    "definitionKey": w.key_text,
                    "status": w.status.as_str(),
                    "customerInternalReference": w.customer_internal_reference,
                    "migratedFrom": w.migrated_from,
                })
            })
            .collect()
    }
}

/// A migrated scan and the account it went into.
#[derive(Clone, Debug, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Migrated {
    pub scan_reference: String,
    pub account_id: String,
}

/// Every control operation [`Sandbox::control`] knows.
pub const CONTROL_OPERATIONS: &[&str] = &[
    "reset",
    "advance_clock",
    "clock",
    "settings",
    "update_settings",
    "scenario",
    "set_scenario",
    "set_workflow_scenario",
    "complete_journey",
    "workflow_state",
    "workflows",
    "faults",
    "set_faults",
    "requests",
    "clear_requests",
    "callbacks",
    "redeliver_callback",
    "legacy_scans",
    "seed_legacy_scans",
    "migrations",
    "set_health",
];

impl Sandbox {
    /// The control API by name, with JSON arguments and results: what the Python and Node
    /// `Sandbox` objects forward to. Arguments are named as in the HTTP control API.
    pub fn control(self: &App, operation: &str, args: Value) -> Result<Value, String> {
        let str_arg = |name: &str| {
            args[name]
                .as_str()
                .map(String::from)
                .ok_or_else(|| format!("{operation}: `{name}` is required"))
        };
        let scenario = || -> Result<Scenario, String> {
            let mut v = args.clone();
            if let Some(o) = v.as_object_mut() {
                o.remove("workflow_execution_id");
            }
            serde_json::from_value(v).map_err(|e| format!("{operation}: {e}"))
        };
        match operation {
            "reset" => {
                self.reset();
                Ok(Value::Null)
            }
            "advance_clock" => {
                let secs = args["seconds"]
                    .as_f64()
                    .ok_or("advance_clock: `seconds` is required")?;
                if !secs.is_finite() || secs < 0.0 {
                    return Err("advance_clock: the clock only moves forward".into());
                }
                // A float cast saturates; the clock caps the offset.
                self.advance_clock(Duration::milliseconds(
                    (secs * 1000.0).min(crate::clock::MAX_OFFSET_MS as f64) as i64,
                ));
                Ok(json!({"now": crate::clock::format(self.clock.now())}))
            }
            "clock" => Ok(
                json!({"now": crate::clock::format(self.clock.now()), "offsetMs": self.clock.offset().num_milliseconds()}),
            ),
            "settings" => serde_json::to_value(self.settings()).map_err(|e| e.to_string()),
            "update_settings" => self
                .update_settings(&args)
                .and_then(|s| serde_json::to_value(s).map_err(|e| e.to_string())),
            "scenario" => serde_json::to_value(self.store().default_scenario.clone())
                .map_err(|e| e.to_string()),
            "set_scenario" => self.set_default_scenario(scenario()?).map(|_| Value::Null),
            "set_workflow_scenario" => {
                self.set_workflow_scenario(&str_arg("workflow_execution_id")?, scenario()?)
                    .map_err(|p| p.detail)?;
                Ok(Value::Null)
            }
            "complete_journey" => self
                .complete_journey(&str_arg("workflow_execution_id")?)
                .map(|_| Value::Null)
                .map_err(|p| p.detail),
            "workflow_state" => Ok(self
                .workflow_state(&str_arg("workflow_execution_id")?)
                .unwrap_or(Value::Null)),
            "workflows" => Ok(Value::Array(self.workflows())),
            "faults" => serde_json::to_value(self.faults()).map_err(|e| e.to_string()),
            "set_faults" => {
                let rules: Vec<FaultRule> = serde_json::from_value(args["rules"].clone())
                    .map_err(|e| format!("set_faults: {e}"))?;
                self.set_faults(rules).map(|_| Value::Null)
            }
            "requests" => {
                let all = self.requests();
                let picked: Vec<_> = match args["operation"].as_str() {
                    Some(op) => all
                        .into_iter()
                        .filter(|r| r.operation == Some(op))
                        .collect(),
                    None => all,
                };
                serde_json::to_value(picked).map_err(|e| e.to_string())
            }
            "clear_requests" => {
                self.clear_requests();
                Ok(Value::Null)
            }
            "callbacks" => serde_json::to_value(self.callback_records()).map_err(|e| e.to_string()),
            "redeliver_callback" => {
                let id = args["id"]
                    .as_u64()
                    .ok_or("redeliver_callback: `id` is required")?;
                crate::callbacks::redeliver(self, id).map(|_| Value::Null)
            }
            "legacy_scans" => {
                let mut scans: Vec<LegacyScan> =
                    self.store().legacy_scans.values().cloned().collect();
                scans.sort_by(|a, b| a.scan_reference.cmp(&b.scan_reference));
                serde_json::to_value(scans).map_err(|e| e.to_string())
            }
            "migrations" => serde_json::to_value(self.migrations()).map_err(|e| e.to_string()),
            "seed_legacy_scans" => {
                let scans: Vec<LegacyScan> = serde_json::from_value(args["scans"].clone())
                    .map_err(|e| format!("seed_legacy_scans: {e}"))?;
                self.seed_legacy_scans(scans);
                Ok(Value::Null)
            }
            "set_health" => {
                let health: Health =
                    serde_json::from_value(args).map_err(|e| format!("set_health: {e}"))?;
                self.set_health(health).map(|_| Value::Null)
            }
            other => Err(format!(
                "`{other}` is not a sandbox control operation (known: {})",
                CONTROL_OPERATIONS.join(", ")
            )),
        }
    }
}

fn ok() -> Reply {
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn json_reply<T: serde::Serialize>(value: T) -> Reply {
    Ok(axum::Json(value).into_response())
}

fn bad(e: String) -> Problem {
    Problem::bad_request(e)
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
            json_reply(json!({"now": crate::clock::format(app.clock.now()), "offsetMs": app.clock.offset().num_milliseconds()}))
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
            crate::callbacks::redeliver(&app, id).map_err(Problem::not_found)?;
            ok()
        }))
        .route("/legacy-scans", get(|State(app): State<App>| async move {
            let mut scans: Vec<LegacyScan> = app.store().legacy_scans.values().cloned().collect();
            scans.sort_by(|a, b| a.scan_reference.cmp(&b.scan_reference));
            json_reply(scans)
        }).post(seed))
        .route("/migrations", get(|State(app): State<App>| async move { json_reply(app.migrations()) }))
        .route("/health", put(health))
        .merge(crate::dashboard::router())
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
        }
    }))
    .into_response()
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
        .saturating_add((secs * 1000.0).min(crate::clock::MAX_OFFSET_MS as f64) as i64);
    app.advance_clock(Duration::milliseconds(ms));
    // Let the lifecycle task run before answering, so callers see the new state.
    tokio::task::yield_now().await;
    json_reply(json!({"now": crate::clock::format(app.clock.now())}))
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
