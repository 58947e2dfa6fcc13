//! Runs the cross-language conformance scenarios of `tests/conformance/*.json` with the Rust
//! client. The Python and Node packages run the same files.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use crate::support::*;
use jumio_kyx::{Client, Error, ErrorKind, ImageSource, PollSchedule, WaitOptions, types};
use jumio_kyx_sandbox::{FaultRule, RunningSandbox, SandboxConfig, Scenario, Settings};
use serde_json::{Value, json};

fn kind_name(e: &Error) -> &'static str {
    e.kind().code()
}

fn migration_name(e: &Error) -> Option<&'static str> {
    match e.kind() {
        ErrorKind::Migration(m) => Some(m.code()),
        _ => None,
    }
}

/// Replaces `"${name:/pointer}"` strings with values of saved results.
fn resolve(v: &Value, saved: &BTreeMap<String, Value>) -> Value {
    match v {
        Value::String(s) if s.starts_with("${") && s.ends_with('}') => {
            let inner = &s[2..s.len() - 1];
            let (name, pointer) = inner.split_once(':').expect("${name:/pointer}");
            saved
                .get(name)
                .and_then(|r| r.pointer(pointer))
                .cloned()
                .unwrap_or_else(|| panic!("{s} resolves to nothing"))
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| resolve(x, saved)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), resolve(x, saved)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn file(v: &Value) -> ImageSource {
    match (v["sample"].as_str(), v["text"].as_str()) {
        (Some("front"), _) => ImageSource::bytes(FRONT_JPEG),
        (Some("back"), _) => ImageSource::bytes(BACK_JPEG),
        (Some("selfie"), _) => ImageSource::bytes(SELFIE_JPEG),
        (_, Some(text)) => ImageSource::bytes(text.as_bytes().to_vec()),
        _ => panic!("unknown file {v}"),
    }
}

fn typed<T: serde::de::DeserializeOwned>(v: &Value) -> T {
    serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("bad argument {v}: {e}"))
}

fn to_json<T: serde::Serialize>(r: Result<T, Error>) -> Result<Value, Error> {
    r.map(|v| serde_json::to_value(v).unwrap())
}

async fn call(client: &Client, name: &str, a: &Value) -> Result<Value, Error> {
    let s = |k: &str| {
        a[k].as_str()
            .unwrap_or_else(|| panic!("{name}: argument {k} missing"))
            .to_string()
    };
    let key = a["workflow_key"].as_u64();
    match name {
        "get_access_token" => client
            .get_access_token()
            .await
            .map(|t| json!({"token_type": t.token_type, "expires_in": t.expires_in})),
        "create_account" => to_json(client.create_account(&typed(&a["request"])).await),
        "update_account" => to_json(
            client
                .update_account(&s("account_id"), &typed(&a["request"]))
                .await,
        ),
        "upload_part" | "replace_part" | "upload_prepared_data" | "replace_prepared_data" => {
            let (acc, wf) = (s("account_id"), s("workflow_execution_id"));
            let cred = s("credential_id");
            match name {
                "upload_part" | "replace_part" => {
                    let classifier = types::UploadClassifier::from(s("classifier"));
                    let file = file(&a["file"]);
                    to_json(if name == "upload_part" {
                        client.upload_part(&acc, &wf, &cred, classifier, file).await
                    } else {
                        client
                            .replace_part(&acc, &wf, &cred, classifier, file)
                            .await
                    })
                }
                _ => {
                    let data = typed(&a["data"]);
                    to_json(if name == "upload_prepared_data" {
                        client
                            .upload_prepared_data(&acc, &wf, &cred, &data, key)
                            .await
                    } else {
                        client
                            .replace_prepared_data(&acc, &wf, &cred, &data, key)
                            .await
                    })
                }
            }
        }
        "finalize_workflow"
        | "get_workflow_status"
        | "get_workflow_details"
        | "get_workflow_steps"
        | "get_workflow_rules" => {
            let (acc, wf) = (s("account_id"), s("workflow_execution_id"));
            match name {
                "finalize_workflow" => to_json(client.finalize_workflow(&acc, &wf).await),
                "get_workflow_status" => to_json(client.get_workflow_status(&acc, &wf).await),
                "get_workflow_details" => to_json(client.get_workflow_details(&acc, &wf).await),
                "get_workflow_steps" => to_json(client.get_workflow_steps(&acc, &wf).await),
                _ => to_json(client.get_workflow_rules(&acc, &wf).await),
            }
        }
        "get_workflow_execution" => to_json(
            client
                .get_workflow_execution(&s("workflow_execution_id"))
                .await,
        ),
        "download_part" => {
            let d = client
                .download_part(
                    &s("account_id"),
                    &s("credential_id"),
                    types::PartClassifier::from(s("classifier")),
                )
                .await?;
            let content_type = d.content_type().map(String::from);
            let bytes = d.bytes().await?;
            Ok(json!({"contentType": content_type, "length": bytes.len()}))
        }
        "delete_account" => client
            .delete_account(&s("account_id"))
            .await
            .map(|_| Value::Null),
        "delete_workflow" => client
            .delete_workflow(&s("account_id"), &s("workflow_execution_id"))
            .await
            .map(|_| Value::Null),
        "get_health" => to_json(client.get_health().await),
        "create_migration" => to_json(client.create_migration(&typed(&a["request"])).await),
        "update_migration" => to_json(
            client
                .update_migration(&s("account_id"), &typed(&a["request"]))
                .await,
        ),
        "run_identity_verification" => {
            let mut v = jumio_kyx::IdentityVerification::new(
                s("customer_internal_reference"),
                file(&a["front"]),
                file(&a["selfie"]),
            );
            if !a["back"].is_null() {
                v = v.back(file(&a["back"]));
            }
            if let Some(k) = key {
                v = v.workflow(k);
            }
            if let Some(u) = a["user_reference"].as_str() {
                v = v.user_reference(u);
            }
            client
                .run_identity_verification(v)
                .await
                .map(|st| serde_json::to_value(st.account).unwrap())
        }
        "run_prepared_data_verification" => {
            let mut v = jumio_kyx::PreparedDataVerification::screening(
                s("customer_internal_reference"),
                s("user_reference"),
                typed(&a["data"]),
            );
            if let Some(k) = key {
                v.workflow_key = k.into();
            }
            client
                .run_prepared_data_verification(v)
                .await
                .map(|st| serde_json::to_value(st.account).unwrap())
        }
        "wait_for_completion" => {
            let schedule = match (&a["poll_interval"], &a["schedule_scale"]) {
                (Value::Null, Value::Null) => PollSchedule::Every(Duration::from_millis(100)),
                (Value::Null, f) => PollSchedule::Scaled(seconds_number(f)),
                (s, _) => PollSchedule::Every(duration(s)),
            };
            let deadline = match &a["deadline"] {
                Value::Null => Duration::from_secs(10),
                d => duration(d),
            };
            let options = WaitOptions { schedule, deadline };
            to_json(
                client
                    .wait_for_completion(&s("account_id"), &s("workflow_execution_id"), options)
                    .await,
            )
        }
        "get_workflow_by_href" => to_json(client.get_workflow_by_href(&s("href")).await),
        "get_account" => to_json(client.get_account(&s("account_id")).await),
        "generate_report" => {
            let d = client
                .generate_report(&s("account_id"), &s("workflow_execution_id"))
                .await?;
            let content_type = d.content_type().map(String::from);
            let bytes = d.bytes().await?;
            assert!(bytes.starts_with(b"%PDF-"), "a PDF");
            Ok(json!({"contentType": content_type, "length": bytes.len()}))
        }
        other => panic!("the conformance runner does not know the call {other}"),
    }
}

/// A number of the scenario (`"Infinity"` and `"NaN"` included).
fn seconds_number(v: &Value) -> f64 {
    match v.as_str() {
        Some("Infinity") => f64::INFINITY,
        Some("-Infinity") => f64::NEG_INFINITY,
        Some("NaN") => f64::NAN,
        _ => v.as_f64().expect("a number"),
    }
}

/// A scenario's seconds as the Rust caller holds them: a value a `Duration` cannot hold (negative,
/// infinite, NaN) becomes the most hostile one it can, `Duration::MAX`, or zero.
fn duration(v: &Value) -> Duration {
    let s = seconds_number(v);
    if s.is_nan() || s <= 0.0 {
        Duration::ZERO
    } else {
        Duration::try_from_secs_f64(s).unwrap_or(Duration::MAX)
    }
}

fn drive_sandbox(sandbox: &RunningSandbox, name: &str, a: &Value) {
    match name {
        "advance_clock" => sandbox.advance_clock(chrono::Duration::milliseconds(
            (a["seconds"].as_f64().unwrap() * 1000.0) as i64,
        )),
        "set_faults" => sandbox.set_faults(typed::<Vec<FaultRule>>(a)).unwrap(),
        "set_workflow_scenario" => sandbox
            .set_workflow_scenario(
                a["workflow"].as_str().unwrap(),
                typed::<Scenario>(&a["scenario"]),
            )
            .unwrap(),
        "update_settings" => {
            sandbox.update_settings(a).unwrap();
        }
        other => panic!("unknown sandbox step {other}"),
    }
}

/// The same call through the JSON operation API the Python and Node packages use.
async fn call_json(client: &Client, name: &str, a: &Value) -> Result<Value, Error> {
    use jumio_kyx_bridge::{Output, call};
    let mut args = a.clone();
    let mut files = jumio_kyx_bridge::Files::new();
    if let Some(obj) = args.as_object_mut() {
        for key in ["file", "front", "back", "selfie"] {
            if let Some(v) = obj.remove(key) {
                files.insert(key.to_string(), file(&v));
            }
        }
    }
    match call(client, name, args, files).await? {
        Output::Json(v) => Ok(serde_json::from_str(v.get()).expect("the bridge's JSON")),
        Output::Download(d) => {
            let content_type = d.content_type().map(String::from);
            let bytes = d.bytes().await?;
            Ok(json!({"contentType": content_type, "length": bytes.len()}))
        }
    }
}

async fn run_scenario(path: &Path, through_by_name: bool) {
    let scenario: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let name = scenario["name"].as_str().unwrap_or_default().to_string();
    let mut settings: Value = serde_json::to_value(Settings::default()).unwrap();
    for (k, v) in scenario["sandbox"]["settings"]
        .as_object()
        .into_iter()
        .flatten()
    {
        settings[k] = v.clone();
    }
    let sandbox = RunningSandbox::start(SandboxConfig {
        settings: typed(&settings),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let client = builder(&sandbox).build().unwrap();
    let mut saved = BTreeMap::new();
    for (i, step) in scenario["steps"].as_array().unwrap().iter().enumerate() {
        let at = format!("{name}, step {i}");
        let args = resolve(&step["args"], &saved);
        if let Some(s) = step["sandbox"].as_str() {
            drive_sandbox(&sandbox, s, &args);
            continue;
        }
        let before = sandbox.requests().len();
        let op = step["call"].as_str().unwrap();
        let result = if through_by_name || step["jsonOnly"] == true {
            call_json(&client, op, &args).await
        } else {
            call(&client, op, &args).await
        };
        let expect = resolve(&step["expect"], &saved);
        if let Some(n) = expect["requests"].as_u64() {
            assert_eq!(
                (sandbox.requests().len() - before) as u64,
                n,
                "{at} ({op}): requests"
            );
        }
        match (result, expect.get("error")) {
            (Ok(value), None) => {
                for (pointer, want) in expect["result"].as_object().into_iter().flatten() {
                    let got = value.pointer(pointer).unwrap_or(&Value::Null);
                    let same = match (got.as_f64(), want.as_f64()) {
                        (Some(g), Some(w)) => g == w,
                        _ => got == want,
                    };
                    assert!(same, "{at} ({op}): {pointer} is {got}, expected {want}");
                }
                if let Some(n) = step["save"].as_str() {
                    saved.insert(n.to_string(), value);
                }
            }
            (Ok(value), Some(e)) => panic!("{at} ({op}): expected error {e}, got {value}"),
            (Err(err), None) => panic!("{at} ({op}): unexpected error {err}"),
            (Err(err), Some(want)) => {
                assert_eq!(
                    kind_name(&err),
                    want["kind"].as_str().unwrap(),
                    "{at} ({op}): {err}"
                );
                if let Some(s) = want["status"].as_u64() {
                    assert_eq!(err.status(), Some(s as u16), "{at} ({op}): {err}");
                }
                if let Some(f) = want["field"].as_str() {
                    assert_eq!(err.field(), Some(f), "{at} ({op}): {err}");
                }
                if let Some(m) = want["migration"].as_str() {
                    assert_eq!(migration_name(&err), Some(m), "{at} ({op}): {err}");
                }
                if let Some(r) = want["retryable"].as_bool() {
                    assert_eq!(err.is_retryable(), r, "{at} ({op}): {err}");
                }
                if let Some(b) = want["bodyContains"].as_str() {
                    assert!(
                        err.body().is_some_and(|body| body.contains(b)),
                        "{at} ({op}): body {:?}",
                        err.body()
                    );
                }
                let shown = everything_shown(&err);
                for text in want["messageIncludes"].as_array().into_iter().flatten() {
                    let text = text.as_str().unwrap();
                    assert!(shown.contains(text), "{at} ({op}): {text:?} not in {shown}");
                }
                for text in want["messageExcludes"].as_array().into_iter().flatten() {
                    let text = text.as_str().unwrap();
                    assert!(!shown.contains(text), "{at} ({op}): {text:?} in {shown}");
                }
            }
        }
    }
}

/// The scenario files of `tests/conformance`, in order.
fn scenario_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn every_conformance_scenario_passes() {
    let files = scenario_files();
    assert!(files.len() >= 14, "{files:?}");
    for f in &files {
        run_scenario(f, false).await;
    }
}

#[tokio::test]
async fn every_conformance_scenario_passes_through_the_json_operation_api() {
    for f in &scenario_files() {
        run_scenario(f, true).await;
    }
}
