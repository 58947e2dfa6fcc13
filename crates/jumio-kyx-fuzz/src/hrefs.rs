//! Hrefs from a server: accepted only on the region's hosts or the base URL, and every segment
//! the client would use is a valid id (no separator, no dot segment).

use jumio_kyx::Region;
use jumio_kyx::fuzzing::href_segments;

fn url_host(href: &str) -> String {
    url::Url::parse(href)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

/// One input: returns normally, or panics on a broken promise.
pub fn check(data: &[u8]) {
    let Ok(href) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(segments) = href_segments(Region::Us, "http://127.0.0.1:4010", href) {
        let url = url_host(href);
        assert!(
            url.ends_with(".amer-1.jumio.ai") || url == "127.0.0.1",
            "{href} accepted on {url}"
        );
        for s in segments {
            assert!(s != "." && s != "..", "{href}: dot segment");
            assert!(!s.contains('/'), "{href}: a segment with a slash");
        }
    }
}
