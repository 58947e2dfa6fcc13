//! Text renderings of API bodies, one function per kind of result. They read JSON, so every
//! command renders the same way whatever produced the body. Every string from the body is
//! read through [`at`] or escaped with [`field`] (see `output`), never printed raw.

use serde_json::Value;

use crate::output::{HREF_CHARS, TOKEN_CHARS, at, at_most, field, number, rows, table};

/// An account response (create, update): ids, credentials and what to upload.
pub fn account(v: &Value) -> String {
    let mut out = rows(&[
        ("account", at(v, "/account/id")),
        ("workflow execution", at(v, "/workflowExecution/id")),
    ]);
    let creds = v
        .pointer("/workflowExecution/credentials")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if !creds.is_empty() {
        let body: Vec<Vec<String>> = creds
            .iter()
            .map(|c| {
                let channels = c["allowedChannels"]
                    .as_array()
                    .map(|a| join(a.iter().filter_map(Value::as_str).map(field)))
                    .unwrap_or_default();
                let parts = api_parts(c);
                vec![
                    at(c, "/category"),
                    at(c, "/id"),
                    if channels.is_empty() {
                        "-".into()
                    } else {
                        channels
                    },
                    if parts.is_empty() {
                        "-".into()
                    } else {
                        join(parts.into_iter())
                    },
                ]
            })
            .collect();
        out.push('\n');
        out.push_str(&table(
            &["credential", "id", "channels", "upload (API)"],
            &body,
        ));
    }
    if v.pointer("/web/href").is_some_and(Value::is_string) {
        out.push_str(&format!(
            "\nweb journey  {}\n",
            at_most(v, "/web/href", HREF_CHARS)
        ));
    }
    out
}

/// The parts a credential still takes through the API (its `api.parts`), in upload order.
fn api_parts(credential: &Value) -> Vec<String> {
    let mut parts: Vec<String> = credential
        .pointer("/api/parts")
        .and_then(Value::as_object)
        .map(|p| p.keys().map(|k| field(&k.to_ascii_uppercase())).collect())
        .unwrap_or_default();
    parts.sort_by_key(|p| part_order(p));
    parts
}

/// For each member of the array `v[key]`, the values at `columns`: the body of a table.
fn array_rows(v: &Value, key: &str, columns: &[&str]) -> Vec<Vec<String>> {
    v[key]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| columns.iter().map(|c| at(m, c)).collect())
        .collect()
}

fn part_order(p: &str) -> usize {
    ["FRONT", "BACK", "FACE", "FACEMAP", "PREPARED_DATA"]
        .iter()
        .position(|x| *x == p)
        .unwrap_or(99)
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// An upload response: what the credential still needs (its other parts are listed in the
/// answer; other credentials are not).
pub fn upload(v: &Value) -> String {
    let pending = api_parts(v);
    rows(&[
        ("uploaded to", at(v, "/workflowExecution/id")),
        (
            "credential needs",
            if pending.is_empty() {
                "nothing more".into()
            } else {
                join(pending.into_iter())
            },
        ),
    ])
}

/// A finalize response.
pub fn finalized(v: &Value) -> String {
    format!(
        "finalized {} (processing; watch with `kyx status --wait`)\n",
        at(v, "/workflowExecution/id")
    )
}

/// A status response.
pub fn status(v: &Value) -> String {
    rows(&[
        ("workflow execution", at(v, "/workflowExecution/id")),
        ("definition", at(v, "/workflowExecution/definitionKey")),
        ("status", at(v, "/workflowExecution/status")),
        ("account", at(v, "/account/id")),
    ])
}

/// Workflow details: the decision and each capability (no personal data: extracted values are
/// in `--json` only).
pub fn details(v: &Value) -> String {
    let mut out = rows(&[
        ("workflow execution", at(v, "/workflow/id")),
        ("definition", at(v, "/workflow/definitionKey")),
        ("status", at(v, "/workflow/status")),
        ("account", at(v, "/account/id")),
        ("decision", {
            let (t, l) = (at(v, "/decision/type"), at(v, "/decision/details/label"));
            let label = if l == t || l == "-" {
                String::new()
            } else {
                format!(" ({l})")
            };
            format!(
                "{t}{label}, risk score {}",
                number(v, "/decision/risk/score")
            )
        }),
    ]);
    let body: Vec<Vec<String>> = capabilities(v)
        .into_iter()
        .map(|c| vec![c.0, c.1, c.2, c.3])
        .collect();
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&table(
            &["capability", "credential", "decision", "label"],
            &body,
        ));
    }
    out
}

/// (capability, credential category, decision, label) of every capability result.
pub fn capabilities(v: &Value) -> Vec<(String, String, String, String)> {
    match serde_json::from_value::<jumio_kyx::types::WorkflowDetails>(v.clone()) {
        Ok(d) => d
            .capability_summaries()
            .into_iter()
            .map(|c| {
                (
                    field(&c.capability.to_string()),
                    c.category.map_or_else(|| "-".into(), |x| field(&x)),
                    field(&c.decision),
                    field(&c.label),
                )
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// A steps response.
pub fn steps(v: &Value) -> String {
    let body: Vec<Vec<String>> = v["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            vec![
                at(s, "/name"),
                at(s, "/decision/type"),
                at(s, "/decision/details/label"),
                s["capabilityIds"]
                    .as_array()
                    .map_or(0, Vec::len)
                    .to_string(),
            ]
        })
        .collect();
    table(&["step", "decision", "label", "capabilities"], &body)
}

/// An account and its workflow executions (`kyx account get`).
pub fn account_details(v: &Value) -> String {
    let mut out = rows(&[("account", at(v, "/account/id"))]);
    let body = array_rows(
        v,
        "workflowExecutions",
        &["/id", "/definitionKey", "/status"],
    );
    if !body.is_empty() {
        out.push_str(&table(&["workflow execution", "key", "status"], &body));
    }
    out
}

/// The rules of a workflow execution (`kyx rules`).
pub fn rules(v: &Value) -> String {
    let body = array_rows(v, "rules", &["/name", "/decision", "/description"]);
    if body.is_empty() {
        return "no rules evaluated (yet)\n".into();
    }
    table(&["rule", "decision", "description"], &body)
}

/// The health response.
pub fn health(v: &Value) -> String {
    let mut out = format!("platform  {}\n", at(v, "/status"));
    if let Some(details) = v["details"].as_object() {
        for (k, s) in details {
            out.push_str(&format!(
                "  {:<12} {}\n",
                field(k),
                s.as_str().map_or_else(|| "-".into(), field)
            ));
        }
    }
    out
}

/// A token response: the token itself is the result.
pub fn token(v: &Value) -> String {
    format!(
        "{} token, valid for {} s:\n{}\n",
        at(v, "/token_type"),
        at(v, "/expires_in"),
        at_most(v, "/access_token", TOKEN_CHARS)
    )
}
