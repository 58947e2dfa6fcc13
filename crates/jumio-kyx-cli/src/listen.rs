//! `kyx callbacks listen`, and the receiver `kyx demo` uses: an HTTP endpoint that checks each
//! callback's sender, answers 200 at once, drops repeated deliveries, and hands each new event
//! on. Details are fetched after answering, as Jumio recommends.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use jumio_kyx::callback::{CallbackVerifier, parse_callback};
use jumio_kyx::types::CallbackPayload;
use jumio_kyx::{Client, Region};
use serde_json::json;
use tokio::sync::mpsc;

use crate::cli::ListenArgs;
use crate::output::Out;

/// A running receiver.
pub struct Receiver {
    /// Where to send callbacks.
    pub url: String,
    /// New (deduplicated) callbacks, with the address they came from.
    pub events: mpsc::UnboundedReceiver<(CallbackPayload, std::net::IpAddr)>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Called for each refused sender, to report it.
type OnRefused = Box<dyn Fn(std::net::IpAddr, &jumio_kyx::Error) + Send + Sync>;

struct Shared {
    verifier: CallbackVerifier,
    seen: Mutex<HashSet<String>>,
    events: mpsc::UnboundedSender<(CallbackPayload, std::net::IpAddr)>,
    refused: OnRefused,
}

async fn receive(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let sender = match shared.verifier.verify_forwarded(peer.ip(), forwarded) {
        Ok(ip) => ip,
        Err(e) => {
            (shared.refused)(peer.ip(), &e);
            return StatusCode::FORBIDDEN;
        }
    };
    let Ok(callback) = parse_callback(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let fresh = shared
        .seen
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(callback.dedupe_key());
    if fresh {
        let _ = shared.events.send((callback, sender));
    }
    StatusCode::OK
}

/// Starts a receiver on `addr` (port 0 picks one).
pub async fn start(
    addr: SocketAddr,
    verifier: CallbackVerifier,
    refused: impl Fn(std::net::IpAddr, &jumio_kyx::Error) + Send + Sync + 'static,
) -> Result<Receiver> {
    let (tx, events) = mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        verifier,
        seen: Mutex::new(HashSet::new()),
        events: tx,
        refused: Box::new(refused),
    });
    let app = axum::Router::new()
        .fallback(axum::routing::post(receive))
        .with_state(shared);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let bound = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = stopped.await;
        })
        .await;
    });
    Ok(Receiver {
        url: format!("http://{bound}/callbacks"),
        events,
        stop: Some(stop),
    })
}

/// The verifier `--senders`, `--allow` and `--trusted-proxy` describe.
fn verifier(a: &ListenArgs) -> Result<CallbackVerifier> {
    let mut v = if a.senders.eq_ignore_ascii_case("all") {
        CallbackVerifier::all_regions()
    } else {
        let r: Region = a
            .senders
            .parse()
            .map_err(|e: String| anyhow::anyhow!("--senders: {e}"))?;
        CallbackVerifier::for_region(r)
    };
    for ip in &a.allow {
        v = v.allow(*ip);
    }
    for ip in &a.trusted_proxies {
        v = v.trust_proxy(*ip);
    }
    Ok(v)
}

/// `kyx callbacks listen`.
pub async fn run(client: Option<Client>, out: Out, a: &ListenArgs) -> Result<()> {
    let json_out = out.json;
    let mut rx = start((a.host, a.port).into(), verifier(a)?, move |ip, e| {
        if json_out {
            eprintln!(
                "{}",
                json!({"refused": ip.to_string(), "reason": e.to_string()})
            );
        } else {
            eprintln!("refused a callback from {ip}: {e}");
        }
    })
    .await?;
    if !out.json {
        eprintln!("listening for callbacks on {} (Ctrl-C stops)", rx.url);
    }
    let mut received = 0usize;
    loop {
        let event = tokio::select! {
            e = rx.events.recv() => e,
            _ = tokio::signal::ctrl_c() => None,
        };
        let Some((callback, sender)) = event else {
            break;
        };
        received += 1;
        let mut v = json!({
            "receivedFrom": sender.to_string(),
            "callback": serde_json::to_value(&callback)?,
        });
        if let (Some(client), false) = (&client, a.no_details) {
            match client.get_callback_details(&callback).await {
                Ok(d) => v["details"] = serde_json::to_value(&d)?,
                Err(e) => v["detailsError"] = json!(e.to_string()),
            }
        }
        out.print(&v, |v| {
            let mut s = format!(
                "callback from {}: workflow {} {} (account {})\n",
                crate::output::at(v, "/receivedFrom"),
                crate::output::at(v, "/callback/workflowExecution/id"),
                crate::output::at(v, "/callback/workflowExecution/status"),
                crate::output::at(v, "/callback/account/id"),
            );
            if let Some(d) = v.get("details") {
                for line in crate::render::details(d).lines() {
                    s.push_str(format!("  {line}").trim_end());
                    s.push('\n');
                }
            }
            if let Some(e) = v.get("detailsError") {
                s.push_str(&format!(
                    "  details unavailable: {}\n",
                    e.as_str().unwrap_or("-")
                ));
            }
            s
        });
        if a.count.is_some_and(|n| received >= n) {
            break;
        }
    }
    Ok(())
}
