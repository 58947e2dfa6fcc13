//! The JSON entry points beside the operations: error fields, callbacks, journey addresses and
//! redirects, capability summaries.

use serde_json::{Value, json};

use super::body_as;
use jumio_kyx::callback::{CallbackVerifier, parse_callback};
use jumio_kyx::{Error, Region, types};

/// Every capability result of workflow details, flattened (see
/// [`types::WorkflowDetails::capability_summaries`]): `[{capability, category, decision, label}]`.
pub fn capability_summaries_json(details: Value) -> Result<Value, Error> {
    // serde's own message can quote a value (personal data): only the path and the reason.
    let details: types::WorkflowDetails = body_as("details", details)?;
    let rows: Vec<Value> = details
        .capability_summaries()
        .into_iter()
        .map(|c| json!({"capability": c.capability, "category": c.category, "decision": c.decision, "label": c.label}))
        .collect();
    Ok(Value::Array(rows))
}

/// Every field of an error, as the Python and Node packages expose it: `message`, `kind`,
/// `errorClass` (the exception class to raise, see [`ErrorKind::CLASSES`](jumio_kyx::ErrorKind::CLASSES)), `status`, `title`, `detail`, `field`, `requestId`, `retryAfter` (seconds), `scanReferences`,
/// `retryable`, `operation`, `migration` and `body` (the start of an error body that was not a
/// problem document). No secret or submitted value is in any of them.
pub fn error_fields(e: &Error) -> Value {
    let migration = match e.kind() {
        jumio_kyx::ErrorKind::Migration(m) => Some(m.code()),
        _ => None,
    };
    json!({
        "message": e.to_string(),
        "kind": e.kind().code(),
        "errorClass": e.kind().class_name(),
        "status": e.status(),
        "title": e.title(),
        "detail": e.detail(),
        "field": e.field(),
        "requestId": e.request_id(),
        "retryAfter": e.retry_after().map(|d| d.as_secs_f64()),
        "scanReferences": e.scan_references(),
        "retryable": e.is_retryable(),
        "operation": e.operation(),
        "migration": migration,
        "body": e.body(),
    })
}

/// Parses a callback body into its JSON (lenient, like every response).
pub fn parse_callback_json(body: &[u8]) -> Result<Value, Error> {
    let callback = parse_callback(body)?;
    let mut v = serde_json::to_value(&callback)
        .map_err(|_| Error::configuration("a callback could not be serialised"))?;
    v["dedupeKey"] = json!(callback.dedupe_key());
    Ok(v)
}

/// A callback verifier from a region name (`US`, `EU`, `SG`, `amer-1`, …, or `all`), extra
/// allowed addresses and trusted proxies.
pub fn callback_verifier(
    region: &str,
    allow: &[String],
    trusted_proxies: &[String],
    current_only: bool,
) -> Result<CallbackVerifier, Error> {
    let mut v = if region.eq_ignore_ascii_case("all") {
        CallbackVerifier::all_regions()
    } else {
        let r: Region = region
            .parse()
            .map_err(|e: String| Error::validation("region", e))?;
        if current_only {
            CallbackVerifier::current_only(r)
        } else {
            CallbackVerifier::for_region(r)
        }
    };
    for ip in allow {
        v = v.allow(
            ip.parse()
                .map_err(|_| Error::validation("allow", "must list IP addresses"))?,
        );
    }
    for ip in trusted_proxies {
        v = v.trust_proxy(
            ip.parse()
                .map_err(|_| Error::validation("trusted_proxies", "must list IP addresses"))?,
        );
    }
    Ok(v)
}

/// The hosted journey's address of an account response (`web.href`), checked as
/// [`jumio_kyx::web::journey_url`] checks it.
pub fn journey_url_json(account: Value) -> Result<String, Error> {
    // serde's own message can quote a value (personal data): only the path and the reason.
    let account: types::AccountResponse = body_as("account", account)?;
    jumio_kyx::web::journey_url(&account).map(String::from)
}

/// Parses the redirect a `successUrl` / `errorUrl` handler receives (see
/// [`jumio_kyx::web::WebRedirect::parse`]): `{accountId, workflowExecutionId,
/// customerInternalReference?, acquisitionStatus, errorCode?, errorDescription?, extra}`.
pub fn parse_web_redirect_json(url_or_query: &str) -> Result<Value, Error> {
    let r = jumio_kyx::web::WebRedirect::parse(url_or_query)?;
    let mut v = serde_json::to_value(&r)
        .map_err(|_| Error::configuration("a redirect could not be serialised"))?;
    if let Some(d) = r.error_code.and_then(|c| c.description()) {
        v["errorDescription"] = json!(d);
    }
    v["extra"] = json!(r.extra);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_that_does_not_fit_is_never_quoted() {
        let secret = "Jane Secret-Doe 1984-02-03";
        for e in [
            capability_summaries_json(json!({"workflow": secret})).unwrap_err(),
            capability_summaries_json(json!({"decision": {"type": [secret]}})).unwrap_err(),
            journey_url_json(json!({"account": {"id": 5}, "web": {"href": [secret]}})).unwrap_err(),
            journey_url_json(json!(secret)).unwrap_err(),
        ] {
            let shown = format!("{e} {e:?} {}", error_fields(&e));
            assert!(!shown.contains("Secret-Doe"), "{shown}");
            assert_eq!(e.kind(), &jumio_kyx::ErrorKind::Validation);
        }
    }
}
