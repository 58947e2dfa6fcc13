//! `jumio-kyx-sandbox`: runs the KYX sandbox on a local port and prints its base URL.

use std::collections::BTreeMap;

use clap::Parser;
use jumio_kyx_sandbox::{ExpiredDecision, RunningSandbox, SandboxConfig, Settings};

/// A stateful local simulator of Jumio's KYX platform.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 4010, env = "KYX_SANDBOX_PORT")]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Accepted OAuth2 client, as ID:SECRET (repeatable). Without any, every non-empty id and
    /// secret is accepted.
    #[arg(long = "client", value_name = "ID:SECRET")]
    clients: Vec<String>,
    /// Base URL of a host family in the hrefs the sandbox writes, as FAMILY=URL (auth, account,
    /// api, retrieval, status, web; repeatable). Default: the sandbox's own URL.
    #[arg(long = "base-url", value_name = "FAMILY=URL")]
    base_urls: Vec<String>,
    /// Lifetime of OAuth2 access tokens, in seconds.
    #[arg(long, default_value_t = 3600)]
    token_ttl: u64,
    /// Delay between finalize and PROCESSED, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    processing_delay_ms: u64,
    /// Largest accepted upload, in bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    max_upload_bytes: u64,
    /// Apply the published rate limits (auth 10/s, account initiation 1/s, retrieval 15/s).
    #[arg(long)]
    rate_limits: bool,
    /// Decision of expired workflows.
    #[arg(long, value_enum, default_value = "not-executed")]
    expired_decision: ExpiredDecision,
    /// Callback URL for workflows whose request names none (the Portal setting).
    #[arg(long)]
    callback_url: Option<String>,
    /// Delivery attempts per callback.
    #[arg(long, default_value_t = 5)]
    callback_attempts: u32,
    /// Delay before the second callback attempt (doubling after), in milliseconds.
    #[arg(long, default_value_t = 500)]
    callback_backoff_ms: u64,
    /// Only seeded legacy scans exist (otherwise any scan reference is a finished scan).
    #[arg(long)]
    seeded_scans_only: bool,
}

fn parse_pairs(
    items: &[String],
    sep: char,
    what: &str,
) -> Result<BTreeMap<String, String>, String> {
    items
        .iter()
        .map(|i| {
            i.split_once(sep)
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .ok_or_else(|| format!("{what} `{i}` needs a `{sep}`"))
        })
        .collect()
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let config = (|| -> Result<SandboxConfig, String> {
        Ok(SandboxConfig {
            listen: (args.host, args.port).into(),
            clients: parse_pairs(&args.clients, ':', "--client")?,
            base_urls: parse_pairs(&args.base_urls, '=', "--base-url")?,
            settings: Settings {
                token_ttl_secs: args.token_ttl,
                processing_delay_ms: args.processing_delay_ms,
                max_upload_bytes: args.max_upload_bytes,
                rate_limits: args.rate_limits,
                expired_decision: args.expired_decision,
                default_callback_url: args.callback_url.clone(),
                callback_attempts: args.callback_attempts,
                callback_backoff_ms: args.callback_backoff_ms,
                legacy_scans_auto: !args.seeded_scans_only,
                ..Settings::default()
            },
        })
    })();
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            eprintln!("jumio-kyx-sandbox: {e}");
            std::process::exit(2);
        }
    };
    let sandbox = match RunningSandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "jumio-kyx-sandbox: cannot listen on {}:{}: {e}",
                args.host, args.port
            );
            std::process::exit(1);
        }
    };
    println!("{}", sandbox.url());
    let _ = tokio::signal::ctrl_c().await;
}
