//! Synthetic sample images that ship with the sandbox (drawn by `samples/make_samples.py`: no
//! real person, no real document). The demo and the tests upload them.

/// The front of a specimen ID card (JPEG, 1000×630).
pub const FRONT_JPEG: &[u8] = include_bytes!("../samples/front.jpg");
/// The back of a specimen ID card (JPEG, 1000×630).
pub const BACK_JPEG: &[u8] = include_bytes!("../samples/back.jpg");
/// A selfie of a cartoon face (JPEG, 720×960).
pub const SELFIE_JPEG: &[u8] = include_bytes!("../samples/selfie.jpg");
/// A tiny specimen image (PNG, 64×40), stored for parts the simulated web journey captures.
pub const SPECIMEN_PNG: &[u8] = include_bytes!("../samples/specimen.png");
