//! Part upload (images and prepared data), finalize, the lifecycle on the sandbox clock,
//! retrieval, deletion and health, over HTTP.

use crate::support::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn image_uploads_are_checked_like_jumio_checks_them() {
    let h = Harness::with_fast(|s| s.max_upload_bytes = 200_000).await;
    let c = h.created(10011, json!({})).await;
    let front = c.part_url("ID", "FRONT");
    // A real JPEG: accepted; the uploaded part leaves api.parts.
    let r = h
        .upload(Method::POST, &front, FRONT_JPEG, Some(&c.token()))
        .await
        .ok();
    assert_eq!(
        r["api"]["parts"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["back"]
    );
    assert!(
        r["api"]["workflowExecution"]
            .as_str()
            .unwrap()
            .ends_with(&c.path())
    );
    assert_eq!(r["workflowExecution"]["id"], c.workflow.as_str());
    // A PNG is fine too (the replace takes it), when its longest side is over 300 pixels.
    let png: &'static [u8] = Box::leak(png_header(301, 200).into_boxed_slice());
    h.put_part(&front, png).await.ok();
    h.put_part(&front, SPECIMEN_PNG)
        .await
        .expect(400, "longest side must be at least 301");
    // Not an image, too large for the configured limit, beyond 8000×8000 pixels.
    let back = c.part_url("ID", "BACK");
    let big: &'static [u8] = Box::leak({
        let mut v = FRONT_JPEG.to_vec();
        v.resize(200_001, 0);
        v.into_boxed_slice()
    });
    let huge: &'static [u8] = Box::leak(png_header(8001, 600).into_boxed_slice());
    for (bytes, says) in [
        (&b"%PDF-1.4 not an image"[..], "not a JPEG or PNG"),
        (big, "larger than the upload limit of 200000 bytes"),
        (huge, "8001x600 pixels; at most 8000x8000"),
    ] {
        h.post_part(&back, bytes).await.expect(400, says);
    }
    // At 8000×8000 it is fine; a header that cannot be read is not.
    let ok_size: &'static [u8] = Box::leak(png_header(8000, 8000).into_boxed_slice());
    h.post_part(&back, ok_size).await.ok();
    let unreadable = h.post_part(&back, &[0xFF, 0xD8, 0xFF, 0x00]).await;
    unreadable.expect(400, "header cannot be read");
    // No `file` field.
    let form = reqwest::multipart::Form::new().text("other", "x");
    h.send(
        h.req(Method::POST, &c.part_url("ID", "BACK"))
            .multipart(form),
    )
    .await
    .expect(400, "`file` is missing");
    // Not multipart at all.
    h.send(
        h.req(Method::POST, &c.part_url("ID", "BACK"))
            .json(&json!({})),
    )
    .await
    .expect(400, "multipart/form-data");
    // A part that is not the credential's, an unknown classifier, a credential without API.
    let selfie_front = c
        .part_url("SELFIE", "FACE")
        .replace("/parts/FACE", "/parts/FRONT");
    let left = front.replace("/parts/FRONT", "/parts/LEFT");
    let facemap = c.credential("FACEMAP")["id"].as_str().unwrap().to_string();
    let facemap_url = front
        .replace(c.credential("ID")["id"].as_str().unwrap(), &facemap)
        .replace("FRONT", "FACEMAP");
    for (url, says) in [
        (selfie_front, "FRONT is not a part of a SELFIE credential"),
        (left, "unknown part classifier"),
        (facemap_url, "not acquired through the API channel"),
    ] {
        h.post_part(&url, FRONT_JPEG).await.expect(400, says);
    }
    // Replacing a part never uploaded.
    h.put_part(&c.part_url("SELFIE", "FACE"), SELFIE_JPEG)
        .await
        .expect(404, "has not been uploaded yet");
    // Unknown ids.
    let credential = c.credential("ID")["id"].as_str().unwrap().to_string();
    for (known, unknown, says) in [
        (
            &c.account,
            "unknown-account",
            "workflow execution not found",
        ),
        (
            &c.workflow,
            "unknown-workflow",
            "workflow execution not found",
        ),
        (&credential, "unknown-cred", "credential not found"),
    ] {
        h.post_part(&front.replace(known, unknown), FRONT_JPEG)
            .await
            .expect(404, says);
    }
    // After finalize, parts no longer change.
    h.send(h.req(Method::PUT, &c.path())).await.ok();
    h.post_part(&c.part_url("SELFIE", "FACE"), SELFIE_JPEG)
        .await
        .expect(400, "finalized");
}

#[tokio::test]
async fn prepared_data_without_a_workflows_fields_is_decided_at_processing() {
    // No source says the platform refuses such an upload: it is accepted, and the data
    // capability does not run.
    let h = Harness::start().await;
    let cases = [
        (
            10005,
            json!({"firstName": "A"}),
            "braCpfValidation",
            "NOT_ENOUGH_DATA",
        ),
        (
            10010,
            json!({"firstName": "A", "lastName": "B", "dateOfBirth": "1990-01-01"}),
            "watchlistScreening",
            "NOT_ENOUGH_DATA",
        ),
        (
            10008,
            json!({"firstName": "A", "lastName": "B", "dateOfBirth": "1990-01-01"}),
            "drivingLicenseVerification",
            "NOT_ENOUGH_DATA",
        ),
    ];
    for (key, body, capability, label) in cases {
        let c = h.created(key, json!({"userReference": "u"})).await;
        h.post_json(&c.part_url("DATA", "PREPARED_DATA"), &body)
            .await
            .ok();
        h.send(h.req(Method::PUT, &c.path())).await.ok();
        let details = h.get(&c.path()).await.ok();
        let result = &details["capabilities"][capability][0]["decision"];
        assert_eq!(result["type"], "NOT_EXECUTED", "{key}: {details}");
        assert_eq!(result["details"]["label"], label, "{key}: {details}");
    }
    // Screening without the userReference its workflow needs does not run either.
    let c = h.created(10010, json!({})).await;
    let good = json!({"firstName": "A", "lastName": "B", "dateOfBirth": "1990-01-01", "address": {"country": "USA"}});
    h.post_json(&c.part_url("DATA", "PREPARED_DATA"), &good)
        .await
        .ok();
    h.send(h.req(Method::PUT, &c.path())).await.ok();
    let details = h.get(&c.path()).await.ok();
    assert_eq!(
        details["capabilities"]["watchlistScreening"][0]["decision"]["details"]["label"],
        "NOT_ENOUGH_DATA",
        "{details}"
    );
}

#[tokio::test]
async fn prepared_data_is_checked_against_the_schema() {
    let h = Harness::start().await;
    let c = h.created(10010, json!({"userReference": "u-1"})).await;
    let url = c.part_url("DATA", "PREPARED_DATA");
    h.post_json(&url, &json!({"firstName": "A", "lastName": "B", "dateOfBirth": "01/02/1990", "address": {"country": "USA"}}))
        .await
        .expect(400, "`dateOfBirth` does not match");
    h.post_json(&url, &json!({"firstName": "A", "lastName": "B", "dateOfBirth": "1990-01-01", "address": {"country": "usa"}}))
        .await
        .expect(400, "`address.country` does not match");
    let good = json!({"firstName": "JANE", "lastName": "SPECIMEN", "dateOfBirth": "1990-01-01", "address": {"country": "USA"}});
    h.send(h.req(Method::PUT, &url).json(&good))
        .await
        .expect(404, "has not been uploaded yet");
    let r = h.post_json(&url, &good).await.ok();
    assert_eq!(
        r["api"]["parts"],
        json!({}),
        "the uploaded part leaves api.parts"
    );
    h.send(h.req(Method::PUT, &url).json(&good)).await.ok();
    // PREPARED_DATA only on a DATA credential.
    let id = h.created(10011, json!({})).await;
    let wrong = id
        .part_url("ID", "FRONT")
        .replace("/parts/FRONT", "/parts/PREPARED_DATA");
    h.post_json(&wrong, &good)
        .await
        .expect(400, "PREPARED_DATA is not a part of a ID credential");
    // And the data comes back as uploaded.
    h.send(h.req(Method::PUT, &c.path())).await.ok();
    let details = h.get(&c.path()).await.ok();
    let href = details["credentials"][0]["parts"][0]["href"]
        .as_str()
        .unwrap()
        .to_string();
    let d = h.get(&href).await;
    assert_eq!(d.status, 200);
    assert_eq!(d.headers["content-type"], "application/octet-stream");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&d.bytes).unwrap(),
        good
    );
}

#[tokio::test]
async fn lifecycle_runs_on_the_sandbox_clock() {
    let h = Harness::with_fast(|s| s.processing_delay_ms = 60_000).await;
    let status = |c: &Created| {
        let path = format!("{}/status", c.path());
        let h = &h;
        async move {
            h.get(&path).await.ok()["workflowExecution"]["status"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    // INITIATED → ACQUIRED on finalize → PROCESSED after the processing delay.
    let c = complete_10011(&h, json!({})).await;
    assert_eq!(status(&c).await, "ACQUIRED");
    h.sandbox.advance_clock(chrono::Duration::seconds(61));
    assert_eq!(status(&c).await, "PROCESSED");
    // Finalize is idempotent.
    h.send(h.req(Method::PUT, &c.path())).await.ok();
    // Untouched: TOKEN_EXPIRED after tokenLifetime; startedAt absent.
    let idle = h.created(10011, json!({"tokenLifetime": "10m"})).await;
    h.sandbox.advance_clock(chrono::Duration::minutes(9));
    assert_eq!(status(&idle).await, "INITIATED");
    h.sandbox.advance_clock(chrono::Duration::minutes(2));
    assert_eq!(status(&idle).await, "TOKEN_EXPIRED");
    let details = h.get(&idle.path()).await.ok();
    assert!(details.get("startedAt").is_none());
    assert!(details["completedAt"].is_string());
    assert_eq!(
        details["decision"],
        json!({"type": "NOT_EXECUTED", "details": {"label": "TOKEN_EXPIRED"}, "risk": {"score": -1.0}})
    );
    h.send(h.req(Method::PUT, &idle.path()))
        .await
        .expect(400, "expired (TOKEN_EXPIRED)");
    // Started then idle: SESSION_EXPIRED 15 minutes after the last upload, even with a long token.
    let started = h.created(10011, json!({"tokenLifetime": "1d"})).await;
    h.post_part(&started.part_url("ID", "FRONT"), FRONT_JPEG)
        .await
        .ok();
    h.sandbox.advance_clock(chrono::Duration::minutes(10));
    h.post_part(&started.part_url("ID", "BACK"), BACK_JPEG)
        .await
        .ok();
    h.sandbox.advance_clock(chrono::Duration::minutes(14));
    assert_eq!(
        status(&started).await,
        "INITIATED",
        "each upload resets the session timeout"
    );
    h.sandbox.advance_clock(chrono::Duration::minutes(2));
    assert_eq!(status(&started).await, "SESSION_EXPIRED");
    assert!(h.get(&started.path()).await.ok()["startedAt"].is_string());
    // The expired decision is configurable.
    h.sandbox
        .update_settings(&json!({"expiredDecision": "rejected"}))
        .unwrap();
    let other = h.created(10011, json!({"tokenLifetime": "5m"})).await;
    h.sandbox.advance_clock(chrono::Duration::minutes(6));
    let d = h.get(&other.path()).await.ok();
    assert_eq!(
        d["decision"],
        json!({"type": "REJECTED", "details": {"label": "REJECTED"}, "risk": {"score": 100.0}})
    );
}

#[tokio::test]
async fn retrieval_answers_in_the_real_world_shape() {
    let h = Harness::start().await;
    let c = complete_10011(
        &h,
        json!({"userReference": "user-9", "customerInternalReference": "ref-9"}),
    )
    .await;
    let base = h.sandbox.url().to_string();
    let status = h.get(&format!("{}/status", c.path())).await.ok();
    assert_eq!(
        status["account"]["href"],
        format!("{base}/api/v1/accounts/{}", c.account)
    );
    assert_eq!(
        status["workflowExecution"]["href"],
        format!("{base}/api/v1/workflow-executions/{}", c.workflow)
    );
    assert_eq!(status["workflowExecution"]["definitionKey"], "10011");
    let details = h.get(&c.path()).await.ok();
    assert_eq!(
        details["workflow"],
        json!({"id": c.workflow, "status": "PROCESSED", "definitionKey": "10011", "userReference": "user-9", "customerInternalReference": "ref-9"})
    );
    assert_eq!(
        details["steps"]["href"],
        format!("{base}{}/steps", c.path())
    );
    for field in ["createdAt", "startedAt", "completedAt"] {
        let t = details[field].as_str().unwrap();
        assert!(t.ends_with('Z') && t.len() == 24, "{field}: {t}");
    }
    assert_eq!(details["decision"]["type"], "PASSED");
    let caps: Vec<&String> = details["capabilities"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        caps,
        [
            "dataChecks",
            "extraction",
            "imageChecks",
            "liveness",
            "similarity",
            "usability"
        ]
    );
    // The href form answers the same.
    let by_id = h
        .get(&format!("/api/v1/workflow-executions/{}", c.workflow))
        .await
        .ok();
    assert_eq!(by_id["workflow"], details["workflow"]);
    // Parts download with their content type.
    let id = item(&details["credentials"], "category", "ID");
    let front = item(&id["parts"], "classifier", "FRONT")["href"]
        .as_str()
        .unwrap();
    let d = h.get(front).await;
    assert_eq!(d.status, 200);
    assert_eq!(d.headers["content-type"], "image/jpeg");
    assert_eq!(&d.bytes[..], FRONT_JPEG);
    h.get(&front.replace("/FRONT", "/LIVENESS_1"))
        .await
        .expect(404, "not available");
    // Steps.
    let steps = h.get(&format!("{}/steps", c.path())).await.ok();
    assert_eq!(steps["steps"][0]["name"], "ID_IV");
    // usability of ID and of SELFIE, imageChecks, extraction, dataChecks, liveness, similarity.
    assert_eq!(
        steps["steps"][0]["capabilityIds"].as_array().unwrap().len(),
        7
    );
    // Steps of a pre-KYX workflow: 404.
    let v3 = h.created(2, json!({})).await;
    h.get(&format!("{}/steps", v3.path()))
        .await
        .expect(404, "only available for KYX workflows");
    // Unknown ids.
    h.get(&format!(
        "/api/v1/accounts/{}/workflow-executions/unknown/status",
        c.account
    ))
    .await
    .expect(404, "not found");
    h.get(&format!(
        "/api/v1/accounts/other/workflow-executions/{}",
        c.workflow
    ))
    .await
    .expect(404, "not found");
    h.get("/api/v1/workflow-executions/unknown")
        .await
        .expect(404, "not found");
}

#[tokio::test]
async fn deletion_makes_later_reads_404() {
    let h = Harness::start().await;
    let a = complete_10011(&h, json!({})).await;
    let second = Created::from(
        h.put_json(
            &format!("/api/v1/accounts/{}", a.account),
            &json!({"customerInternalReference": "r2", "workflowDefinition": {"key": 10011}}),
        )
        .await
        .ok(),
    );
    let details = h.get(&a.path()).await.ok();
    let part = details["credentials"][0]["parts"][0]["href"]
        .as_str()
        .unwrap()
        .to_string();
    // Delete one workflow: it is gone, the other stays.
    h.delete(&second.path()).await.ok();
    h.get(&second.path()).await.expect(404, "not found");
    h.get(&a.path()).await.ok();
    h.delete(&second.path()).await.expect(404, "not found");
    // Delete the account: everything on it is gone, parts included.
    let d = h.delete(&format!("/api/v1/accounts/{}", a.account)).await;
    assert_eq!(d.status, 200);
    assert!(d.bytes.is_empty());
    h.get(&a.path()).await.expect(404, "not found");
    h.get(&format!("{}/status", a.path()))
        .await
        .expect(404, "not found");
    h.get(&part).await.expect(404, "not found");
    h.delete(&format!("/api/v1/accounts/{}", a.account))
        .await
        .expect(404, "account not found");
    h.put_json(
        &format!("/api/v1/accounts/{}", a.account),
        &json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10011}}),
    )
    .await
    .expect(404, "account not found");
}

#[tokio::test]
async fn health_is_settable() {
    let h = Harness::start().await;
    assert_eq!(h.get("/").await.ok(), json!({"status": "UP"}));
    h.control(Method::PUT, "/health", Some(json!({"status": "DEGRADED", "details": {"mobile": "DEGRADED", "callback": "DEGRADED"}}))).await;
    assert_eq!(
        h.get("/").await.ok(),
        json!({"status": "DEGRADED", "details": {"mobile": "DEGRADED", "callback": "DEGRADED"}})
    );
    h.control(
        Method::PUT,
        "/health",
        Some(json!({"status": "DOWN", "details": {"api": "DOWN"}})),
    )
    .await;
    assert_eq!(h.get("/").await.ok()["status"], "DOWN");
    let bad = h
        .control(Method::PUT, "/health", Some(json!({"status": "SIDEWAYS"})))
        .await;
    assert_eq!(bad.status, 400);
}
