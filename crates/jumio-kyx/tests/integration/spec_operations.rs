//! The spec covers every endpoint of the API reference (§2: E1–E14, E4b, E7b), and the generated
//! operation table agrees with it.

use std::collections::BTreeSet;

use jumio_kyx::routing::{HostFamily, OPERATIONS};

const SPEC: &str = jumio_kyx::SPEC;

struct SpecOp {
    id: String,
    method: String,
    path: String,
    tags: Vec<String>,
    multipart: bool,
    error_ranges: BTreeSet<String>,
    has_default: bool,
}

fn spec_operations() -> Vec<SpecOp> {
    let doc: serde_yaml::Value = serde_yaml::from_str(SPEC).unwrap();
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_mapping().unwrap() {
        for (method, op) in item.as_mapping().unwrap() {
            let method = method.as_str().unwrap();
            if !["get", "put", "post", "delete", "patch"].contains(&method) {
                continue;
            }
            let responses = op["responses"].as_mapping().unwrap();
            out.push(SpecOp {
                id: op["operationId"].as_str().unwrap().to_string(),
                method: method.to_uppercase(),
                path: path.as_str().unwrap().to_string(),
                tags: op["tags"]
                    .as_sequence()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap().to_string())
                    .collect(),
                multipart: op["requestBody"]["content"]
                    .get("multipart/form-data")
                    .is_some(),
                error_ranges: responses
                    .keys()
                    .map(|k| {
                        k.as_str()
                            .map(String::from)
                            .unwrap_or_else(|| format!("{k:?}"))
                    })
                    .filter(|k| !k.starts_with('2'))
                    .collect(),
                has_default: responses.contains_key("default"),
            });
        }
    }
    out
}

/// The reference's endpoint table, a row a line: id, method, host family, path pattern.
const REFERENCE_ENDPOINTS: &str = "
E1                | POST   | auth      | /oauth2/token
E2                | POST   | account   | /api/v1/accounts
E3                | PUT    | account   | /api/v1/accounts/{accountId}
E4 image          | POST   | api       | /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/credentials/{credentialId}/parts/{classifier}
E4 prepared data  | POST   | api       | /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/credentials/{credentialId}/parts/PREPARED_DATA
E4b image         | PUT    | api       | /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/credentials/{credentialId}/parts/{classifier}
E4b prepared data | PUT    | api       | /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/credentials/{credentialId}/parts/PREPARED_DATA
E5                | PUT    | api       | /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}
E6                | GET    | retrieval | /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/status
E7                | GET    | retrieval | /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}
E7b               | GET    | retrieval | /api/v1/workflow-executions/{workflowExecutionId}
E8                | GET    | retrieval | /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/steps
E9                | GET    | retrieval | /api/v1/accounts/{accountId}/credentials/{credentialId}/parts/{classifier}
E10               | DELETE | retrieval | /api/v1/accounts/{accountId}
E11               | DELETE | retrieval | /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}
E12               | GET    | status    | /
E13               | POST   | account   | /api/v1/migrations/accounts
E14               | PUT    | account   | /api/v1/migrations/accounts/{accountId}
# Inferred (`x-kyx-inferred`): the account href, the rules, the PDF report.
E7c               | GET    | retrieval | /api/v1/accounts/{accountId}
E15               | GET    | retrieval | /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/rules
E16               | GET    | retrieval | /api/v1/accounts/{accountId}/workflow-executions/{workflowExecutionId}/generate
";

/// The rows of [`REFERENCE_ENDPOINTS`].
fn reference_endpoints() -> Vec<(&'static str, &'static str, HostFamily, &'static str)> {
    let rows = REFERENCE_ENDPOINTS.lines().map(str::trim);
    rows.filter(|row| !row.is_empty() && !row.starts_with('#'))
        .map(|row| {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let family = HostFamily::ALL.into_iter().find(|f| f.as_str() == cells[2]);
            (cells[0], cells[1], family.unwrap(), cells[3])
        })
        .collect()
}

#[test]
fn every_reference_endpoint_has_an_operation() {
    let ops = spec_operations();
    let endpoints = reference_endpoints();
    for (name, method, family, path) in &endpoints {
        let op = ops
            .iter()
            .find(|op| op.method == *method && op.path == *path)
            .unwrap_or_else(|| panic!("{name}: no operation for {method} {path}"));
        assert_eq!(
            op.tags,
            vec![family.as_str().to_string()],
            "{name}: {} has the wrong host family",
            op.id
        );
    }
    // Nothing beyond the reference either: one operation per row.
    assert_eq!(
        ops.len(),
        endpoints.len(),
        "operations: {:?}",
        ops.iter().map(|o| &o.id).collect::<Vec<_>>()
    );
}

#[test]
fn every_operation_has_one_problem_schema_on_ranges_and_no_default() {
    for op in spec_operations() {
        assert!(!op.has_default, "{} has a default response", op.id);
        assert_eq!(
            op.error_ranges,
            BTreeSet::from(["4XX".to_string(), "5XX".to_string()]),
            "{} must answer errors through 4XX/5XX only",
            op.id
        );
    }
}

#[test]
fn the_generated_table_matches_the_spec() {
    let ops = spec_operations();
    assert_eq!(OPERATIONS.len(), ops.len());
    for op in &ops {
        let generated = OPERATIONS
            .iter()
            .find(|o| o.spec_id == op.id)
            .unwrap_or_else(|| panic!("{} missing", op.id));
        assert_eq!(generated.method, op.method);
        assert_eq!(generated.path, op.path);
        assert_eq!(generated.family.as_str(), op.tags[0]);
        assert_eq!(generated.generated, !op.multipart, "{}", op.id);
    }
    let mut hand_written: Vec<_> = OPERATIONS
        .iter()
        .filter(|o| !o.generated)
        .map(|o| o.id)
        .collect();
    hand_written.sort();
    assert_eq!(hand_written, ["replace_part", "upload_part"]);
}

/// Every operation of the spec has its method on the generated client, the hand-written multipart
/// ones included: the list compiles only if each method exists, and must name every operation.
#[test]
fn every_operation_has_a_client_method() {
    use jumio_kyx::generated::Client;
    macro_rules! methods {
        ($($name:ident),* $(,)?) => {
            [$((stringify!($name), std::any::type_name_of_val(&Client::$name))),*]
        };
    }
    let methods = methods!(
        upload_part,
        replace_part,
        get_access_token,
        create_account,
        update_account,
        get_account,
        delete_account,
        upload_prepared_data,
        replace_prepared_data,
        finalize_workflow,
        get_workflow_status,
        get_workflow_details,
        get_workflow_execution,
        get_workflow_steps,
        get_workflow_rules,
        generate_report,
        download_part,
        delete_workflow,
        get_health,
        create_migration,
        update_migration,
    );
    for (name, method) in methods {
        assert!(method.ends_with(&format!("::{name}")), "{method}");
    }
    let mut named: Vec<_> = methods.iter().map(|(name, _)| *name).collect();
    let mut ids: Vec<_> = OPERATIONS.iter().map(|o| o.id).collect();
    named.sort();
    ids.sort();
    assert_eq!(named, ids);
}

#[test]
fn capability_order_is_the_specs() {
    let doc: serde_yaml::Value = serde_yaml::from_str(SPEC).unwrap();
    let spec_order: Vec<String> = doc["components"]["schemas"]["Capabilities"]["properties"]
        .as_mapping()
        .unwrap()
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    assert_eq!(spec_order, jumio_kyx::CAPABILITY_ORDER);
}

/// The limits `validate.rs` checks are the spec's.
#[test]
fn preflight_limits_match_the_spec() {
    let doc: serde_yaml::Value = serde_yaml::from_str(SPEC).unwrap();
    let schemas = &doc["components"]["schemas"];
    let max = |v: &serde_yaml::Value| v["maxLength"].as_u64().unwrap() as usize;
    assert_eq!(
        max(&schemas["CustomerInternalReference"]),
        jumio_kyx::validate::MAX_REFERENCE_LEN
    );
    assert_eq!(
        max(&schemas["UserReference"]),
        jumio_kyx::validate::MAX_REFERENCE_LEN
    );
    let props = &schemas["AccountRequest"]["properties"];
    for field in ["reportingCriteria", "callbackUrl"] {
        assert_eq!(
            max(&props[field]),
            jumio_kyx::validate::MAX_URL_LEN,
            "{field}"
        );
    }
    for field in ["successUrl", "errorUrl"] {
        assert_eq!(
            max(&schemas["WebSettings"]["properties"][field]),
            jumio_kyx::validate::MAX_URL_LEN,
            "{field}"
        );
    }
    let pattern = schemas["CustomerInternalReference"]["pattern"]
        .as_str()
        .unwrap();
    for c in jumio_kyx::validate::FORBIDDEN_REFERENCE_CHARS {
        assert!(pattern.contains(*c), "the spec's pattern lacks {c}");
    }
    assert_eq!(
        pattern.chars().filter(|c| !"^[]+$".contains(*c)).count(),
        jumio_kyx::validate::FORBIDDEN_REFERENCE_CHARS.len()
    );
}

/// Every schema a `$ref` inside `node` reaches (transitively).
fn reached(
    doc: &serde_yaml::Value,
    node: &serde_yaml::Value,
    out: &mut std::collections::BTreeSet<String>,
) {
    match node {
        serde_yaml::Value::Mapping(m) => {
            for (k, v) in m {
                if k.as_str() == Some("$ref")
                    && let Some(name) = v
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    && out.insert(name.to_string())
                {
                    reached(doc, &doc["components"]["schemas"][name], out);
                }
                if k.as_str() == Some("$ref")
                    && let Some(name) = v
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/responses/"))
                {
                    reached(doc, &doc["components"]["responses"][name], out);
                }
                reached(doc, v, out);
            }
        }
        serde_yaml::Value::Sequence(s) => s.iter().for_each(|v| reached(doc, v, out)),
        _ => {}
    }
}

fn constraints(node: &serde_yaml::Value, at: &str, out: &mut Vec<String>) {
    const KEYS: [&str; 8] = [
        "maxLength",
        "minLength",
        "pattern",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
        "exclusiveMinimum",
    ];
    match node {
        serde_yaml::Value::Mapping(m) => {
            for (k, v) in m {
                let k = k.as_str().unwrap_or_default();
                if KEYS.contains(&k) {
                    out.push(format!("{at}.{k}"));
                }
                if k != "$ref" && !k.starts_with("x-") {
                    constraints(v, &format!("{at}.{k}"), out);
                }
            }
        }
        serde_yaml::Value::Sequence(s) => {
            for (i, v) in s.iter().enumerate() {
                constraints(v, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn response_schemas_carry_no_request_constraints() {
    // A server that sends a longer reference or an out-of-range score must still parse.
    let doc: serde_yaml::Value = serde_yaml::from_str(SPEC).unwrap();
    let mut responses = std::collections::BTreeSet::new();
    for (_, item) in doc["paths"].as_mapping().unwrap() {
        for (method, op) in item.as_mapping().unwrap() {
            if method.as_str() == Some("parameters") {
                continue;
            }
            reached(&doc, &op["responses"], &mut responses);
            reached(&doc, &op["callbacks"], &mut responses);
        }
    }
    let mut found = Vec::new();
    for name in &responses {
        constraints(
            &doc["components"]["schemas"][name.as_str()],
            name,
            &mut found,
        );
    }
    // The callback's request body is a response of Jumio's, and so are its schemas (above); the
    // callback operation's own `requestBody` is walked through `callbacks`.
    assert!(
        found.is_empty(),
        "constraints in response schemas: {found:?}"
    );
    assert!(responses.contains("WorkflowDetails") && responses.contains("CallbackPayload"));
}

#[test]
fn every_operation_that_takes_a_callback_url_declares_the_callback_and_inferred_ones_say_so() {
    let doc: serde_yaml::Value = serde_yaml::from_str(SPEC).unwrap();
    for (_, item) in doc["paths"].as_mapping().unwrap() {
        for (method, op) in item.as_mapping().unwrap() {
            if method.as_str() == Some("parameters") {
                continue;
            }
            let id = op["operationId"].as_str().unwrap();
            let mut body = std::collections::BTreeSet::new();
            reached(&doc, &op["requestBody"], &mut body);
            let takes_callback = body.iter().any(|s| {
                !doc["components"]["schemas"][s.as_str()]["properties"]["callbackUrl"].is_null()
            });
            assert_eq!(
                takes_callback,
                !op["callbacks"].is_null(),
                "{id}: a callbackUrl and a declared callback go together"
            );
            let inferred = op["description"]
                .as_str()
                .unwrap_or_default()
                .contains("[INF]");
            assert_eq!(
                inferred,
                op["x-kyx-inferred"].as_bool() == Some(true),
                "{id}: [INF] in the description and x-kyx-inferred go together"
            );
        }
    }
}

/// The by-name entry point of the bindings knows exactly the spec's operations and the flows of
/// its `x-kyx-flows` table (from which the Python and Node flow methods are generated).
#[test]
fn the_by_name_entry_point_knows_every_operation_and_flow_of_the_spec() {
    let doc: serde_yaml::Value = serde_yaml::from_str(SPEC).unwrap();
    let flows: Vec<String> = doc["x-kyx-flows"]
        .as_sequence()
        .expect("the spec lists the flows")
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    assert!(flows.contains(&"run_identity_verification".to_string()));
    let mut expected: Vec<String> = spec_operations()
        .iter()
        .map(|o| jumio_kyx_bridge::snake_case(&o.id))
        .chain(flows)
        .collect();
    let mut known: Vec<String> = jumio_kyx_bridge::OPERATIONS
        .iter()
        .map(|s| s.to_string())
        .collect();
    expected.sort();
    known.sort();
    assert_eq!(known, expected);
}
