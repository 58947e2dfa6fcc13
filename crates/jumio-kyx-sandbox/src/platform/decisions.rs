//! Decisions: runs a workflow's capabilities in their documented dependency order and derives
//! the steps, the overall decision and the risk score.
//!
//! * A capability whose predecessor (`x-capability-dependencies`) was REJECTED or NOT_EXECUTED is
//!   NOT_EXECUTED / PRECONDITION_NOT_FULFILLED.
//! * A credential the API channel should have uploaded but did not gets usability
//!   NOT_EXECUTED / NOT_UPLOADED; a data capability without prepared data, or with data that lacks
//!   the workflow's fields, gets NOT_EXECUTED / NOT_ENOUGH_DATA (VALIDATION_FAILED where that
//!   capability has no NOT_ENOUGH_DATA); screening without the `userReference` its workflow needs
//!   gets NOT_EXECUTED / NOT_ENOUGH_DATA.
//! * Otherwise the scenario's label, or the capability's passing label.
//! * Risk score: the scenario's, or 100 when something was rejected (80 when only dataChecks
//!   was), 40 with a warning, 50 when some capability could not run, 0 when all passed, -1 when
//!   nothing ran. The type follows the thresholds (default PASSED ≤ 30 < WARNING ≤ 70 < REJECTED).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use serde_json::{Value, json};

use crate::infra::config::{ExpiredDecision, Settings};
use crate::platform::clock;
use crate::platform::ids::{Ids, Stream};
use crate::platform::spec::spec;
use crate::platform::state::{Credential, Outcome, Status, Workflow};

struct Entry {
    id: String,
    credentials: Vec<(String, String)>,
    decision: String,
    label: String,
    data: Option<Value>,
    facemap_href: Option<String>,
}

impl Entry {
    fn failed(&self) -> bool {
        self.decision == "REJECTED" || self.decision == "NOT_EXECUTED"
    }
}

/// A capability result's id: from the sandbox's entity stream (reproducible with a seed).
fn new_id(ids: &Ids) -> String {
    ids.uuid(Stream::Entity).to_string()
}

/// The credentials a capability works on, by category.
fn inputs(capability: &str, has_extraction: bool) -> &'static [&'static str] {
    match capability {
        "imageChecks" | "extraction" | "dataChecks" => &["ID"],
        "liveness" => &["SELFIE"],
        "similarity" => &["ID", "SELFIE"],
        "authentication" => &["SELFIE", "FACEMAP"],
        "watchlistScreening"
        | "addressValidation"
        | "proofOfResidency"
        | "drivingLicenseVerification" => {
            if has_extraction {
                &["ID"]
            } else {
                &["DATA"]
            }
        }
        "braCpfValidation" => &["DATA"],
        "biometricVerification" => &["SELFIE", "DATA"],
        _ => &["ID"],
    }
}

/// Whether the API channel has (or never needed to provide) a credential's data.
fn present(c: &Credential) -> bool {
    !c.uploaded.is_empty() || !c.allows("API") || c.api_parts.is_empty()
}

/// Whether a DATA credential's prepared data has every field the workflow needs (dotted paths,
/// non-empty strings).
fn has_required_fields(c: &Credential, required: &[String]) -> bool {
    let Some(part) = c.uploaded.get("PREPARED_DATA") else {
        return true;
    };
    let Ok(data) = serde_json::from_slice::<Value>(&part.bytes) else {
        return false;
    };
    required.iter().all(|path| {
        crate::api::request::lookup(&data, path)
            .and_then(Value::as_str)
            .is_some_and(|v| !v.is_empty())
    })
}

/// Computes the results of a processed workflow.
pub fn evaluate(
    ids: &Ids,
    w: &Workflow,
    settings: &Settings,
    base_retrieval: &str,
    now: DateTime<Utc>,
) -> Outcome {
    let spec = spec();
    let t = &w.template;
    let has_extraction = t.capabilities.iter().any(|c| c == "extraction");
    let mut results: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    // Only a facemap that exists can be used for a later authentication.
    let facemap_href = w
        .credentials
        .iter()
        .find(|c| c.category == "FACEMAP" && c.uploaded.contains_key("FACEMAP"))
        .map(|c| {
            format!(
                "{base_retrieval}/api/v1/accounts/{}/credentials/{}/parts/FACEMAP",
                w.account_id, c.id
            )
        });

    for cap in &t.capabilities {
        if cap == "usability" {
            let entries = w
                .credentials
                .iter()
                .filter(|c| {
                    c.category != "DATA"
                        && (!c.uploaded.is_empty() || (c.allows("API") && !c.api_parts.is_empty()))
                })
                .map(|c| {
                    let (decision, label) = if c.uploaded.is_empty()
                        || (c.category == "ID" && !c.uploaded.contains_key("FRONT"))
                    {
                        ("NOT_EXECUTED".to_string(), "NOT_UPLOADED".to_string())
                    } else {
                        chosen(w, cap, Some(&c.category))
                    };
                    Entry {
                        id: new_id(ids),
                        credentials: vec![(c.id.clone(), c.category.clone())],
                        decision,
                        label,
                        data: None,
                        facemap_href: None,
                    }
                })
                .collect();
            results.insert(cap.clone(), entries);
            continue;
        }

        let wanted = inputs(cap, has_extraction);
        let creds: Vec<&Credential> = w
            .credentials
            .iter()
            .filter(|c| wanted.contains(&c.category.as_str()))
            .collect();
        let predecessor = predecessor_in(cap, &t.capabilities);
        let predecessor_failed = match predecessor.as_deref() {
            Some("usability") => results.get("usability").is_some_and(|us| {
                us.iter().any(|e| {
                    e.failed()
                        && e.credentials
                            .iter()
                            .any(|(id, _)| creds.iter().any(|c| &c.id == id))
                })
            }),
            Some(p) => results
                .get(p)
                .is_some_and(|es| es.iter().any(Entry::failed)),
            None => false,
        };
        let missing = creds.is_empty() || creds.iter().any(|c| !present(c));
        // What the platform refuses at processing rather than at upload: prepared data without
        // the workflow's fields, screening without a userReference.
        let incomplete = creds
            .iter()
            .any(|c| c.category == "DATA" && !has_required_fields(c, &t.prepared_data))
            || (cap == "watchlistScreening"
                && t.user_reference_required
                && w.user_reference.as_deref().is_none_or(str::is_empty));
        let first_label = |labels: &[&'static str]| {
            labels
                .iter()
                .find(|l| spec.decision_of(cap, l).is_some())
                .copied()
                .unwrap_or("PRECONDITION_NOT_FULFILLED")
        };
        let (decision, label) = if predecessor_failed {
            ("NOT_EXECUTED".into(), "PRECONDITION_NOT_FULFILLED".into())
        } else if missing {
            (
                "NOT_EXECUTED".into(),
                first_label(&["NOT_ENOUGH_DATA"]).into(),
            )
        } else if incomplete {
            (
                "NOT_EXECUTED".into(),
                first_label(&["NOT_ENOUGH_DATA", "VALIDATION_FAILED"]).into(),
            )
        } else {
            chosen(w, cap, None)
        };
        let data = data_of(ids, cap, &decision, &label, w, now);
        let facemap = if matches!(cap.as_str(), "liveness" | "authentication") {
            facemap_href.clone()
        } else {
            None
        };
        let credentials = creds
            .iter()
            .map(|c| (c.id.clone(), c.category.clone()))
            .collect();
        results.insert(
            cap.clone(),
            vec![Entry {
                id: new_id(ids),
                credentials,
                decision,
                label,
                data,
                facemap_href: facemap,
            }],
        );
    }

    let all: Vec<&Entry> = results.values().flatten().collect();
    let score = w.scenario.risk.unwrap_or_else(|| {
        let rejected: Vec<&str> = results
            .iter()
            .filter(|(_, es)| es.iter().any(|e| e.decision == "REJECTED"))
            .map(|(c, _)| c.as_str())
            .collect();
        if all.is_empty() || all.iter().all(|e| e.decision == "NOT_EXECUTED") {
            -1.0
        } else if rejected == ["dataChecks"] {
            80.0
        } else if !rejected.is_empty() {
            100.0
        } else if all.iter().any(|e| e.decision == "WARNING") {
            40.0
        } else if all.iter().any(|e| e.decision == "NOT_EXECUTED") {
            50.0
        } else {
            0.0
        }
    });
    let overall = decision_for_score(score, settings);

    let mut capabilities = serde_json::Map::new();
    for (cap, entries) in &results {
        if entries.is_empty() {
            continue;
        }
        let list: Vec<Value> = entries.iter().map(entry_json).collect();
        capabilities.insert(cap.clone(), Value::Array(list));
    }
    let steps: Vec<Value> = t
        .steps
        .iter()
        .filter_map(|(name, caps)| {
            let entries: Vec<&Entry> = caps
                .iter()
                .filter_map(|c| results.get(c))
                .flatten()
                .collect();
            if entries.is_empty() {
                return None;
            }
            let decision = aggregate(&entries);
            Some(json!({
                "id": new_id(ids),
                "name": name,
                "capabilityIds": entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
                "decision": {"type": decision, "details": {"label": decision}},
            }))
        })
        .collect();

    Outcome {
        decision: json!({"type": overall, "details": {"label": overall}, "risk": {"score": score}}),
        capabilities: Value::Object(capabilities),
        steps: Value::Array(steps),
    }
}

/// The decision of a workflow that expired before it was processed.
pub fn expired(ids: &Ids, w: &Workflow, status: Status, settings: &Settings) -> Outcome {
    let decision = match settings.expired_decision {
        ExpiredDecision::NotExecuted => {
            json!({"type": "NOT_EXECUTED", "details": {"label": status.as_str()}, "risk": {"score": -1.0}})
        }
        ExpiredDecision::Rejected => {
            json!({"type": "REJECTED", "details": {"label": "REJECTED"}, "risk": {"score": 100.0}})
        }
    };
    // As in real expired details: usability lists each image credential as not uploaded
    // (NOT_EXECUTED / NOT_UPLOADED), whatever the journey got to.
    let usability: Vec<Value> = w
        .credentials
        .iter()
        .filter(|c| c.category != "DATA")
        .map(|c| {
            entry_json(&Entry {
                id: new_id(ids),
                credentials: vec![(c.id.clone(), c.category.clone())],
                decision: "NOT_EXECUTED".into(),
                label: "NOT_UPLOADED".into(),
                data: None,
                facemap_href: None,
            })
        })
        .collect();
    let capabilities =
        if usability.is_empty() || !w.template.capabilities.iter().any(|c| c == "usability") {
            json!({})
        } else {
            json!({"usability": usability})
        };
    Outcome {
        decision,
        capabilities,
        steps: json!([]),
    }
}

/// The decision type a risk score falls in.
pub fn decision_for_score(score: f64, settings: &Settings) -> &'static str {
    let (passed, warning) = settings.risk_thresholds;
    if score < 0.0 {
        "NOT_EXECUTED"
    } else if score <= passed {
        "PASSED"
    } else if score <= warning {
        "WARNING"
    } else {
        "REJECTED"
    }
}

fn aggregate(entries: &[&Entry]) -> &'static str {
    if entries.iter().any(|e| e.decision == "REJECTED") {
        "REJECTED"
    } else if entries.iter().all(|e| e.decision == "NOT_EXECUTED") {
        "NOT_EXECUTED"
    } else if entries
        .iter()
        .any(|e| e.decision == "WARNING" || e.decision == "NOT_EXECUTED")
    {
        "WARNING"
    } else {
        "PASSED"
    }
}

/// The nearest ancestor of a capability that the workflow runs.
fn predecessor_in(capability: &str, capabilities: &[String]) -> Option<String> {
    let mut current = spec().dependency(capability);
    while let Some(p) = current {
        if capabilities.iter().any(|c| c == p) {
            return Some(p.to_string());
        }
        current = spec().dependency(p);
    }
    None
}

/// The scenario's label for a capability, or its passing label.
fn chosen(w: &Workflow, capability: &str, category: Option<&str>) -> (String, String) {
    let spec = spec();
    if let Some(label) = w.scenario.label(capability, category)
        && let Some(decision) = spec.decision_of(capability, label)
    {
        return (decision.to_string(), label.to_string());
    }
    let label = spec.label_for(capability, "PASSED").unwrap_or("OK");
    ("PASSED".to_string(), label.to_string())
}

fn entry_json(e: &Entry) -> Value {
    let mut v = json!({
        "id": e.id,
        "decision": {"type": e.decision, "details": {"label": e.label}},
    });
    if !e.credentials.is_empty() {
        v["credentials"] = e
            .credentials
            .iter()
            .map(|(id, cat)| json!({"id": id, "category": cat}))
            .collect();
    }
    if let Some(d) = &e.data {
        v["data"] = d.clone();
    }
    if let Some(h) = &e.facemap_href {
        v["validFaceMapForAuthentication"] = json!(h);
    }
    v
}

/// A small number derived from an id, to vary synthetic data deterministically.
fn seed(id: &str) -> usize {
    id.bytes()
        .fold(7usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize))
}

fn preset_first(w: &Workflow, category: &str, field: &str) -> Option<String> {
    let c = w.credentials.iter().find(|c| c.category == category)?;
    c.preset.as_ref()?[field]["values"][0]
        .as_str()
        .map(String::from)
}

fn data_of(
    ids: &Ids,
    cap: &str,
    decision: &str,
    label: &str,
    w: &Workflow,
    now: DateTime<Utc>,
) -> Option<Value> {
    if decision == "NOT_EXECUTED" {
        return None;
    }
    let s = seed(&w.id);
    match cap {
        "imageChecks" => {
            let findings: Vec<String> = if label == "REPEATED_FACE" {
                vec![new_id(ids), new_id(ids)]
            } else {
                vec![]
            };
            Some(json!({"faceSearchFindings": {"status": "DONE", "findings": findings}}))
        }
        "extraction" => Some(synthetic_document(w, s, now)),
        "liveness" => {
            let kind =
                preset_first(w, "FACEMAP", "type").unwrap_or_else(|| "IPROOV_STANDARD".into());
            let age = 25 + (s % 30);
            Some(
                json!({"type": kind, "predictedAge": age, "ageConfidenceRange": format!("{}-{}", age - 6, age + 6)}),
            )
        }
        "similarity" => {
            let similarity = match label {
                "NO_MATCH" => "NOT_MATCH",
                "NOT_POSSIBLE" => "NOT_POSSIBLE",
                _ => "MATCH",
            };
            Some(json!({"similarity": similarity}))
        }
        "authentication" => Some(
            json!({"type": preset_first(w, "FACEMAP", "type").unwrap_or_else(|| "IPROOV_STANDARD".into())}),
        ),
        "watchlistScreening" => {
            let hits = if label == "ALERT" { 1 + s % 4 } else { 0 };
            let reference = format!("{}-SBX{:05}", now.timestamp(), s % 100_000);
            Some(json!({
                "searchDate": clock::format(now),
                "searchStatus": "SUCCESS",
                "searchId": format!("{}", 100_000_000 + s % 900_000_000),
                "searchReference": reference,
                "searchResultUrl": format!("https://sandbox.invalid/screening/{reference}"),
                "searchResults": hits,
            }))
        }
        _ => None,
    }
}

/// Extracted data of a synthetic specimen document (no real person).
fn synthetic_document(w: &Workflow, s: usize, now: DateTime<Utc>) -> Value {
    const FIRST: [&str; 4] = ["JANE", "ALEX", "SAM", "ROBIN"];
    const LAST: [&str; 4] = ["SPECIMEN", "SAMPLE", "EXAMPLE", "MUSTER"];
    let kind = preset_first(w, "ID", "type").unwrap_or_else(|| "ID_CARD".into());
    let sub = match kind.as_str() {
        "PASSPORT" => "E_PASSPORT",
        "DRIVING_LICENSE" => "REGULAR_DRIVING_LICENSE",
        "VISA" => "VISA",
        _ => "NATIONAL_ID",
    };
    let country = preset_first(w, "ID", "country").unwrap_or_else(|| "USA".into());
    let (year, month, day) = (
        1970 + (s % 35) as i32,
        1 + (s % 12) as u32,
        1 + (s % 28) as u32,
    );
    let age = now.year() - year - i32::from((now.month(), now.day()) < (month, day));
    let issued = now.year() - 3;
    json!({
        "type": kind,
        "subType": sub,
        "issuingCountry": country,
        "firstName": FIRST[s % 4],
        "lastName": LAST[(s / 4) % 4],
        "dateOfBirth": format!("{year:04}-{month:02}-{day:02}"),
        "dateOfBirthParts": {"year": format!("{year:04}"), "month": format!("{month:02}"), "day": format!("{day:02}")},
        "issuingDate": format!("{issued:04}-{month:02}-{day:02}"),
        "expiryDate": format!("{:04}-{month:02}-{day:02}", issued + 10),
        "documentNumber": format!("SBX{:07}", s % 10_000_000),
        "gender": if s.is_multiple_of(2) { "F" } else { "M" },
        "currentAge": age.to_string(),
        "address": {"country": country, "formattedAddress": country},
    })
}
