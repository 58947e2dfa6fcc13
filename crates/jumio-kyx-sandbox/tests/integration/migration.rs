//! Data migration: success, every documented error message, seeded scans, callbacks.

use crate::support::*;
use jumio_kyx_sandbox::{LegacyScan, LegacyScanState};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn migrated_scans_become_workflow_executions() {
    let h = Harness::start().await;
    let refs = [
        "5a5a5a5a-0000-4000-8000-000000000001",
        "5a5a5a5a-0000-4000-8000-000000000002",
    ];
    let r = h
        .post_json(
            "/api/v1/migrations/accounts",
            &json!({"scanReferences": refs}),
        )
        .await
        .ok();
    let account = r["account"]["id"].as_str().unwrap().to_string();
    assert_eq!(r, json!({"account": {"id": account}}));
    // Old scanReference → new workflowExecutionId: each is retrievable as a processed workflow.
    for reference in refs {
        let status = h.status_of(&account, reference).await;
        assert_eq!(status["workflowExecution"]["status"], "PROCESSED");
        let details = h
            .get(&format!("/api/v1/workflow-executions/{reference}"))
            .await
            .ok();
        assert_eq!(details["account"]["id"], account.as_str());
        assert_eq!(details["decision"]["type"], "PASSED");
    }
    // More scans into the same account, by either path of the guide.
    h.put_json(
        &format!("/api/v1/migrations/accounts/{account}"),
        &json!({"scanReferences": ["scan-3"]}),
    )
    .await
    .ok();
    let via_example = h
        .put_json(
            &format!("/api/v1/accounts/{account}"),
            &json!({"scanReferences": ["scan-4"]}),
        )
        .await
        .ok();
    assert_eq!(via_example["account"]["id"], account.as_str());
    h.status_of(&account, "scan-4").await;
    // The control API lists every migrated scan with its account, once.
    let listed = h.get("/__sandbox/migrations").await.ok();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 4);
    assert!(listed.iter().all(|m| m["accountId"] == account.as_str()));
    assert_eq!(h.sandbox.migrations().len(), 4);
}

/// Each documented message, with its scan references in brackets.
#[tokio::test]
async fn every_documented_migration_error() {
    let h = Harness::start().await;
    h.post_json(
        "/api/v1/migrations/accounts",
        &json!({"scanReferences": ["done-1"]}),
    )
    .await
    .ok();
    let account = h
        .post_json(
            "/api/v1/migrations/accounts",
            &json!({"scanReferences": ["done-2"]}),
        )
        .await
        .ok()["account"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cases = [
        (
            json!(["ok-1", "scan-WIPED-1"]),
            400,
            "Scans [scan-WIPED-1] are wiped out",
        ),
        (
            json!(["ok-1", "scan-NOTFOUND-1", "scan-notfound-2"]),
            404,
            "Scan references [scan-NOTFOUND-1, scan-notfound-2] not found",
        ),
        (
            json!(["scan-PENDING-1"]),
            400,
            "Scans [scan-PENDING-1] not in final state",
        ),
        (
            json!(["ok-2", "done-1"]),
            400,
            "Scan references [done-1] already migrated",
        ),
        (
            json!(["scan-INPROGRESS-1"]),
            400,
            "Scan references [scan-INPROGRESS-1] are in progress or already migrated",
        ),
        (
            json!(["auth-AUTHFAIL-1"]),
            400,
            "Scans [auth-AUTHFAIL-1] do not meet the authentication migration preconditions",
        ),
    ];
    for (refs, status, message) in cases {
        let a = h
            .post_json(
                "/api/v1/migrations/accounts",
                &json!({"scanReferences": refs}),
            )
            .await;
        a.expect(status, message);
        // Nothing of a refused batch is migrated.
        let again = h
            .post_json(
                "/api/v1/migrations/accounts",
                &json!({"scanReferences": ["ok-1", "ok-2"]}),
            )
            .await;
        assert_eq!(
            again.status, 200,
            "a refused migration must not migrate part of its batch: {}",
            again.body
        );
        h.delete(&format!(
            "/api/v1/accounts/{}",
            again.body["account"]["id"].as_str().unwrap()
        ))
        .await
        .ok();
    }
    h.put_json(
        "/api/v1/migrations/accounts/no-such-account",
        &json!({"scanReferences": ["x"]}),
    )
    .await
    .expect(404, "Account [no-such-account] not found");
    h.put_json(
        &format!("/api/v1/migrations/accounts/{account}"),
        &json!({"scanReferences": ["done-2"]}),
    )
    .await
    .expect(400, "already migrated");
    // Validation.
    h.post_json(
        "/api/v1/migrations/accounts",
        &json!({"scanReferences": []}),
    )
    .await
    .expect(400, "`scanReferences` needs at least 1");
    h.post_json("/api/v1/migrations/accounts", &json!({}))
        .await
        .expect(400, "`scanReferences` is required");
    h.post_json(
        "/api/v1/migrations/accounts",
        &json!({"scanReferences": ["a", "a"]}),
    )
    .await
    .expect(400, "more than once");
    h.post_json(
        "/api/v1/migrations/accounts",
        &json!({"scanReferences": ["a"], "callbackUrl": "c".repeat(256)}),
    )
    .await
    .expect(400, "`callbackUrl`");
    // Authentication: a transaction token or no token does not migrate.
    h.send(
        h.http
            .post(h.url("/api/v1/migrations/accounts"))
            .json(&json!({"scanReferences": ["x"]})),
    )
    .await
    .expect(403, "missing");
}

#[tokio::test]
async fn seeded_scans_decide_and_unknown_ones_can_be_refused() {
    let h = Harness::with_fast(|s| s.legacy_scans_auto = false).await;
    h.post_json(
        "/api/v1/migrations/accounts",
        &json!({"scanReferences": ["anything"]}),
    )
    .await
    .expect(404, "Scan references [anything] not found");
    h.sandbox.seed_legacy_scans(vec![
        LegacyScan {
            scan_reference: "legacy-1".into(),
            state: LegacyScanState::Final,
            definition_key: 3,
        },
        LegacyScan {
            scan_reference: "legacy-2".into(),
            state: LegacyScanState::WipedOut,
            definition_key: 3,
        },
    ]);
    let seeded = h
        .control(
            Method::POST,
            "/legacy-scans",
            Some(json!([{"scanReference": "legacy-3", "state": "final", "definitionKey": 10011}])),
        )
        .await;
    assert_eq!(seeded.status, 204);
    h.post_json(
        "/api/v1/migrations/accounts",
        &json!({"scanReferences": ["legacy-2"]}),
    )
    .await
    .expect(400, "Scans [legacy-2] are wiped out");
    let a = h
        .post_json(
            "/api/v1/migrations/accounts",
            &json!({"scanReferences": ["legacy-1", "legacy-3"]}),
        )
        .await
        .ok();
    let account = a["account"]["id"].as_str().unwrap();
    let s = h.status_of(account, "legacy-3").await;
    assert_eq!(s["workflowExecution"]["definitionKey"], "10011");
    assert_eq!(
        h.control(Method::GET, "/legacy-scans", None)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn one_callback_per_migrated_scan() {
    let (receiver, url) = callback_receiver(vec![]).await;
    let h = Harness::start().await;
    h.post_json(
        "/api/v1/migrations/accounts",
        &json!({"scanReferences": ["m-1", "m-2", "m-3"], "callbackUrl": url}),
    )
    .await
    .ok();
    let got = receiver.wait_for(3).await;
    let mut ids: Vec<String> = got
        .iter()
        .map(|c| c["workflowExecution"]["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    assert_eq!(ids, ["m-1", "m-2", "m-3"]);
    assert!(
        got.iter()
            .all(|c| c["workflowExecution"]["status"] == "PROCESSED")
    );
}
