//! When to retry, and how long to wait.
//!
//! KYX documents no idempotency key, so a retried `POST /accounts` could create a second account.
//! The policy therefore depends on the operation:
//! * [`Idempotency::Safe`] (reads, PUTs, deletes, part uploads, token requests): retried on 429,
//!   502, 503, 504, transport failures and timeouts;
//! * [`Idempotency::Unsafe`] (account creation, migration create): retried only when the
//!   connection failed before the request could be sent;
//! * [`Idempotency::Once`] (uploads from a reader, which cannot be replayed): never retried.
//!
//! Waits honour `Retry-After`, otherwise grow exponentially with jitter, and never run past the
//! call's deadline.

use std::time::Duration;

use crate::error::{Error, ErrorKind};

/// How the client retries failed calls.
///
/// ```
/// use std::time::Duration;
/// let policy = jumio_kyx::RetryPolicy { max_retries: 5, ..Default::default() };
/// assert_eq!(policy.initial_backoff, Duration::from_millis(250));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retries).
    pub max_retries: u32,
    /// Wait before the first retry; doubles for each further one.
    pub initial_backoff: Duration,
    /// Longest wait between attempts (a longer `Retry-After` ends the retries instead).
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(30),
        }
    }
}

/// Whether an operation may safely be repeated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotency {
    /// Repeating it has no further effect.
    Safe,
    /// Repeating it may create something twice.
    Unsafe,
    /// It cannot be repeated at all (its body is gone).
    Once,
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0-based) of a call that failed with `error`, or
    /// `None` when it must not be retried.
    pub fn delay(&self, error: &Error, retry: u32, idempotency: Idempotency) -> Option<Duration> {
        if retry >= self.max_retries {
            return None;
        }
        let retryable = match idempotency {
            Idempotency::Once => false,
            Idempotency::Unsafe => error.never_sent(),
            Idempotency::Safe => match error.kind() {
                ErrorKind::RateLimited | ErrorKind::Transport | ErrorKind::Timeout => true,
                ErrorKind::Server => matches!(error.status(), Some(502..=504)),
                _ => false,
            },
        };
        if !retryable {
            return None;
        }
        if let Some(wait) = error.retry_after() {
            return (wait <= self.max_backoff).then_some(wait);
        }
        let exp = self
            .initial_backoff
            .saturating_mul(1u32 << retry.min(16))
            .min(self.max_backoff);
        // Jitter: between half and all of the exponential wait, so clients do not retry in step.
        Some(exp.mul_f64(0.5 + fastrand::f64() * 0.5))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> Error {
        Error::from_response(code, &Default::default(), None)
    }

    #[test]
    fn retries_by_idempotency() {
        let p = RetryPolicy::default();
        for code in [429, 502, 503, 504] {
            assert!(
                p.delay(&status(code), 0, Idempotency::Safe).is_some(),
                "{code}"
            );
            assert!(
                p.delay(&status(code), 0, Idempotency::Unsafe).is_none(),
                "{code}"
            );
        }
        for code in [400, 401, 404, 500] {
            assert!(
                p.delay(&status(code), 0, Idempotency::Safe).is_none(),
                "{code}"
            );
        }
        assert!(
            p.delay(&status(503), 3, Idempotency::Safe).is_none(),
            "budget"
        );
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("retry-after", "2".parse().unwrap());
        let limited = Error::from_response(429, &headers, None);
        assert_eq!(
            p.delay(&limited, 0, Idempotency::Safe),
            Some(Duration::from_secs(2))
        );
        headers.insert("retry-after", "3600".parse().unwrap());
        assert_eq!(
            p.delay(
                &Error::from_response(429, &headers, None),
                0,
                Idempotency::Safe
            ),
            None
        );
    }

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        let p = RetryPolicy {
            max_retries: 20,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
        };
        let e = status(503);
        let d0 = p.delay(&e, 0, Idempotency::Safe).unwrap();
        assert!(
            d0 >= Duration::from_millis(50) && d0 <= Duration::from_millis(100),
            "{d0:?}"
        );
        let d3 = p.delay(&e, 3, Idempotency::Safe).unwrap();
        assert!(
            d3 >= Duration::from_millis(400) && d3 <= Duration::from_millis(800),
            "{d3:?}"
        );
        assert!(p.delay(&e, 15, Idempotency::Safe).unwrap() <= Duration::from_secs(1));
    }
}
