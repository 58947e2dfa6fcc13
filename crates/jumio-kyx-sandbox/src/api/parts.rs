//! Data acquisition through the API channel: image upload and replace (multipart), prepared
//! data (JSON), and finalize.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{HeaderMap, Method};
use axum::response::IntoResponse;
use bytes::{Bytes, BytesMut};
use chrono::Duration;
use serde_json::json;

use crate::api::accounts::{finalize_url, open_parts};
use crate::api::auth::{AcquisitionCaller, check_workflow};
use crate::api::problem::{Problem, Reply};
use crate::api::request::{check_schema, json_body};
use crate::platform::clock;
use crate::platform::lifecycle;
use crate::platform::state::{App, Part, Sandbox, Status, Workflow};

/// Image parts, as the upload path takes them.
const IMAGE_CLASSIFIERS: [&str; 4] = ["FRONT", "BACK", "FACE", "FACEMAP"];

/// `POST|PUT …/credentials/{credentialId}/parts/{classifier}`.
pub async fn upload(
    AcquisitionCaller(caller): AcquisitionCaller,
    State(app): State<App>,
    Path((account_id, workflow_id, credential_id, classifier)): Path<(
        String,
        String,
        String,
        String,
    )>,
    request: Request,
) -> Reply {
    let method = request.method().clone();
    let headers = request.headers().clone();
    check_workflow(&caller, &workflow_id)?;
    let replace = method == Method::PUT;

    if classifier == "PREPARED_DATA" {
        let body = Bytes::from_request(request, &())
            .await
            .map_err(|_| Problem::bad_request("the body could not be read"))?;
        return prepared_data(
            &app,
            (&account_id, &workflow_id, &credential_id),
            replace,
            &headers,
            &body,
        );
    }
    if !IMAGE_CLASSIFIERS.contains(&classifier.as_str()) {
        return Err(Problem::bad_request(format!(
            "unknown part classifier: upload one of {}, or PREPARED_DATA as JSON",
            IMAGE_CLASSIFIERS.join(", ")
        )));
    }
    // Check everything that needs no body first, so a refused upload is refused before its bytes
    // are read. An upload attempt is an action of the journey: it starts (or resets) the session.
    {
        let mut store = app.store();
        lifecycle::refresh_one(&app, &mut store, &workflow_id);
        touch(&app, &mut store, &account_id, &workflow_id);
        let w = find(&store, &account_id, &workflow_id)?;
        check_part(w, &credential_id, &classifier, replace)?;
    }
    let multipart =
        Multipart::from_request(request, &())
            .await
            .map_err(|e: MultipartRejection| {
                Problem::bad_request(format!(
                    "the body must be multipart/form-data with a `file` field ({})",
                    e.body_text()
                ))
            })?;
    let settings = app.settings();
    let file = read_file(multipart, settings.max_upload_bytes).await?;
    let content_type = if classifier == "FACEMAP" {
        if file.is_empty() {
            return Err(Problem::bad_request("the facemap file is empty"));
        }
        "application/octet-stream"
    } else {
        check_image(&file, settings.min_longest_side, settings.max_image_side)?
    };

    let mut store = app.store();
    lifecycle::refresh_one(&app, &mut store, &workflow_id);
    let now = app.clock.now();
    let w = find_mut(&mut store, &account_id, &workflow_id)?;
    check_part(w, &credential_id, &classifier, replace)?;
    w.started_at.get_or_insert(now);
    w.last_activity = Some(now);
    if let Some(c) = w.credential_mut(&credential_id) {
        c.uploaded
            .insert(classifier.clone(), Part::new(file, content_type));
    }
    let response = upload_response(&app, w, &credential_id, now);
    store.schedule(&workflow_id, &settings);
    Ok(axum::Json(response).into_response())
}

fn prepared_data(
    app: &App,
    (account_id, workflow_id, credential_id): (&str, &str, &str),
    replace: bool,
    headers: &HeaderMap,
    body: &Bytes,
) -> Reply {
    let settings = app.settings();
    let mut store = app.store();
    lifecycle::refresh_one(app, &mut store, workflow_id);
    touch(app, &mut store, account_id, workflow_id);
    let w = find(&store, account_id, workflow_id)?;
    check_part(w, credential_id, "PREPARED_DATA", replace)?;
    let data = json_body(headers, body)?;
    check_schema("PreparedData", &data)?;
    // A workflow's required fields are not checked here: no source says the platform refuses
    // the upload, so the data capability decides at processing (NOT_ENOUGH_DATA or
    // VALIDATION_FAILED; see decisions.rs).
    let now = app.clock.now();
    let w = find_mut(&mut store, account_id, workflow_id)?;
    w.started_at.get_or_insert(now);
    w.last_activity = Some(now);
    if let Some(c) = w.credential_mut(credential_id) {
        c.uploaded.insert(
            "PREPARED_DATA".into(),
            Part::new(body.clone(), "application/octet-stream"),
        );
    }
    let response = upload_response(app, w, credential_id, now);
    store.schedule(workflow_id, &settings);
    Ok(axum::Json(response).into_response())
}

/// `PUT /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}`.
pub async fn finalize(
    AcquisitionCaller(caller): AcquisitionCaller,
    State(app): State<App>,
    Path((account_id, workflow_id)): Path<(String, String)>,
) -> Reply {
    check_workflow(&caller, &workflow_id)?;
    let settings = app.settings();
    let mut store = app.store();
    lifecycle::refresh_one(&app, &mut store, &workflow_id);
    let now = app.clock.now();
    let w = find_mut(&mut store, &account_id, &workflow_id)?;
    match w.status {
        Status::Initiated => {
            w.status = Status::Acquired;
            w.started_at.get_or_insert(now);
            w.processing_due =
                Some(now + Duration::milliseconds(settings.processing_delay_ms as i64));
        }
        // Finalizing twice is harmless: a client that lost the first answer may retry.
        Status::Acquired | Status::Processed => {}
        expired => {
            return Err(Problem::bad_request(format!(
                "the workflow execution has expired ({})",
                expired.as_str()
            )));
        }
    }
    let response = json!({
        "timestamp": clock::format(now),
        "account": {"id": account_id},
        "workflowExecution": {"id": workflow_id},
    });
    store.schedule(&workflow_id, &settings);
    drop(store);
    app.wake.notify_one();
    Ok(axum::Json(response).into_response())
}

/// An action of the journey on a workflow that has not finished: the session starts with the
/// first one and is reset by each.
pub(crate) fn touch(
    app: &App,
    store: &mut crate::platform::state::Store,
    account_id: &str,
    workflow_id: &str,
) {
    let now = app.clock.now();
    let touched = store
        .workflows
        .get_mut(workflow_id)
        .filter(|w| w.account_id == account_id && w.status == Status::Initiated)
        .map(|w| {
            w.started_at.get_or_insert(now);
            w.last_activity = Some(now);
        })
        .is_some();
    if touched {
        store.schedule(workflow_id, &app.settings());
    }
}

fn find<'a>(
    store: &'a crate::platform::state::Store,
    account_id: &str,
    workflow_id: &str,
) -> Result<&'a Workflow, Problem> {
    store
        .workflows
        .get(workflow_id)
        .filter(|w| w.account_id == account_id)
        .ok_or_else(|| Problem::not_found("workflow execution not found"))
}

fn find_mut<'a>(
    store: &'a mut crate::platform::state::Store,
    account_id: &str,
    workflow_id: &str,
) -> Result<&'a mut Workflow, Problem> {
    store
        .workflows
        .get_mut(workflow_id)
        .filter(|w| w.account_id == account_id)
        .ok_or_else(|| Problem::not_found("workflow execution not found"))
}

/// Whether a part may be uploaded now.
fn check_part(
    w: &Workflow,
    credential_id: &str,
    classifier: &str,
    replace: bool,
) -> Result<(), Problem> {
    let c = w
        .credential(credential_id)
        .ok_or_else(|| Problem::not_found("credential not found"))?;
    match w.status {
        Status::Initiated => {}
        Status::Acquired | Status::Processed => {
            return Err(Problem::bad_request(
                "the workflow execution is finalized; its parts can no longer change",
            ));
        }
        expired => {
            return Err(Problem::bad_request(format!(
                "the workflow execution has expired ({})",
                expired.as_str()
            )));
        }
    }
    if !c.allows("API") {
        return Err(Problem::bad_request(format!(
            "the {} credential is not acquired through the API channel",
            c.category
        )));
    }
    if !c.api_parts.iter().any(|p| p == classifier) {
        let takes = if c.api_parts.is_empty() {
            "no parts".to_string()
        } else {
            c.api_parts.join(", ")
        };
        return Err(Problem::bad_request(format!(
            "{classifier} is not a part of a {} credential (it takes {takes})",
            c.category
        )));
    }
    if replace && !c.uploaded.contains_key(classifier) {
        return Err(Problem::not_found(format!(
            "{classifier} has not been uploaded yet: upload it with POST first"
        )));
    }
    Ok(())
}

/// Reads the `file` field, refusing it beyond `limit` bytes. The rest of the body is drained so
/// the client reads the answer instead of a reset connection.
async fn read_file(mut multipart: Multipart, limit: u64) -> Result<Bytes, Problem> {
    let mut file: Option<Bytes> = None;
    let mut too_big = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return Err(Problem::bad_request(format!(
                    "the multipart body is malformed ({})",
                    e.body_text()
                )));
            }
        };
        let is_file = field.name() == Some("file") && file.is_none();
        let mut field = field;
        let mut buf = BytesMut::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if is_file && !too_big {
                        if (buf.len() + chunk.len()) as u64 > limit {
                            too_big = true;
                            buf = BytesMut::new();
                        } else {
                            buf.extend_from_slice(&chunk);
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(Problem::bad_request(format!(
                        "the multipart body is malformed ({})",
                        e.body_text()
                    )));
                }
            }
        }
        if is_file {
            file = Some(buf.freeze());
        }
    }
    if too_big {
        return Err(Problem::bad_request(format!(
            "the file is larger than the upload limit of {limit} bytes"
        )));
    }
    file.ok_or_else(|| Problem::bad_request("the multipart field `file` is missing"))
}

/// Checks that bytes are a JPEG or PNG image within the resolution limits (the longest side at
/// least `min_longest`, no side over `max_side`); returns its type.
pub fn check_image(bytes: &[u8], min_longest: u32, max_side: u32) -> Result<&'static str, Problem> {
    let content_type = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        "image/png"
    } else {
        return Err(Problem::bad_request(
            "the file is not a JPEG or PNG image (judged by its first bytes)",
        ));
    };
    let size = imagesize::blob_size(bytes)
        .map_err(|_| Problem::bad_request("the image header cannot be read"))?;
    if size.width as u64 > max_side as u64 || size.height as u64 > max_side as u64 {
        return Err(Problem::bad_request(format!(
            "the image is {}x{} pixels; at most {max_side}x{max_side} is accepted",
            size.width, size.height
        )));
    }
    if size.width == 0 || size.height == 0 {
        return Err(Problem::bad_request("the image has no pixels"));
    }
    if (size.width.max(size.height) as u64) < min_longest as u64 {
        return Err(Problem::bad_request(format!(
            "the image is {}x{} pixels; its longest side must be at least {min_longest} pixels",
            size.width, size.height
        )));
    }
    Ok(content_type)
}

fn upload_response(
    app: &Sandbox,
    w: &Workflow,
    credential_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> serde_json::Value {
    let parts = w
        .credential(credential_id)
        .map(|c| open_parts(app, w, c))
        .unwrap_or_else(|| json!({}));
    json!({
        "timestamp": clock::format(now),
        "account": {"id": w.account_id},
        "workflowExecution": {"id": w.id},
        "api": {"token": w.token, "parts": parts, "workflowExecution": finalize_url(app, w)},
    })
}
