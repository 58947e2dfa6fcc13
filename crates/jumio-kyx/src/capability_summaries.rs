//! Capability results flattened for display ([`WorkflowDetails::capability_summaries`]), in the
//! documented execution order.

use crate::types::WorkflowDetails;

/// One capability result, flattened for display: name, decision type and label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapabilitySummary {
    /// The capability (`usability`, `similarity`, …).
    pub capability: String,
    /// The credential category it looked at, when it names one.
    pub category: Option<String>,
    /// PASSED, REJECTED, WARNING or NOT_EXECUTED.
    pub decision: String,
    /// The label.
    pub label: String,
}

/// The capabilities in the documented execution order (the order of `Capabilities` in the spec).
pub const CAPABILITY_ORDER: [&str; 13] = [
    "usability",
    "imageChecks",
    "extraction",
    "dataChecks",
    "liveness",
    "similarity",
    "authentication",
    "watchlistScreening",
    "addressValidation",
    "proofOfResidency",
    "drivingLicenseVerification",
    "braCpfValidation",
    "biometricVerification",
];

impl WorkflowDetails {
    /// Every capability result, in the documented execution order (unknown capabilities last).
    pub fn capability_summaries(&self) -> Vec<CapabilitySummary> {
        let Some(caps) = &self.capabilities else {
            return Vec::new();
        };
        let Ok(serde_json::Value::Object(map)) = serde_json::to_value(caps) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, entries) in map {
            for e in entries.as_array().into_iter().flatten() {
                let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
                out.push(CapabilitySummary {
                    capability: name.clone(),
                    category: e["credentials"][0]["category"].as_str().map(String::from),
                    decision: text(&e["decision"]["type"]),
                    label: text(&e["decision"]["details"]["label"]),
                });
            }
        }
        let rank = |c: &CapabilitySummary| {
            CAPABILITY_ORDER
                .iter()
                .position(|o| *o == c.capability)
                .unwrap_or(CAPABILITY_ORDER.len())
        };
        out.sort_by_key(rank);
        out
    }
}
