//! `jumio_kyx_sandbox::testing` and the request journal's assertions, as a Rust test suite uses
//! them: a per-test sandbox with a bound client, `assert_requested` / `assert_not_requested` by
//! operationId or snake_case with non-secret fields, personal data matched but never kept, and
//! failures that read like good test failures.

use std::panic::{AssertUnwindSafe, catch_unwind};

use jumio_kyx::WorkflowKey;
use jumio_kyx::types::AccountRequest;
use jumio_kyx_sandbox::testing::TestSandbox;
use serde_json::json;

/// The panic message of a failed assertion.
fn failure(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("the assertion fails");
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

#[tokio::test]
async fn assertions_match_operations_and_fields() {
    let kyx = TestSandbox::start().await;
    let mut request = AccountRequest::new("order-42", WorkflowKey::ID_AND_IDENTITY_VERIFICATION);
    request.callback_url = Some("https://shop.example/kyc/callback".into());
    let account = kyx.client.create_account(&request).await.unwrap();

    kyx.assert_requested("createAccount", 1, &[]);
    kyx.assert_requested("create_account", None, &[]);
    kyx.assert_requested(
        "createAccount",
        1,
        &[
            ("workflowDefinition.key", json!(3)),
            ("callbackUrl", json!("https://shop.example/kyc/callback")),
            // Personal data: matched by fingerprint, never kept in clear.
            ("customerInternalReference", json!("order-42")),
        ],
    );
    kyx.assert_requested(
        "createAccount",
        1,
        &[("workflow_definition.key", json!("3"))],
    );
    kyx.assert_not_requested(
        "createAccount",
        &[("customerInternalReference", json!("order-43"))],
    );
    kyx.assert_not_requested("deleteAccount", &[]);
    kyx.assert_requested("getAccessToken", None, &[]);

    // Path parameters are fields too.
    kyx.client
        .get_workflow_status(account.account_id(), account.workflow_execution_id())
        .await
        .unwrap();
    kyx.assert_requested(
        "getWorkflowStatus",
        1,
        &[(
            "workflowExecutionId",
            json!(account.workflow_execution_id()),
        )],
    );

    // The journal as the control API shows it: the reference nowhere.
    let shown = serde_json::to_string(&kyx.requests()).unwrap();
    assert!(
        shown.contains("\"workflowDefinition.key\":\"3\""),
        "{shown}"
    );
    assert!(!shown.contains("order-42"), "{shown}");
}

#[tokio::test]
async fn failures_say_what_was_expected_and_list_the_requests_made() {
    let kyx = TestSandbox::start().await;
    let request = AccountRequest::new("order-42", WorkflowKey::ID_AND_IDENTITY_VERIFICATION);
    kyx.client.create_account(&request).await.unwrap();

    let message = failure(|| {
        kyx.assert_requested("createAccount", 2, &[("workflowDefinition.key", json!(3))])
    });
    assert!(
        message.starts_with(
            "expected createAccount to be requested exactly 2 times with workflowDefinition.key=3, but it was requested 1 time"
        ),
        "{message}"
    );
    assert!(message.contains("requests made (2):"), "{message}");
    assert!(
        message.contains("getAccessToken POST /oauth2/token → 200"),
        "{message}"
    );
    assert!(
        message.contains("createAccount POST /api/v1/accounts → 200 workflowDefinition.key=3"),
        "{message}"
    );

    let message = failure(|| kyx.assert_not_requested("createAccount", &[]));
    assert!(
        message
            .starts_with("expected createAccount not to be requested, but it was requested 1 time"),
        "{message}"
    );

    // A personal-data field is named, never shown, even in the expectation.
    let message = failure(|| {
        kyx.assert_requested(
            "createAccount",
            1,
            &[("customerInternalReference", json!("order-99"))],
        )
    });
    assert!(
        message.contains("customerInternalReference=(personal data, not shown)"),
        "{message}"
    );
    assert!(
        !message.contains("order-99") && !message.contains("order-42"),
        "{message}"
    );

    let message = failure(|| kyx.assert_requested("createAcount", 1, &[]));
    assert!(
        message.contains("there is no operation `createAcount`"),
        "{message}"
    );

    // Each test has a sandbox of its own.
    let other = TestSandbox::start().await;
    other.assert_not_requested("createAccount", &[]);
}
