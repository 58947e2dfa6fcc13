//! What one call carries besides its arguments: a cancel switch (an `AbortSignal` on the
//! TypeScript side) and the streams it uploads.
//!
//! * **Cancellation.** The call's future is raced against the switch; when the switch flips, the
//!   future is dropped, which closes its HTTP request, and the call rejects with
//!   [`ABORTED`](crate::ABORTED). A call whose switch is already set is never started.
//! * **Streams.** [`UploadStream`] is the writing end of a bounded channel whose reading end the
//!   core reads as an `AsyncRead` (`ImageSource::reader`): the TypeScript layer pumps a Node or web
//!   stream into it chunk by chunk, and `write` resolves only once the channel has room
//!   (backpressure), so nothing is buffered beyond a few chunks. The upload limit is enforced on
//!   the writing side; a source that fails makes the reader fail, so the core never sends a
//!   truncated file.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll};

use napi::bindgen_prelude::*;
use napi_derive::napi;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::{mpsc, watch};

/// How many chunks an upload stream holds before `write` waits.
const STREAM_CHUNKS: usize = 4;

/// The context of one native call: its cancel switch and the streams it reads.
#[napi]
pub struct NativeCall {
    cancel: watch::Sender<bool>,
    streams: Mutex<Vec<(String, StreamReader)>>,
}

impl Default for NativeCall {
    fn default() -> Self {
        Self {
            cancel: watch::channel(false).0,
            streams: Mutex::new(Vec::new()),
        }
    }
}

#[napi]
impl NativeCall {
    #[napi(constructor)]
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels the call: its future is dropped (closing its HTTP request) and it rejects with
    /// `KYX_ABORTED`. Idempotent; before the call starts, the call is never started.
    #[napi]
    pub fn cancel(&self) {
        self.cancel.send_replace(true);
    }

    /// Whether `cancel` was called.
    #[napi(getter)]
    pub fn cancelled(&self) -> bool {
        *self.cancel.borrow()
    }

    /// An upload stream for the file argument `name` (errors name it `field`), of at most
    /// `limit` bytes; the call reads it.
    #[napi]
    pub fn stream(&self, name: String, field: String, limit: f64) -> UploadStream {
        let (tx, rx) = mpsc::channel(STREAM_CHUNKS);
        let failed = Arc::new(AtomicBool::new(false));
        self.streams
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((
                name,
                StreamReader {
                    rx,
                    current: Vec::new(),
                    at: 0,
                    failed: failed.clone(),
                },
            ));
        UploadStream {
            tx: Mutex::new(Some(tx)),
            failed,
            written: AtomicU64::new(0),
            limit: if limit.is_finite() && limit >= 0.0 {
                limit as u64
            } else {
                0
            },
            field,
        }
    }
}

impl NativeCall {
    /// The streams, for the call to read (each once).
    pub(crate) fn take_streams(&self) -> Vec<(String, StreamReader)> {
        std::mem::take(&mut *self.streams.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Resolves when the call is cancelled (never, if the switch is dropped unset).
    pub(crate) fn cancelled_future(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut rx = self.cancel.subscribe();
        async move {
            if rx.wait_for(|c| *c).await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}

/// The writing end of an upload stream (see the module doc).
#[napi]
pub struct UploadStream {
    tx: Mutex<Option<mpsc::Sender<Vec<u8>>>>,
    failed: Arc<AtomicBool>,
    written: AtomicU64,
    limit: u64,
    field: String,
}

#[napi]
impl UploadStream {
    /// Queues a chunk. Resolves `true` once the call has room for it, `false` when the call no
    /// longer reads (it finished, failed or was aborted): stop pumping. Throws a
    /// `ValidationError` (and fails the stream) when the chunk takes the stream over the limit.
    #[napi(ts_return_type = "Promise<boolean>")]
    pub fn write<'env>(&self, env: &'env Env, chunk: Buffer) -> Result<PromiseRaw<'env, bool>> {
        let len = chunk.len() as u64;
        let total = self.written.fetch_add(len, Ordering::SeqCst) + len;
        if total > self.limit {
            self.fail();
            return Err(crate::js_error(&jumio_kyx::Error::validation(
                self.field.clone(),
                format!("is larger than the upload limit of {} bytes", self.limit),
            )));
        }
        let tx = self.tx.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let bytes = chunk.to_vec();
        env.spawn_future(async move {
            Ok(match tx {
                Some(tx) => tx.send(bytes).await.is_ok(),
                None => false,
            })
        })
    }

    /// The source ended: the call reads what was written, then the end of the file.
    #[napi]
    pub fn end(&self) {
        self.tx.lock().unwrap_or_else(|e| e.into_inner()).take();
    }

    /// The source failed: the call's read fails (nothing truncated is ever sent).
    #[napi]
    pub fn fail(&self) {
        self.failed.store(true, Ordering::SeqCst);
        self.end();
    }
}

/// The reading end of an upload stream, read by the core as the upload's `AsyncRead`.
pub(crate) struct StreamReader {
    rx: mpsc::Receiver<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
    failed: Arc<AtomicBool>,
}

impl AsyncRead for StreamReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if this.failed.load(Ordering::SeqCst) {
                return Poll::Ready(Err(io::Error::other("the upload's source stream failed")));
            }
            if this.at < this.current.len() {
                let n = buf.remaining().min(this.current.len() - this.at);
                buf.put_slice(&this.current[this.at..this.at + n]);
                this.at += n;
                return Poll::Ready(Ok(()));
            }
            match this.rx.poll_recv(cx) {
                Poll::Ready(Some(chunk)) => {
                    this.current = chunk;
                    this.at = 0;
                }
                // The writer is gone: the end of the file, unless it failed (checked above).
                Poll::Ready(None) if !this.failed.load(Ordering::SeqCst) => {
                    return Poll::Ready(Ok(()));
                }
                Poll::Ready(None) => continue,
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
