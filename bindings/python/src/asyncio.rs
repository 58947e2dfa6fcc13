//! Rust futures as asyncio futures. A call runs on the shared tokio runtime; the asyncio future
//! of the running loop gets its outcome through `loop.call_soon_threadsafe`, from a blocking
//! thread (a runtime worker never waits for the GIL). Cancelling the asyncio future (the task
//! awaiting it) drops the Rust future at once: its request stops, its connection is closed.
//!
//! Like `pyo3_async_runtimes::tokio::future_into_py`, whose runtime it shares, with one
//! difference: the resolving thread attaches through `interpreter::attach`, so that the exit of
//! the interpreter waits for it instead of ending it half-way (a crash at exit otherwise).

use std::future::Future;
use std::sync::Mutex;

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tokio::sync::oneshot;

use crate::interpreter;

/// Runs `fut` on the shared runtime and returns an asyncio future of the running loop, resolved
/// with what `done` makes of its output (a value, or an exception).
pub fn spawn<'py, T, F, D>(py: Python<'py>, fut: F, done: D) -> PyResult<Bound<'py, PyAny>>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
    D: for<'a> FnOnce(Python<'a>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    let event_loop = py
        .import(intern!(py, "asyncio"))?
        .call_method0(intern!(py, "get_running_loop"))?;
    let future = event_loop.call_method0(intern!(py, "create_future"))?;
    let (cancel, cancelled) = oneshot::channel::<()>();
    future.call_method1(
        intern!(py, "add_done_callback"),
        (CancelOnDone {
            cancel: Mutex::new(Some(cancel)),
        },),
    )?;
    let (event_loop, target) = (event_loop.unbind(), future.clone().unbind());
    pyo3_async_runtimes::tokio::get_runtime().spawn(async move {
        // Only a cancellation stops the call (not the callback being dropped unsent).
        let cancelled = async {
            if cancelled.await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        let output = tokio::select! {
            biased;
            _ = cancelled => None,
            output = fut => Some(output),
        };
        let Some(output) = output else {
            return;
        };
        tokio::task::spawn_blocking(move || {
            interpreter::attach(move |py| {
                let (ok, value) = match done(py, output) {
                    Ok(value) => (true, value),
                    Err(e) => (false, e.into_value(py).into_any()),
                };
                let resolved = complete_fn(py).and_then(|complete| {
                    event_loop.bind(py).call_method1(
                        intern!(py, "call_soon_threadsafe"),
                        (complete, target, ok, value),
                    )
                });
                // A closed loop: nobody awaits the outcome any more.
                drop(resolved);
            });
        });
    });
    Ok(future)
}

static COMPLETE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn complete_fn(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    COMPLETE
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(wrap_pyfunction!(complete, py)?.into_any().unbind())
        })
        .map(|f| f.bind(py))
}

/// Runs on the loop's thread: sets the outcome unless the future was cancelled meanwhile.
#[pyfunction]
fn complete(future: &Bound<'_, PyAny>, ok: bool, value: &Bound<'_, PyAny>) -> PyResult<()> {
    let py = future.py();
    if future.call_method0(intern!(py, "done"))?.is_truthy()? {
        return Ok(());
    }
    let method = if ok {
        intern!(py, "set_result")
    } else {
        intern!(py, "set_exception")
    };
    future.call_method1(method, (value,))?;
    Ok(())
}

/// The asyncio future's done callback: a cancelled future cancels its call.
#[pyclass(frozen, module = "jumio_kyx._native")]
struct CancelOnDone {
    cancel: Mutex<Option<oneshot::Sender<()>>>,
}

#[pymethods]
impl CancelOnDone {
    fn __call__(&self, future: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = future.py();
        if future.call_method0(intern!(py, "cancelled"))?.is_truthy()?
            && let Some(cancel) = self.cancel.lock().unwrap_or_else(|e| e.into_inner()).take()
        {
            let _ = cancel.send(());
        }
        Ok(())
    }
}
