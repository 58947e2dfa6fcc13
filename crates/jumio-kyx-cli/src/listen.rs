//! `kyx callbacks listen`, and the receiver `kyx demo` uses: an HTTP endpoint that checks each
//! callback's sender, answers 200 at once, drops repeated deliveries, and hands each new event
//! on. Details are fetched after answering, as Jumio recommends.
//!
//! Anyone can connect, so the receiver spends as little as it can on a stranger. Connections are
//! served by hyper directly (not `axum::serve`), with a bound on the time to send the request
//! headers (a slowloris sender is cut off) and on the connections served at once. The sender is
//! checked from the headers alone, every `X-Forwarded-For` line included, before the body is
//! read; the body is then read with a size bound (413) and a time bound (408). Repeated
//! deliveries are remembered in a bounded set.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use http_body_util::{BodyExt, Empty, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CONNECTION, CONTENT_LENGTH, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use jumio_kyx::callback::{CallbackVerifier, SeenCallbacks, parse_callback};
use jumio_kyx::types::CallbackPayload;
use jumio_kyx::{Client, Region};
use serde_json::json;
use tokio::sync::{Semaphore, mpsc, watch};

use crate::cli::ListenArgs;
use crate::output::{Out, field};

/// Largest callback body read (a callback is a few hundred bytes).
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The time a sender has to send its headers, and again its body, unless told otherwise (the
/// default of `kyx callbacks listen --read-timeout` too).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more wait in the listen backlog.
const MAX_CONNECTIONS: usize = 512;

/// A running receiver. Dropping it stops accepting connections and lets requests in progress
/// finish in the background; [`Receiver::close`] waits for them.
pub struct Receiver {
    /// Where to send callbacks.
    pub url: String,
    /// New (deduplicated) callbacks, with the address they came from.
    pub events: mpsc::UnboundedReceiver<(CallbackPayload, IpAddr)>,
    stop: watch::Sender<bool>,
    serving: Option<tokio::task::JoinHandle<()>>,
}

impl Receiver {
    /// Stops accepting connections and waits until the answers in progress are sent (the 200 of
    /// the last callback handed on, say), within twice the read timeout.
    pub async fn close(mut self) {
        self.stop.send_replace(true);
        if let Some(serving) = self.serving.take() {
            let _ = serving.await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}

/// Called for each refused sender (the connection's peer address, and why), to report it.
type OnRefused = Box<dyn Fn(IpAddr, &str) + Send + Sync>;

struct Shared {
    verifier: CallbackVerifier,
    seen: SeenCallbacks,
    events: mpsc::UnboundedSender<(CallbackPayload, IpAddr)>,
    refused: OnRefused,
    read_timeout: Duration,
}

/// One request: the sender first (from the headers), then the body, bounded.
async fn receive(shared: &Shared, peer: SocketAddr, req: Request<Incoming>) -> StatusCode {
    if req.method() != Method::POST {
        return StatusCode::METHOD_NOT_ALLOWED;
    }
    // Every X-Forwarded-For line, in order: a proxy may append a line rather than extend the
    // first. A line that is not visible ASCII cannot be judged, so neither can the sender.
    let mut forwarded = Vec::new();
    for line in req.headers().get_all("x-forwarded-for") {
        match line.to_str() {
            Ok(text) => forwarded.push(text),
            Err(_) => {
                (shared.refused)(
                    peer.ip(),
                    "an X-Forwarded-For line is not visible ASCII; the sender cannot be checked",
                );
                return StatusCode::FORBIDDEN;
            }
        }
    }
    let sender = match shared.verifier.verify_forwarded(peer.ip(), forwarded) {
        Ok(ip) => ip,
        Err(e) => {
            (shared.refused)(peer.ip(), &e.to_string());
            return StatusCode::FORBIDDEN;
        }
    };
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return StatusCode::PAYLOAD_TOO_LARGE;
    }
    let body = Limited::new(req.into_body(), MAX_BODY_BYTES);
    let body = match tokio::time::timeout(shared.read_timeout, body.collect()).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
            return StatusCode::PAYLOAD_TOO_LARGE;
        }
        Ok(Err(_)) => return StatusCode::BAD_REQUEST,
        Err(_) => return StatusCode::REQUEST_TIMEOUT,
    };
    let Ok(callback) = parse_callback(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    if shared.seen.first_time(&callback.dedupe_key()) {
        let _ = shared.events.send((callback, sender));
    }
    StatusCode::OK
}

/// Resolves once the receiver stops (or is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopped| *stopped).await;
}

/// Serves one connection until it ends, or until `stop` (then lets the request in progress
/// finish, within twice the read timeout).
async fn connection(
    shared: Arc<Shared>,
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let read_timeout = shared.read_timeout;
    let service = hyper::service::service_fn(move |req| {
        let shared = shared.clone();
        async move {
            let status = receive(&shared, peer, req).await;
            let mut response = Response::new(Empty::<Bytes>::new());
            *response.status_mut() = status;
            if status != StatusCode::OK {
                // The body may be unread: this connection serves no other request.
                response
                    .headers_mut()
                    .insert(CONNECTION, HeaderValue::from_static("close"));
            }
            Ok::<_, Infallible>(response)
        }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(read_timeout)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stopped(&mut stop) => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(read_timeout * 2, conn.as_mut()).await;
        }
    }
}

/// Accepts connections until `stop`, at most [`MAX_CONNECTIONS`] served at once; then waits
/// (within twice the read timeout) for the connections to end.
async fn serve(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut stopping = stop.clone();
    let read_timeout = shared.read_timeout;
    loop {
        let accepted = tokio::select! {
            a = async {
                let slot = slots.clone().acquire_owned().await;
                (slot, listener.accept().await)
            } => a,
            _ = stopped(&mut stopping) => break,
        };
        let (Ok(slot), accepted) = accepted else {
            break;
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(_) => {
                // Out of file descriptors, say: do not spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let (shared, stop) = (shared.clone(), stop.clone());
        tokio::spawn(async move {
            connection(shared, stream, peer, stop).await;
            drop(slot);
        });
    }
    drop(listener);
    // Every slot free again: every connection ended.
    let all = MAX_CONNECTIONS as u32;
    let _ = tokio::time::timeout(read_timeout * 2, slots.acquire_many(all)).await;
}

/// Starts a receiver on `addr` (port 0 picks one). `read_timeout` bounds the time a sender has
/// to send its headers, and again its body.
pub async fn start(
    addr: SocketAddr,
    verifier: CallbackVerifier,
    read_timeout: Duration,
    refused: impl Fn(IpAddr, &str) + Send + Sync + 'static,
) -> Result<Receiver> {
    let (tx, events) = mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        verifier,
        seen: SeenCallbacks::default(),
        events: tx,
        refused: Box::new(refused),
        read_timeout,
    });
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let bound = listener.local_addr()?;
    let (stop, stopped) = watch::channel(false);
    let serving = tokio::spawn(serve(listener, shared, stopped));
    Ok(Receiver {
        url: format!("http://{bound}/callbacks"),
        events,
        stop,
        serving: Some(serving),
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
    let refused = move |ip: IpAddr, reason: &str| {
        if json_out {
            eprintln!("{}", json!({"refused": ip.to_string(), "reason": reason}));
        } else {
            eprintln!("refused a callback from {ip}: {}", field(reason));
        }
    };
    let mut rx = start(
        (a.host, a.port).into(),
        verifier(a)?,
        a.read_timeout,
        refused,
    )
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
            // Ctrl-C: stop now.
            return Ok(());
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
                // The client's error text: what the server said is escaped in it already (and
                // `Out::print` escapes control characters again), and not cut.
                s.push_str(&format!(
                    "  details unavailable: {}\n",
                    e.as_str().unwrap_or("-")
                ));
            }
            s
        });
        if a.count.is_some_and(|n| received >= n) {
            // The last callback's sender gets its answer before the process ends.
            rx.close().await;
            return Ok(());
        }
    }
}
