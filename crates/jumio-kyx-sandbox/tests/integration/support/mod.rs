//! A sandbox started in-process on a free port, and a raw HTTP client to drive it.
#![allow(dead_code)]

use jumio_kyx_sandbox::{RunningSandbox, SandboxConfig, Settings};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub const UA: &str = "Sandbox Tests kyx-tests/1.0";

pub struct Harness {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
    pub token: String,
}

/// A response: status, JSON body (or `Null`), headers.
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: bytes::Bytes,
}

impl Answer {
    /// The problem detail of an error answer.
    pub fn detail(&self) -> &str {
        self.body["detail"].as_str().unwrap_or_default()
    }

    #[track_caller]
    pub fn ok(self) -> Value {
        assert_eq!(
            self.status,
            StatusCode::OK,
            "unexpected answer: {}",
            self.body
        );
        self.body
    }

    #[track_caller]
    pub fn expect(self, status: u16, detail_contains: &str) -> Self {
        assert_eq!(self.status.as_u16(), status, "{}", self.body);
        assert!(
            self.detail().contains(detail_contains),
            "detail {:?} lacks {detail_contains:?}",
            self.detail()
        );
        assert_eq!(self.body["status"], status, "problem body: {}", self.body);
        assert!(
            self.body["title"].is_string(),
            "problem body: {}",
            self.body
        );
        self
    }
}

/// An OAuth2 access token from the sandbox whose auth host is at `base` (empty if refused).
pub async fn access_token(http: &reqwest::Client, base: &str) -> String {
    let r = http
        .post(format!("{base}/oauth2/token"))
        .basic_auth("client-id", Some("client-secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    body["access_token"]
        .as_str()
        .map(String::from)
        .unwrap_or_default()
}

/// Sends a request; returns the status of the answer.
pub async fn status_of(request: reqwest::RequestBuilder) -> StatusCode {
    request.send().await.unwrap().status()
}

/// Sends a request and parses the answer as JSON.
pub async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// Settings for fast tests: processing is immediate.
pub fn fast() -> Settings {
    Settings {
        processing_delay_ms: 0,
        callback_backoff_ms: 20,
        ..Settings::default()
    }
}

impl Harness {
    pub async fn start() -> Self {
        Self::with(SandboxConfig {
            settings: fast(),
            ..SandboxConfig::default()
        })
        .await
    }

    pub async fn with(config: SandboxConfig) -> Self {
        let sandbox = RunningSandbox::start(config).await.expect("sandbox starts");
        let http = reqwest::Client::builder().user_agent(UA).build().unwrap();
        let mut h = Harness {
            sandbox,
            http,
            token: String::new(),
        };
        h.token = h.new_token().await;
        h
    }

    /// A harness on [`fast`] settings, changed by `change`.
    pub async fn with_fast(change: impl FnOnce(&mut Settings)) -> Self {
        let mut settings = fast();
        change(&mut settings);
        Self::with(SandboxConfig {
            settings,
            ..SandboxConfig::default()
        })
        .await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.url())
    }

    pub async fn new_token(&self) -> String {
        access_token(&self.http, self.sandbox.url()).await
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Answer {
        let r = req.send().await.expect("request reaches the sandbox");
        let status = r.status();
        let headers = r.headers().clone();
        let bytes = r.bytes().await.unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            body,
            headers,
            bytes,
        }
    }

    /// A token request: HTTP Basic credentials (none when `basic` is `None`) and a form.
    pub fn token_request(
        &self,
        basic: Option<(&str, &str)>,
        form: &[(&str, &str)],
    ) -> reqwest::RequestBuilder {
        let req = self.http.post(self.url("/oauth2/token"));
        match basic {
            Some((id, secret)) => req.basic_auth(id, Some(secret)),
            None => req,
        }
        .form(form)
    }

    /// A request with the harness's OAuth2 token.
    pub fn req(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            self.url(path)
        };
        self.http.request(method, url).bearer_auth(&self.token)
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.req(Method::GET, path)).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Answer {
        self.send(self.req(Method::POST, path).json(body)).await
    }

    pub async fn put_json(&self, path: &str, body: &Value) -> Answer {
        self.send(self.req(Method::PUT, path).json(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(self.req(Method::DELETE, path)).await
    }

    /// Creates an account for a workflow key; returns the response.
    pub async fn create(&self, key: u64, extra: Value) -> Value {
        let mut body =
            json!({"customerInternalReference": "test-ref", "workflowDefinition": {"key": key}});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        self.post_json("/api/v1/accounts", &body).await.ok()
    }

    /// Creates an account for a workflow key; returns its ids and credentials.
    pub async fn created(&self, key: u64, extra: Value) -> Created {
        Created::from(self.create(key, extra).await)
    }

    /// Uploads a file to an upload URL (POST, or PUT to replace).
    pub async fn upload(
        &self,
        method: Method,
        url: &str,
        bytes: &'static [u8],
        token: Option<&str>,
    ) -> Answer {
        let part = reqwest::multipart::Part::bytes(bytes).file_name("file.jpg");
        let form = reqwest::multipart::Form::new().part("file", part);
        let req = self
            .http
            .request(method, url)
            .bearer_auth(token.unwrap_or(&self.token))
            .multipart(form);
        self.send(req).await
    }

    /// Uploads a file to an upload URL (POST) with the harness's OAuth2 token.
    pub async fn post_part(&self, url: &str, bytes: &'static [u8]) -> Answer {
        self.upload(Method::POST, url, bytes, None).await
    }

    /// Replaces a part (PUT to its upload URL) with the harness's OAuth2 token.
    pub async fn put_part(&self, url: &str, bytes: &'static [u8]) -> Answer {
        self.upload(Method::PUT, url, bytes, None).await
    }

    /// Uploads a file (POST) with a transaction token.
    pub async fn post_part_as(&self, token: &str, url: &str, bytes: &'static [u8]) -> Answer {
        self.upload(Method::POST, url, bytes, Some(token)).await
    }

    /// Control API call.
    pub async fn control(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut req = self
            .http
            .request(method, self.url(&format!("/__sandbox{path}")));
        if let Some(b) = body {
            req = req.json(&b);
        }
        self.send(req).await
    }

    /// The status of a workflow execution (`GET …/workflow-executions/{workflow}/status`), 200.
    pub async fn status_of(&self, account: &str, workflow: &str) -> Value {
        let path = format!("/api/v1/accounts/{account}/workflow-executions/{workflow}/status");
        self.get(&path).await.ok()
    }

    /// Changes the sandbox's settings (`PUT /__sandbox/settings`).
    pub async fn put_settings(&self, changes: Value) -> Answer {
        self.control(Method::PUT, "/settings", Some(changes)).await
    }

    /// The sandbox's request log (`GET /__sandbox/requests`).
    pub async fn request_log(&self) -> Answer {
        self.control(Method::GET, "/requests", None).await
    }

    /// The control API's view of a workflow (`GET /__sandbox/workflows/{id}`).
    pub async fn workflow_state(&self, workflow: &str) -> Value {
        self.control(Method::GET, &format!("/workflows/{workflow}"), None)
            .await
            .ok()
    }
}

/// The member of a JSON array whose `key` is `value`.
#[track_caller]
pub fn item<'a>(array: &'a Value, key: &str, value: &str) -> &'a Value {
    let found = array.as_array().unwrap().iter().find(|m| m[key] == value);
    found.unwrap_or_else(|| panic!("no member with {key} {value:?} in {array}"))
}

/// The `key` of each member of a JSON array, as strings.
pub fn strings_at<'a>(array: &'a Value, key: &str) -> Vec<&'a str> {
    let members = array.as_array().unwrap().iter();
    members.map(|m| m[key].as_str().unwrap()).collect()
}

/// Account id, workflow id, and the credential (id, api.parts, token) of a category.
pub struct Created {
    pub account: String,
    pub workflow: String,
    pub body: Value,
}

impl Created {
    pub fn from(body: Value) -> Self {
        Created {
            account: body["account"]["id"].as_str().unwrap().to_string(),
            workflow: body["workflowExecution"]["id"]
                .as_str()
                .unwrap()
                .to_string(),
            body,
        }
    }

    pub fn credential(&self, category: &str) -> &Value {
        self.body["workflowExecution"]["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["category"] == category)
            .unwrap_or_else(|| panic!("no {category} credential in {}", self.body))
    }

    pub fn part_url(&self, category: &str, classifier: &str) -> String {
        self.credential(category)["api"]["parts"][classifier.to_ascii_lowercase()]
            .as_str()
            .unwrap_or_else(|| panic!("no {classifier} upload URL for {category}"))
            .to_string()
    }

    pub fn token(&self) -> String {
        self.body["workflowExecution"]["credentials"][0]["api"]["token"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn path(&self) -> String {
        format!(
            "/api/v1/accounts/{}/workflow-executions/{}",
            self.account, self.workflow
        )
    }
}

/// The sample images, and a PNG header claiming a size.
#[allow(unused_imports)]
pub use jumio_kyx_sandbox::infra::samples::{
    BACK_JPEG, FRONT_JPEG, SELFIE_JPEG, SPECIMEN_PNG, png_header,
};

/// Creates a 10011 workflow, uploads front, back and selfie, finalizes; returns it.
pub async fn complete_10011(h: &Harness, extra: Value) -> Created {
    let c = Created::from(h.create(10011, extra).await);
    upload_id_and_selfie_then_finalize(h, &c, Some(&c.token())).await;
    c
}

/// Uploads the ID's front and back and the selfie (with `token`, else the harness's OAuth2
/// token), then finalizes.
pub async fn upload_id_and_selfie_then_finalize(h: &Harness, c: &Created, token: Option<&str>) {
    for (credential, part, image) in [
        ("ID", "FRONT", FRONT_JPEG),
        ("ID", "BACK", BACK_JPEG),
        ("SELFIE", "FACE", SELFIE_JPEG),
    ] {
        h.upload(Method::POST, &c.part_url(credential, part), image, token)
            .await
            .ok();
    }
    h.send(h.req(Method::PUT, &c.path())).await.ok();
}

/// A local HTTP listener that records the callbacks it receives.
#[derive(Clone)]
pub struct Receiver {
    pub received: std::sync::Arc<std::sync::Mutex<Vec<Value>>>,
}

impl Receiver {
    /// Waits until `n` callbacks arrived (at most 10 s) and returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<Value> {
        for _ in 0..1000 {
            {
                let got = self.received.lock().unwrap();
                if got.len() >= n {
                    return got.clone();
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!(
            "expected {n} callbacks, got {}",
            self.received.lock().unwrap().len()
        );
    }
}

/// Starts a callback receiver answering the given statuses in turn (then 200); returns it and
/// its URL.
pub async fn callback_receiver(statuses: Vec<u16>) -> (Receiver, String) {
    use std::sync::{Arc, Mutex};
    let receiver = Receiver {
        received: Arc::new(Mutex::new(Vec::new())),
    };
    let script = Arc::new(Mutex::new(statuses.into_iter()));
    let r = receiver.clone();
    let app = axum::Router::new().route(
        "/callback",
        axum::routing::post(move |body: axum::Json<Value>| {
            let r = r.clone();
            let script = script.clone();
            async move {
                let status = script.lock().unwrap().next().unwrap_or(200);
                if status == 200 {
                    r.received.lock().unwrap().push(body.0);
                }
                reqwest::StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/callback", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (receiver, url)
}
