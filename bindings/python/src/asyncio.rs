//! Rust futures as asyncio futures. A call runs on the shared tokio runtime; cancelling the
//! asyncio future (the task awaiting it) drops the Rust future at once: its request stops, its
//! connection is closed.
//!
//! How an outcome reaches its loop: the runtime worker that finishes a call never takes the GIL.
//! It posts the outcome to its loop's [`Mailbox`] and, when the mailbox was empty, writes one
//! byte to a socket the loop watches (`loop.add_reader`). The loop's thread then converts every
//! posted outcome and sets its future, in one go. Under load many outcomes share one wake-up,
//! and no thread waits for the GIL while the loop runs Python (a thread asking for the GIL waits
//! up to the interpreter's switch interval, 5 ms). `cargo xtask bench bindings` measures it.
//!
//! A loop that cannot watch a socket (Windows' proactor loop) or be referenced weakly gets its
//! outcomes as `pyo3_async_runtimes::tokio::future_into_py` gives them: from a blocking thread,
//! through `loop.call_soon_threadsafe`, attached through `interpreter::attach` so that the exit
//! of the interpreter waits for it instead of ending it half-way (a crash at exit otherwise).

use std::future::Future;
use std::mem::ManuallyDrop;
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
    let (event_loop, mailbox) = running_loop(py)?;
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
        #[cfg(unix)]
        if let Some(mailbox) = mailbox {
            mailbox.post(Outcome {
                future: target,
                make: Box::new(move |py| done(py, output)),
            });
            return;
        }
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

/// `asyncio.get_running_loop`, looked up once.
#[cfg(unix)]
static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// What makes an outcome's Python value, on the loop's thread.
#[cfg(unix)]
type MakeValue = Box<dyn for<'py> FnOnce(Python<'py>) -> PyResult<Py<PyAny>> + Send>;

/// An outcome waiting for its loop: the asyncio future, and what makes its value.
#[cfg(unix)]
struct Outcome {
    future: Py<PyAny>,
    make: MakeValue,
}

/// The outcomes of one event loop's calls, and the socket that wakes the loop to set them.
#[cfg(unix)]
struct Mailbox {
    pending: Mutex<Vec<Outcome>>,
    wake: std::os::unix::net::UnixStream,
}

#[cfg(unix)]
impl Mailbox {
    /// Posts an outcome; the first one since the loop last emptied the mailbox wakes it. No GIL.
    fn post(&self, outcome: Outcome) {
        let first = {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            pending.push(outcome);
            pending.len() == 1
        };
        if first {
            // A full socket buffer means a wake-up is pending already.
            let _ = std::io::Write::write(&mut &self.wake, &[1]);
        }
    }
}

/// The reader `loop.add_reader` calls on the loop's thread: empties the wake-up socket first,
/// then the mailbox (in this order, an outcome posted meanwhile is never left without a
/// wake-up), and sets each future.
#[cfg(unix)]
#[pyclass(frozen, module = "jumio_kyx._native")]
struct Deliver {
    mailbox: std::sync::Arc<Mailbox>,
    wakeups: std::os::unix::net::UnixStream,
}

#[cfg(unix)]
#[pymethods]
impl Deliver {
    fn __call__(&self, py: Python<'_>) {
        let mut buf = [0u8; 512];
        while matches!(std::io::Read::read(&mut &self.wakeups, &mut buf), Ok(n) if n > 0) {}
        let outcomes = std::mem::take(
            &mut *self
                .mailbox
                .pending
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        for outcome in outcomes {
            let (ok, value) = match (outcome.make)(py) {
                Ok(value) => (true, value),
                Err(e) => (false, e.into_value(py).into_any()),
            };
            // A future that cannot be set (its loop is closing) has nobody awaiting it.
            let _ = complete(outcome.future.bind(py), ok, value.bind(py));
        }
    }
}

/// Each loop's [`Deliver`], weakly keyed by the loop (a closed loop's goes with it).
#[cfg(unix)]
static MAILBOXES: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The running loop of this thread and its mailbox (made and watched on first use; `None` for
/// a loop that cannot watch a socket or be referenced weakly: its outcomes take the thread
/// path).
///
/// `asyncio.get_running_loop` asks the kernel for the process id on every call (its fork check),
/// which costs more than the rest of a call's Python work where system calls are slow. A loop
/// runs on one thread, so the loop this thread found last is kept, weakly, with its mailbox, and
/// taken again while its `_thread_id` (asyncio's, set while it runs) is this thread; otherwise,
/// and for loops without that attribute, `get_running_loop` decides.
#[cfg(unix)]
fn running_loop(py: Python<'_>) -> PyResult<(Bound<'_, PyAny>, Option<std::sync::Arc<Mailbox>>)> {
    // SAFETY: a plain C call, made with the GIL held.
    let this_thread = unsafe { pyo3::ffi::PyThread_get_thread_ident() };
    let cached = LAST_LOOP.with_borrow(|last| {
        let (weak, mailbox) = last.as_ref()?;
        let event_loop = weak.bind(py).upgrade()?;
        let runs_here = event_loop
            .getattr(intern!(py, "_thread_id"))
            .and_then(|id| id.extract::<std::ffi::c_ulong>())
            .is_ok_and(|id| id == this_thread);
        runs_here.then(|| (event_loop, mailbox.clone()))
    });
    if let Some(found) = cached {
        return Ok(found);
    }
    let event_loop = GET_RUNNING_LOOP
        .get_or_try_init(py, || {
            py.import(intern!(py, "asyncio"))?
                .getattr(intern!(py, "get_running_loop"))
                .map(Bound::unbind)
        })?
        .bind(py)
        .call0()?;
    let mailbox = mailbox_of(&event_loop);
    if let Ok(weak) = pyo3::types::PyWeakrefReference::new(&event_loop) {
        let previous = LAST_LOOP.replace(Some((ManuallyDrop::new(weak.unbind()), mailbox.clone())));
        // Released here, with the GIL; the entry a thread leaves at its exit leaks instead (one
        // weak reference), as a reference may not be released without the GIL.
        if let Some((weak, _)) = previous {
            drop(ManuallyDrop::into_inner(weak));
        }
    }
    Ok((event_loop, mailbox))
}

#[cfg(unix)]
type LastLoop = Option<(
    ManuallyDrop<Py<pyo3::types::PyWeakrefReference>>,
    Option<std::sync::Arc<Mailbox>>,
)>;

#[cfg(unix)]
thread_local! {
    /// The loop this thread found running last (weakly), with its mailbox.
    static LAST_LOOP: std::cell::RefCell<LastLoop> = const { std::cell::RefCell::new(None) };
}

/// The mailbox of `event_loop` in [`MAILBOXES`], made and watched on first use.
#[cfg(unix)]
fn mailbox_of(event_loop: &Bound<'_, PyAny>) -> Option<std::sync::Arc<Mailbox>> {
    let py = event_loop.py();
    let boxes = MAILBOXES
        .get_or_try_init(py, || {
            py.import(intern!(py, "weakref"))?
                .call_method0(intern!(py, "WeakKeyDictionary"))
                .map(Bound::unbind)
        })
        .ok()?
        .bind(py);
    if let Ok(Some(found)) = boxes
        .call_method1(intern!(py, "get"), (event_loop,))
        .and_then(|d| Ok(d.extract::<Option<Py<Deliver>>>()?))
    {
        return Some(found.get().mailbox.clone());
    }
    let (wake, wakeups) = std::os::unix::net::UnixStream::pair().ok()?;
    wake.set_nonblocking(true).ok()?;
    wakeups.set_nonblocking(true).ok()?;
    let fd = std::os::fd::AsRawFd::as_raw_fd(&wakeups);
    let mailbox = std::sync::Arc::new(Mailbox {
        pending: Mutex::new(Vec::new()),
        wake,
    });
    let deliver = Bound::new(
        py,
        Deliver {
            mailbox: mailbox.clone(),
            wakeups,
        },
    )
    .ok()?;
    boxes.set_item(event_loop, &deliver).ok()?;
    if event_loop
        .call_method1(intern!(py, "add_reader"), (fd, &deliver))
        .is_err()
    {
        let _ = boxes.del_item(event_loop);
        return None;
    }
    Some(mailbox)
}

#[cfg(not(unix))]
fn running_loop(py: Python<'_>) -> PyResult<(Bound<'_, PyAny>, Option<()>)> {
    let event_loop = py
        .import(intern!(py, "asyncio"))?
        .call_method0(intern!(py, "get_running_loop"))?;
    Ok((event_loop, None))
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
