//! Faults injected on purpose (error statuses, latency, dropped connections) and the published
//! rate limits, both switchable at run time.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::{Deserialize, Serialize};

/// What to do with a dropped request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DropMode {
    /// Close the connection without handling the request (it provably did nothing).
    Before,
    /// Handle the request, then close the connection instead of answering (the client cannot
    /// know whether it took effect).
    After,
}

/// One fault rule. `PUT /__sandbox/faults` takes a list of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    /// Operation it applies to: the Rust name (`get_workflow_status`), the spec's operationId
    /// (`getWorkflowStatus`), or `*` for every operation.
    pub operation: String,
    /// Answer with this status instead (429, 500, 502, 503, 504, …) and a problem body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `Retry-After` seconds sent with the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// Drop the connection instead of answering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop: Option<DropMode>,
    /// Added latency, in milliseconds.
    #[serde(default)]
    pub latency_ms: u64,
    /// Probability that the rule applies to a matching request (default 1).
    #[serde(default = "one")]
    pub rate: f64,
    /// Applies to at most this many requests, then retires (default: no limit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Answer with this body instead of the problem document: an HTML gateway page, an empty
    /// body (`""`), a token response with an absurd `expires_in`, a JSON body of the wrong shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Repeat `body` until the answer has this many bytes (a huge body; at most 1 GiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_bytes: Option<u64>,
    /// The Content-Type of `body` (default `text/plain` for a body, none for an empty one; name
    /// `text/html` for a gateway page). A body is always served with `Content-Security-Policy:
    /// sandbox`, so in a browser it runs no script on the sandbox's origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Extra answer headers (`Location` for a redirect).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Send a 429 without `Retry-After` (clients must cope with its absence).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub omit_retry_after: bool,
    /// Kept but not applied (the dashboard's toggle).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

/// Largest body a fault rule may ask for.
pub const MAX_FAULT_BODY_BYTES: u64 = 1 << 30;

impl FaultRule {
    /// A rule for one operation (`getWorkflowStatus`, `get_workflow_status` or `*`) that does
    /// nothing yet: set `status`, `drop`, `latency_ms`, … on it.
    ///
    /// ```
    /// use jumio_kyx_sandbox::FaultRule;
    /// let gateway = FaultRule { status: Some(502), body: Some("<html>Bad Gateway</html>".into()), ..FaultRule::on("getWorkflowStatus") };
    /// assert!(gateway.validate().is_ok());
    /// ```
    pub fn on(operation: &str) -> Self {
        Self {
            operation: operation.into(),
            status: None,
            retry_after: None,
            drop: None,
            latency_ms: 0,
            rate: 1.0,
            count: None,
            body: None,
            body_bytes: None,
            content_type: None,
            headers: BTreeMap::new(),
            omit_retry_after: false,
            disabled: false,
        }
    }
}

fn one() -> f64 {
    1.0
}

impl FaultRule {
    /// Checks the rule; the error says what is wrong.
    pub fn validate(&self) -> Result<(), crate::SandboxError> {
        if let Some(s) = self.status
            && !(200..=599).contains(&s)
        {
            return Err(crate::SandboxError::invalid(format!(
                "fault status {s} is not a final status (200-599)"
            )));
        }
        if (self.body.is_some() || !self.headers.is_empty()) && self.status.is_none() {
            return Err("a fault body or headers need a status".into());
        }
        if self.body_bytes.is_some_and(|n| n > MAX_FAULT_BODY_BYTES) {
            return Err(crate::SandboxError::invalid(format!(
                "fault bodyBytes must be at most {MAX_FAULT_BODY_BYTES}"
            )));
        }
        for (name, value) in &self.headers {
            if axum::http::HeaderName::from_bytes(name.as_bytes()).is_err()
                || axum::http::HeaderValue::from_str(value).is_err()
            {
                return Err("fault headers must be valid header names and values".into());
            }
        }
        if self.status.is_some() && self.drop.is_some() {
            return Err(
                "a fault either answers with a status or drops the connection, not both".into(),
            );
        }
        if !(0.0..=1.0).contains(&self.rate) {
            return Err("fault rate must be between 0 and 1".into());
        }
        let op = self.operation.as_str();
        if op != "*"
            && !jumio_kyx::routing::OPERATIONS
                .iter()
                .chain(crate::api::websdk::OPERATIONS.iter())
                .any(|o| o.id == op || o.spec_id == op)
        {
            return Err(crate::SandboxError::invalid(format!(
                "fault operation `{op}` is not an operation of the spec, a Web SDK call (`webSdkSettings`, …) or `*`"
            )));
        }
        Ok(())
    }

    fn matches(&self, op: Option<&jumio_kyx::routing::Operation>) -> bool {
        self.operation == "*"
            || op.is_some_and(|o| o.id == self.operation || o.spec_id == self.operation)
    }
}

/// What the fault layer decided for one request.
#[derive(Clone, Debug, Default)]
pub(crate) struct Verdict {
    pub(crate) latency_ms: u64,
    /// The rule whose status answers the request instead of the handler.
    pub(crate) answer: Option<FaultRule>,
    pub(crate) drop: Option<DropMode>,
}

impl Verdict {
    pub fn describe(&self) -> Option<String> {
        match (self.answer.as_ref().and_then(|a| a.status), self.drop) {
            (Some(s), _) => Some(format!("status {s}")),
            (_, Some(DropMode::Before)) => Some("dropped before handling".into()),
            (_, Some(DropMode::After)) => Some("dropped after handling".into()),
            _ if self.latency_ms > 0 => Some(format!("latency {}ms", self.latency_ms)),
            _ => None,
        }
    }
}

/// The active rules.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    pub(crate) rules: Vec<FaultRule>,
}

impl Faults {
    /// Applies the rules to a request: latency adds up; the first matching status or drop wins.
    pub fn judge(
        &mut self,
        op: Option<&jumio_kyx::routing::Operation>,
        ids: &crate::platform::ids::Ids,
    ) -> Verdict {
        let mut verdict = Verdict::default();
        for rule in self.rules.iter_mut() {
            if rule.disabled
                || !rule.matches(op)
                || rule.count == Some(0)
                || ids.f64(crate::platform::ids::Stream::Fault) >= rule.rate
            {
                continue;
            }
            let acts = rule.status.is_some() || rule.drop.is_some();
            if acts && (verdict.answer.is_some() || verdict.drop.is_some()) {
                continue;
            }
            verdict.latency_ms += rule.latency_ms;
            if rule.status.is_some() {
                verdict.answer = Some(rule.clone());
            }
            verdict.drop = verdict.drop.or(rule.drop);
            if let Some(c) = rule.count.as_mut() {
                *c -= 1;
            }
        }
        self.rules.retain(|r| r.count != Some(0));
        verdict
    }
}

/// Rate-limit classes of the published limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LimitClass {
    /// Token requests: 10 per second.
    Auth,
    /// Account requests that start a transaction (and migrations): 1 per second, bursts of 3.
    Initiation,
    /// Retrieval: 15 per second.
    Retrieval,
}

impl LimitClass {
    pub(crate) fn of(op: &jumio_kyx::routing::Operation) -> Option<LimitClass> {
        use jumio_kyx::routing::HostFamily;
        match (op.family, op.id) {
            (HostFamily::Auth, _) => Some(Self::Auth),
            (HostFamily::Account, _) => Some(Self::Initiation),
            (HostFamily::Retrieval, _) => Some(Self::Retrieval),
            _ => None,
        }
    }

    /// (requests per second, burst) under a profile.
    fn rate(self, profile: RateLimitProfile) -> (f64, f64) {
        use RateLimitProfile as P;
        match (self, profile) {
            (Self::Auth, _) => (10.0, 10.0),
            (Self::Initiation, P::Kyx) => (1.0, 3.0),
            (Self::Retrieval, P::Kyx) => (15.0, 15.0),
            // Netverify, page version A: 3/s and 180/min; 45/s and 2700/min.
            (Self::Initiation, P::NetverifyA) => (3.0, 3.0),
            (Self::Retrieval, P::NetverifyA) => (45.0, 45.0),
            // Version B, tenants since March 2024: 5 per 5 s; 75 per 5 s.
            (Self::Initiation, P::NetverifyB) => (1.0, 5.0),
            (Self::Retrieval, P::NetverifyB) => (15.0, 75.0),
            // Version B, older tenants: 15 per 5 s; 225 per 5 s.
            (Self::Initiation, P::NetverifyBLegacy) => (3.0, 15.0),
            (Self::Retrieval, P::NetverifyBLegacy) => (45.0, 225.0),
        }
    }
}

/// Which published rate limits apply (Jumio's Rate Limits page has a KYX version and two
/// Netverify versions, the second with figures for older and newer tenants; reference §4, §7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum RateLimitProfile {
    /// KYX: tokens 10/s, account initiation 1/s with bursts of 3, retrieval 15/s.
    #[default]
    Kyx,
    /// Netverify, version A: initiation 3/s (180/min), retrieval 45/s (2,700/min).
    NetverifyA,
    /// Netverify, version B, tenants created after March 2024: initiation 5 per 5 s,
    /// retrieval 75 per 5 s.
    NetverifyB,
    /// Netverify, version B, tenants created before: initiation 15 per 5 s, retrieval 225 per 5 s.
    NetverifyBLegacy,
}

/// Token buckets, one per class.
#[derive(Debug, Default)]
pub struct RateLimiter {
    buckets: BTreeMap<LimitClass, (f64, Instant)>,
}

impl RateLimiter {
    /// Takes a token; `Err(seconds to wait)` when the bucket is empty.
    pub fn take(
        &mut self,
        class: LimitClass,
        profile: RateLimitProfile,
        now: Instant,
    ) -> Result<(), u64> {
        let (rate, burst) = class.rate(profile);
        let (tokens, last) = self.buckets.entry(class).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * rate).min(burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / rate).ceil().max(1.0) as u64)
        }
    }

    /// Refills every bucket (a reset).
    pub fn clear(&mut self) {
        self.buckets.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_rules_retire_and_statuses_do_not_stack() {
        let op = jumio_kyx::routing::operation("get_workflow_status");
        let mut f = Faults {
            rules: vec![
                FaultRule {
                    status: Some(503),
                    retry_after: Some(1),
                    latency_ms: 5,
                    count: Some(2),
                    ..FaultRule::on("getWorkflowStatus")
                },
                FaultRule {
                    status: Some(500),
                    ..FaultRule::on("*")
                },
            ],
        };
        let answer = |v: Verdict| v.answer.map(|a| (a.status, a.retry_after));
        assert_eq!(
            answer(f.judge(op, &crate::platform::ids::Ids::new(None))),
            Some((Some(503), Some(1)))
        );
        assert_eq!(
            answer(f.judge(op, &crate::platform::ids::Ids::new(None))),
            Some((Some(503), Some(1)))
        );
        assert_eq!(
            answer(f.judge(op, &crate::platform::ids::Ids::new(None))),
            Some((Some(500), None))
        );
        assert_eq!(f.rules.len(), 1);
    }

    #[test]
    fn buckets_allow_the_burst_then_refuse() {
        let mut r = RateLimiter::default();
        let t = Instant::now();
        for _ in 0..3 {
            assert!(
                r.take(LimitClass::Initiation, RateLimitProfile::Kyx, t)
                    .is_ok()
            );
        }
        assert_eq!(
            r.take(LimitClass::Initiation, RateLimitProfile::Kyx, t),
            Err(1)
        );
        assert!(
            r.take(
                LimitClass::Initiation,
                RateLimitProfile::Kyx,
                t + std::time::Duration::from_secs(1)
            )
            .is_ok()
        );
    }
}
