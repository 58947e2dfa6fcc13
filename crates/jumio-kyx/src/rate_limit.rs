//! An optional client-side rate limiter with Jumio's published limits, so bulk jobs wait instead
//! of collecting 429s: token requests 10/s, account initiation (and migration) 1/s, retrieval
//! 15/s per tenant. Turn it on with [`crate::ClientBuilder::rate_limit`].

use std::time::{Duration, Instant};

use crate::routing::{HostFamily, Operation};

/// Token buckets per endpoint class.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    buckets: tokio::sync::Mutex<[Bucket; 3]>,
}

#[derive(Debug)]
struct Bucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

impl Bucket {
    fn new(rate: f64, burst: f64) -> Self {
        Self {
            rate,
            burst,
            tokens: burst,
            last: Instant::now(),
        }
    }
}

fn class(op: &Operation) -> Option<usize> {
    match op.family {
        HostFamily::Auth => Some(0),
        HostFamily::Account => Some(1),
        HostFamily::Retrieval => Some(2),
        _ => None,
    }
}

impl RateLimiter {
    pub(crate) fn published() -> Self {
        Self {
            buckets: tokio::sync::Mutex::new([
                Bucket::new(10.0, 10.0),
                Bucket::new(1.0, 1.0),
                Bucket::new(15.0, 15.0),
            ]),
        }
    }

    /// Waits until the operation may be sent.
    pub(crate) async fn acquire(&self, op: &Operation) {
        let Some(i) = class(op) else { return };
        loop {
            let wait = {
                let mut buckets = self.buckets.lock().await;
                let b = &mut buckets[i];
                let now = Instant::now();
                b.tokens =
                    (b.tokens + now.duration_since(b.last).as_secs_f64() * b.rate).min(b.burst);
                b.last = now;
                if b.tokens >= 1.0 {
                    b.tokens -= 1.0;
                    return;
                }
                Duration::from_secs_f64((1.0 - b.tokens) / b.rate)
            };
            tokio::time::sleep(wait).await;
        }
    }
}
