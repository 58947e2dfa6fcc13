//! Retry-After values: any text is a bounded wait or none, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(wait) = jumio_kyx::error::parse_retry_after(text) {
        assert!(wait <= jumio_kyx::error::MAX_RETRY_AFTER);
    }
});
