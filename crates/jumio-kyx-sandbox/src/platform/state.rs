//! The sandbox's in-memory world: accounts, workflow executions and their parts, tokens, legacy
//! scans, and the timers that move workflows through their lifecycle.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, RwLock};

use bytes::Bytes;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::infra::config::{SandboxConfig, Settings};
use crate::infra::faults::{Faults, RateLimiter};
use crate::infra::log::RequestLog;
use crate::platform::clock::Clock;
use crate::platform::scenario::Scenario;
use crate::platform::spec::Template;
use crate::platform::tracked::Tracked;

/// Shared state of a running sandbox.
pub struct Sandbox {
    pub(crate) clock: Clock,
    /// The sandbox's own base URL (`http://127.0.0.1:PORT`).
    pub(crate) self_url: String,
    pub(crate) config: SandboxConfig,
    /// The host names it answers to, and who may change its state.
    pub(crate) guard: crate::infra::guard::HostPolicy,
    /// Ids, tokens and random choices: random, or reproducible from a seed.
    pub(crate) ids: crate::platform::ids::Ids,
    /// Signs the transaction tokens (JWTs in Jumio's format); an imported state brings its key.
    pub(crate) signer: RwLock<crate::platform::transaction_token::Signer>,
    /// Where state is kept durably (`--state-dir`), if anywhere.
    pub(crate) state_dir: Option<Mutex<crate::infra::state_dir::StateDir>>,
    pub(crate) settings: RwLock<Settings>,
    pub(crate) store: Mutex<Store>,
    pub(crate) log: Mutex<RequestLog>,
    pub(crate) callbacks: Mutex<crate::platform::callbacks::Callbacks>,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) limiter: Mutex<RateLimiter>,
    pub(crate) health: RwLock<Health>,
    /// Wakes the lifecycle task (after a clock advance, say).
    pub(crate) wake: tokio::sync::Notify,
    /// Sends callbacks.
    pub(crate) http: reqwest::Client,
    /// The runtime the sandbox runs on (callbacks are delivered there, whoever asks).
    pub(crate) runtime: tokio::runtime::Handle,
}

/// The sandbox as the handlers share it.
pub type App = Arc<Sandbox>;

impl Sandbox {
    pub(crate) fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The signer of transaction tokens (a copy: it is small, and an import may replace it).
    pub(crate) fn signer(&self) -> crate::platform::transaction_token::Signer {
        self.signer
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The base URL the sandbox writes into hrefs of a host family (`api`, `retrieval`, …):
    /// in region mode the real host of the request's region, otherwise a `--public-url` or the
    /// sandbox's own URL.
    pub(crate) fn base(&self, family: &str) -> String {
        self.base_in(family, crate::infra::hosts::current_region())
    }

    /// The hosted journey's address of a workflow (`web.href`): it carries the transaction token.
    /// The current documented form names the Web SDK API the page talks to,
    /// `{web}/web/client?baseUrl=<web-sdk API, URL-encoded>&authorizationToken=…&locale=…`; the
    /// `webHrefForm` setting `v4-app` keeps the older `{web}/web/v4/app?authorizationToken=…`.
    pub(crate) fn journey_href(&self, w: &Workflow) -> String {
        let web = self.base_in("web", w.region.or(crate::infra::hosts::current_region()));
        match self.settings().web_href_form {
            crate::infra::config::WebHrefForm::V4App => format!(
                "{web}/web/v4/app?authorizationToken={}&locale={}",
                w.token, w.locale
            ),
            crate::infra::config::WebHrefForm::Client => {
                let api = format!(
                    "{}{}",
                    self.base_in(
                        "web-sdk",
                        w.region.or(crate::infra::hosts::current_region())
                    ),
                    crate::api::websdk::BASE_PATH
                );
                let base_url: String = form_urlencoded::byte_serialize(api.as_bytes()).collect();
                format!(
                    "{web}/web/client?baseUrl={base_url}&authorizationToken={}&locale={}",
                    w.token, w.locale
                )
            }
        }
    }

    /// A new transaction token for a workflow: a JWT in Jumio's format, signed by this sandbox.
    pub(crate) fn new_transaction_token(
        &self,
        account_id: &str,
        workflow_id: &str,
        customer_internal_reference: Option<&str>,
        expires_at: DateTime<Utc>,
    ) -> String {
        self.signer()
            .mint(&crate::platform::transaction_token::Claims {
                expires_at_ms: expires_at.timestamp_millis(),
                account_id: account_id.to_string(),
                workflow_id: workflow_id.to_string(),
                customer_internal_reference: customer_internal_reference.map(String::from),
                token_id: self
                    .ids
                    .uuid(crate::platform::ids::Stream::Entity)
                    .to_string(),
            })
    }

    /// [`Sandbox::base`] for a given region (a workflow's, outside a request).
    pub(crate) fn base_in(&self, family: &str, region: Option<jumio_kyx::Region>) -> String {
        if self.config.strict_hosts {
            let region = region.unwrap_or(jumio_kyx::Region::Us);
            return format!("https://{}", crate::infra::hosts::host(family, region));
        }
        if let Some(base) = self.config.base_urls.get(family) {
            return base.trim_end_matches('/').to_string();
        }
        crate::infra::hosts::current_base().unwrap_or_else(|| self.self_url.clone())
    }
}

/// Platform health, settable through the control API.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct Health {
    /// `UP` or `DOWN`.
    pub status: String,
    /// Per-component details.
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum Status {
    Initiated,
    Acquired,
    Processed,
    SessionExpired,
    TokenExpired,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Initiated => "INITIATED",
            Self::Acquired => "ACQUIRED",
            Self::Processed => "PROCESSED",
            Self::SessionExpired => "SESSION_EXPIRED",
            Self::TokenExpired => "TOKEN_EXPIRED",
        }
    }

    pub(crate) fn is_final(self) -> bool {
        matches!(
            self,
            Self::Processed | Self::SessionExpired | Self::TokenExpired
        )
    }
}

/// An uploaded part.
#[derive(Clone, Debug)]
pub(crate) struct Part {
    pub(crate) bytes: Bytes,
    pub(crate) content_type: &'static str,
    /// Its SHA-256 (hex), computed when a state dir or an export first needs it, and shared by
    /// the part's clones.
    digest: Arc<std::sync::OnceLock<String>>,
}

impl Part {
    pub(crate) fn new(bytes: Bytes, content_type: &'static str) -> Self {
        Self {
            bytes,
            content_type,
            digest: Default::default(),
        }
    }

    /// A part known by its hash, whose bytes come later (loading a state).
    pub(crate) fn with_digest(content_type: &'static str, digest: String) -> Self {
        Self {
            bytes: Bytes::new(),
            content_type,
            digest: Arc::new(std::sync::OnceLock::from(digest)),
        }
    }

    /// The part's SHA-256, in hex: the key of its bytes in a state dir or a state document.
    pub(crate) fn digest(&self) -> &str {
        self.digest
            .get_or_init(|| crate::platform::snapshot::sha256_hex(&self.bytes))
    }
}

/// A credential of a workflow execution.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Credential {
    pub(crate) id: String,
    pub(crate) category: String,
    pub(crate) channels: Vec<String>,
    /// Parts the API channel may upload.
    pub(crate) api_parts: Vec<String>,
    pub(crate) uploaded: BTreeMap<String, Part>,
    /// `workflowDefinition.credentials[]` preset of the request for this category, if any.
    pub(crate) preset: Option<serde_json::Value>,
}

impl Credential {
    pub(crate) fn allows(&self, channel: &str) -> bool {
        self.channels.iter().any(|c| c == channel)
    }
}

/// Results computed when a workflow is processed.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Outcome {
    pub(crate) decision: serde_json::Value,
    pub(crate) capabilities: serde_json::Value,
    pub(crate) steps: serde_json::Value,
}

/// A workflow execution. Its serialised form is what a state dir and a state document keep: the
/// template by its key, parts by their SHA-256 (the bytes are kept once, beside).
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Workflow {
    pub(crate) id: String,
    pub(crate) account_id: String,
    #[serde(
        rename = "definitionKey",
        with = "crate::platform::snapshot::template_key"
    )]
    pub(crate) template: Template,
    /// The key as the request sent it, as a string (`definitionKey`).
    pub(crate) key_text: String,
    pub(crate) customer_internal_reference: Option<String>,
    pub(crate) user_reference: Option<String>,
    pub(crate) callback_url: Option<String>,
    pub(crate) locale: String,
    pub(crate) success_url: Option<String>,
    pub(crate) error_url: Option<String>,
    /// Transaction token (api.token, web authorizationToken, sdk.token).
    pub(crate) token: String,
    pub(crate) token_expires_at: DateTime<Utc>,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) started_at: Option<DateTime<Utc>>,
    pub(crate) last_activity: Option<DateTime<Utc>>,
    pub(crate) processing_due: Option<DateTime<Utc>>,
    pub(crate) completed_at: Option<DateTime<Utc>>,
    pub(crate) status: Status,
    pub(crate) credentials: Vec<Credential>,
    pub(crate) scenario: Scenario,
    pub(crate) outcome: Option<Outcome>,
    /// Set for workflows created by a migration.
    pub(crate) migrated_from: Option<String>,
    /// The region its creating request arrived in (region mode): its hrefs name that region's
    /// hosts.
    #[serde(with = "crate::platform::snapshot::region_label")]
    pub(crate) region: Option<jumio_kyx::Region>,
}

impl Workflow {
    /// The next time this workflow changes state on its own, given the settings.
    pub(crate) fn next_deadline(&self, settings: &Settings) -> Option<DateTime<Utc>> {
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

    pub(crate) fn credential(&self, id: &str) -> Option<&Credential> {
        self.credentials.iter().find(|c| c.id == id)
    }

    pub(crate) fn credential_mut(&mut self, id: &str) -> Option<&mut Credential> {
        self.credentials.iter_mut().find(|c| c.id == id)
    }
}

/// An account.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Account {
    /// Its workflow executions (the map's key is its id).
    pub(crate) workflows: Vec<String>,
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
    /// Its scan reference.
    pub scan_reference: String,
    /// Its state (finished, wiped out, in progress…).
    pub state: LegacyScanState,
    /// Workflow definition key the migrated execution reports (default 3, ID and identity).
    #[serde(default = "default_legacy_key")]
    pub definition_key: u64,
}

fn default_legacy_key() -> u64 {
    3
}

/// All mutable data. The big collections are [`Tracked`], so that a state dir writes only what
/// changed.
pub(crate) struct Store {
    pub(crate) accounts: Tracked<Account>,
    pub(crate) workflows: Tracked<Workflow>,
    /// OAuth2 access token → expiry.
    pub(crate) oauth_tokens: Tracked<DateTime<Utc>>,
    /// Transaction token → workflow execution id.
    pub(crate) transaction_tokens: HashMap<String, String>,
    pub(crate) legacy_scans: HashMap<String, LegacyScan>,
    /// Migrated scan reference → account id.
    pub(crate) migrated: HashMap<String, String>,
    /// (due time in ms, workflow id): when a workflow may change state on its own.
    pub(crate) timers: BTreeSet<(i64, String)>,
    /// Scenario applied to new workflows that bring none.
    pub(crate) default_scenario: Scenario,
    /// Web SDK usability results by key.
    pub(crate) usability: HashMap<String, UsabilityCheck>,
    /// (workflow, classifier) the Web SDK answered REJECT for once.
    pub(crate) usability_rejected: BTreeSet<(String, String)>,
    /// Replaced as a whole (a reset, an import): a state dir rewrites everything.
    pub(crate) replaced: bool,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            accounts: Default::default(),
            workflows: Default::default(),
            oauth_tokens: Default::default(),
            transaction_tokens: Default::default(),
            legacy_scans: Default::default(),
            migrated: Default::default(),
            timers: Default::default(),
            default_scenario: Default::default(),
            usability: Default::default(),
            usability_rejected: Default::default(),
            replaced: true,
        }
    }
}

/// A usability result the Web SDK asks for after an upload.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UsabilityCheck {
    pub(crate) workflow_id: String,
    pub(crate) classifier: String,
    /// `PASS` or `REJECT`, once no longer pending.
    pub(crate) decision: String,
    /// The SDK's reason code of a `REJECT`.
    pub(crate) reject_reason: Option<String>,
    /// How many more times it answers `NOT_AVAILABLE`.
    pub(crate) pending: u32,
}

impl Store {
    /// Registers the next deadline of a workflow.
    pub(crate) fn schedule(&mut self, id: &str, settings: &Settings) {
        if let Some(due) = self
            .workflows
            .get(id)
            .and_then(|w| w.next_deadline(settings))
        {
            self.timers.insert((due.timestamp_millis(), id.to_string()));
        }
    }

    /// Deletes a workflow execution and what hangs off it.
    pub(crate) fn remove_workflow(&mut self, id: &str) -> Option<Workflow> {
        let w = self.workflows.remove(id)?;
        self.transaction_tokens.remove(&w.token);
        if let Some(a) = self.accounts.get_mut(&w.account_id) {
            a.workflows.retain(|x| x != id);
        }
        Some(w)
    }
}

impl Store {
    /// The seeded legacy scans, by scan reference: the order of every listing and of a state.
    pub(crate) fn legacy_scans_sorted(&self) -> Vec<LegacyScan> {
        let mut scans: Vec<LegacyScan> = self.legacy_scans.values().cloned().collect();
        scans.sort_by(|a, b| a.scan_reference.cmp(&b.scan_reference));
        scans
    }

    /// Every workflow execution, oldest first (ties by id): the order of every listing.
    pub(crate) fn workflows_by_age(&self) -> Vec<&Workflow> {
        let mut all: Vec<&Workflow> = self.workflows.values().collect();
        all.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        all
    }
}

impl Workflow {
    /// What every listing shows of a workflow execution: ids, definition key, status,
    /// `customerInternalReference` and, for a migrated scan, its reference.
    pub(crate) fn summary(&self) -> serde_json::Map<String, serde_json::Value> {
        let serde_json::Value::Object(m) = serde_json::json!({
            "id": self.id,
            "accountId": self.account_id,
            "definitionKey": self.key_text,
            "status": self.status.as_str(),
            "customerInternalReference": self.customer_internal_reference,
            "migratedFrom": self.migrated_from,
        }) else {
            unreachable!("a JSON object literal")
        };
        m
    }
}
