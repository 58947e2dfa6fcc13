//! A tiny web app on the web channel: `POST /start` creates an account and sends the browser to
//! Jumio's hosted journey; the journey sends it back to `/kyc/done` or `/kyc/failed`, which parse
//! the redirect, check it is a transaction this app started, and show the workflow's status.
//! `POST /embed` runs the journey inside the app's own page with Jumio's Web SDK (`<jumio-sdk>`;
//! install `@jumio/websdk` yourself, serve its folder and set `JUMIO_WEBSDK_SCRIPT` to its
//! `index.js` URL), then shows `/kyc/embedded?workflow=…`.
//!
//! `cargo run -p jumio-kyx --example web_journey` serves on a free port against an embedded
//! sandbox and prints the address to open (`-- --port 8080` picks the port). The browser tests
//! (`tests/browser`) drive it in headless Chromium.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use jumio_kyx::types::{AccountRequest, WebSettings};
use jumio_kyx::web::WebRedirect;
use jumio_kyx::{Client, WorkflowKey};

#[derive(Clone)]
struct App {
    client: Client,
    base: String,
    /// Transactions this app started: workflow execution id → account id. A redirect naming any
    /// other pair is refused: anyone can type a `successUrl`.
    started: Arc<Mutex<HashMap<String, String>>>,
}

async fn home() -> Html<&'static str> {
    Html(
        "<!doctype html><title>Shop</title><h1>Shop</h1><p>Verify your identity to continue.</p>\
<form method=post action=/start><button id=verify>Verify my identity</button></form>\
<form method=post action=/embed><button id=embed>Verify here (Jumio Web SDK)</button></form>",
    )
}

/// The app's page with Jumio's Web SDK. The token and the API the SDK talks to come from the
/// account's `web.href` (`…/web/client?baseUrl=…&authorizationToken=…`); in production you may
/// instead name the data centre: `<jumio-sdk token="…" dc="us">`.
async fn embed(State(app): State<App>) -> Response {
    let (workflow_id, url) = match begin(&app, None).await {
        Ok(begun) => begun,
        Err(page) => return page,
    };
    let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
    let param = |k: &str| escape(query.get(k).map(String::as_str).unwrap_or_default());
    let script = std::env::var("JUMIO_WEBSDK_SCRIPT").ok();
    let (missing, loader) = match &script {
        Some(s) => (String::new(), format!("<script type=module src=\"{}\"></script>", escape(s))),
        None => (
            "<p id=websdk-missing>Install the SDK (<code>npm install @jumio/websdk</code>), serve its \
folder and set JUMIO_WEBSDK_SCRIPT to its <code>index.js</code> URL.</p>"
                .to_string(),
            String::new(),
        ),
    };
    let done = serde_json::to_string(&format!("/kyc/embedded?workflow={workflow_id}"))
        .unwrap_or_default()
        .replace('<', "\\u003c");
    Html(format!(
        "<!doctype html><meta charset=utf-8><title>Verify your identity</title>\
<h1 id=title>Verify your identity</h1>{missing}{loader}\
<jumio-sdk id=sdk token=\"{}\" base-url=\"{}\" locale=\"en\"></jumio-sdk>\
<script>let done=false;const finish=()=>{{if(!done){{done=true;location.assign({done});}}}};\
document.getElementById('sdk').addEventListener('workflow:success',finish);\
document.addEventListener('workflow:success',finish);</script>",
        param("authorizationToken"),
        param("baseUrl"),
    ))
    .into_response()
}

/// Where the SDK's page goes when the journey succeeded: the workflow's status.
/// The page for a transaction this app did not start.
fn not_ours() -> Response {
    page(
        StatusCode::BAD_REQUEST,
        "Unknown verification",
        "this app did not start that transaction",
    )
}

/// Where the platform says a workflow is (or why it cannot say).
async fn platform_status(app: &App, account_id: &str, workflow_id: &str) -> String {
    match app
        .client
        .get_workflow_status(account_id, workflow_id)
        .await
    {
        Ok(s) => s.workflow_execution.status.to_string(),
        Err(e) => format!("unknown ({e})"),
    }
}

async fn embedded(State(app): State<App>, uri: Uri) -> Response {
    let workflow_id = uri
        .query()
        .and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "workflow")
                .map(|(_, v)| v.into_owned())
        })
        .unwrap_or_default();
    let Some(account_id) = app.started.lock().unwrap().get(&workflow_id).cloned() else {
        return not_ours();
    };
    // The SDK says the user finished; the platform says where the workflow is.
    let status = platform_status(&app, &account_id, &workflow_id).await;
    let body = format!(
        "<dl><dt>workflow</dt><dd id=workflow-id>{}</dd><dt>status</dt><dd id=workflow-status>{}</dd></dl>\
<p>The decision arrives by callback or polling.</p>",
        escape(&workflow_id),
        escape(&status)
    );
    page(StatusCode::OK, "Thank you", &body)
}

/// Starts a transaction: creates the account, checks its journey address and remembers the
/// pair as this app's. The workflow execution id and the journey address, or the error page.
async fn begin(app: &App, web: Option<WebSettings>) -> Result<(String, url::Url), Response> {
    let unavailable = |e: jumio_kyx::Error| {
        page(
            StatusCode::BAD_GATEWAY,
            "Verification unavailable",
            &e.to_string(),
        )
    };
    let reference = format!("order-{}", order_number());
    let mut request = AccountRequest::new(reference, WorkflowKey::ID_AND_IDENTITY_VERIFICATION);
    request.web = web;
    let account = app
        .client
        .create_account(&request)
        .await
        .map_err(unavailable)?;
    let url = account.journey_url().map_err(unavailable)?;
    let workflow_id = account.workflow_execution_id().to_string();
    app.started
        .lock()
        .unwrap()
        .insert(workflow_id.clone(), account.account_id().to_string());
    Ok((workflow_id, url))
}

async fn start(State(app): State<App>) -> Response {
    let web = WebSettings {
        success_url: Some(format!("{}/kyc/done", app.base)),
        error_url: Some(format!("{}/kyc/failed", app.base)),
        locale: None,
        extra: Default::default(),
    };
    match begin(&app, Some(web)).await {
        Ok((_, url)) => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, url.to_string())]).into_response()
        }
        Err(page) => page,
    }
}

async fn back(State(app): State<App>, uri: Uri) -> Response {
    let redirect = match WebRedirect::parse(uri.query().unwrap_or_default()) {
        Ok(r) => r,
        Err(e) => {
            return page(
                StatusCode::BAD_REQUEST,
                "Not a verification redirect",
                &e.to_string(),
            );
        }
    };
    let ours = app
        .started
        .lock()
        .unwrap()
        .get(&redirect.workflow_execution_id)
        == Some(&redirect.account_id);
    if !ours {
        return not_ours();
    }
    // The redirect says the user is back; the platform says where the workflow is.
    let (account_id, workflow_id) = (&redirect.account_id, &redirect.workflow_execution_id);
    let status = platform_status(&app, account_id, workflow_id).await;
    let error = redirect
        .error_code
        .map(|c| {
            format!(
                "<dt>error</dt><dd id=error-code data-code={}>{}</dd>",
                c.code(),
                escape(&c.to_string())
            )
        })
        .unwrap_or_default();
    let body = format!(
        "<dl><dt>journey</dt><dd id=acquisition-status>{}</dd>{error}\
<dt>workflow</dt><dd id=workflow-id>{}</dd><dt>status</dt><dd id=workflow-status>{}</dd></dl>\
<p>The decision arrives by callback or polling.</p>",
        escape(redirect.acquisition_status.as_str()),
        escape(&redirect.workflow_execution_id),
        escape(&status),
    );
    let title = if redirect.is_success() {
        "Thank you"
    } else {
        "Verification failed"
    };
    page(StatusCode::OK, title, &body)
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><title>{t}</title><h1 id=title>{t}</h1><div id=body>{body}</div>",
        t = escape(title),
        body = if body.starts_with('<') {
            body.to_string()
        } else {
            format!("<p>{}</p>", escape(body))
        }
    );
    (status, Html(html)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A new order number.
fn order_number() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1000);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port = common::port_arg("--port").unwrap_or(0);
    let target = common::connect().await?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let base = format!("http://{}", listener.local_addr()?);
    let app = App {
        client: target.client.clone(),
        base: base.clone(),
        started: Arc::default(),
    };
    let router = axum::Router::new()
        .route("/", get(home))
        .route("/start", post(start))
        .route("/embed", post(embed))
        .route("/kyc/embedded", get(embedded))
        .route("/kyc/done", get(back))
        .route("/kyc/failed", get(back))
        .with_state(app);
    println!("open {base}/");
    if let Some(s) = &target.sandbox {
        println!("sandbox dashboard: {}", s.ui_url());
    }
    axum::serve(listener, router).await?;
    Ok(())
}
