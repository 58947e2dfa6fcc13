//! Retry rules against injected faults: 429 and 503 (with Retry-After), connection resets; and
//! never a duplicate account.

mod support;

use std::time::{Duration, Instant};

use jumio_kyx::types::{AccountRequest, MigrationRequest, UploadClassifier};
use jumio_kyx::{ErrorKind, ImageSource, RetryPolicy};
use jumio_kyx_sandbox::FaultRule;
use support::*;

fn rule(operation: &str) -> FaultRule {
    FaultRule {
        operation: operation.into(),
        status: None,
        retry_after: None,
        drop: None,
        latency_ms: 0,
        rate: 1.0,
        count: None,
    }
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
async fn account_creation_is_never_retried_once_sent_so_never_duplicated() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    client.get_access_token().await.unwrap();
    for (fault, what) in [
        (
            FaultRule {
                status: Some(503),
                count: Some(1),
                ..rule("create_account")
            },
            "503",
        ),
        (
            FaultRule {
                status: Some(429),
                retry_after: Some(1),
                count: Some(1),
                ..rule("create_account")
            },
            "429",
        ),
        (
            FaultRule {
                drop: Some(jumio_kyx_sandbox::DropMode::After),
                count: Some(1),
                ..rule("create_account")
            },
            "reset after processing",
        ),
        (
            FaultRule {
                drop: Some(jumio_kyx_sandbox::DropMode::Before),
                count: Some(1),
                ..rule("create_account")
            },
            "reset before processing",
        ),
    ] {
        let accounts_before = sandbox.store().accounts.len();
        let sent_before = count(&sandbox, "create_account");
        sandbox.set_faults(vec![fault]).unwrap();
        let e = client
            .create_account(&AccountRequest::new("dup-1", 10011u64))
            .await
            .unwrap_err();
        assert_eq!(
            count(&sandbox, "create_account") - sent_before,
            1,
            "{what}: one attempt only ({e})"
        );
        assert!(
            sandbox.store().accounts.len() - accounts_before <= 1,
            "{what}"
        );
    }
    // The same for the migration POST.
    sandbox
        .set_faults(vec![FaultRule {
            status: Some(503),
            count: Some(1),
            ..rule("createMigration")
        }])
        .unwrap();
    assert!(
        client
            .create_migration(&MigrationRequest::new(["m-1"]))
            .await
            .is_err()
    );
    assert_eq!(count(&sandbox, "create_migration"), 1);
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
