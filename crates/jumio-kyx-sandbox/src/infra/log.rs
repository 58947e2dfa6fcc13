//! The request log: every API request the sandbox received (control calls excluded), with what
//! it was and how it was answered. Secrets are not kept: only the authorization *scheme*.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;

/// One received request.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    /// Its number, in arrival order.
    pub seq: u64,
    /// When it arrived (the sandbox clock, RFC 3339).
    pub at: String,
    /// The HTTP method.
    pub method: String,
    /// The path (no query: it may carry a token).
    pub path: String,
    /// The spec operation (`create_account`), when the path is one.
    pub operation: Option<&'static str>,
    /// Its `User-Agent`.
    pub user_agent: Option<String>,
    /// `Bearer`, `Basic`, … or none.
    pub auth_scheme: Option<String>,
    /// Which credential it carried: `oauth2`, `transaction` (a workflow's `api.token`), `basic`,
    /// `unknown` (not issued by this sandbox), or none.
    pub credential: Option<&'static str>,
    /// Its `Content-Type`.
    pub content_type: Option<String>,
    /// Its body's length in bytes, when declared.
    pub content_length: Option<u64>,
    /// Answer status; `None` while in flight or when the connection was dropped.
    pub status: Option<u16>,
    /// What a fault rule did to it, if anything.
    pub fault: Option<String>,
    /// How long it took to answer.
    pub duration_ms: Option<f64>,
    /// What a Web SDK telemetry call (`webSdkAnalyticsEvent`, `webSdkReportingEvent`) sent,
    /// bounded, with any token replaced: for debugging an integration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<serde_json::Value>,
    /// The request's fields that are neither personal data nor secrets, as text: its path
    /// parameters (`accountId`, `classifier`, …) and its JSON body's values by dotted path
    /// (`workflowDefinition.key`). What `assert_requested` matches.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Its personal-data fields (`customerInternalReference`, …), kept only as keyed hashes: an
    /// assertion can match a value a test gives, and nothing can read them back.
    #[serde(skip)]
    pub(crate) hashed: BTreeMap<String, [u8; 32]>,
}

/// A bounded log.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: VecDeque<LoggedRequest>,
    next_seq: u64,
}

impl RequestLog {
    /// Adds an entry (its `seq` is assigned here) and returns the seq.
    pub fn push(&mut self, mut entry: LoggedRequest, limit: usize) -> u64 {
        self.next_seq += 1;
        entry.seq = self.next_seq;
        self.entries.push_back(entry);
        while self.entries.len() > limit.max(1) {
            self.entries.pop_front();
        }
        self.next_seq
    }

    /// Records the outcome of a request.
    pub fn finish(
        &mut self,
        seq: u64,
        status: Option<u16>,
        fault: Option<String>,
        duration_ms: f64,
        event: Option<serde_json::Value>,
    ) {
        let first = self.entries.front().map_or(0, |e| e.seq);
        if seq >= first
            && let Some(e) = self.entries.get_mut((seq - first) as usize)
        {
            e.status = status;
            e.fault = fault;
            e.duration_ms = Some(duration_ms);
            e.event = event;
        }
    }

    /// Every logged request, oldest first.
    pub fn entries(&self) -> impl Iterator<Item = &LoggedRequest> {
        self.entries.iter()
    }

    /// Forgets every logged request.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}
