//! What an upload reads from: a file path, bytes in memory, or an async reader.
//!
//! Files are streamed from disk (never read whole into memory) and re-opened for each retry;
//! bytes are shared, not copied; a reader is streamed once and therefore never retried. Before
//! anything is sent, the source is checked: JPEG or PNG by its first bytes, its size against the
//! upload limit, and its dimensions (at most 8000×8000) read from the image header only.
//!
//! A reader of unknown length is counted while it streams: past the upload limit the upload
//! stops with a validation error naming the argument. A reader that fails (its `poll_read`
//! returns an error) ends the call with an [`ErrorKind::LocalFile`] error naming the argument,
//! with the reader's error as its source.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::error::{Error, ErrorKind, Failure};
use crate::retry::Idempotency;
use crate::validate::{self, FileKind};

/// How much of a reader is buffered to find its image header.
const READER_HEADER_BYTES: usize = 512 * 1024;

/// The file of an upload.
///
/// ```no_run
/// use jumio_kyx::ImageSource;
/// let from_disk = ImageSource::path("front.jpg");
/// let in_memory = ImageSource::bytes(std::fs::read("back.jpg")?);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct ImageSource {
    source: Source,
    file_name: Option<String>,
}

enum Source {
    Path(PathBuf),
    Bytes(Bytes),
    Reader {
        reader: Mutex<Option<Box<dyn AsyncRead + Send + Unpin>>>,
        len: Option<u64>,
    },
}

impl ImageSource {
    /// A file on disk, streamed (and re-opened if the upload is retried).
    pub fn path(path: impl AsRef<Path>) -> Self {
        Self {
            source: Source::Path(path.as_ref().to_path_buf()),
            file_name: None,
        }
    }

    /// Bytes in memory (shared, not copied, across retries).
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Self {
            source: Source::Bytes(bytes.into()),
            file_name: None,
        }
    }

    /// An async reader, streamed once: an upload from a reader is never retried. `len`, when
    /// known, is checked against the upload limit before sending; otherwise the reader is
    /// counted while it streams, and refused (a validation error naming the argument) once it
    /// passes the limit. A read error is an [`ErrorKind::LocalFile`] error naming the argument.
    pub fn reader(reader: impl AsyncRead + Send + Unpin + 'static, len: Option<u64>) -> Self {
        Self {
            source: Source::Reader {
                reader: Mutex::new(Some(Box::new(reader))),
                len,
            },
            file_name: None,
        }
    }

    /// The file name sent in the multipart part (default: the path's, or `upload`). It is sent to
    /// Jumio, so it should not contain personal data.
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    pub(crate) fn idempotency(&self) -> Idempotency {
        match self.source {
            Source::Reader { .. } => Idempotency::Once,
            _ => Idempotency::Safe,
        }
    }

    fn name(&self, kind: FileKind) -> String {
        if let Some(n) = &self.file_name {
            return n.clone();
        }
        let ext = match kind {
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
            FileKind::Binary => "bin",
        };
        format!("upload.{ext}")
    }

    /// Checks the source without sending anything; returns what the upload needs.
    pub(crate) async fn inspect(
        &self,
        field: &str,
        limit: u64,
        image: bool,
    ) -> Result<Inspected, Error> {
        match &self.source {
            Source::Path(path) => {
                let meta = tokio::fs::metadata(path).await.map_err(|e| {
                    Error::validation(field, "cannot be read from its path").with_source(e)
                })?;
                if !meta.is_file() {
                    return Err(Error::validation(field, "is not a regular file"));
                }
                validate::upload_size(field, meta.len(), limit)?;
                let kind = if image {
                    let path = path.clone();
                    let field_owned = field.to_string();
                    tokio::task::spawn_blocking(move || inspect_file(&field_owned, &path))
                        .await
                        .map_err(|_| Error::validation(field, "could not be inspected"))??
                } else {
                    FileKind::Binary
                };
                Ok(Inspected {
                    field: field.to_string(),
                    kind,
                    len: Some(meta.len()),
                })
            }
            Source::Bytes(b) => {
                validate::upload_size(field, b.len() as u64, limit)?;
                let kind = if image {
                    validate::image_header(field, b)?
                } else {
                    FileKind::Binary
                };
                Ok(Inspected {
                    field: field.to_string(),
                    kind,
                    len: Some(b.len() as u64),
                })
            }
            Source::Reader { reader, len } => {
                if let Some(len) = len {
                    validate::upload_size(field, *len, limit)?;
                }
                let mut taken = reader.lock().unwrap_or_else(|e| e.into_inner()).take();
                let Some(r) = taken.as_mut() else {
                    return Err(Error::validation(
                        field,
                        "was already consumed: a reader can be uploaded once",
                    ));
                };
                let mut prefix = Vec::with_capacity(64 * 1024);
                r.as_mut()
                    .take(READER_HEADER_BYTES as u64)
                    .read_to_end(&mut prefix)
                    .await
                    .map_err(|e| reader_failed(field, e))?;
                let kind = if image {
                    validate::image_header(field, &prefix)?
                } else {
                    FileKind::Binary
                };
                if prefix.is_empty() {
                    return Err(Error::validation(field, "is empty"));
                }
                // The bytes read go back in front of the reader, so a second inspection (a flow
                // checks every image before it creates the account, then each upload checks its
                // own) sees the same start, and the upload sends them.
                let rest = taken.take().expect("checked above");
                *reader.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(Box::new(std::io::Cursor::new(prefix).chain(rest)));
                Ok(Inspected {
                    field: field.to_string(),
                    kind,
                    len: *len,
                })
            }
        }
    }

    /// The multipart part for one attempt.
    pub(crate) async fn part(
        &self,
        inspected: &Inspected,
        limit: u64,
    ) -> Result<reqwest::multipart::Part, Error> {
        let name = self.name(inspected.kind);
        let part = match &self.source {
            Source::Path(path) => {
                let file = tokio::fs::File::open(path)
                    .await
                    .map_err(|e| Error::validation("file", "cannot be opened").with_source(e))?;
                let len = inspected.len.unwrap_or(0);
                let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::with_capacity(
                    file,
                    64 * 1024,
                ));
                reqwest::multipart::Part::stream_with_length(body, len)
            }
            Source::Bytes(b) => reqwest::multipart::Part::stream_with_length(
                reqwest::Body::from(b.clone()),
                b.len() as u64,
            ),
            Source::Reader { reader, len } => {
                let Some(r) = reader.lock().unwrap_or_else(|e| e.into_inner()).take() else {
                    return Err(Error::validation(
                        "file",
                        "was already consumed: a reader can be uploaded once",
                    ));
                };
                let rest = LimitedReader {
                    inner: r,
                    remaining: limit,
                    field: inspected.field.clone(),
                    limit,
                };
                let field = inspected.field.clone();
                // A failure travels through reqwest and hyper as a `Failure`, which the
                // driver returns as it is (`error::from_reqwest`): the caller sees why the
                // stream stopped, not a transport error.
                let stream = futures_util::TryStreamExt::map_err(
                    tokio_util::io::ReaderStream::with_capacity(rest, 64 * 1024),
                    move |e| -> Box<dyn std::error::Error + Send + Sync> {
                        Box::new(stream_failure(&field, e))
                    },
                );
                let body = reqwest::Body::wrap_stream(stream);
                match len {
                    Some(l) => reqwest::multipart::Part::stream_with_length(body, *l),
                    None => reqwest::multipart::Part::stream(body),
                }
            }
        };
        part.file_name(name)
            .mime_str(inspected.kind.mime())
            .map_err(|e| Error::configuration("invalid MIME type").with_source(e))
    }
}

/// Reads the magic bytes and the dimensions of an image file (blocking; run off the runtime).
fn inspect_file(field: &str, path: &Path) -> Result<FileKind, Error> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)
        .map_err(|e| Error::validation(field, "cannot be opened").with_source(e))?;
    let mut magic = [0u8; 8];
    let n = file
        .read(&mut magic)
        .map_err(|e| Error::validation(field, "cannot be read").with_source(e))?;
    let kind = validate::image_kind(field, &magic[..n])?;
    // imagesize reads only as far as the header.
    validate::header_size(field, imagesize::size(path))?;
    Ok(kind)
}

/// A reader's error as the caller sees it: a local-file error naming the argument.
fn reader_failed(field: &str, e: std::io::Error) -> Error {
    Error::new(ErrorKind::LocalFile)
        .with_detail(format!("{field}: the reader failed"))
        .with_source(e)
}

/// A streaming error as a [`Failure`]: the one [`LimitedReader`] raised (an upload past the
/// limit), or the reader's own error as [`reader_failed`].
fn stream_failure(field: &str, e: std::io::Error) -> Failure {
    if !e.get_ref().is_some_and(|inner| inner.is::<Failure>()) {
        return Failure::new(reader_failed(field, e));
    }
    match e.into_inner().map(|inner| inner.downcast::<Failure>()) {
        Some(Ok(failure)) => *failure,
        _ => Failure::new(
            Error::new(ErrorKind::LocalFile).with_detail(format!("{field}: the reader failed")),
        ),
    }
}

/// What inspection found.
pub(crate) struct Inspected {
    /// The argument the source was given as (`front`, `file`), for errors while streaming.
    field: String,
    pub(crate) kind: FileKind,
    pub(crate) len: Option<u64>,
}

/// Fails the stream once more than `remaining` bytes were read (a reader of unknown length),
/// with a validation error naming the argument.
struct LimitedReader {
    inner: Box<dyn AsyncRead + Send + Unpin>,
    remaining: u64,
    field: String,
    limit: u64,
}

impl AsyncRead for LimitedReader {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let poll = std::pin::Pin::new(&mut self.inner).poll_read(cx, buf);
        if let std::task::Poll::Ready(Ok(())) = &poll {
            let read = (buf.filled().len() - before) as u64;
            if read > self.remaining {
                let error = Error::validation(
                    self.field.clone(),
                    format!("is larger than the upload limit of {} bytes", self.limit),
                );
                return std::task::Poll::Ready(Err(std::io::Error::other(Failure::new(error))));
            }
            self.remaining -= read;
        }
        poll
    }
}

impl fmt::Debug for ImageSource {
    /// Paths are not shown: file names often carry a person's name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Path(_) => f.write_str("ImageSource::Path(<redacted>)"),
            Source::Bytes(b) => write!(f, "ImageSource::Bytes({} bytes)", b.len()),
            Source::Reader { len, .. } => write!(f, "ImageSource::Reader(len: {len:?})"),
        }
    }
}

impl From<&Path> for ImageSource {
    fn from(p: &Path) -> Self {
        Self::path(p)
    }
}

impl From<PathBuf> for ImageSource {
    fn from(p: PathBuf) -> Self {
        Self::path(p)
    }
}

impl From<Vec<u8>> for ImageSource {
    fn from(b: Vec<u8>) -> Self {
        Self::bytes(b)
    }
}

impl From<Bytes> for ImageSource {
    fn from(b: Bytes) -> Self {
        Self::bytes(b)
    }
}

impl From<&'static [u8]> for ImageSource {
    fn from(b: &'static [u8]) -> Self {
        Self::bytes(Bytes::from_static(b))
    }
}
