//! [`Download`]: a part's bytes, streamed on the blocking client's runtime.

use std::fmt;
use std::io;
use std::sync::Arc;

use bytes::{Buf, Bytes};

use super::Engine;
use crate::error::Error;

/// The bytes of a downloaded part, streamed: [`Download::save`] them, read them into memory
/// ([`Download::bytes`]), or read them through [`std::io::Read`] (`std::io::copy` into a file, a
/// hasher, …). Reading blocks like every call of the blocking client, and fails with an
/// [`io::Error`] carrying the client's [`Error`] (a download past `max_download_bytes`, a broken
/// connection, a call inside an async runtime).
///
/// ```no_run
/// # fn f(client: jumio_kyx::blocking::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use std::io::Read;
/// use jumio_kyx::types::PartClassifier;
/// let mut part = client.download_part("account-id", "credential-id", PartClassifier::Face)?;
/// let mut header = [0u8; 3];
/// part.read_exact(&mut header)?;
/// let is_jpeg = header == [0xFF, 0xD8, 0xFF];
/// let rest = part.bytes()?; // what was not read yet
/// # let _ = (is_jpeg, rest); Ok(()) }
/// ```
pub struct Download {
    inner: crate::Download,
    /// Bytes received but not read yet.
    pending: Bytes,
    engine: Arc<Engine>,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Headers only: the body is an ID image or a selfie.
        f.debug_struct("blocking::Download")
            .field("content_type", &self.inner.content_type())
            .field("content_length", &self.inner.content_length())
            .finish_non_exhaustive()
    }
}

impl Download {
    pub(super) fn new(inner: crate::Download, engine: Arc<Engine>) -> Self {
        Self {
            inner,
            pending: Bytes::new(),
            engine,
        }
    }

    /// The Content-Type the server sent (`image/jpeg`, `image/png`, …).
    pub fn content_type(&self) -> Option<&str> {
        self.inner.content_type()
    }

    /// The Content-Length the server sent.
    pub fn content_length(&self) -> Option<u64> {
        self.inner.content_length()
    }

    /// Reads the body (what [`std::io::Read`] has not read of it) into memory.
    pub fn bytes(self) -> Result<Bytes, Error> {
        let (inner, engine) = self.rest();
        engine.block_on(inner.bytes())?
    }

    /// Streams the body (what [`std::io::Read`] has not read of it) into a file, created or
    /// truncated; returns the number of bytes written. A file that cannot be created or written
    /// is an [`ErrorKind::LocalFile`](crate::ErrorKind::LocalFile) error.
    pub fn save(self, path: impl AsRef<std::path::Path>) -> Result<u64, Error> {
        let (inner, engine) = self.rest();
        engine.block_on(inner.save(path))?
    }

    /// The async download of the rest of the body, pending bytes first.
    fn rest(mut self) -> (crate::Download, Arc<Engine>) {
        self.inner.unread(std::mem::take(&mut self.pending));
        (self.inner, self.engine)
    }
}

impl io::Read for Download {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        while self.pending.is_empty() {
            let next = self
                .engine
                .block_on(self.inner.next_chunk())
                .map_err(io::Error::other)?;
            match next {
                Some(chunk) => self.pending = chunk.map_err(io::Error::other)?,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.advance(n);
        Ok(n)
    }
}
