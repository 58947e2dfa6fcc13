//! A new enum value or field from the server never breaks parsing, and re-serialising a parsed
//! body loses nothing. Quirks of real servers (reference §15) parse too.

use jumio_kyx::WorkflowKey;
use jumio_kyx::types::{self, DecisionType, UsabilityLabel, WorkflowStatus};
use serde_json::json;

#[test]
fn unknown_enum_values_are_kept_not_dropped() {
    let body = json!({
        "account": {"id": "a1", "href": "https://retrieval.amer-1.jumio.ai/api/v1/accounts/a1"},
        "workflowExecution": {"id": "w1", "definitionKey": "10011", "status": "ACQUISITION_STARTED"}
    });
    let (parsed, back) =
        crate::support::round_trip::<types::WorkflowStatusResponse>(&body).unwrap();
    assert_eq!(
        parsed.workflow_execution.status,
        WorkflowStatus::Unknown("ACQUISITION_STARTED".into())
    );
    assert!(parsed.workflow_execution.status.is_unknown());
    assert_eq!(back["workflowExecution"]["status"], "ACQUISITION_STARTED");
    // Known values still map to their variants.
    assert_eq!(WorkflowStatus::from("PROCESSED"), WorkflowStatus::Processed);
}

#[test]
fn unknown_labels_and_decision_types_survive_in_capabilities() {
    let body = json!({
        "workflow": {"id": "w1", "status": "PROCESSED", "definitionKey": "10011"},
        "decision": {"type": "ESCALATED", "details": {"label": "MANUAL_REVIEW"}, "risk": {"score": 55}},
        "capabilities": {
            "usability": [{"id": "c1", "decision": {"type": "REJECTED", "details": {"label": "HOLOGRAM_MISSING"}}}],
            "ageEstimation": [{"id": "c2", "decision": {"type": "PASSED", "details": {"label": "OK"}}, "data": {"age": 31}}]
        }
    });
    let (parsed, back) = crate::support::round_trip::<types::WorkflowDetails>(&body).unwrap();
    assert_eq!(
        crate::support::differences(&body, &back),
        Vec::<String>::new()
    );
    let decision = parsed.decision.unwrap();
    assert_eq!(decision.type_, DecisionType::Unknown("ESCALATED".into()));
    let caps = parsed.capabilities.unwrap();
    let usability = &caps.usability.unwrap()[0];
    let label = usability
        .decision
        .as_ref()
        .unwrap()
        .details
        .as_ref()
        .unwrap()
        .label
        .clone()
        .unwrap();
    assert_eq!(label, UsabilityLabel::Unknown("HOLOGRAM_MISSING".into()));
    assert_eq!(label.decision_type(), None);
    // A capability this SDK does not model arrives through the generic shape.
    let extra = caps.extra.get("ageEstimation").unwrap().as_ref().unwrap();
    assert_eq!(
        extra[0].decision.as_ref().unwrap().type_,
        DecisionType::Passed
    );
}

#[test]
fn unknown_fields_survive_a_round_trip_at_every_level() {
    let body = json!({
        "timestamp": "2021-08-20T11:36:34.005Z",
        "account": {"id": "a1", "region": "amer-1"},
        "web": {"href": "https://x.web.amer-1.jumio.ai/web/v4/app?authorizationToken=t&locale=en", "expiresAt": "2030-01-01T00:00:00.000Z"},
        "workflowExecution": {
            "id": "w1",
            "credentials": [{
                "id": "c1", "category": "ID", "allowedChannels": ["API", "KIOSK"],
                "api": {"token": "t", "parts": {"front": "u1", "front_with_flash": "u2"}, "workflowExecution": "u3", "ttl": 300},
                "newThing": {"deeply": [1, 2, {"nested": true}]}
            }],
            "channelHints": []
        },
        "traceId": "abc"
    });
    let (parsed, back) = crate::support::round_trip::<types::AccountResponse>(&body).unwrap();
    assert_eq!(
        crate::support::differences(&body, &back),
        Vec::<String>::new()
    );
    assert_eq!(parsed.extra["traceId"].expose(), &json!("abc"));
    let cred = &parsed.workflow_execution.credentials.as_ref().unwrap()[0];
    assert_eq!(
        cred.allowed_channels.as_ref().unwrap()[1],
        types::Channel::Unknown("KIOSK".into())
    );
    assert_eq!(
        cred.api.as_ref().unwrap().parts.as_ref().unwrap().extra["front_with_flash"],
        "u2"
    );
}

#[test]
fn real_server_forms_parse() {
    // workflowDefinition.key as number and as string; definitionKey as string.
    for key in [json!(10013), json!("10013")] {
        let req = json!({"customerInternalReference": "ref", "workflowDefinition": {"key": key}});
        let (parsed, back) = crate::support::round_trip::<types::AccountRequest>(&req).unwrap();
        assert_eq!(parsed.workflow_definition.key, WorkflowKey::from(10013));
        assert_eq!(back, req, "the key keeps its JSON form");
    }
    // Risk score -1 (not executed) and fractional scores; an empty api.parts; currentAge as a
    // string; no startedAt; a FACEMAP part without href; explicit nulls.
    let details = json!({
        "workflow": {"id": "w", "status": "TOKEN_EXPIRED", "definitionKey": "10011"},
        "createdAt": "2023-01-01T00:00:00.000Z",
        "completedAt": "2023-01-01T00:30:00.000Z",
        "decision": {"type": "NOT_EXECUTED", "details": {"label": "TOKEN_EXPIRED"}, "risk": {"score": -1}},
        "credentials": [{"id": "f", "category": "FACEMAP", "parts": [{"classifier": "FACEMAP"}]}],
        "capabilities": {"extraction": [{"id": "e", "decision": {"type": "PASSED", "details": {"label": "OK"}},
            "data": {"currentAge": "55", "firstName": "N/A"}}]}
    });
    let (parsed, back) = crate::support::round_trip::<types::WorkflowDetails>(&details).unwrap();
    assert_eq!(
        crate::support::differences(&details, &back),
        Vec::<String>::new()
    );
    assert!(parsed.started_at.is_none());
    assert_eq!(parsed.decision.unwrap().risk.unwrap().score, Some(-1.0));
    let age = parsed.capabilities.unwrap().extraction.unwrap()[0]
        .data
        .as_ref()
        .unwrap()
        .current_age
        .clone()
        .unwrap();
    assert_eq!(age.years(), Some(55));
    let score: types::OverallDecision =
        serde_json::from_value(json!({"type": "WARNING", "risk": {"score": 40.57}})).unwrap();
    assert_eq!(score.risk.unwrap().score, Some(40.57));
    let upload: types::PartUploadResponse =
        serde_json::from_value(json!({"api": {"parts": {}}, "startedAt": null})).unwrap();
    assert_eq!(
        upload.api.unwrap().parts.unwrap(),
        types::ApiParts::default()
    );
    let nulls: types::CredentialDetails =
        serde_json::from_value(json!({"id": "c", "category": "ID", "parts": null})).unwrap();
    assert!(nulls.parts.is_none());
}

#[test]
fn personal_data_and_secrets_never_reach_debug_output() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/api-examples");
    let extraction = std::fs::read_to_string(
        dir.join("retrieval-workflow-details_10013_PROCESSED_PASSED_kyx-guide.json"),
    )
    .unwrap();
    let details: types::WorkflowDetails = serde_json::from_str(&extraction).unwrap();
    let debug = format!("{details:?}");
    for secret in ["JANE", "DOE", "1990-01-01", "<<<<<<<<<<<<<<"] {
        assert!(!debug.contains(secret), "{secret} leaked into {debug}");
    }
    assert!(debug.contains("Pii(<redacted>)"));
    let token: types::TokenResponse = serde_json::from_value(
        json!({"access_token": "eyJsecret", "expires_in": 3600, "token_type": "Bearer"}),
    )
    .unwrap();
    assert!(!format!("{token:?}").contains("eyJsecret"));
    let account: types::AccountResponse = serde_json::from_value(json!({
        "account": {"id": "a"},
        "web": {"href": "https://x.web.amer-1.jumio.ai/web/v4/app?authorizationToken=tok-123"},
        "sdk": {"token": "sdk-456"},
        "workflowExecution": {"id": "w", "credentials": [{"id": "c", "category": "ID", "api": {"token": "api-789"}}]},
        "note": "unknown field holding JANE DOE"
    })).unwrap();
    let debug = format!("{account:?}");
    for secret in ["tok-123", "sdk-456", "api-789", "JANE DOE"] {
        assert!(!debug.contains(secret), "{secret} leaked into {debug}");
    }
    let prepared: types::PreparedData = serde_json::from_str(
        &std::fs::read_to_string(dir.join("../seeds/prepared-data-request_10005-10006-10010.json"))
            .unwrap(),
    )
    .unwrap();
    let mut leaves = Vec::new();
    crate::support::string_leaves(&serde_json::to_value(&prepared).unwrap(), &mut leaves);
    let debug = format!("{prepared:?}");
    for leaf in leaves
        .iter()
        .filter(|l| l.len() > 3 && *l != "DRIVING_LICENSE" && *l != "BRA")
    {
        assert!(!debug.contains(leaf.as_str()), "{leaf} leaked into {debug}");
    }
}

#[test]
fn numbers_in_unknown_fields_survive_round_trips_unchanged() {
    // Found by fuzzing: without exact float parsing, a huge number came back one digit off.
    let body =
        br#"{"title": "t", "extraNumber": 2000000000000799653148, "ratio": 0.30000000000000004}"#;
    let first: jumio_kyx::types::Problem = serde_json::from_slice(body).unwrap();
    let again: jumio_kyx::types::Problem =
        serde_json::from_slice(&serde_json::to_vec(&first).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_value(&first).unwrap(),
        serde_json::to_value(&again).unwrap()
    );
}
