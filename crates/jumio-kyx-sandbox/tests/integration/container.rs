//! The sandbox's container image, driven through its published port by the Rust client: a
//! workflow with a callback from the container to a receiver on the host, then the state kept in
//! the container's `/data` volume. Run by `cargo xtask image` (a step of `cargo xtask ci`), which
//! builds the image, starts the container and sets `KYX_IMAGE_URL` (the published port) and
//! `KYX_IMAGE_HOST_IP` (the host's address on podman's bridge).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::json_of;
use jumio_kyx::{IdentityVerification, ImageSource};
use jumio_kyx_sandbox::infra::samples::{BACK_JPEG, FRONT_JPEG, SELFIE_JPEG};
use serde_json::Value;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is set by `cargo xtask image`"))
}

fn client(url: &str) -> jumio_kyx::Client {
    jumio_kyx::Client::builder()
        .base_url(url)
        .credentials("image-client", "image-secret")
        .user_agent("jumio-kyx image test/1.0")
        .build()
        .unwrap()
}

#[tokio::test]
#[ignore = "needs the container: run by cargo xtask image"]
async fn the_image_runs_a_workflow_and_calls_back_to_the_host() {
    let (url, host_ip) = (env("KYX_IMAGE_URL"), env("KYX_IMAGE_HOST_IP"));
    // A receiver on the host's bridge address (podman's own network), not on every interface.
    let received: Arc<Mutex<Vec<Value>>> = Arc::default();
    let r = received.clone();
    let app = axum::Router::new().route(
        "/callback",
        axum::routing::post(move |body: axum::Json<Value>| {
            let r = r.clone();
            async move {
                r.lock().unwrap().push(body.0);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind((host_ip.as_str(), 0))
        .await
        .unwrap();
    let callback = format!("http://{}/callback", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let client = client(&url);
    let started = client
        .run_identity_verification(
            IdentityVerification::new(
                "image-1",
                ImageSource::bytes(FRONT_JPEG),
                ImageSource::bytes(SELFIE_JPEG),
            )
            .back(ImageSource::bytes(BACK_JPEG))
            .callback_url(callback),
        )
        .await
        .unwrap();
    let mut got = Vec::new();
    for _ in 0..300 {
        got = received.lock().unwrap().clone();
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(got.len(), 1, "one callback from the container");
    assert_eq!(
        got[0]["workflowExecution"]["id"],
        started.workflow_execution_id()
    );
    assert_eq!(got[0]["workflowExecution"]["status"], "PROCESSED");
    let details = client
        .get_workflow_details(started.account_id(), started.workflow_execution_id())
        .await
        .unwrap();
    assert_eq!(
        details.decision_type(),
        Some(&jumio_kyx::types::DecisionType::Passed)
    );
}

#[tokio::test]
#[ignore = "needs the container: run by cargo xtask image"]
async fn the_image_keeps_its_state_in_the_data_volume() {
    let url = env("KYX_IMAGE_URL");
    // A new container on the volume of the one that ran the workflow above.
    let http = reqwest::Client::new();
    let workflows = json_of(http.get(format!("{url}/__sandbox/workflows"))).await;
    let all = workflows.as_array().unwrap();
    assert_eq!(all.len(), 1, "{workflows}");
    assert_eq!(all[0]["status"], "PROCESSED");
    let records = json_of(http.get(format!("{url}/__sandbox/callbacks"))).await;
    assert_eq!(records[0]["state"], "delivered");
}
