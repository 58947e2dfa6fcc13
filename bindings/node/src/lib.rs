//! The native part of the `jumio-kyx` npm package: the Rust core seen from Node. It converts
//! values and forwards: every operation goes through `jumio_kyx_bridge`, every sandbox control
//! through `Sandbox::control`. The typed TypeScript API lives in `ts/`.
//!
//! Errors settle with a message `KYX_ERROR:{json}` that the TypeScript layer turns into a
//! `JumioError` subclass (a native error cannot carry the fields in every napi context); a
//! cancelled call rejects with [`ABORTED`], which it turns into its `AbortError`.
//!
//! `call.rs` holds a call's cancel switch and upload streams, `settle.rs` the way calls' outcomes
//! reach JavaScript, `logging.rs` the log hook.

mod call;
mod logging;
mod settle;

use std::collections::HashMap;

use jumio_kyx::callback::SeenCallbacks;
use jumio_kyx::{Client, ImageSource};
use jumio_kyx_bridge::{self as bridge, Files};
use jumio_kyx_sandbox::{EmbeddedSandbox, EmbeddedStartError};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::Value;

pub use call::{NativeCall, UploadStream};
pub use logging::{NativeLogRecord, set_log_sink};
use settle::{Answer, Settle, SettleFunction};

/// Every call crosses threads: its arguments are made on Node's thread and freed on a runtime
/// thread, its answer the other way round. glibc's allocator serialises such frees on the owning
/// arena's lock; mimalloc frees them without one. Measured with `cargo xtask bench bindings`
/// (64 calls in flight): 27–28k calls/s with glibc's allocator, 34–36k with mimalloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ERROR_PREFIX: &str = "KYX_ERROR:";

/// The message of a call rejected because it was cancelled (its future was dropped).
pub const ABORTED: &str = "KYX_ABORTED";

/// A client error as a JS error whose message carries the core's fields
/// (`bridge::error_fields`).
pub(crate) fn js_error(e: &jumio_kyx::Error) -> Error {
    Error::new(Status::GenericFailure, error_message(e))
}

/// The message of a client error: [`ERROR_PREFIX`] and the core's fields as JSON.
fn error_message(e: &jumio_kyx::Error) -> String {
    format!("{ERROR_PREFIX}{}", bridge::error_fields(e))
}

pub(crate) fn invalid(message: impl std::fmt::Display) -> Error {
    Error::new(Status::InvalidArg, message.to_string())
}

/// A file argument: a path or bytes.
fn files_from(files: Option<HashMap<String, Either<String, Buffer>>>) -> Files {
    let mut out = Files::new();
    for (name, f) in files.unwrap_or_default() {
        let source = match f {
            Either::A(path) => ImageSource::path(path),
            Either::B(bytes) => ImageSource::bytes(bytes.to_vec()),
        };
        out.insert(name, source);
    }
    out
}

/// The native client: one Rust `jumio_kyx::Client` (connection pool, token cache) and the way
/// its calls' outcomes reach JavaScript.
#[napi]
pub struct NativeClient {
    client: Client,
    settle: Settle,
}

#[napi]
impl NativeClient {
    /// Builds a client from an options object (see `Client` in TypeScript): the core reads and
    /// checks every option (`bridge::client_from_options`).
    ///
    /// `settle(id, error, json, content)` receives the outcome of every call (see [`Settle`]).
    #[napi(
        constructor,
        ts_args_type = "options: any, settle: (id: number, error: string | null, json: string | null, content: Buffer | null) => void"
    )]
    pub fn new(env: Env, options: Value, settle: SettleFunction<'_>) -> Result<Self> {
        Ok(Self {
            client: bridge::client_from_options(options).map_err(|e| js_error(&e))?,
            settle: Settle::new(&env, &settle)?,
        })
    }

    /// The upload size limit in bytes (an upload stream is read up to it, no further).
    #[napi(getter)]
    pub fn max_upload_bytes(&self) -> f64 {
        self.client.max_upload_bytes() as f64
    }

    /// The client's configuration for display: the endpoint as the user configured it
    /// (`region US`, `base URL http://127.0.0.1:4010`), credential kind, retries (no secret).
    #[napi]
    pub fn describe(&self) -> String {
        format!("{:?}", self.client)
    }

    /// Starts an operation of `jumio_kyx_bridge` on the shared tokio runtime; its outcome comes
    /// back through `settle(id, …)` (see [`Settle`]). A download is saved to `save_to` or returned
    /// as bytes (`bridge::call_collected`). With a `context`, the call reads the context's upload
    /// streams as files, and cancelling the context drops the call's future (its HTTP request is
    /// closed) and settles it with `KYX_ABORTED`. Throws, and starts nothing, when the arguments
    /// cannot be read or the context is already cancelled.
    #[napi]
    #[allow(clippy::too_many_arguments)]
    pub fn call(
        &self,
        env: Env,
        id: u32,
        operation: String,
        args: Value,
        files: Option<HashMap<String, Either<String, Buffer>>>,
        save_to: Option<String>,
        context: Option<&NativeCall>,
    ) -> Result<()> {
        let client = self.client.clone();
        let mut files = files_from(files);
        let mut cancelled = None;
        if let Some(context) = context {
            if context.cancelled() {
                return Err(Error::from_reason(ABORTED));
            }
            cancelled = Some(context.cancelled_future());
            for (name, reader) in context.take_streams() {
                files.insert(name, ImageSource::reader(reader, None));
            }
        }
        self.settle.busy(&env)?;
        let settle = self.settle.clone();
        napi::bindgen_prelude::spawn(async move {
            let work =
                bridge::call_collected(&client, &operation, args, files, save_to.map(Into::into));
            let out = match cancelled {
                // Dropping `work` drops the request: hyper closes the connection.
                Some(cancelled) => tokio::select! {
                    biased;
                    () = cancelled => Err(ABORTED.to_string()),
                    out = work => out.map_err(|e| error_message(&e)),
                },
                None => work.await.map_err(|e| error_message(&e)),
            };
            settle.send(
                id,
                out.map(|out| Answer {
                    json: Box::<str>::from(out.json).into_string(),
                    content: out.content.map(|b| b.to_vec().into()),
                }),
            );
        });
        Ok(())
    }

    /// No call of this client is in flight (the TypeScript layer counts them): it no longer
    /// keeps Node's event loop alive.
    #[napi]
    pub fn idle(&self, env: Env) -> Result<()> {
        self.settle.idle(&env)
    }
}

/// A sandbox running in this process on its own runtime (`jumio_kyx_sandbox::EmbeddedSandbox`).
#[napi]
pub struct NativeSandbox {
    inner: EmbeddedSandbox,
}

#[napi]
impl NativeSandbox {
    /// Starts a sandbox: `{ port?, clients?, baseUrls?, settings? }`.
    #[napi(constructor)]
    pub fn new(config: Option<Value>) -> Result<Self> {
        let inner =
            EmbeddedSandbox::start_json(&config.unwrap_or(Value::Null)).map_err(|e| match e {
                EmbeddedStartError::Config(e) => invalid(e),
                e => Error::from_reason(e.to_string()),
            })?;
        Ok(Self { inner })
    }

    /// The base URL.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.inner.url().to_string()
    }

    /// The dashboard's address.
    #[napi(getter)]
    pub fn ui_url(&self) -> String {
        self.inner.ui_url().to_string()
    }

    /// With TLS: the client options that reach the sandbox under the real host names.
    #[napi(getter)]
    pub fn region_options(&self) -> Value {
        self.inner.region_options().clone()
    }

    /// A control operation (see `Sandbox` in TypeScript).
    #[napi]
    pub fn control(&self, operation: String, args: Option<Value>) -> Result<Value> {
        self.inner
            .control(&operation, args.unwrap_or(Value::Null))
            .map_err(invalid)
    }

    /// Stops the sandbox.
    #[napi]
    pub fn close(&self) {
        self.inner.close();
    }
}

/// Parses a callback body; adds its `dedupeKey`.
#[napi]
pub fn parse_callback(body: Buffer) -> Result<Value> {
    bridge::parse_callback_json(&body).map_err(|e| js_error(&e))
}

/// A callback sender check (Jumio's published addresses for a region, plus extras).
#[napi]
pub struct NativeCallbackVerifier {
    inner: jumio_kyx::callback::CallbackVerifier,
}

#[napi]
impl NativeCallbackVerifier {
    /// `region`: `US`, `EU`, `SG`, `amer-1`, … or `all`.
    #[napi(constructor)]
    pub fn new(
        region: String,
        allow: Vec<String>,
        trusted_proxies: Vec<String>,
        current_only: bool,
    ) -> Result<Self> {
        let inner = bridge::callback_verifier(&region, &allow, &trusted_proxies, current_only)
            .map_err(|e| js_error(&e))?;
        Ok(Self { inner })
    }

    /// Checks a callback's sender, given every `X-Forwarded-For` line; returns its address.
    #[napi]
    pub fn verify(&self, peer: String, forwarded_for: Vec<String>) -> Result<String> {
        let peer = peer.parse().map_err(|_| {
            js_error(&jumio_kyx::Error::validation(
                "peer",
                "is not an IP address",
            ))
        })?;
        self.inner
            .verify_forwarded(peer, forwarded_for.iter().map(String::as_str))
            .map(|ip| ip.to_string())
            .map_err(|e| js_error(&e))
    }
}

/// The dedupe keys of callbacks already handled (`jumio_kyx::callback::SeenCallbacks`): bounded,
/// the oldest forgotten first.
#[napi]
pub struct NativeSeenCallbacks {
    inner: SeenCallbacks,
}

#[napi]
impl NativeSeenCallbacks {
    /// Remembers at most `capacity` keys (default 100,000).
    #[napi(constructor)]
    pub fn new(capacity: Option<u32>) -> Self {
        Self {
            inner: capacity.map_or_else(SeenCallbacks::default, |c| SeenCallbacks::new(c as usize)),
        }
    }

    /// `true` the first time a key is seen (and remembers it), `false` for a repeat.
    #[napi]
    pub fn first_time(&self, key: String) -> bool {
        self.inner.first_time(&key)
    }

    /// How many keys are remembered.
    #[napi(getter)]
    pub fn size(&self) -> u32 {
        self.inner.len() as u32
    }
}

/// The checked journey address (`web.href`) of an account response.
#[napi]
pub fn journey_url(account: Value) -> Result<String> {
    bridge::journey_url_json(account).map_err(|e| js_error(&e))
}

/// Parses the redirect a `successUrl` / `errorUrl` handler receives.
#[napi]
pub fn parse_web_redirect(url: String) -> Result<Value> {
    bridge::parse_web_redirect_json(&url).map_err(|e| js_error(&e))
}

/// Every capability result of workflow details, flattened, in execution order.
#[napi]
pub fn capability_summaries(details: Value) -> Result<Value> {
    bridge::capability_summaries_json(details).map_err(|e| js_error(&e))
}

/// One of the sandbox's synthetic sample images: `front`, `back`, `selfie`.
#[napi]
pub fn sample_image(name: String) -> Result<Buffer> {
    jumio_kyx_sandbox::infra::samples::by_name(&name)
        .map(|b| b.to_vec().into())
        .ok_or_else(|| invalid(jumio_kyx_sandbox::infra::samples::unknown(&name)))
}

/// Every error kind with the class the TypeScript layer throws for it (`ErrorKind::CLASSES`).
#[napi]
pub fn error_classes() -> Vec<Vec<String>> {
    jumio_kyx::ErrorKind::CLASSES
        .iter()
        .map(|(kind, class)| vec![kind.to_string(), class.to_string()])
        .collect()
}

/// The operations `NativeClient.call` knows.
#[napi]
pub fn operations() -> Vec<String> {
    bridge::OPERATIONS.iter().map(|s| s.to_string()).collect()
}

/// The sandbox control operations.
#[napi]
pub fn sandbox_operations() -> Vec<String> {
    jumio_kyx_sandbox::CONTROL_OPERATIONS
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// The core's version.
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
