//! Retry rules against injected faults: 429 and 503 (with Retry-After), connection resets; and
//! never a duplicate account.

use std::time::{Duration, Instant};

use crate::support::*;
use jumio_kyx::types::{AccountRequest, MigrationRequest, UploadClassifier};
use jumio_kyx::{ErrorKind, ImageSource, RetryPolicy};
use jumio_kyx_sandbox::FaultRule;

fn rule(operation: &str) -> FaultRule {
    FaultRule::on(operation)
}

#[tokio::test]
async fn reads_are_retried_on_429_502_503_504_honouring_retry_after() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let account = client
        .create_account(&AccountRequest::new("retry-1", 10011u64))
        .await
        .unwrap();
    let (a, w) = (
        account.account_id().to_string(),
        account.workflow_execution_id().to_string(),
    );
    for status in [429, 502, 503, 504] {
        sandbox
            .set_faults(vec![FaultRule {
                status: Some(status),
                count: Some(2),
                ..rule("get_workflow_status")
            }])
            .unwrap();
        let before = count(&sandbox, "get_workflow_status");
        client
            .get_workflow_status(&a, &w)
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(
            count(&sandbox, "get_workflow_status") - before,
            3,
            "{status}: two failures, then the answer"
        );
    }
    // Retry-After is honoured.
    sandbox
        .set_faults(vec![FaultRule {
            status: Some(503),
            retry_after: Some(1),
            count: Some(1),
            ..rule("get_workflow_details")
        }])
        .unwrap();
    let t = Instant::now();
    client.get_workflow_details(&a, &w).await.unwrap();
    assert!(
        t.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        t.elapsed()
    );
    // Past the retry budget, the error comes back, typed and retryable.
    sandbox
        .set_faults(vec![FaultRule {
            status: Some(503),
            count: Some(10),
            ..rule("get_workflow_status")
        }])
        .unwrap();
    let before = count(&sandbox, "get_workflow_status");
    let e = client.get_workflow_status(&a, &w).await.unwrap_err();
    assert_eq!((e.kind(), e.status()), (&ErrorKind::Server, Some(503)));
    assert!(e.is_retryable());
    assert_eq!(
        count(&sandbox, "get_workflow_status") - before,
        4,
        "the first attempt and 3 retries"
    );
    // 500 and 400-class errors are not retried.
    sandbox
        .set_faults(vec![FaultRule {
            status: Some(500),
            count: Some(1),
            ..rule("get_workflow_status")
        }])
        .unwrap();
    let before = count(&sandbox, "get_workflow_status");
    assert_eq!(
        client
            .get_workflow_status(&a, &w)
            .await
            .unwrap_err()
            .status(),
        Some(500)
    );
    assert_eq!(count(&sandbox, "get_workflow_status") - before, 1);
    sandbox.set_faults(vec![]).unwrap();
    let before = count(&sandbox, "get_workflow_status");
    assert_eq!(
        client
            .get_workflow_status(&a, "nope")
            .await
            .unwrap_err()
            .kind(),
        &ErrorKind::NotFound
    );
    assert_eq!(count(&sandbox, "get_workflow_status") - before, 1);
}

#[tokio::test]
async fn connection_resets_are_retried_for_safe_operations() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let account = client
        .create_account(&AccountRequest::new("reset-1", 10011u64))
        .await
        .unwrap();
    let (a, w) = (
        account.account_id().to_string(),
        account.workflow_execution_id().to_string(),
    );
    let id = account
        .credential(&jumio_kyx::types::CredentialCategory::Id)
        .unwrap()
        .id
        .clone();
    sandbox
        .set_faults(vec![FaultRule {
            drop: Some(jumio_kyx_sandbox::DropMode::Before),
            count: Some(2),
            ..rule("get_workflow_details")
        }])
        .unwrap();
    client.get_workflow_details(&a, &w).await.unwrap();
    // An upload from a file is re-opened and re-sent after a reset.
    let path = std::env::temp_dir().join(format!("kyx-reset-{}.jpg", std::process::id()));
    std::fs::write(&path, FRONT_JPEG).unwrap();
    sandbox
        .set_faults(vec![FaultRule {
            drop: Some(jumio_kyx_sandbox::DropMode::After),
            count: Some(1),
            ..rule("upload_part")
        }])
        .unwrap();
    client
        .upload_part(
            &a,
            &w,
            &id,
            UploadClassifier::Front,
            ImageSource::path(&path),
        )
        .await
        .unwrap();
    assert_eq!(count(&sandbox, "upload_part"), 2);
    // An upload from a reader cannot be replayed: one attempt, a transport error.
    sandbox
        .set_faults(vec![FaultRule {
            drop: Some(jumio_kyx_sandbox::DropMode::Before),
            count: Some(1),
            ..rule("upload_part")
        }])
        .unwrap();
    let e = client
        .upload_part(
            &a,
            &w,
            &id,
            UploadClassifier::Back,
            ImageSource::reader(std::io::Cursor::new(BACK_JPEG), None),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Transport);
    assert_eq!(count(&sandbox, "upload_part"), 3);
    std::fs::remove_file(&path).ok();
}

#[tokio::test]
async fn operations_that_start_a_transaction_are_never_resent_after_an_unclear_failure() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    client.get_access_token().await.unwrap();
    let existing = client
        .create_account(&AccountRequest::new("dup-0", 10011u64))
        .await
        .unwrap();
    let account_id = existing.account.id.clone();
    let migrated = client
        .create_migration(&MigrationRequest::new(["m-0"]))
        .await
        .unwrap();
    let unclear = [
        (
            FaultRule {
                status: Some(503),
                ..rule("*")
            },
            "503",
        ),
        (
            FaultRule {
                status: Some(502),
                ..rule("*")
            },
            "502",
        ),
        (
            FaultRule {
                drop: Some(jumio_kyx_sandbox::DropMode::After),
                ..rule("*")
            },
            "reset after processing",
        ),
        (
            FaultRule {
                drop: Some(jumio_kyx_sandbox::DropMode::Before),
                ..rule("*")
            },
            "reset before processing",
        ),
    ];
    for (op, fault_op) in [
        ("create_account", "createAccount"),
        ("update_account", "updateAccount"),
        ("create_migration", "createMigration"),
        ("update_migration", "updateMigration"),
    ] {
        for (i, (fault, what)) in unclear.iter().enumerate() {
            let sent_before = count(&sandbox, op);
            sandbox
                .set_faults(vec![FaultRule {
                    operation: fault_op.into(),
                    count: Some(1),
                    ..fault.clone()
                }])
                .unwrap();
            let scan = format!("m-{op}-{i}");
            let e = start_a_transaction(
                &client,
                fault_op,
                "dup-1",
                &account_id,
                &migrated.account.id,
                &scan,
            )
            .await
            .unwrap_err();
            assert_eq!(
                count(&sandbox, op) - sent_before,
                1,
                "{op} after {what}: one attempt only ({e})"
            );
            assert_eq!(e.operation(), Some(fault_op), "{e}");
        }
    }
    // Only the requests dropped after processing took effect (one create, one update): nothing
    // was created twice.
    let created = sandbox
        .workflows()
        .iter()
        .filter(|w| w["customerInternalReference"] == "dup-1")
        .count();
    assert_eq!(created, 2);
}

#[tokio::test]
async fn a_429_is_retried_for_every_operation_even_those_that_start_a_transaction() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let account = client
        .create_account(&AccountRequest::new("rl-0", 10011u64))
        .await
        .unwrap();
    let migrated = client
        .create_migration(&MigrationRequest::new(["rl-m-0"]))
        .await
        .unwrap();
    for op in [
        "createAccount",
        "updateAccount",
        "createMigration",
        "updateMigration",
    ] {
        sandbox
            .set_faults(vec![FaultRule {
                status: Some(429),
                retry_after: Some(0),
                count: Some(2),
                ..rule(op)
            }])
            .unwrap();
        let scan = format!("rl-m-{op}");
        let result = start_a_transaction(
            &client,
            op,
            "rl-1",
            &account.account.id,
            &migrated.account.id,
            &scan,
        )
        .await;
        assert!(result.is_ok(), "{op}: {result:?}");
        let answers: Vec<Option<u16>> = sandbox
            .requests()
            .iter()
            .filter(|r| {
                r.operation
                    .is_some_and(|o| jumio_kyx::routing::operation(o).unwrap().spec_id == op)
            })
            .map(|r| r.status)
            .collect();
        assert_eq!(
            &answers[answers.len() - 3..],
            [Some(429), Some(429), Some(200)],
            "{op}: waited and tried again"
        );
    }
    // Without Retry-After, the backoff decides; a 429 budget of its own (max_rate_limit_retries).
    let limited = builder(&sandbox)
        .retry_policy(RetryPolicy {
            max_retries: 0,
            max_rate_limit_retries: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        })
        .build()
        .unwrap();
    sandbox
        .set_faults(vec![FaultRule {
            status: Some(429),
            omit_retry_after: true,
            ..rule("getHealth")
        }])
        .unwrap();
    let e = limited.get_health().await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::RateLimited);
    assert_eq!(
        count(&sandbox, "get_health"),
        3,
        "the first try and two retries"
    );
}

#[tokio::test]
async fn account_creation_is_retried_when_the_connection_never_opened() {
    // A port with no listener: every attempt fails to connect, so each retry is provably safe.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = jumio_kyx::Client::builder()
        .base_url(&url)
        .basic_credentials("t", "s")
        .user_agent(UA)
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(5),
            ..Default::default()
        })
        .build()
        .unwrap();
    let t = Instant::now();
    let e = client
        .create_account(&AccountRequest::new("nobody-listens", 10011u64))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Transport);
    assert!(e.never_sent());
    assert!(
        t.elapsed() >= Duration::from_millis(5),
        "it waited between the retries"
    );
}

#[tokio::test]
async fn the_deadline_bounds_a_call_with_its_retries() {
    let sandbox = sandbox(fast()).await;
    let client = builder(&sandbox)
        .deadline(Duration::from_millis(400))
        .retry_policy(RetryPolicy {
            max_retries: 50,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(100),
            ..Default::default()
        })
        .build()
        .unwrap();
    client.get_access_token().await.unwrap();
    sandbox
        .set_faults(vec![FaultRule {
            status: Some(503),
            ..rule("get_health")
        }])
        .unwrap();
    let t = Instant::now();
    let e = client.get_health().await.unwrap_err();
    assert!(
        t.elapsed() < Duration::from_millis(900),
        "{:?}",
        t.elapsed()
    );
    assert!(
        matches!(e.kind(), ErrorKind::Server | ErrorKind::Timeout),
        "{e}"
    );
    sandbox
        .set_faults(vec![FaultRule {
            latency_ms: 2000,
            ..rule("get_health")
        }])
        .unwrap();
    let e = client.get_health().await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Timeout);
}

#[tokio::test]
async fn the_client_side_rate_limiter_keeps_within_the_published_limits() {
    let sandbox = sandbox(jumio_kyx_sandbox::Settings {
        rate_limits: true,
        ..fast()
    })
    .await;
    let client = builder(&sandbox).rate_limit(true).build().unwrap();
    let t = Instant::now();
    for i in 0..4 {
        client
            .create_account(&AccountRequest::new(format!("limited-{i}"), 10011u64))
            .await
            .unwrap();
    }
    // 1/s: four creations take at least three seconds, and none was refused.
    assert!(
        t.elapsed() >= Duration::from_millis(2900),
        "{:?}",
        t.elapsed()
    );
    assert!(sandbox.requests().iter().all(|r| r.status != Some(429)));
}

/// Sends one of the four operations that may start a transaction (`createAccount`,
/// `updateAccount`, `createMigration`, `updateMigration`), with `reference` or `scan`.
async fn start_a_transaction(
    client: &jumio_kyx::Client,
    operation: &str,
    reference: &str,
    account_id: &str,
    migrated_id: &str,
    scan: &str,
) -> Result<(), jumio_kyx::Error> {
    let account = AccountRequest::new(reference, 10011u64);
    let migration = MigrationRequest::new([scan]);
    match operation {
        "createAccount" => client.create_account(&account).await.map(drop),
        "updateAccount" => client.update_account(account_id, &account).await.map(drop),
        "createMigration" => client.create_migration(&migration).await.map(drop),
        "updateMigration" => client
            .update_migration(migrated_id, &migration)
            .await
            .map(drop),
        other => panic!("{other} does not start a transaction"),
    }
}
