//! The call driver: every operation goes through [`Client::call`], which authenticates, applies
//! the rate limiter and the deadline, retries by the operation's class, and refreshes the token
//! once after a 401 or 403.

use std::cell::Cell;
use std::future::Future;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use progenitor_client::ResponseValue;
use tracing::Instrument;

use super::Client;
use crate::error::{self, Error, ErrorKind};
use crate::retry::{Idempotency, RetryPolicy};
use crate::routing::{self, HostFamily};
use crate::state::Credentials;
use crate::types;

/// A response of the generated layer, or the client's error.
type Answer<T> = Result<ResponseValue<T>, Error>;

/// The fetch or refresh of a token: boxed, because fetching a token is itself a call.
type Authenticating<'a> = std::pin::Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

/// What the call driver needs to know about an operation.
pub(super) struct Call<'a> {
    pub(super) op: &'static routing::Operation,
    /// The spec's retry class, or [`Idempotency::Once`] for an upload that cannot be replayed.
    pub(super) idempotency: Idempotency,
    /// The workflow execution, for operations a transaction token may authorize.
    pub(super) workflow: Option<&'a str>,
    /// Whether the caller keeps only the body of the answer (see [`DriverAttempt`]).
    pub(super) body_only: bool,
}

impl<'a> Call<'a> {
    /// A call of the operation with this Rust name, retried as the spec says.
    pub(super) fn to(id: &'static str) -> Self {
        let op = routing::operation(id).expect("every operation the client calls is in the spec");
        Self {
            op,
            idempotency: op.idempotency,
            workflow: None,
            body_only: false,
        }
    }

    /// One a workflow's transaction token may authorize.
    pub(super) fn for_workflow(mut self, workflow: &'a str) -> Self {
        self.workflow = Some(workflow);
        self
    }
}

impl Client {
    /// [`Self::call`] for a request of the generated layer whose answer is JSON: `send` builds
    /// and sends it, and its errors become this crate's.
    pub(super) async fn send_json<T, F, Fut>(
        &self,
        mut call: Call<'_>,
        mut send: F,
    ) -> Result<T, Error>
    where
        T: serde::de::DeserializeOwned,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<types::Problem>>>,
    {
        // Only the body is kept (`into_inner` below).
        call.body_only = true;
        // `map`, not an async block around `send()`: a block would hold the request's future
        // twice over (as its capture and as what it awaits).
        self.call(call, || {
            send().map(|r| r.map_err(error::from_generated::<T>))
        })
        .await
        .map(ResponseValue::into_inner)
    }

    /// [`Self::call`] for a request of the generated layer whose answer is not JSON (a stream, or
    /// nothing).
    pub(super) async fn send_raw<T, F, Fut>(&self, call: Call<'_>, mut send: F) -> Answer<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<types::Problem>>>,
    {
        self.call(call, || {
            send().map(|r| r.map_err(error::from_generated::<serde::de::IgnoredAny>))
        })
        .await
    }

    /// Runs one operation: authentication, rate limit, the attempt, then retries as the
    /// operation's idempotency allows, all within the deadline (the token fetch included). One
    /// tracing span per call.
    pub(super) async fn call<T, F, Fut>(&self, call: Call<'_>, mut attempt: F) -> Answer<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Answer<T>>,
    {
        let span = tracing::info_span!(
            "kyx.call",
            operation = call.op.spec_id,
            status = tracing::field::Empty,
            retries = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        // The clock is read for a deadline or a span that records the duration, not otherwise.
        let started = (self.config.deadline.is_some() || !span.is_disabled()).then(Instant::now);
        // The deadline was checked at build time; an instant beyond the clock's range has none.
        let deadline = (self.config.deadline)
            .zip(started)
            .and_then(|(d, started)| started.checked_add(d));
        let (mut retries, mut rate_limit_retries) = (0u32, 0u32);
        let mut refreshed = false;
        // The loop is the call's own future, not an async block under `Instrumented`: that
        // layer moved the call's answer once more. The span is entered while each of its
        // futures is polled instead (see `Attempt`), and the retry event names it as parent.
        let result = loop {
            if let Some(authenticating) = self.authenticate(&call)
                && let Err(e) = within(deadline, authenticating.instrument(span.clone()))
                    .await
                    .and_then(|r| r)
            {
                break Err(e);
            }
            if let Some(limiter) = &self.config.limiter
                && let Err(e) =
                    within(deadline, limiter.acquire(call.op).instrument(span.clone())).await
            {
                break Err(e);
            }
            // The attempt's future is pinned where it was created and polled there, not moved
            // into a wrapper: a status call's is 2 KB, and each move copied all of it.
            let outcome = Attempt::new(
                std::pin::pin!(attempt()),
                self.state().shared.request_timeout,
                deadline,
                call.body_only,
                &span,
            )
            .await;
            let error = match outcome {
                Ok(value) => {
                    span.record("status", value.status().as_u16());
                    span.record("retries", retries + rate_limit_retries);
                    break Ok(value);
                }
                Err(e) => e,
            };
            // A rejected token (401, or 403 as Jumio documents it: either way the request
            // was not processed): a transaction token falls back to OAuth2, an OAuth2 token
            // is refreshed, once per call. An upload from a reader cannot be sent again: the
            // token is still dropped (the next call gets a fresh one) and its error returned.
            if matches!(error.status(), Some(401 | 403)) && !refreshed && self.refreshable(&call) {
                refreshed = true;
                if let Some(w) = call
                    .workflow
                    .filter(|w| self.state().transaction_token(w).is_some())
                {
                    self.state().forget_transaction_token(w);
                } else if let Some(t) = self.state().cached_token() {
                    self.state().invalidate_token(&t.token);
                }
                if call.idempotency != Idempotency::Once {
                    continue;
                }
            }
            let counter = if RetryPolicy::is_rate_limit(&error) {
                &mut rate_limit_retries
            } else {
                &mut retries
            };
            if let Some(wait) = self.config.retry.delay(&error, *counter, call.idempotency)
                && deadline
                    .is_none_or(|d| Instant::now().checked_add(wait).is_some_and(|at| at < d))
            {
                tracing::debug!(
                    parent: &span,
                    operation = call.op.spec_id,
                    retry = *counter + 1,
                    status = error.status(),
                    wait_ms = wait.as_millis() as u64,
                    "kyx retry"
                );
                *counter += 1;
                tokio::time::sleep(wait).await;
                continue;
            }
            if let Some(s) = error.status() {
                span.record("status", s);
            }
            span.record("retries", retries + rate_limit_retries);
            break Err(error);
        };
        if let Some(started) = started
            && !span.is_disabled()
        {
            span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
        }
        result.map_err(|e| e.with_operation(call.op.spec_id))
    }

    pub(super) fn refreshable(&self, call: &Call<'_>) -> bool {
        matches!(self.state().shared.credentials, Credentials::OAuth2 { .. })
            && call.op.id != "get_access_token"
    }

    /// Makes sure a credential is ready for the operation: `None` when it is (no OAuth2, an
    /// exempt operation, a transaction token, a cached token before its refresh time), else the
    /// fetch or refresh of the OAuth2 token (single flight).
    pub(super) fn authenticate<'a>(&'a self, call: &Call<'_>) -> Option<Authenticating<'a>> {
        let oauth = matches!(self.state().shared.credentials, Credentials::OAuth2 { .. });
        let exempt = !oauth || call.op.id == "get_access_token" || call.op.id == "get_health";
        let has_transaction_token = call.op.family == HostFamily::Api
            && call
                .workflow
                .is_some_and(|w| self.state().transaction_token(w).is_some());
        if exempt || has_transaction_token || self.state().has_fresh_token() {
            return None;
        }
        Some(Box::pin(
            async move { self.access_token().await.map(|_| ()) },
        ))
    }
}

/// What the request hooks learn about the attempt they belong to when the call driver polls it.
#[derive(Clone, Copy)]
pub(crate) struct DriverAttempt {
    /// The driver times the attempt (see [`Attempt`]): the request hook leaves reqwest's own
    /// per-request timer off.
    pub(crate) timed: bool,
    /// The caller keeps only the body of a JSON or empty answer: the response hook drops the
    /// headers, which the generated layer would otherwise copy into its `ResponseValue` only
    /// for the driver to drop them.
    pub(crate) body_only: bool,
}

thread_local! {
    /// Set while the driver polls an attempt (see [`Attempt`]): a thread-local set for the
    /// length of one poll, which is what a task-local is. tokio's `task_local` returned the
    /// attempt's answer through three more moves.
    static DRIVER_ATTEMPT: Cell<Option<DriverAttempt>> = const { Cell::new(None) };
}

/// Restores the attempt that was set before (none, as a rule) when the poll ends, even by a
/// panic.
struct AttemptScope(Option<DriverAttempt>);

impl AttemptScope {
    fn enter(attempt: DriverAttempt) -> Self {
        AttemptScope(DRIVER_ATTEMPT.with(|a| a.replace(Some(attempt))))
    }
}

impl Drop for AttemptScope {
    fn drop(&mut self) {
        DRIVER_ATTEMPT.with(|a| a.set(self.0));
    }
}

/// The driver's attempt the request being built or answered belongs to; `None` outside the
/// call driver (a request sent through [`Client::raw`]).
pub(crate) fn driver_attempt() -> Option<DriverAttempt> {
    DRIVER_ATTEMPT.with(Cell::get)
}

pin_project_lite::pin_project! {
    /// One attempt under the client's request timeout and the call's deadline, polled within
    /// the call's span and with its [`DriverAttempt`] set. The attempt reads the whole answer
    /// (a JSON body is parsed within it), so one timer here does what reqwest's per-request timer
    /// did, for less: reqwest boxes a timer for every request and wraps every body in another
    /// layer. A download's body is read after the attempt: the request hook still gives those
    /// reqwest's timer, as it does to requests sent through [`Client::raw`].
    ///
    /// One future, not a stack of combinators (a task-local scope, a timeout, the deadline's
    /// timeout, the span, and the `Either`s and `map`s between them), each of which moved the
    /// answer once more on its way out. The earlier of the two limits is one timer.
    struct Attempt<'s, 'a, F> {
        attempt: std::pin::Pin<&'a mut F>,
        #[pin]
        timer: Option<tokio::time::Sleep>,
        span: &'s tracing::Span,
        driven: DriverAttempt,
        // Whether the timer is the call's deadline rather than the request timeout.
        deadline_first: bool,
    }
}

impl<'s, 'a, F> Attempt<'s, 'a, F> {
    fn new(
        attempt: std::pin::Pin<&'a mut F>,
        timeout: Option<Duration>,
        deadline: Option<Instant>,
        body_only: bool,
        span: &'s tracing::Span,
    ) -> Self {
        // tokio's clock, as `tokio::time::timeout` reads it (tests may pause it); an instant
        // beyond the clock's range is no limit.
        let timeout_at = timeout.and_then(|t| tokio::time::Instant::now().checked_add(t));
        let deadline = deadline.map(tokio::time::Instant::from_std);
        let (at, deadline_first) = match (timeout_at, deadline) {
            (Some(t), Some(d)) if d <= t => (Some(d), true),
            (Some(t), _) => (Some(t), false),
            (None, d) => (d, d.is_some()),
        };
        Attempt {
            attempt,
            timer: at.map(tokio::time::sleep_until),
            span,
            driven: DriverAttempt {
                timed: timeout.is_some(),
                body_only,
            },
            deadline_first,
        }
    }
}

impl<T, F: Future<Output = Answer<T>>> Future for Attempt<'_, '_, F> {
    type Output = Answer<T>;

    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Answer<T>> {
        let this = self.project();
        let _entered = (!this.span.is_disabled()).then(|| this.span.enter());
        let scope = AttemptScope::enter(*this.driven);
        if let Poll::Ready(answer) = this.attempt.as_mut().poll(cx) {
            return Poll::Ready(answer);
        }
        drop(scope);
        match this.timer.as_pin_mut().map(|timer| timer.poll(cx)) {
            Some(Poll::Ready(())) => Poll::Ready(Err(if *this.deadline_first {
                deadline_passed()
            } else {
                Error::new(ErrorKind::Timeout).with_detail(error::REQUEST_TIMED_OUT)
            })),
            _ => Poll::Pending,
        }
    }
}

fn deadline_passed() -> Error {
    Error::new(ErrorKind::Timeout).with_detail("the call's deadline passed")
}

/// Runs a future before the deadline, or fails with a timeout.
///
/// A plain future, not an `async fn`: an `async fn` keeps its argument and the future it awaits
/// side by side, which doubled the size of every call's future (a status call's was 9 KB, and
/// each call's future is moved into its task).
pub(super) fn within<F: Future>(
    deadline: Option<Instant>,
    fut: F,
) -> impl Future<Output = Result<F::Output, Error>> {
    use futures_util::future::Either;
    match deadline {
        None => Either::Left(fut.map(Ok)),
        Some(d) => Either::Right(
            tokio::time::timeout_at(d.into(), fut).map(|r| r.map_err(|_| deadline_passed())),
        ),
    }
}
