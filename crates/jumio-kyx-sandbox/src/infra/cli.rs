//! The sandbox's command-line options, shared by the `jumio-kyx-sandbox` binary and
//! `kyx sandbox`.

use std::collections::BTreeMap;

use crate::{ExpiredDecision, FaultRule, SandboxConfig, Settings};

/// How to run a sandbox from the command line: where it listens, which clients it accepts, how
/// realistic it is, and which faults it injects.
#[derive(clap::Args, Debug, Clone)]
pub struct SandboxArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 4010, env = "KYX_SANDBOX_PORT")]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1", env = "KYX_SANDBOX_HOST")]
    pub host: std::net::IpAddr,
    /// Accepted OAuth2 client, as ID:SECRET (repeatable). Without any, every non-empty id and
    /// secret is accepted.
    #[arg(
        long = "client",
        value_name = "ID:SECRET",
        env = "KYX_SANDBOX_CLIENTS",
        value_delimiter = ','
    )]
    pub clients: Vec<String>,
    /// Public base URL of a host family, for the hrefs the sandbox writes (behind a proxy), as
    /// FAMILY=URL (auth, account, api, retrieval, status, web; repeatable). Default: the
    /// sandbox's own URL.
    #[arg(
        long = "public-url",
        value_name = "FAMILY=URL",
        env = "KYX_SANDBOX_PUBLIC_URLS",
        value_delimiter = ','
    )]
    pub base_urls: Vec<String>,
    /// Another host name the sandbox answers to (repeatable; `.domain` with its subdomains, `*`
    /// for any): a container's or a proxy's name. IP addresses, `localhost` and the
    /// `--public-url` hosts are always answered; other names are refused (DNS rebinding).
    #[arg(
        long = "allowed-host",
        value_name = "HOST",
        env = "KYX_SANDBOX_ALLOWED_HOSTS",
        value_delimiter = ','
    )]
    pub allowed_hosts: Vec<String>,
    /// Who may frame the hosted journey: a CSP frame-ancestors source list (`*`, `'self'
    /// https://shop.example`, `'none'`). The dashboard can never be framed.
    #[arg(
        long,
        default_value = "*",
        value_name = "SOURCES",
        env = "KYX_SANDBOX_JOURNEY_FRAME_ANCESTORS"
    )]
    pub journey_frame_ancestors: String,
    /// The origin the journey posts its events to (`https://shop.example`, or `*`). Default: the
    /// origin of the workflow's successUrl or errorUrl; with neither, any parent, without the
    /// token.
    #[arg(
        long,
        value_name = "ORIGIN",
        env = "KYX_SANDBOX_JOURNEY_MESSAGE_ORIGIN"
    )]
    pub journey_message_origin: Option<String>,
    /// The form of `web.href`: `client` (`/web/client?baseUrl=…`, current docs) or `v4-app`.
    #[arg(
        long,
        value_enum,
        default_value = "client",
        env = "KYX_SANDBOX_WEB_HREF_FORM"
    )]
    pub web_href_form: crate::infra::config::WebHrefForm,
    /// An origin the Web SDK API answers CORS for (repeatable; none: any origin).
    #[arg(
        long = "web-sdk-allowed-origin",
        value_name = "ORIGIN",
        env = "KYX_SANDBOX_WEB_SDK_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    pub web_sdk_allowed_origins: Vec<String>,
    /// How many times a Web SDK usability result answers NOT_AVAILABLE before its decision.
    #[arg(
        long,
        default_value_t = 0,
        env = "KYX_SANDBOX_WEB_SDK_USABILITY_PENDING"
    )]
    pub web_sdk_usability_pending: u32,
    /// Reproducible ids: the same seed and the same calls give the same ids, tokens and random
    /// choices, run after run (without it, random UUIDs).
    #[arg(long, env = "KYX_SANDBOX_SEED")]
    pub seed: Option<u64>,
    /// The instant the sandbox clock starts at (RFC 3339, e.g. 2030-01-01T00:00:00Z).
    #[arg(long, value_name = "RFC3339", env = "KYX_SANDBOX_CLOCK_START")]
    pub clock_start: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The clock moves only when advanced (POST /__sandbox/clock/advance).
    #[arg(long, env = "KYX_SANDBOX_FROZEN_CLOCK")]
    pub frozen_clock: bool,
    /// Keep the state (accounts, workflows, images, callbacks, clock…) durably in this
    /// directory, written before each answer and resumed on restart.
    #[arg(long, value_name = "DIR", env = "KYX_SANDBOX_STATE_DIR")]
    pub state_dir: Option<std::path::PathBuf>,
    /// Lifetime of OAuth2 access tokens, in seconds.
    #[arg(long, default_value_t = 3600, env = "KYX_SANDBOX_TOKEN_TTL")]
    pub token_ttl: u64,
    /// Delay between finalize and PROCESSED, in milliseconds.
    #[arg(long, default_value_t = 1000, env = "KYX_SANDBOX_PROCESSING_DELAY_MS")]
    pub processing_delay_ms: u64,
    /// Idle time after the last upload before a workflow's session expires, in seconds.
    #[arg(long, default_value_t = 15 * 60, env = "KYX_SANDBOX_SESSION_TIMEOUT_SECS")]
    pub session_timeout_secs: u64,
    /// Largest accepted upload, in bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024, env = "KYX_SANDBOX_MAX_UPLOAD_BYTES")]
    pub max_upload_bytes: u64,
    /// Apply the published rate limits (auth 10/s, account initiation 1/s, retrieval 15/s).
    #[arg(long, env = "KYX_SANDBOX_RATE_LIMITS")]
    pub rate_limits: bool,
    /// Decision of expired workflows.
    #[arg(
        long,
        value_enum,
        default_value = "not-executed",
        env = "KYX_SANDBOX_EXPIRED_DECISION"
    )]
    pub expired_decision: ExpiredDecision,
    /// Callback URL for workflows whose request names none (the Portal setting).
    #[arg(long, env = "KYX_SANDBOX_CALLBACK_URL")]
    pub callback_url: Option<String>,
    /// Delivery attempts per callback.
    #[arg(long, default_value_t = 5, env = "KYX_SANDBOX_CALLBACK_ATTEMPTS")]
    pub callback_attempts: u32,
    /// Delay before the second callback attempt (doubling after), in milliseconds.
    #[arg(long, default_value_t = 500, env = "KYX_SANDBOX_CALLBACK_BACKOFF_MS")]
    pub callback_backoff_ms: u64,
    /// Only seeded legacy scans exist (otherwise any scan reference is a finished scan).
    #[arg(long, env = "KYX_SANDBOX_SEEDED_SCANS_ONLY")]
    pub seeded_scans_only: bool,
    /// Requests kept in the request log (oldest dropped first).
    #[arg(long, default_value_t = 10_000, env = "KYX_SANDBOX_REQUEST_LOG_LIMIT")]
    pub request_log_limit: usize,
    /// Serve HTTPS, with a certificate for every real host name signed by a CA made at start-up
    /// (its PEM is printed).
    #[arg(long, env = "KYX_SANDBOX_TLS")]
    pub tls: bool,
    /// Region mode: each operation only on its real host (`api.emea-1.jumio.ai`), hrefs with the
    /// real host names, Portal rules for URLs.
    #[arg(long, env = "KYX_SANDBOX_STRICT_HOSTS")]
    pub strict_hosts: bool,
    /// With --tls: write the CA certificate (PEM) that clients must trust to this file.
    #[arg(
        long,
        value_name = "FILE",
        requires = "tls",
        env = "KYX_SANDBOX_CA_FILE"
    )]
    pub ca_file: Option<std::path::PathBuf>,
    /// Which published rate limits `--rate-limits` applies.
    #[arg(
        long,
        value_enum,
        default_value_t = crate::infra::faults::RateLimitProfile::Kyx,
        env = "KYX_SANDBOX_RATE_LIMIT_PROFILE"
    )]
    pub rate_limit_profile: crate::infra::faults::RateLimitProfile,
    /// Answer 429s without `Retry-After`.
    #[arg(long, env = "KYX_SANDBOX_OMIT_RETRY_AFTER")]
    pub omit_retry_after: bool,
    /// Status of an API call with missing, bad or expired credentials: 403 (Jumio's docs) or 401.
    #[arg(long, default_value_t = 403, env = "KYX_SANDBOX_AUTH_FAILURE_STATUS")]
    pub auth_failure_status: u16,
    /// A fault rule as JSON (repeatable), e.g.
    /// `{"operation":"getWorkflowStatus","status":503,"count":2}` or
    /// `{"operation":"*","latencyMs":200}`.
    #[arg(long = "fault", value_name = "JSON", env = "KYX_SANDBOX_FAULT")]
    pub faults: Vec<String>,
}

impl SandboxArgs {
    /// The sandbox configuration these options describe.
    pub fn config(&self) -> Result<SandboxConfig, crate::SandboxError> {
        let config = SandboxConfig {
            tls: self.tls,
            strict_hosts: self.strict_hosts,
            listen: (self.host, self.port).into(),
            clients: pairs(&self.clients, ':', "--client")?,
            base_urls: pairs(&self.base_urls, '=', "--public-url")?,
            allowed_hosts: self.allowed_hosts.clone(),
            seed: self.seed,
            clock_start: self.clock_start.map(|t| t.with_timezone(&chrono::Utc)),
            frozen_clock: self.frozen_clock,
            state_dir: self.state_dir.clone(),
            settings: Settings {
                token_ttl_secs: self.token_ttl,
                processing_delay_ms: self.processing_delay_ms,
                session_timeout_secs: self.session_timeout_secs,
                max_upload_bytes: self.max_upload_bytes,
                rate_limits: self.rate_limits,
                rate_limit_profile: self.rate_limit_profile,
                omit_retry_after: self.omit_retry_after,
                expired_decision: self.expired_decision,
                default_callback_url: self.callback_url.clone(),
                callback_attempts: self.callback_attempts,
                callback_backoff_ms: self.callback_backoff_ms,
                legacy_scans_auto: !self.seeded_scans_only,
                request_log_limit: self.request_log_limit,
                auth_failure_status: self.auth_failure_status,
                journey_frame_ancestors: self.journey_frame_ancestors.clone(),
                journey_message_origin: self.journey_message_origin.clone(),
                web_href_form: self.web_href_form,
                web_sdk_allowed_origins: self.web_sdk_allowed_origins.clone(),
                web_sdk_usability_pending: self.web_sdk_usability_pending,
                ..Settings::default()
            },
        };
        crate::infra::guard::validate_allowed_hosts(&config.allowed_hosts)
            .map_err(|e| format!("--allowed-host: {e}"))?;
        crate::infra::config::validate_clock_start(config.clock_start)
            .map_err(|e| format!("--clock-start: {e}"))?;
        config.settings.validate()?;
        Ok(config)
    }

    /// What to do once the sandbox runs: write its CA certificate to `--ca-file`.
    pub fn started(&self, sandbox: &crate::RunningSandbox) -> Result<(), crate::SandboxError> {
        if let (Some(path), Some(pem)) = (&self.ca_file, sandbox.ca_pem()) {
            std::fs::write(path, pem).map_err(|e| format!("--ca-file {}: {e}", path.display()))?;
        }
        Ok(())
    }

    /// The fault rules of `--fault`.
    pub fn fault_rules(&self) -> Result<Vec<FaultRule>, crate::SandboxError> {
        self.faults
            .iter()
            .map(|f| serde_json::from_str(f).map_err(|e| format!("--fault `{f}`: {e}").into()))
            .collect()
    }
}

fn pairs(
    items: &[String],
    sep: char,
    what: &str,
) -> Result<BTreeMap<String, String>, crate::SandboxError> {
    items
        .iter()
        .map(|i| {
            i.split_once(sep)
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .ok_or_else(|| format!("{what} `{i}` needs a `{sep}`").into())
        })
        .collect()
}
