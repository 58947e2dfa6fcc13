//! The soak: many full workflows through the Rust client against a sandbox that misbehaves on
//! every operation (`tests/soak/faults.json`: 10% 503, 5% 429 with Retry-After, 2% dropped
//! connections, half of them after the request was processed) with a 2-second token lifetime. It checks the client's promises in
//! bulk: no duplicate account or workflow execution, no untyped error, no panic, no 429 that
//! surfaces as an error, and every failure an operation that cannot safely be sent again.
//!
//! `cargo test` runs a short soak (60 workflows); `cargo xtask soak` runs 1,000
//! (`cargo test --release -p jumio-kyx --test soak -- --workflows 1000`). The Python and Node
//! packages have their own (`bindings/*/benches/soak.*`), with the same faults and checks.

#[path = "integration/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jumio_kyx::types::{AccountRequest, MigrationRequest, UploadClassifier};
use jumio_kyx::{
    Client, Error, ErrorKind, ImageSource, PollSchedule, PreparedDataVerification, RetryPolicy,
    WaitOptions,
};
use jumio_kyx_sandbox::{FaultRule, RunningSandbox, SandboxConfig, Settings};
use support::*;

/// The soak's sandbox settings, faults and the operations whose failures it accepts
/// (`tests/soak/faults.json`, shared with the Python and Node soaks).
fn plan() -> (Settings, Vec<FaultRule>, Vec<String>) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/soak/faults.json");
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut settings = serde_json::to_value(Settings::default()).unwrap();
    for (k, v) in plan["settings"].as_object().unwrap() {
        settings[k] = v.clone();
    }
    (
        serde_json::from_value(settings).unwrap(),
        serde_json::from_value(plan["faults"].clone()).unwrap(),
        serde_json::from_value(plan["unsafeOperations"].clone()).unwrap(),
    )
}

/// How one workflow ended.
enum Outcome {
    Completed,
    Failed(Error),
}

async fn run_one(client: &Client, i: usize) -> Result<(), Error> {
    let reference = format!("soak-{i}");
    let wait = WaitOptions {
        schedule: PollSchedule::Every(Duration::from_millis(50)),
        deadline: Duration::from_secs(120),
    };
    match i % 10 {
        // Watchlist screening with prepared data (the flow helper).
        6 | 7 => {
            let data = screening_of("SOAK", "TEST", "1990-01-31");
            let started = client
                .run_prepared_data_verification(PreparedDataVerification::screening(
                    &reference,
                    "soak-user",
                    data,
                ))
                .await?;
            client
                .wait_for_completion(started.account_id(), started.workflow_execution_id(), wait)
                .await?;
            client
                .get_workflow_details(started.account_id(), started.workflow_execution_id())
                .await?;
        }
        // A second workflow execution on an account (PUT /accounts/{id}), finalized at once.
        8 => {
            let first = client
                .create_account(&AccountRequest::new(&reference, 10011u64))
                .await?;
            let second = client
                .update_account(
                    first.account_id(),
                    &AccountRequest::new(format!("{reference}-u"), 10011u64),
                )
                .await?;
            client
                .finalize_workflow(second.account_id(), second.workflow_execution_id())
                .await?;
            client
                .wait_for_completion(second.account_id(), second.workflow_execution_id(), wait)
                .await?;
        }
        // A migration of two legacy scans, then a read of one of them.
        9 => {
            let scans = [format!("{reference}-scan-a"), format!("{reference}-scan-b")];
            let migrated = client
                .create_migration(&MigrationRequest::new(scans.clone()))
                .await?;
            client
                .get_workflow_status(&migrated.account.id, &scans[0])
                .await?;
        }
        // ID + identity verification, operation by operation.
        _ => {
            let account = client
                .create_account(&AccountRequest::new(&reference, 10011u64))
                .await?;
            let (a, w) = (account.account_id(), account.workflow_execution_id());
            let id = account
                .credential(&jumio_kyx::types::CredentialCategory::Id)
                .map(|c| c.id.clone())
                .expect("an ID credential");
            let selfie = account
                .credential(&jumio_kyx::types::CredentialCategory::Selfie)
                .map(|c| c.id.clone())
                .expect("a SELFIE credential");
            for (credential, classifier, bytes) in [
                (&id, UploadClassifier::Front, FRONT_JPEG),
                (&id, UploadClassifier::Back, BACK_JPEG),
                (&selfie, UploadClassifier::Face, SELFIE_JPEG),
            ] {
                client
                    .upload_part(a, w, credential, classifier, ImageSource::bytes(bytes))
                    .await?;
            }
            client.finalize_workflow(a, w).await?;
            client.wait_for_completion(a, w, wait).await?;
            client.get_workflow_details(a, w).await?;
        }
    }
    Ok(())
}

/// What the soak found.
#[derive(Default)]
struct Tally {
    completed: usize,
    errors: BTreeMap<(String, String), usize>,
    untyped: usize,
    rate_limited: usize,
    unsafe_only: bool,
    panics: usize,
    duplicates: usize,
    retryable_failures: Vec<String>,
}

async fn soak(workflows: usize, concurrency: usize) -> Tally {
    let (settings, faults, unsafe_ops) = plan();
    let sandbox = RunningSandbox::start(SandboxConfig {
        settings,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    sandbox.set_faults(faults).unwrap();
    let client = Client::builder()
        .base_url(sandbox.url())
        .credentials("soak", "soak")
        .user_agent(UA)
        .retry_policy(RetryPolicy {
            max_retries: 6,
            initial_backoff: Duration::from_millis(20),
            ..Default::default()
        })
        .build()
        .unwrap();
    let slots = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut tasks = Vec::new();
    for i in 0..workflows {
        let (client, slots) = (client.clone(), slots.clone());
        tasks.push(tokio::spawn(async move {
            let _slot = slots.acquire_owned().await.unwrap();
            match run_one(&client, i).await {
                Ok(()) => Outcome::Completed,
                Err(e) => Outcome::Failed(e),
            }
        }));
    }
    let mut tally = Tally {
        unsafe_only: true,
        ..Tally::default()
    };
    for t in tasks {
        match t.await {
            Ok(Outcome::Completed) => tally.completed += 1,
            Ok(Outcome::Failed(e)) => {
                let op = e.operation().unwrap_or("(none)").to_string();
                *tally
                    .errors
                    .entry((e.kind().code().to_string(), op.clone()))
                    .or_default() += 1;
                if matches!(
                    e.kind(),
                    ErrorKind::UnexpectedStatus | ErrorKind::InvalidResponse
                ) || e.operation().is_none()
                {
                    tally.untyped += 1;
                }
                if e.kind() == &ErrorKind::RateLimited {
                    tally.rate_limited += 1;
                }
                let clear_failure = unsafe_ops.contains(&op)
                    && matches!(e.kind(), ErrorKind::Server | ErrorKind::Transport);
                if !clear_failure {
                    tally.unsafe_only = false;
                    tally.retryable_failures.push(format!("{op}: {e}"));
                }
            }
            Err(join) if join.is_panic() => tally.panics += 1,
            Err(join) => panic!("a soak task was cancelled: {join}"),
        }
    }
    // No reference may have more than one workflow execution: nothing was created twice.
    let mut per_reference: BTreeMap<String, usize> = BTreeMap::new();
    for w in sandbox.workflows() {
        if let Some(r) = w["customerInternalReference"].as_str() {
            *per_reference.entry(r.to_string()).or_default() += 1;
        }
    }
    tally.duplicates = per_reference.values().filter(|n| **n > 1).count();
    // A migrated scan lives in exactly one account.
    let mut per_scan: BTreeMap<String, usize> = BTreeMap::new();
    for m in sandbox.migrations() {
        *per_scan.entry(m.scan_reference).or_default() += 1;
    }
    tally.duplicates += per_scan.values().filter(|n| **n > 1).count();
    tally
}

fn main() {
    let mut workflows = 60usize;
    let mut concurrency = 32usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--workflows" => workflows = args.next().and_then(|n| n.parse().ok()).unwrap_or(60),
            "--concurrency" => concurrency = args.next().and_then(|n| n.parse().ok()).unwrap_or(32),
            // cargo test passes its own flags (`--nocapture`, filters); they do not apply here.
            _ => {}
        }
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let started = Instant::now();
    let tally = runtime.block_on(soak(workflows, concurrency));
    let secs = started.elapsed().as_secs_f64();
    println!(
        "soak (Rust): {workflows} workflows, {concurrency} at a time, 10% 503 / 5% 429 (Retry-After 1) / 2% dropped connections on every operation, token TTL 2 s, {secs:.1} s"
    );
    println!("  completed          {}", tally.completed);
    let failed: usize = tally.errors.values().sum();
    println!("  failed             {failed}");
    for ((kind, op), n) in &tally.errors {
        println!("    {n:>5}  {kind} in {op}");
    }
    println!("  duplicates         {}", tally.duplicates);
    println!("  untyped errors     {}", tally.untyped);
    println!("  429 surfaced       {}", tally.rate_limited);
    println!("  panics             {}", tally.panics);
    let mut broken = Vec::new();
    if tally.duplicates > 0 {
        broken.push("a transaction was created twice".to_string());
    }
    if tally.untyped > 0 {
        broken.push("an error was not typed".into());
    }
    if tally.rate_limited > 0 {
        broken.push("a 429 surfaced as an error".into());
    }
    if tally.panics > 0 {
        broken.push("a task panicked".into());
    }
    if !tally.unsafe_only {
        broken.push(format!(
            "an operation that is safe to retry failed: {}",
            tally.retryable_failures.join("; ")
        ));
    }
    if tally.completed + failed + tally.panics != workflows {
        broken.push("workflows are missing from the tally".into());
    }
    if !broken.is_empty() {
        eprintln!("soak failed: {}", broken.join("; "));
        std::process::exit(1);
    }
    println!("soak passed");
}
