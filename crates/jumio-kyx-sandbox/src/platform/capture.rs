//! What a web or SDK journey captures: the parts of each credential category, and the facemap
//! and six liveness frames a liveness capture leaves on the FACEMAP credential. Shared by the
//! hosted journey page and the `complete_journey` control operation.

use bytes::Bytes;

use crate::platform::state::Part;

/// The image parts a journey captures for a credential category (`FACEMAP` stands for the whole
/// liveness capture, see [`liveness_parts`]); none for categories a journey does not capture.
pub(crate) fn journey_classifiers(category: &str) -> &'static [&'static str] {
    match category {
        "ID" => &["FRONT", "BACK"],
        "SELFIE" => &["FACE"],
        "FACEMAP" => &["FACEMAP"],
        _ => &[],
    }
}

/// The bytes of a simulated facemap.
pub(crate) fn facemap_part() -> Part {
    Part::new(
        Bytes::from_static(b"sandbox facemap"),
        "application/octet-stream",
    )
}

/// What a liveness capture (iProov) leaves on the FACEMAP credential: the facemap and the frames
/// `LIVENESS_1` … `LIVENESS_6`, each the given image.
pub(crate) fn liveness_parts(frame: &Part) -> Vec<(String, Part)> {
    let mut parts = vec![("FACEMAP".to_string(), facemap_part())];
    parts.extend((1..=6).map(|n| (format!("LIVENESS_{n}"), frame.clone())));
    parts
}
