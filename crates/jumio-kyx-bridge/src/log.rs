//! Hands the client's `tracing` events to another logging system: Python's `logging` and the
//! Node package's log hook are built on it, so every language sees the same records.
//!
//! The events carry operation ids, statuses, durations, retry counts and field names, never a
//! secret or a personal value (the redaction tests capture them in all three languages), so a
//! bridge only formats; it has nothing to hide.
//!
//! A Rust program does not need this module: install any `tracing` subscriber instead.
//!
//! ```
//! use jumio_kyx_bridge::log::{self as log_bridge, LogLevel};
//! let installed = log_bridge::install(|record| eprintln!("{:?} {}: {}", record.level, record.target, record.message));
//! log_bridge::set_max_level(Some(LogLevel::Warn));
//! # let _ = installed;
//! ```

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU8, Ordering};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};

/// The level of a [`LogRecord`], most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    /// Something failed.
    Error = 1,
    /// Something the integrator should look at (e.g. screening that will not run).
    Warn = 2,
    /// A milestone.
    Info = 3,
    /// One HTTP attempt, one retry.
    Debug = 4,
    /// Finer than debug.
    Trace = 5,
}

impl LogLevel {
    fn of(level: &tracing::Level) -> Self {
        match *level {
            tracing::Level::ERROR => Self::Error,
            tracing::Level::WARN => Self::Warn,
            tracing::Level::INFO => Self::Info,
            tracing::Level::DEBUG => Self::Debug,
            tracing::Level::TRACE => Self::Trace,
        }
    }
}

/// One event, formatted: `message key=value key=value`.
#[derive(Clone, Debug)]
pub struct LogRecord {
    /// The event's level.
    pub level: LogLevel,
    /// The module that emitted it (`jumio_kyx::hooks`, `jumio_kyx_sandbox::…`).
    pub target: &'static str,
    /// The message followed by the event's fields.
    pub message: String,
}

/// The most verbose level forwarded; 0 forwards nothing.
static MAX_LEVEL: AtomicU8 = AtomicU8::new(LogLevel::Warn as u8);

/// Sets the most verbose level forwarded (`None`: nothing). Events above it cost one atomic
/// load. Defaults to [`LogLevel::Warn`].
pub fn set_max_level(level: Option<LogLevel>) {
    MAX_LEVEL.store(level.map_or(0, |l| l as u8), Ordering::Relaxed);
}

/// Installs `sink` as the process's `tracing` subscriber for the `jumio_kyx*` targets. Returns
/// false, and changes nothing, when a subscriber was already installed.
pub fn install(sink: impl Fn(&LogRecord) + Send + Sync + 'static) -> bool {
    tracing::subscriber::set_global_default(Forwarder {
        sink: Box::new(sink),
    })
    .is_ok()
}

struct Forwarder {
    sink: Box<dyn Fn(&LogRecord) + Send + Sync>,
}

impl Subscriber for Forwarder {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        // The level can change at run time, so our own callsites are asked each time.
        if metadata.target().starts_with("jumio_kyx") && metadata.is_event() {
            Interest::sometimes()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.is_event()
            && (LogLevel::of(metadata.level()) as u8) <= MAX_LEVEL.load(Ordering::Relaxed)
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        // Spans are not forwarded (`enabled` refuses them); an id is still owed.
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut text = Fields::default();
        event.record(&mut text);
        let metadata = event.metadata();
        (self.sink)(&LogRecord {
            level: LogLevel::of(metadata.level()),
            target: metadata.target(),
            message: text.message + &text.fields,
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[derive(Default)]
struct Fields {
    message: String,
    fields: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={value}", field.name());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={value:?}", field.name());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_message_then_fields_and_honours_the_level() {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = seen.clone();
        let forwarder = Forwarder {
            sink: Box::new(move |r: &LogRecord| {
                sink.lock()
                    .unwrap()
                    .push((r.level, r.target, r.message.clone()))
            }),
        };
        tracing::subscriber::with_default(forwarder, || {
            set_max_level(Some(LogLevel::Debug));
            tracing::debug!(
                operation = "getWorkflowStatus",
                status = 503u16,
                "kyx http attempt"
            );
            set_max_level(Some(LogLevel::Warn));
            tracing::debug!("not forwarded");
            tracing::warn!(workflow = 10010u64, "screening will not run");
            set_max_level(None);
            tracing::warn!("not forwarded either");
            set_max_level(Some(LogLevel::Warn));
        });
        let seen = seen.lock().unwrap();
        assert_eq!(
            *seen,
            vec![
                (
                    LogLevel::Debug,
                    "jumio_kyx_bridge::log::tests",
                    "kyx http attempt operation=getWorkflowStatus status=503".to_string()
                ),
                (
                    LogLevel::Warn,
                    "jumio_kyx_bridge::log::tests",
                    "screening will not run workflow=10010".to_string()
                ),
            ]
        );
    }
}
