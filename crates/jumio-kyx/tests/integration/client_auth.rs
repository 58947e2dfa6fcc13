//! Tokens: cached, refreshed before expiry, fetched once under concurrency, refreshed and
//! retried once on a 401; configuration errors before any request.

use std::time::{Duration, Instant};

use crate::support::*;
use jumio_kyx::types::AccountRequest;
use jumio_kyx::{ErrorKind, Region};

#[tokio::test]
async fn a_thousand_concurrent_calls_share_one_token_request() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let calls = (0..1000).map(|_| {
        let c = client.clone();
        tokio::spawn(async move { c.get_workflow_execution("not-there").await })
    });
    for r in futures_util::future::join_all(calls).await {
        assert_eq!(r.unwrap().unwrap_err().kind(), &ErrorKind::NotFound);
    }
    assert_eq!(count(&sandbox, "get_access_token"), 1);
    assert_eq!(count(&sandbox, "get_workflow_execution"), 1000);
}

/// The sandbox's tokens live 2 s; for 30 s the client keeps calling, and no call fails.
#[tokio::test]
async fn tokens_are_refreshed_before_they_expire() {
    let sandbox = sandbox(fast_and(|s| s.token_ttl_secs = 2)).await;
    let client = client(&sandbox);
    let Created { a, w, .. } = Created::new(&client, "ttl", 10011u64).await;
    let end = Instant::now() + Duration::from_secs(30);
    let mut calls = 0;
    while Instant::now() < end {
        let batch = (0..8).map(|_| {
            let (c, a, w) = (client.clone(), a.clone(), w.clone());
            tokio::spawn(async move { c.get_workflow_status(&a, &w).await })
        });
        for r in futures_util::future::join_all(batch).await {
            r.unwrap()
                .unwrap_or_else(|e| panic!("a call failed after {calls} calls: {e}"));
            calls += 1;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let tokens = count(&sandbox, "get_access_token");
    let unauthorized = sandbox
        .requests()
        .iter()
        .filter(|r| matches!(r.status, Some(401 | 403)))
        .count();
    assert!(calls > 500, "{calls} calls");
    assert!(
        (15..=40).contains(&tokens),
        "{tokens} token requests in 30 s with a 2 s lifetime"
    );
    assert_eq!(
        unauthorized, 0,
        "every token was refreshed before it expired"
    );
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_and_the_call_retried_once() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let Created { a, w, .. } = Created::new(&client, "refresh", 10011u64).await;
    // The sandbox clock moves past the token's lifetime: the client's cache still thinks it is
    // fresh, the server answers 403 (401 with `authFailureStatus`), the client refreshes and
    // retries, once, on either.
    sandbox.advance_clock(chrono::Duration::hours(2));
    let status = client.get_workflow_status(&a, &w).await.unwrap();
    assert_eq!(status.workflow_execution.id, w);
    assert_eq!(count(&sandbox, "get_access_token"), 2);
    sandbox
        .update_settings(&serde_json::json!({"authFailureStatus": 401}))
        .unwrap();
    sandbox.advance_clock(chrono::Duration::hours(2));
    client.get_workflow_status(&a, &w).await.unwrap();
    assert_eq!(
        count(&sandbox, "get_access_token"),
        3,
        "refreshed on a 401 too"
    );
    // Invalid credentials: one token request, then a typed authentication error.
    let sandbox = jumio_kyx_sandbox::RunningSandbox::start(jumio_kyx_sandbox::SandboxConfig {
        clients: [("right".to_string(), "secret".to_string())].into(),
        settings: fast(),
        ..Default::default()
    })
    .await
    .unwrap();
    let wrong = builder(&sandbox)
        .credentials("wrong", "secret")
        .build()
        .unwrap();
    let e = wrong.get_workflow_execution("x").await.unwrap_err();
    assert_eq!(
        (e.kind(), e.status()),
        (&ErrorKind::Authentication, Some(401))
    );
    assert_eq!(e.operation(), Some("getAccessToken"));
    assert!(!e.is_retryable());
    assert_eq!(count(&sandbox, "get_workflow_execution"), 0);
}

#[tokio::test]
async fn an_expired_transaction_token_falls_back_to_oauth2() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let mut request = AccountRequest::new("tx", 10011u64);
    request.token_lifetime = Some("5m".into());
    let Created { a, w, .. } = Created::with(&client, &request).await;
    // Finalize before expiry uses the transaction token.
    client.finalize_workflow(&a, &w).await.unwrap();
    sandbox.advance_clock(chrono::Duration::minutes(6));
    // Now the transaction token is refused (403, as documented); the client retries with its
    // OAuth2 token.
    client.finalize_workflow(&a, &w).await.unwrap();
    let finalizes: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|r| r.operation == Some("finalize_workflow"))
        .map(|r| (r.credential, r.status))
        .collect();
    assert_eq!(
        finalizes,
        [
            (Some("transaction"), Some(200)),
            (Some("transaction"), Some(403)),
            (Some("oauth2"), Some(200))
        ]
    );
}

#[test]
fn configuration_errors_come_before_any_request() {
    let e = jumio_kyx::Client::builder()
        .region(Region::Us)
        .credentials("id", "secret")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Configuration);
    assert!(e.to_string().contains("User-Agent"), "{e}");
    let e = jumio_kyx::Client::builder()
        .credentials("id", "secret")
        .user_agent(UA)
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("region"), "{e}");
    let e = jumio_kyx::Client::builder()
        .base_url("http://kyx.example.com")
        .user_agent(UA)
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("plain http://"), "{e}");
    for ok in [
        "http://127.0.0.1:4010",
        "http://localhost:4010",
        "http://[::1]:4010",
        "https://kyx.example.com",
    ] {
        jumio_kyx::Client::builder()
            .base_url(ok)
            .user_agent(UA)
            .build()
            .unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    let regional = |region, id: &str, secret: &str| {
        let builder = jumio_kyx::Client::builder().region(region);
        builder.credentials(id, secret).user_agent(UA).build()
    };
    let e = regional(Region::Eu, "", "").unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Configuration);
    let c = regional(Region::Sg, "id", "s").unwrap();
    assert_eq!(
        c.base_urls().get(jumio_kyx::HostFamily::Retrieval),
        "https://retrieval.apac-1.jumio.ai"
    );
}
