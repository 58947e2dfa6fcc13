//! The web channel: the redirect and journey-address cases of `tests/web/cases.json` (the Python
//! and Node packages run the same file) through `jumio_kyx::web` and the JSON entry points the
//! bindings use, and the sandbox's dashboard and journey pages over real HTTP.

use crate::support::*;
use jumio_kyx::ErrorKind;
use jumio_kyx::types::{AccountRequest, WebSettings};
use jumio_kyx::web::{WebRedirect, checked_journey_href};
use jumio_kyx_bridge as by_name;
use serde_json::Value;

fn cases() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/web/cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn redirects_parse_or_are_refused_as_the_cases_say() {
    let cases = cases();
    let redirects = cases["redirects"].as_array().unwrap();
    assert!(redirects.len() >= 30);
    for case in redirects {
        let (name, input) = (
            case["name"].as_str().unwrap(),
            case["input"].as_str().unwrap(),
        );
        match by_name::parse_web_redirect_json(input) {
            Ok(got) => {
                let expect = case["expect"]
                    .as_object()
                    .unwrap_or_else(|| panic!("{name}: parsed, but should fail: {got}"));
                for (k, v) in expect {
                    assert_eq!(&got[k], v, "{name}: {k}");
                }
                // The typed form agrees with the JSON form.
                let typed = WebRedirect::parse(input).unwrap();
                assert_eq!(
                    typed.account_id,
                    got["accountId"].as_str().unwrap(),
                    "{name}"
                );
            }
            Err(e) => {
                let field = case["error"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{name}: refused, but should parse: {e}"));
                assert_eq!(e.kind(), &ErrorKind::Validation, "{name}");
                assert_eq!(e.field(), Some(field), "{name}: {e}");
            }
        }
    }
}

#[test]
fn journey_addresses_a_browser_must_not_follow_are_refused() {
    for case in cases()["journeyHrefs"].as_array().unwrap() {
        let (name, href) = (
            case["name"].as_str().unwrap(),
            case["href"].as_str().unwrap(),
        );
        let got = checked_journey_href(href);
        assert_eq!(
            got.is_ok(),
            case["ok"].as_bool().unwrap(),
            "{name}: {got:?}"
        );
        if let Err(e) = got {
            assert_eq!(e.field(), Some("web.href"), "{name}");
        }
    }
}

#[tokio::test]
async fn the_journey_address_of_an_account_opens_the_journey() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let mut request = AccountRequest::new("web-href-1", 3);
    request.web = Some(WebSettings {
        success_url: Some("https://shop.example/ok".into()),
        error_url: None,
        locale: Some("fr".into()),
        extra: Default::default(),
    });
    let account = client.create_account(&request).await.unwrap();
    let url = account.journey_url().unwrap();
    assert!(url.as_str().starts_with(sandbox.url()), "{url}");
    let page = reqwest::get(url).await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<html lang=\"fr\">"), "{html}");
    assert!(html.contains(account.workflow_execution_id()));

    // A definition without a web channel (10010, screening of prepared data): a typed error, not
    // a panic or an empty string.
    let mut screening = AccountRequest::new("web-href-2", 10010);
    screening.user_reference = Some("user-2".into());
    let api_only = client.create_account(&screening).await.unwrap();
    assert!(api_only.web.is_none());
    assert_eq!(
        api_only.journey_url().unwrap_err().field(),
        Some("web.href")
    );
    // Through the JSON entry point the bindings use.
    let json = serde_json::to_value(&account).unwrap();
    assert_eq!(
        by_name::journey_url_json(json).unwrap(),
        account.journey_url().unwrap().as_str()
    );
    assert_eq!(
        by_name::journey_url_json(Value::Null).unwrap_err().field(),
        Some("account")
    );
}

#[tokio::test]
async fn the_dashboard_serves_its_page_and_state() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let started = client
        .run_identity_verification(jumio_kyx::IdentityVerification::new(
            "dashboard-state-1",
            jumio_kyx::ImageSource::bytes(FRONT_JPEG),
            jumio_kyx::ImageSource::bytes(SELFIE_JPEG),
        ))
        .await
        .unwrap();
    let ui = sandbox.ui_url();
    assert_eq!(ui, format!("{}/__sandbox/ui", sandbox.url()));
    let page = reqwest::get(&ui).await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("<title>KYX sandbox</title>")
    );

    let state = json_of(reqwest::Client::new().get(format!("{ui}/state"))).await;
    // The workflow is on the dashboard.
    let w = item(&state["workflows"], "id", started.workflow_execution_id());
    assert_eq!(w["customerInternalReference"], "dashboard-state-1");
    let id = item(&w["credentials"], "category", "ID");
    let front = item(&id["parts"], "classifier", "FRONT");
    assert_eq!(front["image"], true);

    // The thumbnail is the uploaded image; a missing part or a non-image is not served.
    let thumb = reqwest::get(format!(
        "{ui}/parts/{}/{}/FRONT",
        started.workflow_execution_id(),
        id["id"].as_str().unwrap()
    ))
    .await
    .unwrap();
    assert_eq!(thumb.status(), 200);
    assert_eq!(thumb.headers()["x-content-type-options"], "nosniff");
    assert_eq!(thumb.bytes().await.unwrap().as_ref(), FRONT_JPEG);
    let missing = reqwest::get(format!("{ui}/parts/nope/nope/FRONT"))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    // The request log on the dashboard never carries a credential.
    let text = state["requests"].to_string();
    assert!(text.contains("create_account"));
    assert!(
        !text.contains("test-secret"),
        "the client secret is not in the request log"
    );
}
