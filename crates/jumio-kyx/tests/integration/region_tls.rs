//! The production path: `Region::Us`, `Eu` and `Sg` with no base-URL override, over HTTPS, on the
//! five real host families of each region. The sandbox runs in region mode (TLS with a local CA,
//! strict hosts: an operation on another family's host is a 404, hrefs name the real hosts) and
//! the client reaches it under the real names through a DNS override, trusting the sandbox's CA.

use std::time::Duration;

use crate::support::*;
use jumio_kyx::types::MigrationRequest;
use jumio_kyx::{
    Client, ErrorKind, IdentityVerification, ImageSource, PollSchedule, PreparedDataVerification,
    Region, WaitOptions,
};
use jumio_kyx_sandbox::{RunningSandbox, SandboxConfig};

async fn region_sandbox() -> RunningSandbox {
    RunningSandbox::start(SandboxConfig {
        tls: true,
        strict_hosts: true,
        settings: fast(),
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

/// A client of `region` with nothing but what a user behind a TLS-inspecting proxy would add:
/// a root certificate and name resolution.
fn region_client(sandbox: &RunningSandbox, region: Region) -> Client {
    let mut b = Client::builder()
        .region(region)
        .credentials("region-client", "secret")
        .user_agent(UA)
        .root_certificates_pem(sandbox.ca_pem().unwrap());
    for host in sandbox.hosts() {
        b = b.resolve(host, sandbox.addr());
    }
    b.build().unwrap()
}

fn wait() -> WaitOptions {
    WaitOptions {
        schedule: PollSchedule::Every(Duration::from_millis(50)),
        deadline: Duration::from_secs(20),
    }
}

#[tokio::test]
async fn every_region_runs_the_full_flows_over_tls_on_its_real_hosts() {
    let sandbox = region_sandbox().await;
    for region in Region::ALL {
        let client = region_client(&sandbox, region);
        let retrieval = format!("https://retrieval.{}.jumio.ai/", region.id());
        // 10011, every operation.
        let started = client
            .run_identity_verification(
                IdentityVerification::new(
                    format!("tls-{}", region.id()),
                    ImageSource::bytes(FRONT_JPEG),
                    ImageSource::bytes(SELFIE_JPEG),
                )
                .back(ImageSource::bytes(BACK_JPEG)),
            )
            .await
            .unwrap();
        let (a, w) = (started.account_id(), started.workflow_execution_id());
        let status = client.wait_for_completion(a, w, wait()).await.unwrap();
        let href = status.workflow_execution.href.clone().unwrap();
        assert!(href.starts_with(&retrieval), "{href}");
        let details = client.get_workflow_by_href(&href).await.unwrap();
        assert_eq!(details.workflow.id, w);
        let parts = details
            .credentials
            .iter()
            .flatten()
            .flat_map(|c| c.parts.iter().flatten());
        let part = parts.filter_map(|p| p.href.clone()).next().unwrap();
        assert!(part.starts_with(&retrieval), "{part}");
        assert!(
            !client
                .download_href(&part)
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap()
                .is_empty()
        );
        // 10010 through the flow helper.
        let data = screening_of("ALEX", "SAMPLE", "1990-01-31");
        let screening = client
            .run_prepared_data_verification(PreparedDataVerification::screening(
                format!("tls-screen-{}", region.id()),
                "u-1",
                data,
            ))
            .await
            .unwrap();
        let done = client
            .wait_for_completion(
                screening.account_id(),
                screening.workflow_execution_id(),
                wait(),
            )
            .await
            .unwrap();
        assert_eq!(done.workflow_execution.status.as_str(), "PROCESSED");
        // A migration.
        let scan = format!("tls-scan-{}", region.id());
        let migrated = client
            .create_migration(&MigrationRequest::new([scan.as_str()]))
            .await
            .unwrap();
        client
            .get_workflow_status(&migrated.account.id, &scan)
            .await
            .unwrap();
        client.get_health().await.unwrap();
    }
    // Every request arrived on a real host (the sandbox refuses others in this mode).
    assert!(
        sandbox
            .requests()
            .iter()
            .all(|r| r.status.is_some_and(|s| s < 400))
    );
}

#[tokio::test]
async fn a_cross_region_href_is_refused_before_anything_is_sent() {
    let sandbox = region_sandbox().await;
    let us = region_client(&sandbox, Region::Us);
    let before = sandbox.requests().len();
    for href in [
        "https://retrieval.emea-1.jumio.ai/api/v1/workflow-executions/w",
        "https://retrieval.apac-1.jumio.ai/api/v1/accounts/a/credentials/c/parts/FRONT",
    ] {
        let e = match href.contains("/parts/") {
            true => us.download_href(href).await.map(|_| ()).unwrap_err(),
            false => us.get_workflow_by_href(href).await.map(|_| ()).unwrap_err(),
        };
        assert_eq!(e.kind(), &ErrorKind::Validation, "{e}");
        assert_eq!(e.field(), Some("href"));
    }
    assert_eq!(sandbox.requests().len(), before);
}

#[tokio::test]
async fn strict_hosts_answer_like_the_platform() {
    let sandbox = region_sandbox().await;
    let mut b = reqwest::Client::builder().user_agent(UA).tls_certs_merge(
        reqwest::Certificate::from_pem_bundle(sandbox.ca_pem().unwrap().as_bytes()).unwrap(),
    );
    for host in sandbox.hosts() {
        b = b.resolve(&host, sandbox.addr());
    }
    let http = b.build().unwrap();
    // The health check on the status host answers; on the api host it does not exist.
    let status = status_of(http.get("https://status.amer-1.jumio.ai/")).await;
    assert_eq!(status, 200);
    let status = status_of(http.get("https://api.amer-1.jumio.ai/")).await;
    assert_eq!(status, 404);
    // A token from the auth host, then an account on the retrieval host: 404.
    let token = json_of(
        http.post("https://auth.emea-1.jumio.ai/oauth2/token")
            .basic_auth("id", Some("secret"))
            .form(&[("grant_type", "client_credentials")]),
    )
    .await;
    let bearer = token["access_token"].as_str().unwrap();
    let body = serde_json::json!({"customerInternalReference": "strict", "workflowDefinition": {"key": 10011}});
    let misplaced = http
        .post("https://retrieval.emea-1.jumio.ai/api/v1/accounts")
        .bearer_auth(bearer)
        .json(&body);
    assert_eq!(status_of(misplaced).await, 404);
    // The account host takes it; its hrefs name the real hosts of the request's region.
    let created = json_of(
        http.post("https://account.emea-1.jumio.ai/api/v1/accounts")
            .bearer_auth(bearer)
            .json(&body),
    )
    .await;
    let upload = created["workflowExecution"]["credentials"][0]["api"]["parts"]["front"]
        .as_str()
        .unwrap();
    assert!(
        upload.starts_with("https://api.emea-1.jumio.ai/"),
        "{upload}"
    );
    // The Portal's URL rules apply in region mode: a plain-http callback is refused.
    let mut local = body.clone();
    local["callbackUrl"] = "http://127.0.0.1:8080/cb".into();
    let refused = http
        .post("https://account.emea-1.jumio.ai/api/v1/accounts")
        .bearer_auth(bearer)
        .json(&local);
    assert_eq!(status_of(refused).await, 400);
    // Plain HTTP on the TLS port is no answer at all, and the sandbox's own URL is https.
    assert!(sandbox.url().starts_with("https://127.0.0.1:"));
}
