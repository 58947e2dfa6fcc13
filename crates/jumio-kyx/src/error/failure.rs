//! A side channel for answers the response screen refused, through the generated layer.

use std::fmt;

use super::Error;

/// An answer that the response screen (`response.rs`) refused, on its way through the
/// generated layer: carried both as the error of the response body (which the generated code
/// reads for 4xx/5xx) and as a response extension (for statuses it hands back unread), and
/// taken out exactly once by [`from_generated`](super::from_generated) or [`from_reqwest`](super::from_reqwest).
#[derive(Clone)]
pub(crate) struct Failure(std::sync::Arc<std::sync::Mutex<Option<Error>>>);

impl Failure {
    pub(crate) fn new(error: Error) -> Self {
        Self(std::sync::Arc::new(std::sync::Mutex::new(Some(error))))
    }

    fn take(&self) -> Option<Error> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    pub(super) fn take_from(extensions: &http::Extensions) -> Option<Error> {
        extensions.get::<Failure>().and_then(Failure::take)
    }

    /// The failure somewhere in an error's source chain.
    pub(super) fn find(e: &(dyn std::error::Error + 'static)) -> Option<Error> {
        let mut next = Some(e);
        while let Some(e) = next {
            if let Some(f) = e.downcast_ref::<Failure>() {
                return f.take();
            }
            next = e.source();
        }
        None
    }
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Failure")
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(e) => write!(f, "{e}"),
            None => f.write_str("the answer was refused"),
        }
    }
}

impl std::error::Error for Failure {}
