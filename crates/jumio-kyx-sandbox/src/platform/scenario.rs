//! Scenarios: the decisions a workflow will get, chosen from outside.
//!
//! A scenario maps capabilities to labels (the label fixes the decision type, through the spec's
//! `x-labels-by-decision`) and may force the risk score. It comes from, in order of precedence:
//! 1. `PUT /__sandbox/workflows/{id}/scenario` (before processing),
//! 2. markers in `customerInternalReference` or `userReference`:
//!    `[usability=BLURRED, similarity=NO_MATCH, risk=55]`; `usability:SELFIE=BAD_QUALITY` targets
//!    the usability of one credential category,
//! 3. the default scenario, `PUT /__sandbox/scenario`.
//!
//! Capabilities without a label pass (OK, or MATCH for similarity, LOW_RISK for
//! biometricVerification).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::platform::spec::spec;

/// Labels by capability (`usability`, or `usability:SELFIE` for one credential category) and an
/// optional risk score.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// Labels by capability (`usability`, or `usability:SELFIE` for one credential category).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// The risk score the decision reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<f64>,
}

impl Scenario {
    /// Whether it chooses nothing (the default decisions apply).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.risk.is_none()
    }

    /// Checks every capability and label against the spec; the error lists what is valid.
    pub fn validate(&self) -> Result<(), crate::SandboxError> {
        for (target, label) in &self.labels {
            let capability = target.split(':').next().unwrap_or_default();
            let Some(labels) = spec().labels(capability) else {
                let known: Vec<_> = spec().capabilities().collect();
                return Err(crate::SandboxError::invalid(format!(
                    "sandbox scenario: unknown capability `{capability}` (known: {})",
                    known.join(", ")
                )));
            };
            if !labels.iter().any(|(l, _)| l == label) {
                let known: Vec<_> = labels.iter().map(|(l, d)| format!("{l} ({d})")).collect();
                return Err(crate::SandboxError::invalid(format!(
                    "sandbox scenario: `{label}` is not a label of {capability} (labels: {})",
                    known.join(", ")
                )));
            }
            if let Some(category) = target.split(':').nth(1) {
                if capability != "usability" {
                    return Err(crate::SandboxError::invalid(format!(
                        "sandbox scenario: only usability takes a credential category, not {capability}"
                    )));
                }
                if !["ID", "SELFIE", "FACEMAP", "DOCUMENT", "DATA"].contains(&category) {
                    return Err(crate::SandboxError::invalid(format!(
                        "sandbox scenario: unknown credential category `{category}`"
                    )));
                }
            }
        }
        if let Some(r) = self.risk
            && !(-1.0..=100.0).contains(&r)
        {
            return Err("sandbox scenario: risk must be between -1 and 100".into());
        }
        Ok(())
    }

    /// Reads `[capability=LABEL, …, risk=N]` markers from a text. Brackets that do not look like
    /// markers are ignored; a marker naming an unknown capability or label is an error.
    pub fn from_markers(text: &str) -> Result<Scenario, crate::SandboxError> {
        let mut scenario = Scenario::default();
        let mut rest = text;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']') else {
                break;
            };
            let inner = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            let entries: Vec<_> = inner
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .collect();
            let is_marker = !entries.is_empty() && entries.iter().all(|e| e.contains('='));
            if !is_marker {
                continue;
            }
            for entry in entries {
                let (k, v) = entry.split_once('=').unwrap_or_default();
                let (k, v) = (k.trim(), v.trim());
                if k == "risk" {
                    scenario.risk =
                        Some(v.parse().map_err(|_| {
                            format!("sandbox scenario: risk `{v}` is not a number")
                        })?);
                } else {
                    scenario.labels.insert(k.to_string(), v.to_string());
                }
            }
        }
        scenario.validate()?;
        Ok(scenario)
    }

    /// `self` with the entries of `other` added where `self` has none.
    pub fn or(mut self, other: &Scenario) -> Scenario {
        for (k, v) in &other.labels {
            self.labels.entry(k.clone()).or_insert_with(|| v.clone());
        }
        self.risk = self.risk.or(other.risk);
        self
    }

    /// The label chosen for a capability (for usability, the category-specific one first).
    pub fn label(&self, capability: &str, category: Option<&str>) -> Option<&str> {
        if let Some(c) = category
            && let Some(l) = self.labels.get(&format!("{capability}:{c}"))
        {
            return Some(l);
        }
        self.labels.get(capability).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_read_and_checked_against_the_spec() {
        let s = Scenario::from_markers(
            "order-7 [usability=BLURRED, similarity=NO_MATCH, risk=55] tail [not a marker]",
        )
        .unwrap();
        assert_eq!(s.labels["usability"], "BLURRED");
        assert_eq!(s.risk, Some(55.0));
        assert!(
            Scenario::from_markers("[usability=NO_SUCH]")
                .unwrap_err()
                .message()
                .contains("BLURRED")
        );
        assert!(Scenario::from_markers("[teleport=OK]").is_err());
        assert_eq!(
            Scenario::from_markers("plain reference").unwrap(),
            Scenario::default()
        );
        let s = Scenario::from_markers("[usability:SELFIE=BAD_QUALITY]").unwrap();
        assert_eq!(s.label("usability", Some("SELFIE")), Some("BAD_QUALITY"));
        assert_eq!(s.label("usability", Some("ID")), None);
    }
}
