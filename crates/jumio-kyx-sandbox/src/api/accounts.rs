//! Account creation and update: `POST /api/v1/accounts`, `PUT /api/v1/accounts/{accountId}`.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use bytes::Bytes;
use chrono::Duration;
use serde_json::{Value, json};

use crate::api::auth::{Endpoint, authenticate};
use crate::api::problem::{Problem, Reply};
use crate::api::request::{check_schema, json_body};
use crate::platform::clock;
use crate::platform::ids::Stream;
use crate::platform::scenario::Scenario;
use crate::platform::spec::{Template, spec};
use crate::platform::state::{Account, App, Credential, Sandbox, Status, Workflow};

/// Shortest and longest accepted `tokenLifetime`, in seconds (5m and 60d).
const TOKEN_LIFETIME_BOUNDS: (i64, i64) = (5 * 60, 60 * 86_400);
const DEFAULT_TOKEN_LIFETIME: i64 = 30 * 60;

/// `POST /api/v1/accounts`.
pub async fn create(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Reply {
    authenticate(&app, &headers, Endpoint::AccountOrRetrieval)?;
    let request = json_body(&headers, &body)?;
    let input = validate(&request)?;
    portal_rules(&app, &request)?;
    if input.template.account_must_exist {
        return Err(Problem::bad_request(format!(
            "workflow {} works on an existing account: start it with PUT /api/v1/accounts/{{accountId}}",
            input.template.key
        )));
    }
    let account_id = app.ids.uuid(Stream::Entity).to_string();
    start_workflow(&app, &account_id, input, true)
}

/// `PUT /api/v1/accounts/{accountId}`. A body with `scanReferences` is a migration update sent
/// to the path of the migration guide's own example (DECISIONS.md §15.2).
pub async fn update(
    State(app): State<App>,
    Path(account_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let request_peek = serde_json::from_slice::<Value>(&body).ok();
    if request_peek
        .as_ref()
        .is_some_and(|v| v.get("scanReferences").is_some() && v.get("workflowDefinition").is_none())
    {
        return crate::api::migration::update_inner(&app, &account_id, &headers, &body);
    }
    authenticate(&app, &headers, Endpoint::AccountOrRetrieval)?;
    let request = json_body(&headers, &body)?;
    if !app.store().accounts.contains_key(&account_id) {
        return Err(Problem::not_found("account not found"));
    }
    let input = validate(&request)?;
    portal_rules(&app, &request)?;
    start_workflow(&app, &account_id, input, false)
}

/// A validated account request.
pub struct AccountInput {
    pub template: Template,
    pub key_text: String,
    pub request: Value,
    pub token_lifetime: i64,
    pub scenario: Scenario,
}

/// The URL fields (`callbackUrl`, `web.successUrl`, `web.errorUrl`): in every mode an absolute
/// http(s) URL of at most 255 characters, as the platform takes them (so a `javascript:` URL can
/// never become a navigation target of the journey); in region mode also Jumio's Portal rules
/// (HTTPS, a host name, no port, no fragment, no query parameter the journey appends), as the
/// real platform applies them. A refusal names the field, never the value.
pub fn portal_rules(app: &App, request: &Value) -> Result<(), Problem> {
    for (pointer, field, redirect) in [
        ("/callbackUrl", "callbackUrl", false),
        ("/web/successUrl", "web.successUrl", true),
        ("/web/errorUrl", "web.errorUrl", true),
    ] {
        let Some(url) = request.pointer(pointer).and_then(Value::as_str) else {
            continue;
        };
        let checked = jumio_kyx::validate::url(field, url).and_then(|()| {
            if app.config.strict_hosts {
                jumio_kyx::validate::portal_url(field, url, redirect)
            } else {
                Ok(())
            }
        });
        checked.map_err(|e| {
            Problem::bad_request(format!("`{field}` {}", e.detail().unwrap_or("is invalid")))
        })?;
    }
    Ok(())
}

fn validate(request: &Value) -> Result<AccountInput, Problem> {
    check_schema("AccountRequest", request)?;
    let key_value = &request["workflowDefinition"]["key"];
    let key_text = match key_value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let key: u64 = key_text.parse().map_err(|_| {
        Problem::bad_request("`workflowDefinition.key` must be a workflow definition key")
    })?;
    let template = spec().template(key);
    let token_lifetime = match request.get("tokenLifetime").and_then(Value::as_str) {
        None => DEFAULT_TOKEN_LIFETIME,
        Some(t) => parse_lifetime(t)
            .filter(|s| (TOKEN_LIFETIME_BOUNDS.0..=TOKEN_LIFETIME_BOUNDS.1).contains(s))
            .ok_or_else(|| {
                Problem::bad_request(
                    "`tokenLifetime` must be between 5m and 60d (a number and a unit s, m, h or d)",
                )
            })?,
    };
    // `userReference` is "required for Screening to work" (10010, 32): without it the account
    // is still created, and screening does not run (decisions.rs).
    for (i, preset) in request["workflowDefinition"]["credentials"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let category = preset["category"].as_str().unwrap_or_default();
        if !template.credentials.iter().any(|c| c.category == category) {
            return Err(Problem::bad_request(format!(
                "`workflowDefinition.credentials[{i}].category` {category} is not a credential of workflow {key}"
            )));
        }
    }
    let mut scenario = Scenario::default();
    for field in ["customerInternalReference", "userReference"] {
        if let Some(text) = request.get(field).and_then(Value::as_str) {
            scenario = scenario.or(&Scenario::from_markers(text)
                .map_err(|e| Problem::bad_request(format!("`{field}`: {e}")))?);
        }
    }
    Ok(AccountInput {
        template,
        key_text,
        request: request.clone(),
        token_lifetime,
        scenario,
    })
}

/// `30m` → 1800.
fn parse_lifetime(text: &str) -> Option<i64> {
    let (number, unit) = text.split_at(text.len().checked_sub(1)?);
    let n: i64 = number.parse().ok()?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    n.checked_mul(unit)
}

fn start_workflow(
    app: &Sandbox,
    account_id: &str,
    input: AccountInput,
    new_account: bool,
) -> Reply {
    let now = app.clock.now();
    let settings = app.settings();
    let AccountInput {
        template,
        key_text,
        request,
        token_lifetime,
        scenario,
    } = input;
    let presets: Vec<Value> = request["workflowDefinition"]["credentials"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut store = app.store();

    let mut credentials = Vec::new();
    for t in &template.credentials {
        let preset = presets
            .iter()
            .find(|p| p["category"] == t.category.as_str())
            .cloned();
        let reused = preset
            .as_ref()
            .and_then(|p| p["id"].as_str())
            .map(String::from);
        if let Some(id) = &reused {
            let on_account = store.accounts.get(account_id).is_some_and(|a| {
                a.workflows.iter().any(|w| {
                    store
                        .workflows
                        .get(w)
                        .is_some_and(|w| w.credential(id).is_some())
                })
            });
            if !on_account {
                return Err(Problem::bad_request(format!(
                    "credential to reuse (category {}) is not on this account",
                    t.category
                )));
            }
        }
        let (channels, api_parts) = if reused.is_some() {
            (Vec::new(), Vec::new())
        } else {
            let api = t.channels.iter().any(|c| c == "API");
            (
                t.channels.clone(),
                if api { t.parts.clone() } else { Vec::new() },
            )
        };
        credentials.push(Credential {
            id: reused.unwrap_or_else(|| app.ids.uuid(Stream::Entity).to_string()),
            category: t.category.clone(),
            channels,
            api_parts,
            uploaded: Default::default(),
            preset,
        });
    }

    let workflow_id = app.ids.uuid(Stream::Entity).to_string();
    let text = |k: &str| request.get(k).and_then(Value::as_str).map(String::from);
    let token_expires_at = now + Duration::seconds(token_lifetime);
    let token = app.new_transaction_token(
        account_id,
        &workflow_id,
        text("customerInternalReference").as_deref(),
        token_expires_at,
    );
    let web = &request["web"];
    let workflow = Workflow {
        id: workflow_id.clone(),
        account_id: account_id.to_string(),
        key_text,
        customer_internal_reference: text("customerInternalReference"),
        user_reference: text("userReference"),
        callback_url: text("callbackUrl"),
        locale: web["locale"].as_str().unwrap_or("en").to_string(),
        success_url: web["successUrl"].as_str().map(String::from),
        error_url: web["errorUrl"].as_str().map(String::from),
        token: token.clone(),
        token_expires_at,
        created_at: now,
        started_at: None,
        last_activity: None,
        processing_due: None,
        completed_at: None,
        status: Status::Initiated,
        region: crate::infra::hosts::current_region(),
        credentials,
        scenario: scenario.or(&store.default_scenario),
        outcome: None,
        migrated_from: None,
        template,
    };
    let response = account_response(app, &workflow, now);
    if new_account {
        store.accounts.insert(
            account_id.to_string(),
            Account {
                workflows: Vec::new(),
            },
        );
    }
    if let Some(a) = store.accounts.get_mut(account_id) {
        a.workflows.push(workflow_id.clone());
    }
    store.transaction_tokens.insert(token, workflow_id.clone());
    store.workflows.insert(workflow_id.clone(), workflow);
    store.schedule(&workflow_id, &settings);
    drop(store);
    app.wake.notify_one();
    Ok(axum::Json(response).into_response())
}

/// The upload URL of a part.
pub fn part_url(app: &Sandbox, w: &Workflow, credential_id: &str, classifier: &str) -> String {
    format!(
        "{}/api/v1/accounts/{}/workflow-executions/{}/credentials/{credential_id}/parts/{classifier}",
        app.base("api"),
        w.account_id,
        w.id
    )
}

/// The finalize URL of a workflow execution.
pub fn finalize_url(app: &Sandbox, w: &Workflow) -> String {
    format!(
        "{}/api/v1/accounts/{}/workflow-executions/{}",
        app.base("api"),
        w.account_id,
        w.id
    )
}

/// Upload URLs still open for a credential, keyed by lowercase classifier.
pub fn open_parts(app: &Sandbox, w: &Workflow, c: &Credential) -> Value {
    let mut parts = serde_json::Map::new();
    for p in c.api_parts.iter().filter(|p| !c.uploaded.contains_key(*p)) {
        parts.insert(p.to_ascii_lowercase(), json!(part_url(app, w, &c.id, p)));
    }
    Value::Object(parts)
}

fn account_response(app: &Sandbox, w: &Workflow, now: chrono::DateTime<chrono::Utc>) -> Value {
    let credentials: Vec<Value> = w
        .credentials
        .iter()
        .map(|c| {
            let mut v = json!({"id": c.id, "category": c.category, "allowedChannels": c.channels});
            if c.allows("API") {
                v["api"] = json!({"token": w.token, "parts": open_parts(app, w, c), "workflowExecution": finalize_url(app, w)});
            }
            v
        })
        .collect();
    let mut response = json!({
        "timestamp": clock::format(now),
        "account": {"id": w.account_id},
        "workflowExecution": {"id": w.id, "credentials": credentials},
    });
    if w.credentials.iter().any(|c| c.allows("WEB")) {
        let mut web = json!({"href": app.journey_href(w)});
        if let Some(u) = &w.success_url {
            web["successUrl"] = json!(u);
        }
        if let Some(u) = &w.error_url {
            web["errorUrl"] = json!(u);
        }
        response["web"] = web;
    }
    if w.credentials.iter().any(|c| c.allows("SDK")) {
        response["sdk"] = json!({"token": w.token});
    }
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn token_lifetimes_parse() {
        assert_eq!(super::parse_lifetime("30m"), Some(1800));
        assert_eq!(super::parse_lifetime("60d"), Some(5_184_000));
        assert_eq!(super::parse_lifetime("m"), None);
        assert_eq!(super::parse_lifetime("5x"), None);
        assert_eq!(super::parse_lifetime(""), None);
    }
}
