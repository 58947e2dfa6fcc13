//! libFuzzer's entry for [`jumio_kyx_fuzz::responses`]; the checks live there, so `cargo test`
//! replays this target's corpus without the instrumented build.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jumio_kyx_fuzz::responses::check(data));
