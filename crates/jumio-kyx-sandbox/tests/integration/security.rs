//! The sandbox's own attack surface, over real HTTP: DNS rebinding (a foreign `Host`), cross-site
//! state changes (a foreign `Origin`), URL fields that would become navigation targets, framing
//! and referrer headers, and values embedded in the journey's inline script. Each test sends what
//! an attacking page would send; the headless Chromium variant is in `tests/browser`.

use crate::support::*;
use reqwest::Method;
use serde_json::{Value, json};

use jumio_kyx_sandbox::SandboxConfig;

/// What a page on `attacker.example`, re-pointed at 127.0.0.1, sends to the sandbox's port.
fn rebound(h: &Harness) -> String {
    format!("attacker.example:{}", h.sandbox.addr().port())
}

#[tokio::test]
async fn a_rebound_host_reads_nothing() {
    let h = Harness::start().await;
    let created = h
        .created(
            10013,
            json!({"web": {"successUrl": "https://shop.example/ok"}}),
        )
        .await;
    let web_href = created.body["web"]["href"].as_str().unwrap().to_string();
    let front = created.credential("ID")["api"]["parts"]["front"]
        .as_str()
        .unwrap()
        .to_string();
    h.upload(
        Method::POST,
        &front,
        jumio_kyx_sandbox::infra::samples::FRONT_JPEG,
        Some(created.credential("ID")["api"]["token"].as_str().unwrap()),
    )
    .await
    .ok();
    let credential = created.credential("ID")["id"].as_str().unwrap().to_string();
    let readable = [
        "/__sandbox/ui/state".to_string(),
        "/__sandbox/requests".to_string(),
        "/__sandbox/workflows".to_string(),
        format!(
            "/__sandbox/ui/parts/{}/{credential}/FRONT",
            created.workflow
        ),
        web_href.replace(h.sandbox.url(), ""),
    ];
    for path in &readable {
        // From the sandbox's own address, the page is there ...
        let own = h.send(h.http.get(h.url(path))).await;
        assert_eq!(own.status, 200, "{path}");
        // ... and a rebound name gets a refusal that holds none of it.
        let r = h
            .send(h.http.get(h.url(path)).header("host", rebound(&h)))
            .await;
        assert_eq!(r.status, 403, "{path}");
        let text = String::from_utf8_lossy(&r.bytes);
        assert!(text.contains("DNS rebinding"), "{text}");
        assert!(!text.contains(&created.workflow), "{path}: {text}");
    }
    // The API too (a bearer token does not make a foreign name acceptable).
    let r = h
        .send(
            h.req(
                Method::GET,
                &format!(
                    "/api/v1/accounts/{}/credentials/{credential}/parts/FRONT",
                    created.account
                ),
            )
            .header("host", rebound(&h)),
        )
        .await;
    assert_eq!(r.status, 403);
    // The names it is reached by: IP addresses and localhost.
    for host in ["localhost", "127.0.0.1", "app.localhost"] {
        let r = h
            .send(
                h.http
                    .get(h.url("/__sandbox/clock"))
                    .header("host", format!("{host}:{}", h.sandbox.addr().port())),
            )
            .await;
        assert_eq!(r.status, 200, "{host}");
    }
}

#[tokio::test]
async fn an_allowed_host_and_a_public_url_host_are_answered() {
    let h = Harness::with(SandboxConfig {
        settings: fast(),
        allowed_hosts: vec!["sandbox".into(), ".kyx.test".into()],
        base_urls: [("web".to_string(), "https://journeys.example".to_string())].into(),
        ..SandboxConfig::default()
    })
    .await;
    for (host, status) in [
        ("sandbox:4010", 200),
        ("a.kyx.test", 200),
        ("journeys.example", 200),
        ("sandbox.attacker.example", 403),
    ] {
        let r = h
            .send(h.http.get(h.url("/__sandbox/clock")).header("host", host))
            .await;
        assert_eq!(r.status, status, "{host}");
    }
    // A bad allowlist entry is refused at start-up, naming the setting.
    let e = SandboxConfig::from_json(&json!({"allowedHosts": ["a b"]})).unwrap_err();
    assert!(e.to_string().contains("allowed hosts"), "{e}");
}

#[tokio::test]
async fn a_cross_site_request_changes_nothing() {
    let h = Harness::start().await;
    let created = h
        .created(10013, json!({"callbackUrl": "http://127.0.0.1:9/cb"}))
        .await;
    h.control(
        Method::POST,
        &format!("/workflows/{}/complete", created.workflow),
        None,
    )
    .await;
    let own_origin = h.sandbox.url().to_string();
    for origin in ["https://attacker.example", "null", "http://localhost:1"] {
        // A body-less cross-origin POST, as `fetch(url, {method: "POST", mode: "no-cors"})`
        // sends it.
        for path in ["/__sandbox/reset", "/__sandbox/callbacks/1/redeliver"] {
            let r = h
                .send(h.http.post(h.url(path)).header("origin", origin))
                .await;
            assert_eq!(r.status, 403, "{origin} {path}");
            assert!(r.detail().contains("another origin"), "{}", r.detail());
        }
        let r = h
            .send(
                h.http
                    .put(h.url("/__sandbox/settings"))
                    .header("origin", origin)
                    .header("content-type", "text/plain")
                    .body(r#"{"processingDelayMs": 5000}"#),
            )
            .await;
        assert_eq!(r.status, 403, "{origin} settings");
    }
    // Nothing changed: the workflow is still there, its callback not sent again.
    let state = h.control(Method::GET, "/workflows", None).await.ok();
    assert_eq!(state.as_array().map(Vec::len), Some(1));
    let callbacks = h.control(Method::GET, "/callbacks", None).await.ok();
    assert_eq!(callbacks.as_array().map(Vec::len), Some(1));
    // The dashboard's own requests carry its origin, and pass.
    let r = h
        .send(
            h.http
                .post(h.url("/__sandbox/reset"))
                .header("origin", own_origin),
        )
        .await;
    assert_eq!(r.status, 204);
    let state = h.control(Method::GET, "/workflows", None).await.ok();
    assert_eq!(state.as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn every_url_field_is_an_http_url_in_every_mode() {
    let h = Harness::start().await;
    let long = format!("https://example.com/{}", "a".repeat(240));
    for (extra, field) in [
        (
            json!({"web": {"successUrl": "javascript:fetch('/__sandbox/ui/state')"}}),
            "web.successUrl",
        ),
        (
            json!({"web": {"errorUrl": "JavaScript:alert(1)"}}),
            "web.errorUrl",
        ),
        (
            json!({"web": {"successUrl": "data:text/html,<script>alert(1)</script>"}}),
            "web.successUrl",
        ),
        (json!({"callbackUrl": "not a url"}), "callbackUrl"),
        (
            json!({"callbackUrl": "ftp://example.com/cb"}),
            "callbackUrl",
        ),
        (json!({"callbackUrl": long}), "callbackUrl"),
    ] {
        let mut body =
            json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10013}});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = h.post_json("/api/v1/accounts", &body).await;
        assert_eq!(r.status, 400, "{body}");
        assert!(r.detail().contains(field), "{}", r.detail());
        assert!(!r.detail().contains("alert"), "the value is not quoted");
    }
    // Outside region mode a local receiver is fine, as the client allows it.
    let ok = h
        .post_json(
            "/api/v1/accounts",
            &json!({"customerInternalReference": "r", "workflowDefinition": {"key": 10013},
                "callbackUrl": "http://localhost:3000/cb", "web": {"successUrl": "http://127.0.0.1:3000/ok"}}),
        )
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    // The Portal's default callback URL (a setting) is checked the same way.
    let setting = json!({"defaultCallbackUrl": "javascript:alert(1)"});
    assert_eq!(h.put_settings(setting).await.status, 400);
}

#[tokio::test]
async fn pages_say_who_may_frame_them_and_leak_no_token() {
    let h = Harness::start().await;
    let created = h.created(10013, json!({})).await;
    let web_href = created.body["web"]["href"].as_str().unwrap().to_string();

    let dashboard = h.send(h.http.get(h.url("/__sandbox/ui"))).await;
    assert_eq!(
        dashboard.headers["content-security-policy"],
        "frame-ancestors 'none'"
    );
    assert_eq!(dashboard.headers["x-frame-options"], "DENY");

    let journey = h.send(h.http.get(&web_href)).await;
    assert_eq!(journey.status, 200);
    assert_eq!(
        journey.headers["content-security-policy"],
        "frame-ancestors *"
    );
    assert_eq!(journey.headers["referrer-policy"], "no-referrer");
    assert!(journey.headers.get("x-frame-options").is_none());

    h.put_settings(json!({"journeyFrameAncestors": "'self' https://shop.example"}))
        .await
        .ok();
    let journey = h.send(h.http.get(&web_href)).await;
    assert_eq!(
        journey.headers["content-security-policy"],
        "frame-ancestors 'self' https://shop.example"
    );
    // A value that would add a directive is refused.
    let r = h
        .put_settings(json!({"journeyFrameAncestors": "*; script-src *"}))
        .await;
    assert_eq!(r.status, 400);
}

/// The inline script of a journey page.
fn script(page: &[u8]) -> String {
    let page = String::from_utf8_lossy(page);
    let start = page.find("<script>").expect("a script") + "<script>".len();
    let end = page[start..].find("</script>").expect("its end") + start;
    page[start..end].to_string()
}

#[tokio::test]
async fn the_journey_posts_its_events_to_the_integrator_only() {
    let h = Harness::start().await;
    let page = |extra: Value| {
        let h = &h;
        async move {
            let created = h.created(10013, extra).await;
            let href = created.body["web"]["href"].as_str().unwrap().to_string();
            let token = created.credential("ID")["api"]["token"]
                .as_str()
                .map(String::from);
            (script(&h.send(h.http.get(&href)).await.bytes), href, token)
        }
    };
    // To the origin of successUrl, with the token.
    let (s, href, _) = page(json!({"web": {"successUrl": "https://shop.example/done?x=1"}})).await;
    assert!(
        s.contains(r#"postMessage(e,"https://shop.example")"#),
        "{s}"
    );
    let token = href.split("authorizationToken=").nth(1).unwrap();
    let token = token.split('&').next().unwrap();
    assert!(s.contains(token));
    // With neither URL: to any parent, without the token.
    let (s, href, _) = page(json!({})).await;
    assert!(s.contains(r#"postMessage(e,"*")"#), "{s}");
    let token = href.split("authorizationToken=").nth(1).unwrap();
    let token = token.split('&').next().unwrap();
    assert!(!s.contains(token), "{s}");
    assert!(!s.contains("authorizationToken"), "{s}");
    // The setting wins.
    h.put_settings(json!({"journeyMessageOrigin": "http://localhost:3000"}))
        .await
        .ok();
    let (s, _, _) = page(json!({"web": {"successUrl": "https://shop.example/done"}})).await;
    assert!(
        s.contains(r#"postMessage(e,"http://localhost:3000")"#),
        "{s}"
    );
    let r = h
        .put_settings(json!({"journeyMessageOrigin": "https://shop.example/path"}))
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn values_in_the_journey_script_cannot_end_or_comment_it() {
    let h = Harness::start().await;
    let page = |token: &'static str| {
        let h = &h;
        async move {
            let url = h.url(&format!("/web/v4/app?authorizationToken={token}&locale=en"));
            h.send(h.http.get(url)).await
        }
    };
    // An unknown token's page embeds nothing of the token when the parent is unknown ...
    let r = page("%3C!--%3Cscript%3Eabc").await;
    assert_eq!(r.status, 404);
    assert!(!script(&r.bytes).contains("abc"));
    // ... and, sent to any parent on the tester's word, it is escaped: `<!--<script>` in a
    // script would swallow the rest of the page.
    h.put_settings(json!({"journeyMessageOrigin": "*"}))
        .await
        .ok();
    let r = page("%3C!--%3Cscript%3E%3C%2Fscript%3E%26%E2%80%A8abc").await;
    let s = script(&r.bytes);
    assert!(s.contains("abc"), "{s}");
    assert!(!s.contains('<') && !s.contains('>'), "{s}");
    assert!(!s.contains('\u{2028}'), "{s}");
    assert!(
        s.contains(r"\u003c!--\u003cscript\u003e\u003c/script\u003e\u0026\u2028abc"),
        "{s}"
    );
}
