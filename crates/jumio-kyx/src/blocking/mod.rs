//! A blocking client (feature `blocking`), in the manner of `reqwest::blocking`: for programs
//! without an async runtime (scripts, command-line tools, synchronous web frameworks).
//!
//! [`Client`] has every operation and flow of the async [`crate::Client`], with the same names,
//! arguments, checks, retries and errors; each call blocks its thread until done.
//! [`Client::download_part`] gives a [`Download`] to save, read into memory, or read through
//! [`std::io::Read`].
//!
//! ```no_run
//! use jumio_kyx::blocking::Client;
//! use jumio_kyx::types::{CredentialCategory, PartClassifier};
//! use jumio_kyx::{IdentityVerification, ImageSource, Region, WaitOptions};
//!
//! # fn main() -> Result<(), jumio_kyx::Error> {
//! let client = Client::builder()
//!     .region(Region::Us)
//!     .credentials("my-client-id", "my-client-secret")
//!     .user_agent("Acme Onboarding/2.1")
//!     .build()?;
//! let started = client.run_identity_verification(
//!     IdentityVerification::new("order-42", ImageSource::path("front.jpg"), ImageSource::path("selfie.jpg"))
//!         .back(ImageSource::path("back.jpg")),
//! )?;
//! let (account, workflow) = (started.account_id(), started.workflow_execution_id());
//! let status = client.wait_for_completion(account, workflow, WaitOptions::default())?;
//! let details = client.get_workflow_details(account, workflow)?;
//! println!("{} → {:?}", status.workflow_execution.status, details.decision_type());
//! let id = &started.account.credential(&CredentialCategory::Id).expect("an ID credential").id;
//! client.download_part(account, id, PartClassifier::Front)?.save("front-copy.jpg")?;
//! # Ok(()) }
//! ```
//!
//! # The runtime
//!
//! A client owns a small tokio runtime on a thread of its own (`jumio-kyx-blocking`), shared by
//! its clones and its downloads and stopped when the last of them is dropped. Each call runs on
//! the calling thread while that thread drives the network and the timers, so calls from several
//! threads proceed at once.
//!
//! # Inside an async runtime
//!
//! Blocking a thread that drives async tasks stalls them, and deadlocks when one of them is the
//! server being called (a sandbox in the same `#[tokio::test]`, say). So a call made on a thread
//! that is inside a tokio runtime fails at once, before anything is sent, with an
//! [`ErrorKind::Configuration`](crate::ErrorKind::Configuration) error saying so; nothing
//! panics, and building or dropping a client there is fine. Tokio does not tell a
//! `spawn_blocking` thread apart from the others, so calls are refused there too: in async code,
//! use the async [`crate::Client`] (from a `spawn_blocking` closure,
//! `Handle::current().block_on(client.get_health())`).

mod download;

pub use download::Download;

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;
use crate::flows::{IdentityVerification, PreparedDataVerification, StartedWorkflow, WaitOptions};
use crate::redact::Secret;
use crate::retry::RetryPolicy;
use crate::routing::{BaseUrls, HostFamily, Region};
use crate::types;
use crate::upload::ImageSource;

// The methods of `Client`, one per `pub async fn` of the async client, and the setters of
// `ClientBuilder`: the spec's plain operations' twins come from `build.rs` (the spec's model),
// the hand-written methods' and setters' from `twins.rs` (`cargo xtask gen-blocking`).
include!(concat!(env!("OUT_DIR"), "/blocking.rs"));
include!("twins.rs");

/// A blocking KYX client: cheap to clone (one connection pool, token cache and runtime shared by
/// the clones). See [the module](self) for its runtime and for calls from async code.
#[derive(Clone)]
pub struct Client {
    inner: crate::Client,
    engine: Arc<Engine>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The async client's Debug: endpoint and settings, credentials redacted.
        f.debug_tuple("blocking::Client")
            .field(&self.inner)
            .finish()
    }
}

impl Client {
    /// A builder: set a region or base URL, credentials and a User-Agent.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `JUMIO_CLIENT_ID`, `JUMIO_CLIENT_SECRET`, `JUMIO_REGION`,
    /// `JUMIO_USER_AGENT` and `JUMIO_BASE_URL` (see [`crate::ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The hosts this client talks to.
    pub fn base_urls(&self) -> &BaseUrls {
        self.inner.base_urls()
    }

    /// The upload size limit this client checks before sending.
    pub fn max_upload_bytes(&self) -> u64 {
        self.inner.max_upload_bytes()
    }

    /// Runs a call of the async client to its end on this thread (what every generated method
    /// does).
    fn run<A, T: FromAsync<A>>(
        &self,
        call: impl Future<Output = Result<A, Error>>,
    ) -> Result<T, Error> {
        let answer = self.engine.block_on(call)??;
        Ok(T::from_async(answer, &self.engine))
    }
}

/// Builds a blocking [`Client`]: the settings of [`crate::ClientBuilder`], each a method of the
/// same name.
#[derive(Default)]
pub struct ClientBuilder(crate::ClientBuilder);

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The async builder's Debug: credentials redacted.
        f.debug_tuple("blocking::ClientBuilder")
            .field(&self.0)
            .finish()
    }
}

impl From<crate::ClientBuilder> for ClientBuilder {
    /// A blocking builder with the settings of an async one.
    fn from(builder: crate::ClientBuilder) -> Self {
        Self(builder)
    }
}

impl ClientBuilder {
    /// A builder preset from the environment (see [`crate::ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Self, Error> {
        crate::ClientBuilder::from_env().map(Self)
    }

    /// Builds the client and starts its runtime's thread; nothing is sent. The settings are
    /// checked as by [`crate::ClientBuilder::build`].
    pub fn build(self) -> Result<Client, Error> {
        let inner = self.0.build()?;
        Ok(Client {
            inner,
            engine: Engine::start()?,
        })
    }
}

/// What a call of the async client gives, as the blocking client gives it: the same value, but
/// a [`crate::Download`], which becomes a blocking [`Download`] (it keeps the runtime its body
/// streams on).
trait FromAsync<A> {
    fn from_async(answer: A, engine: &Arc<Engine>) -> Self;
}

impl<T> FromAsync<T> for T {
    fn from_async(answer: T, _: &Arc<Engine>) -> T {
        answer
    }
}

impl FromAsync<crate::Download> for Download {
    fn from_async(answer: crate::Download, engine: &Arc<Engine>) -> Self {
        Download::new(answer, engine.clone())
    }
}

/// The runtime of a blocking client: a current-thread tokio runtime driven by a thread of its own
/// (which does nothing but drive its I/O, timers and spawned tasks), so that calls can run on the
/// callers' threads. Dropping the engine ends that thread.
struct Engine {
    handle: tokio::runtime::Handle,
    /// Dropped with the engine: the runtime's thread then ends, and the runtime with it.
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Engine {
    fn start() -> Result<Arc<Engine>, Error> {
        let (ready, started) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("jumio-kyx-blocking".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                match runtime {
                    Ok(runtime) => {
                        let _ = ready.send(Ok(runtime.handle().clone()));
                        runtime.block_on(async {
                            let _ = stopped.await;
                        });
                    }
                    Err(e) => {
                        let _ = ready.send(Err(e));
                    }
                }
            })
            .map_err(|e| {
                Error::configuration("the blocking client cannot start its runtime's thread")
                    .with_source(e)
            })?;
        let handle = started
            .recv()
            .map_err(|_| Error::configuration("the blocking client's runtime did not start"))?
            .map_err(|e| {
                Error::configuration("the blocking client cannot build its runtime").with_source(e)
            })?;
        Ok(Arc::new(Engine {
            handle,
            _stop: stop,
        }))
    }

    /// Runs a future to its end on the calling thread (the engine's thread drives its I/O and
    /// timers); refused inside an async runtime, where blocking would stall it.
    fn block_on<F: Future>(&self, future: F) -> Result<F::Output, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::configuration(
                "the blocking client was called inside an async runtime, whose thread it would \
                 block (and deadlock if that runtime serves the request); use the async \
                 jumio_kyx::Client there",
            ));
        }
        Ok(self.handle.block_on(future))
    }
}
