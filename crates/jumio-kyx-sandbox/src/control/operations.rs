//! The control operations, as methods of [`Sandbox`]: reset, clock, settings, scenarios, faults,
//! request and callback logs, legacy scans, health, completing a journey.

use chrono::Duration;
use serde_json::{Value, json};

use crate::api::problem::Problem;
use crate::infra::config::Settings;
use crate::infra::faults::FaultRule;
use crate::infra::log::LoggedRequest;
use crate::platform::callbacks::CallbackRecord;
use crate::platform::scenario::Scenario;
use crate::platform::state::{App, Health, LegacyScan, Sandbox};
use crate::platform::{capture, lifecycle};

impl Sandbox {
    /// Forgets every account, workflow, token, log entry, fault, scenario and seeded scan, puts
    /// the clock back to where it started (real time, or `clock_start`) and the health to UP, and
    /// starts the id streams again (with a seed, the same ids come again). Start-up settings are
    /// restored.
    pub fn reset(&self) {
        *self.store() = Default::default();
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.callbacks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .replace(Vec::new());
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
        // With a seed, the same ids come again after a reset, as after a restart.
        self.ids.reset();
        self.persist();
    }

    /// Everything the sandbox holds, as one versioned JSON document with the uploaded images in
    /// it (what `GET /__sandbox/state` answers): accounts, workflows and their parts, callbacks,
    /// scenarios, faults, seeded scans, health, the clock, and the key its transaction tokens are
    /// signed with. Settings and the request log are not state. Commit one as a test fixture, or
    /// attach it to a bug report; it holds the personal data the sandbox was sent.
    pub fn export_state(&self) -> Value {
        serde_json::to_value(self.snapshot()).unwrap_or(Value::Null)
    }

    /// Replaces the sandbox's state with a document from [`Sandbox::export_state`] (any sandbox
    /// of the same state version): the accounts, details and images it holds are served as they
    /// were, its tokens work, its pending callbacks are delivered, and the clock starts at the
    /// document's time. A broken document, or one of another version, is refused with a message
    /// saying what is wrong, and changes nothing.
    pub fn import_state(self: &App, document: Value) -> Result<(), crate::SandboxError> {
        let doc =
            crate::platform::snapshot::StateDocument::from_value(document, Default::default())?;
        self.import_document(doc);
        Ok(())
    }

    /// [`Sandbox::import_state`] of a parsed document.
    pub(crate) fn import_document(self: &App, doc: crate::platform::snapshot::StateDocument) {
        self.install(doc, false);
        self.persist();
        crate::platform::callbacks::resume(self);
        self.wake.notify_one();
    }

    /// Moves the clock forward and processes what became due.
    pub fn advance_clock(&self, by: Duration) {
        self.clock.advance(by);
        self.persist();
        self.wake.notify_one();
    }

    /// Merges a JSON object of settings (camelCase names) into the current ones.
    pub fn update_settings(&self, patch: &Value) -> Result<Settings, crate::SandboxError> {
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
    pub fn set_default_scenario(&self, scenario: Scenario) -> Result<(), crate::SandboxError> {
        scenario.validate()?;
        self.store().default_scenario = scenario;
        self.persist();
        Ok(())
    }

    /// Sets the scenario of one workflow (before it is processed).
    pub fn set_workflow_scenario(
        &self,
        workflow_id: &str,
        scenario: Scenario,
    ) -> Result<(), Problem> {
        scenario
            .validate()
            .map_err(|e| Problem::bad_request(e.to_string()))?;
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
        drop(store);
        self.persist();
        Ok(())
    }

    /// Replaces the fault rules.
    pub fn set_faults(&self, rules: Vec<FaultRule>) -> Result<(), crate::SandboxError> {
        for r in &rules {
            r.validate()?;
        }
        self.faults.lock().unwrap_or_else(|e| e.into_inner()).rules = rules;
        self.persist();
        Ok(())
    }

    /// Checks the request journal: was `operation` (operationId or snake_case) requested exactly
    /// `times` times (`None`: at least once) with these fields (dotted camelCase names, or
    /// snake_case segments; personal data is matched by fingerprint, never kept)? `Ok(None)` when
    /// it was; `Ok(Some(message))` says what was expected and lists the requests made.
    pub fn check_requested(
        &self,
        operation: &str,
        times: Option<u64>,
        fields: &[(String, Value)],
    ) -> Result<Option<String>, crate::SandboxError> {
        let entries = self.requests();
        crate::infra::journal::check(
            &entries,
            &crate::infra::journal::Expectation {
                operation,
                times,
                fields,
            },
            &|v| self.signer().fingerprint(v),
        )
    }

    /// Panics, with a message that lists the requests made, unless `operation` was requested
    /// exactly `times` times (`None`: at least once) with these fields.
    ///
    /// ```no_run
    /// # async fn f(sandbox: &jumio_kyx_sandbox::RunningSandbox) {
    /// use serde_json::json;
    /// sandbox.assert_requested("createAccount", 1, &[("workflowDefinition.key", json!(10013))]);
    /// sandbox.assert_requested("uploadPart", None, &[("classifier", json!("FRONT"))]);
    /// # }
    /// ```
    #[track_caller]
    pub fn assert_requested(
        &self,
        operation: &str,
        times: impl Into<Option<u64>>,
        fields: &[(&str, Value)],
    ) {
        let fields: Vec<(String, Value)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        match self.check_requested(operation, times.into(), &fields) {
            Ok(None) => {}
            Ok(Some(message)) => panic!("{message}"),
            Err(e) => panic!("{e}"),
        }
    }

    /// Panics, listing the requests made, if `operation` was requested with these fields.
    #[track_caller]
    pub fn assert_not_requested(&self, operation: &str, fields: &[(&str, Value)]) {
        self.assert_requested(operation, 0, fields);
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
            .records
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
        drop(store);
        self.persist();
    }

    /// Sets the platform health.
    pub fn set_health(&self, health: Health) -> Result<(), crate::SandboxError> {
        let valid = |s: &str| ["UP", "DEGRADED", "DOWN"].contains(&s);
        if !valid(&health.status) || !health.details.values().all(|s| valid(s)) {
            return Err("health statuses are UP, DEGRADED or DOWN".into());
        }
        *self.health.write().unwrap_or_else(|e| e.into_inner()) = health;
        self.persist();
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
            let image = crate::platform::state::Part::new(
                bytes::Bytes::from_static(crate::infra::samples::SPECIMEN_PNG),
                "image/png",
            );
            let mut parts = Vec::new();
            for c in w.credentials.iter().filter(|c| !c.channels.is_empty()) {
                let mut captured = Vec::new();
                for classifier in capture::journey_classifiers(&c.category) {
                    if *classifier == "FACEMAP" {
                        captured.extend(capture::liveness_parts(&image));
                    } else {
                        captured.push((classifier.to_string(), image.clone()));
                    }
                }
                for (classifier, part) in captured {
                    if !c.uploaded.contains_key(&classifier) {
                        parts.push((c.id.clone(), classifier, part));
                    }
                }
            }
            parts
        };
        self.acquire(workflow_id, parts)
    }

    /// What a finished web or SDK journey does: stores the captured parts (credential id,
    /// classifier, part) and finalizes (ACQUIRED, then PROCESSED and the callback), through the
    /// one journey implementation (`platform::journey`).
    pub(crate) fn acquire(
        self: &App,
        workflow_id: &str,
        parts: Vec<crate::platform::journey::Captured>,
    ) -> Result<(), Problem> {
        crate::platform::journey::capture(self, workflow_id, parts)?;
        let finished = crate::platform::journey::finish(self, workflow_id);
        self.persist();
        finished
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
            "tokenExpiresAt": crate::platform::clock::format(w.token_expires_at),
            "nextChangeAt": w.next_deadline(&settings).map(crate::platform::clock::format),
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
        store
            .workflows_by_age()
            .into_iter()
            .map(|w| Value::Object(w.summary()))
            .collect()
    }
}

/// A migrated scan and the account it went into.
#[derive(Clone, Debug, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Migrated {
    /// The legacy scan reference.
    pub scan_reference: String,
    /// The account it was migrated into.
    pub account_id: String,
}
