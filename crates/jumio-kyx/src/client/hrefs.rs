//! Following hrefs from the server: only to this client's hosts, never through a dot segment.

use super::{Client, Download};
use crate::error::Error;
use crate::types;

impl Client {
    /// Checks that an href from the server points at one of this client's hosts, and returns
    /// its path segments, percent-decoded (the operation encodes them again, once). Requests for
    /// it then go to the configured host, so no token is ever sent elsewhere.
    pub(super) fn trusted_segments(&self, href: &str) -> Result<Vec<String>, Error> {
        href_segments(&self.config.allowed_hosts, href)
    }

    /// The details behind a `workflowExecution.href` (either documented form), after checking
    /// that it points at this client's hosts.
    pub async fn get_workflow_by_href(&self, href: &str) -> Result<types::WorkflowDetails, Error> {
        let segments = self.trusted_segments(href)?;
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match segments.as_slice() {
            ["api", "v1", "workflow-executions", w] => self.get_workflow_execution(w).await,
            [
                "api",
                "v1",
                "accounts" | "account",
                a,
                "workflow-executions",
                w,
            ] => self.get_workflow_details(a, w).await,
            _ => Err(Error::validation("href", "is not a workflow execution URL")),
        }
    }

    /// The part behind a `credentials[].parts[].href`, after checking that it points at this
    /// client's hosts.
    pub async fn download_href(&self, href: &str) -> Result<Download, Error> {
        let segments = self.trusted_segments(href)?;
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        match segments.as_slice() {
            [
                "api",
                "v1",
                "accounts" | "account",
                a,
                "credentials",
                c,
                "parts",
                cls,
            ] => {
                self.download_part(a, c, types::PartClassifier::from(*cls))
                    .await
            }
            _ => Err(Error::validation("href", "is not a part URL")),
        }
    }
}

/// The path segments of an href, percent-decoded, when it points at one of the `allowed` hosts
/// (scheme, host, port) and needs no dot-segment resolution; a validation error naming `href`
/// otherwise. Pure: the fuzz targets call it through [`crate::fuzzing`].
pub(crate) fn href_segments(
    allowed: &[(String, String, Option<u16>)],
    href: &str,
) -> Result<Vec<String>, Error> {
    let url = reqwest::Url::parse(href)
        .map_err(|_| Error::validation("href", "is not an absolute URL"))?;
    // The URL parser resolves `..` and `%2e%2e`; an href from a server that needs resolving
    // is refused rather than read as another resource.
    // Every piece of the text before `?` or `#` is looked at (scheme and host pieces are never
    // dots), so no spelling of the authority (`https:/host`, `https:\\host`) hides a path.
    let before_query = href.split(['?', '#']).next().unwrap_or("");
    let dotted = before_query.split(['/', '\\']).any(|s| {
        let decoded = percent_encoding::percent_decode_str(s).decode_utf8_lossy();
        decoded == "." || decoded == ".."
    });
    if dotted {
        return Err(Error::validation("href", "has a dot segment in its path"));
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let trusted = allowed.iter().any(|(scheme, h, port)| {
        *scheme == url.scheme()
            && *h == host
            && (*port == url.port() || port.is_none() && url.port().is_none())
    });
    if !trusted {
        return Err(Error::validation(
            "href",
            "points at a host that is not one of this client's region or base URLs",
        ));
    }
    url.path()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let decoded = percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map_err(|_| Error::validation("href", "has a path that is not UTF-8"))?;
            // `%2F` or `%5C` decodes to a separator: no id holds one, so the segment is not an
            // id the client could use (found by the `hrefs` fuzz target).
            if decoded.contains(['/', '\\']) {
                return Err(Error::validation(
                    "href",
                    "has an encoded separator in a path segment",
                ));
            }
            Ok(decoded.into_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::href_segments;

    fn allowed() -> Vec<(String, String, Option<u16>)> {
        vec![(
            "https".to_string(),
            "retrieval.amer-1.jumio.ai".to_string(),
            None,
        )]
    }

    #[test]
    fn segments_are_decoded_once() {
        let s = href_segments(
            &allowed(),
            "https://retrieval.amer-1.jumio.ai/api/v1/accounts/a%20b/workflow-executions/w",
        )
        .unwrap();
        assert_eq!(
            s,
            ["api", "v1", "accounts", "a b", "workflow-executions", "w"]
        );
    }

    #[test]
    fn an_encoded_separator_is_refused() {
        // The `hrefs` fuzz target's crash: `%2E%2F` decoded to `./`, a segment holding a slash.
        for hostile in ["%2E%2FEh", "a%2Fb", "a%5Cb", "..%2F..%2Fx"] {
            let href = format!(
                "https://retrieval.amer-1.jumio.ai/api/v1/accounts/{hostile}/workflow-executions/w"
            );
            let e = href_segments(&allowed(), &href).unwrap_err();
            assert_eq!(e.field(), Some("href"), "{hostile}: {e}");
        }
    }
}
