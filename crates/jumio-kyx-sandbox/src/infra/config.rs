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
    /// Serve HTTPS with a certificate made at start-up for every real host name, signed by a
    /// local CA (`RunningSandbox::ca_pem`).
    pub tls: bool,
    /// Region mode: API requests must arrive on the real host of their operation's family
    /// (`api.emea-1.jumio.ai`; another host answers 404), hrefs name the real hosts of the
    /// request's region, and Jumio's Portal rules apply to URL fields.
    pub strict_hosts: bool,
    /// More host names the sandbox answers to, besides the ones it is reached by anyway (any IP
    /// address, `localhost` and `*.localhost`, the `base_urls` hosts, and the real host names in
    /// TLS or region mode): a container's or a proxy's name (`sandbox`, `kyx.internal`). An entry
    /// `.example.test` allows that domain and its subdomains; `*` allows every name (and gives up
    /// the protection against DNS rebinding). See [`crate::infra::guard`].
    pub allowed_hosts: Vec<String>,
    /// Reproducible ids: the same seed and the same calls give the same account, workflow and
    /// credential ids, tokens and random choices, run after run. `None`: random UUIDs.
    pub seed: Option<u64>,
    /// The instant the sandbox clock starts at (default: now).
    pub clock_start: Option<chrono::DateTime<chrono::Utc>>,
    /// The clock moves only when advanced (`advance_clock`), so timestamps are reproducible.
    pub frozen_clock: bool,
    /// Keep the state durably in this directory (`state.sqlite3`): written before each answer,
    /// resumed on restart. `None`: in memory only.
    pub state_dir: Option<std::path::PathBuf>,
}

/// Earliest and latest `clock_start`: the sandbox's dates stay printable and its arithmetic far
/// from overflow.
const CLOCK_START_YEARS: (i32, i32) = (1970, 2200);

/// Checks a `clock_start`.
pub fn validate_clock_start(
    start: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<(), crate::SandboxError> {
    use chrono::Datelike;
    match start {
        Some(t) if !(CLOCK_START_YEARS.0..=CLOCK_START_YEARS.1).contains(&t.year()) => {
            Err(format!(
                "clock start must be from {} to {}",
                CLOCK_START_YEARS.0, CLOCK_START_YEARS.1
            )
            .into())
        }
        _ => Ok(()),
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            listen: ([127, 0, 0, 1], 0).into(),
            clients: BTreeMap::new(),
            base_urls: BTreeMap::new(),
            settings: Settings::default(),
            tls: false,
            strict_hosts: false,
            allowed_hosts: Vec::new(),
            seed: None,
            clock_start: None,
            frozen_clock: false,
            state_dir: None,
        }
    }
}

impl SandboxConfig {
    /// A configuration from JSON (what the Python and Node packages pass):
    /// `{"host": "127.0.0.1", "port": 0, "clients": {"id": "secret"}, "baseUrls": {"api": "…"},
    /// "allowedHosts": ["sandbox"], "seed": 42, "clockStart": "2030-01-01T00:00:00Z",
    /// "frozenClock": true, "stateDir": "/tmp/kyx", "settings": {"processingDelayMs": 0, …}}`; every member is optional.
    pub fn from_json(v: &serde_json::Value) -> Result<Self, crate::SandboxError> {
        let mut config = Self::default();
        let host: std::net::IpAddr = match v["host"].as_str() {
            Some(h) => h
                .parse()
                .map_err(|_| format!("sandbox host `{h}` is not an IP address"))?,
            None => config.listen.ip(),
        };
        let port = match &v["port"] {
            serde_json::Value::Null => 0,
            p => p
                .as_u64()
                .filter(|p| *p <= u16::MAX as u64)
                .ok_or("sandbox port must be 0 to 65535")? as u16,
        };
        config.listen = (host, port).into();
        let pairs = |key: &str| -> Result<BTreeMap<String, String>, crate::SandboxError> {
            match &v[key] {
                serde_json::Value::Null => Ok(BTreeMap::new()),
                o => serde_json::from_value(o.clone())
                    .map_err(|e| crate::SandboxError::invalid(format!("sandbox {key}: {e}"))),
            }
        };
        config.clients = pairs("clients")?;
        config.base_urls = pairs("baseUrls")?;
        let flag = |key: &str| match &v[key] {
            serde_json::Value::Null => Ok(false),
            serde_json::Value::Bool(b) => Ok(*b),
            _ => Err(format!("sandbox {key} must be true or false")),
        };
        config.allowed_hosts = match &v["allowedHosts"] {
            serde_json::Value::Null => Vec::new(),
            o => serde_json::from_value(o.clone())
                .map_err(|_| "sandbox allowedHosts must be a list of host names")?,
        };
        crate::infra::guard::validate_allowed_hosts(&config.allowed_hosts)?;
        config.seed = match &v["seed"] {
            serde_json::Value::Null => None,
            s => Some(
                s.as_u64()
                    .ok_or("sandbox seed must be a whole number from 0 to 2^64 - 1")?,
            ),
        };
        config.clock_start = match &v["clockStart"] {
            serde_json::Value::Null => None,
            s => Some(
                s.as_str()
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                    .ok_or("sandbox clockStart must be an RFC 3339 time (2030-01-01T00:00:00Z)")?
                    .with_timezone(&chrono::Utc),
            ),
        };
        validate_clock_start(config.clock_start)?;
        config.frozen_clock = flag("frozenClock")?;
        config.state_dir = match &v["stateDir"] {
            serde_json::Value::Null => None,
            serde_json::Value::String(d) if !d.is_empty() => Some(d.into()),
            _ => return Err("sandbox stateDir must be a directory path".into()),
        };
        config.tls = flag("tls")?;
        config.strict_hosts = flag("strictHosts")?;
        if !v["settings"].is_null() {
            let mut settings =
                serde_json::to_value(Settings::default()).map_err(|e| e.to_string())?;
            for (k, x) in v["settings"]
                .as_object()
                .ok_or("sandbox settings must be an object")?
            {
                settings[k] = x.clone();
            }
            config.settings =
                serde_json::from_value(settings).map_err(|e| format!("sandbox settings: {e}"))?;
        }
        config.settings.validate()?;
        Ok(config)
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
    /// Shortest accepted longest side of an image, in pixels (Jumio: "longest side must be >
    /// 300px").
    pub min_longest_side: u32,
    /// Whether the published rate limits apply (auth 10/s, initiation 1/s with a burst of 3,
    /// retrieval 15/s).
    pub rate_limits: bool,
    /// Which published figures the rate limits follow.
    pub rate_limit_profile: crate::infra::faults::RateLimitProfile,
    /// Answer 429s without `Retry-After` (clients must cope with its absence).
    pub omit_retry_after: bool,
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
    /// The status of an API call with missing, bad or expired credentials: 403 as Jumio's docs
    /// say, or 401 as OAuth2 servers usually answer.
    pub auth_failure_status: u16,
    /// Who may embed the hosted journey in a frame: a CSP `frame-ancestors` source list (`*`, the
    /// default, as Jumio's web client is embeddable; `'self' https://shop.example` to narrow it,
    /// `'none'` to forbid). The dashboard can never be framed.
    pub journey_frame_ancestors: String,
    /// The origin the journey's `postMessage` events are posted to (`https://shop.example`), or
    /// `*` for any parent. Unset: the origin of the workflow's `successUrl` (else `errorUrl`);
    /// with neither, the events go to any parent without the `authorizationToken`.
    pub journey_message_origin: Option<String>,
    /// The form of `web.href`: `client` (Jumio's current docs: `/web/client?baseUrl=<the Web SDK
    /// API>&authorizationToken=…&locale=…`) or `v4-app` (older: `/web/v4/app?…`).
    pub web_href_form: WebHrefForm,
    /// Origins the Web SDK API answers CORS for (`https://shop.example`); empty: any origin.
    pub web_sdk_allowed_origins: Vec<String>,
    /// How many times a Web SDK usability result answers `NOT_AVAILABLE` before its decision,
    /// so an integration's polling is exercised (0).
    pub web_sdk_usability_pending: u32,
}

/// The form of `web.href` (see [`Settings::web_href_form`]).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Default, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum WebHrefForm {
    /// `/web/client?baseUrl=…&authorizationToken=…&locale=…` (current docs).
    #[default]
    Client,
    /// `/web/v4/app?authorizationToken=…&locale=…` (older docs and captures).
    V4App,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            token_ttl_secs: 3600,
            processing_delay_ms: 1000,
            session_timeout_secs: 15 * 60,
            max_upload_bytes: 10 * 1024 * 1024,
            max_image_side: 8000,
            min_longest_side: 301,
            rate_limits: false,
            rate_limit_profile: crate::infra::faults::RateLimitProfile::Kyx,
            omit_retry_after: false,
            expired_decision: ExpiredDecision::NotExecuted,
            risk_thresholds: (30.0, 70.0),
            default_callback_url: None,
            callback_attempts: 5,
            callback_backoff_ms: 500,
            callback_timeout_ms: 5000,
            legacy_scans_auto: true,
            request_log_limit: 10_000,
            auth_failure_status: 403,
            journey_frame_ancestors: "*".into(),
            journey_message_origin: None,
            web_href_form: WebHrefForm::Client,
            web_sdk_allowed_origins: Vec::new(),
            web_sdk_usability_pending: 0,
        }
    }
}

/// Longest time a setting may name: 30 days.
const MAX_SETTING_SECS: u64 = 30 * 86_400;

impl Settings {
    /// Checks every setting against its bounds (times at most 30 days, sizes and counts sane), so
    /// no value a tester sends can overflow the clock arithmetic. The error names the setting.
    pub fn validate(&self) -> Result<(), crate::SandboxError> {
        let within = |name: &str, v: u64, lo: u64, hi: u64| {
            if (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(format!("setting {name} must be from {lo} to {hi}"))
            }
        };
        within("tokenTtlSecs", self.token_ttl_secs, 1, MAX_SETTING_SECS)?;
        within(
            "processingDelayMs",
            self.processing_delay_ms,
            0,
            MAX_SETTING_SECS * 1000,
        )?;
        within(
            "sessionTimeoutSecs",
            self.session_timeout_secs,
            1,
            MAX_SETTING_SECS,
        )?;
        within("maxUploadBytes", self.max_upload_bytes, 1, 1 << 30)?;
        within("maxImageSide", self.max_image_side as u64, 1, 1 << 20)?;
        within(
            "minLongestSide",
            self.min_longest_side as u64,
            1,
            self.max_image_side as u64,
        )?;
        within("callbackAttempts", self.callback_attempts as u64, 0, 100)?;
        within("callbackBackoffMs", self.callback_backoff_ms, 0, 86_400_000)?;
        within("callbackTimeoutMs", self.callback_timeout_ms, 1, 86_400_000)?;
        within(
            "requestLogLimit",
            self.request_log_limit as u64,
            1,
            10_000_000,
        )?;
        if !matches!(self.auth_failure_status, 401 | 403) {
            return Err("setting authFailureStatus must be 401 or 403".into());
        }
        if let Some(url) = &self.default_callback_url {
            jumio_kyx::validate::url("defaultCallbackUrl", url).map_err(|e| {
                format!(
                    "setting defaultCallbackUrl {}",
                    e.detail().unwrap_or("is invalid")
                )
            })?;
        }
        crate::infra::guard::validate_frame_ancestors(&self.journey_frame_ancestors)?;
        if let Some(origin) = &self.journey_message_origin {
            crate::infra::guard::validate_message_origin(origin)?;
        }
        for origin in &self.web_sdk_allowed_origins {
            if origin == "*" {
                return Err(
                    "setting webSdkAllowedOrigins lists origins; leave it empty for any".into(),
                );
            }
            crate::infra::guard::validate_message_origin(origin).map_err(
                |_| "setting webSdkAllowedOrigins must list origins such as `https://shop.example`",
            )?;
        }
        within(
            "webSdkUsabilityPending",
            self.web_sdk_usability_pending as u64,
            0,
            100,
        )?;
        let (passed, warning) = self.risk_thresholds;
        if !(passed.is_finite()
            && warning.is_finite()
            && 0.0 <= passed
            && passed <= warning
            && warning <= 100.0)
        {
            return Err(
                "setting riskThresholds must be two numbers 0 <= PASSED <= WARNING <= 100".into(),
            );
        }
        Ok(())
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
