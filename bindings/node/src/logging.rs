//! The log hook: the core's `tracing` events (`jumio_kyx_bridge::log`) handed to one JavaScript
//! function. Non-blocking: a record is queued for the JavaScript thread (at most
//! [`QUEUE`] wait; more are dropped, never waited for), and the function does not keep the process
//! alive (a weak threadsafe function).

use std::sync::{Mutex, OnceLock};

use jumio_kyx_bridge::log::{self as log_bridge, LogLevel};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;

/// Records waiting for the JavaScript thread, at most.
const QUEUE: usize = 1024;

/// One log record of the core.
#[napi(object)]
pub struct NativeLogRecord {
    /// `error`, `warn`, `info`, `debug` or `trace`.
    pub level: String,
    /// The Rust module that emitted it (`jumio_kyx::hooks`).
    pub target: String,
    /// The message, then the event's fields (`kyx http attempt operation=create_account status=200`).
    pub message: String,
}

type Sink = ThreadsafeFunction<NativeLogRecord, (), NativeLogRecord, Status, false, true, QUEUE>;

static SINK: Mutex<Option<Sink>> = Mutex::new(None);
/// Whether the bridge owns the process's `tracing` subscriber (installed on first use).
static INSTALLED: OnceLock<bool> = OnceLock::new();

fn level_name(level: LogLevel) -> &'static str {
    match level {
        LogLevel::Error => "error",
        LogLevel::Warn => "warn",
        LogLevel::Info => "info",
        LogLevel::Debug => "debug",
        LogLevel::Trace => "trace",
    }
}

fn parse_level(level: &str) -> Result<Option<LogLevel>> {
    Ok(Some(match level {
        "error" => LogLevel::Error,
        "warn" => LogLevel::Warn,
        "info" => LogLevel::Info,
        "debug" => LogLevel::Debug,
        "trace" => LogLevel::Trace,
        "off" => return Ok(None),
        _ => {
            return Err(crate::invalid(
                "level must be one of error, warn, info, debug, trace, off",
            ));
        }
    }))
}

/// Sets (or, with `null`, removes) the function that receives the core's log records, and the most
/// verbose level forwarded. Returns false when another `tracing` subscriber owns the process.
#[napi(ts_args_type = "sink: ((record: NativeLogRecord) => void) | null, level: string")]
pub fn set_log_sink(sink: Option<Sink>, level: String) -> Result<bool> {
    let level = parse_level(&level)?;
    let installed = *INSTALLED.get_or_init(|| {
        log_bridge::install(|record| {
            let guard = SINK.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(sink) = guard.as_ref() {
                // NonBlocking: a full queue drops the record rather than stall the client.
                let _ = sink.call(
                    NativeLogRecord {
                        level: level_name(record.level).to_string(),
                        target: record.target.to_string(),
                        message: record.message.clone(),
                    },
                    ThreadsafeFunctionCallMode::NonBlocking,
                );
            }
        })
    });
    let active = sink.is_some();
    *SINK.lock().unwrap_or_else(|e| e.into_inner()) = sink;
    log_bridge::set_max_level(if active { level } else { None });
    Ok(installed)
}
