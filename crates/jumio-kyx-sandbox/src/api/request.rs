//! Small helpers for reading requests.

use axum::http::{HeaderMap, header};
use serde_json::Value;

use crate::api::problem::Problem;

/// The JSON body of a request; 400 unless it is `application/json` and parses.
pub fn json_body(headers: &HeaderMap, body: &[u8]) -> Result<Value, Problem> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence != "application/json" {
        return Err(Problem::bad_request("the body must be application/json"));
    }
    serde_json::from_slice(body).map_err(|e| {
        Problem::bad_request(format!(
            "the body is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })
}

/// 400 listing schema violations, if any.
pub fn check_schema(schema: &str, body: &Value) -> Result<(), Problem> {
    let errors = crate::platform::spec::spec().validate(schema, body);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Problem::bad_request(errors.join("; ")))
    }
}

/// Reads a dotted path (`address.country`) of a JSON object.
pub fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}
