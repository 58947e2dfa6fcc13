//! Ids: whatever `validate::id` accepts, once encoded as the generated layer encodes it, stays
//! one path segment (the URL parser resolves nothing) and the path keeps its template's shape.

use jumio_kyx::fuzzing::{encode_segment, path_fits};

const TEMPLATE: &str = "/api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}";

/// One input: returns normally, or panics on a broken promise.
pub fn check(data: &[u8]) {
    let Ok(id) = std::str::from_utf8(data) else {
        return;
    };
    if jumio_kyx::validate::id("account_id", id).is_err() {
        return;
    }
    let url = format!(
        "http://127.0.0.1/api/v1/accounts/{}/workflow-executions/w",
        encode_segment(id)
    );
    let parsed = url::Url::parse(&url).expect("an encoded id makes a valid URL");
    assert!(
        path_fits(parsed.path(), TEMPLATE),
        "{id:?} -> {}",
        parsed.path()
    );
}
