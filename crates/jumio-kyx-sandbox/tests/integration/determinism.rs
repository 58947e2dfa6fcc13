//! Determinism (`seed`, `clock_start`, `frozen_clock`): two sandboxes with the same seed, started
//! at the same instant on a frozen clock, answer the same calls with the same bytes (ids, tokens,
//! timestamps), so golden files and snapshots work; another seed gives other ids; without a seed
//! ids are random.

use crate::support::*;
use reqwest::Method;
use serde_json::{Value, json};

use jumio_kyx_sandbox::{SandboxConfig, infra::samples};

/// A whole API-channel workflow; every answer, with the sandbox's own URL (its port differs
/// between runs) written as `<sandbox>`.
async fn run(seed: Option<u64>) -> Vec<Value> {
    let start = chrono::DateTime::parse_from_rfc3339("2030-01-02T03:04:05.678Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let h = Harness::with(SandboxConfig {
        settings: fast(),
        seed,
        clock_start: Some(start),
        frozen_clock: true,
        ..SandboxConfig::default()
    })
    .await;
    let mut answers = vec![json!({"accessToken": h.token})];
    let created = h.created(
            10013,
            json!({"customerInternalReference": "golden-1", "web": {"successUrl": "https://shop.example/ok"}}),
        ).await;
    answers.push(created.body.clone());
    for (category, classifier, bytes) in [
        ("ID", "front", samples::FRONT_JPEG),
        ("ID", "back", samples::BACK_JPEG),
        ("SELFIE", "face", samples::SELFIE_JPEG),
    ] {
        let c = created.credential(category);
        let url = c["api"]["parts"][classifier].as_str().unwrap().to_string();
        let token = c["api"]["token"].as_str().unwrap().to_string();
        answers.push(h.upload(Method::POST, &url, bytes, Some(&token)).await.ok());
    }
    let finalize = created.body["workflowExecution"]["credentials"][0]["api"]["workflowExecution"]
        .as_str()
        .unwrap()
        .to_string();
    answers.push(h.send(h.req(Method::PUT, &finalize)).await.ok());
    let clock = h
        .control(Method::POST, "/clock/advance", Some(json!({"seconds": 2})))
        .await
        .ok();
    answers.push(clock);
    let path = format!(
        "/api/v1/accounts/{}/workflow-executions/{}",
        created.account, created.workflow
    );
    answers.push(h.get(&path).await.ok());
    answers.push(h.get(&format!("{path}/status")).await.ok());
    let encoded: String = form_urlencoded::byte_serialize(h.sandbox.url().as_bytes()).collect();
    let text = serde_json::to_string(&answers)
        .unwrap()
        .replace(h.sandbox.url(), "<sandbox>")
        .replace(&encoded, "<sandbox>");
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn the_same_seed_and_calls_give_the_same_answers_byte_for_byte() {
    let (a, b) = (run(Some(7)).await, run(Some(7)).await);
    // Compared as text, so a failure names the first difference rather than printing both.
    let (ta, tb) = (a.to_vec(), b.to_vec());
    for (i, (x, y)) in ta.iter().zip(&tb).enumerate() {
        assert_eq!(x.to_string(), y.to_string(), "answer {i} differs");
    }
    assert_eq!(a.len(), b.len());
    let details = &a[a.len() - 2];
    assert_eq!(details["workflow"]["status"], "PROCESSED", "{details}");
    // The frozen clock started where it was told and moved only when advanced.
    assert_eq!(
        a[0]["accessToken"]
            .as_str()
            .map(|t| t.starts_with("sbx_at_")),
        Some(true)
    );
    assert_eq!(a[1]["timestamp"], "2030-01-02T03:04:05.678Z");
    assert_eq!(a[6]["now"], "2030-01-02T03:04:07.678Z");
    // Another seed: other ids and tokens, the same shape.
    let c = run(Some(8)).await;
    assert_ne!(a[1]["account"]["id"], c[1]["account"]["id"]);
    assert_ne!(a[0], c[0]);
    assert_eq!(a[1]["timestamp"], c[1]["timestamp"]);
    // No seed: random ids, run after run.
    let (x, y) = (run(None).await, run(None).await);
    assert_ne!(x[1]["account"]["id"], y[1]["account"]["id"]);
    assert_ne!(
        x[1]["workflowExecution"]["id"],
        y[1]["workflowExecution"]["id"]
    );
}

#[tokio::test]
async fn a_reset_starts_the_seeded_ids_again_and_bad_values_are_refused() {
    let h = Harness::with(SandboxConfig {
        settings: fast(),
        seed: Some(99),
        ..SandboxConfig::default()
    })
    .await;
    let first = h.created(10011, json!({})).await;
    h.control(Method::POST, "/reset", None).await;
    h.sandbox.reset();
    let token = h.new_token().await;
    let again = h
        .send(
            h.http
                .post(h.url("/api/v1/accounts"))
                .bearer_auth(token)
                .json(&json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10011}})),
        )
        .await
        .ok();
    assert_eq!(again["account"]["id"], first.body["account"]["id"].clone());
    for (config, says) in [
        (json!({"seed": -1}), "seed"),
        (json!({"seed": "7"}), "seed"),
        (json!({"clockStart": "yesterday"}), "clockStart"),
        (json!({"clockStart": "2999-01-01T00:00:00Z"}), "clock start"),
        (json!({"frozenClock": "yes"}), "frozenClock"),
    ] {
        let e = SandboxConfig::from_json(&config).unwrap_err();
        assert!(e.to_string().contains(says), "{config}: {e}");
    }
}
