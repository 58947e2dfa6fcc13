//! Helpers shared by the integration tests.
#![allow(dead_code)]

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses `json` as `T` and serialises it back.
pub fn round_trip<T: DeserializeOwned + Serialize>(json: &Value) -> Result<(T, Value), String> {
    let parsed: T = serde_json::from_value(json.clone()).map_err(|e| e.to_string())?;
    let back = serde_json::to_value(&parsed).map_err(|e| e.to_string())?;
    Ok((parsed, back))
}

/// Differences between two JSON values, as paths. Numbers compare by value (`40` == `40.0`,
/// since risk scores are floats); `null` members count as absent (an explicit null and a missing
/// member mean the same to every KYX field).
pub fn differences(a: &Value, b: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff(a, b, "$", &mut out);
    out
}

fn diff(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if x.as_f64() != y.as_f64() {
                out.push(format!("{at}: {x} != {y}"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<_> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                diff(va, vb, &format!("{at}.{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                out.push(format!("{at}: {} items != {} items", x.len(), y.len()));
            }
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                diff(va, vb, &format!("{at}[{i}]"), out);
            }
        }
        _ => {
            if a != b {
                out.push(format!("{at}: {a} != {b}"));
            }
        }
    }
}

/// Every string leaf of a JSON value (to look for leaks in Debug output).
pub fn string_leaves(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| string_leaves(x, out)),
        Value::Object(o) => o.values().for_each(|x| string_leaves(x, out)),
        _ => {}
    }
}

// ------------------------------------------------------------------------ sandbox + client

#[allow(unused_imports)]
pub use jumio_kyx_sandbox::infra::samples::{
    BACK_JPEG, FRONT_JPEG, SELFIE_JPEG, SPECIMEN_PNG, png_header,
};
use jumio_kyx_sandbox::{RunningSandbox, SandboxConfig, Settings};

pub const UA: &str = "Client Tests kyx-tests/1.0";

/// Settings for fast tests: immediate processing, quick callback retries.
pub fn fast() -> Settings {
    Settings {
        processing_delay_ms: 0,
        callback_backoff_ms: 20,
        ..Settings::default()
    }
}

/// [`fast`] settings, then `change`.
pub fn fast_and(change: impl FnOnce(&mut Settings)) -> Settings {
    let mut settings = fast();
    change(&mut settings);
    settings
}

/// A sandbox on a free port, in-process.
pub async fn sandbox(settings: Settings) -> RunningSandbox {
    RunningSandbox::start(SandboxConfig {
        settings,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// A client builder pointed at a sandbox, with credentials and a User-Agent.
pub fn builder(sandbox: &RunningSandbox) -> jumio_kyx::ClientBuilder {
    jumio_kyx::Client::builder()
        .base_url(sandbox.url())
        .credentials("test-client", "test-secret")
        .user_agent(UA)
        .retry_policy(jumio_kyx::RetryPolicy {
            initial_backoff: std::time::Duration::from_millis(10),
            ..Default::default()
        })
}

/// A client pointed at a sandbox.
pub fn client(sandbox: &RunningSandbox) -> jumio_kyx::Client {
    builder(sandbox).build().expect("client builds")
}

/// An account created through the client, with the ids the next calls take.
pub struct Created {
    pub account: jumio_kyx::types::AccountResponse,
    /// The account id.
    pub a: String,
    /// The workflow execution id.
    pub w: String,
}

impl Created {
    /// Creates the account of `request`.
    pub async fn with(
        client: &jumio_kyx::Client,
        request: &jumio_kyx::types::AccountRequest,
    ) -> Self {
        let account = client.create_account(request).await.unwrap();
        let (a, w) = (
            account.account_id().to_string(),
            account.workflow_execution_id().to_string(),
        );
        Self { account, a, w }
    }

    /// Creates an account of workflow `key` with the reference `reference`.
    pub async fn new(
        client: &jumio_kyx::Client,
        reference: &str,
        key: impl Into<jumio_kyx::WorkflowKey>,
    ) -> Self {
        Self::with(
            client,
            &jumio_kyx::types::AccountRequest::new(reference, key),
        )
        .await
    }

    /// The id of the account's credential of `category`.
    pub fn credential(&self, category: jumio_kyx::types::CredentialCategory) -> String {
        self.account.credential(&category).unwrap().id.clone()
    }

    /// Uploads `file` as the `classifier` part of `credential` (`upload_part`).
    pub async fn upload(
        &self,
        client: &jumio_kyx::Client,
        credential: &str,
        classifier: jumio_kyx::types::UploadClassifier,
        file: jumio_kyx::ImageSource,
    ) -> Result<jumio_kyx::types::PartUploadResponse, jumio_kyx::Error> {
        let (a, w) = (&self.a, &self.w);
        client.upload_part(a, w, credential, classifier, file).await
    }
}

/// All an error shows: its Display and Debug, then each `source()` of its chain both ways.
pub fn everything_shown(e: &jumio_kyx::Error) -> String {
    let mut out = format!("{e} {e:?} ");
    let mut next = std::error::Error::source(e);
    while let Some(s) = next {
        out.push_str(&format!("{s} {s:?} "));
        next = s.source();
    }
    out
}

/// How many requests of an operation the sandbox received.
pub fn count(sandbox: &RunningSandbox, operation: &str) -> usize {
    sandbox
        .requests()
        .iter()
        .filter(|r| r.operation == Some(operation))
        .count()
}

/// Sends a request; returns the status of the answer.
pub async fn status_of(request: reqwest::RequestBuilder) -> reqwest::StatusCode {
    request.send().await.unwrap().status()
}

/// Sends a request and parses the answer as JSON.
pub async fn json_of(request: reqwest::RequestBuilder) -> serde_json::Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// The member of a JSON array whose `key` is `value`.
#[track_caller]
pub fn item<'a>(array: &'a Value, key: &str, value: &str) -> &'a Value {
    let found = array.as_array().unwrap().iter().find(|m| m[key] == value);
    found.unwrap_or_else(|| panic!("no member with {key} {value:?} in {array}"))
}
pub mod hostile;

/// The data of a watchlist screening (workflow 10010) that passes.
pub fn screening_data() -> jumio_kyx::types::PreparedData {
    screening_of("JANE", "SPECIMEN", "1990-01-01")
}

/// The data of a watchlist screening of a person in the USA.
pub fn screening_of(
    first_name: &str,
    last_name: &str,
    date_of_birth: &str,
) -> jumio_kyx::types::PreparedData {
    jumio_kyx::types::PreparedData {
        first_name: Some(first_name.into()),
        last_name: Some(last_name.into()),
        date_of_birth: Some(date_of_birth.into()),
        address: Some(jumio_kyx::types::PreparedAddress {
            country: Some("USA".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// An ID + identity verification of the sample front, back and selfie.
pub fn id_verification(reference: &str) -> jumio_kyx::IdentityVerification {
    use jumio_kyx::ImageSource;
    jumio_kyx::IdentityVerification::new(
        reference,
        ImageSource::bytes(FRONT_JPEG),
        ImageSource::bytes(SELFIE_JPEG),
    )
    .back(ImageSource::bytes(BACK_JPEG))
}

/// The href of the first part of the first credential of a workflow's details.
pub fn first_part_href(details: &jumio_kyx::types::WorkflowDetails) -> String {
    details.credentials.as_ref().unwrap()[0]
        .parts
        .as_ref()
        .unwrap()[0]
        .href
        .clone()
        .unwrap()
}

/// Serves a router on a free loopback port with the peer address each request needs (what
/// `jumio_kyx::axum::CallbackReceiver` reads); returns the URL of `path` on it.
pub async fn serve(router: axum::Router, path: &str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{path}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    url
}
