//! A Python binary file object as the core's `ImageSource::reader`: read in chunks of
//! [`CHUNK_BYTES`] on tokio's blocking threads (each read attached to the interpreter), so an
//! upload from a file object is streamed, never read whole into memory. The core inspects the
//! first bytes, counts the rest against the upload limit, and turns a failed read into a
//! `LocalFile` error; the Python exception is kept ([`ReadFailed`]) so that the error raised to
//! Python has it as its `__cause__`.

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes};
use tokio::io::{AsyncRead, ReadBuf};
use tokio::task::JoinHandle;

/// How much one `read()` call asks for.
pub const CHUNK_BYTES: usize = 64 * 1024;

/// Why a file object could not be read: the exception its `read()` raised (or a `TypeError` for
/// a `read()` that returned something other than bytes).
pub struct ReadFailed(pub PyErr);

impl fmt::Debug for ReadFailed {
    // Not the exception's text: formatting it would need the interpreter, on any thread.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReadFailed")
    }
}

impl fmt::Display for ReadFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the file object's read() failed")
    }
}

impl std::error::Error for ReadFailed {}

/// One finished read: the file object back (none once it is finished with, so that it is
/// released while attached), and the chunk (empty at the end of the file).
type Read = (Option<Py<PyAny>>, io::Result<Bytes>);

/// An `AsyncRead` over a Python file object.
pub struct PyFileReader {
    file: Option<Py<PyAny>>,
    pending: Option<JoinHandle<Read>>,
    chunk: Bytes,
    done: bool,
}

impl PyFileReader {
    pub fn new(file: Py<PyAny>) -> Self {
        Self {
            file: Some(file),
            pending: None,
            chunk: Bytes::new(),
            done: false,
        }
    }
}

/// Reads one chunk (blocking: run on a blocking thread).
fn read_chunk(file: Py<PyAny>) -> Read {
    // The closure owns the file object: when the interpreter is exiting it is dropped unread,
    // its reference released later by pyo3.
    crate::interpreter::attach(move |py| {
        let bound = file.bind(py);
        let data = match bound.call_method1(intern!(py, "read"), (CHUNK_BYTES,)) {
            Ok(data) => data,
            Err(e) => return (None, Err(io::Error::other(ReadFailed(e)))),
        };
        let chunk = if let Ok(b) = data.cast::<PyBytes>() {
            Bytes::copy_from_slice(b.as_bytes())
        } else if let Ok(b) = data.cast::<PyByteArray>() {
            Bytes::from(b.to_vec())
        } else {
            let name = data
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default();
            let e = PyTypeError::new_err(format!(
                "read() returned {name}, not bytes: open the file in binary mode"
            ));
            return (None, Err(io::Error::other(ReadFailed(e))));
        };
        if chunk.is_empty() {
            (None, Ok(chunk))
        } else {
            (Some(file.clone_ref(py)), Ok(chunk))
        }
    })
    .unwrap_or_else(|| {
        (
            None,
            Err(io::Error::other("the Python interpreter is shutting down")),
        )
    })
}

impl AsyncRead for PyFileReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if !this.chunk.is_empty() {
                let n = this.chunk.len().min(buf.remaining());
                buf.put_slice(&this.chunk.split_to(n));
                return Poll::Ready(Ok(()));
            }
            if this.done {
                return Poll::Ready(Ok(()));
            }
            if this.pending.is_none() {
                let Some(file) = this.file.take() else {
                    this.done = true;
                    continue;
                };
                this.pending = Some(tokio::task::spawn_blocking(move || read_chunk(file)));
            }
            let Some(pending) = this.pending.as_mut() else {
                continue;
            };
            let joined = ready!(Pin::new(pending).poll(cx));
            this.pending = None;
            match joined {
                Ok((file, Ok(chunk))) => {
                    this.file = file;
                    this.done = chunk.is_empty();
                    this.chunk = chunk;
                }
                Ok((_, Err(e))) => {
                    this.done = true;
                    return Poll::Ready(Err(e));
                }
                Err(_) => {
                    this.done = true;
                    return Poll::Ready(Err(io::Error::other(
                        "the read of the file object was aborted",
                    )));
                }
            }
        }
    }
}

/// The bytes left in a seekable file object (from its position to its end), so that the core
/// checks them against the upload limit before sending; `None` when it cannot tell (a pipe, a
/// socket, a stream without `seek`). The position is restored.
pub fn remaining_length(file: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
    let py = file.py();
    let seekable = file
        .call_method0(intern!(py, "seekable"))
        .and_then(|v| v.is_truthy())
        .unwrap_or(false);
    if !seekable {
        return Ok(None);
    }
    let Ok(start) = file
        .call_method0(intern!(py, "tell"))
        .and_then(|v| v.extract::<u64>())
    else {
        return Ok(None);
    };
    let end = file.call_method1(intern!(py, "seek"), (0, 2));
    // Back to where the caller left it, whatever the seek to the end did.
    file.call_method1(intern!(py, "seek"), (start,))?;
    Ok(end
        .ok()
        .and_then(|v| v.extract::<u64>().ok())
        .and_then(|end| end.checked_sub(start)))
}

/// The Python exception behind a core error, if a file object's `read()` raised it.
pub fn python_cause(py: Python<'_>, e: &jumio_kyx::Error) -> Option<PyErr> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(err) = next {
        let failed = err.downcast_ref::<ReadFailed>().or_else(|| {
            err.downcast_ref::<io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<ReadFailed>())
        });
        if let Some(ReadFailed(cause)) = failed {
            return Some(cause.clone_ref(py));
        }
        next = err.source();
    }
    None
}
