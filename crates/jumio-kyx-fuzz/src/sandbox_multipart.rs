//! The sandbox's multipart upload handler with any form: an answer, never a panic, never a 5xx.
//! The input is the part's bytes; the first byte picks the classifier and whether the input is
//! sent as the whole body (a malformed form) or as the `file` part of a well-formed one.

use jumio_kyx_sandbox::infra::fuzzing::Target;

const BOUNDARY: &str = "kyxfuzzboundary";

/// One input: returns normally, or panics on a broken promise.
pub fn check(data: &[u8]) {
    let Some((which, rest)) = data.split_first() else {
        return;
    };
    let t = Target::get();
    let (a, w, id, selfie) = &t.idv;
    let (credential, classifier) = match which % 4 {
        0 => (id, "FRONT"),
        1 => (id, "BACK"),
        2 => (selfie, "FACE"),
        _ => (id, "FACEMAP"),
    };
    let path = format!(
        "/api/v1/accounts/{a}/workflow-executions/{w}/credentials/{credential}/parts/{classifier}"
    );
    let body = if which & 0x80 != 0 {
        rest.to_vec()
    } else {
        let mut b = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        )
        .into_bytes();
        b.extend_from_slice(rest);
        b.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        b
    };
    let method = if which & 0x40 != 0 { "PUT" } else { "POST" };
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let (status, _) = t.send(method, &path, Some(&content_type), body);
    assert!(status < 500, "{method} {path}: {status}");
}
