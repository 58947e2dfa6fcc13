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
    /// The server answered with a body the client cannot read (not the documented shape, or
    /// larger than the client's limit).
    InvalidResponse,
    /// The server answered with a redirect (3xx). Redirects are never followed: the request
    /// carries credentials and personal data, which must not travel to a host the client was not
    /// configured for. [`Error::detail`] names the status and the host it pointed at.
    Redirect,
    /// A data-migration error, by its documented message.
    Migration(MigrationError),
    /// A local file could not be read or written (saving a download, reading an upload's path):
    /// nothing about the server. [`Error::detail`] says which.
    LocalFile,
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
            Self::Redirect => "redirect",
            Self::Migration(_) => "migration",
            Self::LocalFile => "local_file",
        }
    }

    /// The name of the exception class the Python and Node packages raise for this kind
    /// (`ValidationError`, …); [`ErrorKind::CLASSES`] lists them all.
    pub fn class_name(&self) -> &'static str {
        // A match, so that a new kind cannot be added without its class.
        match self {
            Self::Configuration => "ConfigurationError",
            Self::Validation => "ValidationError",
            Self::Authentication => "AuthenticationError",
            Self::NotFound => "NotFoundError",
            Self::RateLimited => "RateLimitError",
            Self::Server => "ServerError",
            Self::UnexpectedStatus => "UnexpectedStatusError",
            Self::Transport => "TransportError",
            Self::Timeout => "TimeoutError",
            Self::InvalidResponse => "InvalidResponseError",
            Self::Redirect => "RedirectError",
            Self::Migration(_) => "MigrationError",
            Self::LocalFile => "LocalFileError",
        }
    }

    /// Every kind's [`code`](Self::code) with its exception class in the Python and Node
    /// packages. Both packages generate their classes from the spec's `x-kyx-error-kinds`, which
    /// lists the same pairs in the same order (a test compares them), and their tests check the
    /// classes against this list.
    pub const CLASSES: [(&'static str, &'static str); 13] = [
        ("configuration", "ConfigurationError"),
        ("validation", "ValidationError"),
        ("authentication", "AuthenticationError"),
        ("not_found", "NotFoundError"),
        ("rate_limited", "RateLimitError"),
        ("server", "ServerError"),
        ("unexpected_status", "UnexpectedStatusError"),
        ("transport", "TransportError"),
        ("timeout", "TimeoutError"),
        ("invalid_response", "InvalidResponseError"),
        ("redirect", "RedirectError"),
        ("migration", "MigrationError"),
        ("local_file", "LocalFileError"),
    ];
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
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|h| headers.get(*h)?.to_str().ok().map(|v| server_text(v, 128)))
}

pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    parse_retry_after(headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?)
}

/// Reads a `Retry-After` value: delay seconds or an HTTP date (RFC 9110 §10.2.3). A date in the
/// past is no wait; anything longer than [`MAX_RETRY_AFTER`] is read as that; anything else is
/// `None`. Never panics, whatever the server sent.
///
/// ```
/// use std::time::Duration;
/// use jumio_kyx::error::parse_retry_after;
/// assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
/// assert_eq!(parse_retry_after("99999999999999999999"), Some(jumio_kyx::error::MAX_RETRY_AFTER));
/// assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
/// assert_eq!(parse_retry_after("-1"), None);
/// ```
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // All digits: a number too long for u64 is still a (very long) delay.
        let secs = v.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs.min(MAX_RETRY_AFTER.as_secs())));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO).min(MAX_RETRY_AFTER))
}

/// Text a server sent, made safe to show: control characters (terminal escapes, newlines,
/// bidirectional overrides) are escaped as `\u{..}` and the result is cut at `max_chars`
/// characters (`…` marks the cut).
///
/// ```
/// use jumio_kyx::error::server_text;
/// assert_eq!(server_text("bad\x1b[31mred", 100), "bad\\u{1b}[31mred");
/// assert_eq!(server_text("abcdef", 3), "abc…");
/// ```
pub fn server_text(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars + 8));
    let mut shown = 0usize;
    for c in text.chars() {
        let escaped = c.is_control() || is_format_control(c);
        let width = if escaped {
            c.escape_unicode().count()
        } else {
            1
        };
        if shown + width > max_chars {
            out.push('…');
            break;
        }
        if escaped {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
        shown += width;
    }
    out
}

/// Invisible characters that reorder or hide text in a terminal (bidirectional controls, zero
/// width characters), which `char::is_control` does not cover.
fn is_format_control(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// The `title` and `detail` of a problem document, or `None` when the body is not one (not a
/// JSON object). Fields of another type than string are ignored.
fn problem_text(body: &[u8]) -> Option<(Option<String>, Option<String>)> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    let text = |k: &str| object.get(k).and_then(|v| v.as_str()).map(String::from);
    Some((text("title"), text("detail")))
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

/// A transport-level failure of reqwest, classified. The URL (it carries ids) is kept out. An
/// answer the response screen refused (`response.rs`) arrives here as a body error carrying its
/// [`Failure`], which is returned as it is.
pub(crate) fn from_reqwest(e: reqwest::Error) -> Error {
    if let Some(failure) = Failure::find(&e) {
        return failure;
    }
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
    if let Some(status) = e.status() {
        error.0.status = Some(status.as_u16());
    }
    error.with_source(e.without_url())
}

/// Converts an error of the generated layer for an operation whose success body is a `T`: a body
/// that does not parse is described by its path and the expected type, never its value.
pub(crate) fn from_generated<T: serde::de::DeserializeOwned>(
    e: progenitor_client::Error<Problem>,
) -> Error {
    use progenitor_client::Error as G;
    match e {
        G::InvalidRequest(m) => Error::new(ErrorKind::Validation).with_detail(m),
        G::CommunicationError(e) | G::ResponseBodyError(e) | G::InvalidUpgrade(e) => {
            from_reqwest(e)
        }
        G::ErrorResponse(rv) => {
            let status = rv.status().as_u16();
            let headers = rv.headers().clone();
            Error::from_problem(status, &headers, Some(rv.into_inner()))
        }
        G::InvalidResponsePayload(bytes, _) => {
            Error::new(ErrorKind::InvalidResponse).with_detail(format!(
                "the response body does not match the API description: {}",
                json_shape_error::<T>(&bytes)
            ))
        }
        G::UnexpectedResponse(r) => match Failure::take_from(r.extensions()) {
            Some(failure) => failure,
            None => Error::from_problem(r.status().as_u16(), r.headers(), None),
        },
        G::Custom(m) => Error::new(ErrorKind::Transport).with_detail(m),
    }
}

/// Where and why `bytes` are not a `T`, without quoting any value of the body.
pub(crate) fn json_shape_error<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> String {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => match json_path(e.path()) {
            Some(path) => format!("at {path}: {}", describe_json_error(e.inner())),
            None => describe_json_error(e.inner()),
        },
        Ok(_) => match de.end() {
            Err(e) => describe_json_error(&e),
            Ok(()) => "it could not be read".into(),
        },
    }
}

/// A JSON value as a `T` (a request body handed over as JSON); when it is not one, where (the
/// field path, if any) and why, without quoting the value.
pub(crate) fn from_json_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, (Option<String>, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = json_path(e.path());
        // A missing field is reported at its parent; name the field itself.
        let message = e.inner().to_string();
        if let Some(name) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            path = Some(match path {
                Some(parent) => format!("{parent}.{name}"),
                None => name.to_string(),
            });
        }
        (path, describe_json_error(e.inner()))
    })
}

/// A serde path as `workflowExecution.credentials[0].id`; `None` at the top level.
fn json_path(path: &serde_path_to_error::Path) -> Option<String> {
    let text = path.to_string();
    (!text.is_empty() && text != ".").then_some(text)
}

/// Why a serde_json error happened, keeping only what serde knows of the *types*: `expected a
/// string, found an integer`. serde's own messages quote the value (`invalid type: integer
/// `123456789``), which may be a document number; they are rebuilt from a list of known shapes,
/// and anything else becomes `is not valid`.
pub(crate) fn describe_json_error(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    if e.is_syntax() || e.is_eof() {
        format!(
            "it is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        )
    } else if let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
    {
        match rest.rsplit_once(", expected ") {
            Some((found, expected)) => format!(
                "expected {}, found {}",
                safe_expectation(expected),
                value_kind(found)
            ),
            None => "is not valid".into(),
        }
    } else if let Some(rest) = message.strip_prefix("invalid length ") {
        match rest.split_once(", expected ") {
            Some((n, expected)) if n.bytes().all(|b| b.is_ascii_digit()) => {
                format!("has {n} elements, expected {}", safe_expectation(expected))
            }
            _ => "has the wrong length".into(),
        }
    } else if message.starts_with("unknown variant ") {
        "is not one of the values this field takes".into()
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        format!("is missing the field `{}`", rest.trim_end_matches('`'))
    } else if message.starts_with("unknown field ") {
        "is not a field of this object".into()
    } else if message.starts_with("duplicate field ") {
        "has a field twice".into()
    } else if message == "must be a number of seconds" {
        message.into()
    } else {
        "is not valid".into()
    }
}

/// The kind of value serde found (`integer `5``, `string "x"`), without the value.
fn value_kind(found: &str) -> &'static str {
    const KINDS: [(&str, &str); 14] = [
        ("boolean", "a boolean"),
        ("integer", "an integer"),
        ("floating point", "a number"),
        ("character", "a character"),
        ("string", "a string"),
        ("byte array", "bytes"),
        ("unit", "null"),
        ("null", "null"),
        ("Option value", "an optional value"),
        ("sequence", "an array"),
        ("map", "an object"),
        ("enum", "an enum"),
        ("newtype", "a value"),
        ("struct", "an object"),
    ];
    KINDS
        .iter()
        .find(|(prefix, _)| found.starts_with(prefix))
        .map_or("another kind of value", |(_, kind)| kind)
}

/// serde's "expected …" text comes from the type being read (`a string`, `u32`, `struct
/// AccountRequest`); it is shown only when it is short and made of plain words.
fn safe_expectation(expected: &str) -> String {
    let plain = expected.len() <= 80
        && expected
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " -_`,.()".contains(c));
    if plain {
        expected.to_string()
    } else {
        "another kind of value".into()
    }
}

/// An answer that the response screen (`response.rs`) refused, on its way through the
/// generated layer: carried both as the error of the response body (which the generated code
/// reads for 4xx/5xx) and as a response extension (for statuses it hands back unread), and
/// taken out exactly once by [`from_generated`] or [`from_reqwest`].
#[derive(Clone)]
pub(crate) struct Failure(std::sync::Arc<std::sync::Mutex<Option<Error>>>);

impl Failure {
    pub(crate) fn new(error: Error) -> Self {
        Self(std::sync::Arc::new(std::sync::Mutex::new(Some(error))))
    }

    fn take(&self) -> Option<Error> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    fn take_from(extensions: &http::Extensions) -> Option<Error> {
        extensions.get::<Failure>().and_then(Failure::take)
    }

    /// The failure somewhere in an error's source chain.
    fn find(e: &(dyn std::error::Error + 'static)) -> Option<Error> {
        let mut next = Some(e);
        while let Some(e) = next {
            if let Some(f) = e.downcast_ref::<Failure>() {
                return f.take();
            }
            next = e.source();
        }
        None
    }
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Failure")
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(e) => write!(f, "{e}"),
            None => f.write_str("the answer was refused"),
        }
    }
}

impl std::error::Error for Failure {}

#[cfg(test)]
mod tests {
    #[test]
    fn the_class_list_names_every_kind_as_class_name_does() {
        let kinds = [
            ErrorKind::Configuration,
            ErrorKind::Validation,
            ErrorKind::Authentication,
            ErrorKind::NotFound,
            ErrorKind::RateLimited,
            ErrorKind::Server,
            ErrorKind::UnexpectedStatus,
            ErrorKind::Transport,
            ErrorKind::Timeout,
            ErrorKind::InvalidResponse,
            ErrorKind::Redirect,
            ErrorKind::Migration(MigrationError::WipedOut),
            ErrorKind::LocalFile,
        ];
        assert_eq!(kinds.len(), ErrorKind::CLASSES.len());
        for k in &kinds {
            assert!(
                ErrorKind::CLASSES.contains(&(k.code(), k.class_name())),
                "{k:?}"
            );
        }
    }

    use super::*;

    #[test]
    fn the_class_list_is_the_specs_table_of_error_kinds() {
        // The bindings generate their exception classes from the spec's table: it must name
        // exactly the core's kinds, with the same classes, in the same order.
        let spec: serde_yaml::Value = serde_yaml::from_str(crate::SPEC).expect("the spec parses");
        let table: Vec<(&str, &str)> = spec["x-kyx-error-kinds"]
            .as_sequence()
            .expect("the spec has x-kyx-error-kinds")
            .iter()
            .map(|k| {
                let code = k["code"].as_str().expect("every error kind has a code");
                let class = k["class"].as_str().expect("every error kind has a class");
                assert!(
                    k["summary"].as_str().is_some_and(|s| !s.trim().is_empty()),
                    "{code} has a summary"
                );
                (code, class)
            })
            .collect();
        assert_eq!(table, ErrorKind::CLASSES.to_vec());
    }

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
