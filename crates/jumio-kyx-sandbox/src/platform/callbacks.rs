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
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
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

/// A callback record as a state document keeps it.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StoredCallback {
    id: u64,
    workflow_execution_id: String,
    account_id: String,
    url: String,
    payload: Value,
    attempts: Vec<Attempt>,
    state: String,
}

impl<'de> serde::Deserialize<'de> for CallbackRecord {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::try_from(<StoredCallback as serde::Deserialize>::deserialize(d)?)
            .map_err(serde::de::Error::custom)
    }
}

impl TryFrom<StoredCallback> for CallbackRecord {
    type Error = &'static str;
    fn try_from(s: StoredCallback) -> Result<Self, Self::Error> {
        let state = ["pending", "delivered", "failed"]
            .into_iter()
            .find(|known| *known == s.state)
            .ok_or("state must be pending, delivered or failed")?;
        Ok(Self {
            id: s.id,
            workflow_execution_id: s.workflow_execution_id,
            account_id: s.account_id,
            url: s.url,
            payload: s.payload,
            attempts: s.attempts,
            state,
        })
    }
}

/// The callbacks of a sandbox, and which changed since a state dir last wrote them.
#[derive(Debug, Default)]
pub(crate) struct Callbacks {
    pub(crate) records: Vec<CallbackRecord>,
    pub(crate) dirty: std::collections::BTreeSet<u64>,
    /// Moves on at each reset or import, so that a delivery still running for a record of the
    /// old state never touches the new one.
    pub(crate) epoch: u64,
}

impl Callbacks {
    fn get_mut(&mut self, id: u64, epoch: u64) -> Option<&mut CallbackRecord> {
        if epoch != self.epoch {
            return None;
        }
        self.dirty.insert(id);
        self.records.iter_mut().find(|r| r.id == id)
    }

    /// Replaces the records (a reset, an import), ending the deliveries of the old ones.
    pub(crate) fn replace(&mut self, records: Vec<CallbackRecord>) {
        self.records = records;
        self.dirty.clear();
        self.epoch += 1;
    }
}

/// Records a callback and starts delivering it (nothing happens without a URL).
pub fn dispatch(app: &App, finished: Finished) {
    let Some(url) = finished.url.clone() else {
        return;
    };
    let (id, epoch) = {
        let mut callbacks = app.callbacks.lock().unwrap_or_else(|e| e.into_inner());
        let id = callbacks.records.last().map_or(0, |r| r.id) + 1;
        callbacks.dirty.insert(id);
        callbacks.records.push(CallbackRecord {
            id,
            workflow_execution_id: finished.workflow_id,
            account_id: finished.account_id,
            url,
            payload: finished.payload,
            attempts: Vec::new(),
            state: "pending",
        });
        (id, callbacks.epoch)
    };
    app.runtime.spawn(deliver(app.clone(), id, epoch));
}

/// Starts delivering again the callbacks a restarted or imported sandbox found pending.
pub(crate) fn resume(app: &App) {
    let (pending, epoch): (Vec<u64>, u64) = {
        let callbacks = app.callbacks.lock().unwrap_or_else(|e| e.into_inner());
        let pending = callbacks
            .records
            .iter()
            .filter(|r| r.state == "pending")
            .map(|r| r.id)
            .collect();
        (pending, callbacks.epoch)
    };
    for id in pending {
        app.runtime.spawn(deliver(app.clone(), id, epoch));
    }
}

/// Delivers a recorded callback again, with a fresh round of attempts (the dashboard's
/// "redeliver"; each attempt is added to the record).
pub fn redeliver(app: &App, id: u64) -> Result<(), crate::SandboxError> {
    let epoch = {
        let mut callbacks = app.callbacks.lock().unwrap_or_else(|e| e.into_inner());
        let epoch = callbacks.epoch;
        let r = callbacks
            .get_mut(id, epoch)
            .ok_or_else(|| crate::SandboxError::not_found(format!("no callback {id}")))?;
        r.state = "pending";
        epoch
    };
    app.persist();
    app.runtime.spawn(deliver(app.clone(), id, epoch));
    Ok(())
}

async fn deliver(app: App, id: u64, epoch: u64) {
    let settings = app.settings();
    let mut delay = Duration::from_millis(settings.callback_backoff_ms);
    for attempt in 0..settings.callback_attempts.max(1) {
        if attempt > 0 {
            tokio::time::sleep(delay).await;
            delay = delay.saturating_mul(2);
        }
        let (url, mut payload) = {
            let callbacks = app.callbacks.lock().unwrap_or_else(|e| e.into_inner());
            let Some(r) = callbacks
                .records
                .iter()
                .find(|r| r.id == id && callbacks.epoch == epoch)
            else {
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
        {
            let mut callbacks = app.callbacks.lock().unwrap_or_else(|e| e.into_inner());
            let Some(r) = callbacks.get_mut(id, epoch) else {
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
            }
        }
        crate::infra::state_dir::persist_async(&app).await;
        if delivered {
            return;
        }
    }
    {
        let mut callbacks = app.callbacks.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = callbacks.get_mut(id, epoch) {
            r.state = "failed";
        }
    }
    crate::infra::state_dir::persist_async(&app).await;
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
