//! When to retry, and how long to wait.
//!
//! KYX documents no idempotency key, so a repeated `POST /accounts` creates a second account and a
//! repeated `PUT /accounts/{id}` a second workflow execution. Each operation's class is in the
//! spec (`x-kyx-idempotency`), and the policy follows it:
//! * [`Idempotency::Safe`] (reads, deletes, part uploads, finalize, token requests): retried on
//!   502, 503, 504, transport failures and timeouts;
//! * [`Idempotency::Unsafe`] (account create and update, migration create and update): retried
//!   only when the request provably was not processed: the connection could not be made;
//! * [`Idempotency::Once`] (uploads from a reader, which cannot be replayed): never retried.
//!
//! A **429** means the request was not processed (RFC 6585), so every operation but a `Once`
//! upload waits and tries again, `Safe` or `Unsafe`. Those waits have their own budget
//! ([`RetryPolicy::max_rate_limit_retries`]) and do not use up [`RetryPolicy::max_retries`].
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
/// assert!(policy.validate().is_ok());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt, for failures other than 429 (0 disables them).
    pub max_retries: u32,
    /// Retries after a 429 (the request was not processed), counted apart from `max_retries`.
    pub max_rate_limit_retries: u32,
    /// Wait before the first retry; doubles for each further one.
    pub initial_backoff: Duration,
    /// Longest wait between attempts (a longer `Retry-After` ends the retries instead).
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            max_rate_limit_retries: 10,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(30),
        }
    }
}

/// Longest `max_backoff` a policy may have.
pub const MAX_BACKOFF_LIMIT: Duration = Duration::from_secs(3600);

/// Whether an operation may safely be repeated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotency {
    /// Repeating it has no further effect.
    Safe,
    /// Repeating it may create something twice (a second account or workflow execution).
    Unsafe,
    /// It cannot be repeated at all (its body is gone).
    Once,
}

impl RetryPolicy {
    /// Checks the policy's durations: `max_backoff` at most an hour, `initial_backoff` at most
    /// `max_backoff`.
    pub fn validate(&self) -> Result<(), Error> {
        if self.max_backoff > MAX_BACKOFF_LIMIT {
            return Err(Error::validation("max_backoff", "must be at most an hour"));
        }
        if self.initial_backoff > self.max_backoff {
            return Err(Error::validation(
                "initial_backoff",
                "must not be longer than max_backoff",
            ));
        }
        Ok(())
    }

    /// Whether a retry after `error` draws on the 429 budget rather than `max_retries`.
    pub fn is_rate_limit(error: &Error) -> bool {
        *error.kind() == ErrorKind::RateLimited
    }

    /// The wait before retry number `retry` (0-based, counted in the budget the error draws on:
    /// see [`RetryPolicy::is_rate_limit`]) of a call that failed with `error`, or `None` when it
    /// must not be retried.
    pub fn delay(&self, error: &Error, retry: u32, idempotency: Idempotency) -> Option<Duration> {
        let rate_limited = Self::is_rate_limit(error);
        let budget = if rate_limited {
            self.max_rate_limit_retries
        } else {
            self.max_retries
        };
        if retry >= budget {
            return None;
        }
        let retryable = match idempotency {
            Idempotency::Once => false,
            // RFC 6585: a 429 was not processed, whatever the operation.
            _ if rate_limited => true,
            Idempotency::Unsafe => error.never_sent(),
            Idempotency::Safe => match error.kind() {
                ErrorKind::Transport | ErrorKind::Timeout => true,
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
            .min(self.max_backoff)
            .min(MAX_BACKOFF_LIMIT);
        // Jitter: between half and all of the exponential wait, so clients do not retry in step.
        Some(exp.mul_f64(0.5 + fastrand::f64() * 0.5))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> Error {
        Error::from_response(code, &Default::default(), b"")
    }

    #[test]
    fn retries_by_idempotency() {
        let p = RetryPolicy::default();
        // Whether an answer `code` to attempt number `attempt` is retried.
        let retried =
            |code, attempt, idempotency| p.delay(&status(code), attempt, idempotency).is_some();
        for code in [429, 502, 503, 504] {
            assert!(retried(code, 0, Idempotency::Safe), "{code}");
            assert_eq!(
                retried(code, 0, Idempotency::Unsafe),
                code == 429,
                "{code}: an unsafe operation is retried after a 429 only"
            );
            assert!(!retried(code, 0, Idempotency::Once), "{code}");
        }
        let own_budget = "429s have their own budget";
        assert!(retried(429, 9, Idempotency::Unsafe), "{own_budget}");
        assert!(!retried(429, 10, Idempotency::Unsafe));
        for code in [400, 401, 404, 500] {
            assert!(!retried(code, 0, Idempotency::Safe), "{code}");
        }
        assert!(!retried(503, 3, Idempotency::Safe), "budget");
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("retry-after", "2".parse().unwrap());
        let limited = Error::from_response(429, &headers, b"");
        assert_eq!(
            p.delay(&limited, 0, Idempotency::Safe),
            Some(Duration::from_secs(2))
        );
        headers.insert("retry-after", "3600".parse().unwrap());
        assert_eq!(
            p.delay(
                &Error::from_response(429, &headers, b""),
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
            ..Default::default()
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
