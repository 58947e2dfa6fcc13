//! The sandbox's in-memory world: accounts, workflow executions and their parts, tokens, legacy
//! scans, and the timers that move workflows through their lifecycle.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, RwLock};

use bytes::Bytes;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::callbacks::CallbackRecord;
use crate::clock::Clock;
use crate::config::{SandboxConfig, Settings};
use crate::faults::{Faults, RateLimiter};
use crate::log::RequestLog;
use crate::scenario::Scenario;
use crate::spec::Template;

/// Shared state of a running sandbox.
pub struct Sandbox {
    pub clock: Clock,
    /// The sandbox's own base URL (`http://127.0.0.1:PORT`).
    pub self_url: String,
    pub config: SandboxConfig,
    pub settings: RwLock<Settings>,
    pub store: Mutex<Store>,
    pub log: Mutex<RequestLog>,
    pub callbacks: Mutex<Vec<CallbackRecord>>,
    pub faults: Mutex<Faults>,
    pub limiter: Mutex<RateLimiter>,
    pub health: RwLock<Health>,
    /// Wakes the lifecycle task (after a clock advance, say).
    pub wake: tokio::sync::Notify,
    /// Sends callbacks.
    pub http: reqwest::Client,
    /// The runtime the sandbox runs on (callbacks are delivered there, whoever asks).
    pub runtime: tokio::runtime::Handle,
}

pub type App = Arc<Sandbox>;

impl Sandbox {
    pub fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The base URL the sandbox writes into hrefs of a host family (`api`, `retrieval`, …):
    /// in region mode the real host of the request's region, otherwise a `--public-url` or the
    /// sandbox's own URL.
    pub fn base(&self, family: &str) -> String {
        self.base_in(family, crate::hosts::current_region())
    }

    /// [`Sandbox::base`] for a given region (a workflow's, outside a request).
    pub fn base_in(&self, family: &str, region: Option<jumio_kyx::Region>) -> String {
        if self.config.strict_hosts {
            let region = region.unwrap_or(jumio_kyx::Region::Us);
            return format!("https://{}", crate::hosts::host(family, region));
        }
        self.config
            .base_urls
            .get(family)
            .map(String::as_str)
            .unwrap_or(&self.self_url)
            .trim_end_matches('/')
            .to_string()
    }
}

/// Platform health, settable through the control API.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct Health {
    pub status: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, String>,
}

impl Default for Health {
    fn default() -> Self {
        Self {
            status: "UP".into(),
            details: BTreeMap::new(),
        }
    }
}

/// Status of a workflow execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Initiated,
    Acquired,
    Processed,
    SessionExpired,
    TokenExpired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initiated => "INITIATED",
            Self::Acquired => "ACQUIRED",
            Self::Processed => "PROCESSED",
            Self::SessionExpired => "SESSION_EXPIRED",
            Self::TokenExpired => "TOKEN_EXPIRED",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Processed | Self::SessionExpired | Self::TokenExpired
        )
    }
}

/// An uploaded part.
#[derive(Clone, Debug)]
pub struct Part {
    pub bytes: Bytes,
    pub content_type: &'static str,
}

/// A credential of a workflow execution.
#[derive(Clone, Debug)]
pub struct Credential {
    pub id: String,
    pub category: String,
    pub channels: Vec<String>,
    /// Parts the API channel may upload.
    pub api_parts: Vec<String>,
    pub uploaded: BTreeMap<String, Part>,
    /// `workflowDefinition.credentials[]` preset of the request for this category, if any.
    pub preset: Option<serde_json::Value>,
}

impl Credential {
    pub fn allows(&self, channel: &str) -> bool {
        self.channels.iter().any(|c| c == channel)
    }
}

/// Results computed when a workflow is processed.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub decision: serde_json::Value,
    pub capabilities: serde_json::Value,
    pub steps: serde_json::Value,
}

/// A workflow execution.
#[derive(Clone, Debug)]
pub struct Workflow {
    pub id: String,
    pub account_id: String,
    pub template: Template,
    /// The key as the request sent it, as a string (`definitionKey`).
    pub key_text: String,
    pub customer_internal_reference: Option<String>,
    pub user_reference: Option<String>,
    pub reporting_criteria: Option<String>,
    pub callback_url: Option<String>,
    pub locale: String,
    pub success_url: Option<String>,
    pub error_url: Option<String>,
    /// Transaction token (api.token, web authorizationToken, sdk.token).
    pub token: String,
    pub token_expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub last_activity: Option<DateTime<Utc>>,
    pub processing_due: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub status: Status,
    pub credentials: Vec<Credential>,
    pub scenario: Scenario,
    pub outcome: Option<Outcome>,
    /// Set for workflows created by a migration.
    pub migrated_from: Option<String>,
    /// The region its creating request arrived in (region mode): its hrefs name that region's
    /// hosts.
    pub region: Option<jumio_kyx::Region>,
}

impl Workflow {
    /// The next time this workflow changes state on its own, given the settings.
    pub fn next_deadline(&self, settings: &Settings) -> Option<DateTime<Utc>> {
        match self.status {
            Status::Initiated => {
                let session = self
                    .last_activity
                    .map(|t| t + Duration::seconds(settings.session_timeout_secs as i64));
                Some(match session {
                    Some(s) if s < self.token_expires_at => s,
                    _ => self.token_expires_at,
                })
            }
            Status::Acquired => self.processing_due,
            _ => None,
        }
    }

    pub fn credential(&self, id: &str) -> Option<&Credential> {
        self.credentials.iter().find(|c| c.id == id)
    }

    pub fn credential_mut(&mut self, id: &str) -> Option<&mut Credential> {
        self.credentials.iter_mut().find(|c| c.id == id)
    }
}

/// An account.
#[derive(Clone, Debug)]
pub struct Account {
    pub id: String,
    pub workflows: Vec<String>,
}

/// What a legacy Netverify scan looks like to the migration API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LegacyScanState {
    /// Processed and migratable.
    Final,
    /// Not processed yet: "Scans [..] not in final state".
    NotFinal,
    /// Deleted: "Scans [..] are wiped out".
    WipedOut,
    /// Being migrated: "Scan references [..] are in progress or already migrated".
    InProgress,
    /// Unknown: "Scan references [..] not found".
    NotFound,
    /// An authentication scan whose original liveness provider was not iProov and which was not
    /// APPROVED_VERIFIED / valid / a similarity MATCH.
    AuthenticationPreconditionsNotMet,
}

/// A seeded legacy scan.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyScan {
    pub scan_reference: String,
    pub state: LegacyScanState,
    /// Workflow definition key the migrated execution reports (default 3, ID and identity).
    #[serde(default = "default_legacy_key")]
    pub definition_key: u64,
}

fn default_legacy_key() -> u64 {
    3
}

/// All mutable data.
#[derive(Default)]
pub struct Store {
    pub accounts: HashMap<String, Account>,
    pub workflows: HashMap<String, Workflow>,
    /// OAuth2 access token → expiry.
    pub oauth_tokens: HashMap<String, DateTime<Utc>>,
    /// Transaction token → workflow execution id.
    pub transaction_tokens: HashMap<String, String>,
    pub legacy_scans: HashMap<String, LegacyScan>,
    /// Migrated scan reference → account id.
    pub migrated: HashMap<String, String>,
    /// (due time in ms, workflow id): when a workflow may change state on its own.
    pub timers: BTreeSet<(i64, String)>,
    /// Scenario applied to new workflows that bring none.
    pub default_scenario: Scenario,
}

impl Store {
    /// Registers the next deadline of a workflow.
    pub fn schedule(&mut self, id: &str, settings: &Settings) {
        if let Some(due) = self
            .workflows
            .get(id)
            .and_then(|w| w.next_deadline(settings))
        {
            self.timers.insert((due.timestamp_millis(), id.to_string()));
        }
    }

    /// Deletes a workflow execution and what hangs off it.
    pub fn remove_workflow(&mut self, id: &str) -> Option<Workflow> {
        let w = self.workflows.remove(id)?;
        self.transaction_tokens.remove(&w.token);
        if let Some(a) = self.accounts.get_mut(&w.account_id) {
            a.workflows.retain(|x| x != id);
        }
        Some(w)
    }
}
