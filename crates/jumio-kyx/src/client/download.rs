//! [`Download`]: a part's bytes, streamed into memory or a file.

use std::fmt;

use progenitor_client::ResponseValue;

use crate::ByteStream;
use crate::error::{self, Error, ErrorKind};

/// The bytes of a downloaded part, streamed.
pub struct Download {
    pub(super) content_type: Option<String>,
    pub(super) content_length: Option<u64>,
    pub(super) stream: ByteStream,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl Download {
    pub(super) fn from_response(rv: ResponseValue<ByteStream>) -> Self {
        let header = |name: reqwest::header::HeaderName| {
            rv.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(String::from)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let content_length = header(reqwest::header::CONTENT_LENGTH).and_then(|v| v.parse().ok());
        Download {
            content_type,
            content_length,
            stream: rv.into_inner(),
        }
    }

    /// The Content-Type the server sent (`image/jpeg`, `image/png`, …).
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The Content-Length the server sent.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The body as a stream of chunks.
    pub fn into_stream(self) -> ByteStream {
        self.stream
    }

    /// Reads the whole body into memory.
    pub async fn bytes(self) -> Result<bytes::Bytes, Error> {
        use futures_util::TryStreamExt;
        let chunks: Vec<bytes::Bytes> = self
            .stream
            .into_inner()
            .try_collect()
            .await
            .map_err(error::from_reqwest)?;
        Ok(chunks.concat().into())
    }

    /// The next chunk of the body, `None` at its end (the blocking reader reads through it).
    #[cfg(feature = "blocking")]
    pub(crate) async fn next_chunk(&mut self) -> Option<Result<bytes::Bytes, Error>> {
        use futures_util::StreamExt;
        let chunk = self.stream.next().await?;
        Some(chunk.map_err(error::from_reqwest))
    }

    /// Puts bytes read with [`Download::next_chunk`] back in front of the rest of the body.
    #[cfg(feature = "blocking")]
    pub(crate) fn unread(&mut self, chunk: bytes::Bytes) {
        use futures_util::StreamExt;
        if chunk.is_empty() {
            return;
        }
        let rest = std::mem::replace(
            &mut self.stream,
            ByteStream::new(Box::pin(futures_util::stream::empty())),
        );
        let first = futures_util::stream::once(std::future::ready(Ok::<_, reqwest::Error>(chunk)));
        self.stream = ByteStream::new(Box::pin(first.chain(rest.into_inner())));
    }

    /// Streams the body into a file (created or truncated); returns the number of bytes written.
    /// A file that cannot be created or written is an [`ErrorKind::LocalFile`] error.
    pub async fn save(self, path: impl AsRef<std::path::Path>) -> Result<u64, Error> {
        use futures_util::StreamExt;
        use tokio::io::AsyncWriteExt;
        let mut file = tokio::fs::File::create(path.as_ref()).await.map_err(|e| {
            Error::new(ErrorKind::LocalFile)
                .with_detail("the file cannot be created")
                .with_source(e)
        })?;
        let mut stream = self.stream.into_inner();
        let mut written = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(error::from_reqwest)?;
            file.write_all(&chunk).await.map_err(|e| {
                Error::new(ErrorKind::LocalFile)
                    .with_detail("the file cannot be written")
                    .with_source(e)
            })?;
            written += chunk.len() as u64;
        }
        file.flush().await.map_err(|e| {
            Error::new(ErrorKind::LocalFile)
                .with_detail("the file cannot be written")
                .with_source(e)
        })?;
        Ok(written)
    }
}
