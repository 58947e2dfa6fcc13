//! Synthetic sample images that ship with the sandbox (drawn by `samples/make_samples.py`: no
//! real person, no real document). The demo and the tests upload them.

/// The front of a specimen ID card (JPEG, 1000×630).
pub const FRONT_JPEG: &[u8] = include_bytes!("../../samples/front.jpg");
/// The back of a specimen ID card (JPEG, 1000×630).
pub const BACK_JPEG: &[u8] = include_bytes!("../../samples/back.jpg");
/// A selfie of a cartoon face (JPEG, 720×960).
pub const SELFIE_JPEG: &[u8] = include_bytes!("../../samples/selfie.jpg");
/// A tiny specimen image (PNG, 64×40), stored for parts the simulated web journey captures.
pub const SPECIMEN_PNG: &[u8] = include_bytes!("../../samples/specimen.png");

/// A PNG of nothing but a header claiming the given size: what the image checks read first, for
/// tests of the pixel limits without a large image.
pub fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut v = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    v.extend_from_slice(&width.to_be_bytes());
    v.extend_from_slice(&height.to_be_bytes());
    v.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    v
}

/// The names [`by_name`] knows, as the Python and Node packages offer them.
pub const NAMES: [&str; 3] = ["front", "back", "selfie"];

/// A sample image by its name (`front`, `back`, `selfie`; `face` is the selfie, as the journey's
/// form names it).
///
/// ```
/// assert_eq!(jumio_kyx_sandbox::infra::samples::by_name("selfie"), Some(jumio_kyx_sandbox::infra::samples::SELFIE_JPEG));
/// assert_eq!(jumio_kyx_sandbox::infra::samples::by_name("passport"), None);
/// ```
pub fn by_name(name: &str) -> Option<&'static [u8]> {
    match name {
        "front" => Some(FRONT_JPEG),
        "back" => Some(BACK_JPEG),
        "selfie" | "face" => Some(SELFIE_JPEG),
        _ => None,
    }
}

/// The error for a name [`by_name`] does not know, naming the ones it does.
pub fn unknown(name: &str) -> String {
    format!("no sample image `{name}` ({})", NAMES.join(", "))
}
