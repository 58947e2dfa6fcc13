//! Every JSON example of Jumio's docs and of the seed documents (tests/fixtures) parses into the
//! generated type of its endpoint, and serialises back without losing anything.

use std::path::{Path, PathBuf};

use jumio_kyx::types;
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// A fixture file, read as JSON and then as `T`.
fn parse<T: serde::de::DeserializeOwned>(file: &str) -> T {
    let text = std::fs::read_to_string(fixtures_dir().join(file)).unwrap();
    serde_json::from_value(serde_json::from_str::<Value>(&text).unwrap()).unwrap()
}

fn manifest() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixtures_dir().join("manifest.json")).unwrap())
        .unwrap()
}

/// Parses `json` into the Rust type generated for `schema` and returns it serialised again.
fn parse_as(schema: &str, json: &Value) -> Result<Value, String> {
    macro_rules! by_schema {
        ($($name:ident),* $(,)?) => {
            match schema {
                $(stringify!($name) => crate::support::round_trip::<types::$name>(json).map(|(_, v)| v),)*
                other => panic!("the fixture test does not know schema {other}"),
            }
        };
    }
    by_schema!(
        AccountRequest,
        AccountResponse,
        CallbackPayload,
        FinalizeResponse,
        HealthResponse,
        MigrationRequest,
        MigrationResponse,
        PartUploadResponse,
        PreparedData,
        Problem,
        StepsResponse,
        TokenResponse,
        WorkflowDetails,
        WorkflowStatusResponse,
    )
}

#[test]
fn every_fixture_parses_into_its_type_and_round_trips() {
    let manifest = manifest();
    let fixtures = manifest["fixtures"].as_array().unwrap();
    let mut failures = Vec::new();
    for f in fixtures {
        let file = f["file"].as_str().unwrap();
        let schema = f["schema"].as_str().unwrap();
        let text = std::fs::read_to_string(fixtures_dir().join(file)).unwrap();
        let json: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
        match parse_as(schema, &json) {
            Err(e) => failures.push(format!("{file} does not parse as {schema}: {e}")),
            Ok(back) => {
                let diffs = crate::support::differences(&json, &back);
                if !diffs.is_empty() {
                    failures.push(format!(
                        "{file} ({schema}) changed on round trip: {diffs:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        fixtures.len() >= 47,
        "the manifest lost fixtures: {}",
        fixtures.len()
    );
}

#[test]
fn the_manifest_lists_every_fixture_file_exactly_once() {
    let listed: Vec<String> = manifest()["fixtures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    let mut on_disk = Vec::new();
    for dir in ["api-examples", "seeds"] {
        for entry in std::fs::read_dir(fixtures_dir().join(dir)).unwrap() {
            on_disk.push(format!(
                "{dir}/{}",
                entry.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    let (mut a, mut b) = (listed.clone(), on_disk);
    a.sort();
    b.sort();
    assert_eq!(a, b);
    a.dedup();
    assert_eq!(a.len(), listed.len(), "a fixture is listed twice");
}

/// The doc quirks of the reference (§15) that a real server could send, each checked on the
/// fixture that shows it.
#[test]
fn doc_quirks_are_accepted_where_a_server_could_send_them() {
    // FACEMAP part without href, and the SELFIE part classifier (§15.22).
    let d: types::WorkflowDetails = parse(
        "api-examples/retrieval-workflow-details_10014_PROCESSED_PASSED_authentication_kyx-guide.json",
    );
    let parts = d.credentials.as_ref().unwrap()[0].parts.as_ref().unwrap();
    assert_eq!(parts[0].classifier, types::PartClassifier::Facemap);
    assert!(parts[0].href.is_none());
    // searchStatus SUCCESS (§15.19) and steps.href with /accounts/accounts/ (§15.11).
    let d: types::WorkflowDetails =
        parse("api-examples/retrieval-workflow-details_10013_PROCESSED_PASSED_kyx-guide.json");
    let screening = &d
        .capabilities
        .as_ref()
        .unwrap()
        .watchlist_screening
        .as_ref()
        .unwrap()[0];
    assert_eq!(
        screening.data.as_ref().unwrap().search_status,
        Some(types::SearchStatus::Success)
    );
    assert!(
        d.steps
            .unwrap()
            .href
            .unwrap()
            .contains("/accounts/accounts/")
    );
    // Capability entries without credentials, and `capabilities: {}`.
    let d: types::WorkflowDetails = parse(
        "api-examples/retrieval-workflow-details_10008_PROCESSED_REJECTED_dlVerification-UNSUPPORTED_COUNTRY_kyx-guide.json",
    );
    assert!(
        d.capabilities
            .unwrap()
            .driving_license_verification
            .unwrap()[0]
            .credentials
            .is_none()
    );
    let d: types::WorkflowDetails =
        parse("api-examples/retrieval-workflow-details_10005_PROCESSED_REJECTED_kyx-guide.json");
    assert_eq!(
        d.capabilities.unwrap(),
        serde_json::from_str::<types::Capabilities>("{}").unwrap()
    );
    // The SELFIE upload URL under the key prepared_data (§15.5) and `/account/` singular (§15.3).
    let a: types::AccountResponse =
        parse("seeds/account-create-response_10006_DATA-SELFIE_typo-prepared_data-key.json");
    let selfie = &a.workflow_execution.credentials.unwrap()[1];
    assert!(
        selfie
            .api
            .as_ref()
            .unwrap()
            .parts
            .as_ref()
            .unwrap()
            .prepared_data
            .as_ref()
            .unwrap()
            .ends_with("/parts/FACE")
    );
    let u: types::PartUploadResponse =
        parse("seeds/upload-prepared-data-response_typo-account-singular.json");
    assert!(
        u.api
            .unwrap()
            .parts
            .unwrap()
            .prepared_data
            .unwrap()
            .contains("/api/v1/account/")
    );
    // workflowDefinition.key as a number in the docs' requests.
    let r: types::AccountRequest = parse("seeds/account-create-request_10013.json");
    assert_eq!(
        r.workflow_definition.key,
        jumio_kyx::WorkflowKey::from(10013)
    );
    assert!(!r.workflow_definition.key.is_text());
}
