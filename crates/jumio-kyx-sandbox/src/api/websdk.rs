//! The Web SDK API (`/websdk/v4/api`, the `web-sdk` host family): what Jumio's own Web SDK
//! (`@jumio/websdk`, the `<jumio-sdk>` element, and the hosted client at `web.href`) talks to.
//! The protocol is private; reference `web-sdk.md` has it as observed from version 0.3.19, and
//! DECISIONS.md says what is inferred.
//!
//! Every call carries the workflow's transaction token (`Authorization: Bearer <JWT>`): a forged,
//! altered or unknown token is 401 "Credentials in invalid state.", an expired one 412
//! "Acquisition expired." (and the workflow is TOKEN_EXPIRED, as on every channel). Uploads are
//! checked exactly as the API channel checks them and land as the same parts; usability results
//! follow the workflow's scenario; finalize is the journey's finish (`platform::journey`). The
//! SDK runs on the integrator's origin, so this API, and nothing else of the sandbox, answers
//! CORS (any origin, or the `webSdkAllowedOrigins` setting).

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use bytes::{Bytes, BytesMut};
use jumio_kyx::Idempotency;
use jumio_kyx::routing::{HostFamily, Operation, ResponseBody};
use serde_json::{Value, json};

use crate::platform::journey::{self, Captured};
use crate::platform::spec::spec;
use crate::platform::state::{App, Part, Status, Workflow};
use crate::platform::{capture, clock, lifecycle};

/// Where the API lives, on the `web-sdk` host (or the sandbox's own URL).
pub const BASE_PATH: &str = "/websdk/v4/api";

/// The calls, as operations of their own: what the request log names and fault rules target
/// (`{"operation": "webSdkSettings", "status": 500}`).
pub static OPERATIONS: [Operation; 8] = [
    op("web_sdk_settings", "webSdkSettings", "POST", "/settings"),
    op("web_sdk_status", "webSdkStatus", "GET", "/status"),
    op("web_sdk_consent", "webSdkConsent", "POST", "/consent"),
    op(
        "web_sdk_upload",
        "webSdkUpload",
        "POST",
        "/credential/{credentialId}/upload",
    ),
    op(
        "web_sdk_usability",
        "webSdkUsability",
        "POST",
        "/result/usability/{key}",
    ),
    op("web_sdk_finalize", "webSdkFinalize", "POST", "/finalize"),
    op(
        "web_sdk_analytics_event",
        "webSdkAnalyticsEvent",
        "POST",
        "/analyticsevent",
    ),
    op(
        "web_sdk_reporting_event",
        "webSdkReportingEvent",
        "POST",
        "/reportingevent",
    ),
];

const fn op(
    id: &'static str,
    spec_id: &'static str,
    method: &'static str,
    path: &'static str,
) -> Operation {
    Operation {
        id,
        spec_id,
        method,
        path,
        // Not a family of the client's: the router checks the `web-sdk` host by path.
        family: HostFamily::Api,
        generated: false,
        idempotency: Idempotency::Safe,
        body: ResponseBody::Json,
    }
}

/// The Web SDK call a request is, if any.
pub fn classify(method: &Method, path: &str) -> Option<&'static Operation> {
    let rest = path.strip_prefix(BASE_PATH)?;
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    OPERATIONS.iter().find(|op| {
        let template: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
        op.method == method.as_str()
            && template.len() == segments.len()
            && template
                .iter()
                .zip(&segments)
                .all(|(t, s)| t.starts_with('{') || t == s)
    })
}

/// The routes, nested at [`BASE_PATH`].
pub fn router() -> Router<App> {
    Router::new()
        .route("/settings", post(settings))
        .route("/status", get(status))
        .route("/consent", post(consent))
        .route("/credential/{credential_id}/upload", post(upload))
        .route("/result/usability/{key}", post(usability))
        .route("/finalize", post(finalize))
        .route("/analyticsevent", post(telemetry))
        .route("/reportingevent", post(telemetry))
}

/// The headers the SDK sends (and a preflight asks for).
const ALLOWED_HEADERS: &str = "authorization,content-type,sdk-platform,sdk-version,websdk-version";

/// Adds the CORS headers to an answer of this API: the request's origin when it is allowed (any,
/// by default), else none (the browser then refuses to hand the answer to the page).
pub fn add_cors(app: &App, request: &HeaderMap, response: &mut HeaderMap) {
    let Some(origin) = request.get(header::ORIGIN) else {
        return;
    };
    let ok = {
        let settings = app.settings.read().unwrap_or_else(|e| e.into_inner());
        let allowed = &settings.web_sdk_allowed_origins;
        allowed.is_empty()
            || origin
                .to_str()
                .is_ok_and(|o| allowed.iter().any(|a| a.eq_ignore_ascii_case(o)))
    };
    if !ok {
        return;
    }
    response.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    response.insert(header::VARY, HeaderValue::from_static("Origin"));
    response.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    response.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOWED_HEADERS),
    );
    response.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
}

/// The answer to a CORS preflight (`OPTIONS`): 204, the CORS headers added by the caller.
pub fn preflight() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// An error answer in the shape the SDK reads.
fn refusal(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({"message": message}))).into_response()
}

/// Why a token opens no session.
#[derive(Debug)]
enum Denied {
    /// Forged, altered, unknown, or its journey is over: 401.
    Invalid,
    /// Expired (token or session): 412.
    Expired,
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        match self {
            Self::Invalid => refusal(StatusCode::UNAUTHORIZED, "Credentials in invalid state."),
            Self::Expired => refusal(StatusCode::PRECONDITION_FAILED, "Acquisition expired."),
        }
    }
}

/// The workflow a request's token belongs to, brought up to date. `allow_finished`: whether a
/// finalized workflow may still be asked (status, finalize again).
fn session(app: &App, headers: &HeaderMap, allow_finished: bool) -> Result<Workflow, Denied> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or(v.strip_prefix("bearer ")))
        .map(str::trim)
        .ok_or(Denied::Invalid)?;
    // The signature first: a token this sandbox did not sign is never looked up.
    let claims = app.signer().verify(token).ok_or(Denied::Invalid)?;
    let mut store = app.store();
    let id = store
        .transaction_tokens
        .get(token)
        .filter(|id| **id == claims.workflow_id)
        .cloned()
        .ok_or(Denied::Invalid)?;
    lifecycle::refresh_one(app, &mut store, &id);
    let w = store.workflows.get(&id).ok_or(Denied::Invalid)?;
    match w.status {
        Status::Initiated => Ok(w.clone()),
        Status::TokenExpired | Status::SessionExpired => Err(Denied::Expired),
        Status::Acquired | Status::Processed if allow_finished => Ok(w.clone()),
        Status::Acquired | Status::Processed => Err(Denied::Invalid),
    }
}

/// An action of the journey: starts or resets the session.
fn touch(app: &App, w: &Workflow) {
    crate::api::parts::touch(app, &mut app.store(), &w.account_id, &w.id);
}

/// The credentials the SDK captures, in its categories: ID, FACEMAP (the selfie: a SELFIE
/// credential is captured by the FACEMAP one when the workflow has both), DOCUMENT, DATA.
fn sdk_credentials(w: &Workflow) -> Vec<Value> {
    let web = |c: &&crate::platform::state::Credential| c.allows("WEB") || c.allows("SDK");
    let has_facemap = w
        .credentials
        .iter()
        .filter(web)
        .any(|c| c.category == "FACEMAP");
    w.credentials
        .iter()
        .filter(web)
        .filter_map(|c| match c.category.as_str() {
            "ID" => Some(json!({
                "id": c.id,
                "category": "ID",
                "country": {"predefinedType": "DEFINED", "values": ["USA"]},
                "type": {"predefinedType": "DEFINED", "values": ["DRIVING_LICENSE"]},
            })),
            // The schema requires a type for FACEMAP too (observed: without it the SDK refuses
            // its settings).
            "FACEMAP" => Some(facemap(&c.id)),
            "SELFIE" if !has_facemap => Some(facemap(&c.id)),
            // Never IOVATION for DATA: the SDK would load a third-party script and wait for it.
            "DOCUMENT" | "DATA" => Some(json!({"id": c.id, "category": c.category})),
            _ => None,
        })
        .collect()
}

fn facemap(id: &str) -> Value {
    json!({
        "id": id,
        "category": "FACEMAP",
        "type": {"predefinedType": "DEFINED", "values": ["JUMIO_STANDARD"]},
    })
}

/// `POST /settings`: the journey's settings, from the workflow's credentials and definition.
async fn settings(State(app): State<App>, headers: HeaderMap) -> Response {
    let w = match session(&app, &headers, false) {
        Ok(w) => w,
        Err(d) => return d.into_response(),
    };
    touch(&app, &w);
    let settings = app.settings();
    let answer = json!({
        "accountId": w.account_id,
        "acquisitionReference": w.id,
        "workflowDefinitionKey": w.key_text.parse::<u64>().map(Value::from).unwrap_or_else(|_| json!(w.key_text)),
        "brandingEnabled": false,
        "consents": [],
        "countryForIp": "USA",
        "stateForIp": "",
        "credentials": sdk_credentials(&w),
        "maxFileUploadSize": settings.max_upload_bytes,
        "merchantSettings": {
            "jLiveEnabled": false,
            "jLiveFallbackPolicy": "disabled",
            "isFileUploadEnabled": true,
            // Offers "Upload file" before the camera.
            "isExplicitUploadEnabled": true,
            "datadog": {"enabled": false, "merchantName": "jumio-kyx-sandbox"},
            "crossDevice": {"enabled": false},
            "skipLivenessGuidancePage": true,
        },
        "supportedCountries": [{
            "country": "USA",
            "idTypes": [{
                "idType": "DRIVING_LICENSE",
                "variants": [{"variant": "PLASTIC", "format": "ID1", "parts": [{"side": "FRONT"}, {"side": "BACK"}]}],
            }],
        }],
        "supportedDocumentTypes": [],
        "configurations": {"fileUpload": {"isFallbackUploadEnabled": true}},
        "timestamp": clock::format(app.clock.now()),
    });
    axum::Json(answer).into_response()
}

/// `GET /status`: where the acquisition is. The SDK reads anything but `NOT_STARTED` as "this
/// acquisition is over" (observed: PENDING or SUCCESS shows Success at once), so a journey in
/// progress is NOT_STARTED until it is finalized. Expired ones never get here (412).
async fn status(State(app): State<App>, headers: HeaderMap) -> Response {
    let store_status = |w: &Workflow| match w.status {
        Status::Initiated => "NOT_STARTED",
        Status::Acquired | Status::Processed => "SUCCESS",
        Status::TokenExpired | Status::SessionExpired => "FAILED",
    };
    match session(&app, &headers, true) {
        Ok(w) => axum::Json(json!({"status": store_status(&w)})).into_response(),
        Err(d) => d.into_response(),
    }
}

/// `POST /consent`: accepted.
async fn consent(State(app): State<App>, headers: HeaderMap) -> Response {
    match session(&app, &headers, false) {
        Ok(w) => {
            touch(&app, &w);
            axum::Json(json!({})).into_response()
        }
        Err(d) => d.into_response(),
    }
}

/// One file the SDK uploads, as its metadata describes it.
struct UploadedFile {
    multipart_name: String,
    upload_type: String,
}

/// The part an upload type lands as (`FRONTSIDE` → FRONT); other types keep their name.
fn classifier_of(upload_type: &str) -> String {
    match upload_type {
        "FRONTSIDE" => "FRONT".into(),
        "BACKSIDE" => "BACK".into(),
        other => other.to_string(),
    }
}

/// Reads the multipart body: the metadata and every file, each within `limit`.
async fn read_upload(
    mut form: Multipart,
    limit: u64,
) -> Result<(Vec<UploadedFile>, BTreeMap<String, Bytes>), Response> {
    let bad = |m: &str| refusal(StatusCode::BAD_REQUEST, m);
    let mut metadata = None;
    let mut files = BTreeMap::new();
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(bad("the multipart body is malformed")),
        };
        let name = field.name().unwrap_or_default().to_string();
        let mut buf = BytesMut::new();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|_| bad("the multipart body is malformed"))?
        {
            if (buf.len() + chunk.len()) as u64 > limit {
                return Err(refusal(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    &format!("a file is larger than the upload limit of {limit} bytes"),
                ));
            }
            buf.extend_from_slice(&chunk);
        }
        if name == "uploadFilesMetadata" {
            metadata = Some(buf.freeze());
        } else {
            files.entry(name).or_insert_with(|| buf.freeze());
        }
    }
    let metadata: Value = metadata
        .and_then(|m| serde_json::from_slice(&m).ok())
        .ok_or_else(|| bad("`uploadFilesMetadata` is missing or not JSON"))?;
    let entries = metadata["files"]
        .as_array()
        .filter(|f| !f.is_empty())
        .ok_or_else(|| bad("`uploadFilesMetadata.files` must list the files"))?;
    let mut described = Vec::new();
    for e in entries {
        let (Some(multipart_name), Some(upload_type)) =
            (e["multipartName"].as_str(), e["uploadType"].as_str())
        else {
            return Err(bad(
                "each file of `uploadFilesMetadata` needs a multipartName and an uploadType",
            ));
        };
        if !files.contains_key(multipart_name) {
            return Err(bad(
                "a file named in `uploadFilesMetadata` is not in the body",
            ));
        }
        described.push(UploadedFile {
            multipart_name: multipart_name.to_string(),
            upload_type: upload_type.to_string(),
        });
    }
    Ok((described, files))
}

/// `POST /credential/{credentialId}/upload`: files checked as the API channel checks them, then
/// stored as the same parts; each gets a usability result to ask for.
async fn upload(
    State(app): State<App>,
    Path(credential_id): Path<String>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let w = match session(&app, &headers, false) {
        Ok(w) => w,
        Err(d) => return d.into_response(),
    };
    touch(&app, &w);
    let Some(credential) = w
        .credential(&credential_id)
        .filter(|c| c.allows("WEB") || c.allows("SDK"))
    else {
        return refusal(StatusCode::NOT_FOUND, "credential not found");
    };
    let category = credential.category.clone();
    let settings = app.settings();
    let (described, files) = match read_upload(form, settings.max_upload_bytes).await {
        Ok(read) => read,
        Err(d) => return d.into_response(),
    };
    // Every file is checked before anything is stored: a bad one changes nothing.
    let mut captured: Vec<Captured> = Vec::new();
    let mut results = Vec::new();
    for f in &described {
        let bytes = files[&f.multipart_name].clone();
        let content_type = match crate::api::parts::check_image(
            &bytes,
            settings.min_longest_side,
            settings.max_image_side,
        ) {
            Ok(ct) => ct,
            Err(p) => return refusal(p.status, &p.detail),
        };
        let part = Part::new(bytes, content_type);
        let classifier = classifier_of(&f.upload_type);
        // The selfie of a FACEMAP credential is the SELFIE credential's FACE, and its frames the
        // liveness capture, as the hosted journey stores them.
        let (target, target_category) = if category == "FACEMAP" && classifier == "FACE" {
            let selfie = w.credentials.iter().find(|c| c.category == "SELFIE");
            captured.extend(
                capture::liveness_parts(&part)
                    .into_iter()
                    .map(|(cl, p)| (credential_id.clone(), cl, p)),
            );
            match selfie {
                Some(s) => (s.id.clone(), "SELFIE".to_string()),
                None => (credential_id.clone(), category.clone()),
            }
        } else {
            (credential_id.clone(), category.clone())
        };
        captured.push((target, classifier.clone(), part));
        results.push((f.multipart_name.clone(), classifier, target_category));
    }
    if let Err(p) = journey::capture(&app, &w.id, captured) {
        return refusal(p.status, &p.detail);
    }
    let mut keys = serde_json::Map::new();
    {
        let mut store = app.store();
        for (name, classifier, target_category) in results {
            let (decision, reject_reason) =
                usability_decision(&mut store, &w, &classifier, &target_category);
            let key = app
                .ids
                .uuid(crate::platform::ids::Stream::Entity)
                .to_string();
            store.usability.insert(
                key.clone(),
                crate::platform::state::UsabilityCheck {
                    workflow_id: w.id.clone(),
                    classifier,
                    decision: decision.to_string(),
                    reject_reason: reject_reason.map(String::from),
                    pending: settings.web_sdk_usability_pending,
                },
            );
            keys.insert(name, json!(key));
        }
    }
    axum::Json(json!({"usabilityResultKeys": keys})).into_response()
}

/// `REJECT` (with the SDK's reason code for the label) when the workflow's scenario gives
/// usability a REJECTED label for the part's category and this part was not rejected before (the
/// user then retakes it, and the retake passes); otherwise `PASS`.
fn usability_decision(
    store: &mut crate::platform::state::Store,
    w: &Workflow,
    classifier: &str,
    category: &str,
) -> (&'static str, Option<&'static str>) {
    let label = w
        .scenario
        .label("usability", Some(category))
        .filter(|label| spec().decision_of("usability", label) == Some("REJECTED"));
    match label {
        Some(label)
            if store
                .usability_rejected
                .insert((w.id.clone(), classifier.to_string())) =>
        {
            ("REJECT", Some(reject_reason(label)))
        }
        _ => ("PASS", None),
    }
}

/// The SDK's reason code for a usability label (the codes its messages are keyed by, observed in
/// version 0.3.19; `0` is its generic "retake").
fn reject_reason(label: &str) -> &'static str {
    match label {
        "BLURRED" => "2001",
        "BAD_QUALITY" | "BAD_QUALITY_IMAGE" => "2002",
        "PART_OF_DOCUMENT_MISSING" | "MISSING_PAGE" => "2003",
        "PART_OF_DOCUMENT_HIDDEN" => "2004",
        "DAMAGED_DOCUMENT" => "2005",
        "GLARE" => "2006",
        "PHOTOCOPY" | "BLACK_WHITE" => "102",
        "NOT_A_DOCUMENT" => "201",
        _ => "0",
    }
}

/// `POST /result/usability/{key}`: the result of an uploaded part; `NOT_AVAILABLE` while the
/// `webSdkUsabilityPending` setting says it is still being computed.
async fn usability(
    State(app): State<App>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let w = match session(&app, &headers, false) {
        Ok(w) => w,
        Err(d) => return d.into_response(),
    };
    let mut store = app.store();
    let Some(check) = store
        .usability
        .get_mut(&key)
        .filter(|c| c.workflow_id == w.id)
    else {
        return refusal(StatusCode::NOT_FOUND, "usability result not found");
    };
    let classifier = match check.classifier.as_str() {
        "FRONT" => "FRONTSIDE",
        "BACK" => "BACKSIDE",
        other => other,
    }
    .to_string();
    let mut answer = json!({"classifier": classifier});
    if check.pending > 0 {
        check.pending -= 1;
        answer["decisionType"] = json!("NOT_AVAILABLE");
        return axum::Json(answer).into_response();
    }
    answer["decisionType"] = json!(check.decision);
    if let Some(code) = &check.reject_reason {
        answer["rejectReason"] = json!({"reasonCode": code});
    }
    // What the SDK reads off an ID side: whether a back side is needed (observed).
    if matches!(check.classifier.as_str(), "FRONT" | "BACK") {
        answer["extractedData"] = json!({"idType": "DRIVING_LICENSE", "issuingCountry": "USA"});
    }
    axum::Json(answer).into_response()
}

/// `POST /finalize`: the journey's finish, as on every channel. A usability label the journey
/// rejected (and the user retook) no longer decides the workflow.
async fn finalize(State(app): State<App>, headers: HeaderMap) -> Response {
    let w = match session(&app, &headers, true) {
        Ok(w) => w,
        Err(d) => return d.into_response(),
    };
    {
        let mut store = app.store();
        let retaken: Vec<String> = store
            .usability_rejected
            .iter()
            .filter(|(id, _)| *id == w.id)
            .map(|(_, c)| c.clone())
            .collect();
        if !retaken.is_empty()
            && let Some(wf) = store.workflows.get_mut(&w.id)
        {
            wf.scenario
                .labels
                .retain(|k, _| k != "usability" && !k.starts_with("usability:"));
        }
    }
    match journey::finish(&app, &w.id) {
        Ok(()) => axum::Json(json!({"extractDataExecuted": false})).into_response(),
        Err(p) => refusal(p.status, &p.detail),
    }
}

/// Largest telemetry body kept in the request log.
const MAX_TELEMETRY_BYTES: usize = 2048;

/// What a telemetry call sent, bounded, for the request log (never the token).
#[derive(Clone, Debug)]
pub struct TelemetryBody(pub Value);

/// `POST /analyticsevent`, `POST /reportingevent`: accepted; the body is kept, bounded, in the
/// request log for debugging.
async fn telemetry(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let w = match session(&app, &headers, true) {
        Ok(w) => w,
        Err(d) => return d.into_response(),
    };
    let mut kept: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    scrub(&mut kept, &w.token);
    let text = kept.to_string();
    if text.len() > MAX_TELEMETRY_BYTES {
        kept = json!({"truncated": true, "bytes": body.len()});
    }
    let mut response = axum::Json(json!({})).into_response();
    response.extensions_mut().insert(TelemetryBody(kept));
    response
}

/// Replaces every string that holds the token.
fn scrub(v: &mut Value, token: &str) {
    match v {
        Value::String(s) if s.contains(token) => *s = "[token]".into(),
        Value::Array(a) => a.iter_mut().for_each(|x| scrub(x, token)),
        Value::Object(o) => o.values_mut().for_each(|x| scrub(x, token)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_classified() {
        let id = |m: Method, p: &str| classify(&m, p).map(|o| o.spec_id);
        let post = |path: &str| id(Method::POST, &format!("/websdk/v4/api{path}"));
        assert_eq!(post("/settings"), Some("webSdkSettings"));
        assert_eq!(post("/credential/c-1/upload"), Some("webSdkUpload"));
        assert_eq!(post("/result/usability/k"), Some("webSdkUsability"));
        assert_eq!(id(Method::GET, "/websdk/v4/api/settings"), None);
        assert_eq!(id(Method::POST, "/api/v1/accounts"), None);
    }

    #[test]
    fn telemetry_never_keeps_the_token() {
        let mut v = json!({"a": "Bearer tok", "b": ["tok", 1], "c": {"d": "x"}});
        scrub(&mut v, "tok");
        assert_eq!(
            v,
            json!({"a": "[token]", "b": ["[token]", 1], "c": {"d": "x"}})
        );
    }
}
