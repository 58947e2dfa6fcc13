//! The sandbox's clock: real time plus an offset that tests move forward
//! (`POST /__sandbox/clock/advance`), so token and session expiry can be tested in milliseconds.
//! It can start at a given instant (`clock_start`), and be frozen (`frozen_clock`): then it moves
//! only when advanced, so every timestamp of a run is reproducible.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

/// How far the clock may run ahead of real time: a hundred years.
pub const MAX_OFFSET_MS: i64 = 100 * 366 * 86_400 * 1000;

/// Real time shifted by an advanceable offset, or a frozen instant moved only by advancing.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
    /// The offset the clock starts with (and returns to on reset): `clock_start` minus the real
    /// time at start-up, when not frozen.
    start_offset_ms: i64,
    /// Frozen: the instant (ms since the epoch) the clock started at; `now` is that plus the
    /// offset advanced since.
    frozen_at_ms: Option<i64>,
}

impl Clock {
    /// A clock that starts at `start` (else now), frozen or running.
    pub fn starting(start: Option<DateTime<Utc>>, frozen: bool) -> Self {
        let real = Utc::now();
        let start = start.unwrap_or(real);
        if frozen {
            Self {
                offset_ms: AtomicI64::new(0),
                start_offset_ms: 0,
                frozen_at_ms: Some(start.timestamp_millis()),
            }
        } else {
            let offset = (start - real).num_milliseconds();
            Self {
                offset_ms: AtomicI64::new(offset),
                start_offset_ms: offset,
                frozen_at_ms: None,
            }
        }
    }

    /// The sandbox's current time.
    pub fn now(&self) -> DateTime<Utc> {
        let offset = Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed));
        match self.frozen_at_ms.and_then(DateTime::from_timestamp_millis) {
            Some(frozen) => frozen + offset,
            None => Utc::now() + offset,
        }
    }

    /// Whether the clock moves only when advanced.
    pub fn is_frozen(&self) -> bool {
        self.frozen_at_ms.is_some()
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

    /// How far the clock is ahead of real time (frozen: how far it was advanced).
    pub fn offset(&self) -> Duration {
        Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Back to where it started: real time, or `clock_start`.
    pub fn reset(&self) {
        self.offset_ms
            .store(self.start_offset_ms, Ordering::Relaxed);
    }
}

/// Formats a time as Jumio does: UTC, milliseconds, `Z`.
pub fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frozen_clock_moves_only_when_advanced() {
        let start = DateTime::parse_from_rfc3339("2030-01-02T03:04:05.678Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = Clock::starting(Some(start), true);
        assert_eq!(clock.now(), start);
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(clock.now(), start);
        clock.advance(Duration::seconds(90));
        assert_eq!(format(clock.now()), "2030-01-02T03:05:35.678Z");
        clock.reset();
        assert_eq!(clock.now(), start);
        // Running from a start in the past: it starts there and runs.
        let past = DateTime::parse_from_rfc3339("2001-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let running = Clock::starting(Some(past), false);
        let drift = running.now() - past;
        assert!(
            drift >= Duration::zero() && drift < Duration::seconds(5),
            "{drift}"
        );
        running.advance(Duration::hours(1));
        running.reset();
        assert!(running.now() - past < Duration::seconds(5));
    }
}
