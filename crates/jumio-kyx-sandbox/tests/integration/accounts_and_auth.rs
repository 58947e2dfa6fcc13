//! Authentication and account create/update, over HTTP, including every validation 400.

use std::collections::BTreeMap;

use crate::support::*;
use jumio_kyx_sandbox::{SandboxConfig, Settings};
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn token_endpoint_takes_basic_or_form_credentials() {
    let h = Harness::start().await;
    assert!(h.token.starts_with("sbx_at_"));
    let form = h
        .send(h.http.post(h.url("/oauth2/token")).form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "a"),
            ("client_secret", "b"),
        ]))
        .await
        .ok();
    assert_eq!(form["token_type"], "Bearer");
    assert_eq!(form["expires_in"], 3600);
    const CLIENT: &[(&str, &str)] = &[("grant_type", "client_credentials")];
    for (basic, form, status, says) in [
        (None, CLIENT, 401, "client authentication"),
        (
            Some(("a", "b")),
            &[("grant_type", "password")][..],
            400,
            "grant_type",
        ),
        (Some(("a", "b")), &[("other", "x")][..], 400, "grant_type"),
        (Some(("", "b")), CLIENT, 401, "client authentication"),
    ] {
        h.send(h.token_request(basic, form))
            .await
            .expect(status, says);
    }
    h.send(
        h.http
            .post(h.url("/oauth2/token"))
            .basic_auth("a", Some("b"))
            .json(&json!({"grant_type": "client_credentials"})),
    )
    .await
    .expect(400, "x-www-form-urlencoded");
}

#[tokio::test]
async fn configured_clients_restrict_the_token_endpoint_and_ttl_is_configurable() {
    let config = SandboxConfig {
        clients: BTreeMap::from([("client-id".to_string(), "client-secret".to_string())]),
        settings: Settings {
            token_ttl_secs: 2,
            ..fast()
        },
        ..SandboxConfig::default()
    };
    let h = Harness::with(config).await;
    assert!(!h.token.is_empty());
    let client = [("grant_type", "client_credentials")];
    h.send(h.token_request(Some(("client-id", "wrong")), &client))
        .await
        .expect(401, "client authentication failed");
    let t = h
        .send(h.token_request(Some(("client-id", "client-secret")), &client))
        .await
        .ok();
    assert_eq!(t["expires_in"], 2);
    // The token works until the clock passes its lifetime.
    h.get("/").await.ok();
    let account = json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10011}});
    h.post_json("/api/v1/accounts", &account).await.ok();
    h.sandbox.advance_clock(chrono::Duration::seconds(3));
    h.post_json("/api/v1/accounts", &account)
        .await
        .expect(403, "expired");
    // Basic credentials must match a configured client too.
    let basic = |secret: &'static str| {
        h.http
            .get(h.url("/api/v1/workflow-executions/x"))
            .basic_auth("client-id", Some(secret))
    };
    h.send(basic("wrong"))
        .await
        .expect(403, "invalid Basic credentials");
    h.send(basic("client-secret"))
        .await
        .expect(404, "not found");
}

#[tokio::test]
async fn user_agent_and_authorization_are_required() {
    let h = Harness::start().await;
    let no_ua = reqwest::Client::builder().build().unwrap();
    let r = h.send(no_ua.get(h.url("/")).header("user-agent", "")).await;
    r.expect(403, "User-Agent");
    h.send(
        no_ua
            .post(h.url("/oauth2/token"))
            .header("user-agent", "")
            .basic_auth("a", Some("b"))
            .form(&[("grant_type", "client_credentials")]),
    )
    .await
    .expect(403, "User-Agent");
    let body = json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10011}});
    h.send(h.http.post(h.url("/api/v1/accounts")).json(&body))
        .await
        .expect(403, "missing");
    let create = || h.http.post(h.url("/api/v1/accounts"));
    h.send(create().bearer_auth("nope").json(&body))
        .await
        .expect(403, "invalid access token");
    h.send(create().header("authorization", "Token abc").json(&body))
        .await
        .expect(403, "Bearer");
    // Basic works for account calls and, as the migration guide says, for migration.
    h.send(create().basic_auth("u", Some("p")).json(&body))
        .await
        .ok();
    h.send(
        h.http
            .post(h.url("/api/v1/migrations/accounts"))
            .basic_auth("u", Some("p"))
            .json(&json!({"scanReferences": ["s1"]})),
    )
    .await
    .ok();
    // The failure status is a setting: 401, as OAuth2 servers usually answer.
    h.put_settings(json!({"authFailureStatus": 401})).await;
    h.send(h.http.post(h.url("/api/v1/accounts")).json(&body))
        .await
        .expect(401, "missing");
    assert_eq!(
        h.put_settings(json!({"authFailureStatus": 500}))
            .await
            .status,
        400
    );
    // Health needs no credentials.
    h.send(h.http.get(h.url("/"))).await.ok();
}

#[tokio::test]
async fn transaction_tokens_work_for_their_own_workflow_only() {
    let h = Harness::start().await;
    let a = h.created(10011, json!({})).await;
    let b = h.created(10011, json!({})).await;
    // a's token uploads to a, and is refused for b (403), and for retrieval.
    let a_token = a.token();
    h.post_part_as(&a_token, &a.part_url("ID", "FRONT"), FRONT_JPEG)
        .await
        .ok();
    h.post_part_as(&a_token, &b.part_url("ID", "FRONT"), FRONT_JPEG)
        .await
        .expect(403, "another workflow");
    h.send(h.http.put(h.url(&b.path())).bearer_auth(a.token()))
        .await
        .expect(403, "another workflow");
    h.send(h.http.get(h.url(&a.path())).bearer_auth(a.token()))
        .await
        .expect(403, "only authorizes upload and finalize");
    // The OAuth2 token works for uploads too.
    h.post_part(&b.part_url("ID", "FRONT"), FRONT_JPEG)
        .await
        .ok();
    // After tokenLifetime (default 30m) the transaction token is refused.
    h.sandbox.advance_clock(chrono::Duration::minutes(31));
    h.post_part_as(&a_token, &a.part_url("ID", "BACK"), BACK_JPEG)
        .await
        .expect(403, "expired");
}

#[tokio::test]
async fn credentials_follow_the_workflow_templates() {
    let h = Harness::start().await;
    // 10011: ID (front, back), SELFIE (face), FACEMAP without API; web and sdk.
    let web = json!({"web": {"locale": "de", "successUrl": "https://example.com/ok"}});
    let c = h.created(10011, web).await;
    let id = c.credential("ID");
    assert_eq!(id["allowedChannels"], json!(["WEB", "API", "SDK"]));
    let parts: Vec<&String> = id["api"]["parts"].as_object().unwrap().keys().collect();
    assert_eq!(parts, ["front", "back"]);
    assert!(
        c.credential("SELFIE")["api"]["parts"]["face"]
            .as_str()
            .unwrap()
            .ends_with("/parts/FACE")
    );
    assert!(c.credential("FACEMAP").get("api").is_none());
    let href = c.body["web"]["href"].as_str().unwrap();
    assert!(
        href.contains("/web/client?baseUrl=")
            && href.contains("&authorizationToken=eyJhbGciOiJIUzUxMiIsInppcCI6IkdaSVAifQ.")
            && href.ends_with("&locale=de"),
        "{href}"
    );
    assert_eq!(c.body["web"]["successUrl"], "https://example.com/ok");
    assert!(c.body["sdk"]["token"].is_string());
    assert!(
        c.credential("ID")["api"]["workflowExecution"]
            .as_str()
            .unwrap()
            .ends_with(&c.path())
    );
    // 10005: one DATA credential, API only: no web, no sdk.
    let d = h.created(10005, json!({})).await;
    assert!(
        d.part_url("DATA", "PREPARED_DATA")
            .ends_with("/parts/PREPARED_DATA")
    );
    assert!(d.body.get("web").is_none() && d.body.get("sdk").is_none());
    // 10006: DATA and SELFIE through the API.
    let e = h.created(10006, json!({})).await;
    e.part_url("DATA", "PREPARED_DATA");
    e.part_url("SELFIE", "FACE");
    // 10014 runs on an existing account (PUT), web and SDK only.
    h.post_json(
        "/api/v1/accounts",
        &json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10014}}),
    )
    .await
    .expect(400, "existing account");
    let f = Created::from(
        h.put_json(
            &format!("/api/v1/accounts/{}", c.account),
            &json!({"customerInternalReference": "r", "workflowDefinition": {"key": "10014"}}),
        )
        .await
        .ok(),
    );
    assert_eq!(f.account, c.account);
    assert_ne!(f.workflow, c.workflow);
    assert!(f.credential("SELFIE").get("api").is_none());
    assert!(f.body["web"]["href"].is_string());
    // Any other numeric key gets a generic ID + identity template.
    let g = h.created(424242, json!({})).await;
    g.part_url("ID", "FRONT");
    let status = h.get(&format!("{}/status", g.path())).await.ok();
    assert_eq!(status["workflowExecution"]["definitionKey"], "424242");
    // Hrefs come from configurable base URLs.
    let config = SandboxConfig {
        base_urls: BTreeMap::from([
            ("api".to_string(), "https://api.amer-1.jumio.ai".to_string()),
            (
                "web".to_string(),
                "https://acme.web.amer-1.jumio.ai".to_string(),
            ),
        ]),
        settings: fast(),
        ..SandboxConfig::default()
    };
    let h2 = Harness::with(config).await;
    let x = h2.created(10011, json!({})).await;
    assert!(
        x.part_url("ID", "FRONT")
            .starts_with("https://api.amer-1.jumio.ai/api/v1/accounts/")
    );
    assert!(
        x.body["web"]["href"]
            .as_str()
            .unwrap()
            .starts_with("https://acme.web.amer-1.jumio.ai/web/client?baseUrl=")
    );
}

/// Every documented validation of account create/update answers 400 naming the field.
#[tokio::test]
async fn every_account_validation_is_a_400_naming_the_field() {
    let h = Harness::start().await;
    let base = json!({"customerInternalReference": "ref", "workflowDefinition": {"key": 10011}});
    let with = |patch: Value| {
        let mut b = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            if v.is_null() {
                b.as_object_mut().unwrap().remove(k);
            } else {
                b[k] = v.clone();
            }
        }
        b
    };
    let mut cases: Vec<(Value, &str)> = vec![
        (
            with(json!({"customerInternalReference": null})),
            "`customerInternalReference` is required",
        ),
        (
            with(json!({"customerInternalReference": ""})),
            "`customerInternalReference` must not be empty",
        ),
        (
            with(json!({"customerInternalReference": "x".repeat(101)})),
            "`customerInternalReference` is longer than 100",
        ),
        (
            with(json!({"customerInternalReference": 42})),
            "`customerInternalReference` must be of type string",
        ),
        (
            with(json!({"workflowDefinition": null})),
            "`workflowDefinition` is required",
        ),
        (
            with(json!({"workflowDefinition": {}})),
            "`workflowDefinition.key` is required",
        ),
        (
            with(json!({"workflowDefinition": {"key": "abc"}})),
            "`workflowDefinition.key`",
        ),
        (
            with(
                json!({"workflowDefinition": {"key": 10011, "credentials": [{"category": "DATA"}]}}),
            ),
            "`workflowDefinition.credentials[0].category` DATA is not a credential",
        ),
        (
            with(
                json!({"workflowDefinition": {"key": 10011, "credentials": [{"category": "ID", "country": {"values": ["usa"]}}]}}),
            ),
            "`workflowDefinition.credentials.0.country.values.0`",
        ),
        (
            with(
                json!({"workflowDefinition": {"key": 10011, "credentials": [{"category": "ID", "type": {"values": []}}]}}),
            ),
            "`workflowDefinition.credentials.0.type.values` needs at least 1",
        ),
        (
            with(json!({"userReference": "u".repeat(101)})),
            "`userReference` is longer than 100",
        ),
        (
            with(json!({"reportingCriteria": "r".repeat(256)})),
            "`reportingCriteria` is longer than 255",
        ),
        (
            with(json!({"callbackUrl": format!("https://example.com/{}", "c".repeat(250))})),
            "`callbackUrl` is longer than 255",
        ),
        (
            with(json!({"tokenLifetime": "30 minutes"})),
            "`tokenLifetime` does not match",
        ),
        (
            with(json!({"tokenLifetime": "5"})),
            "`tokenLifetime` does not match",
        ),
        (
            with(json!({"tokenLifetime": "4m"})),
            "`tokenLifetime` must be between 5m and 60d",
        ),
        (
            with(json!({"tokenLifetime": "299s"})),
            "`tokenLifetime` must be between 5m and 60d",
        ),
        (
            with(json!({"tokenLifetime": "61d"})),
            "`tokenLifetime` must be between 5m and 60d",
        ),
        (
            with(json!({"web": {"successUrl": "s".repeat(256)}})),
            "`web.successUrl` is longer than 255",
        ),
        (
            with(json!({"web": {"errorUrl": "e".repeat(256)}})),
            "`web.errorUrl` is longer than 255",
        ),
        (with(json!({"web": {"locale": "english"}})), "`web.locale`"),
        (
            with(json!({"customerInternalReference": "[usability=NOPE]"})),
            "`customerInternalReference`: sandbox scenario",
        ),
    ];
    for c in "<>\"/;`%{}|".chars() {
        cases.push((
            with(json!({"customerInternalReference": format!("ref{c}x")})),
            "`customerInternalReference` does not match",
        ));
    }
    for (body, expected) in &cases {
        let a = h.post_json("/api/v1/accounts", body).await;
        assert_eq!(a.status, 400, "{body} → {}", a.body);
        assert!(
            a.detail().contains(expected),
            "{body}: detail {:?} lacks {expected:?}",
            a.detail()
        );
        assert!(
            !a.detail().contains("x".repeat(101).as_str()),
            "the detail quotes the value"
        );
    }
    // Limits themselves are accepted.
    h.create(
        10011,
        json!({"customerInternalReference": "x".repeat(100), "tokenLifetime": "5m"}),
    )
    .await;
    h.create(
        10011,
        json!({"tokenLifetime": "60d", "userReference": "u".repeat(100)}),
    )
    .await;
    h.create(10011, json!({"tokenLifetime": "300s"})).await;
    // Not JSON, or not application/json.
    for (content_type, body, says) in [
        ("application/json", "{", "not valid JSON"),
        ("text/plain", "{}", "application/json"),
    ] {
        let create = h.req(Method::POST, "/api/v1/accounts");
        let create = create.header("content-type", content_type).body(body);
        h.send(create).await.expect(400, says);
    }
    // Update validates the same way, and 404s on an unknown account.
    let created = h.created(10011, json!({})).await;
    h.put_json(
        &format!("/api/v1/accounts/{}", created.account),
        &with(json!({"tokenLifetime": "99d"})),
    )
    .await
    .expect(400, "tokenLifetime");
    h.put_json(
        "/api/v1/accounts/00000000-0000-4000-8000-000000000000",
        &base,
    )
    .await
    .expect(404, "account not found");
    // A credential to reuse must be on the account.
    h.put_json(
        &format!("/api/v1/accounts/{}", created.account),
        &json!({"customerInternalReference": "r", "workflowDefinition": {"key": 5, "credentials": [{"category": "ID", "id": "not-on-file"}]}}),
    )
    .await
    .expect(400, "not on this account");
    let id_credential = created.credential("ID")["id"].clone();
    let reuse = h
        .put_json(
            &format!("/api/v1/accounts/{}", created.account),
            &json!({"customerInternalReference": "r", "workflowDefinition": {"key": 5, "credentials": [{"category": "ID", "id": id_credential}]}}),
        )
        .await
        .ok();
    let reused = Created::from(reuse);
    assert_eq!(reused.credential("ID")["id"], id_credential);
    assert_eq!(reused.credential("ID")["allowedChannels"], json!([]));
}

#[tokio::test]
async fn nothing_is_refused_that_no_source_says_the_platform_refuses() {
    let h = Harness::start().await;
    // Screening without a userReference, and consent without userIp or userLocation: created.
    for body in [
        json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10010}}),
        json!({"customerInternalReference": "r", "workflowDefinition": {"key": 32}}),
        json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10011},
               "userConsent": {"consent": {"obtained": "yes", "obtainedAt": "2024-01-01T00:00:00.000Z"}}}),
        json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10011},
               "userConsent": {"userIp": "203.0.113.1"}}),
    ] {
        let a = h.post_json("/api/v1/accounts", &body).await;
        assert_eq!(a.status, 200, "{body} → {}", a.body);
    }
}
