//! Callbacks (real POSTs, retried, recorded), fault injection, rate limits and the control API.

use crate::support::*;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn callbacks_are_posted_retried_and_recorded() {
    let (receiver, url) = callback_receiver(vec![500, 503]).await;
    let h = Harness::start().await;
    let c = complete_10011(&h, json!({"callbackUrl": url, "userReference": "user-1"})).await;
    let got = receiver.wait_for(1).await;
    let payload = &got[0];
    let base = h.sandbox.url();
    assert_eq!(
        payload["workflowExecution"],
        json!({
            "id": c.workflow,
            "href": format!("{base}/api/v1/workflow-executions/{}", c.workflow),
            "definitionKey": "10011",
            "status": "PROCESSED",
        })
    );
    assert_eq!(
        payload["account"],
        json!({"id": c.account, "href": format!("{base}/api/v1/accounts/{}", c.account)})
    );
    assert_eq!(payload["userReference"], "user-1");
    assert!(payload["callbackSentAt"].as_str().unwrap().ends_with('Z'));
    // The payload parses into the client's type.
    let typed: jumio_kyx::types::CallbackPayload = serde_json::from_value(payload.clone()).unwrap();
    assert_eq!(
        typed.workflow_execution.status,
        jumio_kyx::types::WorkflowStatus::Processed
    );
    // Two failed attempts, then the delivery.
    let records = h.control(Method::GET, "/callbacks", None).await.body;
    let attempts: Vec<_> = records[0]["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_u64().unwrap())
        .collect();
    assert_eq!(attempts, [500, 503, 200]);
    assert_eq!(records[0]["state"], "delivered");
}

#[tokio::test]
async fn expiry_sends_a_callback_and_undeliverable_ones_give_up() {
    let h = Harness::with_fast(|s| {
        s.callback_attempts = 3;
        s.callback_backoff_ms = 10;
    })
    .await;
    let (receiver, url) = callback_receiver(vec![]).await;
    let c = h
        .created(10011, json!({"callbackUrl": url, "tokenLifetime": "5m"}))
        .await;
    h.sandbox.advance_clock(chrono::Duration::minutes(6));
    // Nobody reads the workflow: the lifecycle task sends the callback by itself.
    let got = receiver.wait_for(1).await;
    assert_eq!(got[0]["workflowExecution"]["status"], "TOKEN_EXPIRED");
    assert_eq!(got[0]["workflowExecution"]["id"], c.workflow.as_str());
    // A callback URL nobody listens on: three attempts, then failed.
    let dead = h
        .created(
            10011,
            json!({"callbackUrl": "http://127.0.0.1:9/nobody", "tokenLifetime": "5m"}),
        )
        .await;
    h.sandbox.advance_clock(chrono::Duration::minutes(6));
    for _ in 0..300 {
        let records = h.sandbox.callback_records();
        if records
            .iter()
            .any(|r| r.workflow_execution_id == dead.workflow && r.state == "failed")
        {
            let r = records
                .iter()
                .find(|r| r.workflow_execution_id == dead.workflow)
                .unwrap();
            assert_eq!(r.attempts.len(), 3);
            assert!(
                r.attempts
                    .iter()
                    .all(|a| a.status.is_none() && a.error.is_some())
            );
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!(
        "the undeliverable callback never gave up: {:?}",
        h.sandbox.callback_records()
    );
}

#[tokio::test]
async fn faults_answer_errors_add_latency_and_drop_connections() {
    let h = Harness::start().await;
    let c = complete_10011(&h, json!({})).await;
    let status_path = format!("{}/status", c.path());
    let faults =
        json!([{"operation": "getWorkflowStatus", "status": 503, "retryAfter": 2, "count": 2}]);
    assert_eq!(
        h.control(Method::PUT, "/faults", Some(faults)).await.status,
        204
    );
    let a = h.get(&status_path).await.expect(503, "fault injected");
    assert_eq!(a.headers["retry-after"], "2");
    h.get(&status_path).await.expect(503, "fault injected");
    h.get(&status_path).await.ok();
    // 429 with the documented body.
    h.control(
        Method::PUT,
        "/faults",
        Some(json!([{"operation": "get_workflow_details", "status": 429, "count": 1}])),
    )
    .await;
    let a = h.get(&c.path()).await;
    assert_eq!(a.status, 429);
    assert_eq!(
        a.body,
        json!({"title": "Too Many Requests", "status": 429, "detail": "Request limit exceeded"})
    );
    assert_eq!(a.headers["retry-after"], "1");
    // Latency.
    h.control(
        Method::PUT,
        "/faults",
        Some(json!([{"operation": "*", "latencyMs": 150, "count": 1}])),
    )
    .await;
    let t = std::time::Instant::now();
    h.get(&status_path).await.ok();
    assert!(t.elapsed() >= std::time::Duration::from_millis(150));
    // A dropped connection: no answer; "before" does nothing, "after" takes effect.
    h.control(
        Method::PUT,
        "/faults",
        Some(json!([{"operation": "createAccount", "drop": "before", "count": 1}])),
    )
    .await;
    let body =
        json!({"customerInternalReference": "dropped", "workflowDefinition": {"key": 10011}});
    let err = h
        .req(Method::POST, "/api/v1/accounts")
        .json(&body)
        .send()
        .await
        .unwrap_err();
    assert!(!err.is_status(), "{err}");
    h.control(
        Method::PUT,
        "/faults",
        Some(json!([{"operation": "createAccount", "drop": "after", "count": 1}])),
    )
    .await;
    assert!(
        h.req(Method::POST, "/api/v1/accounts")
            .json(&body)
            .send()
            .await
            .is_err()
    );
    let created: Vec<_> = h
        .sandbox
        .requests()
        .into_iter()
        .filter(|r| r.operation == Some("create_account"))
        .collect();
    let faults: Vec<_> = created
        .iter()
        .rev()
        .take(2)
        .map(|r| r.fault.clone().unwrap())
        .collect();
    assert_eq!(
        faults,
        ["dropped after handling", "dropped before handling"]
    );
    assert_eq!(
        h.sandbox
            .workflows()
            .iter()
            .map(|w| w["accountId"].as_str().unwrap().to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        2,
        "the account of the drop-after request exists; the other does not"
    );
    // Bad rules are refused.
    let bad = h
        .control(
            Method::PUT,
            "/faults",
            Some(json!([{"operation": "noSuchOperation", "status": 500}])),
        )
        .await;
    assert_eq!(bad.status, 400);
    for rule in [
        json!([{"operation": "*", "status": 100}]),
        json!([{"operation": "*", "body": "no status"}]),
        json!([{"operation": "*", "status": 502, "headers": {"bad header": "x"}}]),
        json!([{"operation": "*", "status": 502, "body": "x", "bodyBytes": 2_000_000_000u64}]),
    ] {
        let bad = h.control(Method::PUT, "/faults", Some(rule.clone())).await;
        assert_eq!(bad.status, 400, "{rule}");
    }
}

#[tokio::test]
async fn fault_rules_answer_like_hostile_gateways() {
    let h = Harness::start().await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("fault test")
        .build()
        .unwrap();
    let answer = |rule: Value| {
        let (h, http) = (&h, &http);
        async move {
            h.control(Method::PUT, "/faults", Some(json!([rule]))).await;
            http.get(h.url("/")).send().await.unwrap()
        }
    };
    // An HTML gateway page, named as such.
    let r = answer(json!({"operation": "getHealth", "status": 502, "body": "<html><h1>502 Bad Gateway</h1></html>", "contentType": "text/html"})).await;
    assert_eq!(r.status(), 502);
    assert_eq!(r.headers()["content-type"], "text/html");
    assert_eq!(r.headers()["content-security-policy"], "sandbox");
    assert_eq!(
        r.text().await.unwrap(),
        "<html><h1>502 Bad Gateway</h1></html>"
    );
    // A body whose rule names no type is plain text, never a page that runs on the sandbox's
    // origin, and sandboxed even when the rule's headers say otherwise.
    let r = answer(json!({"operation": "getHealth", "status": 500, "body": "<script>fetch('/__sandbox/ui/state')</script>", "headers": {"Content-Security-Policy": "default-src *"}})).await;
    assert_eq!(r.headers()["content-type"], "text/plain");
    assert_eq!(r.headers()["content-security-policy"], "sandbox");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    // An empty 503, without a content type.
    let r = answer(json!({"operation": "getHealth", "status": 503, "body": ""})).await;
    assert_eq!(r.status(), 503);
    assert!(r.headers().get("content-type").is_none());
    assert_eq!(r.bytes().await.unwrap().len(), 0);
    // A redirect elsewhere.
    let r = answer(json!({"operation": "getHealth", "status": 307, "headers": {"Location": "https://elsewhere.example/"}})).await;
    assert_eq!(r.status(), 307);
    assert_eq!(r.headers()["location"], "https://elsewhere.example/");
    // A 200 with a body of the wrong shape, and a huge body built from a short one.
    let r = answer(json!({"operation": "getHealth", "status": 200, "body": "{\"status\": 7}", "contentType": "application/json"})).await;
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(r.text().await.unwrap(), "{\"status\": 7}");
    let r = answer(json!({"operation": "getHealth", "status": 500, "body": "0123456789", "bodyBytes": 1_000_003})).await;
    assert_eq!(r.bytes().await.unwrap().len(), 1_000_003);
    // A 429 with and without Retry-After.
    let r = answer(json!({"operation": "getHealth", "status": 429})).await;
    assert_eq!(r.headers()["retry-after"], "1");
    let r = answer(json!({"operation": "getHealth", "status": 429, "omitRetryAfter": true})).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_none());
}

#[tokio::test]
async fn published_rate_limits_are_off_by_default_and_on_with_one_setting() {
    let h = Harness::start().await;
    for _ in 0..5 {
        h.create(10011, json!({})).await;
    }
    h.sandbox
        .update_settings(&json!({"rateLimits": true}))
        .unwrap();
    let body = json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10011}});
    // Initiation: 1/s with a burst of 3. Bounds allow for the refill during the loop, so a slow
    // machine cannot make this flaky.
    let started = std::time::Instant::now();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(h.post_json("/api/v1/accounts", &body).await.status.as_u16());
    }
    let refill = started.elapsed().as_secs_f64().floor() as usize;
    let allowed = statuses.iter().filter(|s| **s == 200).count();
    assert!(statuses[..3].iter().all(|s| *s == 200), "{statuses:?}");
    assert!(
        allowed <= 3 + refill && statuses.iter().all(|s| *s == 200 || *s == 429),
        "{statuses:?}"
    );
    let limited = h.post_json("/api/v1/accounts", &body).await;
    if limited.status == 429 {
        assert_eq!(limited.body["detail"], "Request limit exceeded");
        assert!(limited.headers.contains_key("retry-after"));
    }
    assert!(statuses.contains(&429) || refill >= 3, "{statuses:?}");
    // Retrieval allows 15 per second; health has no limit.
    let started = std::time::Instant::now();
    let mut ok = 0;
    for _ in 0..25 {
        if h.get("/api/v1/workflow-executions/x").await.status == 404 {
            ok += 1;
        }
    }
    let refill = (started.elapsed().as_secs_f64() * 15.0).ceil() as usize;
    assert!(ok >= 15 && ok <= 15 + refill, "{ok} allowed");
    for _ in 0..30 {
        h.get("/").await.ok();
    }
}

#[tokio::test]
async fn control_api_resets_and_logs_requests_without_secrets() {
    let h = Harness::start().await;
    let c = complete_10011(&h, json!({})).await;
    let log = h
        .control(Method::GET, "/requests?operation=upload_part", None)
        .await
        .body;
    assert_eq!(log.as_array().unwrap().len(), 3);
    assert_eq!(log[0]["authScheme"], "Bearer");
    assert_eq!(log[0]["userAgent"], UA);
    assert_eq!(log[0]["status"], 200);
    let everything = h.request_log().await;
    assert!(
        !String::from_utf8_lossy(&everything.bytes).contains(&h.token),
        "the log keeps no token"
    );
    let state = h
        .control(Method::GET, &format!("/workflows/{}", c.workflow), None)
        .await
        .body;
    assert_eq!(state["status"], "PROCESSED");
    let clock = h
        .control(Method::POST, "/clock/advance", Some(json!({"seconds": 90})))
        .await
        .body;
    assert!(clock["now"].is_string());
    assert_eq!(
        h.control(Method::GET, "/clock", None).await.body["offsetMs"],
        90_000
    );
    assert_eq!(h.control(Method::POST, "/reset", None).await.status, 204);
    h.get(&c.path()).await.expect(403, "invalid access token");
    assert_eq!(
        h.control(Method::GET, "/clock", None).await.body["offsetMs"],
        0
    );
    assert!(h.request_log().await.body.as_array().unwrap().len() <= 1);
    // The spec is served.
    let spec = h.send(h.http.get(h.url("/openapi.yaml"))).await;
    assert!(String::from_utf8_lossy(&spec.bytes).starts_with("openapi: 3.0.3"));
    // Settings merge.
    let s = h.put_settings(json!({"maxUploadBytes": 1234})).await.body;
    assert_eq!(s["maxUploadBytes"], 1234);
    assert_eq!(s["tokenTtlSecs"], 3600);
    assert_eq!(
        h.put_settings(json!({"noSuchSetting": 1})).await.status,
        400
    );
}

#[tokio::test]
async fn hostile_settings_and_clock_steps_are_refused_or_capped_never_a_panic() {
    let mut h = Harness::start().await;
    for bad in [
        json!({"processingDelayMs": u64::MAX}),
        json!({"tokenTtlSecs": 0}),
        json!({"sessionTimeoutSecs": 9_000_000_000u64}),
        json!({"riskThresholds": [80.0, 20.0]}),
        json!({"callbackTimeoutMs": 0}),
    ] {
        let answer = h.put_settings(bad.clone()).await;
        assert_eq!(answer.status, 400, "{bad}");
    }
    for step in [
        json!({"seconds": 1e300}),
        json!({"milliseconds": i64::MAX, "seconds": 1e18}),
    ] {
        let answer = h
            .control(Method::POST, "/clock/advance", Some(step.clone()))
            .await;
        assert_eq!(answer.status, 200, "{step}");
    }
    for bad in [json!({"seconds": -1}), json!({"milliseconds": -5})] {
        let answer = h
            .control(Method::POST, "/clock/advance", Some(bad.clone()))
            .await;
        assert_eq!(answer.status, 400, "{bad}");
    }
    // A century ahead, the sandbox still works: tokens, accounts, expiry.
    h.token = h.new_token().await;
    let created = h.create(10011, json!({"tokenLifetime": "60d"})).await;
    assert!(created["workflowExecution"]["id"].is_string(), "{created}");
    assert!(
        jumio_kyx_sandbox::SandboxConfig::from_json(
            &json!({"settings": {"processingDelayMs": u64::MAX}})
        )
        .is_err()
    );
}
