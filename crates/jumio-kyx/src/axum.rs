//! A callback receiver for [axum](https://docs.rs/axum) (feature `axum`): the steps of
//! [`crate::callback`] as one route.
//!
//! For each request, [`CallbackReceiver`]:
//! 1. checks the sender before reading the body: the connection's peer address, or behind a
//!    proxy the verifier trusts, the `X-Forwarded-For` lines (every line, as
//!    [`CallbackVerifier::verify_forwarded`] reads them). A refused sender gets **403**. Jumio
//!    never sends `X-Forwarded-For`: when the verifier trusts no proxy, a request carrying it is
//!    refused;
//! 2. reads the body, up to [`CallbackReceiver::max_body_bytes`] (**413** past it) and within
//!    [`CallbackReceiver::read_timeout`] (**408**), and parses it ([`parse_callback`]): a body
//!    that is not a callback gets **400**;
//! 3. answers **200** at once, and drops a repeated delivery (same
//!    [`dedupe_key`](crate::types::CallbackPayload::dedupe_key), remembered in a bounded
//!    [`SeenCallbacks`]);
//! 4. hands each new callback to your handler, in a task of its own, after the answer: fetch the
//!    details there ([`crate::Client::get_callback_details`]).
//!
//! The router needs the peer address: serve it with
//! `into_make_service_with_connect_info::<SocketAddr>()` (without it, every request gets a 500
//! and an error event is logged). It is the connection's address: do not put a layer in front
//! that replaces it with one read from a header; behind a reverse proxy, name the proxy with
//! [`CallbackVerifier::trust_proxy`].
//!
//! What holds: the sender is checked before the body is read; `X-Forwarded-For` is refused
//! unless a trusted proxy is configured; the body is bounded in size and time; the dedupe memory
//! is bounded in bytes ([`SeenCallbacks`]); the handler runs after the 200.
//!
//! ```no_run
//! use std::net::{IpAddr, SocketAddr};
//! use jumio_kyx::axum::CallbackReceiver;
//! use jumio_kyx::callback::CallbackVerifier;
//! use jumio_kyx::{Client, Region};
//!
//! # async fn run(client: Client) -> std::io::Result<()> {
//! let verifier = CallbackVerifier::for_region(Region::Us)    // Jumio's US callback addresses
//!     .trust_proxy(IpAddr::from([10, 0, 0, 2]));            // the load balancer in front
//! let receiver = CallbackReceiver::new(verifier).on_callback(move |callback| {
//!     let client = client.clone();
//!     async move {
//!         // Runs after the 200, once per event.
//!         match client.get_callback_details(&callback).await {
//!             Ok(details) => println!("{}: {:?}", callback.workflow_execution.id, details.decision_type()),
//!             Err(e) => eprintln!("details: {e}"),
//!         }
//!     }
//! });
//! let app = axum::Router::new().merge(receiver.into_router("/jumio/callback"));
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
//! axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await
//! # }
//! ```

use std::fmt;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use ::axum::Router;
use ::axum::body::Body;
use ::axum::extract::{ConnectInfo, Request};
use ::axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use ::axum::response::{IntoResponse, Response};
use ::axum::routing::{MethodRouter, post};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;

use crate::callback::{CallbackVerifier, SeenCallbacks, parse_callback};
use crate::error::{Error, ErrorKind};
use crate::types::CallbackPayload;

/// The largest callback body read by default: 64 KiB (a callback is well under 2 KiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;

/// The time a sender has by default to send the body: 10 seconds.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);

type Handler =
    Arc<dyn Fn(CallbackPayload) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;
type OnRefused = Arc<dyn Fn(IpAddr, &Error) + Send + Sync>;

/// A callback endpoint for an axum router: sender check, 200 at once, each event once, your
/// handler after the answer. See [the module](self).
pub struct CallbackReceiver {
    verifier: CallbackVerifier,
    seen: SeenCallbacks,
    handler: Option<Handler>,
    on_refused: Option<OnRefused>,
    max_body_bytes: usize,
    read_timeout: Duration,
}

impl fmt::Debug for CallbackReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Settings and counts only: no callback and no sender is shown.
        f.debug_struct("CallbackReceiver")
            .field("verifier", &self.verifier)
            .field("remembered", &self.seen.len())
            .field("handler", &self.handler.is_some())
            .field("max_body_bytes", &self.max_body_bytes)
            .field("read_timeout", &self.read_timeout)
            .finish_non_exhaustive()
    }
}

impl CallbackReceiver {
    /// A receiver that accepts the senders `verifier` accepts. Without a handler
    /// ([`CallbackReceiver::on_callback`]), callbacks are answered and dropped.
    pub fn new(verifier: CallbackVerifier) -> Self {
        Self {
            verifier,
            seen: SeenCallbacks::default(),
            handler: None,
            on_refused: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            read_timeout: DEFAULT_READ_TIMEOUT,
        }
    }

    /// What to do with each new callback. It runs in a task of its own after the 200 is sent,
    /// once per event ([`crate::types::CallbackPayload::dedupe_key`]); a handler that fails
    /// must not expect a redelivery.
    pub fn on_callback<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(CallbackPayload) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.handler = Some(Arc::new(move |callback| Box::pin(handler(callback))));
        self
    }

    /// Called for each refused request, with the connection's peer address and why (to report
    /// it). By default a warning is logged, without the address.
    pub fn on_refused(mut self, hook: impl Fn(IpAddr, &Error) + Send + Sync + 'static) -> Self {
        self.on_refused = Some(Arc::new(hook));
        self
    }

    /// The largest body read (default [`DEFAULT_MAX_BODY_BYTES`]); a larger one gets a 413.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// The time a sender has to send the body (default [`DEFAULT_READ_TIMEOUT`]); then a 408.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// How many delivered events are remembered to drop their repeats (default 100,000, see
    /// [`SeenCallbacks`]).
    pub fn remember(mut self, events: usize) -> Self {
        self.seen = SeenCallbacks::new(events);
        self
    }

    /// A router with the receiver on `path` (`POST`; other methods get a 405), to merge or nest
    /// into your application's.
    pub fn into_router(self, path: &str) -> Router {
        Router::new().route(path, self.into_method_router())
    }

    /// The receiver as a `POST` route, for a router of any state:
    /// `Router::new().route("/jumio/callback", receiver.into_method_router())`.
    pub fn into_method_router<S>(self) -> MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let receiver = Arc::new(self);
        post(move |request: Request| {
            let receiver = receiver.clone();
            async move { receiver.receive(request).await }
        })
    }

    /// One request, step by step (see the module).
    async fn receive(&self, request: Request) -> Response {
        let Some(ConnectInfo(peer)) = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .copied()
        else {
            tracing::error!(
                "the callback receiver cannot check the sender: serve the router with \
                 into_make_service_with_connect_info::<SocketAddr>()"
            );
            return refusal(StatusCode::INTERNAL_SERVER_ERROR);
        };
        if let Err(e) = self.check_sender(peer.ip(), request.headers()) {
            match &self.on_refused {
                Some(hook) => hook(peer.ip(), &e),
                None => tracing::warn!(
                    "refused a callback: the sender is not one of the accepted addresses"
                ),
            }
            return refusal(StatusCode::FORBIDDEN);
        }
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > self.max_body_bytes as u64) {
            return refusal(StatusCode::PAYLOAD_TOO_LARGE);
        }
        let read = read_body(request.into_body(), self.max_body_bytes);
        let body = match tokio::time::timeout(self.read_timeout, read).await {
            Ok(Ok(body)) => body,
            Ok(Err(status)) => return refusal(status),
            Err(_) => return refusal(StatusCode::REQUEST_TIMEOUT),
        };
        let Ok(callback) = parse_callback(&body) else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        if self.seen.first_time(&callback.dedupe_key())
            && let Some(handler) = &self.handler
        {
            tokio::spawn(handler(callback));
        }
        StatusCode::OK.into_response()
    }

    /// The sender check, from the headers alone.
    fn check_sender(&self, peer: IpAddr, headers: &HeaderMap) -> Result<IpAddr, Error> {
        // Every X-Forwarded-For line, in order. A line that is not visible ASCII cannot be read,
        // so neither can the sender.
        let lines = headers
            .get_all("x-forwarded-for")
            .iter()
            .map(|line| {
                line.to_str().map_err(|_| {
                    Error::new(ErrorKind::Authentication)
                        .with_detail("an X-Forwarded-For line is not visible ASCII")
                })
            })
            .collect::<Result<Vec<&str>, Error>>()?;
        self.verifier.verify_forwarded(peer, lines)
    }
}

/// An answer to a request whose body may be unread: the connection serves no other.
fn refusal(status: StatusCode) -> Response {
    (
        status,
        [(header::CONNECTION, HeaderValue::from_static("close"))],
    )
        .into_response()
}

/// The body, at most `limit` bytes: a 413 past it, a 400 when the sender breaks off.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, StatusCode> {
    let mut stream = body.into_data_stream();
    let mut read = BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| StatusCode::BAD_REQUEST)?;
        if read.len() + chunk.len() > limit {
            return Err(StatusCode::PAYLOAD_TOO_LARGE);
        }
        read.extend_from_slice(&chunk);
    }
    Ok(read.freeze())
}
