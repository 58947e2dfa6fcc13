//! The seeds every target's corpus starts from, made from the project's own examples, and the
//! regressions: inputs that once broke a promise, kept under `regressions/<target>/` so that
//! every fuzzing run and every `cargo test` replays them.

use std::io;
use std::path::{Path, PathBuf};

/// A target's seeds, made from the project's examples: the API examples of
/// `tests/fixtures/api-examples`, the conformance scenarios' requests and the sandbox's sample
/// images. Unknown targets have none.
pub fn seeds(target: &str) -> io::Result<Vec<Vec<u8>>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut seeds: Vec<Vec<u8>> = Vec::new();
    let examples = root.join("tests/fixtures/api-examples");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&examples)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    fixtures.sort();
    let json: Vec<(String, Vec<u8>)> = fixtures
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::read(p).map(|b| (name, b))
        })
        .collect::<io::Result<_>>()?;
    let strings = |key: &str| -> Vec<String> {
        let mut out = Vec::new();
        for (_, body) in &json {
            if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
                collect(&v, key, &mut out);
            }
        }
        out
    };
    match target {
        "responses" => {
            // The first byte picks the response type (see the target).
            const KINDS: [(&str, u8); 10] = [
                ("retrieval-workflow-details", 0),
                ("retrieval-status", 1),
                ("account-", 2),
                ("upload-part-response", 3),
                ("finalize-response", 4),
                ("retrieval-steps", 5),
                ("health-check", 6),
                ("migration-account-response", 7),
                ("oauth2-token-response", 8),
                ("error-", 9),
            ];
            for (name, body) in &json {
                if let Some((_, k)) = KINDS.iter().find(|(p, _)| name.starts_with(p)) {
                    seeds.push([&[*k][..], body].concat());
                }
            }
        }
        "errors" => {
            for (name, body) in &json {
                if name.starts_with("error-") {
                    seeds.push([&429u16.to_le_bytes()[..], b"Retry-After: 1\0", body].concat());
                }
            }
            seeds.push(
                [
                    &502u16.to_le_bytes()[..],
                    b"Content-Type: text/html\0<html>Bad Gateway</html>",
                ]
                .concat(),
            );
        }
        "callbacks" => {
            for (name, body) in &json {
                if name.starts_with("callback") {
                    seeds.push(body.clone());
                }
            }
            seeds.push(b"10.0.0.1\n52.48.0.25\n203.0.113.9, 10.0.0.1".to_vec());
        }
        "hrefs" => {
            seeds.extend(strings("href").into_iter().map(String::into_bytes));
        }
        "ids" => seeds.extend(strings("id").into_iter().map(String::into_bytes)),
        "retry_after" => {
            for s in ["2", "0", "Wed, 21 Oct 2015 07:28:00 GMT", "120"] {
                seeds.push(s.as_bytes().to_vec());
            }
        }
        "sandbox_json" => {
            let conformance = root.join("tests/conformance");
            for entry in std::fs::read_dir(&conformance)? {
                let path = entry?.path();
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let scenario: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(&path)?).map_err(io::Error::other)?;
                for step in scenario["steps"].as_array().into_iter().flatten() {
                    let (selector, body) = match step["call"].as_str() {
                        Some("create_account") => (0u8, &step["args"]["request"]),
                        Some("update_account") => (1, &step["args"]["request"]),
                        Some("upload_prepared_data") => (2, &step["args"]["data"]),
                        Some("create_migration") => (3, &step["args"]["request"]),
                        Some("update_migration") => (4, &step["args"]["request"]),
                        _ => continue,
                    };
                    seeds.push([&[selector][..], body.to_string().as_bytes()].concat());
                }
            }
            seeds.push(b"\x05grant_type=client_credentials&client_id=a&client_secret=b".to_vec());
        }
        "sandbox_multipart" => {
            let samples = root.join("crates/jumio-kyx-sandbox/samples");
            for (i, name) in ["front.jpg", "back.jpg", "selfie.jpg"].iter().enumerate() {
                let bytes = std::fs::read(samples.join(name))?;
                seeds.push([&[i as u8][..], &bytes[..bytes.len().min(4096)]].concat());
            }
        }
        _ => {}
    }
    Ok(seeds)
}

/// Every string under `key` anywhere in a JSON value.
fn collect(v: &serde_json::Value, key: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                match x.as_str() {
                    Some(s) if k == key => out.push(s.to_string()),
                    _ => collect(x, key, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, key, out)),
        _ => {}
    }
}

/// The committed regression inputs of a target (`regressions/<target>/*`), sorted by name.
pub fn regressions(target: &str) -> io::Result<Vec<(PathBuf, Vec<u8>)>> {
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("regressions")
            .join(target),
    )
}

/// Every file of a directory with its bytes, sorted by name; none when it does not exist.
pub fn files(dir: &Path) -> io::Result<Vec<(PathBuf, Vec<u8>)>> {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.map(|e| e.path()))
            .collect::<io::Result<_>>()?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    paths.retain(|p| p.is_file());
    paths.sort();
    paths
        .into_iter()
        .map(|p| std::fs::read(&p).map(|b| (p, b)))
        .collect()
}
