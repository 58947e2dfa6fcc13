//! The sandbox's clock: real time plus an offset that tests move forward
//! (`POST /__sandbox/clock/advance`), so token and session expiry can be tested in milliseconds.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

/// How far the clock may run ahead of real time: a hundred years.
pub const MAX_OFFSET_MS: i64 = 100 * 366 * 86_400 * 1000;

/// Real time shifted by an advanceable offset.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// The sandbox's current time.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Moves the clock forward, at most [`MAX_OFFSET_MS`] ahead of real time in all (a larger
    /// step stops there rather than overflowing the calendar).
    pub fn advance(&self, by: Duration) {
        let step = by.num_milliseconds().max(0);
        let _ = self
            .offset_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |o| {
                Some(o.saturating_add(step).min(MAX_OFFSET_MS))
            });
    }

    /// How far the clock is ahead of real time.
    pub fn offset(&self) -> Duration {
        Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Back to real time.
    pub fn reset(&self) {
        self.offset_ms.store(0, Ordering::Relaxed);
    }
}

/// Formats a time as Jumio does: UTC, milliseconds, `Z`.
pub fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
