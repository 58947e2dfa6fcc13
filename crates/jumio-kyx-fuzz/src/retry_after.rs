//! Retry-After values: any text is a bounded wait or none, never a panic.

/// One input: returns normally, or panics on a broken promise.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(wait) = jumio_kyx::error::parse_retry_after(text) {
        assert!(wait <= jumio_kyx::error::MAX_RETRY_AFTER);
    }
}
