//! The core's log records (`jumio_kyx_bridge::log`) in Python's `logging`: logger `jumio_kyx`,
//! and `jumio_kyx.sandbox` for the sandbox's. Installed when the native module loads.
//!
//! The level rule: the most verbose level forwarded is the more verbose of the two loggers'
//! effective levels, read when the module loads, when a client or sandbox is made and at the
//! start of every call ([`sync`]). A record below it costs one atomic load and never touches the
//! interpreter; a record at or above it is handed to the logger from the thread that emitted it
//! (a tokio worker, attached for the call), where the logger's own checks apply.
//!
//! No deadlock: the records come from threads that hold no lock of ours while they wait to
//! attach, and every call that blocks on the runtime releases the GIL (`py.detach`). No crash at
//! exit: they attach through `interpreter::attach`.

use jumio_kyx_bridge::log::{self as log_bridge, LogLevel, LogRecord};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

/// The logger of the client's records.
pub const CORE_LOGGER: &str = "jumio_kyx";
/// The logger of the sandbox's records (targets `jumio_kyx_sandbox…`).
pub const SANDBOX_LOGGER: &str = "jumio_kyx.sandbox";

struct Loggers {
    core: Py<PyAny>,
    sandbox: Py<PyAny>,
}

static LOGGERS: PyOnceLock<Loggers> = PyOnceLock::new();

fn loggers(py: Python<'_>) -> PyResult<&'static Loggers> {
    LOGGERS.get_or_try_init(py, || {
        let logging = py.import("logging")?;
        Ok(Loggers {
            core: logging.call_method1("getLogger", (CORE_LOGGER,))?.unbind(),
            sandbox: logging
                .call_method1("getLogger", (SANDBOX_LOGGER,))?
                .unbind(),
        })
    })
}

/// Installs the bridge (once per process; a `tracing` subscriber installed before, by another
/// extension, is left alone) and reads the levels.
pub fn install(py: Python<'_>) -> PyResult<()> {
    loggers(py)?;
    log_bridge::install(forward);
    sync(py);
    Ok(())
}

/// Reads the loggers' effective levels and forwards records from the more verbose of the two.
pub fn sync(py: Python<'_>) {
    let Ok(loggers) = loggers(py) else {
        return;
    };
    let level = |logger: &Py<PyAny>| {
        logger
            .bind(py)
            .call_method0(intern!(py, "getEffectiveLevel"))
            .and_then(|v| v.extract::<i64>())
            .unwrap_or(30)
    };
    let most_verbose = level(&loggers.core).min(level(&loggers.sandbox));
    log_bridge::set_max_level(max_level(most_verbose));
}

/// The most verbose core level a Python level lets through.
fn max_level(python_level: i64) -> Option<LogLevel> {
    Some(match python_level {
        ..=5 => LogLevel::Trace,
        6..=10 => LogLevel::Debug,
        11..=20 => LogLevel::Info,
        21..=30 => LogLevel::Warn,
        31..=40 => LogLevel::Error,
        _ => return None,
    })
}

/// The Python level of a core level (`TRACE` is 5, below `DEBUG`).
fn python_level(level: LogLevel) -> i64 {
    match level {
        LogLevel::Error => 40,
        LogLevel::Warn => 30,
        LogLevel::Info => 20,
        LogLevel::Debug => 10,
        LogLevel::Trace => 5,
    }
}

/// Hands one record to its logger. Only called for records at or above the forwarded level.
fn forward(record: &LogRecord) {
    // Not once the interpreter exits (nothing would receive it anyway).
    crate::interpreter::attach(|py| {
        let Ok(loggers) = loggers(py) else {
            return;
        };
        let logger = if record.target.starts_with("jumio_kyx_sandbox") {
            loggers.sandbox.bind(py)
        } else {
            loggers.core.bind(py)
        };
        let level = python_level(record.level);
        let enabled = logger
            .call_method1(intern!(py, "isEnabledFor"), (level,))
            .and_then(|v| v.is_truthy())
            .unwrap_or(false);
        if !enabled {
            return;
        }
        let logged = (|| -> PyResult<()> {
            let extra = PyDict::new(py);
            extra.set_item("rust_target", record.target)?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("extra", extra)?;
            logger.call_method(
                intern!(py, "log"),
                (level, "%s", record.message.as_str()),
                Some(&kwargs),
            )?;
            Ok(())
        })();
        if let Err(e) = logged {
            // A handler that raised: Python's own rule for errors nobody can catch.
            e.write_unraisable(py, Some(logger));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_levels_map_to_the_most_verbose_core_level_they_let_through() {
        assert_eq!(max_level(0), Some(LogLevel::Trace));
        assert_eq!(max_level(10), Some(LogLevel::Debug));
        assert_eq!(max_level(15), Some(LogLevel::Info));
        assert_eq!(max_level(30), Some(LogLevel::Warn));
        assert_eq!(max_level(40), Some(LogLevel::Error));
        assert_eq!(max_level(50), None);
        for level in [
            LogLevel::Error,
            LogLevel::Warn,
            LogLevel::Info,
            LogLevel::Debug,
            LogLevel::Trace,
        ] {
            assert_eq!(max_level(python_level(level)), Some(level));
        }
    }
}
