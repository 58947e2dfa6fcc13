//! Receiving callbacks: the core's parser, sender check and dedupe memory
//! (`jumio_kyx::callback`), for `jumio_kyx._callback` and the framework receivers.

use jumio_kyx::callback::SeenCallbacks;
use jumio_kyx_bridge as bridge;
use pyo3::prelude::*;

use crate::{to_py, to_pyerr};

/// Parses a callback body; adds its `dedupeKey`.
#[pyfunction]
pub fn parse_callback(py: Python<'_>, body: &[u8]) -> PyResult<Py<PyAny>> {
    let v = bridge::parse_callback_json(body).map_err(|e| to_pyerr(py, &e))?;
    to_py(py, &v)
}

/// A callback sender check (Jumio's published addresses for a region, plus extras); the region
/// and addresses are checked when it is made.
#[pyclass(frozen, module = "jumio_kyx._native")]
pub struct NativeCallbackVerifier {
    inner: jumio_kyx::callback::CallbackVerifier,
}

#[pymethods]
impl NativeCallbackVerifier {
    #[new]
    #[pyo3(signature = (region, allow, trusted_proxies, current_only=false))]
    fn new(
        py: Python<'_>,
        region: &str,
        allow: Vec<String>,
        trusted_proxies: Vec<String>,
        current_only: bool,
    ) -> PyResult<Self> {
        let inner = bridge::callback_verifier(region, &allow, &trusted_proxies, current_only)
            .map_err(|e| to_pyerr(py, &e))?;
        Ok(Self { inner })
    }

    /// Checks a callback's sender, given every `X-Forwarded-For` line; returns its address.
    #[pyo3(signature = (peer, forwarded_for=Vec::new()))]
    fn verify(&self, py: Python<'_>, peer: &str, forwarded_for: Vec<String>) -> PyResult<String> {
        let peer = peer.parse().map_err(|_| {
            to_pyerr(
                py,
                &jumio_kyx::Error::validation("peer", "is not an IP address"),
            )
        })?;
        self.inner
            .verify_forwarded(peer, forwarded_for.iter().map(String::as_str))
            .map(|ip| ip.to_string())
            .map_err(|e| to_pyerr(py, &e))
    }
}

/// The dedupe keys of callbacks already handled (`jumio_kyx::callback::SeenCallbacks`), bounded:
/// past `capacity` keys the oldest are forgotten.
#[pyclass(frozen, module = "jumio_kyx._native")]
pub struct NativeSeenCallbacks {
    inner: SeenCallbacks,
}

#[pymethods]
impl NativeSeenCallbacks {
    #[new]
    #[pyo3(signature = (capacity=100_000))]
    fn new(capacity: usize) -> Self {
        Self {
            inner: SeenCallbacks::new(capacity),
        }
    }

    /// True the first time a key is seen (and remembers it), false for a repeat.
    fn first_time(&self, key: &str) -> bool {
        self.inner.first_time(key)
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }
}
