//! Entry points for the fuzz targets (`crates/jumio-kyx-fuzz`): the code that reads what a server
//! or a caller sends, reachable without network I/O. Not part of the API; it may change at any
//! time.

use crate::error::Error;
use crate::routing::{BaseUrls, HostFamily, Region};

/// The error the client makes of an error answer (status, headers, body).
pub fn error_from_answer(status: u16, headers: &[(String, String)], body: &[u8]) -> Error {
    let mut map = reqwest::header::HeaderMap::new();
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (
            reqwest::header::HeaderName::from_bytes(name.as_bytes()),
            reqwest::header::HeaderValue::from_bytes(value.as_bytes()),
        ) {
            map.append(n, v);
        }
    }
    Error::from_response(status, &map, body)
}

/// Why `body` is not a `T`, as the client reports it (path and types, never values).
pub fn response_shape_error<T: serde::de::DeserializeOwned>(body: &[u8]) -> String {
    crate::error::json_shape_error::<T>(body)
}

/// The decoded path segments of an href, checked against the hosts of `region` and of one more
/// base URL, as `Client::get_workflow_by_href` checks them.
pub fn href_segments(region: Region, base_url: &str, href: &str) -> Result<Vec<String>, Error> {
    let mut allowed = Vec::new();
    for family in HostFamily::ALL {
        allowed.push((
            "https".to_string(),
            format!("{}.{}.jumio.ai", family.as_str(), region.id()),
            None,
        ));
    }
    if let Ok(u) = reqwest::Url::parse(BaseUrls::single(base_url).get(HostFamily::Api)) {
        allowed.push((
            u.scheme().to_string(),
            u.host_str().unwrap_or_default().to_ascii_lowercase(),
            u.port(),
        ));
    }
    crate::client::href_segments(&allowed, href)
}

/// Whether a request path keeps the shape of an operation's path template.
pub fn path_fits(path: &str, template: &str) -> bool {
    crate::hooks::path_fits(path, template)
}

/// A path segment as the generated layer encodes an id.
pub fn encode_segment(id: &str) -> String {
    progenitor_client::encode_path(id)
}
