//! The one error type of the client.
//!
//! Every failure is an [`Error`] with an [`ErrorKind`], the HTTP status when there was one, the
//! problem `title` and `detail` the server sent, the server's request or tracking id, and
//! [`Error::is_retryable`]. Its `Display` and `Debug` never contain a secret or a value the
//! caller sent: pre-flight errors name the field and the rule, never the value.
//!
//! ```
//! use jumio_kyx::{Error, ErrorKind};
//! let e = Error::validation("customerInternalReference", "is longer than 100 characters");
//! assert_eq!(e.kind(), &ErrorKind::Validation);
//! assert_eq!(e.field(), Some("customerInternalReference"));
//! assert!(!e.is_retryable());
//! assert_eq!(e.to_string(), "invalid customerInternalReference: is longer than 100 characters");
//! ```

use std::fmt;
use std::time::Duration;

use crate::types::Problem;

mod conversions;
mod failure;
mod headers;
mod kind;
mod migration;
pub(crate) mod serde_messages;
mod text;

pub(crate) use conversions::{REQUEST_TIMED_OUT, from_generated, from_reqwest};
pub(crate) use failure::Failure;
pub use headers::parse_retry_after;
pub(crate) use headers::{request_id, retry_after};
pub use kind::ErrorKind;
pub use migration::MigrationError;
use migration::bracketed;
pub(crate) use serde_messages::json_shape_error;
use text::problem_text;
pub use text::server_text;

/// An error of the KYX client. (Boxed, so that results stay small.)
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    operation: Option<&'static str>,
    status: Option<u16>,
    title: Option<String>,
    detail: Option<String>,
    field: Option<String>,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    scan_references: Vec<String>,
    body: Option<String>,
    never_sent: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// Longest server text (a problem's `title` or `detail`) an error keeps, in characters.
pub const MAX_SERVER_TEXT_CHARS: usize = 1000;
/// Longest excerpt of an error body that is not a problem document, in characters.
pub const MAX_BODY_EXCERPT_CHARS: usize = 2048;
/// Longest `Retry-After` the client believes (a server's hour-long wait is read as a day at most).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(86_400);

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self(Box::new(Inner {
            kind,
            operation: None,
            status: None,
            title: None,
            detail: None,
            field: None,
            request_id: None,
            retry_after: None,
            scan_references: Vec::new(),
            body: None,
            never_sent: false,
            source: None,
        }))
    }

    /// A pre-flight validation error: `field` broke `rule`. Never put the value in `rule`.
    pub fn validation(field: impl Into<String>, rule: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorKind::Validation);
        e.0.field = Some(field.into());
        e.0.detail = Some(rule.into());
        e
    }

    /// A configuration error.
    pub fn configuration(detail: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorKind::Configuration);
        e.0.detail = Some(detail.into());
        e
    }

    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.0.detail = Some(detail.into());
        self
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.0.source = Some(Box::new(source));
        self
    }

    pub(crate) fn with_operation(mut self, op: &'static str) -> Self {
        self.0.operation.get_or_insert(op);
        self
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.0.status = Some(status);
        self
    }

    /// An error answer of the server, whatever its body: the status decides the kind (and so
    /// retries and token refresh); a problem document adds its `title` and `detail`; any other
    /// body is kept, bounded, as [`Error::body`].
    pub(crate) fn from_response(
        status: u16,
        headers: &reqwest::header::HeaderMap,
        body: &[u8],
    ) -> Self {
        match problem_text(body) {
            Some((title, detail)) => Self::from_parts(status, headers, title, detail),
            None => {
                let mut e = Self::from_parts(status, headers, None, None);
                if !body.is_empty() {
                    let content_type = headers
                        .get(reqwest::header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.split(';').next())
                        .map(|v| server_text(v.trim(), 100))
                        .filter(|v| !v.is_empty())
                        .unwrap_or_else(|| "untyped".into());
                    e.0.detail = Some(format!(
                        "the server sent a {content_type} body of {} bytes, not a problem document",
                        body.len()
                    ));
                    e.0.body = Some(server_text(
                        &String::from_utf8_lossy(body),
                        MAX_BODY_EXCERPT_CHARS,
                    ));
                }
                e
            }
        }
    }

    /// An error answer whose problem document the generated layer already parsed.
    pub(crate) fn from_problem(
        status: u16,
        headers: &reqwest::header::HeaderMap,
        problem: Option<Problem>,
    ) -> Self {
        let (title, detail) = problem.map(|p| (p.title, p.detail)).unwrap_or_default();
        Self::from_parts(status, headers, title, detail)
    }

    fn from_parts(
        status: u16,
        headers: &reqwest::header::HeaderMap,
        title: Option<String>,
        detail: Option<String>,
    ) -> Self {
        let detail = detail.map(|d| server_text(&d, MAX_SERVER_TEXT_CHARS));
        let migration = detail.as_deref().and_then(MigrationError::from_message);
        let kind = match (status, migration) {
            (_, Some(m)) => ErrorKind::Migration(m),
            (300..=399, _) => ErrorKind::Redirect,
            (400 | 409 | 413 | 415 | 422, _) => ErrorKind::Validation,
            (401 | 403, _) => ErrorKind::Authentication,
            (404 | 410, _) => ErrorKind::NotFound,
            (429, _) => ErrorKind::RateLimited,
            (500..=599, _) => ErrorKind::Server,
            _ => ErrorKind::UnexpectedStatus,
        };
        let mut e = Self::new(kind);
        e.0.status = Some(status);
        e.0.title = title.map(|t| server_text(&t, MAX_SERVER_TEXT_CHARS));
        e.0.scan_references = detail.as_deref().map(bracketed).unwrap_or_default();
        e.0.detail = detail;
        e.0.request_id = request_id(headers);
        e.0.retry_after = retry_after(headers);
        e
    }

    /// The kind of failure.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The spec operation that failed (`createAccount`), when the error comes from a call.
    pub fn operation(&self) -> Option<&str> {
        self.0.operation
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// The problem's `title`.
    pub fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }

    /// The problem's `detail`, or the rule a pre-flight check found broken.
    pub fn detail(&self) -> Option<&str> {
        self.0.detail.as_deref()
    }

    /// The request field a validation error is about.
    pub fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// The server's request or tracking id (`X-Request-Id`, `X-Trackingid`, …), for support.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// How long the server asked to wait (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.0.retry_after
    }

    /// The scan references a migration error names.
    pub fn scan_references(&self) -> &[String] {
        &self.0.scan_references
    }

    /// The start of an error body that was not a problem document (an HTML gateway page, say),
    /// for diagnostics: at most [`MAX_BODY_EXCERPT_CHARS`] characters, control characters
    /// escaped. Never part of `Display` or `Debug`.
    pub fn body(&self) -> Option<&str> {
        self.0.body.as_deref()
    }

    /// Whether trying again later may succeed: rate limits, server failures (500, 502, 503, 504),
    /// transport failures and timeouts.
    pub fn is_retryable(&self) -> bool {
        match self.0.kind {
            ErrorKind::RateLimited | ErrorKind::Transport | ErrorKind::Timeout => true,
            ErrorKind::Server => matches!(self.0.status, Some(500 | 502 | 503 | 504) | None),
            _ => false,
        }
    }

    /// Whether the request provably never reached the server (the connection could not be made),
    /// so that even a non-idempotent request may be repeated.
    pub fn never_sent(&self) -> bool {
        self.0.never_sent
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(field) = &self.0.field {
            write!(
                f,
                "invalid {field}: {}",
                self.0.detail.as_deref().unwrap_or("is invalid")
            )?;
            return Ok(());
        }
        if let Some(op) = self.0.operation {
            write!(f, "{op}: ")?;
        }
        let what = match &self.0.kind {
            ErrorKind::Configuration => "configuration error",
            ErrorKind::Validation => "request refused",
            ErrorKind::Authentication => "authentication failed",
            ErrorKind::NotFound => "not found",
            ErrorKind::RateLimited => "rate limited",
            ErrorKind::Server => "server error",
            ErrorKind::UnexpectedStatus => "unexpected status",
            ErrorKind::Transport => "transport error",
            ErrorKind::Timeout => "timed out",
            ErrorKind::InvalidResponse => "invalid response",
            ErrorKind::Redirect => "redirect refused",
            ErrorKind::Migration(_) => "migration refused",
            ErrorKind::LocalFile => "local file error",
        };
        f.write_str(what)?;
        if let Some(s) = self.0.status {
            write!(f, " (HTTP {s}")?;
            if let Some(t) = &self.0.title {
                write!(f, " {t}")?;
            }
            f.write_str(")")?;
        }
        if let Some(d) = &self.0.detail {
            write!(f, ": {d}")?;
        }
        if let Some(id) = &self.0.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("operation", &self.0.operation)
            .field("status", &self.0.status)
            .field("title", &self.0.title)
            .field("detail", &self.0.detail)
            .field("field", &self.0.field)
            .field("request_id", &self.0.request_id)
            .field("retry_after", &self.0.retry_after)
            .finish_non_exhaustive()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
