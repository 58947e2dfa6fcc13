//! Retry rules against injected faults: 429 and 503 (with Retry-After), connection resets; and
//! never a duplicate account.

use std::time::{Duration, Instant};

use crate::support::*;
use jumio_kyx::types::{AccountRequest, CredentialCategory, MigrationRequest, UploadClassifier};
use jumio_kyx::{ErrorKind, ImageSource, RetryPolicy};
use jumio_kyx_sandbox::{DropMode, FaultRule, RunningSandbox};

/// `operation` answers `status` (`count` times; always with `None`).
fn answers(operation: &str, status: u16, count: Option<u32>) -> FaultRule {
    FaultRule {
        status: Some(status),
        count,
        ..FaultRule::on(operation)
    }
}

/// `operation`'s connection is dropped, before or after the sandbox processed the request.
fn dropped(operation: &str, mode: DropMode, count: Option<u32>) -> FaultRule {
    FaultRule {
        drop: Some(mode),
        count,
        ..FaultRule::on(operation)
    }
}

/// Makes `rule` the sandbox's only fault.
fn inject(sandbox: &RunningSandbox, rule: FaultRule) {
    sandbox.set_faults(vec![rule]).unwrap();
}

#[tokio::test]
async fn reads_are_retried_on_429_502_503_504_honouring_retry_after() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let Created { a, w, .. } = Created::new(&client, "retry-1", 10011u64).await;
    for status in [429, 502, 503, 504] {
        inject(&sandbox, answers("get_workflow_status", status, Some(2)));
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
    let retry_after = FaultRule {
        retry_after: Some(1),
        ..answers("get_workflow_details", 503, Some(1))
    };
    inject(&sandbox, retry_after);
    let t = Instant::now();
    client.get_workflow_details(&a, &w).await.unwrap();
    assert!(
        t.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        t.elapsed()
    );
    // Past the retry budget, the error comes back, typed and retryable.
    inject(&sandbox, answers("get_workflow_status", 503, Some(10)));
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
    inject(&sandbox, answers("get_workflow_status", 500, Some(1)));
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
    let created = Created::new(&client, "reset-1", 10011u64).await;
    let id = created.credential(CredentialCategory::Id);
    inject(
        &sandbox,
        dropped("get_workflow_details", DropMode::Before, Some(2)),
    );
    client
        .get_workflow_details(&created.a, &created.w)
        .await
        .unwrap();
    // An upload from a file is re-opened and re-sent after a reset.
    let path = std::env::temp_dir().join(format!("kyx-reset-{}.jpg", std::process::id()));
    std::fs::write(&path, FRONT_JPEG).unwrap();
    inject(&sandbox, dropped("upload_part", DropMode::After, Some(1)));
    let front = ImageSource::path(&path);
    created
        .upload(&client, &id, UploadClassifier::Front, front)
        .await
        .unwrap();
    assert_eq!(count(&sandbox, "upload_part"), 2);
    // An upload from a reader cannot be replayed: one attempt, a transport error.
    inject(&sandbox, dropped("upload_part", DropMode::Before, Some(1)));
    let back = ImageSource::reader(std::io::Cursor::new(BACK_JPEG), None);
    let e = created
        .upload(&client, &id, UploadClassifier::Back, back)
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
    let existing = Existing::create(&client, "dup-0", "m-0").await;
    let unclear = [
        (answers("*", 503, None), "503"),
        (answers("*", 502, None), "502"),
        (
            dropped("*", DropMode::After, None),
            "reset after processing",
        ),
        (
            dropped("*", DropMode::Before, None),
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
            let fault = FaultRule {
                operation: fault_op.into(),
                count: Some(1),
                ..fault.clone()
            };
            inject(&sandbox, fault);
            let scan = format!("m-{op}-{i}");
            let e = existing
                .start_a_transaction(&client, fault_op, "dup-1", &scan)
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
    let existing = Existing::create(&client, "rl-0", "rl-m-0").await;
    for op in [
        "createAccount",
        "updateAccount",
        "createMigration",
        "updateMigration",
    ] {
        let limited = FaultRule {
            retry_after: Some(0),
            ..answers(op, 429, Some(2))
        };
        inject(&sandbox, limited);
        let scan = format!("rl-m-{op}");
        let result = existing
            .start_a_transaction(&client, op, "rl-1", &scan)
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
    let without_retry_after = FaultRule {
        omit_retry_after: true,
        ..answers("getHealth", 429, None)
    };
    inject(&sandbox, without_retry_after);
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
    inject(&sandbox, answers("get_health", 503, None));
    let t = Instant::now();
    let e = client.get_health().await.unwrap_err();
    let took = t.elapsed();
    assert!(took < Duration::from_millis(900), "{took:?}");
    assert!(
        matches!(e.kind(), ErrorKind::Server | ErrorKind::Timeout),
        "{e}"
    );
    let slow = FaultRule {
        latency_ms: 2000,
        ..FaultRule::on("get_health")
    };
    inject(&sandbox, slow);
    let e = client.get_health().await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Timeout);
    // The earlier of the two limits is the one that ends an attempt, and the error says which.
    assert!(e.to_string().contains("deadline passed"), "{e}");
    let timed = builder(&sandbox)
        .deadline(Duration::from_secs(30))
        .request_timeout(Duration::from_millis(300))
        .retry_policy(RetryPolicy {
            max_retries: 0,
            ..Default::default()
        })
        .build()
        .unwrap();
    let e = timed.get_health().await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Timeout);
    assert!(e.to_string().contains("request timed out"), "{e}");
}

#[tokio::test]
async fn the_client_side_rate_limiter_keeps_within_the_published_limits() {
    let sandbox = sandbox(fast_and(|s| s.rate_limits = true)).await;
    let client = builder(&sandbox).rate_limit(true).build().unwrap();
    let t = Instant::now();
    for i in 0..4 {
        client
            .create_account(&AccountRequest::new(format!("limited-{i}"), 10011u64))
            .await
            .unwrap();
    }
    // 1/s: four creations take at least three seconds, and none was refused.
    let took = t.elapsed();
    assert!(took >= Duration::from_millis(2900), "{took:?}");
    assert!(sandbox.requests().iter().all(|r| r.status != Some(429)));
}

/// An account and a migrated account: what `updateAccount` and `updateMigration` add to.
struct Existing {
    account_id: String,
    migrated_id: String,
}

impl Existing {
    /// Creates an account (`reference`), then migrates `scan` into an account of its own.
    async fn create(client: &jumio_kyx::Client, reference: &str, scan: &str) -> Self {
        let account_id = Created::new(client, reference, 10011u64).await.a;
        let migration = MigrationRequest::new([scan]);
        let migrated = client.create_migration(&migration).await.unwrap();
        Self {
            account_id,
            migrated_id: migrated.account.id,
        }
    }

    /// Sends one of the four operations that may start a transaction (`createAccount`,
    /// `updateAccount`, `createMigration`, `updateMigration`), with `reference` or `scan`.
    async fn start_a_transaction(
        &self,
        client: &jumio_kyx::Client,
        operation: &str,
        reference: &str,
        scan: &str,
    ) -> Result<(), jumio_kyx::Error> {
        let (account_id, migrated_id) = (&self.account_id, &self.migrated_id);
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
}
