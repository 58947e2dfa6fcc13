//! What an end user's journey does to a workflow, whatever drives it: the hosted page
//! (`pages/web.rs`), Jumio's own Web SDK through the Web SDK API (`api/websdk.rs`), and the
//! `complete_journey` control operation. One implementation of a journey's state changes: parts
//! are captured (checked by the caller exactly as the API channel checks them), then the journey
//! finishes (ACQUIRED, then PROCESSED and the callback on the lifecycle's schedule).

use chrono::{DateTime, Duration, Utc};

use crate::api::problem::Problem;
use crate::infra::config::Settings;
use crate::platform::lifecycle;
use crate::platform::state::{App, Part, Status, Workflow};

/// A captured part: credential id, classifier, bytes.
pub(crate) type Captured = (String, String, Part);

/// Applies `change` to a workflow brought up to date, then registers its next deadline; wakes
/// the lifecycle task when `change` says the workflow moved on its own schedule.
fn change(
    app: &App,
    workflow_id: &str,
    change: impl FnOnce(&mut Workflow, DateTime<Utc>, &Settings) -> Result<bool, Problem>,
) -> Result<(), Problem> {
    let settings = app.settings();
    let mut store = app.store();
    lifecycle::refresh_one(app, &mut store, workflow_id);
    let now = app.clock.now();
    let w = store
        .workflows
        .get_mut(workflow_id)
        .ok_or_else(|| Problem::not_found("workflow execution not found"))?;
    let wake = change(w, now, &settings)?;
    store.schedule(workflow_id, &settings);
    drop(store);
    if wake {
        app.wake.notify_one();
    }
    Ok(())
}

/// Stores captured parts on a workflow that has not finished, as an action of the journey (the
/// session starts with the first one and is reset by each). Nothing is stored when the workflow
/// is finished or expired.
pub(crate) fn capture(app: &App, workflow_id: &str, parts: Vec<Captured>) -> Result<(), Problem> {
    change(app, workflow_id, |w, now, _| {
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
        Ok(false)
    })
}

/// Finishes the journey: INITIATED becomes ACQUIRED, processed after the processing delay.
/// Finishing a journey that already finished is harmless (a client that lost the answer may
/// ask again); an expired one is refused.
pub(crate) fn finish(app: &App, workflow_id: &str) -> Result<(), Problem> {
    change(app, workflow_id, |w, now, settings| match w.status {
        Status::Initiated => {
            w.started_at.get_or_insert(now);
            w.last_activity = Some(now);
            w.status = Status::Acquired;
            w.processing_due =
                Some(now + Duration::milliseconds(settings.processing_delay_ms as i64));
            Ok(true)
        }
        Status::Acquired | Status::Processed => Ok(false),
        expired => Err(Problem::bad_request(format!(
            "the workflow execution is {}",
            expired.as_str()
        ))),
    })
}
