//! The sandbox's state as one versioned document: what `GET /__sandbox/state` exports, what
//! `PUT /__sandbox/state` imports, and what a state dir keeps (row by row, see
//! [`crate::infra::state_dir`]).
//!
//! State is what the platform holds (accounts, workflows, parts, callbacks, scenarios, faults,
//! seeded scans, health, the clock, the signing key of its tokens, where seeded id streams are);
//! settings are how this sandbox behaves and come from its configuration, and the request log is
//! a diagnostic: neither is part of it. An import is checked whole before anything changes.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::infra::faults::FaultRule;
use crate::platform::callbacks::CallbackRecord;
use crate::platform::clock::ClockState;
use crate::platform::scenario::Scenario;
use crate::platform::state::{
    Account, Health, LegacyScan, Part, Sandbox, Store, UsabilityCheck, Workflow,
};
use crate::platform::tracked::Tracked;

/// The `format` of a state document.
pub const STATE_FORMAT: &str = "jumio-kyx-sandbox-state";
/// The version of the state document this sandbox reads and writes.
pub const STATE_VERSION: u64 = 1;

/// The SHA-256 of bytes, in lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Everything the sandbox holds.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct StateDocument {
    pub(crate) format: String,
    pub(crate) version: u64,
    /// The sandbox version that wrote it (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) sandbox_version: Option<String>,
    /// The key the transaction tokens are signed with (base64), so that the tokens in the state
    /// (in `web.href`, say) keep working where it is imported.
    pub(crate) token_key: String,
    /// Where the seeded id streams were (absent without a seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) id_streams: Option<Vec<u64>>,
    pub(crate) clock: ClockState,
    #[serde(default)]
    pub(crate) health: Health,
    #[serde(default)]
    pub(crate) faults: Vec<FaultRule>,
    #[serde(default)]
    pub(crate) default_scenario: Scenario,
    #[serde(default)]
    pub(crate) legacy_scans: Vec<LegacyScan>,
    /// Migrated scan reference → account id.
    #[serde(default)]
    pub(crate) migrated: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) accounts: BTreeMap<String, Account>,
    #[serde(default)]
    pub(crate) workflows: Vec<Workflow>,
    #[serde(default)]
    pub(crate) callbacks: Vec<CallbackRecord>,
    /// Web SDK usability results by key.
    #[serde(default)]
    pub(crate) usability: BTreeMap<String, UsabilityCheck>,
    /// (workflow, classifier) pairs the Web SDK rejected once.
    #[serde(default)]
    pub(crate) usability_rejected: BTreeSet<(String, String)>,
    /// Uploaded parts' bytes by SHA-256 (base64 in the document).
    #[serde(default, with = "base64_map")]
    pub(crate) images: BTreeMap<String, Bytes>,
    /// OAuth2 access tokens → expiry: kept by a state dir, never exported (the importing
    /// sandbox keeps its own, so its clients stay signed in).
    #[serde(skip)]
    pub(crate) access_tokens: BTreeMap<String, DateTime<Utc>>,
}

/// What is wrong with a state document (no value from the document is quoted beyond names).
fn refused(why: impl std::fmt::Display) -> crate::SandboxError {
    crate::SandboxError::invalid(format!("state document refused: {why}"))
}

impl StateDocument {
    /// Parses a document, checking its format and version before its content.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self, crate::SandboxError> {
        let v: Value = serde_json::from_slice(bytes).map_err(|e| {
            refused(format!(
                "not JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        Self::from_value(v, BTreeMap::new())
    }

    /// A document from JSON, with `images` kept apart (a state dir's blobs) added to its own.
    pub(crate) fn from_value(
        v: Value,
        images: BTreeMap<String, Bytes>,
    ) -> Result<Self, crate::SandboxError> {
        if v.get("format").and_then(Value::as_str) != Some(STATE_FORMAT) {
            return Err(refused(format!(
                "it is not a sandbox state (`format` must be `{STATE_FORMAT}`)"
            )));
        }
        match v.get("version").and_then(Value::as_u64) {
            Some(STATE_VERSION) => {}
            Some(other) => {
                return Err(refused(format!(
                    "it is version {other}; this sandbox ({}) reads version {STATE_VERSION}",
                    env!("CARGO_PKG_VERSION")
                )));
            }
            None => return Err(refused("`version` is missing")),
        }
        let mut doc: Self = serde_path_to_error::deserialize(v).map_err(|e| {
            // The path says where; serde's message can quote a value, so it is left out.
            refused(format!("`{}` is not valid", e.path()))
        })?;
        doc.images.extend(images);
        doc.check()?;
        Ok(doc)
    }

    /// Checks what serde cannot: images match their hashes, every part has its image, every
    /// workflow its account, scenarios and fault rules are valid.
    fn check(&self) -> Result<(), crate::SandboxError> {
        for (hash, bytes) in &self.images {
            if sha256_hex(bytes) != *hash {
                return Err(refused(format!("image `{hash}` does not match its hash")));
            }
        }
        let key = STANDARD
            .decode(&self.token_key)
            .map_err(|_| refused("`tokenKey` is not base64"))?;
        if key.len() != 64 {
            return Err(refused("`tokenKey` must be 64 bytes"));
        }
        crate::infra::config::validate_clock_start(Some(self.clock.now))
            .map_err(|e| refused(format!("`clock.now`: {e}")))?;
        self.default_scenario
            .validate()
            .map_err(|e| refused(format!("`defaultScenario`: {e}")))?;
        for r in &self.faults {
            r.validate()
                .map_err(|e| refused(format!("`faults`: {e}")))?;
        }
        let mut ids = BTreeSet::new();
        for w in &self.workflows {
            if !ids.insert(&w.id) {
                return Err(refused(format!("workflow `{}` appears twice", w.id)));
            }
            if !self.accounts.contains_key(&w.account_id) {
                return Err(refused(format!(
                    "workflow `{}` names account `{}`, which is not in the state",
                    w.id, w.account_id
                )));
            }
            w.scenario
                .validate()
                .map_err(|e| refused(format!("workflow `{}` scenario: {e}", w.id)))?;
            for c in &w.credentials {
                for (classifier, part) in &c.uploaded {
                    if !self.images.contains_key(part.digest()) {
                        return Err(refused(format!(
                            "part {classifier} of workflow `{}` has no image",
                            w.id
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

impl Sandbox {
    /// Everything the sandbox holds, as one versioned document with the images in it.
    pub(crate) fn snapshot(&self) -> StateDocument {
        let store = self.store();
        let mut images = BTreeMap::new();
        let workflows: Vec<Workflow> = store.workflows_by_age().into_iter().cloned().collect();
        for w in &workflows {
            for c in &w.credentials {
                for part in c.uploaded.values() {
                    images.insert(part.digest().to_string(), part.bytes.clone());
                }
            }
        }
        StateDocument {
            format: STATE_FORMAT.into(),
            version: STATE_VERSION,
            sandbox_version: Some(env!("CARGO_PKG_VERSION").into()),
            token_key: STANDARD.encode(self.signer().key()),
            id_streams: self.ids.positions(),
            clock: self.clock.state(),
            health: self
                .health
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
            faults: self
                .faults
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .rules
                .clone(),
            default_scenario: store.default_scenario.clone(),
            legacy_scans: store.legacy_scans_sorted(),
            migrated: store
                .migrated
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            accounts: store
                .accounts
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            workflows,
            callbacks: self
                .callbacks
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .records
                .clone(),
            usability: store
                .usability
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            usability_rejected: store.usability_rejected.clone(),
            images,
            // Never exported (see the field); only a state dir keeps them, row by row.
            access_tokens: BTreeMap::new(),
        }
    }

    /// Replaces the sandbox's state with a checked document. `resume`: a restart on a state dir
    /// (a running clock keeps its offset, access tokens come back, nothing needs writing);
    /// otherwise an import (the clock starts at the document's `now`, and a state dir is
    /// rewritten).
    pub(crate) fn install(&self, doc: StateDocument, resume: bool) {
        let settings = self.settings();
        let images = doc.images;
        let workflows: Tracked<Workflow> = doc
            .workflows
            .into_iter()
            .map(|mut w| {
                for c in &mut w.credentials {
                    for part in c.uploaded.values_mut() {
                        if let Some(bytes) = images.get(part.digest()) {
                            part.bytes = bytes.clone();
                        }
                    }
                }
                (w.id.clone(), w)
            })
            .collect();
        let mut store = Store {
            transaction_tokens: workflows
                .values()
                .map(|w| (w.token.clone(), w.id.clone()))
                .collect(),
            accounts: doc.accounts.into_iter().collect(),
            // An import keeps the sandbox's own access tokens: its clients stay signed in.
            oauth_tokens: if resume {
                doc.access_tokens.into_iter().collect()
            } else {
                self.store()
                    .oauth_tokens
                    .iter()
                    .map(|(k, v)| (k.clone(), *v))
                    .collect()
            },
            legacy_scans: doc
                .legacy_scans
                .into_iter()
                .map(|s| (s.scan_reference.clone(), s))
                .collect(),
            migrated: doc.migrated.into_iter().collect(),
            default_scenario: doc.default_scenario,
            usability: doc.usability.into_iter().collect(),
            usability_rejected: doc.usability_rejected,
            timers: Default::default(),
            workflows,
            replaced: !resume,
        };
        let ids: Vec<String> = store.workflows.keys().cloned().collect();
        for id in ids {
            store.schedule(&id, &settings);
        }
        let key = STANDARD.decode(&doc.token_key).unwrap_or_default();
        if let Ok(key) = <[u8; 64]>::try_from(key.as_slice()) {
            *self.signer.write().unwrap_or_else(|e| e.into_inner()) =
                crate::platform::transaction_token::Signer::with_key(key);
        }
        if let Some(positions) = &doc.id_streams {
            self.ids.restore(positions);
        }
        self.clock.restore(&doc.clock, resume);
        *self.health.write().unwrap_or_else(|e| e.into_inner()) = doc.health;
        self.faults.lock().unwrap_or_else(|e| e.into_inner()).rules = doc.faults;
        self.callbacks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .replace(doc.callbacks);
        *self.store() = store;
        if !resume {
            self.log.lock().unwrap_or_else(|e| e.into_inner()).clear();
            self.limiter
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clear();
        }
    }
}

/// A workflow's template, kept as its key (templates come from the spec).
pub(crate) mod template_key {
    use crate::platform::spec::{Template, spec};

    pub(crate) fn serialize<S: serde::Serializer>(t: &Template, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(t.key)
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Template, D::Error> {
        let key = <u64 as serde::Deserialize>::deserialize(d)?;
        Ok(spec().template(key))
    }
}

/// A region, kept as its label (`US`, `EU`, `SG`).
pub(crate) mod region_label {
    use jumio_kyx::Region;

    pub(crate) fn serialize<S: serde::Serializer>(
        r: &Option<Region>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match r {
            Some(r) => s.serialize_some(r.label()),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Region>, D::Error> {
        let Some(label) = <Option<String> as serde::Deserialize>::deserialize(d)? else {
            return Ok(None);
        };
        Region::ALL
            .into_iter()
            .find(|r| r.label() == label)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("region must be US, EU or SG"))
    }
}

/// The content types a part can have.
const CONTENT_TYPES: [&str; 3] = ["image/jpeg", "image/png", "application/octet-stream"];

/// A part as kept: its content type and hash; its bytes are kept once, by hash.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PartRef {
    content_type: String,
    sha256: String,
}

impl Serialize for Part {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        PartRef {
            content_type: self.content_type.to_string(),
            sha256: self.digest().to_string(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Part {
    /// A part without its bytes yet ([`Sandbox::install`] puts them in from the images).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = PartRef::deserialize(d)?;
        let content_type = CONTENT_TYPES
            .into_iter()
            .find(|t| *t == r.content_type)
            .ok_or_else(|| serde::de::Error::custom("unknown content type"))?;
        if r.sha256.len() != 64 || !r.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(serde::de::Error::custom("sha256 must be 64 hex digits"));
        }
        Ok(Part::with_digest(
            content_type,
            r.sha256.to_ascii_lowercase(),
        ))
    }
}

/// Images as base64 in the document.
mod base64_map {
    use super::*;

    pub(crate) fn serialize<S: serde::Serializer>(
        m: &BTreeMap<String, Bytes>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(m.len()))?;
        for (k, v) in m {
            map.serialize_entry(k, &STANDARD.encode(v))?;
        }
        map.end()
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, Bytes>, D::Error> {
        let m = BTreeMap::<String, String>::deserialize(d)?;
        m.into_iter()
            .map(|(k, v)| {
                STANDARD
                    .decode(v)
                    .map(|b| (k, Bytes::from(b)))
                    .map_err(|_| serde::de::Error::custom("an image is not base64"))
            })
            .collect()
    }
}
