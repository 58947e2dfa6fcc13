//! Assertions on the request journal, as tests write them: "`createAccount` was requested exactly
//! once with `workflowDefinition.key` 10013", "`deleteAccount` was never requested". The request
//! log keeps each request's non-secret fields (path parameters and JSON body values by dotted
//! path); personal data only as keyed fingerprints, so a test can match a value it gives and
//! nothing can read one back. A failure says what was expected and lists the requests made, one
//! line each, as a good test failure does.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::infra::log::LoggedRequest;
use crate::platform::spec::spec;

/// Most fields kept per request, and the longest value kept.
const MAX_FIELDS: usize = 200;
const MAX_VALUE_CHARS: usize = 1024;

/// Whether a value is or holds a credential: the request's own bearer token, or anything shaped
/// like the sandbox's tokens. Such a value is never kept, not even as a fingerprint.
fn holds_credential(value: &str, bearer: Option<&str>) -> bool {
    bearer.is_some_and(|t| t.len() >= 8 && value.contains(t))
        || value.contains("sbx_at_")
        || value.contains(crate::platform::transaction_token::HEADER_SEGMENT)
}

/// The fields of a request: path parameters named by the operation's template, and the leaves of
/// a JSON body. Personal data goes to `hashed`, through `fingerprint`; a value that holds a
/// credential (`bearer`, the request's token, or a token of the sandbox) is not kept at all.
pub fn fields_of(
    template: Option<&str>,
    path: &str,
    body: Option<&Value>,
    bearer: Option<&str>,
    fingerprint: &dyn Fn(&str) -> [u8; 32],
) -> (BTreeMap<String, String>, BTreeMap<String, [u8; 32]>) {
    let mut clear = BTreeMap::new();
    let mut hashed = BTreeMap::new();
    if let Some(template) = template {
        let names = template.split('/').filter(|s| !s.is_empty());
        for (name, value) in names.zip(path.split('/').filter(|s| !s.is_empty())) {
            if let Some(name) = name.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
                let value = percent_decode(value);
                if !holds_credential(&value, bearer) {
                    clear.insert(name.to_string(), value);
                }
            }
        }
    }
    if let Some(body) = body {
        let mut leaves = Vec::new();
        flatten(body, String::new(), false, &mut leaves);
        for (key, value, sensitive) in leaves.into_iter().take(MAX_FIELDS) {
            if value.chars().count() > MAX_VALUE_CHARS || holds_credential(&value, bearer) {
                continue;
            }
            if sensitive {
                hashed.insert(key, fingerprint(&value));
            } else {
                clear.insert(key, value);
            }
        }
    }
    (clear, hashed)
}

/// A path segment percent-decoded (a `+` in a path is a plus, not a space).
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

/// The scalar leaves of a JSON value: (dotted path, text, whether under a sensitive property).
fn flatten(v: &Value, path: String, sensitive: bool, out: &mut Vec<(String, String, bool)>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten(x, p, sensitive || spec().is_sensitive(k), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                flatten(x, format!("{path}[{i}]"), sensitive, out);
            }
        }
        Value::Null => {}
        Value::String(s) => out.push((path, s.clone(), sensitive)),
        other => out.push((path, other.to_string(), sensitive)),
    }
}

/// A field name as tests may write it: dotted camelCase (`workflowDefinition.key`), or each
/// segment in snake_case (`workflow_definition.key`).
fn field_name(name: &str) -> String {
    name.split('.')
        .map(|seg| {
            let mut out = String::new();
            let mut upper = false;
            for c in seg.chars() {
                if c == '_' && !out.is_empty() {
                    upper = true;
                } else if upper {
                    out.extend(c.to_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// An expected value as the journal keeps it: text, numbers and booleans as written.
fn field_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The operation a test names, by its operationId (`createAccount`) or snake_case
/// (`create_account`), as the journal names it (snake_case).
pub fn operation_id(name: &str) -> Option<&'static str> {
    jumio_kyx::routing::OPERATIONS
        .iter()
        .chain(crate::api::websdk::OPERATIONS.iter())
        .find(|o| o.id == name || o.spec_id == name)
        .map(|o| o.id)
}

/// The spec's operationId of a journal name, for messages.
fn spec_name(id: &str) -> &str {
    jumio_kyx::routing::OPERATIONS
        .iter()
        .chain(crate::api::websdk::OPERATIONS.iter())
        .find(|o| o.id == id)
        .map_or(id, |o| o.spec_id)
}

/// What a test expects: an operation, how many times (`None`: at least once), with which fields.
pub struct Expectation<'a> {
    /// The operation, by operationId or snake_case.
    pub operation: &'a str,
    /// Exactly this many times; `None`: at least once.
    pub times: Option<u64>,
    /// Fields the requests must have, by name (dotted camelCase or snake_case segments).
    pub fields: &'a [(String, Value)],
}

/// Checks an expectation against the journal: `Ok(None)` when it holds, `Ok(Some(message))`
/// when it does not (the failure message), an error for an operation that does not exist.
pub fn check(
    entries: &[LoggedRequest],
    expected: &Expectation<'_>,
    fingerprint: &dyn Fn(&str) -> [u8; 32],
) -> Result<Option<String>, crate::SandboxError> {
    let Some(op) = operation_id(expected.operation) else {
        return Err(crate::SandboxError::invalid(format!(
            "there is no operation `{}`: name it by its operationId (createAccount) or in \
             snake_case (create_account)",
            expected.operation
        )));
    };
    let wanted: Vec<(String, String)> = expected
        .fields
        .iter()
        .map(|(k, v)| (field_name(k), field_text(v)))
        .collect();
    let matches = |r: &LoggedRequest| {
        r.operation == Some(op)
            && wanted.iter().all(|(k, v)| {
                r.fields.get(k) == Some(v) || r.hashed.get(k).is_some_and(|h| *h == fingerprint(v))
            })
    };
    let count = entries.iter().filter(|r| matches(r)).count() as u64;
    let holds = match expected.times {
        None => count >= 1,
        Some(n) => count == n,
    };
    Ok((!holds).then(|| message(entries, op, expected, &wanted, count)))
}

/// The failure message: the expectation, what happened, and the requests made, one line each.
fn message(
    entries: &[LoggedRequest],
    op: &str,
    expected: &Expectation<'_>,
    wanted: &[(String, String)],
    count: u64,
) -> String {
    let times = |n: u64| {
        if n == 1 {
            "1 time".to_string()
        } else {
            format!("{n} times")
        }
    };

    let with = if wanted.is_empty() {
        String::new()
    } else {
        let shown: Vec<String> = wanted
            .iter()
            .map(|(k, v)| {
                if is_sensitive_path(k) {
                    format!("{k}=(personal data, not shown)")
                } else {
                    format!("{k}={v}")
                }
            })
            .collect();
        format!(" with {}", shown.join(", "))
    };
    let name = spec_name(op);
    let expectation = match expected.times {
        None => format!("expected {name} to be requested{with}"),
        Some(0) => format!("expected {name} not to be requested{with}"),
        Some(n) => format!("expected {name} to be requested exactly {}{with}", times(n)),
    };
    let mut out = format!("{expectation}, but it was requested {}", times(count));
    const SHOWN: usize = 50;
    let _ = write!(out, "\nrequests made ({}):", entries.len());
    if entries.is_empty() {
        out.push_str(" none");
    }
    let skip = entries.len().saturating_sub(SHOWN);
    if skip > 0 {
        let _ = write!(out, "\n  … {skip} earlier");
    }
    for r in &entries[skip..] {
        let name = r.operation.map(spec_name).unwrap_or("(no operation)");
        let status = r
            .status
            .map_or_else(|| "dropped".to_string(), |s| s.to_string());
        let _ = write!(
            out,
            "\n  #{} {name} {} {} → {status}",
            r.seq, r.method, r.path
        );
        for (k, v) in r
            .fields
            .iter()
            .filter(|(k, _)| !k.ends_with("Id") && *k != "classifier")
        {
            let v: String = v.chars().take(60).collect();
            let _ = write!(out, " {k}={v}");
        }
        if let Some(c) = r.fields.get("classifier") {
            let _ = write!(out, " classifier={c}");
        }
    }
    out
}

fn is_sensitive_path(path: &str) -> bool {
    path.split(['.', '['])
        .any(|seg| spec().is_sensitive(seg.trim_end_matches(']')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fp(v: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, b) in v.bytes().enumerate() {
            out[i % 32] ^= b.wrapping_add(i as u8);
        }
        out
    }

    #[test]
    fn fields_are_kept_by_path_and_personal_data_only_hashed() {
        let body = json!({"customerInternalReference": "order-7", "workflowDefinition": {"key": 10013,
            "credentials": [{"category": "ID"}]}, "callbackUrl": "https://x.example/cb", "userReference": "u-1"});
        let (clear, hashed) = fields_of(
            Some("/api/v1/accounts/{accountId}"),
            "/api/v1/accounts/a%2D1+b",
            Some(&body),
            None,
            &fp,
        );
        assert_eq!(clear["accountId"], "a-1+b");
        assert_eq!(clear["workflowDefinition.key"], "10013");
        assert_eq!(clear["workflowDefinition.credentials[0].category"], "ID");
        assert_eq!(clear["callbackUrl"], "https://x.example/cb");
        assert!(!clear.contains_key("customerInternalReference"));
        assert_eq!(hashed["customerInternalReference"], fp("order-7"));
        // Credentials are never kept, in any form.
        let body =
            json!({"auth": "Bearer secret-token-1", "note": "x sbx_at_0123", "kind": "view"});
        let (clear, hashed) = fields_of(None, "/", Some(&body), Some("secret-token-1"), &fp);
        assert_eq!(clear.len(), 1, "{clear:?}");
        assert_eq!(clear["kind"], "view");
        assert!(hashed.is_empty());
        assert_eq!(
            field_name("workflow_definition.key"),
            "workflowDefinition.key"
        );
        assert_eq!(
            field_name("customerInternalReference"),
            "customerInternalReference"
        );
        assert_eq!(operation_id("createAccount"), Some("create_account"));
        assert_eq!(operation_id("create_account"), Some("create_account"));
        assert_eq!(operation_id("webSdkSettings"), Some("web_sdk_settings"));
        assert_eq!(operation_id("nope"), None);
    }
}
