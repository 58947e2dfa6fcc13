//! # jumio-kyx-sandbox
//!
//! A stateful local simulator of Jumio's KYX platform, for developing and testing KYC flows
//! offline. One port serves every operation of `openapi/jumio-kyx.yaml` (all five host families)
//! plus `GET /openapi.yaml`:
//!
//! * OAuth2 tokens, account create/update with the documented validation, credential templates
//!   per workflow key, image uploads checked like Jumio checks them, prepared data, finalize;
//! * a lifecycle on an advanceable clock (processing, token and session expiry), decisions that
//!   follow the documented capability dependencies and risk thresholds, and every decision type
//!   and label on demand (scenarios);
//! * real callbacks, retried with backoff; data migration over seeded legacy scans;
//! * faults and rate limits switchable at run time, and a control API under `/__sandbox/`.
//!
//! ```no_run
//! # async fn f() -> std::io::Result<()> {
//! use jumio_kyx_sandbox::{RunningSandbox, SandboxConfig};
//! let sandbox = RunningSandbox::start(SandboxConfig::default()).await?;
//! println!("sandbox at {}", sandbox.url());
//! sandbox.advance_clock(chrono::Duration::minutes(31)); // expire untouched workflows
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod api;
mod control;
mod embedded;
mod error;
pub mod infra;
mod pages;
pub mod platform;
pub mod testing;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};

pub use control::{CONTROL_OPERATIONS, Migrated};
pub use embedded::{EmbeddedSandbox, EmbeddedStartError};
pub use error::{SandboxError, SandboxErrorKind};
pub use infra::config::{ExpiredDecision, SandboxConfig, Settings, WebHrefForm};
pub use infra::faults::{DropMode, FaultRule};
pub use platform::scenario::Scenario;
pub use platform::state::{Health, LegacyScan, LegacyScanState, Sandbox};

/// A sandbox serving on a local port. Dropping it stops the server.
///
/// It dereferences to [`Sandbox`], whose methods are the control API (`reset`,
/// `advance_clock`, `set_faults`, `requests`, `callback_records`, …).
pub struct RunningSandbox {
    app: Arc<Sandbox>,
    addr: SocketAddr,
    ca_pem: Option<String>,
    stop: tokio::sync::watch::Sender<bool>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl RunningSandbox {
    /// Binds `config.listen` and serves on the current tokio runtime.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Self> {
        config
            .settings
            .validate()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let listener = tokio::net::TcpListener::bind(config.listen).await?;
        let addr = listener.local_addr()?;
        let tls = if config.tls {
            Some(infra::tls::generate()?)
        } else {
            None
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        // Bound to every interface: the sandbox's own URL is the loopback one, which works.
        let reachable = match addr.ip() {
            std::net::IpAddr::V4(ip) if ip.is_unspecified() => {
                SocketAddr::from(([127, 0, 0, 1], addr.port()))
            }
            std::net::IpAddr::V6(ip) if ip.is_unspecified() => {
                SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, addr.port()))
            }
            _ => addr,
        };
        let app = new_app(config, format!("{scheme}://{reachable}"))?;
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let router = api::server::router(app.clone());
        let (acceptor, ca_pem) = match tls {
            Some(t) => (Some(t.acceptor), Some(t.ca_pem)),
            None => (None, None),
        };
        tokio::spawn(api::server::serve(
            listener,
            acceptor,
            app.clone(),
            router,
            stopped.clone(),
        ));
        tokio::spawn(platform::lifecycle::run(app.clone(), stopped));
        Ok(Self {
            app,
            addr,
            ca_pem,
            stop,
            runtime: None,
        })
    }

    /// Starts the sandbox on a runtime of its own (two worker threads), for callers that have
    /// none: blocking code, and the Python and Node packages.
    pub fn start_in_background(config: SandboxConfig) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("kyx-sandbox")
            .enable_all()
            .build()?;
        let mut running = runtime.block_on(Self::start(config))?;
        running.runtime = Some(runtime);
        Ok(running)
    }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> &str {
        &self.app.self_url
    }

    /// The dashboard's address (`{url}/__sandbox/ui`): open it in a browser to watch and drive
    /// the sandbox.
    pub fn ui_url(&self) -> String {
        format!("{}/__sandbox/ui", self.app.self_url)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// With TLS, the certificate of the CA that signed the sandbox's certificate (PEM): a client
    /// trusts it (`ClientBuilder::root_certificates_pem`) to reach the sandbox over HTTPS.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Every real host name the sandbox answers for in region mode (each family of each region,
    /// and the web client's), for a client's DNS override (`ClientBuilder::resolve`): all point at
    /// [`RunningSandbox::addr`].
    pub fn hosts(&self) -> Vec<String> {
        infra::hosts::all_hosts()
    }

    /// With TLS, the client options that reach this sandbox under the real host names, as the
    /// Python and Node packages take them: `{"rootCertificates": [CA PEM], "resolve": {host:
    /// "ip:port"}}`. Add a region and credentials, and no base URL.
    pub fn region_options(&self) -> Option<serde_json::Value> {
        let ca = self.ca_pem.as_ref()?;
        let resolve: serde_json::Map<String, serde_json::Value> = infra::hosts::all_hosts()
            .into_iter()
            .map(|h| (h, serde_json::Value::String(self.addr.to_string())))
            .collect();
        Some(serde_json::json!({"rootCertificates": [ca], "resolve": resolve}))
    }

    /// The shared state (for handing to another task).
    pub fn state(&self) -> Arc<Sandbox> {
        self.app.clone()
    }
}

/// The sandbox's state, serving at `self_url` (nothing is bound or spawned). Called on the tokio
/// runtime the sandbox will run on.
pub(crate) fn new_app(config: SandboxConfig, self_url: String) -> std::io::Result<Arc<Sandbox>> {
    let http = reqwest::Client::builder()
        .user_agent(concat!(
            "jumio-kyx-sandbox/",
            env!("CARGO_PKG_VERSION"),
            " (callback)"
        ))
        .build()
        .map_err(std::io::Error::other)?;
    let ids = platform::ids::Ids::new(config.seed);
    let (state_dir, stored) = match &config.state_dir {
        Some(dir) => {
            let (dir, stored) = infra::state_dir::StateDir::open(dir)?;
            (Some(Mutex::new(dir)), stored)
        }
        None => (None, None),
    };
    let app = Arc::new(Sandbox {
        clock: platform::clock::Clock::starting(config.clock_start, config.frozen_clock),
        self_url,
        settings: RwLock::new(config.settings.clone()),
        guard: infra::guard::HostPolicy::new(&config),
        signer: RwLock::new(platform::transaction_token::Signer::with_key(ids.key())),
        state_dir,
        ids,
        config,
        store: Default::default(),
        log: Default::default(),
        callbacks: Default::default(),
        faults: Default::default(),
        limiter: Default::default(),
        health: Default::default(),
        wake: tokio::sync::Notify::new(),
        http,
        runtime: tokio::runtime::Handle::try_current().map_err(std::io::Error::other)?,
    });
    match stored {
        // A restart: resume where the state dir stopped (due workflows are processed by the
        // lifecycle task, pending callbacks are delivered).
        Some(doc) => {
            app.install(doc, true);
            platform::callbacks::resume(&app);
        }
        // A new state dir: write the initial state, so that the file says what it holds.
        None => {
            if !app.persist() {
                return Err(std::io::Error::other("the state dir cannot be written"));
            }
        }
    }
    Ok(app)
}

impl std::ops::Deref for RunningSandbox {
    type Target = Arc<Sandbox>;
    fn deref(&self) -> &Self::Target {
        &self.app
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        // The state dir is free for the next sandbox as soon as this one is dropped, whatever
        // its tasks still hold.
        if let Some(dir) = &self.app.state_dir {
            self.app.persist();
            dir.lock().unwrap_or_else(|e| e.into_inner()).close();
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}
