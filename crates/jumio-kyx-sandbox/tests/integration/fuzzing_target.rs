//! The fuzz targets' entry point (`jumio_kyx_sandbox::infra::fuzzing::Target`) as an ordinary test, so
//! that `cargo test` catches what would stop the fuzzers before their first input (CI once found
//! the target could not be built outside a tokio runtime only in the fuzzing step).

use jumio_kyx_sandbox::infra::fuzzing::Target;

#[test]
fn the_fuzzing_target_answers_hostile_json_without_a_server_error() {
    let t = Target::get();
    let (a, w, _, _) = &t.idv;
    for (method, path, body) in [
        (
            "POST",
            "/api/v1/accounts".to_string(),
            &b"{\"scanReferences\":[]}"[..],
        ),
        ("POST", "/api/v1/accounts".to_string(), b"{"),
        ("PUT", format!("/api/v1/accounts/{a}"), b"[]"),
        (
            "PUT",
            format!("/api/v1/accounts/{a}/workflow-executions/{w}"),
            b"null",
        ),
        (
            "POST",
            "/api/v1/migrations/accounts".to_string(),
            b"{\"scanReferences\":[\"\\u0000\"]}",
        ),
    ] {
        let (status, _) = t.send(method, &path, Some("application/json"), body.to_vec());
        // As the fuzz target asserts: never a server error. A finalize ignores its body (200).
        assert!(status < 500, "{method} {path}: {status}");
        if path == "/api/v1/accounts" {
            assert!((400..500).contains(&status), "{method} {path}: {status}");
        }
    }
    t.trim();
}
