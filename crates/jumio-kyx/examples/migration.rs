//! Migrating legacy Netverify scans into KYX accounts, and telling the documented failures apart.
//!
//! `cargo run -p jumio-kyx --example migration`

mod common;

use jumio_kyx::types::MigrationRequest;
use jumio_kyx::{ErrorKind, MigrationError};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = common::connect().await?;
    let client = &target.client;
    // Scans of one end user go into one account; each scan reference becomes a workflow execution.
    let account = client
        .create_migration(&MigrationRequest::new(["legacy-scan-1", "legacy-scan-2"]))
        .await?;
    println!("migrated into account {}", account.account.id);
    client
        .update_migration(
            &account.account.id,
            &MigrationRequest::new(["legacy-scan-3"]),
        )
        .await?;
    for scan in ["legacy-scan-1", "legacy-scan-2", "legacy-scan-3"] {
        let status = client
            .get_workflow_status(&account.account.id, scan)
            .await?;
        println!("  {scan}: {}", status.workflow_execution.status);
    }
    // Migrating a scan twice is a typed error naming the scan references.
    match client
        .create_migration(&MigrationRequest::new(["legacy-scan-1"]))
        .await
    {
        Err(e) if e.kind() == &ErrorKind::Migration(MigrationError::AlreadyMigrated) => {
            println!("already migrated: {:?}", e.scan_references());
        }
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
