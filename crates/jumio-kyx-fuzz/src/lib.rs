//! The fuzz targets' checks, one module per target, callable from two places:
//!
//! * libFuzzer, through `fuzz_targets/<target>.rs` (`cargo xtask fuzz`, an instrumented build
//!   with the `libfuzzer` feature, in its own target directory);
//! * `cargo test` (`tests/replay.rs`), which runs every target over its seeds, its committed
//!   regressions and whatever local corpus and crash inputs a past fuzzing run left, with no
//!   instrumentation: the promises are checked on every test run, and fuzzing stays a long job.
//!
//! Each `check` returns normally or panics on a broken promise.

pub mod callbacks;
pub mod errors;
pub mod hrefs;
pub mod ids;
pub mod responses;
pub mod retry_after;
pub mod sandbox_json;
pub mod sandbox_multipart;
pub mod seeds;

/// A target's check: returns normally, or panics on a broken promise.
pub type Check = fn(&[u8]);

/// Every target by name with its check, in the order they run.
pub const TARGETS: [(&str, Check); 8] = [
    ("responses", responses::check),
    ("errors", errors::check),
    ("callbacks", callbacks::check),
    ("hrefs", hrefs::check),
    ("ids", ids::check),
    ("retry_after", retry_after::check),
    ("sandbox_json", sandbox_json::check),
    ("sandbox_multipart", sandbox_multipart::check),
];
