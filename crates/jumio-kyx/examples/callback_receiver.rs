//! A callback receiver with axum: check the sender's address, parse the payload, answer 200 at
//! once, process each event once, then fetch the authoritative details.
//!
//! `cargo run -p jumio-kyx --example callback_receiver` starts a verification against the embedded
//! sandbox with this receiver as its callback URL, prints the callback it gets and exits.
//! `-- --serve 8080` keeps serving on that port instead.

mod common;

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use jumio_kyx::callback::{CallbackVerifier, parse_callback};
use jumio_kyx::{Client, IdentityVerification, ImageSource, Region};
use jumio_kyx_sandbox::samples;
use tokio::sync::mpsc;

#[derive(Clone)]
struct App {
    client: Client,
    verifier: CallbackVerifier,
    seen: Arc<Mutex<HashSet<String>>>,
    done: mpsc::UnboundedSender<String>,
}

async fn callback(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: axum::body::Bytes,
) -> StatusCode {
    if let Err(e) = app.verifier.verify(peer.ip()) {
        eprintln!("refused: {e}");
        return StatusCode::FORBIDDEN;
    }
    let Ok(callback) = parse_callback(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    if !app.seen.lock().unwrap().insert(callback.dedupe_key()) {
        return StatusCode::OK; // a redelivery of an event already handled
    }
    // Answer now; fetch the details in the background.
    tokio::spawn(async move {
        match app.client.get_callback_details(&callback).await {
            Ok(details) => {
                let line = format!(
                    "callback: workflow {} is {}, decision {}",
                    callback.workflow_execution.id,
                    callback.workflow_execution.status,
                    details
                        .decision_type()
                        .map(|d| d.as_str())
                        .unwrap_or("none")
                );
                let _ = app.done.send(line);
            }
            Err(e) => eprintln!("details: {e}"),
        }
    });
    StatusCode::OK
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let serve_port = args
        .iter()
        .position(|a| a == "--serve")
        .and_then(|i| args.get(i + 1))
        .and_then(|p| p.parse::<u16>().ok());
    let target = common::connect().await?;
    let mut verifier = CallbackVerifier::for_region(
        std::env::var("JUMIO_REGION")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(Region::Us),
    );
    if target.sandbox.is_some() {
        verifier = verifier.allow(IpAddr::from([127, 0, 0, 1])); // the sandbox calls back from loopback
    }
    let (done, mut events) = mpsc::unbounded_channel();
    let app = App {
        client: target.client.clone(),
        verifier,
        seen: Arc::default(),
        done,
    };
    let router = axum::Router::new()
        .route("/jumio/callback", axum::routing::post(callback))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", serve_port.unwrap_or(0))).await?;
    let url = format!("http://{}/jumio/callback", listener.local_addr()?);
    println!("receiving callbacks at {url}");
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    if serve_port.is_some() {
        while let Some(line) = events.recv().await {
            println!("{line}");
        }
        return Ok(());
    }
    let started = target
        .client
        .run_identity_verification(
            IdentityVerification::new(
                "example-callback-1",
                ImageSource::bytes(samples::FRONT_JPEG),
                ImageSource::bytes(samples::SELFIE_JPEG),
            )
            .callback_url(&url),
        )
        .await?;
    println!("started workflow {}", started.workflow_execution_id());
    let line = tokio::time::timeout(std::time::Duration::from_secs(30), events.recv())
        .await?
        .ok_or("no callback")?;
    println!("{line}");
    Ok(())
}
