//! The control operations by name, with JSON arguments and results: what the Python and Node
//! `Sandbox` objects forward to.

use chrono::Duration;
use serde_json::{Value, json};

use crate::infra::faults::FaultRule;
use crate::platform::scenario::Scenario;
use crate::platform::state::{App, Health, LegacyScan, Sandbox};

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
    "check_requested",
    "export_state",
    "import_state",
];

impl Sandbox {
    /// The control API by name, with JSON arguments and results: what the Python and Node
    /// `Sandbox` objects forward to. Arguments are named as in the HTTP control API.
    pub fn control(self: &App, operation: &str, args: Value) -> Result<Value, crate::SandboxError> {
        let str_arg = |name: &str| {
            args[name]
                .as_str()
                .map(String::from)
                .ok_or_else(|| format!("{operation}: `{name}` is required"))
        };
        let scenario = || -> Result<Scenario, crate::SandboxError> {
            let mut v = args.clone();
            if let Some(o) = v.as_object_mut() {
                o.remove("workflow_execution_id");
            }
            serde_json::from_value(v)
                .map_err(|e| crate::SandboxError::invalid(format!("{operation}: {e}")))
        };
        match operation {
            "reset" => {
                self.reset();
                Ok(Value::Null)
            }
            // `{operation, times?, fields?}` → `{"ok": true}` or `{"ok": false, "message": …}`:
            // the bindings raise their runners' assertion error with the message.
            "check_requested" => {
                let operation = str_arg("operation")?;
                let times = match &args["times"] {
                    Value::Null => None,
                    t => Some(
                        t.as_u64()
                            .ok_or("check_requested: `times` must be a whole number")?,
                    ),
                };
                let fields: Vec<(String, Value)> = match &args["fields"] {
                    Value::Null => Vec::new(),
                    Value::Object(o) => o.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                    _ => return Err("check_requested: `fields` must be an object".into()),
                };
                Ok(match self.check_requested(&operation, times, &fields)? {
                    None => json!({"ok": true}),
                    Some(message) => json!({"ok": false, "message": message}),
                })
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
                    (secs * 1000.0).min(crate::platform::clock::MAX_OFFSET_MS as f64) as i64,
                ));
                Ok(json!({"now": crate::platform::clock::format(self.clock.now())}))
            }
            "clock" => Ok(
                json!({"now": crate::platform::clock::format(self.clock.now()), "offsetMs": self.clock.offset().num_milliseconds()}),
            ),
            "settings" => serde_json::to_value(self.settings())
                .map_err(|e| crate::SandboxError::invalid(e.to_string())),
            "update_settings" => self.update_settings(&args).and_then(|s| {
                serde_json::to_value(s).map_err(|e| crate::SandboxError::invalid(e.to_string()))
            }),
            "scenario" => serde_json::to_value(self.store().default_scenario.clone())
                .map_err(|e| crate::SandboxError::invalid(e.to_string())),
            "set_scenario" => self.set_default_scenario(scenario()?).map(|_| Value::Null),
            "set_workflow_scenario" => {
                self.set_workflow_scenario(&str_arg("workflow_execution_id")?, scenario()?)
                    .map_err(|p| p.detail)?;
                Ok(Value::Null)
            }
            "complete_journey" => self
                .complete_journey(&str_arg("workflow_execution_id")?)
                .map(|_| Value::Null)
                .map_err(|p| match p.status {
                    axum::http::StatusCode::NOT_FOUND => crate::SandboxError::not_found(p.detail),
                    _ => crate::SandboxError::invalid(p.detail),
                }),
            "workflow_state" => Ok(self
                .workflow_state(&str_arg("workflow_execution_id")?)
                .unwrap_or(Value::Null)),
            "workflows" => Ok(Value::Array(self.workflows())),
            "faults" => serde_json::to_value(self.faults())
                .map_err(|e| crate::SandboxError::invalid(e.to_string())),
            "set_faults" => {
                let rules: Vec<FaultRule> = serde_json::from_value(args["rules"].clone())
                    .map_err(|e| crate::SandboxError::invalid(format!("set_faults: {e}")))?;
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
                serde_json::to_value(picked)
                    .map_err(|e| crate::SandboxError::invalid(e.to_string()))
            }
            "clear_requests" => {
                self.clear_requests();
                Ok(Value::Null)
            }
            "callbacks" => serde_json::to_value(self.callback_records())
                .map_err(|e| crate::SandboxError::invalid(e.to_string())),
            "redeliver_callback" => {
                let id = args["id"]
                    .as_u64()
                    .ok_or("redeliver_callback: `id` is required")?;
                crate::platform::callbacks::redeliver(self, id).map(|_| Value::Null)
            }
            "legacy_scans" => serde_json::to_value(self.store().legacy_scans_sorted())
                .map_err(|e| crate::SandboxError::invalid(e.to_string())),
            "migrations" => serde_json::to_value(self.migrations())
                .map_err(|e| crate::SandboxError::invalid(e.to_string())),
            "seed_legacy_scans" => {
                let scans: Vec<LegacyScan> = serde_json::from_value(args["scans"].clone())
                    .map_err(|e| crate::SandboxError::invalid(format!("seed_legacy_scans: {e}")))?;
                self.seed_legacy_scans(scans);
                Ok(Value::Null)
            }
            "set_health" => {
                let health: Health = serde_json::from_value(args)
                    .map_err(|e| crate::SandboxError::invalid(format!("set_health: {e}")))?;
                self.set_health(health).map(|_| Value::Null)
            }
            "export_state" => Ok(self.export_state()),
            // `{"state": <a document from export_state>}`.
            "import_state" => {
                let Value::Object(mut args) = args else {
                    return Err("import_state: `state` is required".into());
                };
                let state = args
                    .remove("state")
                    .ok_or("import_state: `state` is required")?;
                self.import_state(state).map(|_| Value::Null)
            }
            other => Err(crate::SandboxError::unknown_operation(format!(
                "`{other}` is not a sandbox control operation (known: {})",
                CONTROL_OPERATIONS.join(", ")
            ))),
        }
    }
}
