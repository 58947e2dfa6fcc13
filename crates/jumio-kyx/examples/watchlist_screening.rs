//! A watchlist screening (workflow 10010) from prepared data: the end user's name, date of birth
//! and country, checked against sanctions and PEP lists.
//!
//! `cargo run -p jumio-kyx --example watchlist_screening`

mod common;

use jumio_kyx::PreparedDataVerification;
use jumio_kyx::types::{PreparedAddress, PreparedData};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = common::connect().await?;
    let client = &target.client;
    let data = PreparedData {
        first_name: Some("JANE".into()),
        last_name: Some("SPECIMEN".into()),
        date_of_birth: Some("1990-01-01".into()),
        address: Some(PreparedAddress {
            country: Some("USA".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    // The required fields of 10010 and the userReference are checked before anything is sent.
    let started = client
        .run_prepared_data_verification(PreparedDataVerification::screening(
            "example-screening-1",
            "example-user-2",
            data,
        ))
        .await?;
    client
        .wait_for_completion(
            started.account_id(),
            started.workflow_execution_id(),
            target.wait_options(),
        )
        .await?;
    let details = client
        .get_workflow_details(started.account_id(), started.workflow_execution_id())
        .await?;
    let screening = details
        .capabilities
        .as_ref()
        .and_then(|c| c.watchlist_screening.as_ref())
        .and_then(|s| s.first());
    match screening {
        Some(s) => {
            let decision = s.decision.as_ref();
            let label = decision
                .and_then(|d| d.details.as_ref())
                .and_then(|d| d.label.as_ref());
            println!(
                "screening: {} / {}",
                decision.map(|d| d.type_.as_str()).unwrap_or("?"),
                label.map(|l| l.as_str()).unwrap_or("?")
            );
            if let Some(data) = &s.data {
                println!(
                    "  search {:?}: {} result(s)",
                    data.search_status.as_ref().map(|s| s.as_str()),
                    data.search_results.unwrap_or(0)
                );
            }
        }
        None => println!("no screening result"),
    }
    Ok(())
}
