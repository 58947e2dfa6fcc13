//! The Web SDK API (`/websdk/v4/api`) over real HTTP, call by call as `@jumio/websdk` makes
//! them (reference `web-sdk.md`): tokens in Jumio's format (forged, unknown and expired ones
//! refused), CORS preflights, settings from the workflow, uploads checked as the API channel
//! checks them and read back through the retrieval API byte for byte, usability REJECT then PASS,
//! polling, finalize through to PROCESSED, telemetry, faults, and region mode's `web-sdk` hosts.
//! The real SDK in Chromium is `cargo xtask websdk`.

use crate::support::*;
use base64::Engine;
use reqwest::Method;
use serde_json::{Value, json};

use jumio_kyx_sandbox::{SandboxConfig, infra::samples};

const API: &str = "/websdk/v4/api";
const PAGE: &str = "http://shop.localhost:3000";

/// A workflow and the Web SDK's view of it: the token and the API base from `web.href`.
struct Journey {
    created: Created,
    token: String,
    base: String,
}

async fn journey(h: &Harness, key: u64, extra: Value) -> Journey {
    let created = h.created(key, extra).await;
    let href = reqwest::Url::parse(created.body["web"]["href"].as_str().unwrap()).unwrap();
    assert_eq!(href.path(), "/web/client", "{href}");
    let q: std::collections::HashMap<String, String> = href.query_pairs().into_owned().collect();
    Journey {
        token: q["authorizationToken"].clone(),
        base: q["baseUrl"].clone(),
        created,
    }
}

impl Journey {
    fn call(&self, h: &Harness, method: Method, path: &str) -> reqwest::RequestBuilder {
        h.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("origin", PAGE)
            .header("sdk-platform", "WEB")
            .header("websdk-version", "0.3.19")
    }

    /// Uploads files (multipart name, upload type, bytes) to a credential; the answer.
    async fn upload(&self, h: &Harness, credential: &str, files: &[(&str, &str, &[u8])]) -> Answer {
        let metadata = json!({"files": files.iter().map(|(name, kind, _)| json!({
            "multipartName": name, "fileType": "JPEG", "uploadType": kind,
            "captureMethod": "UPLOAD", "usabilityExpected": true,
        })).collect::<Vec<_>>()});
        let mut form =
            reqwest::multipart::Form::new().text("uploadFilesMetadata", metadata.to_string());
        for (name, _, bytes) in files {
            form = form.part(
                name.to_string(),
                reqwest::multipart::Part::bytes(bytes.to_vec())
                    .file_name("capture.jpg")
                    .mime_str("image/jpeg")
                    .unwrap(),
            );
        }
        h.send(
            self.call(h, Method::POST, &format!("/credential/{credential}/upload"))
                .multipart(form),
        )
        .await
    }

    async fn usability(&self, h: &Harness, key: &str) -> Value {
        let r = h
            .send(self.call(h, Method::POST, &format!("/result/usability/{key}")))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body
    }

    /// Uploads the ID's sample front and `back`.
    async fn upload_id(&self, h: &Harness, back: &[u8]) -> Answer {
        let files = [
            ("front", "FRONTSIDE", samples::FRONT_JPEG),
            ("back", "BACKSIDE", back),
        ];
        self.upload(h, &self.credential_id("ID"), &files).await
    }

    /// Uploads one side of the ID; returns its usability result key.
    async fn usability_key(&self, h: &Harness, name: &str, kind: &str, bytes: &[u8]) -> String {
        let files = [(name, kind, bytes)];
        let r = self.upload(h, &self.credential_id("ID"), &files).await;
        r.body["usabilityResultKeys"][name]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Starts a session (`POST /settings`).
    async fn settings(&self, h: &Harness) -> Answer {
        let request = self.call(h, Method::POST, "/settings").json(&json!({}));
        h.send(request).await
    }

    fn credential_id(&self, category: &str) -> String {
        self.created.credential(category)["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

trait NoContent {
    fn assert_no_content(self);
}

impl NoContent for Answer {
    fn assert_no_content(self) {
        assert_eq!(self.status, 204, "{}", self.body);
    }
}

/// The payload of a JWT: base64url of gzip of JSON.
fn payload(token: &str) -> Value {
    use std::io::Read;
    let segment = token.split('.').nth(1).unwrap();
    let zipped = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(segment)
        .unwrap();
    let mut json = String::new();
    flate2::read::GzDecoder::new(zipped.as_slice())
        .read_to_string(&mut json)
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

#[tokio::test]
async fn web_href_names_the_web_sdk_api_and_a_jumio_token() {
    let h = Harness::start().await;
    let j = journey(&h, 10011, json!({"customerInternalReference": "order-7"})).await;
    assert_eq!(j.base, format!("{}{API}", h.sandbox.url()));
    // The same token is the workflow's transaction token.
    assert_eq!(j.token, j.created.credential("ID")["api"]["token"]);
    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(j.token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header, json!({"alg": "HS512", "zip": "GZIP"}));
    let claims = payload(&j.token);
    assert_eq!(claims["accId"], j.created.account.as_str());
    assert_eq!(claims["wfeId"], j.created.workflow.as_str());
    assert_eq!(claims["aId"], j.created.workflow.as_str());
    assert_eq!(claims["cRef"], "order-7");
    let expires: i64 = claims["exAt"].as_str().unwrap().parse().unwrap();
    assert!(expires > chrono::Utc::now().timestamp_millis());
    // The older form, on request; the client's journey_url takes both.
    h.put_settings(json!({"webHrefForm": "v4-app"})).await.ok();
    let old = h.created(10011, json!({})).await;
    let href = old.body["web"]["href"].as_str().unwrap();
    assert!(href.starts_with(&format!(
        "{}/web/v4/app?authorizationToken=",
        h.sandbox.url()
    )));
    let account: jumio_kyx::types::AccountResponse =
        serde_json::from_value(old.body.clone()).unwrap();
    assert!(jumio_kyx::web::journey_url(&account).is_ok());
    let account: jumio_kyx::types::AccountResponse =
        serde_json::from_value(j.created.body.clone()).unwrap();
    assert_eq!(
        jumio_kyx::web::journey_url(&account).unwrap().path(),
        "/web/client"
    );
}

#[tokio::test]
async fn preflights_are_answered_for_the_web_sdk_api_only() {
    let h = Harness::start().await;
    let preflight = |path: String| {
        h.http
            .request(Method::OPTIONS, h.url(&path))
            .header("origin", PAGE)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type,sdk-platform,sdk-version,websdk-version",
            )
    };
    let r = h.send(preflight(format!("{API}/settings"))).await;
    assert_eq!(r.status, 204);
    assert_eq!(r.headers["access-control-allow-origin"], PAGE);
    let allowed = r.headers["access-control-allow-headers"].to_str().unwrap();
    for name in [
        "authorization",
        "sdk-platform",
        "websdk-version",
        "content-type",
    ] {
        assert!(allowed.contains(name), "{allowed}");
    }
    // Nothing else gains CORS.
    for path in ["/api/v1/accounts", "/__sandbox/reset"] {
        let r = h.send(preflight(path.to_string())).await;
        assert!(
            r.headers.get("access-control-allow-origin").is_none(),
            "{path}"
        );
    }
    // An allowlist narrows it.
    h.put_settings(json!({"webSdkAllowedOrigins": ["https://shop.example"]}))
        .await
        .ok();
    let r = h.send(preflight(format!("{API}/settings"))).await;
    assert!(r.headers.get("access-control-allow-origin").is_none());
    let r = h
        .send(
            h.http
                .request(Method::OPTIONS, h.url(&format!("{API}/settings")))
                .header("origin", "https://shop.example"),
        )
        .await;
    assert_eq!(
        r.headers["access-control-allow-origin"],
        "https://shop.example"
    );
}

#[tokio::test]
async fn settings_describe_the_workflow_without_a_picker() {
    let h = Harness::start().await;
    let j = journey(&h, 10011, json!({})).await;
    let r = h
        .send(
            j.call(&h, Method::POST, "/settings")
                .json(&json!({"linkedModules": [], "deviceDetails": {}})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.headers["access-control-allow-origin"], PAGE);
    let s = r.body;
    assert_eq!(s["accountId"], j.created.account.as_str());
    assert_eq!(s["acquisitionReference"], j.created.workflow.as_str());
    assert_eq!(s["workflowDefinitionKey"], 10011);
    let categories = strings_at(&s["credentials"], "category");
    assert_eq!(categories, ["ID", "FACEMAP"]);
    let id = &s["credentials"][0];
    assert_eq!(id["id"], j.credential_id("ID").as_str());
    assert_eq!(id["country"]["values"], json!(["USA"]));
    assert_eq!(id["type"]["values"], json!(["DRIVING_LICENSE"]));
    assert_eq!(s["merchantSettings"]["jLiveEnabled"], false);
    assert_eq!(s["merchantSettings"]["isFileUploadEnabled"], true);
    assert_eq!(
        s["supportedCountries"][0]["idTypes"][0]["variants"][0]["parts"],
        json!([{"side": "FRONT"}, {"side": "BACK"}])
    );
    assert!(!s.to_string().contains("IOVATION"));
    // Opening the journey starts its session.
    let state = h.workflow_state(&j.created.workflow).await;
    assert!(state["nextChangeAt"].is_string());
    // The SDK reads anything but NOT_STARTED as "over": a journey in progress is NOT_STARTED.
    let status = h.send(j.call(&h, Method::GET, "/status")).await;
    assert_eq!(status.body["status"], "NOT_STARTED");
    assert_eq!(
        s["credentials"][1]["type"]["values"],
        json!(["JUMIO_STANDARD"])
    );
}

#[tokio::test]
async fn a_journey_lands_as_the_api_channel_s_parts_and_is_processed() {
    let h = Harness::start().await;
    let j = journey(&h, 10011, json!({})).await;
    let status = h.send(j.call(&h, Method::GET, "/status")).await;
    assert_eq!(status.body["status"], "NOT_STARTED");
    j.settings(&h).await;
    let consent = h
        .send(
            j.call(&h, Method::POST, "/consent")
                .json(&json!({"consents": []})),
        )
        .await;
    assert_eq!(consent.status, 200);

    let r = j.upload_id(&h, samples::BACK_JPEG).await;
    assert_eq!(r.status, 200, "{}", r.body);
    for (name, classifier) in [("front", "FRONTSIDE"), ("back", "BACKSIDE")] {
        let key = r.body["usabilityResultKeys"][name].as_str().unwrap();
        let result = j.usability(&h, key).await;
        assert_eq!(
            result,
            json!({"decisionType": "PASS", "classifier": classifier,
                "extractedData": {"idType": "DRIVING_LICENSE", "issuingCountry": "USA"}})
        );
    }
    let r = j
        .upload(
            &h,
            &j.credential_id("FACEMAP"),
            &[("selfie", "FACE", samples::SELFIE_JPEG)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let key = r.body["usabilityResultKeys"]["selfie"].as_str().unwrap();
    assert_eq!(j.usability(&h, key).await["decisionType"], "PASS");

    let done = h.send(j.call(&h, Method::POST, "/finalize")).await;
    assert_eq!(done.body, json!({"extractDataExecuted": false}));
    let status = h.send(j.call(&h, Method::GET, "/status")).await;
    assert_eq!(status.body["status"], "SUCCESS");
    // Finalizing again is harmless.
    assert_eq!(
        h.send(j.call(&h, Method::POST, "/finalize")).await.status,
        200
    );

    // Through the retrieval API: PROCESSED, passed, the images byte for byte.
    let path = format!(
        "/api/v1/accounts/{}/workflow-executions/{}",
        j.created.account, j.created.workflow
    );
    let details = loop {
        let d = h.get(&path).await.ok();
        if d["workflow"]["status"] == "PROCESSED" {
            break d;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert_eq!(details["decision"]["type"], "PASSED", "{details}");
    for (category, classifier, bytes) in [
        ("ID", "FRONT", samples::FRONT_JPEG),
        ("ID", "BACK", samples::BACK_JPEG),
        ("SELFIE", "FACE", samples::SELFIE_JPEG),
    ] {
        let credential = j.created.credential(category)["id"]
            .as_str()
            .unwrap()
            .to_string();
        let part = h
            .get(&format!(
                "/api/v1/accounts/{}/credentials/{credential}/parts/{classifier}",
                j.created.account
            ))
            .await;
        assert_eq!(part.status, 200, "{category} {classifier}");
        assert_eq!(part.bytes.as_ref(), bytes, "{category} {classifier}");
    }
    // The journey is over: a new session cannot start on the token.
    let again = j.settings(&h).await;
    assert_eq!(again.status, 401);
}

#[tokio::test]
async fn forged_unknown_and_expired_tokens_are_refused() {
    let h = Harness::start().await;
    let j = journey(&h, 10011, json!({"tokenLifetime": "5m"})).await;
    let settings = |token: String| {
        let h = &h;
        let base = j.base.clone();
        async move {
            h.send(
                h.http
                    .post(format!("{base}/settings"))
                    .bearer_auth(token)
                    .json(&json!({})),
            )
            .await
        }
    };
    // Altered payload (another workflow named) under the original signature.
    let other = journey(&h, 10011, json!({})).await;
    let mut parts: Vec<&str> = j.token.split('.').collect();
    parts[1] = other.token.split('.').nth(1).unwrap();
    let forged = parts.join(".");
    // A token of another sandbox, well formed and signed, but not this one's.
    let elsewhere = Harness::start().await;
    let foreign = journey(&elsewhere, 10011, json!({})).await.token;
    for (what, token) in [
        ("forged", forged),
        ("foreign", foreign),
        ("garbage", "not-a-token".to_string()),
        ("empty", String::new()),
    ] {
        let r = settings(token).await;
        assert_eq!(r.status, 401, "{what}");
        assert_eq!(r.body["message"], "Credentials in invalid state.", "{what}");
    }
    // Expired: 412, and the workflow is TOKEN_EXPIRED as on every channel.
    h.sandbox.advance_clock(chrono::Duration::minutes(6));
    let r = settings(j.token.clone()).await;
    assert_eq!(r.status, 412);
    assert_eq!(r.body["message"], "Acquisition expired.");
    let state = h.workflow_state(&j.created.workflow).await;
    assert_eq!(state["status"], "TOKEN_EXPIRED");
    let status = h.send(j.call(&h, Method::GET, "/status")).await;
    assert_eq!(status.status, 412);
}

#[tokio::test]
async fn a_bad_file_takes_the_error_path_and_changes_nothing() {
    let h = Harness::start().await;
    let j = journey(&h, 10011, json!({})).await;
    for (bytes, status) in [
        (&b"%PDF-1.4 not an image"[..], 400),
        (samples::FRONT_JPEG, 413),
    ] {
        if status == 413 {
            h.put_settings(json!({"maxUploadBytes": 1000})).await.ok();
        }
        // A good front and a bad back: neither is stored.
        let r = j.upload_id(&h, bytes).await;
        assert_eq!(r.status, status, "{}", r.body);
        assert!(r.body["message"].is_string());
        let state = h.workflow_state(&j.created.workflow).await;
        let uploaded: Vec<&Value> = state["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["uploaded"].as_array().unwrap())
            .collect();
        assert!(uploaded.is_empty(), "{state}");
    }
    // Metadata that names a file the body lacks.
    let metadata = json!({"files": [{"multipartName": "front", "uploadType": "FRONTSIDE"}]});
    let form = reqwest::multipart::Form::new().text("uploadFilesMetadata", metadata.to_string());
    let r = h
        .send(
            j.call(
                &h,
                Method::POST,
                &format!("/credential/{}/upload", j.credential_id("ID")),
            )
            .multipart(form),
        )
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn usability_rejects_once_then_passes_and_can_keep_the_sdk_polling() {
    let h = Harness::start().await;
    h.put_settings(json!({"webSdkUsabilityPending": 2}))
        .await
        .ok();
    let j = journey(&h, 10011, json!({})).await;
    h.control(
        Method::PUT,
        &format!("/workflows/{}/scenario", j.created.workflow),
        Some(json!({"labels": {"usability:ID": "BLURRED"}})),
    )
    .await
    .assert_no_content();
    let front = samples::FRONT_JPEG;
    let key = j.usability_key(&h, "front", "FRONTSIDE", front).await;
    // Pending twice (the SDK polls), then the scenario's REJECT.
    assert_eq!(j.usability(&h, &key).await["decisionType"], "NOT_AVAILABLE");
    assert_eq!(j.usability(&h, &key).await["decisionType"], "NOT_AVAILABLE");
    let rejected = j.usability(&h, &key).await;
    assert_eq!(rejected["decisionType"], "REJECT");
    // The SDK's reason code for BLURRED ("The image is too blurry").
    assert_eq!(rejected["rejectReason"]["reasonCode"], "2001");
    assert_eq!(j.usability(&h, &key).await["decisionType"], "REJECT");
    // The retake passes; the back, not yet rejected, is rejected once too.
    let key = j.usability_key(&h, "front", "FRONTSIDE", front).await;
    for _ in 0..2 {
        j.usability(&h, &key).await;
    }
    assert_eq!(j.usability(&h, &key).await["decisionType"], "PASS");
    let key = j
        .usability_key(&h, "back", "BACKSIDE", samples::BACK_JPEG)
        .await;
    for _ in 0..2 {
        j.usability(&h, &key).await;
    }
    assert_eq!(j.usability(&h, &key).await["decisionType"], "REJECT");
    // An unknown key, or another workflow's: 404.
    let r = h
        .send(j.call(&h, Method::POST, "/result/usability/nope"))
        .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn telemetry_is_kept_in_the_request_log_without_the_token() {
    let h = Harness::start().await;
    let j = journey(&h, 10011, json!({})).await;
    let event = json!({"eventType": "screenView", "screen": "start", "auth": format!("Bearer {}", j.token)});
    let r = h
        .send(j.call(&h, Method::POST, "/analyticsevent").json(&event))
        .await;
    assert_eq!((r.status.as_u16(), r.body.clone()), (200, json!({})));
    let r = h
        .send(
            j.call(&h, Method::POST, "/reportingevent")
                .json(&json!({"kind": "x"})),
        )
        .await;
    assert_eq!(r.status, 200);
    let log = h
        .control(
            Method::GET,
            "/requests?operation=web_sdk_analytics_event",
            None,
        )
        .await
        .ok();
    let entry = &log[0];
    assert_eq!(entry["event"]["screen"], "start");
    assert_eq!(entry["event"]["auth"], "[token]");
    assert_eq!(entry["credential"], "transaction");
    let all = h.request_log().await.bytes;
    assert!(!String::from_utf8_lossy(&all).contains(&j.token));
    let dashboard = h.control(Method::GET, "/ui/state", None).await;
    assert!(String::from_utf8_lossy(&dashboard.bytes).contains("screenView"));
}

#[tokio::test]
async fn a_fault_rule_reaches_the_web_sdk_api_with_its_cors() {
    let h = Harness::start().await;
    let j = journey(&h, 10011, json!({})).await;
    h.control(
        Method::PUT,
        "/faults",
        Some(json!([{"operation": "webSdkSettings", "status": 500, "count": 1}])),
    )
    .await
    .assert_no_content();
    let r = j.settings(&h).await;
    let log = h.request_log().await.body;
    assert_eq!(r.status, 500, "{log}");
    assert_eq!(r.headers["access-control-allow-origin"], PAGE);
    let r = j.settings(&h).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn region_mode_serves_the_api_on_web_sdk_hosts() {
    let sandbox = jumio_kyx_sandbox::RunningSandbox::start(SandboxConfig {
        settings: fast(),
        tls: true,
        strict_hosts: true,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let ca = reqwest::Certificate::from_pem(sandbox.ca_pem().unwrap().as_bytes()).unwrap();
    let mut builder = reqwest::Client::builder()
        .user_agent("web sdk test")
        .add_root_certificate(ca);
    for host in sandbox.hosts() {
        builder = builder.resolve(&host, sandbox.addr());
    }
    let http = builder.build().unwrap();
    let token = access_token(&http, "https://auth.emea-1.jumio.ai").await;
    let account = json_of(
        http.post("https://account.emea-1.jumio.ai/api/v1/accounts")
            .bearer_auth(&token)
            .json(&json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10011}})),
    )
    .await;
    let href = reqwest::Url::parse(account["web"]["href"].as_str().unwrap()).unwrap();
    assert_eq!(href.host_str(), Some("sandbox.web.emea-1.jumio.ai"));
    let q: std::collections::HashMap<String, String> = href.query_pairs().into_owned().collect();
    assert_eq!(
        q["baseUrl"],
        "https://web-sdk.emea-1.jumio.ai/websdk/v4/api"
    );
    let settings = |url: String| {
        let http = &http;
        let token = q["authorizationToken"].clone();
        async move {
            http.post(url)
                .bearer_auth(token)
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(settings(format!("{}/settings", q["baseUrl"])).await, 200);
    // Only on its family's host, as every operation.
    assert_eq!(
        settings("https://api.emea-1.jumio.ai/websdk/v4/api/settings".into()).await,
        404
    );
    // The journey page itself, on the web host.
    let page = http.get(href.as_str()).send().await.unwrap();
    assert_eq!(page.status(), 200);
}
