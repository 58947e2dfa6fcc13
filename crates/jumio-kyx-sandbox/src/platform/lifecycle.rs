//! Moves workflow executions through their lifecycle on the sandbox clock:
//! INITIATED → ACQUIRED (finalize) → PROCESSED after the processing delay; INITIATED →
//! TOKEN_EXPIRED after `tokenLifetime`, or SESSION_EXPIRED 15 minutes after the last action once
//! the journey started. The transaction token only starts the journey: its first use on an
//! upload (even one that is refused) starts the session, and each action resets it, so a
//! session can expire with nothing uploaded.
//!
//! Workflows are brought up to date whenever a request touches them, and by a background task
//! that wakes at the next deadline (or when the clock is advanced), so callbacks go out even
//! when nobody asks.

use std::time::Duration as StdDuration;

use serde_json::{Value, json};

use crate::platform::callbacks;
use crate::platform::clock;
use crate::platform::decisions;
use crate::platform::state::{App, Sandbox, Status, Store};

/// A workflow that reached a final status, with the callback to send.
pub struct Finished {
    pub workflow_id: String,
    pub account_id: String,
    pub url: Option<String>,
    pub payload: Value,
}

/// Brings one workflow up to date; queues its callback if it just finished.
pub fn refresh_one(app: &App, store: &mut Store, id: &str) {
    if let Some(finished) = refresh(app, store, id) {
        callbacks::dispatch(app, finished);
    }
}

/// Brings one workflow up to date; returns what finished.
pub fn refresh(app: &Sandbox, store: &mut Store, id: &str) -> Option<Finished> {
    let now = app.clock.now();
    let settings = app.settings();
    let w = store.workflows.get_mut(id)?;
    let before = w.status;
    loop {
        match w.status {
            Status::Initiated => {
                let session = w
                    .last_activity
                    .map(|t| t + chrono::Duration::seconds(settings.session_timeout_secs as i64));
                let (due, status) = match session {
                    Some(s) if s < w.token_expires_at => (s, Status::SessionExpired),
                    _ => (w.token_expires_at, Status::TokenExpired),
                };
                if now < due {
                    break;
                }
                w.status = status;
                w.completed_at = Some(due);
                w.outcome = Some(decisions::expired(&app.ids, w, status, &settings));
            }
            Status::Acquired => {
                let Some(due) = w.processing_due else { break };
                if now < due {
                    break;
                }
                w.status = Status::Processed;
                w.completed_at = Some(due);
                w.outcome = Some(decisions::evaluate(
                    &app.ids,
                    w,
                    &settings,
                    &app.base_in("retrieval", w.region),
                    due,
                ));
            }
            _ => break,
        }
    }
    if w.status == before || !w.status.is_final() {
        return None;
    }
    Some(finished(app, w, settings.default_callback_url.as_deref()))
}

/// The callback of a finished workflow.
pub fn finished(
    app: &Sandbox,
    w: &crate::platform::state::Workflow,
    default_url: Option<&str>,
) -> Finished {
    let retrieval = app.base_in("retrieval", w.region);
    let mut payload = json!({
        "workflowExecution": {
            "id": w.id,
            "href": format!("{retrieval}/api/v1/workflow-executions/{}", w.id),
            "definitionKey": w.key_text,
            "status": w.status.as_str(),
        },
        "account": {"id": w.account_id, "href": format!("{retrieval}/api/v1/accounts/{}", w.account_id)},
    });
    if let Some(u) = &w.user_reference {
        payload["userReference"] = json!(u);
    }
    Finished {
        workflow_id: w.id.clone(),
        account_id: w.account_id.clone(),
        url: w
            .callback_url
            .clone()
            .or_else(|| default_url.map(String::from)),
        payload,
    }
}

/// The background task: processes due timers until the sandbox stops.
pub async fn run(app: App, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        let wait = {
            let mut store = app.store();
            let now = app.clock.now();
            let now_ms = now.timestamp_millis();
            let mut due = Vec::new();
            while let Some(first) = store.timers.first().cloned() {
                if first.0 > now_ms {
                    break;
                }
                store.timers.pop_first();
                due.push(first.1);
            }
            let settings = app.settings();
            for id in due {
                if let Some(f) = refresh(&app, &mut store, &id) {
                    callbacks::dispatch(&app, f);
                }
                store.schedule(&id, &settings);
            }
            // Expired tokens are kept a day, so that using one says "expired" rather than "invalid".
            store
                .oauth_tokens
                .retain(|_, expiry| *expiry + chrono::Duration::days(1) > now);
            let next = store
                .timers
                .first()
                .map(|(ms, _)| ms - now_ms)
                .unwrap_or(250);
            StdDuration::from_millis(next.clamp(1, 250) as u64)
        };
        crate::infra::state_dir::persist_async(&app).await;
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = app.wake.notified() => {}
            _ = stop.changed() => return,
        }
    }
}

/// `completedAt`-style formatting of an optional time.
pub fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> Option<String> {
    t.map(clock::format)
}
