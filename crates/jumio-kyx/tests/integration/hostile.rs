//! The client against a hostile server (`support/hostile.rs`): what real gateways, broken
//! servers and lying servers send. Each test names the promise it holds: no duplicate
//! transaction, retries that are safe, no leaked personal data, no panic, typed errors.

use std::time::{Duration, Instant};

use crate::support::hostile::{Body, Hostile, Reply, Seen, friendly};
use jumio_kyx::types::{AccountRequest, MigrationRequest, PartClassifier};
use jumio_kyx::{Client, ErrorKind, ImageSource, RetryPolicy};
use serde_json::{Value, json};

const STATUS_PATH: &str = "/api/v1/accounts/a/workflow-executions/w/status";

pub(crate) fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/api-examples")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub(crate) fn status_body() -> Value {
    fixture("retrieval-status_10011_PROCESSED_amer-1_docs-jumio-com.json")
}

fn account_body() -> Value {
    fixture("account-create-response_10011_ID-SELFIE-FACEMAP_kyx-guide.json")
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        max_rate_limit_retries: 5,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_secs(2),
    }
}

/// A client builder pointed at `base_url`, with credentials and a User-Agent.
fn builder_at(base_url: &str) -> jumio_kyx::ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .credentials("id", "secret")
        .user_agent("hostile-tests/1.0")
}

/// A client builder pointed at a hostile server.
fn builder(server: &Hostile) -> jumio_kyx::ClientBuilder {
    builder_at(&server.url)
}

/// Fast retries, but none: the first answer is the result.
fn no_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 0,
        ..fast_retries()
    }
}

/// A client builder pointed at a hostile server, with fast retries.
fn fast_builder(server: &Hostile) -> jumio_kyx::ClientBuilder {
    builder(server).retry_policy(fast_retries())
}

pub(crate) fn client(server: &Hostile) -> Client {
    fast_builder(server).build().unwrap()
}

/// Answers the token endpoint, and everything else with `then(seen, n)` where `n` counts the
/// API requests so far (0-based).
pub(crate) fn scripted(
    then: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
) -> impl Fn(&Seen) -> Reply + Send + Sync + 'static {
    let n = std::sync::atomic::AtomicUsize::new(0);
    move |seen| {
        if seen.path == "/oauth2/token" {
            return friendly(seen);
        }
        then(seen, n.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
    }
}

/// Answers the first API request with `first`, every later one with a status.
fn first_then_status(first: Reply) -> impl Fn(&Seen) -> Reply + Send + Sync + 'static {
    scripted(move |_, n| {
        if n == 0 {
            first.clone()
        } else {
            Reply::json(200, &status_body())
        }
    })
}

// ----------------------------------------------------------------- 1. bodies that are not JSON

#[tokio::test]
async fn gateway_pages_and_empty_bodies_are_classified_by_their_status() {
    // A 502 HTML page and an empty 503 are retryable server errors: retried, then the answer.
    for first in [Reply::html(502), Reply::empty(503), Reply::html(504)] {
        let server = Hostile::start(first_then_status(first)).await;
        let status = client(&server).get_workflow_status("a", "w").await.unwrap();
        assert_eq!(
            status
                .workflow_execution
                .definition_key
                .unwrap()
                .to_string(),
            "10011"
        );
        assert_eq!(server.seen_on(STATUS_PATH), 2, "retried once");
    }
    // Always an HTML 503: a server error with its status, retryable, the page kept for
    // diagnostics but out of the message.
    let server = Hostile::start(scripted(|_, _| Reply::html(503))).await;
    let e = client(&server)
        .get_workflow_status("a", "w")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Server);
    assert_eq!(e.status(), Some(503));
    assert!(e.is_retryable());
    assert!(
        e.body().is_some_and(|b| b.contains("<h1>503")),
        "{:?}",
        e.body()
    );
    assert!(!e.to_string().contains("<h1>"), "{e}");
    assert!(e.to_string().contains("text/html"), "{e}");
    assert_eq!(
        server.seen_on(STATUS_PATH),
        4,
        "the first try and three retries"
    );
    // An empty 404 and an HTML 404 are not-found errors.
    for reply in [Reply::empty(404), Reply::html(404)] {
        let server = Hostile::start(scripted(move |_, _| reply.clone())).await;
        let e = client(&server)
            .get_workflow_status("a", "w")
            .await
            .unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::NotFound, "{e}");
        assert_eq!(e.status(), Some(404));
        assert_eq!(server.seen_on(STATUS_PATH), 1, "a 404 is final");
    }
    // A plain-text 400 is a validation error with its status.
    let server = Hostile::start(scripted(|_, _| {
        Reply::status(400, "text/plain", "Bad Request")
    }))
    .await;
    let e = client(&server)
        .get_workflow_status("a", "w")
        .await
        .unwrap_err();
    assert_eq!((e.kind(), e.status()), (&ErrorKind::Validation, Some(400)));
}

#[tokio::test]
async fn an_html_401_still_refreshes_the_token() {
    let server = Hostile::start(scripted(|_, n| {
        if n == 0 {
            Reply::html(401)
        } else {
            Reply::json(200, &status_body())
        }
    }))
    .await;
    client(&server).get_workflow_status("a", "w").await.unwrap();
    assert_eq!(
        server.seen_on("/oauth2/token"),
        2,
        "a new token after the 401"
    );
    assert_eq!(server.seen_on(STATUS_PATH), 2);
}

// ----------------------------------------------------------------------------- 2. retry table

#[tokio::test]
async fn operations_that_start_a_transaction_are_sent_once_after_an_unclear_failure() {
    let request = AccountRequest::new("order-1", 10011u64);
    let migration = MigrationRequest::new(["scan-1"]);
    for unclear in [
        Reply::html(502),
        Reply::empty(503),
        Reply::Drop,
        Reply::BreakOff {
            status: 200,
            declared: 500,
            sent: 10,
        },
    ] {
        let server = Hostile::start(scripted(move |_, _| unclear.clone())).await;
        let c = client(&server);
        let outcomes = [
            c.create_account(&request).await.map(|_| ()),
            c.update_account("acc", &request).await.map(|_| ()),
            c.create_migration(&migration).await.map(|_| ()),
            c.update_migration("acc", &migration).await.map(|_| ()),
        ];
        for o in &outcomes {
            assert!(o.is_err());
        }
        assert_eq!(
            server.api_requests().len(),
            4,
            "each operation was sent exactly once: {:?}",
            outcomes
                .iter()
                .map(|o| o.as_ref().unwrap_err().to_string())
                .collect::<Vec<_>>()
        );
    }
}

#[tokio::test]
async fn a_429_is_not_processed_so_every_operation_waits_and_retries() {
    // An HTML 429 without Retry-After, then success: even account creation tries again.
    let server = Hostile::start(scripted(|seen, n| {
        if n % 2 == 0 {
            Reply::html(429)
        } else if seen.path.contains("migrations") {
            Reply::json(200, &json!({"account": {"id": "acc"}}))
        } else {
            Reply::json(200, &account_body())
        }
    }))
    .await;
    let c = client(&server);
    c.create_account(&AccountRequest::new("order-1", 10011u64))
        .await
        .unwrap();
    c.update_account("acc", &AccountRequest::new("order-1", 10011u64))
        .await
        .unwrap();
    c.create_migration(&MigrationRequest::new(["scan-1"]))
        .await
        .unwrap();
    c.update_migration("acc", &MigrationRequest::new(["scan-2"]))
        .await
        .unwrap();
    assert_eq!(
        server.api_requests().len(),
        8,
        "each operation: a 429, then success"
    );
    // Retry-After is honoured.
    let server = Hostile::start(scripted(|_, n| {
        if n == 0 {
            Reply::json(429, &json!({"title": "Too Many Requests"})).with_header("Retry-After", "1")
        } else {
            Reply::json(200, &account_body())
        }
    }))
    .await;
    let t = Instant::now();
    client(&server)
        .create_account(&AccountRequest::new("order-1", 10011u64))
        .await
        .unwrap();
    let took = t.elapsed();
    assert!(took >= Duration::from_millis(950), "{took:?}");
}

// ----------------------------------------------------------------------------- 3. redirects

#[tokio::test]
async fn redirects_are_refused_and_the_body_never_reaches_the_other_host() {
    let elsewhere = Hostile::start(friendly).await;
    let location = format!("{}/steal", elsewhere.url.replace("127.0.0.1", "localhost"));
    for status in [301, 302, 303, 307, 308] {
        let server = Hostile::start(scripted({
            let location = location.clone();
            move |_, _| Reply::empty(status).with_header("Location", &location)
        }))
        .await;
        let c = client(&server);
        let mut request = AccountRequest::new("order-1", 10011u64);
        request.user_reference = Some("JANE-DOE-1980".into());
        let e = c.create_account(&request).await.unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::Redirect, "{status}: {e}");
        assert_eq!(e.status(), Some(status));
        assert!(e.to_string().contains("localhost"), "names the host: {e}");
        assert!(
            !e.to_string().contains("/steal"),
            "the path is not shown: {e}"
        );
        assert!(!e.is_retryable());
        let e = c.get_workflow_status("a", "w").await.unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::Redirect);
        assert_eq!(server.api_requests().len(), 2, "no retry");
    }
    assert!(
        elsewhere.seen().is_empty(),
        "nothing went to the other host"
    );
}

#[tokio::test]
async fn a_redirect_followed_by_a_callers_own_http_client_is_detected() {
    let elsewhere = Hostile::start(|_: &Seen| Reply::json(200, &status_body())).await;
    let location = format!("{}{STATUS_PATH}", elsewhere.url);
    let server = Hostile::start(scripted(move |_, _| {
        Reply::empty(302).with_header("Location", &location)
    }))
    .await;
    let c = builder_at(&server.url.replace("127.0.0.1", "localhost"))
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let e = c.get_workflow_status("a", "w").await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Redirect, "{e}");
}

/// The builder's own HTTP client sends the User-Agent itself and a caller's gets it from the
/// request hook: either way each request carries it once, and never progenitor's
/// `api-version` header.
#[tokio::test]
async fn each_request_carries_the_user_agent_once_whichever_http_client_sends_it() {
    let server = Hostile::start(scripted(|_, _| Reply::json(200, &status_body()))).await;
    let own = builder(&server).build().unwrap();
    let callers = builder(&server)
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    own.get_workflow_status("a", "w").await.unwrap();
    callers.get_workflow_status("a", "w").await.unwrap();
    let seen = server.seen();
    // A token request and a status request from each client.
    assert_eq!(seen.len(), 4);
    for request in &seen {
        let agents: Vec<_> = request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("user-agent"))
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(agents, ["hostile-tests/1.0"], "{:?}", request.headers);
        assert_eq!(request.header("api-version"), None);
    }
}

/// The typed client keeps only an answer's body, and its hooks drop the headers before the
/// generated layer copies them; a request sent through `raw()` still gets every header.
#[tokio::test]
async fn the_generated_layer_still_sees_the_answers_headers() {
    let server = Hostile::start(scripted(|_, _| {
        Reply::json(200, &status_body()).with_header("X-Request-Id", "r-42")
    }))
    .await;
    let c = builder(&server).build().unwrap();
    let typed = c.get_workflow_status("a", "w").await.unwrap();
    assert_eq!(typed, *c.raw().get_workflow_status("a", "w").await.unwrap());
    // The token is cached now: `raw()` sends it as the typed call did.
    let raw = c.raw().get_workflow_status("a", "w").await.unwrap();
    assert_eq!(
        raw.headers().get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"r-42"[..])
    );
}

// -------------------------------------------------------------------------- 4. unbounded bodies

#[tokio::test]
async fn a_300_mb_error_body_is_not_read() {
    let overloaded = Reply::repeat(503, "text/html", b"<p>overloaded</p>", 300 << 20, false);
    let server = Hostile::start(scripted(move |_, _| overloaded.clone())).await;
    let c = builder(&server).retry_policy(no_retries()).build().unwrap();
    let e = c.get_workflow_status("a", "w").await.unwrap_err();
    assert_eq!((e.kind(), e.status()), (&ErrorKind::Server, Some(503)));
    assert!(e.body().is_some_and(|b| b.chars().count() <= 2049));
    // The client stopped reading at 64 KiB and closed the connection: the server could write
    // what socket buffers hold, nowhere near 300 MB.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let written = server.body_bytes_written();
    assert!(written < 32 * 1024 * 1024, "{written} bytes were written");
}

#[tokio::test]
async fn json_bodies_are_bounded_by_max_response_bytes() {
    for declared in [true, false] {
        let spaces = Reply::repeat(200, "application/json", b"          ", 50 << 20, declared);
        let server = Hostile::start(scripted(move |_, _| spaces.clone())).await;
        let c = builder(&server)
            .max_response_bytes(1024 * 1024)
            .build()
            .unwrap();
        let e = c.get_workflow_status("a", "w").await.unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidResponse, "{e}");
        assert!(e.to_string().contains("max_response_bytes"), "{e}");
        assert_eq!(server.seen_on(STATUS_PATH), 1, "not retried");
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(server.body_bytes_written() < 32 * 1024 * 1024);
    }
}

#[tokio::test]
async fn downloads_stream_and_honour_max_download_bytes() {
    let image = Reply::repeat(200, "image/jpeg", &[0xAB], 3 << 20, false);
    let server = Hostile::start(scripted(move |_, _| image.clone())).await;
    let front = |c: Client| async move {
        let part = c.download_part("a", "c", PartClassifier::Front).await;
        part.unwrap().bytes().await
    };
    let unlimited = front(client(&server)).await.unwrap();
    assert_eq!(unlimited.len(), 3 * 1024 * 1024);
    let limited = builder(&server)
        .max_download_bytes(1024 * 1024)
        .build()
        .unwrap();
    let e = front(limited).await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::InvalidResponse, "{e}");
    assert!(e.to_string().contains("max_download_bytes"), "{e}");
}

// ------------------------------------------------------------------------------------ 5. panics

#[tokio::test]
async fn absurd_token_lifetimes_never_panic() {
    for expires_in in [json!(i64::MAX), json!(-5), json!(0), json!(i64::MIN)] {
        let server = Hostile::start(move |seen: &Seen| {
            if seen.path == "/oauth2/token" {
                Reply::token(expires_in.clone())
            } else {
                Reply::json(200, &status_body())
            }
        })
        .await;
        let c = client(&server);
        c.get_workflow_status("a", "w").await.unwrap();
        c.get_workflow_status("a", "w").await.unwrap();
    }
    // Not an integer at all: a typed error, not a panic.
    for expires_in in [json!(1e300), json!("soon"), json!(null)] {
        let server = Hostile::start(move |_: &Seen| Reply::token(expires_in.clone())).await;
        let e = client(&server)
            .get_workflow_status("a", "w")
            .await
            .unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidResponse, "{e}");
        assert!(e.to_string().contains("expires_in"), "names the field: {e}");
    }
}

#[tokio::test]
async fn absurd_retry_after_values_never_panic() {
    for value in [
        "99999999999999999999999",
        "18446744073709551615",
        "-1",
        "soon",
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ] {
        let first = Reply::empty(503).with_header("Retry-After", value);
        let server = Hostile::start(first_then_status(first)).await;
        let c = fast_builder(&server)
            .deadline(Duration::from_secs(5))
            .build()
            .unwrap();
        match c.get_workflow_status("a", "w").await {
            Ok(_) => {}
            // A wait longer than the policy allows ends the retries with the server's answer.
            Err(e) => {
                assert_eq!(e.kind(), &ErrorKind::Server, "{value}: {e}");
                assert!(e.retry_after().unwrap() <= jumio_kyx::error::MAX_RETRY_AFTER);
            }
        }
    }
}

// ---------------------------------------------------------- 9. the token and an upload's error

#[tokio::test]
async fn a_401_on_an_upload_from_a_reader_returns_the_401_not_a_consumed_reader() {
    let server = Hostile::start(scripted(|_, _| {
        Reply::json(401, &json!({"title": "Unauthorized"}))
    }))
    .await;
    let c = client(&server);
    let jpeg = jumio_kyx_sandbox::infra::samples::FRONT_JPEG;
    let e = c
        .upload_part(
            "a",
            "w",
            "c",
            jumio_kyx::types::UploadClassifier::Front,
            ImageSource::reader(std::io::Cursor::new(jpeg.to_vec()), Some(jpeg.len() as u64)),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Authentication, "{e}");
    assert_eq!(e.status(), Some(401));
    assert_eq!(server.api_requests().len(), 1, "a reader is sent once");
}

#[tokio::test]
async fn the_deadline_includes_the_time_spent_getting_a_token() {
    let server = Hostile::start(|seen: &Seen| {
        if seen.path == "/oauth2/token" {
            Reply::Delay(Duration::from_secs(3), Box::new(Reply::token(json!(3600))))
        } else {
            Reply::json(200, &status_body())
        }
    })
    .await;
    let c = builder(&server)
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();
    let t = Instant::now();
    let e = c.get_workflow_status("a", "w").await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Timeout, "{e}");
    let took = t.elapsed();
    assert!(took < Duration::from_millis(1500), "{took:?}");
}

#[tokio::test]
async fn bodies_that_break_off_or_trickle_are_typed_errors() {
    let server = Hostile::start(scripted(|_, n| match n {
        0 => Reply::BreakOff {
            status: 200,
            declared: 1000,
            sent: 100,
        },
        _ => Reply::Respond {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Body::Trickle {
                bytes: status_body().to_string().into_bytes(),
                every: Duration::from_millis(50),
            },
        },
    }))
    .await;
    let c = builder(&server)
        .retry_policy(no_retries())
        .request_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let e = c.get_workflow_status("a", "w").await.unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::Transport | ErrorKind::InvalidResponse),
        "{e}"
    );
    let e = c.get_workflow_status("a", "w").await.unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::Timeout,
        "a slow body is cut by the request timeout: {e}"
    );
}

#[tokio::test]
async fn the_request_timeout_also_bounds_the_generated_layer_and_downloads() {
    // The call driver times its own attempts; a request sent through `raw()` has no driver, and
    // a download's body is read after the call returns: both keep reqwest's timer.
    let server = Hostile::start(scripted(|_, _| {
        Reply::Delay(
            Duration::from_secs(3),
            Box::new(Reply::json(200, &status_body())),
        )
    }))
    .await;
    let c = builder(&server)
        .retry_policy(no_retries())
        .request_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = c.raw().get_workflow_status("a", "w").await.unwrap_err();
    assert!(
        matches!(&e, progenitor_client::Error::CommunicationError(r) if r.is_timeout()),
        "{e:?}"
    );
    let e = c.get_workflow_status("a", "w").await.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Timeout, "{e}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "both cut at 300 ms"
    );

    let trickle = Hostile::start(scripted(|_, _| Reply::Respond {
        status: 200,
        headers: vec![("Content-Type".into(), "image/jpeg".into())],
        body: Body::Trickle {
            bytes: vec![0xFF; 64],
            every: Duration::from_millis(50),
        },
    }))
    .await;
    let c = builder(&trickle)
        .retry_policy(no_retries())
        .request_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let download = c
        .download_part("a", "c", PartClassifier::Front)
        .await
        .unwrap();
    let e = download
        .bytes()
        .await
        .expect_err("a trickling download is cut by the request timeout");
    assert_eq!(e.kind(), &ErrorKind::Timeout, "{e}");
}

#[tokio::test]
async fn a_403_refreshes_the_token_once_even_for_account_creation() {
    // The docs answer a bad token with 403: not processed, so even account creation is retried
    // once with a fresh token; a second 403 is the caller's error.
    let server = Hostile::start(scripted(|_, n| {
        if n == 0 {
            Reply::json(403, &json!({"title": "Forbidden"}))
        } else {
            Reply::json(200, &account_body())
        }
    }))
    .await;
    client(&server)
        .create_account(&AccountRequest::new("order-1", 10011u64))
        .await
        .unwrap();
    assert_eq!(server.seen_on("/oauth2/token"), 2);
    assert_eq!(server.api_requests().len(), 2);
    let server = Hostile::start(scripted(|_, _| {
        Reply::json(403, &json!({"title": "Forbidden"}))
    }))
    .await;
    let e = client(&server)
        .create_account(&AccountRequest::new("order-1", 10011u64))
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.status()),
        (&ErrorKind::Authentication, Some(403))
    );
    assert_eq!(
        server.api_requests().len(),
        2,
        "one refresh, then the error"
    );
}
