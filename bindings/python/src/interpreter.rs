//! Attaching to the interpreter from threads of ours (the runtime's workers and blocking
//! threads) without racing its exit.
//!
//! CPython ends a thread that waits for the GIL while the interpreter finalizes (it calls
//! `pthread_exit`). A Rust thread ended that way unwinds through frames that hold Python objects,
//! and their drops run without the GIL while the finalizing interpreter collects garbage: a crash
//! at exit. So every attach from a thread of ours goes through [`attach`], which counts itself;
//! [`shutdown`], registered with `atexit` (which runs before finalization), refuses new attaches
//! and waits, with the GIL released, for those in flight.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use pyo3::prelude::*;

/// How long the exit waits for attaches in flight (a file object's `read()` blocked on a
/// socket, say) before it gives up on them.
const EXIT_WAIT: Duration = Duration::from_secs(5);

struct State {
    in_flight: usize,
    closing: bool,
}

static STATE: Mutex<State> = Mutex::new(State {
    in_flight: 0,
    closing: false,
});
static DRAINED: Condvar = Condvar::new();

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f` attached to the interpreter; `None` once the interpreter is exiting.
pub fn attach<R>(f: impl for<'py> FnOnce(Python<'py>) -> R) -> Option<R> {
    {
        let mut s = state();
        if s.closing {
            return None;
        }
        s.in_flight += 1;
    }
    let r = Python::try_attach(f);
    let mut s = state();
    s.in_flight -= 1;
    if s.in_flight == 0 {
        DRAINED.notify_all();
    }
    r
}

/// The `atexit` hook: no attach from now on, and those in flight finished.
#[pyfunction]
pub fn shutdown(py: Python<'_>) {
    py.detach(|| {
        let deadline = Instant::now() + EXIT_WAIT;
        let mut s = state();
        s.closing = true;
        while s.in_flight > 0 {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return;
            };
            s = DRAINED
                .wait_timeout(s, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    });
}
