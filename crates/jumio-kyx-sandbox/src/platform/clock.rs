//! The sandbox's clock: real time plus an offset that tests move forward
//! (`POST /__sandbox/clock/advance`), so token and session expiry can be tested in milliseconds.
//! It can start at a given instant (`clock_start`), and be frozen (`frozen_clock`): then it moves
//! only when advanced, so every timestamp of a run is reproducible.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

/// How far the clock may run ahead of real time: a hundred years.
pub const MAX_OFFSET_MS: i64 = 100 * 366 * 86_400 * 1000;

/// Real time shifted by an advanceable offset, or a frozen instant moved only by advancing.
#[derive(Debug)]
pub struct Clock {
    offset_ms: AtomicI64,
    /// The offset the clock starts with (and returns to on reset): `clock_start` minus the real
    /// time at start-up, when not frozen.
    start_offset_ms: i64,
    /// The frozen instant it starts at (and returns to on reset), if frozen.
    start_frozen_at_ms: i64,
    /// Frozen: the instant (ms since the epoch) the clock stopped at; `now` is that plus the
    /// offset advanced since. [`NOT_FROZEN`] when running.
    frozen_at_ms: AtomicI64,
}

/// `frozen_at_ms` of a running clock.
const NOT_FROZEN: i64 = i64::MIN;

impl Default for Clock {
    fn default() -> Self {
        Self::starting(None, false)
    }
}

/// Where a clock is, as a state dir and a state document keep it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClockState {
    /// The sandbox time when the state was taken.
    pub now: DateTime<Utc>,
    /// Whether it moves only when advanced.
    pub frozen: bool,
    /// How far a running clock is ahead of real time, in ms (a restarted sandbox resumes with
    /// it, so time passed while it was down; an imported state starts at `now` instead).
    pub offset_ms: i64,
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
                start_frozen_at_ms: start.timestamp_millis(),
                frozen_at_ms: AtomicI64::new(start.timestamp_millis()),
            }
        } else {
            let offset = (start - real).num_milliseconds();
            Self {
                offset_ms: AtomicI64::new(offset),
                start_offset_ms: offset,
                start_frozen_at_ms: NOT_FROZEN,
                frozen_at_ms: AtomicI64::new(NOT_FROZEN),
            }
        }
    }

    /// Where the clock is.
    pub fn state(&self) -> ClockState {
        ClockState {
            now: self.now(),
            frozen: self.is_frozen(),
            offset_ms: self.offset_ms.load(Ordering::Relaxed),
        }
    }

    /// Puts the clock where a state says: resuming (a restart on a state dir), a running clock
    /// keeps its offset from real time; otherwise (an import) the clock starts at the state's
    /// `now`, frozen or running from there.
    pub fn restore(&self, state: &ClockState, resume: bool) {
        let now = state.now.timestamp_millis();
        if state.frozen {
            self.frozen_at_ms.store(now, Ordering::Relaxed);
            self.offset_ms.store(0, Ordering::Relaxed);
        } else {
            self.frozen_at_ms.store(NOT_FROZEN, Ordering::Relaxed);
            let offset = if resume {
                state.offset_ms
            } else {
                (state.now - Utc::now()).num_milliseconds()
            };
            self.offset_ms
                .store(offset.min(MAX_OFFSET_MS), Ordering::Relaxed);
        }
    }

    /// The sandbox's current time.
    pub fn now(&self) -> DateTime<Utc> {
        let offset = Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed));
        let frozen = self.frozen_at_ms.load(Ordering::Relaxed);
        match (frozen != NOT_FROZEN)
            .then(|| DateTime::from_timestamp_millis(frozen))
            .flatten()
        {
            Some(frozen) => frozen + offset,
            None => Utc::now() + offset,
        }
    }

    /// Whether the clock moves only when advanced.
    pub fn is_frozen(&self) -> bool {
        self.frozen_at_ms.load(Ordering::Relaxed) != NOT_FROZEN
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
        self.frozen_at_ms
            .store(self.start_frozen_at_ms, Ordering::Relaxed);
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
