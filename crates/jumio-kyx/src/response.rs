//! What the client accepts from a server. Every answer passes through `screen` (called by the
//! `exec` request hook) before the generated layer reads it, because real servers are not the
//! sandbox: load balancers answer with HTML pages or empty bodies, proxies redirect, and a broken
//! or hostile server can send a body of any size.
//!
//! * A **redirect** (3xx) is refused, never followed: the request carries credentials and
//!   personal data, which must not travel to a host the client was not configured for. The error
//!   names the status and the host the `Location` pointed at.
//! * An **error status** is classified by the status alone, whatever the body: a 503 HTML page is
//!   a retryable server error, an HTML 401 still refreshes the token, an empty 404 is not-found.
//!   A problem document adds its title and detail; any other body is kept, bounded, for
//!   diagnostics ([`crate::Error::body`]). At most [`MAX_ERROR_BODY_BYTES`] of it are read.
//! * A **2xx** other than the documented 200 (a 201 or 204 from a proxy) is a success.
//! * A **JSON body** is read up to [`Limits::max_response_bytes`]; a **download** stays streamed,
//!   up to [`Limits::max_download_bytes`] when that is set.
//!
//! A refused answer travels to the call driver as a `Failure` (`crate::error`) inside the
//! response, so the generated code needs no change.

use bytes::Bytes;
use reqwest::header::{CONTENT_LENGTH, HeaderMap, LOCATION};

use crate::error::{Error, ErrorKind, Failure, server_text};
use crate::routing::{Operation, ResponseBody};

/// Default largest JSON response body (workflow details are tens of kilobytes).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;
/// Largest part of an error body that is read; the status is what matters, the rest is dropped.
pub const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// How much of an answer the client reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest JSON body (and error body, up to [`MAX_ERROR_BODY_BYTES`]).
    pub max_response_bytes: u64,
    /// Largest part download; `None` streams any size.
    pub max_download_bytes: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_download_bytes: None,
        }
    }
}

/// The host (and port, when it is not the scheme's default) of the URL a request was sent to.
pub(crate) fn authority(url: &reqwest::Url) -> (String, Option<u16>) {
    (url.host_str().unwrap_or_default().to_owned(), url.port())
}

/// Whether `url` is at the authority `(host, port)` (hosts compared as DNS does, ignoring case).
fn at_authority(url: &reqwest::Url, (host, port): &(String, Option<u16>)) -> bool {
    url.port() == *port
        && url
            .host_str()
            .unwrap_or_default()
            .eq_ignore_ascii_case(host)
}

/// Screens an answer (see the module documentation). `sent_to` is the authority the request
/// went to, when the HTTP client may follow redirects (a client passed in with
/// [`crate::ClientBuilder::http_client`] and the default redirect policy): an answer from
/// elsewhere means it followed one by itself.
pub(crate) async fn screen(
    mut response: reqwest::Response,
    op: Option<&Operation>,
    limits: &Limits,
    sent_to: Option<&(String, Option<u16>)>,
) -> reqwest::Result<reqwest::Response> {
    let status = response.status().as_u16();
    if sent_to.is_some_and(|to| !at_authority(response.url(), to))
        && response.url().host_str().is_some()
    {
        let host = server_text(response.url().host_str().unwrap_or_default(), 253);
        let error = Error::new(ErrorKind::Redirect)
            .with_status(status)
            .with_detail(format!(
                "the HTTP client followed a redirect to {host}; configure it with \
                 reqwest::redirect::Policy::none()"
            ));
        return Ok(refuse(&response, error));
    }
    if (300..400).contains(&status) {
        return Ok(refuse(&response, redirect(status, response.headers())));
    }
    if !(200..300).contains(&status) {
        let cap = MAX_ERROR_BODY_BYTES.min(limits.max_response_bytes);
        // A body that breaks off is read as far as it goes: the status is what counts.
        let (body, _) = read_capped(&mut response, cap).await.unwrap_or_default();
        let error = Error::from_response(status, response.headers(), &body);
        return Ok(refuse(&response, error));
    }
    let body_kind = op.map_or(ResponseBody::Json, |o| o.body);
    match body_kind {
        ResponseBody::Json => {
            let limit = limits.max_response_bytes;
            match response.content_length() {
                Some(n) if n > limit => {
                    return Ok(refuse(&response, too_large(limit, "max_response_bytes")));
                }
                // The length hyper reads the body by (a declared length, never more; none when
                // chunked, or when reqwest decompresses): the body is within the limit as it
                // comes, and the generated code reads it without a copy in between.
                Some(_) if status == 200 => return Ok(response),
                _ => {}
            }
            let (body, complete) = read_capped(&mut response, limit).await?;
            if !complete {
                return Ok(refuse(&response, too_large(limit, "max_response_bytes")));
            }
            Ok(with_body(response, reqwest::Body::from(body)))
        }
        ResponseBody::Stream => match limits.max_download_bytes {
            Some(limit) if response.content_length().is_some_and(|n| n > limit) => {
                Ok(refuse(&response, too_large(limit, "max_download_bytes")))
            }
            Some(limit) => {
                let head = rebuild(&response, reqwest::Body::from(Bytes::new()));
                let stream = capped_stream(response, limit);
                Ok(with_body(head, reqwest::Body::wrap_stream(stream)))
            }
            None if status == 200 => Ok(response),
            None => {
                let head = rebuild(&response, reqwest::Body::from(Bytes::new()));
                Ok(with_body(
                    head,
                    reqwest::Body::wrap_stream(response.bytes_stream()),
                ))
            }
        },
        ResponseBody::Empty if status == 200 => Ok(response),
        ResponseBody::Empty => Ok(rebuild(&response, reqwest::Body::from(Bytes::new()))),
    }
}

/// Reads the body up to `cap` bytes: the bytes, and whether the body ended within the cap.
async fn read_capped(response: &mut reqwest::Response, cap: u64) -> reqwest::Result<(Bytes, bool)> {
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    // Most answers come in one chunk: it is kept as it is, not copied.
    let Some(first) = response.chunk().await? else {
        return Ok((Bytes::new(), true));
    };
    if first.len() > cap {
        return Ok((first.slice(..cap), false));
    }
    let Some(mut chunk) = response.chunk().await? else {
        return Ok((first, true));
    };
    let mut buf = first.to_vec();
    loop {
        let room = cap - buf.len();
        if chunk.len() > room {
            buf.extend_from_slice(&chunk[..room]);
            return Ok((buf.into(), false));
        }
        buf.extend_from_slice(&chunk);
        match response.chunk().await? {
            Some(next) => chunk = next,
            None => return Ok((buf.into(), true)),
        }
    }
}

fn redirect(status: u16, headers: &HeaderMap) -> Error {
    let host = headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|l| reqwest::Url::parse(l).ok())
        .and_then(|u| u.host_str().map(|h| server_text(h, 253)));
    let to = match host {
        Some(h) => format!("to {h}"),
        None => "within the same host".into(),
    };
    let mut error = Error::from_response(status, headers, b"");
    error = error.with_detail(format!(
        "the server redirected {to} (HTTP {status}); redirects are never followed, so that \
         credentials and personal data reach only the configured hosts"
    ));
    error
}

fn too_large(limit: u64, setting: &str) -> Error {
    Error::new(ErrorKind::InvalidResponse).with_detail(format!(
        "the response body is larger than {limit} bytes (the client's {setting})"
    ))
}

/// The answer's status and headers with another body (a 2xx as 200, see [`success_as_ok`]).
fn rebuild(response: &reqwest::Response, body: reqwest::Body) -> reqwest::Response {
    let mut out = copy_head(response, body);
    success_as_ok(out.status_mut());
    reqwest::Response::from(out)
}

/// `head` with another body: its status (a 2xx as 200, see [`success_as_ok`]), version, headers
/// and URL moved, not copied.
fn with_body(head: reqwest::Response, body: reqwest::Body) -> reqwest::Response {
    let url = url_of(&head);
    let (mut parts, _) = http::Response::from(head).into_parts();
    success_as_ok(&mut parts.status);
    parts.extensions.extend(url);
    reqwest::Response::from(http::Response::from_parts(parts, body))
}

/// A 201 or 204 where 200 is documented is still a success: the generated code reads the
/// documented status.
fn success_as_ok(status: &mut http::StatusCode) {
    if status.is_success() {
        *status = http::StatusCode::OK;
    }
}

/// `body` under a copy of the answer's status, version, headers and URL.
fn copy_head(response: &reqwest::Response, body: reqwest::Body) -> http::Response<reqwest::Body> {
    let mut out = http::Response::new(body);
    *out.status_mut() = response.status();
    *out.version_mut() = response.version();
    *out.headers_mut() = response.headers().clone();
    out.extensions_mut().extend(url_of(response));
    out
}

/// The answer's URL as the extension reqwest reads when it makes a response from an
/// `http::Response`: without it, reqwest parses a placeholder URL for every response made, and
/// the response no longer says where it came from.
fn url_of(response: &reqwest::Response) -> http::Extensions {
    use reqwest::ResponseBuilderExt;
    let mut carrier = http::Response::builder().url(response.url().clone());
    carrier
        .extensions_mut()
        .map(std::mem::take)
        .unwrap_or_default()
}

/// The answer, refused: same status and headers, a body that fails with the error, and the error
/// as an extension (for statuses the generated code hands back without reading the body).
fn refuse(response: &reqwest::Response, error: Error) -> reqwest::Response {
    let failure = Failure::new(error);
    let body = reqwest::Body::wrap_stream(futures_util::stream::once({
        let failure = failure.clone();
        async move { Err::<Bytes, Failure>(failure) }
    }));
    let mut out = copy_head(response, body);
    out.headers_mut().remove(CONTENT_LENGTH);
    out.extensions_mut().insert(failure);
    reqwest::Response::from(out)
}

/// The body of a download, failing once more than `limit` bytes arrived.
fn capped_stream(
    response: reqwest::Response,
    limit: u64,
) -> impl futures_core::Stream<Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>> {
    use futures_util::StreamExt;
    type Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;
    // (bytes seen, whether the limit was passed): the stream ends after the failing chunk.
    response
        .bytes_stream()
        .scan((0u64, false), move |(seen, failed), chunk| {
            let item: Option<Item> = if *failed {
                None
            } else {
                Some(match chunk {
                    Ok(c) => {
                        *seen = seen.saturating_add(c.len() as u64);
                        if *seen > limit {
                            *failed = true;
                            Err(Box::new(Failure::new(too_large(
                                limit,
                                "max_download_bytes",
                            ))))
                        } else {
                            Ok(c)
                        }
                    }
                    Err(e) => Err(Box::new(e)),
                })
            };
            std::future::ready(item)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(chunks: &[&'static [u8]]) -> reqwest::Response {
        let chunks: Vec<Result<Bytes, std::io::Error>> =
            chunks.iter().map(|c| Ok(Bytes::from_static(c))).collect();
        let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
        reqwest::Response::from(http::Response::new(body))
    }

    #[tokio::test]
    async fn a_screened_answer_keeps_its_url_status_and_headers() {
        use reqwest::ResponseBuilderExt;
        let url =
            reqwest::Url::parse("https://retrieval.amer-1.jumio.ai/api/v1/accounts/a").unwrap();
        let received = |status: u16| {
            reqwest::Response::from(
                http::Response::builder()
                    .status(status)
                    .url(url.clone())
                    .header("x-request-id", "r-1")
                    .body(reqwest::Body::from("{}"))
                    .unwrap(),
            )
        };
        let made = [
            with_body(received(201), reqwest::Body::from("[]")),
            rebuild(&received(202), reqwest::Body::from("")),
            refuse(&received(500), Error::new(ErrorKind::InvalidResponse)),
        ];
        for (response, status) in made.iter().zip([200, 200, 500]) {
            assert_eq!(response.url(), &url);
            assert_eq!(response.status().as_u16(), status);
            assert_eq!(response.headers()["x-request-id"], "r-1");
        }
    }

    #[tokio::test]
    async fn a_body_is_read_up_to_the_cap_whatever_its_chunks() {
        for (chunks, cap, read, complete) in [
            (&[][..], 4, &b""[..], true),
            (&[&b"abc"[..]][..], 4, &b"abc"[..], true),
            (&[&b"abcd"[..]][..], 4, &b"abcd"[..], true),
            (&[&b"abcde"[..]][..], 4, &b"abcd"[..], false),
            (
                &[&b"ab"[..], &b""[..], &b"cd"[..]][..],
                4,
                &b"abcd"[..],
                true,
            ),
            (
                &[&b"ab"[..], &b"cd"[..], &b"e"[..]][..],
                4,
                &b"abcd"[..],
                false,
            ),
            (&[&b""[..], &b"abcdef"[..]][..], 4, &b"abcd"[..], false),
        ] {
            let mut response = answer(chunks);
            let (body, whole) = read_capped(&mut response, cap).await.unwrap();
            assert_eq!((&body[..], whole), (read, complete), "{chunks:?}");
        }
    }

    #[tokio::test]
    async fn a_one_chunk_body_is_not_copied() {
        static BODY: &[u8] = b"{\"status\":\"PROCESSED\"}";
        let (body, whole) = read_capped(&mut answer(&[BODY]), 1024).await.unwrap();
        assert!(whole);
        assert_eq!(body.as_ptr(), BODY.as_ptr());
    }
}
