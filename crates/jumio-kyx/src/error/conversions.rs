//! Errors of reqwest and of the generated layer, as [`Error`]s.

use super::{Error, ErrorKind, Failure, json_shape_error};
use crate::types::Problem;

/// What a request that ran out of its request timeout says, whichever timer cut it (reqwest's,
/// or the call driver's).
pub(crate) const REQUEST_TIMED_OUT: &str = "the request timed out";

/// A transport-level failure of reqwest, classified. The URL (it carries ids) is kept out. An
/// answer the response screen refused (`response.rs`) arrives here as a body error carrying its
/// [`Failure`], which is returned as it is.
pub(crate) fn from_reqwest(e: reqwest::Error) -> Error {
    if let Some(failure) = Failure::find(&e) {
        return failure;
    }
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else if e.is_decode() {
        ErrorKind::InvalidResponse
    } else if e.is_builder() {
        ErrorKind::Configuration
    } else {
        ErrorKind::Transport
    };
    let detail = if e.is_connect() {
        "could not connect"
    } else if e.is_timeout() {
        REQUEST_TIMED_OUT
    } else if e.is_body() || e.is_decode() {
        "the response body could not be read"
    } else {
        "the request failed"
    };
    let mut error = Error::new(kind).with_detail(detail);
    error.0.never_sent = e.is_connect();
    if let Some(status) = e.status() {
        error.0.status = Some(status.as_u16());
    }
    error.with_source(e.without_url())
}

/// Converts an error of the generated layer for an operation whose success body is a `T`: a body
/// that does not parse is described by its path and the expected type, never its value.
pub(crate) fn from_generated<T: serde::de::DeserializeOwned>(
    e: progenitor_client::Error<Problem>,
) -> Error {
    use progenitor_client::Error as G;
    match e {
        G::InvalidRequest(m) => Error::new(ErrorKind::Validation).with_detail(m),
        G::CommunicationError(e) | G::ResponseBodyError(e) | G::InvalidUpgrade(e) => {
            from_reqwest(e)
        }
        G::ErrorResponse(rv) => {
            let status = rv.status().as_u16();
            let headers = rv.headers().clone();
            Error::from_problem(status, &headers, Some(rv.into_inner()))
        }
        G::InvalidResponsePayload(bytes, _) => {
            Error::new(ErrorKind::InvalidResponse).with_detail(format!(
                "the response body does not match the API description: {}",
                json_shape_error::<T>(&bytes)
            ))
        }
        G::UnexpectedResponse(r) => match Failure::take_from(r.extensions()) {
            Some(failure) => failure,
            None => Error::from_problem(r.status().as_u16(), r.headers(), None),
        },
        G::Custom(m) => Error::new(ErrorKind::Transport).with_detail(m),
    }
}
