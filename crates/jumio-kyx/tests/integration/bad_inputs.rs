//! The bad-input catalogue of `tests/bad-inputs/catalogue.json`, with the Rust client through
//! `jumio_kyx_bridge` (the entry point the Python and Node packages use; they run the same
//! file). Every input must give a typed validation error naming its field, and the sandbox must
//! receive nothing at all.

use crate::support::*;
use base64::Engine;
use jumio_kyx::ErrorKind;
use jumio_kyx::{Error, ImageSource};
use jumio_kyx_bridge::{self as by_name, Files};
use serde_json::{Value, json};

fn catalogue() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/bad-inputs/catalogue.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A file of the catalogue: `{sample | text | base64, padTo?}`.
fn file(spec: &Value) -> ImageSource {
    let mut bytes = match (
        spec["sample"].as_str(),
        spec["text"].as_str(),
        spec["base64"].as_str(),
    ) {
        (Some("front"), _, _) => FRONT_JPEG.to_vec(),
        (Some("back"), _, _) => BACK_JPEG.to_vec(),
        (Some("selfie"), _, _) => SELFIE_JPEG.to_vec(),
        (_, Some(t), _) => t.as_bytes().to_vec(),
        (_, _, Some(b)) => base64::engine::general_purpose::STANDARD.decode(b).unwrap(),
        _ => panic!("unknown file {spec}"),
    };
    if let Some(n) = spec["padTo"].as_u64() {
        bytes.resize(n as usize, 0);
    }
    ImageSource::bytes(bytes)
}

/// Tries an input: its client options, or its call on the shared client.
async fn attempt(shared: &jumio_kyx::Client, base: &Value, input: &Value) -> Result<(), Error> {
    if let Some(overrides) = input["client"].as_object() {
        let mut options = base.clone();
        for (k, v) in overrides {
            options[k] = v.clone();
        }
        return by_name::client_from_options(options).map(|_| ());
    }
    let client = shared;
    let op = input["call"].as_str().expect("a call or client options");
    let mut files = Files::new();
    for (name, spec) in input["files"].as_object().into_iter().flatten() {
        files.insert(name.clone(), file(spec));
    }
    by_name::call(client, op, input["args"].clone(), files)
        .await
        .map(|_| ())
}

#[tokio::test]
async fn every_bad_input_is_a_validation_error_naming_its_field_and_nothing_is_sent() {
    let sandbox = sandbox(fast()).await;
    let base = json!({
        "baseUrl": sandbox.url(), "clientId": "bad-inputs", "clientSecret": "secret",
        "userAgent": UA, "region": null,
    });
    let shared = by_name::client_from_options(base.clone()).unwrap();
    let inputs = catalogue()["inputs"].as_array().unwrap().clone();
    assert!(inputs.len() >= 100, "{} inputs", inputs.len());
    let mut failures = Vec::new();
    for input in &inputs {
        let name = input["name"].as_str().unwrap();
        let want = input["field"].as_str().unwrap();
        match attempt(&shared, &base, input).await {
            Ok(()) => failures.push(format!("{name}: accepted")),
            Err(e) if e.kind() != &ErrorKind::Validation || e.field() != Some(want) => failures
                .push(format!(
                    "{name}: {} error on {:?}, expected a validation error on {want} ({e})",
                    e.kind().code(),
                    e.field()
                )),
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        sandbox.requests().is_empty(),
        "nothing may reach the server: {:?}",
        sandbox.requests()
    );
}

#[test]
fn every_bad_sandbox_option_is_refused_at_start() {
    let mut failures = Vec::new();
    for input in catalogue()["sandbox"].as_array().unwrap() {
        let name = input["name"].as_str().unwrap();
        let says = input["says"].as_str().unwrap();
        match jumio_kyx_sandbox::EmbeddedSandbox::start_json(&input["options"]) {
            Ok(_) => failures.push(format!("{name}: accepted")),
            Err(e) if !e.to_string().contains(says) => {
                failures.push(format!("{name}: `{e}` does not say `{says}`"))
            }
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
