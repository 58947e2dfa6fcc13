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
}

fn one() -> f64 {
    1.0
}

impl FaultRule {
    pub fn validate(&self) -> Result<(), String> {
        if let Some(s) = self.status
            && !(400..=599).contains(&s)
        {
            return Err(format!("fault status {s} is not an error status (400-599)"));
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
                .any(|o| o.id == op || o.spec_id == op)
        {
            return Err(format!(
                "fault operation `{op}` is not an operation of the spec (or `*`)"
            ));
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
pub struct Verdict {
    pub latency_ms: u64,
    pub status: Option<(u16, Option<u64>)>,
    pub drop: Option<DropMode>,
}

impl Verdict {
    pub fn describe(&self) -> Option<String> {
        match (self.status, self.drop) {
            (Some((s, _)), _) => Some(format!("status {s}")),
            (_, Some(DropMode::Before)) => Some("dropped before handling".into()),
            (_, Some(DropMode::After)) => Some("dropped after handling".into()),
            _ if self.latency_ms > 0 => Some(format!("latency {}ms", self.latency_ms)),
            _ => None,
        }
    }
}

/// The active rules.
#[derive(Debug, Default)]
pub struct Faults {
    pub rules: Vec<FaultRule>,
}

impl Faults {
    /// Applies the rules to a request: latency adds up; the first matching status or drop wins.
    pub fn judge(&mut self, op: Option<&jumio_kyx::routing::Operation>) -> Verdict {
        let mut verdict = Verdict::default();
        for rule in self.rules.iter_mut() {
            if !rule.matches(op) || rule.count == Some(0) || fastrand::f64() >= rule.rate {
                continue;
            }
            let acts = rule.status.is_some() || rule.drop.is_some();
            if acts && (verdict.status.is_some() || verdict.drop.is_some()) {
                continue;
            }
            verdict.latency_ms += rule.latency_ms;
            verdict.status = verdict
                .status
                .or(rule.status.map(|s| (s, rule.retry_after)));
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
    pub fn of(op: &jumio_kyx::routing::Operation) -> Option<LimitClass> {
        use jumio_kyx::routing::HostFamily;
        match (op.family, op.id) {
            (HostFamily::Auth, _) => Some(Self::Auth),
            (HostFamily::Account, _) => Some(Self::Initiation),
            (HostFamily::Retrieval, _) => Some(Self::Retrieval),
            _ => None,
        }
    }

    /// (requests per second, burst)
    fn rate(self) -> (f64, f64) {
        match self {
            Self::Auth => (10.0, 10.0),
            Self::Initiation => (1.0, 3.0),
            Self::Retrieval => (15.0, 15.0),
        }
    }
}

/// Token buckets, one per class.
#[derive(Debug, Default)]
pub struct RateLimiter {
    buckets: BTreeMap<LimitClass, (f64, Instant)>,
}

impl RateLimiter {
    /// Takes a token; `Err(seconds to wait)` when the bucket is empty.
    pub fn take(&mut self, class: LimitClass, now: Instant) -> Result<(), u64> {
        let (rate, burst) = class.rate();
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
                    operation: "getWorkflowStatus".into(),
                    status: Some(503),
                    retry_after: Some(1),
                    drop: None,
                    latency_ms: 5,
                    rate: 1.0,
                    count: Some(2),
                },
                FaultRule {
                    operation: "*".into(),
                    status: Some(500),
                    retry_after: None,
                    drop: None,
                    latency_ms: 0,
                    rate: 1.0,
                    count: None,
                },
            ],
        };
        assert_eq!(f.judge(op).status, Some((503, Some(1))));
        assert_eq!(f.judge(op).status, Some((503, Some(1))));
        assert_eq!(f.judge(op).status, Some((500, None)));
        assert_eq!(f.rules.len(), 1);
    }

    #[test]
    fn buckets_allow_the_burst_then_refuse() {
        let mut r = RateLimiter::default();
        let t = Instant::now();
        for _ in 0..3 {
            assert!(r.take(LimitClass::Initiation, t).is_ok());
        }
        assert_eq!(r.take(LimitClass::Initiation, t), Err(1));
        assert!(
            r.take(
                LimitClass::Initiation,
                t + std::time::Duration::from_secs(1)
            )
            .is_ok()
        );
    }
}
