//! The sandbox's JSON handlers (account create and update, prepared data, migration, token,
//! finalize) with any body: an answer, never a panic, and never a 5xx.

use jumio_kyx_sandbox::infra::fuzzing::Target;

/// One input: returns normally, or panics on a broken promise.
pub fn check(data: &[u8]) {
    let Some((which, body)) = data.split_first() else {
        return;
    };
    let t = Target::get();
    let (a, w, _, _) = &t.idv;
    let (sa, sw, sc) = &t.screening;
    let (method, path, content_type) = match which % 7 {
        0 => ("POST", "/api/v1/accounts".to_string(), "application/json"),
        1 => ("PUT", format!("/api/v1/accounts/{a}"), "application/json"),
        2 => (
            "POST",
            format!(
                "/api/v1/accounts/{sa}/workflow-executions/{sw}/credentials/{sc}/parts/PREPARED_DATA"
            ),
            "application/json",
        ),
        3 => (
            "POST",
            "/api/v1/migrations/accounts".to_string(),
            "application/json",
        ),
        4 => (
            "PUT",
            format!("/api/v1/migrations/accounts/{a}"),
            "application/json",
        ),
        5 => (
            "POST",
            "/oauth2/token".to_string(),
            "application/x-www-form-urlencoded",
        ),
        _ => (
            "PUT",
            format!("/api/v1/accounts/{a}/workflow-executions/{w}"),
            "application/json",
        ),
    };
    let (status, _) = t.send(method, &path, Some(content_type), body.to_vec());
    assert!(status < 500, "{method} {path}: {status}");
    t.trim();
}
