//! A full ID + identity verification: create the account, upload the ID's front and back and a
//! selfie, finalize, wait for the result, print the decision of every capability.
//!
//! `cargo run -p jumio-kyx --example id_verification [front.jpg back.jpg selfie.jpg]`
//! (without paths, the sandbox's synthetic sample images).

mod common;

use jumio_kyx::{IdentityVerification, ImageSource};
use jumio_kyx_sandbox::infra::samples;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = common::connect().await?;
    let client = &target.client;
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let (front, back, selfie) = match paths.as_slice() {
        [f, b, s] => (
            ImageSource::path(f),
            ImageSource::path(b),
            ImageSource::path(s),
        ),
        _ => (
            ImageSource::bytes(samples::FRONT_JPEG),
            ImageSource::bytes(samples::BACK_JPEG),
            ImageSource::bytes(samples::SELFIE_JPEG),
        ),
    };
    let started = client
        .run_identity_verification(
            IdentityVerification::new("example-idv-1", front, selfie)
                .back(back)
                .user_reference("example-user-1"),
        )
        .await?;
    println!(
        "account {} / workflow {}: uploaded and finalized",
        started.account_id(),
        started.workflow_execution_id()
    );
    let status = client
        .wait_for_completion(
            started.account_id(),
            started.workflow_execution_id(),
            target.wait_options(),
        )
        .await?;
    println!("status: {}", status.workflow_execution.status);
    let details = client
        .get_workflow_details(started.account_id(), started.workflow_execution_id())
        .await?;
    println!(
        "decision: {} (risk score {})",
        details
            .decision_type()
            .map(|d| d.as_str())
            .unwrap_or("none"),
        details
            .risk_score()
            .map(|s| s.to_string())
            .unwrap_or_default()
    );
    for c in details.capability_summaries() {
        println!(
            "  {:<20} {:<8} {:<13} {}",
            c.capability,
            c.category.unwrap_or_default(),
            c.decision,
            c.label
        );
    }
    Ok(())
}
