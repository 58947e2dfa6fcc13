//! A callback receiver with axum (`jumio_kyx::axum::CallbackReceiver`, feature `axum`): it checks
//! the sender's address, parses the payload, answers 200 at once and hands each event over once;
//! the handler then fetches the authoritative details.
//!
//! `cargo run -p jumio-kyx --example callback_receiver` starts a verification against the embedded
//! sandbox with this receiver as its callback URL, prints the callback it gets and exits.
//! `-- --serve 8080` keeps serving on that port instead.

mod common;

use std::net::{IpAddr, SocketAddr};

use jumio_kyx::axum::CallbackReceiver;
use jumio_kyx::callback::CallbackVerifier;
use jumio_kyx::{IdentityVerification, ImageSource, Region};
use jumio_kyx_sandbox::infra::samples;
use tokio::sync::mpsc;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let serve_port = common::port_arg("--serve");
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
    let client = target.client.clone();
    // The receiver checks the sender, answers 200, drops redeliveries; this runs afterwards.
    let receiver = CallbackReceiver::new(verifier).on_callback(move |callback| {
        let (client, done) = (client.clone(), done.clone());
        async move {
            match client.get_callback_details(&callback).await {
                Ok(details) => {
                    let _ = done.send(format!(
                        "callback: workflow {} is {}, decision {}",
                        callback.workflow_execution.id,
                        callback.workflow_execution.status,
                        details
                            .decision_type()
                            .map(|d| d.as_str())
                            .unwrap_or("none")
                    ));
                }
                Err(e) => eprintln!("details: {e}"),
            }
        }
    });
    let router = receiver.into_router("/jumio/callback");
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
