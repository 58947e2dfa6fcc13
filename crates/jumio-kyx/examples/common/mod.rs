//! What every example shares: a client for the real platform when `JUMIO_CLIENT_ID` is set (with
//! `JUMIO_CLIENT_SECRET`, `JUMIO_REGION`, `JUMIO_USER_AGENT`), otherwise an embedded sandbox, so
//! the examples run offline.
#![allow(dead_code)]

use std::time::Duration;

use jumio_kyx::{Client, PollSchedule, WaitOptions};
use jumio_kyx_sandbox::{RunningSandbox, SandboxConfig, Settings};

pub struct Target {
    pub client: Client,
    /// The embedded sandbox, when there is one (kept alive with the client).
    pub sandbox: Option<RunningSandbox>,
}

impl Target {
    /// Polling: Jumio's schedule for real, a hundredth of it against the sandbox.
    pub fn wait_options(&self) -> WaitOptions {
        match self.sandbox {
            Some(_) => WaitOptions {
                schedule: PollSchedule::Scaled(0.01),
                deadline: Duration::from_secs(30),
            },
            None => WaitOptions::default(),
        }
    }
}

/// The port after `flag` on the command line (`--serve 8080`).
pub fn port_arg(flag: &str) -> Option<u16> {
    let args: Vec<String> = std::env::args().collect();
    let i = args.iter().position(|a| a == flag)?;
    args.get(i + 1)?.parse().ok()
}

pub async fn connect() -> Result<Target, Box<dyn std::error::Error>> {
    if std::env::var("JUMIO_CLIENT_ID").is_ok() {
        println!("using the real platform (JUMIO_* variables)");
        return Ok(Target {
            client: Client::from_env()?,
            sandbox: None,
        });
    }
    let sandbox = RunningSandbox::start(SandboxConfig {
        settings: Settings {
            processing_delay_ms: 500,
            ..Settings::default()
        },
        ..SandboxConfig::default()
    })
    .await?;
    println!("using an embedded sandbox at {}", sandbox.url());
    let client = Client::builder()
        .base_url(sandbox.url())
        .credentials("example-client", "example-secret")
        .user_agent("jumio-kyx examples/0.1")
        .build()?;
    Ok(Target {
        client,
        sandbox: Some(sandbox),
    })
}
