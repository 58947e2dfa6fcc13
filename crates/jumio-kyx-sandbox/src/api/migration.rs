//! Data migration of legacy Netverify scans: `POST /api/v1/migrations/accounts` and
//! `PUT /api/v1/migrations/accounts/{accountId}`.
//!
//! Legacy scans are seeded through `POST /__sandbox/legacy-scans`. Unless automatic scans are
//! turned off, any other scan reference exists too, as a finished scan, except that a reference
//! containing one of these markers (any case) gets the documented error:
//!
//! | marker | message |
//! |---|---|
//! | `WIPED` | `Scans [ref] are wiped out` |
//! | `NOTFOUND` | `Scan references [ref] not found` (404) |
//! | `PENDING` | `Scans [ref] not in final state` |
//! | `INPROGRESS` | `Scan references [ref] are in progress or already migrated` |
//! | `AUTHFAIL` | the authentication preconditions (APPROVED_VERIFIED, valid, similarity MATCH) fail |
//!
//! A reference migrated before gets `Scan references [ref] already migrated`. A migration either
//! migrates every reference or none. Each scan reference becomes the workflow execution id
//! ("old scanReference → new workflowExecutionId"), and one callback goes out per reference.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use bytes::Bytes;
use serde_json::{Value, json};

use crate::api::auth::{Endpoint, authenticate};
use crate::api::problem::{Problem, Reply};
use crate::api::request::{check_schema, json_body};
use crate::platform::callbacks;
use crate::platform::decisions;
use crate::platform::ids::Stream;
use crate::platform::lifecycle;
use crate::platform::scenario::Scenario;
use crate::platform::spec::spec;
use crate::platform::state::{Account, App, Credential, LegacyScanState, Status, Store, Workflow};

/// `POST /api/v1/migrations/accounts`.
pub async fn create(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Reply {
    authenticate(&app, &headers, Endpoint::Migration)?;
    let request = json_body(&headers, &body)?;
    check_schema("MigrationRequest", &request)?;
    migrate(&app, None, &request)
}

/// `PUT /api/v1/migrations/accounts/{accountId}`.
pub async fn update(
    State(app): State<App>,
    Path(account_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    update_inner(&app, &account_id, &headers, &body)
}

/// The migration update, also reached through `PUT /api/v1/accounts/{accountId}`.
pub fn update_inner(app: &App, account_id: &str, headers: &HeaderMap, body: &[u8]) -> Reply {
    authenticate(app, headers, Endpoint::Migration)?;
    let request = json_body(headers, body)?;
    check_schema("MigrationRequest", &request)?;
    if !app.store().accounts.contains_key(account_id) {
        return Err(Problem::not_found(format!(
            "Account [{account_id}] not found"
        )));
    }
    migrate(app, Some(account_id), &request)
}

fn state_of(store: &Store, auto: bool, reference: &str) -> LegacyScanState {
    if let Some(seeded) = store.legacy_scans.get(reference) {
        return seeded.state;
    }
    if !auto {
        return LegacyScanState::NotFound;
    }
    let upper = reference.to_ascii_uppercase();
    if upper.contains("WIPED") {
        LegacyScanState::WipedOut
    } else if upper.contains("NOTFOUND") {
        LegacyScanState::NotFound
    } else if upper.contains("PENDING") {
        LegacyScanState::NotFinal
    } else if upper.contains("INPROGRESS") {
        LegacyScanState::InProgress
    } else if upper.contains("AUTHFAIL") {
        LegacyScanState::AuthenticationPreconditionsNotMet
    } else {
        LegacyScanState::Final
    }
}

fn migrate(app: &App, account_id: Option<&str>, request: &Value) -> Reply {
    let references: Vec<String> = request["scanReferences"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r.as_str().map(String::from))
        .collect();
    let mut unique = references.clone();
    unique.sort();
    unique.dedup();
    if unique.len() != references.len() {
        return Err(Problem::bad_request(
            "`scanReferences` lists a scan reference more than once",
        ));
    }
    crate::api::accounts::portal_rules(app, request)?;
    let settings = app.settings();
    let callback_url = request["callbackUrl"]
        .as_str()
        .map(String::from)
        .or(settings.default_callback_url.clone());
    let mut store = app.store();

    // Classify every reference; the first failing class (in the guide's order) is the answer.
    let listed = |pred: &dyn Fn(&str) -> bool| -> Vec<&str> {
        references
            .iter()
            .map(String::as_str)
            .filter(|r| pred(r))
            .collect()
    };
    let state = |r: &str| state_of(&store, settings.legacy_scans_auto, r);
    let already = |r: &str| store.migrated.contains_key(r) || store.workflows.contains_key(r);
    type Check<'a> = (&'a dyn Fn(&str) -> bool, StatusCode, &'a str, &'a str);
    let checks: [Check; 6] = [
        (
            &|r| !already(r) && state(r) == LegacyScanState::WipedOut,
            StatusCode::BAD_REQUEST,
            "Scans",
            "are wiped out",
        ),
        (
            &|r| !already(r) && state(r) == LegacyScanState::NotFound,
            StatusCode::NOT_FOUND,
            "Scan references",
            "not found",
        ),
        (
            &|r| !already(r) && state(r) == LegacyScanState::NotFinal,
            StatusCode::BAD_REQUEST,
            "Scans",
            "not in final state",
        ),
        (
            &|r| already(r),
            StatusCode::BAD_REQUEST,
            "Scan references",
            "already migrated",
        ),
        (
            &|r| state(r) == LegacyScanState::InProgress,
            StatusCode::BAD_REQUEST,
            "Scan references",
            "are in progress or already migrated",
        ),
        (
            &|r| state(r) == LegacyScanState::AuthenticationPreconditionsNotMet,
            StatusCode::BAD_REQUEST,
            "Scans",
            "do not meet the authentication migration preconditions (verificationStatus APPROVED_VERIFIED, validity TRUE, similarity MATCH)",
        ),
    ];
    for (pred, status, subject, message) in checks {
        let failing = listed(pred);
        if !failing.is_empty() {
            return Err(Problem::new(
                status,
                format!("{subject} [{}] {message}", failing.join(", ")),
            ));
        }
    }

    let account_id = account_id
        .map(String::from)
        .unwrap_or_else(|| app.ids.uuid(Stream::Entity).to_string());
    let now = app.clock.now();
    store.accounts.get_or_insert_with(&account_id, || Account {
        workflows: Vec::new(),
    });
    let mut finished = Vec::new();
    for reference in &references {
        let key = store
            .legacy_scans
            .get(reference)
            .map_or(3, |s| s.definition_key);
        let template = spec().template(key);
        // Migrated data is on file: nothing to acquire, nothing to upload.
        let credentials = template
            .credentials
            .iter()
            .map(|t| Credential {
                id: app.ids.uuid(Stream::Entity).to_string(),
                category: t.category.clone(),
                channels: Vec::new(),
                api_parts: Vec::new(),
                uploaded: Default::default(),
                preset: None,
            })
            .collect();
        let mut w = Workflow {
            id: reference.clone(),
            account_id: account_id.clone(),
            key_text: key.to_string(),
            customer_internal_reference: None,
            user_reference: None,
            callback_url: callback_url.clone(),
            locale: "en".into(),
            success_url: None,
            error_url: None,
            token: app.new_transaction_token(&account_id, reference, None, now),
            token_expires_at: now,
            region: crate::infra::hosts::current_region(),
            created_at: now,
            started_at: Some(now),
            last_activity: Some(now),
            processing_due: Some(now),
            completed_at: Some(now),
            status: Status::Processed,
            credentials,
            scenario: Scenario::default(),
            outcome: None,
            migrated_from: Some(reference.clone()),
            template,
        };
        w.outcome = Some(decisions::evaluate(
            &app.ids,
            &w,
            &settings,
            &app.base_in("retrieval", w.region),
            now,
        ));
        finished.push(lifecycle::finished(app, &w, callback_url.as_deref()));
        store.migrated.insert(reference.clone(), account_id.clone());
        if let Some(a) = store.accounts.get_mut(&account_id) {
            a.workflows.push(reference.clone());
        }
        store.workflows.insert(reference.clone(), w);
    }
    drop(store);
    for f in finished {
        callbacks::dispatch(app, f);
    }
    Ok(axum::Json(json!({"account": {"id": account_id}})).into_response())
}
