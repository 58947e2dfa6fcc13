//! Callbacks: a real HTTP POST of the callback payload to the workflow's callback URL, retried
//! with exponential backoff on a non-2xx answer or a connection failure. Every attempt is
//! recorded (`GET /__sandbox/callbacks`).

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::platform::clock;
use crate::platform::lifecycle::Finished;
use crate::platform::state::App;

/// One attempt to deliver a callback.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    /// When it was sent (the sandbox clock).
    pub at: String,
    /// The receiver's status, if it answered.
    pub status: Option<u16>,
    /// Why it failed without an answer (connection refused, timeout).
    pub error: Option<String>,
    /// How long the attempt took.
    pub duration_ms: f64,
}

/// A callback and its delivery attempts.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallbackRecord {
    /// Its number (what redelivery takes).
    pub id: u64,
    /// The workflow execution it reports.
    pub workflow_execution_id: String,
    /// The account of that workflow execution.
    pub account_id: String,
    /// The `callbackUrl` it goes to.
    pub url: String,
    /// The payload as last sent (`callbackSentAt` is set per attempt).
    pub payload: Value,
    /// Every delivery attempt, oldest first.
    pub attempts: Vec<Attempt>,
    /// `pending`, `delivered` or `failed` (attempts exhausted).
    pub state: &'static str,
}

/// Records a callback and starts delivering it (nothing happens without a URL).
pub fn dispatch(app: &App, finished: Finished) {
    let Some(url) = finished.url.clone() else {
        return;
    };
    let id = {
        let mut records = app.callbacks.lock().unwrap_or_else(|e| e.into_inner());
        let id = records.len() as u64 + 1;
        records.push(CallbackRecord {
            id,
            workflow_execution_id: finished.workflow_id,
            account_id: finished.account_id,
            url,
            payload: finished.payload,
            attempts: Vec::new(),
            state: "pending",
        });
        id
    };
    app.runtime.spawn(deliver(app.clone(), id));
}

/// Delivers a recorded callback again, with a fresh round of attempts (the dashboard's
/// "redeliver"; each attempt is added to the record).
pub fn redeliver(app: &App, id: u64) -> Result<(), crate::SandboxError> {
    {
        let mut records = app.callbacks.lock().unwrap_or_else(|e| e.into_inner());
        let r = records
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or_else(|| crate::SandboxError::not_found(format!("no callback {id}")))?;
        r.state = "pending";
    }
    app.runtime.spawn(deliver(app.clone(), id));
    Ok(())
}

async fn deliver(app: App, id: u64) {
    let settings = app.settings();
    let mut delay = Duration::from_millis(settings.callback_backoff_ms);
    for attempt in 0..settings.callback_attempts.max(1) {
        if attempt > 0 {
            tokio::time::sleep(delay).await;
            delay = delay.saturating_mul(2);
        }
        let (url, mut payload) = {
            let records = app.callbacks.lock().unwrap_or_else(|e| e.into_inner());
            let Some(r) = records.iter().find(|r| r.id == id) else {
                return;
            };
            (r.url.clone(), r.payload.clone())
        };
        let sent_at = clock::format(app.clock.now());
        payload["callbackSentAt"] = Value::String(sent_at.clone());
        let started = Instant::now();
        let result = app
            .http
            .post(&url)
            .timeout(Duration::from_millis(settings.callback_timeout_ms))
            .json(&payload)
            .send()
            .await;
        let (status, error) = match &result {
            Ok(r) => (Some(r.status().as_u16()), None),
            Err(e) => (None, Some(describe(e))),
        };
        let delivered = status.is_some_and(|s| (200..300).contains(&s));
        let mut records = app.callbacks.lock().unwrap_or_else(|e| e.into_inner());
        let Some(r) = records.iter_mut().find(|r| r.id == id) else {
            return;
        };
        r.payload = payload;
        r.attempts.push(Attempt {
            at: sent_at,
            status,
            error,
            duration_ms: started.elapsed().as_secs_f64() * 1000.0,
        });
        if delivered {
            r.state = "delivered";
            return;
        }
    }
    let mut records = app.callbacks.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(r) = records.iter_mut().find(|r| r.id == id) {
        r.state = "failed";
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".into()
    } else if e.is_connect() {
        "connection failed".into()
    } else {
        "request failed".into()
    }
}
