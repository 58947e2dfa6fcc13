//! Every decision type and label of every capability can be produced on purpose; capabilities
//! run in dependency order; the overall decision and risk score follow the thresholds.

use crate::support::*;
use reqwest::Method;
use serde_json::{Value, json};

/// Runs a workflow that includes `capability`, with a scenario set before acquisition; returns
/// the details once processed.
async fn run_with(h: &Harness, capability: &str, scenario: Value) -> Value {
    let (key, extra) = match capability {
        "watchlistScreening"
        | "addressValidation"
        | "proofOfResidency"
        | "drivingLicenseVerification" => (10013, json!({})),
        "authentication" => (10014, json!({})),
        "braCpfValidation" => (10005, json!({})),
        "biometricVerification" => (10006, json!({})),
        _ => (10011, json!({})),
    };
    let c = if key == 10014 {
        let owner = h.created(10011, json!({})).await;
        Created::from(
            h.put_json(
                &format!("/api/v1/accounts/{}", owner.account),
                &json!({"customerInternalReference": "r", "workflowDefinition": {"key": key}}),
            )
            .await
            .ok(),
        )
    } else {
        h.created(key, extra).await
    };
    let set = h
        .control(
            Method::PUT,
            &format!("/workflows/{}/scenario", c.workflow),
            Some(scenario),
        )
        .await;
    assert_eq!(set.status, 204, "{}", set.body);
    match key {
        10014 => {
            assert_eq!(
                h.control(
                    Method::POST,
                    &format!("/workflows/{}/complete", c.workflow),
                    None
                )
                .await
                .status,
                204
            );
        }
        10005 | 10006 => {
            let data = json!({"firstName": "A", "lastName": "B", "personalNumber": "12345678909", "address": {"country": "BRA"}});
            h.post_json(&c.part_url("DATA", "PREPARED_DATA"), &data)
                .await
                .ok();
            if key == 10006 {
                h.post_part(&c.part_url("SELFIE", "FACE"), SELFIE_JPEG)
                    .await
                    .ok();
            }
            h.send(h.req(Method::PUT, &c.path())).await.ok();
        }
        _ => upload_id_and_selfie_then_finalize(h, &c, None).await,
    }
    let details = h.get(&c.path()).await.ok();
    assert_eq!(details["workflow"]["status"], "PROCESSED", "{details}");
    details
}

/// Each of `capabilities` was not executed: a capability it depends on did not pass.
#[track_caller]
fn assert_skipped(details: &Value, capabilities: &[&str]) {
    for cap in capabilities {
        assert_eq!(
            decisions(details, cap),
            [("NOT_EXECUTED".into(), "PRECONDITION_NOT_FULFILLED".into())],
            "{cap}"
        );
    }
}

fn decisions(details: &Value, capability: &str) -> Vec<(String, String)> {
    details["capabilities"][capability]
        .as_array()
        .unwrap_or_else(|| panic!("no {capability} in {}", details["capabilities"]))
        .iter()
        .map(|e| {
            (
                e["decision"]["type"].as_str().unwrap().to_string(),
                e["decision"]["details"]["label"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn every_label_of_every_capability_can_be_produced() {
    let h = Harness::start().await;
    let spec: Value = serde_yaml::from_str(jumio_kyx::SPEC).unwrap();
    let schemas = &spec["components"]["schemas"];
    let capabilities: Vec<String> = schemas["Capabilities"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(capabilities.len(), 13);
    let mut produced = 0;
    for cap in &capabilities {
        let enum_name = format!("{}{}Label", cap[..1].to_uppercase(), &cap[1..]);
        let by_decision = schemas[&enum_name]["x-labels-by-decision"]
            .as_object()
            .unwrap();
        for (decision, labels) in by_decision {
            for label in labels.as_array().unwrap() {
                let label = label.as_str().unwrap();
                let details = run_with(&h, cap, json!({"labels": {cap.as_str(): label}})).await;
                let got = decisions(&details, cap);
                assert!(
                    got.iter().all(|(d, l)| d == decision && l == label),
                    "{cap}={label}: expected {decision}, got {got:?}"
                );
                produced += 1;
            }
        }
    }
    assert!(produced > 120, "only {produced} labels");
}

#[tokio::test]
async fn a_failed_predecessor_skips_its_dependents() {
    let h = Harness::start().await;
    let d = run_with(
        &h,
        "usability",
        json!({"labels": {"usability:ID": "BLURRED"}}),
    )
    .await;
    let usability = decisions(&d, "usability");
    assert!(usability.contains(&("REJECTED".into(), "BLURRED".into())));
    assert!(
        usability.contains(&("PASSED".into(), "OK".into())),
        "the selfie's usability is untouched"
    );
    assert_skipped(
        &d,
        &["imageChecks", "extraction", "dataChecks", "similarity"],
    );
    assert_eq!(decisions(&d, "liveness"), [("PASSED".into(), "OK".into())]);
    assert!(d["capabilities"]["extraction"][0].get("data").is_none());
    assert_eq!(d["decision"]["type"], "REJECTED");
    // A NOT_EXECUTED predecessor skips them too.
    let d = run_with(
        &h,
        "extraction",
        json!({"labels": {"imageChecks": "TECHNICAL_ERROR"}}),
    )
    .await;
    assert_skipped(&d, &["extraction", "dataChecks"]);
    // In 10013 the screening depends on extraction.
    let d = run_with(
        &h,
        "watchlistScreening",
        json!({"labels": {"extraction": "TECHNICAL_ERROR"}}),
    )
    .await;
    let screening = [
        "watchlistScreening",
        "addressValidation",
        "proofOfResidency",
    ];
    assert_skipped(&d, &screening);
    assert_skipped(&d, &["drivingLicenseVerification"]);
    let steps = h.get(d["steps"]["href"].as_str().unwrap()).await.ok();
    let names = strings_at(&steps["steps"], "name").join(" ");
    assert_eq!(
        names,
        "ID_IV SCREENING ADDRESS_VERIFICATION DL_VERIFICATION"
    );
    assert_eq!(steps["steps"][1]["decision"]["type"], "NOT_EXECUTED");
}

#[tokio::test]
async fn missing_parts_are_not_uploaded_and_missing_data_is_not_enough() {
    let h = Harness::start().await;
    // No selfie: its usability is NOT_UPLOADED; liveness and similarity cannot run.
    let c = h.created(10011, json!({})).await;
    h.post_part(&c.part_url("ID", "FRONT"), FRONT_JPEG)
        .await
        .ok();
    h.send(h.req(Method::PUT, &c.path())).await.ok();
    let d = h.get(&c.path()).await.ok();
    let usability = decisions(&d, "usability");
    assert!(
        usability.contains(&("NOT_EXECUTED".into(), "NOT_UPLOADED".into())),
        "{usability:?}"
    );
    assert_skipped(&d, &["liveness", "similarity"]);
    assert_eq!(
        decisions(&d, "dataChecks"),
        [("PASSED".into(), "OK".into())],
        "the ID chain runs without BACK"
    );
    assert_eq!(
        d["decision"],
        json!({"type": "WARNING", "details": {"label": "WARNING"}, "risk": {"score": 50.0}})
    );
    // Finalized with nothing uploaded: nothing runs.
    let c = h.created(10010, json!({"userReference": "u"})).await;
    h.send(h.req(Method::PUT, &c.path())).await.ok();
    let d = h.get(&c.path()).await.ok();
    assert_eq!(
        decisions(&d, "watchlistScreening"),
        [("NOT_EXECUTED".into(), "NOT_ENOUGH_DATA".into())]
    );
    assert_eq!(
        d["decision"],
        json!({"type": "NOT_EXECUTED", "details": {"label": "NOT_EXECUTED"}, "risk": {"score": -1.0}})
    );
}

/// Runs each scenario on its capability and checks the overall decision and risk score.
async fn expect_overall<const N: usize>(h: &Harness, cases: [((&str, Value), &str, f64); N]) {
    for ((capability, scenario), decision, risk) in cases {
        let d = run_with(h, capability, scenario.clone()).await;
        let overall = (
            d["decision"]["type"].as_str().unwrap(),
            d["decision"]["risk"]["score"].as_f64().unwrap(),
        );
        assert_eq!(overall, (decision, risk), "{capability}: {scenario}");
    }
}

#[tokio::test]
async fn overall_decision_follows_the_risk_thresholds() {
    let h = Harness::start().await;
    // A label of a capability, or a risk score of the similarity check.
    let label = |capability: &'static str, label: &str| {
        (capability, json!({"labels": {capability: label}}))
    };
    let risk = |score| ("similarity", json!({ "risk": score }));
    expect_overall(
        &h,
        [
            (("similarity", json!({})), "PASSED", 0.0),
            (label("liveness", "AGE_DIFFERENCE"), "WARNING", 40.0),
            (label("similarity", "NO_MATCH"), "REJECTED", 100.0),
            (label("dataChecks", "MRZ_CHECKSUM"), "REJECTED", 80.0),
            (risk(json!(55)), "WARNING", 55.0),
            (risk(json!(30.5)), "WARNING", 30.5),
            (risk(json!(30)), "PASSED", 30.0),
            (risk(json!(71)), "REJECTED", 71.0),
        ],
    )
    .await;
    // Thresholds are configurable per tenant.
    h.sandbox
        .update_settings(&json!({"riskThresholds": [10.0, 20.0]}))
        .unwrap();
    let after = [
        (risk(json!(15)), "WARNING", 15.0),
        (risk(json!(25)), "REJECTED", 25.0),
    ];
    expect_overall(&h, after).await;
    // Step decisions follow their capabilities.
    let d = run_with(
        &h,
        "watchlistScreening",
        json!({"labels": {"watchlistScreening": "ALERT"}}),
    )
    .await;
    let steps = h.get(d["steps"]["href"].as_str().unwrap()).await.ok();
    assert_eq!(steps["steps"][1]["name"], "SCREENING");
    assert_eq!(steps["steps"][1]["decision"]["type"], "WARNING");
    assert_eq!(
        d["capabilities"]["watchlistScreening"][0]["data"]["searchStatus"],
        "SUCCESS"
    );
    assert!(
        d["capabilities"]["watchlistScreening"][0]["data"]["searchResults"]
            .as_u64()
            .unwrap()
            > 0
    );
}

#[tokio::test]
async fn scenarios_come_from_markers_and_from_the_default() {
    let h = Harness::start().await;
    let c = complete_10011(
        &h,
        json!({"customerInternalReference": "order-7 [similarity=NO_MATCH, risk=90]"}),
    )
    .await;
    let d = h.get(&c.path()).await.ok();
    assert_eq!(
        decisions(&d, "similarity"),
        [("REJECTED".into(), "NO_MATCH".into())]
    );
    assert_eq!(
        d["capabilities"]["similarity"][0]["data"]["similarity"],
        "NOT_MATCH"
    );
    assert_eq!(d["decision"]["risk"]["score"], 90.0);
    let c = complete_10011(&h, json!({"userReference": "[liveness=ID_USED_AS_SELFIE]"})).await;
    assert_eq!(
        decisions(&h.get(&c.path()).await.ok(), "liveness"),
        [("REJECTED".into(), "ID_USED_AS_SELFIE".into())]
    );
    // The default scenario applies to workflows that bring none.
    assert_eq!(
        h.control(
            Method::PUT,
            "/scenario",
            Some(json!({"labels": {"imageChecks": "REPEATED_FACE"}}))
        )
        .await
        .status,
        204
    );
    let c = complete_10011(&h, json!({})).await;
    let d = h.get(&c.path()).await.ok();
    assert_eq!(
        decisions(&d, "imageChecks"),
        [("WARNING".into(), "REPEATED_FACE".into())]
    );
    assert_eq!(
        d["capabilities"]["imageChecks"][0]["data"]["faceSearchFindings"]["findings"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let bad = h
        .control(
            Method::PUT,
            "/scenario",
            Some(json!({"labels": {"imageChecks": "NOPE"}})),
        )
        .await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.body["detail"]
            .as_str()
            .unwrap()
            .contains("REPEATED_FACE")
    );
}

#[tokio::test]
async fn a_started_journey_expires_with_its_session_even_with_nothing_uploaded() {
    let h = Harness::start().await;
    let c = h.created(10011, json!({"tokenLifetime": "1h"})).await;
    // The first action (an upload that is refused) starts the 15-minute session.
    h.post_part(&c.part_url("ID", "FRONT"), b"not an image")
        .await
        .expect(400, "not a JPEG or PNG");
    h.sandbox.advance_clock(chrono::Duration::minutes(16));
    let details = h.get(&c.path()).await.ok();
    assert_eq!(
        details["workflow"]["status"], "SESSION_EXPIRED",
        "{details}"
    );
    // As in real expired details: each image credential is listed as not uploaded.
    assert_eq!(
        decisions(&details, "usability"),
        [
            ("NOT_EXECUTED".to_string(), "NOT_UPLOADED".to_string()),
            ("NOT_EXECUTED".to_string(), "NOT_UPLOADED".to_string()),
            ("NOT_EXECUTED".to_string(), "NOT_UPLOADED".to_string()),
        ]
    );
    // Untouched, a workflow waits for its token to expire instead.
    let idle = h.created(10011, json!({"tokenLifetime": "1h"})).await;
    h.sandbox.advance_clock(chrono::Duration::minutes(16));
    let details = h.get(&idle.path()).await.ok();
    assert_eq!(details["workflow"]["status"], "INITIATED", "{details}");
}

#[tokio::test]
async fn liveness_frames_come_in_the_real_order_and_only_an_existing_facemap_is_offered() {
    let h = Harness::start().await;
    // Through the API channel, the FACEMAP credential (web and SDK only) stays empty: liveness
    // offers no facemap for authentication.
    let api = complete_10011(&h, json!({})).await;
    let details = h.get(&api.path()).await.ok();
    assert!(
        details["capabilities"]["liveness"][0]["validFaceMapForAuthentication"].is_null(),
        "{details}"
    );
    // A web journey captures the facemap and six liveness frames.
    let web = h.created(10011, json!({})).await;
    let done = h
        .control(
            Method::POST,
            &format!("/workflows/{}/complete", web.workflow),
            None,
        )
        .await;
    assert_eq!(done.status, 204);
    let details = h.get(&web.path()).await.ok();
    let facemap = item(&details["credentials"], "category", "FACEMAP");
    // The order every real example has (not sorted).
    let order = strings_at(&facemap["parts"], "classifier").join(" ");
    let expected = "FACEMAP LIVENESS_1 LIVENESS_3 LIVENESS_2 LIVENESS_5 LIVENESS_4 LIVENESS_6";
    assert_eq!(order, expected);
    let href = details["capabilities"]["liveness"][0]["validFaceMapForAuthentication"]
        .as_str()
        .unwrap_or_else(|| panic!("{details}"));
    assert!(href.ends_with("/parts/FACEMAP"), "{href}");
}

#[tokio::test]
async fn rate_limit_profiles_follow_the_published_figures() {
    let h = Harness::start().await;
    h.put_settings(json!({"rateLimits": true, "rateLimitProfile": "netverify-b"}))
        .await;
    // Netverify, version B, newer tenants: 5 account initiations per 5 seconds.
    let body = json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10011}});
    for _ in 0..5 {
        h.post_json("/api/v1/accounts", &body).await.ok();
    }
    let limited = h.post_json("/api/v1/accounts", &body).await;
    assert_eq!(limited.status, 429);
    assert!(limited.headers.get("retry-after").is_some());
    h.put_settings(json!({"omitRetryAfter": true})).await;
    let limited = h.post_json("/api/v1/accounts", &body).await;
    assert_eq!(limited.status, 429);
    assert!(
        limited.headers.get("retry-after").is_none(),
        "a 429 without Retry-After"
    );
}
