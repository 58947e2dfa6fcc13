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

/// What kind of failure an [`Error`] is.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The client is misconfigured (no User-Agent, a plain `http://` base URL, …). Nothing was sent.
    Configuration,
    /// Input the client or the server refused (pre-flight checks, HTTP 400). Pre-flight errors
    /// name the [`Error::field`]; nothing was sent.
    Validation,
    /// Missing, invalid or expired credentials (401), or credentials that do not authorize the
    /// call (403).
    Authentication,
    /// The resource does not exist or was deleted (404).
    NotFound,
    /// Too many requests (429); [`Error::retry_after`] says how long to wait.
    RateLimited,
    /// The platform failed (5xx).
    Server,
    /// Another HTTP status the client did not expect.
    UnexpectedStatus,
    /// The request did not complete at the network level (connection refused or reset, DNS, TLS).
    Transport,
    /// The request or the overall deadline timed out.
    Timeout,
    /// The server answered with a body the client cannot read.
    InvalidResponse,
    /// A data-migration error, by its documented message.
    Migration(MigrationError),
}

impl ErrorKind {
    /// A stable snake_case name (`validation`, `not_found`, `migration`, …), as the Python and
    /// Node packages report it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Configuration => "configuration",
            Self::Validation => "validation",
            Self::Authentication => "authentication",
            Self::NotFound => "not_found",
            Self::RateLimited => "rate_limited",
            Self::Server => "server",
            Self::UnexpectedStatus => "unexpected_status",
            Self::Transport => "transport",
            Self::Timeout => "timeout",
            Self::InvalidResponse => "invalid_response",
            Self::Migration(_) => "migration",
        }
    }
}

/// The documented data-migration errors.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MigrationError {
    /// `Scans [..] are wiped out`: the scans were deleted.
    WipedOut,
    /// `Account [..] not found`.
    AccountNotFound,
    /// `Scan references [..] not found`.
    ScanNotFound,
    /// `Scans [..] not in final state`: not processed yet.
    NotInFinalState,
    /// `Scan references [..] already migrated`.
    AlreadyMigrated,
    /// `Scan references [..] are in progress or already migrated`.
    InProgressOrAlreadyMigrated,
    /// The authentication-migration preconditions are not met (APPROVED_VERIFIED, validity TRUE,
    /// similarity MATCH).
    AuthenticationPreconditions,
}

impl MigrationError {
    /// A stable snake_case name (`already_migrated`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Self::WipedOut => "wiped_out",
            Self::AccountNotFound => "account_not_found",
            Self::ScanNotFound => "scan_not_found",
            Self::NotInFinalState => "not_in_final_state",
            Self::AlreadyMigrated => "already_migrated",
            Self::InProgressOrAlreadyMigrated => "in_progress_or_already_migrated",
            Self::AuthenticationPreconditions => "authentication_preconditions",
        }
    }

    /// Recognizes a documented message; `None` for anything else.
    pub fn from_message(message: &str) -> Option<Self> {
        let m = message.trim();
        Some(
            if m.starts_with("Scans [") && m.ends_with("are wiped out") {
                Self::WipedOut
            } else if m.starts_with("Account [") && m.ends_with("not found") {
                Self::AccountNotFound
            } else if m.starts_with("Scan references [")
                && m.ends_with("are in progress or already migrated")
            {
                Self::InProgressOrAlreadyMigrated
            } else if m.starts_with("Scan references [") && m.ends_with("already migrated") {
                Self::AlreadyMigrated
            } else if m.starts_with("Scan references [") && m.ends_with("not found") {
                Self::ScanNotFound
            } else if m.starts_with("Scans [") && m.ends_with("not in final state") {
                Self::NotInFinalState
            } else if m.starts_with("Scans [")
                && m.contains("authentication migration preconditions")
            {
                Self::AuthenticationPreconditions
            } else {
                return None;
            },
        )
    }
}

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
    never_sent: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

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

    /// An error answer of the server.
    pub(crate) fn from_response(
        status: u16,
        headers: &reqwest::header::HeaderMap,
        problem: Option<Problem>,
    ) -> Self {
        let detail = problem.as_ref().and_then(|p| p.detail.clone());
        let migration = detail.as_deref().and_then(MigrationError::from_message);
        let kind = match (status, migration) {
            (_, Some(m)) => ErrorKind::Migration(m),
            (400 | 409 | 413 | 415 | 422, _) => ErrorKind::Validation,
            (401 | 403, _) => ErrorKind::Authentication,
            (404 | 410, _) => ErrorKind::NotFound,
            (429, _) => ErrorKind::RateLimited,
            (500..=599, _) => ErrorKind::Server,
            _ => ErrorKind::UnexpectedStatus,
        };
        let mut e = Self::new(kind);
        e.0.status = Some(status);
        e.0.title = problem.as_ref().and_then(|p| p.title.clone());
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

/// The scan references inside the first `[...]` of a migration message.
fn bracketed(message: &str) -> Vec<String> {
    let Some(open) = message.find('[') else {
        return Vec::new();
    };
    let Some(close) = message[open..].find(']') else {
        return Vec::new();
    };
    message[open + 1..open + close]
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

const REQUEST_ID_HEADERS: [&str; 4] = [
    "x-request-id",
    "x-trackingid",
    "x-tracking-id",
    "x-amzn-requestid",
];

pub(crate) fn request_id(headers: &reqwest::header::HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|h| {
        headers
            .get(*h)?
            .to_str()
            .ok()
            .map(|v| v.chars().take(128).collect())
    })
}

pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let v = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    (at.with_timezone(&chrono::Utc) - chrono::Utc::now())
        .to_std()
        .ok()
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
            ErrorKind::Migration(_) => "migration refused",
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

/// A transport-level failure of reqwest, classified. The URL (it carries ids) is kept out.
pub(crate) fn from_reqwest(e: reqwest::Error) -> Error {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else if e.is_decode() {
        ErrorKind::InvalidResponse
    } else if e.is_builder() {
        ErrorKind::Configuration
    } else {
        ErrorKind::Transport
    };
    let detail = if e.is_connect() {
        "could not connect"
    } else if e.is_timeout() {
        "the request timed out"
    } else if e.is_body() || e.is_decode() {
        "the response body could not be read"
    } else {
        "the request failed"
    };
    let mut error = Error::new(kind).with_detail(detail);
    error.0.never_sent = e.is_connect();
    error.with_source(e.without_url())
}

/// Converts an error of the generated client.
pub(crate) fn from_generated(e: progenitor_client::Error<Problem>) -> Error {
    use progenitor_client::Error as G;
    match e {
        G::InvalidRequest(m) => Error::new(ErrorKind::Validation).with_detail(m),
        G::CommunicationError(e) => from_reqwest(e),
        G::ErrorResponse(rv) => {
            let status = rv.status().as_u16();
            let headers = rv.headers().clone();
            Error::from_response(status, &headers, Some(rv.into_inner()))
        }
        G::InvalidResponsePayload(_, e) => Error::new(ErrorKind::InvalidResponse)
            .with_detail("the response body does not match the API description")
            .with_source(e),
        G::UnexpectedResponse(r) => Error::from_response(r.status().as_u16(), r.headers(), None),
        G::ResponseBodyError(e) => from_reqwest(e),
        G::InvalidUpgrade(e) => from_reqwest(e),
        G::Custom(m) => Error::new(ErrorKind::Transport).with_detail(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_messages_are_recognized_with_their_references() {
        let cases = [
            ("Scans [a, b] are wiped out", MigrationError::WipedOut),
            ("Account [x] not found", MigrationError::AccountNotFound),
            (
                "Scan references [a] not found",
                MigrationError::ScanNotFound,
            ),
            (
                "Scans [a] not in final state",
                MigrationError::NotInFinalState,
            ),
            (
                "Scan references [a] already migrated",
                MigrationError::AlreadyMigrated,
            ),
            (
                "Scan references [a] are in progress or already migrated",
                MigrationError::InProgressOrAlreadyMigrated,
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(
                MigrationError::from_message(message),
                Some(expected),
                "{message}"
            );
        }
        assert_eq!(bracketed("Scans [a, b] are wiped out"), ["a", "b"]);
        assert_eq!(MigrationError::from_message("something else"), None);
    }
}
