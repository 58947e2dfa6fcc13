//! High-level flows, callbacks end to end (sender check, parse, dedupe, fetch details: the axum
//! receiver), and waiting for completion.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::*;
use jumio_kyx::axum::CallbackReceiver;
use jumio_kyx::callback::{CallbackVerifier, parse_callback};
use jumio_kyx::types::{self, DecisionType, WorkflowStatus};
use jumio_kyx::{
    ErrorKind, IdentityVerification, ImageSource, PollSchedule, PreparedDataVerification, Region,
    WaitOptions,
};

type Received = Arc<Mutex<Vec<(types::CallbackPayload, types::WorkflowDetails)>>>;

/// A callback receiver as an integrator writes it: `jumio_kyx::axum::CallbackReceiver` checks the
/// sender, parses, answers 200 and deduplicates; the handler then fetches the authoritative
/// details.
async fn receiver(client: jumio_kyx::Client, verifier: CallbackVerifier) -> (String, Received) {
    let received: Received = Arc::default();
    let into = received.clone();
    let receiver = CallbackReceiver::new(verifier).on_callback(move |callback| {
        let (client, into) = (client.clone(), into.clone());
        async move {
            let details = client.get_callback_details(&callback).await.unwrap();
            into.lock().unwrap().push((callback, details));
        }
    });
    let url = serve(receiver.into_router("/jumio/callback"), "/jumio/callback").await;
    (url, received)
}

async fn wait_for(received: &Received, n: usize) {
    for _ in 0..500 {
        if received.lock().unwrap().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "expected {n} callbacks, got {}",
        received.lock().unwrap().len()
    );
}

#[tokio::test]
async fn an_identity_verification_reports_through_its_callback() {
    let sandbox = sandbox(fast()).await;
    let client = client(&sandbox);
    let verifier = CallbackVerifier::for_region(Region::Us).allow(IpAddr::from([127, 0, 0, 1]));
    let (url, received) = receiver(client.clone(), verifier).await;
    let verification = id_verification("flow-cb-1")
        .user_reference("user-cb")
        .callback_url(url);
    let started = client
        .run_identity_verification(verification)
        .await
        .unwrap();
    wait_for(&received, 1).await;
    let (callback, details) = received.lock().unwrap()[0].clone();
    assert_eq!(
        callback.workflow_execution.id,
        started.workflow_execution_id()
    );
    assert_eq!(
        callback.workflow_execution.status,
        WorkflowStatus::Processed
    );
    assert_eq!(details.decision_type(), Some(&DecisionType::Passed));
    // The flow's calls: three uploads, one finalize.
    let calls = (
        count(&sandbox, "upload_part"),
        count(&sandbox, "finalize_workflow"),
    );
    assert_eq!(calls, (3, 1));
}

#[tokio::test]
async fn callbacks_from_other_senders_are_refused() {
    let sandbox = sandbox(fast_and(|s| s.callback_attempts = 2)).await;
    let client = client(&sandbox);
    // Jumio's US addresses only: the sandbox on 127.0.0.1 is refused (403), and retries.
    let (url, received) = receiver(client.clone(), CallbackVerifier::for_region(Region::Us)).await;
    let v = IdentityVerification::new(
        "flow-cb-2",
        ImageSource::bytes(FRONT_JPEG),
        ImageSource::bytes(SELFIE_JPEG),
    )
    .callback_url(url);
    client.run_identity_verification(v).await.unwrap();
    for _ in 0..300 {
        if sandbox
            .callback_records()
            .first()
            .is_some_and(|r| r.state == "failed")
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let record = &sandbox.callback_records()[0];
    assert_eq!(record.state, "failed");
    assert!(record.attempts.iter().all(|a| a.status == Some(403)));
    assert!(received.lock().unwrap().is_empty());
}

#[test]
fn callback_sender_lists_old_and_new_per_region() {
    let us = CallbackVerifier::for_region(Region::Us);
    for ip in [
        "34.202.241.227",
        "52.52.51.178",
        "52.8.136.236",
        "54.183.15.212",
    ] {
        us.verify(ip.parse().unwrap())
            .unwrap_or_else(|e| panic!("{ip}: {e}"));
    }
    assert!(
        us.verify("34.253.41.236".parse().unwrap()).is_err(),
        "an EU address is not a US one"
    );
    let current = CallbackVerifier::current_only(Region::Us);
    assert!(
        current.verify("52.52.51.178".parse().unwrap()).is_err(),
        "a replaced address"
    );
    let sg = CallbackVerifier::for_region(Region::Sg);
    sg.verify("13.238.100.17".parse().unwrap()).unwrap();
    sg.verify("::ffff:3.0.109.121".parse().unwrap()).unwrap();
    assert!(CallbackVerifier::all_regions().allowed().len() >= 21);
    let e = us.verify("203.0.113.9".parse().unwrap()).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Authentication);
    // Behind a trusted reverse proxy the sender is the last X-Forwarded-For entry.
    let proxy: IpAddr = "10.0.0.5".parse().unwrap();
    let behind = CallbackVerifier::for_region(Region::Eu).trust_proxy(proxy);
    assert_eq!(
        behind
            .verify_forwarded(proxy, Some("198.51.100.1, 52.48.0.25"))
            .unwrap(),
        "52.48.0.25".parse::<IpAddr>().unwrap()
    );
    assert!(
        behind
            .verify_forwarded(proxy, Some("52.48.0.25, 198.51.100.1"))
            .is_err()
    );
    assert!(
        behind
            .verify_forwarded("10.0.0.6".parse().unwrap(), Some("52.48.0.25"))
            .is_err(),
        "an untrusted peer's header is ignored"
    );
    // A dual-stack socket reports the proxy IPv4-mapped; it is still the trusted proxy.
    assert_eq!(
        behind
            .verify_forwarded("::ffff:10.0.0.5".parse().unwrap(), Some("52.48.0.25"))
            .unwrap(),
        "52.48.0.25".parse::<IpAddr>().unwrap()
    );
    assert!(parse_callback(b"{not json").is_err());
}

#[tokio::test]
async fn waiting_for_completion_polls_until_a_final_status() {
    let sandbox = sandbox(fast_and(|s| s.processing_delay_ms = 700)).await;
    let client = client(&sandbox);
    let data = screening_data();
    let started = client
        .run_prepared_data_verification(PreparedDataVerification::screening(
            "wait-1", "user-w", data,
        ))
        .await
        .unwrap();
    let options = WaitOptions {
        schedule: PollSchedule::Scaled(0.01),
        deadline: Duration::from_secs(20),
    };
    let status = client
        .wait_for_completion(
            started.account_id(),
            started.workflow_execution_id(),
            options,
        )
        .await
        .unwrap();
    assert_eq!(status.workflow_execution.status, WorkflowStatus::Processed);
    let polls = count(&sandbox, "get_workflow_status");
    assert!(
        (2..=10).contains(&polls),
        "{polls} polls: ACQUIRED first, then PROCESSED"
    );
    // A workflow that never finishes runs the schedule out.
    let Created { a, w, .. } = Created::new(&client, "wait-2", 10011u64).await;
    let within_5s = |schedule| WaitOptions {
        schedule,
        deadline: Duration::from_secs(5),
    };
    let scaled = within_5s(PollSchedule::Scaled(0.001));
    let e = client
        .wait_for_completion(&a, &w, scaled)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Timeout);
    // Expiry is a final status too.
    sandbox.advance_clock(chrono::Duration::minutes(31));
    let every = within_5s(PollSchedule::Every(Duration::from_millis(10)));
    let s = client.wait_for_completion(&a, &w, every).await.unwrap();
    assert_eq!(s.workflow_execution.status, WorkflowStatus::TokenExpired);
}
