//! Retrieval (status, details, steps, part download), deletion and the health check.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::api::auth::Retrieval;
use crate::api::problem::{Problem, Reply};
use crate::platform::lifecycle::{refresh_one, time};
use crate::platform::state::{App, Sandbox, Store, Workflow};

/// `response`, with its Content-Type.
fn with_content_type(mut response: Response, content_type: &'static str) -> Reply {
    let value = HeaderValue::from_static(content_type);
    response.headers_mut().insert(header::CONTENT_TYPE, value);
    Ok(response)
}

/// The path of a workflow execution: the account id and the workflow execution id.
type Ids = (String, String);

fn lookup<'a>(
    app: &App,
    store: &'a mut Store,
    account_id: Option<&str>,
    workflow_id: &str,
) -> Result<&'a Workflow, Problem> {
    refresh_one(app, store, workflow_id);
    store
        .workflows
        .get(workflow_id)
        .filter(|w| account_id.is_none_or(|a| w.account_id == a))
        .ok_or_else(|| Problem::not_found("workflow execution not found"))
}

/// `GET …/workflow-executions/{workflowExecutionId}/status`.
pub async fn status(Retrieval(app, (account_id, workflow_id)): Retrieval<Ids>) -> Reply {
    let mut store = app.store();
    let w = lookup(&app, &mut store, Some(&account_id), &workflow_id)?;
    let retrieval = app.base("retrieval");
    Ok(axum::Json(json!({
        "account": {"id": w.account_id, "href": format!("{retrieval}/api/v1/accounts/{}", w.account_id)},
        "workflowExecution": {
            "id": w.id,
            "href": format!("{retrieval}/api/v1/workflow-executions/{}", w.id),
            "definitionKey": w.key_text,
            "status": w.status.as_str(),
        },
    }))
    .into_response())
}

/// `GET /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}`.
pub async fn details(Retrieval(app, (account_id, workflow_id)): Retrieval<Ids>) -> Reply {
    let mut store = app.store();
    let w = lookup(&app, &mut store, Some(&account_id), &workflow_id)?;
    Ok(axum::Json(details_json(&app, w)).into_response())
}

/// `GET /api/v1/workflow-executions/{workflowExecutionId}`: the href form of the details.
pub async fn details_by_id(Retrieval(app, workflow_id): Retrieval<String>) -> Reply {
    let mut store = app.store();
    let w = lookup(&app, &mut store, None, &workflow_id)?;
    Ok(axum::Json(details_json(&app, w)).into_response())
}

/// Where a part comes in the `parts` array: FRONT, BACK, FACE, FACEMAP, then the liveness frames
/// in the order every real example has (1, 3, 2, 5, 4, 6: not sorted), then the rest.
fn part_order(classifier: &str) -> usize {
    const ORDER: [&str; 11] = [
        "FRONT",
        "BACK",
        "FACE",
        "FACEMAP",
        "LIVENESS_1",
        "LIVENESS_3",
        "LIVENESS_2",
        "LIVENESS_5",
        "LIVENESS_4",
        "LIVENESS_6",
        "PREPARED_DATA",
    ];
    ORDER
        .iter()
        .position(|c| *c == classifier)
        .unwrap_or(ORDER.len())
}

/// The workflow details in their real-world shape: `definitionKey` a string, `startedAt` absent
/// when the user never started, parts without href for facemaps, results once processed.
pub fn details_json(app: &Sandbox, w: &Workflow) -> Value {
    let retrieval = app.base("retrieval");
    let mut workflow =
        json!({"id": w.id, "status": w.status.as_str(), "definitionKey": w.key_text});
    if let Some(u) = &w.user_reference {
        workflow["userReference"] = json!(u);
    }
    if let Some(c) = &w.customer_internal_reference {
        workflow["customerInternalReference"] = json!(c);
    }
    let credentials: Vec<Value> = w
        .credentials
        .iter()
        .map(|c| {
            let mut v = json!({"id": c.id, "category": c.category});
            if !c.uploaded.is_empty() {
                let mut classifiers: Vec<&String> = c.uploaded.keys().collect();
                classifiers.sort_by_key(|cls| part_order(cls));
                let parts: Vec<Value> = classifiers
                    .into_iter()
                    .map(|cls| {
                        if cls == "FACEMAP" {
                            json!({"classifier": cls})
                        } else {
                            json!({"classifier": cls, "href": format!("{retrieval}/api/v1/accounts/{}/credentials/{}/parts/{cls}", w.account_id, c.id)})
                        }
                    })
                    .collect();
                v["parts"] = Value::Array(parts);
            }
            v
        })
        .collect();
    let mut details = json!({
        "workflow": workflow,
        "account": {"id": w.account_id},
        "createdAt": crate::platform::clock::format(w.created_at),
        "steps": {"href": format!("{retrieval}/api/v1/accounts/{}/workflow-executions/{}/steps", w.account_id, w.id)},
        "credentials": credentials,
    });
    if let Some(t) = time(w.started_at) {
        details["startedAt"] = json!(t);
    }
    if let Some(t) = time(w.completed_at) {
        details["completedAt"] = json!(t);
    }
    if let Some(o) = &w.outcome {
        details["decision"] = o.decision.clone();
        details["capabilities"] = o.capabilities.clone();
    }
    details
}

/// `GET …/workflow-executions/{workflowExecutionId}/steps`.
pub async fn steps(Retrieval(app, (account_id, workflow_id)): Retrieval<Ids>) -> Reply {
    let mut store = app.store();
    let w = lookup(&app, &mut store, Some(&account_id), &workflow_id)?;
    // Steps are a KYX feature; the earlier platform's workflows (keys below 10000) have none.
    if w.template.key < 10_000 {
        return Err(Problem::not_found(
            "steps are only available for KYX workflows (keys 10000 and above)",
        ));
    }
    let steps = w
        .outcome
        .as_ref()
        .map(|o| o.steps.clone())
        .unwrap_or_else(|| json!([]));
    Ok(axum::Json(json!({"steps": steps})).into_response())
}

/// `GET /api/v1/accounts/{accountId}/credentials/{credentialId}/parts/{classifier}`.
pub async fn download(
    Retrieval(app, (account_id, credential_id, classifier)): Retrieval<(String, String, String)>,
) -> Reply {
    let store = app.store();
    let account = store
        .accounts
        .get(&account_id)
        .ok_or_else(|| Problem::not_found("account not found"))?;
    // The 10014 doc example names the selfie part SELFIE; it is stored as FACE.
    let classifier = if classifier == "SELFIE" {
        "FACE".to_string()
    } else {
        classifier
    };
    let part = account
        .workflows
        .iter()
        .filter_map(|w| store.workflows.get(w))
        .filter_map(|w| w.credential(&credential_id))
        .find_map(|c| c.uploaded.get(&classifier))
        .ok_or_else(|| Problem::not_found("the part is not available"))?;
    let bytes = axum::body::Body::from(part.bytes.clone());
    with_content_type(Response::new(bytes), part.content_type)
}

/// `GET /api/v1/accounts/{accountId}` (inferred: the `account.href` of callbacks): the account
/// and its workflow executions.
pub async fn account(Retrieval(app, account_id): Retrieval<String>) -> Reply {
    let mut store = app.store();
    let ids = store
        .accounts
        .get(&account_id)
        .map(|a| a.workflows.clone())
        .ok_or_else(|| Problem::not_found("account not found"))?;
    let retrieval = app.base("retrieval");
    let mut executions = Vec::new();
    for id in &ids {
        refresh_one(&app, &mut store, id);
        if let Some(w) = store.workflows.get(id) {
            executions.push(json!({
                "id": w.id,
                "href": format!("{retrieval}/api/v1/workflow-executions/{}", w.id),
                "definitionKey": w.key_text,
                "status": w.status.as_str(),
            }));
        }
    }
    Ok(axum::Json(json!({
        "account": {"id": account_id, "href": format!("{retrieval}/api/v1/accounts/{account_id}")},
        "workflowExecutions": executions,
    }))
    .into_response())
}

/// `GET …/workflow-executions/{workflowExecutionId}/rules` (inferred): the sandbox's rules are
/// its decision thresholds, evaluated once the workflow is processed (none before).
pub async fn rules(Retrieval(app, (account_id, workflow_id)): Retrieval<Ids>) -> Reply {
    let settings = app.settings();
    let mut store = app.store();
    let w = lookup(&app, &mut store, Some(&account_id), &workflow_id)?;
    let retrieval = app.base("retrieval");
    let rules: Vec<Value> = match &w.outcome {
        None => Vec::new(),
        Some(o) => {
            let decision = o.decision["type"].clone();
            vec![json!({
                "name": "riskScoreThresholds",
                "decision": decision,
                "description": format!(
                    "risk score {} against PASSED <= {} < WARNING <= {} < REJECTED",
                    o.decision["risk"]["score"], settings.risk_thresholds.0, settings.risk_thresholds.1
                ),
            })]
        }
    };
    Ok(axum::Json(json!({
        "workflowExecution": {
            "id": w.id,
            "href": format!("{retrieval}/api/v1/workflow-executions/{}", w.id),
            "definitionKey": w.key_text,
            "status": w.status.as_str(),
        },
        "rules": rules,
    }))
    .into_response())
}

/// `GET …/workflow-executions/{workflowExecutionId}/generate` (inferred): the transaction report,
/// a real (small) PDF; 404 until the workflow is processed.
pub async fn report(Retrieval(app, (account_id, workflow_id)): Retrieval<Ids>) -> Reply {
    let mut store = app.store();
    let w = lookup(&app, &mut store, Some(&account_id), &workflow_id)?;
    let Some(outcome) = &w.outcome else {
        return Err(Problem::not_found(
            "the transaction report exists once the workflow execution is processed",
        ));
    };
    let mut lines = vec![
        "Jumio KYX transaction report (jumio-kyx sandbox)".to_string(),
        String::new(),
        format!("Account: {}", w.account_id),
        format!("Workflow execution: {}", w.id),
        format!("Workflow definition: {}", w.key_text),
        format!("Status: {}", w.status.as_str()),
        format!(
            "Decision: {} (risk score {})",
            outcome.decision["type"].as_str().unwrap_or("-"),
            outcome.decision["risk"]["score"]
        ),
        String::new(),
        "Capabilities:".to_string(),
    ];
    for (capability, results) in outcome.capabilities.as_object().into_iter().flatten() {
        for r in results.as_array().into_iter().flatten() {
            lines.push(format!(
                "  {capability}: {} / {}",
                r["decision"]["type"].as_str().unwrap_or("-"),
                r["decision"]["details"]["label"].as_str().unwrap_or("-")
            ));
        }
    }
    let pdf = crate::api::report::pdf(&lines).into_response();
    with_content_type(pdf, "application/pdf")
}

/// `DELETE /api/v1/accounts/{accountId}`.
pub async fn delete_account(Retrieval(app, account_id): Retrieval<String>) -> Reply {
    let mut store = app.store();
    let account = store
        .accounts
        .remove(&account_id)
        .ok_or_else(|| Problem::not_found("account not found"))?;
    for w in &account.workflows {
        store.remove_workflow(w);
    }
    store.migrated.retain(|_, a| *a != account_id);
    Ok(StatusCode::OK.into_response())
}

/// `DELETE /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}`.
pub async fn delete_workflow(Retrieval(app, (account_id, workflow_id)): Retrieval<Ids>) -> Reply {
    let mut store = app.store();
    if store
        .workflows
        .get(&workflow_id)
        .is_none_or(|w| w.account_id != account_id)
    {
        return Err(Problem::not_found("workflow execution not found"));
    }
    store.remove_workflow(&workflow_id);
    Ok(StatusCode::OK.into_response())
}

/// `GET /` on the status host: the health check (no authentication).
pub async fn health(State(app): State<App>) -> Reply {
    let health = app.health.read().unwrap_or_else(|e| e.into_inner()).clone();
    Ok(axum::Json(health).into_response())
}
