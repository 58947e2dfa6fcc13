//! How the outcomes of calls reach JavaScript: through one threadsafe function per client, made
//! once, that calls the TypeScript layer's `settle(id, error, json, content)`; the TypeScript
//! layer keeps each call's promise under its id.
//!
//! napi-rs's `async` methods make a promise and a threadsafe function for every call, and
//! release the function once the call settles: per call, an event-loop handle opened and closed,
//! an async resource, an environment clean-up hook and a wake-up of Node's thread of its own.
//! One function per client shares one handle among all its calls, and Node wakes once for every
//! outcome that is ready. Measured with `cargo xtask bench bindings` (see the CHANGELOG).
//!
//! A threadsafe function that is referenced keeps Node's event loop alive: it is referenced while
//! a call is in flight ([`Settle::busy`]) and unreferenced when the TypeScript layer sees none
//! left ([`Settle::idle`]), so that a script exits once its calls are done. The JavaScript
//! function it calls must not reach the client (the TypeScript layer's `settle` is a module
//! function): a threadsafe function holds its function strongly, and a client reachable from it
//! would never be collected.

use std::sync::{Arc, Mutex, MutexGuard};

use napi::bindgen_prelude::*;
use napi::threadsafe_function::{
    ThreadsafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode,
};

/// The arguments of `settle`: the call's id, its error message (`KYX_ERROR:…` or
/// `KYX_ABORTED`), or its JSON text and a download's bytes.
type SettleArgs = FnArgs<(u32, Option<String>, Option<String>, Option<Buffer>)>;

/// The TypeScript layer's `settle` function, as the constructor receives it.
pub(crate) type SettleFunction<'env> = Function<'env, SettleArgs, Unknown<'static>>;

/// What a call answered: its JSON text (serialised on a runtime thread: `JSON.parse` builds the
/// objects faster than N-API calls one property at a time) and the bytes of a download.
pub(crate) struct Answer {
    pub(crate) json: String,
    pub(crate) content: Option<Buffer>,
}

/// A call's outcome on its way to Node's thread.
struct Settled {
    id: u32,
    outcome: std::result::Result<Answer, String>,
}

/// The threadsafe function (errors are passed as arguments, not as napi's first argument).
type Handle = ThreadsafeFunction<Settled, Unknown<'static>, SettleArgs, Status, false>;

/// A client's way to settle its calls. Cheap to clone (each call's task holds one).
#[derive(Clone)]
pub(crate) struct Settle {
    /// Behind a lock because napi-rs refers and unrefers a function through `&mut`.
    function: Arc<Mutex<Handle>>,
}

impl Settle {
    /// The way to settle calls through `settle`; idle (unreferenced) until a call starts.
    pub(crate) fn new(env: &Env, settle: &SettleFunction<'_>) -> Result<Self> {
        let function = settle
            .build_threadsafe_function::<Settled>()
            .callee_handled::<false>()
            .build_callback(|ctx: ThreadsafeCallContext<Settled>| {
                let Settled { id, outcome } = ctx.value;
                Ok(FnArgs::from(match outcome {
                    Ok(answer) => (id, None, Some(answer.json), answer.content),
                    Err(message) => (id, Some(message), None, None),
                }))
            })?;
        let settle = Self {
            function: Arc::new(Mutex::new(function)),
        };
        settle.idle(env)?;
        Ok(settle)
    }

    fn function(&self) -> MutexGuard<'_, Handle> {
        self.function.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A call is in flight: Node's event loop stays alive until it settles. On Node's thread.
    // napi-rs deprecates `refer` in favour of weak functions and clones; a weak function would let
    // Node exit with a call in flight, and a clone per call is what this module avoids.
    #[allow(deprecated)]
    pub(crate) fn busy(&self, env: &Env) -> Result<()> {
        self.function().refer(env)
    }

    /// No call is in flight: the client does not keep Node's event loop alive. On Node's thread.
    #[allow(deprecated)]
    pub(crate) fn idle(&self, env: &Env) -> Result<()> {
        self.function().unref(env)
    }

    /// Sends a call's outcome to Node's thread. When Node is shutting down the outcome is
    /// dropped: nobody is left to receive it.
    pub(crate) fn send(&self, id: u32, outcome: std::result::Result<Answer, String>) {
        self.function().call(
            Settled { id, outcome },
            ThreadsafeFunctionCallMode::NonBlocking,
        );
    }
}
