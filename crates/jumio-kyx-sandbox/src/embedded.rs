//! [`EmbeddedSandbox`]: a sandbox started from JSON settings on a runtime of its own, closable
//! from any thread: what the Python and Node `Sandbox` objects hold, so that each binding only
//! converts values.

use std::sync::Mutex;

use serde_json::Value;

use crate::{RunningSandbox, SandboxConfig, SandboxError};

/// A sandbox running in this process on its own runtime, with the addresses a binding shows.
///
/// ```
/// let sandbox = jumio_kyx_sandbox::EmbeddedSandbox::start_json(&serde_json::Value::Null).unwrap();
/// assert!(sandbox.url().starts_with("http://127.0.0.1:"));
/// sandbox.control("advance_clock", serde_json::json!({"seconds": 1860})).unwrap();
/// sandbox.close();
/// assert!(sandbox.control("clock", serde_json::Value::Null).is_err());
/// ```
pub struct EmbeddedSandbox {
    running: Mutex<Option<RunningSandbox>>,
    url: String,
    ui_url: String,
    region_options: Value,
}

impl EmbeddedSandbox {
    /// Starts a sandbox from its settings as JSON (`{port?, clients?, baseUrls?, settings?, …}`,
    /// see [`SandboxConfig::from_json`]). A bad setting is an invalid [`SandboxError`]; a sandbox
    /// that cannot start (the port is taken) is an I/O error.
    pub fn start_json(config: &Value) -> Result<Self, EmbeddedStartError> {
        let config = SandboxConfig::from_json(config).map_err(EmbeddedStartError::Config)?;
        let running =
            RunningSandbox::start_in_background(config).map_err(EmbeddedStartError::Io)?;
        Ok(Self {
            url: running.url().to_string(),
            ui_url: running.ui_url(),
            region_options: running.region_options().unwrap_or(Value::Null),
            running: Mutex::new(Some(running)),
        })
    }

    /// The base URL (every host family).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The dashboard's address.
    pub fn ui_url(&self) -> &str {
        &self.ui_url
    }

    /// With TLS: the client options that reach the sandbox under the real host names; else null.
    pub fn region_options(&self) -> &Value {
        &self.region_options
    }

    /// A control operation by name (see [`crate::Sandbox::control`]); refused once closed.
    pub fn control(&self, operation: &str, args: Value) -> Result<Value, SandboxError> {
        let state = self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(RunningSandbox::state)
            .ok_or_else(|| SandboxError::invalid("the sandbox is closed"))?;
        state.control(operation, args)
    }

    /// Stops the sandbox (waits for its runtime to shut down); later calls are refused.
    pub fn close(&self) {
        let running = self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        drop(running);
    }
}

/// Why an [`EmbeddedSandbox`] did not start.
#[derive(Debug)]
pub enum EmbeddedStartError {
    /// A setting is not valid.
    Config(SandboxError),
    /// The server could not start (the port is taken, …).
    Io(std::io::Error),
}

impl std::fmt::Display for EmbeddedStartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Config(e) => write!(f, "{e}"),
            Self::Io(e) => write!(f, "the sandbox cannot start: {e}"),
        }
    }
}

impl std::error::Error for EmbeddedStartError {}
