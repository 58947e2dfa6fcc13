//! The client against hostile input: numbers, ids and hrefs from callers or servers that would
//! leave their place (a path segment, a range), and bodies of the wrong shape. Each is refused
//! with a typed error before anything is sent, or named by its field, never by its value. The
//! hostile answers themselves are in `hostile.rs`.

use std::time::Duration;

use crate::hostile::{client, fixture, scripted, status_body};
use crate::support::everything_shown;
use crate::support::hostile::{Hostile, Reply, friendly};
use jumio_kyx::types::PartClassifier;
use jumio_kyx::{Client, ErrorKind, PollSchedule, RetryPolicy, WaitOptions};
use serde_json::json;

#[tokio::test]
async fn hostile_numbers_from_callers_are_validation_errors() {
    let b = || {
        Client::builder()
            .base_url("http://127.0.0.1:9")
            .credentials("id", "secret")
            .user_agent("hostile-tests/1.0")
    };
    for (builder, field) in [
        (b().deadline(Duration::MAX), "deadline"),
        (b().deadline(Duration::ZERO), "deadline"),
        (b().request_timeout(Duration::MAX), "request_timeout"),
        (b().connect_timeout(Duration::ZERO), "connect_timeout"),
        (
            b().retry_policy(RetryPolicy {
                max_backoff: Duration::MAX,
                ..Default::default()
            }),
            "max_backoff",
        ),
        (
            b().retry_policy(RetryPolicy {
                initial_backoff: Duration::from_secs(60),
                ..Default::default()
            }),
            "initial_backoff",
        ),
        (b().max_response_bytes(0), "max_response_bytes"),
        (b().max_upload_bytes(0), "max_upload_bytes"),
    ] {
        let e = builder.build().unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::Validation, "{field}: {e}");
        assert_eq!(e.field(), Some(field));
    }
    let c = b().build().unwrap();
    for (options, field) in [
        (
            WaitOptions {
                schedule: PollSchedule::Documented,
                deadline: Duration::MAX,
            },
            "deadline",
        ),
        (
            WaitOptions {
                schedule: PollSchedule::Scaled(f64::INFINITY),
                deadline: Duration::from_secs(1),
            },
            "schedule_scale",
        ),
        (
            WaitOptions {
                schedule: PollSchedule::Scaled(f64::NAN),
                deadline: Duration::from_secs(1),
            },
            "schedule_scale",
        ),
        (
            WaitOptions {
                schedule: PollSchedule::Scaled(-1.0),
                deadline: Duration::from_secs(1),
            },
            "schedule_scale",
        ),
        (
            WaitOptions {
                schedule: PollSchedule::Every(Duration::MAX),
                deadline: Duration::from_secs(1),
            },
            "poll_interval",
        ),
        (
            WaitOptions {
                schedule: PollSchedule::Every(Duration::ZERO),
                deadline: Duration::from_secs(1),
            },
            "poll_interval",
        ),
    ] {
        let e = c.wait_for_completion("a", "w", options).await.unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
    }
    // The same through the by-name entry point the bindings use.
    for (args, field) in [
        (json!({"deadline": -1}), "deadline"),
        (json!({"deadline": 1e300}), "deadline"),
        (json!({"deadline": 0}), "deadline"),
        (json!({"poll_interval": -0.5}), "poll_interval"),
        (json!({"schedule_scale": 1e308}), "schedule_scale"),
    ] {
        let mut a = json!({"account_id": "a", "workflow_execution_id": "w"});
        for (k, v) in args.as_object().unwrap() {
            a[k] = v.clone();
        }
        let e = jumio_kyx_bridge::call(&c, "wait_for_completion", a, Default::default())
            .await
            .unwrap_err();
        assert_eq!(e.field(), Some(field), "{e}");
    }
}

// ------------------------------------------------------------------------------------- 6. ids

#[tokio::test]
async fn ids_never_leave_their_path_segment() {
    let server = Hostile::start(friendly).await;
    let c = client(&server);
    for bad in [
        "..\\..\\B",
        "..",
        ".",
        "",
        "a/b",
        "a\\b",
        "x\ny",
        "x\u{0}y",
        "x\u{7f}",
    ] {
        let e = c.delete_workflow("A", bad).await.unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::Validation, "{bad:?}");
        assert_eq!(e.field(), Some("workflow_execution_id"), "{bad:?}");
        let e = c.delete_account(bad).await.unwrap_err();
        assert_eq!(e.field(), Some("account_id"), "{bad:?}");
        let e = c
            .download_part("A", "C", PartClassifier::from(bad))
            .await
            .unwrap_err();
        assert_eq!(e.field(), Some("classifier"), "{bad:?}");
    }
    assert!(
        server.seen().is_empty(),
        "nothing was sent: {:?}",
        server.seen()
    );
    // Odd but harmless ids are sent, each inside its own segment.
    for odd in ["%2e%2e", "a b", "NV-2019-000123", "a?b#c", "..."] {
        c.delete_workflow("A", odd).await.unwrap();
    }
    for seen in server.api_requests() {
        let segments: Vec<&str> = seen.path.split('/').collect();
        assert_eq!(segments.len(), 7, "{}", seen.path);
        assert_eq!(
            segments[..5],
            ["", "api", "v1", "accounts", "A"],
            "{}",
            seen.path
        );
    }
    assert_eq!(server.api_requests().len(), 5);
}

#[tokio::test]
async fn the_generated_layer_refuses_a_path_that_changed_shape() {
    let server = Hostile::start(friendly).await;
    let c = client(&server);
    c.get_access_token().await.unwrap();
    let e = c.raw().delete_workflow("A", "..\\..\\B").await.unwrap_err();
    assert!(
        matches!(e, progenitor_client::Error::InvalidRequest(_)),
        "{e:?}"
    );
    assert!(server.api_requests().is_empty());
}

#[tokio::test]
async fn hrefs_are_decoded_once_and_validated() {
    let server = Hostile::start(scripted(|_, _| {
        Reply::json(
            200,
            &fixture("retrieval-workflow-details_10010_PROCESSED_PASSED_kyx-guide.json"),
        )
    }))
    .await;
    let c = client(&server);
    c.get_workflow_by_href(&format!(
        "{}/api/v1/workflow-executions/abc%20def",
        server.url
    ))
    .await
    .unwrap();
    assert_eq!(
        server.api_requests().last().unwrap().path,
        "/api/v1/workflow-executions/abc%20def",
        "not encoded twice"
    );
    for hostile in ["..%2F..%2Fx", "%2e%2e", "a%5Cb", "%0a"] {
        let e = c
            .get_workflow_by_href(&format!(
                "{}/api/v1/accounts/{hostile}/workflow-executions/w",
                server.url
            ))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::Validation, "{hostile}: {e}");
    }
    // However the authority is spelled, a dot segment is found.
    let host = server.url.trim_start_matches("http://");
    for spelled in [
        format!("http:/{host}/api/v1/accounts/a/../../workflow-executions/w"),
        format!(r"http:\\{host}\api\v1\accounts\a\..\..\workflow-executions\w"),
    ] {
        let e = c.get_workflow_by_href(&spelled).await.unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::Validation, "{spelled}: {e}");
    }
    assert_eq!(server.api_requests().len(), 1);
}

#[tokio::test]
async fn callback_ids_are_validated_before_anything_is_sent() {
    let server = Hostile::start(friendly).await;
    let c = client(&server);
    let body = json!({
        "callbackSentAt": "2021-01-21T14:55:01.917Z",
        "workflowExecution": {"id": "../../accounts/victim", "href": "x", "definitionKey": "10011", "status": "PROCESSED"},
        "account": {"id": "a", "href": "x"},
    });
    let callback = jumio_kyx::callback::parse_callback(body.to_string().as_bytes()).unwrap();
    let e = c.get_callback_details(&callback).await.unwrap_err();
    assert_eq!(e.field(), Some("workflow_execution_id"));
    assert!(server.seen().is_empty());
}

// ------------------------------------------------------------------------- 7. personal data

#[tokio::test]
async fn a_response_of_the_wrong_shape_names_the_field_never_the_value() {
    let mut body = status_body();
    body["workflowExecution"]["id"] = json!(123456789);
    let server = Hostile::start(scripted(move |_, _| Reply::json(200, &body))).await;
    let e = client(&server)
        .get_workflow_status("a", "w")
        .await
        .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::InvalidResponse);
    let everything = everything_shown(&e);
    assert!(everything.contains("workflowExecution.id"), "{everything}");
    assert!(
        everything.contains("expected a string, found an integer"),
        "{everything}"
    );
    assert!(!everything.contains("123456789"), "{everything}");
    // A string where a number belongs: the string is not quoted either.
    let mut body = status_body();
    body["workflowExecution"]["status"] = json!({"secret": "JANE DOE"});
    let server = Hostile::start(scripted(move |_, _| Reply::json(200, &body))).await;
    let e = client(&server)
        .get_workflow_status("a", "w")
        .await
        .unwrap_err();
    let everything = everything_shown(&e);
    assert!(!everything.contains("JANE"), "{everything}");
}

#[tokio::test]
async fn a_request_body_of_the_wrong_shape_names_the_field_never_the_value() {
    let server = Hostile::start(friendly).await;
    let c = client(&server);
    let e = jumio_kyx_bridge::call(
        &c,
        "upload_prepared_data",
        json!({"account_id": "a", "workflow_execution_id": "w", "credential_id": "c",
               "data": {"firstName": "JANE", "id": {"idNumber": 123456789}}}),
        Default::default(),
    )
    .await
    .unwrap_err();
    let everything = everything_shown(&e);
    assert_eq!(e.field(), Some("id.idNumber"), "{everything}");
    assert!(
        !everything.contains("123456789") && !everything.contains("JANE"),
        "{everything}"
    );
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn server_details_are_neutralised_and_capped() {
    let detail = format!(
        "bad\u{1b}[2J\u{1b}]0;pwned\u{7}\r\nforged line\u{202e}{}",
        "x".repeat(5000)
    );
    let server = Hostile::start(scripted(move |_, _| {
        Reply::json(400, &json!({"title": "Bad\u{1b}[31m", "detail": detail}))
            .with_header("X-Request-Id", &"r".repeat(500))
    }))
    .await;
    let e = client(&server)
        .get_workflow_status("a", "w")
        .await
        .unwrap_err();
    let shown = format!("{e} {e:?}");
    for c in ['\u{1b}', '\u{7}', '\r', '\n', '\u{202e}'] {
        assert!(!shown.contains(c), "{c:?} in {shown}");
    }
    assert!(e.detail().unwrap().chars().count() <= 1001);
    assert!(e.request_id().unwrap().chars().count() <= 129);
    assert!(shown.contains("forged line"), "{shown}");
}
