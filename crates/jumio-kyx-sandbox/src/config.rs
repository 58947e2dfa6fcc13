//! Everything about the sandbox that can be configured: at start-up (library or command line) and,
//! for the `Settings` part, at run time through `PUT /__sandbox/settings`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Start-up configuration.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Address to listen on; port 0 picks a free port.
    pub listen: std::net::SocketAddr,
    /// Accepted OAuth2 clients (id → secret). Empty: any non-empty id and secret are accepted.
    pub clients: BTreeMap<String, String>,
    /// Base URL per host family for the hrefs the sandbox writes (`auth`, `account`, `api`,
    /// `retrieval`, `status`, and `web` for the web client). Missing: the sandbox's own URL.
    pub base_urls: BTreeMap<String, String>,
    /// Run-time settings.
    pub settings: Settings,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            listen: ([127, 0, 0, 1], 0).into(),
            clients: BTreeMap::new(),
            base_urls: BTreeMap::new(),
            settings: Settings::default(),
        }
    }
}

/// Settings that can change while the sandbox runs.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Settings {
    /// Lifetime of OAuth2 access tokens, in seconds.
    pub token_ttl_secs: u64,
    /// Time from finalize (ACQUIRED) to PROCESSED, in milliseconds.
    pub processing_delay_ms: u64,
    /// Idle time after the last upload before SESSION_EXPIRED, in seconds.
    pub session_timeout_secs: u64,
    /// Largest accepted upload, in bytes.
    pub max_upload_bytes: u64,
    /// Largest accepted image side, in pixels.
    pub max_image_side: u32,
    /// Whether the published rate limits apply (auth 10/s, initiation 1/s with a burst of 3,
    /// retrieval 15/s).
    pub rate_limits: bool,
    /// Decision of expired workflows: `not-executed` (NOT_EXECUTED, score -1; current docs) or
    /// `rejected` (REJECTED, score 100; seen in 2023).
    pub expired_decision: ExpiredDecision,
    /// Upper bounds of the PASSED and WARNING risk-score bands (default 30 and 70).
    pub risk_thresholds: (f64, f64),
    /// Callback URL used when a request names none (the Portal setting).
    pub default_callback_url: Option<String>,
    /// Delivery attempts per callback.
    pub callback_attempts: u32,
    /// Delay before the second attempt, doubled for each further one, in milliseconds.
    pub callback_backoff_ms: u64,
    /// Timeout of one callback attempt, in milliseconds.
    pub callback_timeout_ms: u64,
    /// Whether a scan reference that was never seeded exists as a finished, migratable scan
    /// (`true`), or is "not found" (`false`).
    pub legacy_scans_auto: bool,
    /// At most this many requests are kept in the request log (oldest dropped first).
    pub request_log_limit: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            token_ttl_secs: 3600,
            processing_delay_ms: 1000,
            session_timeout_secs: 15 * 60,
            max_upload_bytes: 10 * 1024 * 1024,
            max_image_side: 8000,
            rate_limits: false,
            expired_decision: ExpiredDecision::NotExecuted,
            risk_thresholds: (30.0, 70.0),
            default_callback_url: None,
            callback_attempts: 5,
            callback_backoff_ms: 500,
            callback_timeout_ms: 5000,
            legacy_scans_auto: true,
            request_log_limit: 10_000,
        }
    }
}

/// How expired workflows are decided (Jumio's behaviour changed over time; reference §10).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ExpiredDecision {
    /// NOT_EXECUTED with score -1 (current docs).
    NotExecuted,
    /// REJECTED with score 100 (real 2023 data).
    Rejected,
}
