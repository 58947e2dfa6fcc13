//! The axum callback receiver (feature `axum`) on a real loopback server: callbacks sent by the
//! sandbox (each handled once, redeliveries dropped, the 200 sent before the handler runs), a
//! sender it must refuse, and the answers to requests that are not callbacks.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::*;
use jumio_kyx::axum::CallbackReceiver;
use jumio_kyx::callback::CallbackVerifier;
use jumio_kyx::types::{CallbackPayload, WorkflowStatus};
use jumio_kyx::{PreparedDataVerification, Region, types};
use jumio_kyx_sandbox::RunningSandbox;
use jumio_kyx_sandbox::platform::callbacks::CallbackRecord;

const PATH: &str = "/jumio/callback";
const LOOPBACK: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

type Handled = Arc<Mutex<Vec<CallbackPayload>>>;

/// A receiver whose handler records each callback it is given.
fn recording(verifier: CallbackVerifier) -> (CallbackReceiver, Handled) {
    let handled: Handled = Arc::default();
    let into = handled.clone();
    let receiver = CallbackReceiver::new(verifier).on_callback(move |callback| {
        let into = into.clone();
        async move { into.lock().unwrap().push(callback) }
    });
    (receiver, handled)
}

/// Waits (up to 5 s) until `done` holds.
async fn until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting until {what}");
}

fn record_of(sandbox: &RunningSandbox, workflow: &str) -> Option<CallbackRecord> {
    sandbox
        .callback_records()
        .into_iter()
        .find(|r| r.workflow_execution_id == workflow)
}

/// Waits until the callback of `workflow` is in `state` (`delivered`, `failed`).
async fn until_callback(sandbox: &RunningSandbox, workflow: &str, state: &str) {
    let what = format!("the callback of {workflow} is {state}");
    until(&what, || {
        record_of(sandbox, workflow).is_some_and(|r| r.state == state)
    })
    .await;
}

/// Starts an ID + identity verification that reports to `url`; returns its workflow id.
async fn verify(client: &jumio_kyx::Client, reference: &str, url: &str) -> String {
    let started = client
        .run_identity_verification(id_verification(reference).callback_url(url))
        .await
        .unwrap();
    started.workflow_execution_id().to_string()
}

#[tokio::test]
async fn sandbox_callbacks_reach_the_handler_once_even_when_redelivered() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let (receiver, handled) = recording(CallbackVerifier::for_region(Region::Us).allow(LOOPBACK));
    let url = serve(receiver.into_router(PATH), PATH).await;

    // 10011 and 10010, each reporting to the receiver.
    let id = verify(&client, "axum-1", &url).await;
    let screening = client
        .run_prepared_data_verification(
            PreparedDataVerification::screening("axum-2", "user-ax", screening_data())
                .callback_url(&url),
        )
        .await
        .unwrap();
    until("both callbacks are handled", || {
        handled.lock().unwrap().len() == 2
    })
    .await;
    let mut workflows: Vec<String> = handled
        .lock()
        .unwrap()
        .iter()
        .map(|c| {
            assert_eq!(c.workflow_execution.status, WorkflowStatus::Processed);
            c.workflow_execution.id.clone()
        })
        .collect();
    workflows.sort();
    let mut expected = vec![id.clone(), screening.workflow_execution_id().to_string()];
    expected.sort();
    assert_eq!(workflows, expected);

    // The sandbox redelivers the first callback twice: both answered 200, neither handled again.
    let first = record_of(&sandbox, &id).unwrap();
    assert_eq!(first.state, "delivered");
    for round in 2..=3 {
        sandbox
            .control("redeliver_callback", serde_json::json!({"id": first.id}))
            .unwrap();
        until("the redelivery is answered", || {
            record_of(&sandbox, &id)
                .is_some_and(|r| r.attempts.len() == round && r.state == "delivered")
        })
        .await;
    }
    let record = record_of(&sandbox, &id).unwrap();
    assert!(record.attempts.iter().all(|a| a.status == Some(200)));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(handled.lock().unwrap().len(), 2, "redeliveries are dropped");

    // The handler is given what the details are fetched with.
    let callback = handled.lock().unwrap()[0].clone();
    let details = client.get_callback_details(&callback).await.unwrap();
    assert_eq!(details.decision_type(), Some(&types::DecisionType::Passed));
}

#[tokio::test]
async fn the_answer_does_not_wait_for_the_handler() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let release = Arc::new(tokio::sync::Notify::new());
    let handled: Handled = Arc::default();
    let (wait, into) = (release.clone(), handled.clone());
    let receiver = CallbackReceiver::new(CallbackVerifier::for_region(Region::Us).allow(LOOPBACK))
        .on_callback(move |callback| {
            let (wait, into) = (wait.clone(), into.clone());
            async move {
                wait.notified().await;
                into.lock().unwrap().push(callback);
            }
        });
    let url = serve(receiver.into_router(PATH), PATH).await;
    let w = &verify(&client, "axum-slow", &url).await;
    until_callback(&sandbox, w, "delivered").await;
    assert_eq!(record_of(&sandbox, w).unwrap().attempts.len(), 1);
    assert!(
        handled.lock().unwrap().is_empty(),
        "the handler still waits"
    );
    release.notify_one();
    until("the handler ends", || handled.lock().unwrap().len() == 1).await;
}

#[tokio::test]
async fn a_refused_sender_gets_403_and_the_handler_never_runs() {
    let sandbox = sandbox(fast_and(|s| s.callback_attempts = 2)).await;
    let client = client(&sandbox);
    // Jumio's US addresses only: the sandbox, on 127.0.0.1, is not one of them.
    let refused: Arc<Mutex<Vec<IpAddr>>> = Arc::default();
    let (receiver, handled) = recording(CallbackVerifier::for_region(Region::Us));
    let into = refused.clone();
    let receiver = receiver.on_refused(move |peer, e| {
        assert_eq!(e.kind(), &jumio_kyx::ErrorKind::Authentication);
        into.lock().unwrap().push(peer);
    });
    let url = serve(receiver.into_router(PATH), PATH).await;
    let w = &verify(&client, "axum-refused", &url).await;
    // The sandbox gives up.
    until_callback(&sandbox, w, "failed").await;
    let record = record_of(&sandbox, w).unwrap();
    assert_eq!(record.attempts.len(), 2);
    assert!(record.attempts.iter().all(|a| a.status == Some(403)));
    assert!(handled.lock().unwrap().is_empty());
    assert_eq!(*refused.lock().unwrap(), [LOOPBACK, LOOPBACK]);
}

/// A callback body, as the sandbox would send it.
fn callback_body(workflow: &str) -> String {
    serde_json::json!({
        "callbackSentAt": "2021-01-21T14:55:01.917Z",
        "workflowExecution": {"id": workflow, "href": "https://retrieval.amer-1.jumio.ai/api/v1/workflow-executions/w", "definitionKey": "10011", "status": "PROCESSED"},
        "account": {"id": "a", "href": "https://retrieval.amer-1.jumio.ai/api/v1/accounts/a"}
    })
    .to_string()
}

#[tokio::test]
async fn requests_that_are_not_callbacks_are_answered_400_413_and_405() {
    let (receiver, handled) = recording(CallbackVerifier::for_region(Region::Us).allow(LOOPBACK));
    let url = serve(receiver.max_body_bytes(1024).into_router(PATH), PATH).await;
    let http = reqwest::Client::new();
    let post = |body: reqwest::Body| http.post(&url).body(body).send();
    let status = |r: reqwest::Response| r.status().as_u16();

    assert_eq!(status(post("{not json".into()).await.unwrap()), 400);
    assert_eq!(status(post(r#"{"hello": 1}"#.into()).await.unwrap()), 400);
    // Too large, declared or not (chunked).
    assert_eq!(status(post(vec![b' '; 2048].into()).await.unwrap()), 413);
    let chunks = futures_util::stream::iter(
        (0..4).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b' '; 512]))),
    );
    assert_eq!(
        status(post(reqwest::Body::wrap_stream(chunks)).await.unwrap()),
        413
    );
    assert_eq!(
        status(http.get(&url).send().await.unwrap()),
        405,
        "POST only"
    );
    assert!(handled.lock().unwrap().is_empty());
    // A callback is handled; the same event again is answered and dropped.
    assert_eq!(
        status(post(callback_body("w-1").into()).await.unwrap()),
        200
    );
    assert_eq!(
        status(post(callback_body("w-1").into()).await.unwrap()),
        200
    );
    assert_eq!(
        status(post(callback_body("w-2").into()).await.unwrap()),
        200
    );
    until("both events are handled", || {
        handled.lock().unwrap().len() == 2
    })
    .await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(handled.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn x_forwarded_for_is_read_only_behind_a_trusted_proxy() {
    let jumio = "34.202.241.227";
    let post = |url: String, forwarded: Vec<&'static str>, body: String| async move {
        let mut request = reqwest::Client::new().post(url).body(body);
        for line in forwarded {
            request = request.header("X-Forwarded-For", line);
        }
        request.send().await.unwrap().status().as_u16()
    };

    // Behind a proxy on loopback: the sender is the rightmost untrusted entry of every line.
    let (receiver, handled) =
        recording(CallbackVerifier::for_region(Region::Us).trust_proxy(LOOPBACK));
    let url = serve(receiver.into_router(PATH), PATH).await;
    assert_eq!(
        post(url.clone(), vec![jumio], callback_body("f-1")).await,
        200
    );
    assert_eq!(
        post(url.clone(), vec!["203.0.113.9"], callback_body("f-2")).await,
        403
    );
    // The client wrote the first line, the proxy appended the second.
    assert_eq!(
        post(
            url.clone(),
            vec![jumio, "203.0.113.9"],
            callback_body("f-3")
        )
        .await,
        403
    );
    assert_eq!(post(url.clone(), vec![], callback_body("f-4")).await, 403);
    // The sender is judged before the body is read: a refused one gets 403, not 413.
    assert_eq!(
        post(url.clone(), vec!["203.0.113.9"], " ".repeat(200_000)).await,
        403
    );
    until("the accepted callback is handled", || {
        handled.lock().unwrap().len() == 1
    })
    .await;
    assert_eq!(handled.lock().unwrap()[0].workflow_execution.id, "f-1");

    // Not from a trusted proxy: X-Forwarded-For does not name the sender, the peer (loopback)
    // is refused.
    let (receiver, handled) = recording(CallbackVerifier::for_region(Region::Us));
    let url = serve(receiver.into_router(PATH), PATH).await;
    assert_eq!(post(url, vec![jumio], callback_body("f-5")).await, 403);
    assert!(handled.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_request_with_x_forwarded_for_is_refused_when_no_proxy_is_trusted() {
    // Loopback is an accepted sender (a local sandbox), and no proxy is trusted: Jumio never
    // sends X-Forwarded-For, so a request carrying it came through a proxy the verifier does
    // not know, or forged it. Refused before the body is read, never handled, not remembered.
    let refused: Arc<Mutex<Vec<String>>> = Arc::default();
    let into = refused.clone();
    let (receiver, handled) = recording(CallbackVerifier::for_region(Region::Us).allow(LOOPBACK));
    let receiver = receiver.on_refused(move |_, e| {
        into.lock()
            .unwrap()
            .push(e.detail().unwrap_or_default().to_string())
    });
    let url = serve(receiver.into_router(PATH), PATH).await;
    let http = reqwest::Client::new();
    let forged = http
        .post(&url)
        .header("X-Forwarded-For", "34.202.241.227")
        .body(callback_body("x-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    let details = refused.lock().unwrap().clone();
    assert_eq!(details.len(), 1);
    assert!(
        details[0].contains("Jumio never sends X-Forwarded-For"),
        "{details:?}"
    );
    // The same event without the header is new: the forged one was not remembered.
    let genuine = http.post(&url).body(callback_body("x-1")).send().await;
    assert_eq!(genuine.unwrap().status().as_u16(), 200);
    until("the genuine callback is handled", || {
        handled.lock().unwrap().len() == 1
    })
    .await;
    assert_eq!(handled.lock().unwrap()[0].workflow_execution.id, "x-1");
}

#[tokio::test]
async fn served_without_connect_info_every_request_is_a_500() {
    let (receiver, handled) = recording(CallbackVerifier::for_region(Region::Us).allow(LOOPBACK));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/cb", listener.local_addr().unwrap());
    // A router of the application's, with state, the receiver as one of its routes.
    let app = axum::Router::new()
        .route("/cb", receiver.into_method_router())
        .with_state(42u32);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let r = reqwest::Client::new()
        .post(&url)
        .body(callback_body("n-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 500);
    assert!(handled.lock().unwrap().is_empty());
}

#[test]
fn debug_output_shows_settings_not_callbacks() {
    let (receiver, _) = recording(CallbackVerifier::for_region(Region::Eu));
    let shown = format!("{:?}", receiver.remember(10));
    assert!(shown.contains("CallbackReceiver"), "{shown}");
    assert!(shown.contains("remembered: 0"), "{shown}");
}
