//! What an error takes from an answer's headers: the server's request id, and `Retry-After`.

use std::time::Duration;

use super::{MAX_RETRY_AFTER, server_text};

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
