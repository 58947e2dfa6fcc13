//! [`Client`]: every operation of the spec, typed, with authentication, retries, deadlines,
//! pre-flight validation and tracing; built by [`ClientBuilder`].

use std::fmt;
use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use progenitor_client::{ClientInfo, ResponseValue};
use reqwest::header::HeaderValue;
use tracing::Instrument;

use crate::error::{self, Error, ErrorKind};
use crate::rate_limit::RateLimiter;
use crate::redact::Secret;
use crate::response::Limits;
use crate::retry::{Idempotency, RetryPolicy};
use crate::routing::{self, BaseUrls, HostFamily, Region};
use crate::state::{CachedToken, ClientState, Credentials};
use crate::upload::ImageSource;
use crate::{ByteStream, generated, types, validate};

/// A KYX client: cheap to clone, one connection pool and one token cache shared by the clones.
///
/// ```no_run
/// # async fn f() -> Result<(), jumio_kyx::Error> {
/// use jumio_kyx::{Client, Region, types};
/// let client = Client::builder()
///     .region(Region::Eu)
///     .credentials("my-client-id", "my-client-secret")
///     .user_agent("Acme Onboarding/2.1")
///     .build()?;
/// let account = client
///     .create_account(&types::AccountRequest::new("order-42", jumio_kyx::WorkflowKey::STANDALONE_ID_AND_IDENTITY_VERIFICATION))
///     .await?;
/// println!("workflow {}", account.workflow_execution.id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    raw: generated::Client,
    config: Arc<Config>,
}

struct Config {
    retry: RetryPolicy,
    deadline: Option<Duration>,
    limiter: Option<RateLimiter>,
    max_upload_bytes: u64,
    allowed_hosts: Vec<(String, String, Option<u16>)>,
    /// Whether every host is one of Jumio's (a real region, not a sandbox): then the Portal's
    /// URL rules apply before sending (`validate::portal_url`).
    portal_rules: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_urls", self.state().base_urls())
            .field("credentials", &self.state().shared.credentials)
            .field("retry", &self.config.retry)
            .field("deadline", &self.config.deadline)
            .field("rate_limit", &self.config.limiter.is_some())
            .finish_non_exhaustive()
    }
}

/// The bytes of a downloaded part, streamed.
pub struct Download {
    content_type: Option<String>,
    content_length: Option<u64>,
    stream: ByteStream,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl Download {
    fn from_response(rv: ResponseValue<ByteStream>) -> Self {
        let header = |name: reqwest::header::HeaderName| {
            rv.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(String::from)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let content_length = header(reqwest::header::CONTENT_LENGTH).and_then(|v| v.parse().ok());
        Download {
            content_type,
            content_length,
            stream: rv.into_inner(),
        }
    }

    /// The Content-Type the server sent (`image/jpeg`, `image/png`, …).
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The Content-Length the server sent.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The body as a stream of chunks.
    pub fn into_stream(self) -> ByteStream {
        self.stream
    }

    /// Reads the whole body into memory.
    pub async fn bytes(self) -> Result<bytes::Bytes, Error> {
        use futures_util::TryStreamExt;
        let chunks: Vec<bytes::Bytes> = self
            .stream
            .into_inner()
            .try_collect()
            .await
            .map_err(error::from_reqwest)?;
        Ok(chunks.concat().into())
    }

    /// Streams the body into a file (created or truncated); returns the number of bytes written.
    pub async fn save(self, path: impl AsRef<std::path::Path>) -> Result<u64, Error> {
        use futures_util::StreamExt;
        use tokio::io::AsyncWriteExt;
        let mut file = tokio::fs::File::create(path.as_ref()).await.map_err(|e| {
            Error::new(ErrorKind::Transport)
                .with_detail("the file cannot be created")
                .with_source(e)
        })?;
        let mut stream = self.stream.into_inner();
        let mut written = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(error::from_reqwest)?;
            file.write_all(&chunk).await.map_err(|e| {
                Error::new(ErrorKind::Transport)
                    .with_detail("the file cannot be written")
                    .with_source(e)
            })?;
            written += chunk.len() as u64;
        }
        file.flush().await.map_err(|e| {
            Error::new(ErrorKind::Transport)
                .with_detail("the file cannot be written")
                .with_source(e)
        })?;
        Ok(written)
    }
}

/// What the call driver needs to know about an operation.
struct Call<'a> {
    op: &'static routing::Operation,
    /// The spec's retry class, or [`Idempotency::Once`] for an upload that cannot be replayed.
    idempotency: Idempotency,
    /// The workflow execution, for operations a transaction token may authorize.
    workflow: Option<&'a str>,
}

impl<'a> Call<'a> {
    /// A call of the operation with this Rust name, retried as the spec says.
    fn to(id: &'static str) -> Self {
        let op = routing::operation(id).expect("every operation the client calls is in the spec");
        Self {
            op,
            idempotency: op.idempotency,
            workflow: None,
        }
    }

    /// One a workflow's transaction token may authorize.
    fn for_workflow(mut self, workflow: &'a str) -> Self {
        self.workflow = Some(workflow);
        self
    }
}

/// Checks the ids of a call before anything is sent.
fn ids(pairs: &[(&str, &str)]) -> Result<(), Error> {
    pairs
        .iter()
        .try_for_each(|(field, value)| validate::id(field, value))
}

impl Client {
    /// A builder: set a region or base URL, credentials and a User-Agent.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `JUMIO_CLIENT_ID`, `JUMIO_CLIENT_SECRET`, `JUMIO_REGION`,
    /// `JUMIO_USER_AGENT` and `JUMIO_BASE_URL` (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The hosts this client talks to.
    pub fn base_urls(&self) -> &BaseUrls {
        self.state().base_urls()
    }

    /// The generated low-level client (same connection pool, hooks and token), for what this
    /// client does not wrap.
    pub fn raw(&self) -> &generated::Client {
        &self.raw
    }

    fn state(&self) -> &ClientState {
        self.raw.inner()
    }

    /// The upload size limit this client checks before sending.
    pub fn max_upload_bytes(&self) -> u64 {
        self.config.max_upload_bytes
    }

    // ------------------------------------------------------------------------------ call driver

    /// [`Self::call`] for a request of the generated layer whose answer is JSON: `send` builds
    /// and sends it, and its errors become this crate's.
    async fn send_json<T, F, Fut>(&self, call: Call<'_>, mut send: F) -> Result<T, Error>
    where
        T: serde::de::DeserializeOwned,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<types::Problem>>>,
    {
        self.call(call, || {
            let sent = send();
            async move { sent.await.map_err(error::from_generated::<T>) }
        })
        .await
        .map(ResponseValue::into_inner)
    }

    /// [`Self::call`] for a request of the generated layer whose answer is not JSON (a stream, or
    /// nothing).
    async fn send_raw<T, F, Fut>(
        &self,
        call: Call<'_>,
        mut send: F,
    ) -> Result<ResponseValue<T>, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<types::Problem>>>,
    {
        self.call(call, || {
            let sent = send();
            async move {
                sent.await
                    .map_err(error::from_generated::<serde::de::IgnoredAny>)
            }
        })
        .await
    }

    /// Runs one operation: authentication, rate limit, the attempt, then retries as the
    /// operation's idempotency allows, all within the deadline (the token fetch included). One
    /// tracing span per call.
    async fn call<T, F, Fut>(
        &self,
        call: Call<'_>,
        mut attempt: F,
    ) -> Result<ResponseValue<T>, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, Error>>,
    {
        let span = tracing::info_span!(
            "kyx.call",
            operation = call.op.spec_id,
            status = tracing::field::Empty,
            retries = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        // The deadline was checked at build time; an instant beyond the clock's range has none.
        let deadline = self.config.deadline.and_then(|d| started.checked_add(d));
        let result = async {
            let (mut retries, mut rate_limit_retries) = (0u32, 0u32);
            let mut refreshed = false;
            loop {
                within(deadline, self.authenticate(&call)).await??;
                if let Some(limiter) = &self.config.limiter {
                    within(deadline, limiter.acquire(call.op)).await?;
                }
                let outcome = within(deadline, attempt()).await.and_then(|r| r);
                let error = match outcome {
                    Ok(value) => {
                        tracing::Span::current().record("status", value.status().as_u16());
                        tracing::Span::current().record("retries", retries + rate_limit_retries);
                        return Ok(value);
                    }
                    Err(e) => e,
                };
                // A rejected token (401, or 403 as Jumio documents it: either way the request
                // was not processed): a transaction token falls back to OAuth2, an OAuth2 token
                // is refreshed, once per call. An upload from a reader cannot be sent again: the
                // token is still dropped (the next call gets a fresh one) and its error returned.
                if matches!(error.status(), Some(401 | 403))
                    && !refreshed
                    && self.refreshable(&call)
                {
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
                    tracing::Span::current().record("status", s);
                }
                tracing::Span::current().record("retries", retries + rate_limit_retries);
                return Err(error);
            }
        }
        .instrument(span.clone())
        .await;
        span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
        result.map_err(|e| e.with_operation(call.op.spec_id))
    }

    fn refreshable(&self, call: &Call<'_>) -> bool {
        matches!(self.state().shared.credentials, Credentials::OAuth2 { .. })
            && call.op.id != "get_access_token"
    }

    /// Makes sure a credential is ready for the operation: the cached OAuth2 token, fetched or
    /// refreshed (single flight) when needed. Boxed, because fetching a token is itself a call.
    fn authenticate<'a>(
        &'a self,
        call: &Call<'_>,
    ) -> std::pin::Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>> {
        let oauth = matches!(self.state().shared.credentials, Credentials::OAuth2 { .. });
        let exempt = !oauth || call.op.id == "get_access_token" || call.op.id == "get_health";
        let has_transaction_token = call.op.family == HostFamily::Api
            && call
                .workflow
                .is_some_and(|w| self.state().transaction_token(w).is_some());
        Box::pin(async move {
            if exempt || has_transaction_token {
                return Ok(());
            }
            self.access_token().await.map(|_| ())
        })
    }

    // ---------------------------------------------------------------------------------- tokens

    /// The OAuth2 access token, from the cache when it is fresh; otherwise fetched once for all
    /// concurrent callers and cached. Refreshed before it expires.
    pub async fn access_token(&self) -> Result<Secret, Error> {
        let state = self.state();
        if !matches!(state.shared.credentials, Credentials::OAuth2 { .. }) {
            return Err(Error::configuration("the client has no OAuth2 credentials"));
        }
        let fresh = |t: &CachedToken| t.refresh_at > Instant::now();
        if let Some(t) = state.cached_token().filter(fresh) {
            return Ok(t.token);
        }
        let _gate = state.shared.token_gate.lock().await;
        if let Some(t) = state.cached_token().filter(fresh) {
            return Ok(t.token);
        }
        match self.get_access_token().await {
            Ok(response) => {
                let lifetime = token_lifetime(response.expires_in);
                // Refresh a fifth of the lifetime early, at most a minute.
                let margin = (lifetime / 5).min(Duration::from_secs(60));
                let now = Instant::now();
                state.store_token(CachedToken {
                    token: response.access_token.clone(),
                    refresh_at: now + (lifetime - margin),
                    expires_at: now + lifetime,
                });
                Ok(response.access_token)
            }
            // A failed refresh keeps using a token that has not expired yet.
            Err(e) => state.cached_token().map(|t| t.token).ok_or(e),
        }
    }

    /// `getAccessToken`: requests a new OAuth2 token (the client's cache is not touched; most
    /// callers want [`Client::access_token`]).
    pub async fn get_access_token(&self) -> Result<types::TokenResponse, Error> {
        let body = types::TokenRequest {
            grant_type: types::GrantType::ClientCredentials,
            client_id: None,
            client_secret: None,
        };
        self.send_json(Call::to("get_access_token"), || {
            self.raw.get_access_token().body(body.clone()).send()
        })
        .await
    }

    // -------------------------------------------------------------------------------- accounts

    /// `createAccount`: creates an account and starts a workflow execution. Validated before
    /// sending; re-sent only when it provably was not processed (no connection, or a 429): KYX
    /// has no idempotency key. The transaction token of the new workflow is remembered for its
    /// uploads and finalize.
    pub async fn create_account(
        &self,
        request: &types::AccountRequest,
    ) -> Result<types::AccountResponse, Error> {
        self.check_account_request(request)?;
        let account = self
            .send_json(Call::to("create_account"), || {
                self.raw.create_account().body(request.clone()).send()
            })
            .await?;
        self.remember_tokens(&account);
        Ok(account)
    }

    /// `updateAccount`: starts a new workflow execution on an existing account. Like
    /// [`Client::create_account`], re-sent only when it provably was not processed.
    pub async fn update_account(
        &self,
        account_id: &str,
        request: &types::AccountRequest,
    ) -> Result<types::AccountResponse, Error> {
        ids(&[("account_id", account_id)])?;
        self.check_account_request(request)?;
        let account = self
            .send_json(Call::to("update_account"), || {
                self.raw
                    .update_account()
                    .account_id(account_id)
                    .body(request.clone())
                    .send()
            })
            .await?;
        self.remember_tokens(&account);
        Ok(account)
    }

    /// The checks of an account request before it is sent: the documented rules, and the
    /// Portal's URL rules when the client targets a real region.
    pub(crate) fn check_account_request(
        &self,
        request: &types::AccountRequest,
    ) -> Result<(), Error> {
        validate::account_request(request)?;
        if self.config.portal_rules {
            validate::account_request_portal_rules(request)?;
        }
        Ok(())
    }

    fn remember_tokens(&self, account: &types::AccountResponse) {
        let token = account
            .workflow_execution
            .credentials
            .iter()
            .flatten()
            .find_map(|c| c.api.as_ref()?.token.clone());
        if let Some(t) = token {
            self.state()
                .remember_transaction_token(&account.workflow_execution.id, t);
        }
    }

    // ----------------------------------------------------------------------------- acquisition

    /// `uploadPart`: uploads FRONT, BACK or FACE (JPEG or PNG, checked first) or, for workflow
    /// 16, a binary FACEMAP. Files are streamed; retried on 429/5xx/transport failures (except
    /// from a reader, which cannot be replayed).
    pub async fn upload_part(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
        credential_id: &str,
        classifier: types::UploadClassifier,
        file: ImageSource,
    ) -> Result<types::PartUploadResponse, Error> {
        self.send_part(
            false,
            account_id,
            workflow_execution_id,
            credential_id,
            classifier,
            file,
        )
        .await
    }

    /// `replacePart`: replaces an uploaded part (same checks as [`Client::upload_part`]).
    pub async fn replace_part(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
        credential_id: &str,
        classifier: types::UploadClassifier,
        file: ImageSource,
    ) -> Result<types::PartUploadResponse, Error> {
        self.send_part(
            true,
            account_id,
            workflow_execution_id,
            credential_id,
            classifier,
            file,
        )
        .await
    }

    async fn send_part(
        &self,
        replace: bool,
        account_id: &str,
        workflow_id: &str,
        credential_id: &str,
        classifier: types::UploadClassifier,
        file: ImageSource,
    ) -> Result<types::PartUploadResponse, Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_id),
            ("credential_id", credential_id),
        ])?;
        if classifier.is_unknown() {
            return Err(Error::validation(
                "classifier",
                "must be FRONT, BACK, FACE or FACEMAP",
            ));
        }
        let image = classifier != types::UploadClassifier::Facemap;
        let field = classifier.as_str().to_ascii_lowercase();
        let limit = self.config.max_upload_bytes;
        let inspected = file.inspect(&field, limit, image).await?;
        let mut call = Call::to(if replace {
            "replace_part"
        } else {
            "upload_part"
        })
        .for_workflow(workflow_id);
        if file.idempotency() == Idempotency::Once {
            call.idempotency = Idempotency::Once;
        }
        let rv = self
            .call(call, || async {
                let part = file.part(&inspected, limit).await?;
                let builder = if replace {
                    self.raw.replace_part()
                } else {
                    self.raw.upload_part()
                };
                builder
                    .account_id(account_id)
                    .workflow_execution_id(workflow_id)
                    .credential_id(credential_id)
                    .classifier(classifier.clone())
                    .file(part)
                    .send()
                    .await
                    .map_err(error::from_generated::<types::PartUploadResponse>)
            })
            .await?;
        Ok(rv.into_inner())
    }

    /// `uploadPreparedData`: uploads prepared data for a DATA credential. With `workflow_key`,
    /// the fields that workflow requires are checked first.
    pub async fn upload_prepared_data(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
        credential_id: &str,
        data: &types::PreparedData,
        workflow_key: Option<u64>,
    ) -> Result<types::PartUploadResponse, Error> {
        self.send_prepared_data(
            false,
            account_id,
            workflow_execution_id,
            credential_id,
            data,
            workflow_key,
        )
        .await
    }

    /// `replacePreparedData`: replaces prepared data uploaded before.
    pub async fn replace_prepared_data(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
        credential_id: &str,
        data: &types::PreparedData,
        workflow_key: Option<u64>,
    ) -> Result<types::PartUploadResponse, Error> {
        self.send_prepared_data(
            true,
            account_id,
            workflow_execution_id,
            credential_id,
            data,
            workflow_key,
        )
        .await
    }

    async fn send_prepared_data(
        &self,
        replace: bool,
        account_id: &str,
        workflow_id: &str,
        credential_id: &str,
        data: &types::PreparedData,
        workflow_key: Option<u64>,
    ) -> Result<types::PartUploadResponse, Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_id),
            ("credential_id", credential_id),
        ])?;
        validate::prepared_data(data, workflow_key)?;
        let id = if replace {
            "replace_prepared_data"
        } else {
            "upload_prepared_data"
        };
        self.send_json(Call::to(id).for_workflow(workflow_id), || async {
            if replace {
                self.raw
                    .replace_prepared_data()
                    .account_id(account_id)
                    .workflow_execution_id(workflow_id)
                    .credential_id(credential_id)
                    .body(data.clone())
                    .send()
                    .await
            } else {
                self.raw
                    .upload_prepared_data()
                    .account_id(account_id)
                    .workflow_execution_id(workflow_id)
                    .credential_id(credential_id)
                    .body(data.clone())
                    .send()
                    .await
            }
        })
        .await
    }

    /// `finalizeWorkflow`: sends the acquired data to processing.
    pub async fn finalize_workflow(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
    ) -> Result<types::FinalizeResponse, Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_execution_id),
        ])?;
        let call = Call::to("finalize_workflow").for_workflow(workflow_execution_id);
        self.send_json(call, || {
            self.raw
                .finalize_workflow()
                .account_id(account_id)
                .workflow_execution_id(workflow_execution_id)
                .send()
        })
        .await
    }

    // ------------------------------------------------------------------------------- retrieval

    /// `getWorkflowStatus`.
    pub async fn get_workflow_status(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
    ) -> Result<types::WorkflowStatusResponse, Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_execution_id),
        ])?;
        self.send_json(Call::to("get_workflow_status"), || {
            self.raw
                .get_workflow_status()
                .account_id(account_id)
                .workflow_execution_id(workflow_execution_id)
                .send()
        })
        .await
    }

    /// `getWorkflowDetails`.
    pub async fn get_workflow_details(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
    ) -> Result<types::WorkflowDetails, Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_execution_id),
        ])?;
        self.send_json(Call::to("get_workflow_details"), || {
            self.raw
                .get_workflow_details()
                .account_id(account_id)
                .workflow_execution_id(workflow_execution_id)
                .send()
        })
        .await
    }

    /// `getWorkflowExecution`: the details by workflow execution id alone (the href form that
    /// callbacks and status responses give).
    pub async fn get_workflow_execution(
        &self,
        workflow_execution_id: &str,
    ) -> Result<types::WorkflowDetails, Error> {
        ids(&[("workflow_execution_id", workflow_execution_id)])?;
        self.send_json(Call::to("get_workflow_execution"), || {
            self.raw
                .get_workflow_execution()
                .workflow_execution_id(workflow_execution_id)
                .send()
        })
        .await
    }

    /// `getWorkflowSteps`.
    pub async fn get_workflow_steps(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
    ) -> Result<types::StepsResponse, Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_execution_id),
        ])?;
        self.send_json(Call::to("get_workflow_steps"), || {
            self.raw
                .get_workflow_steps()
                .account_id(account_id)
                .workflow_execution_id(workflow_execution_id)
                .send()
        })
        .await
    }

    /// `downloadPart`: streams an acquired part (up to the client's `max_download_bytes`, when
    /// set).
    pub async fn download_part(
        &self,
        account_id: &str,
        credential_id: &str,
        classifier: types::PartClassifier,
    ) -> Result<Download, Error> {
        ids(&[
            ("account_id", account_id),
            ("credential_id", credential_id),
            ("classifier", classifier.as_str()),
        ])?;
        let rv = self
            .send_raw(Call::to("download_part"), || {
                self.raw
                    .download_part()
                    .account_id(account_id)
                    .credential_id(credential_id)
                    .classifier(classifier.clone())
                    .send()
            })
            .await?;
        Ok(Download::from_response(rv))
    }

    /// `getAccount` (inferred: the `account.href` of callbacks, undocumented as an endpoint): the
    /// account and, where the platform lists them, its workflow executions. Tolerant: every
    /// field optional, anything else kept.
    pub async fn get_account(&self, account_id: &str) -> Result<types::AccountDetails, Error> {
        ids(&[("account_id", account_id)])?;
        self.send_json(Call::to("get_account"), || {
            self.raw.get_account().account_id(account_id).send()
        })
        .await
    }

    /// `getWorkflowRules` (inferred, seen in one third-party client): the rules evaluated for a
    /// workflow execution. Tolerant, like [`Client::get_account`].
    pub async fn get_workflow_rules(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
    ) -> Result<types::WorkflowRules, Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_execution_id),
        ])?;
        self.send_json(Call::to("get_workflow_rules"), || {
            self.raw
                .get_workflow_rules()
                .account_id(account_id)
                .workflow_execution_id(workflow_execution_id)
                .send()
        })
        .await
    }

    /// `generateReport` (inferred): the PDF transaction report of a processed workflow
    /// execution, streamed (save it with [`Download::save`]).
    pub async fn generate_report(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
    ) -> Result<Download, Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_execution_id),
        ])?;
        let rv = self
            .send_raw(Call::to("generate_report"), || {
                self.raw
                    .generate_report()
                    .account_id(account_id)
                    .workflow_execution_id(workflow_execution_id)
                    .send()
            })
            .await?;
        Ok(Download::from_response(rv))
    }

    /// `deleteAccount`: deletes the account and all its workflow executions.
    pub async fn delete_account(&self, account_id: &str) -> Result<(), Error> {
        ids(&[("account_id", account_id)])?;
        self.send_raw(Call::to("delete_account"), || {
            self.raw.delete_account().account_id(account_id).send()
        })
        .await?;
        Ok(())
    }

    /// `deleteWorkflow`: deletes one workflow execution.
    pub async fn delete_workflow(
        &self,
        account_id: &str,
        workflow_execution_id: &str,
    ) -> Result<(), Error> {
        ids(&[
            ("account_id", account_id),
            ("workflow_execution_id", workflow_execution_id),
        ])?;
        self.send_raw(Call::to("delete_workflow"), || {
            self.raw
                .delete_workflow()
                .account_id(account_id)
                .workflow_execution_id(workflow_execution_id)
                .send()
        })
        .await?;
        Ok(())
    }

    /// `getHealth`: the platform's health (no credentials needed).
    pub async fn get_health(&self) -> Result<types::HealthResponse, Error> {
        self.send_json(Call::to("get_health"), || self.raw.get_health().send())
            .await
    }

    // ------------------------------------------------------------------------------- migration

    /// `createMigration`: migrates legacy scans into a new account. Re-sent only when it provably
    /// was not processed (no connection, or a 429). Documented failures come back as
    /// [`ErrorKind::Migration`] with the scan references they name.
    pub async fn create_migration(
        &self,
        request: &types::MigrationRequest,
    ) -> Result<types::MigrationResponse, Error> {
        self.check_migration_request(request)?;
        self.send_json(Call::to("create_migration"), || {
            self.raw.create_migration().body(request.clone()).send()
        })
        .await
    }

    /// `updateMigration`: migrates more legacy scans into an existing account. Like
    /// [`Client::create_migration`], re-sent only when it provably was not processed.
    pub async fn update_migration(
        &self,
        account_id: &str,
        request: &types::MigrationRequest,
    ) -> Result<types::MigrationResponse, Error> {
        ids(&[("account_id", account_id)])?;
        self.check_migration_request(request)?;
        self.send_json(Call::to("update_migration"), || {
            self.raw
                .update_migration()
                .account_id(account_id)
                .body(request.clone())
                .send()
        })
        .await
    }

    fn check_migration_request(&self, request: &types::MigrationRequest) -> Result<(), Error> {
        validate::migration_request(request)?;
        if self.config.portal_rules
            && let Some(url) = &request.callback_url
        {
            validate::portal_url("callbackUrl", url, false)?;
        }
        Ok(())
    }

    // ----------------------------------------------------------------------------------- hrefs

    /// Checks that an href from the server points at one of this client's hosts, and returns
    /// its path segments, percent-decoded (the operation encodes them again, once). Requests for
    /// it then go to the configured host, so no token is ever sent elsewhere.
    fn trusted_segments(&self, href: &str) -> Result<Vec<String>, Error> {
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
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|d| d.into_owned())
                .map_err(|_| Error::validation("href", "has a path that is not UTF-8"))
        })
        .collect()
}

/// Longest token lifetime the client believes (Jumio's tokens live an hour).
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(86_400);

/// A server's `expires_in`, clamped to 1 second – [`MAX_TOKEN_LIFETIME`]: a negative, zero or
/// absurd value (`9223372036854775807`) must not overflow the clock.
fn token_lifetime(expires_in: i64) -> Duration {
    Duration::from_secs(expires_in.clamp(1, MAX_TOKEN_LIFETIME.as_secs() as i64) as u64)
}

/// Runs a future before the deadline, or fails with a timeout.
async fn within<T>(deadline: Option<Instant>, fut: impl Future<Output = T>) -> Result<T, Error> {
    match deadline {
        None => Ok(fut.await),
        Some(d) => tokio::time::timeout_at(d.into(), fut)
            .await
            .map_err(|_| Error::new(ErrorKind::Timeout).with_detail("the call's deadline passed")),
    }
}

// ------------------------------------------------------------------------------------- builder

/// Builds a [`Client`]. A region (or base URLs), credentials and a User-Agent are needed.
#[derive(Default)]
pub struct ClientBuilder {
    region: Option<Region>,
    base_urls: Option<BaseUrls>,
    credentials: Option<Credentials>,
    user_agent: Option<String>,
    connect_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    deadline: Option<Duration>,
    proxy: Option<String>,
    http_client: Option<reqwest::Client>,
    retry: Option<RetryPolicy>,
    rate_limit: bool,
    max_upload_bytes: Option<u64>,
    limits: Limits,
    root_certificates: Vec<Vec<u8>>,
    resolve: Vec<(String, std::net::SocketAddr)>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("base_urls", &self.base_urls)
            .field("credentials", &self.credentials)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder preset from the environment: `JUMIO_CLIENT_ID` and `JUMIO_CLIENT_SECRET`
    /// (OAuth2 credentials), `JUMIO_REGION` (`US`, `EU`, `SG` or `amer-1`, …),
    /// `JUMIO_USER_AGENT`, and `JUMIO_BASE_URL` (one URL for every host family, e.g. a sandbox).
    /// Unset variables leave the builder as it is; a malformed one is an error.
    pub fn from_env() -> Result<Self, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let mut b = Self::default();
        if let (Some(id), Some(secret)) = (var("JUMIO_CLIENT_ID"), var("JUMIO_CLIENT_SECRET")) {
            b = b.credentials(id, secret);
        }
        if let Some(r) = var("JUMIO_REGION") {
            b = b.region(
                r.parse()
                    .map_err(|e: String| Error::configuration(format!("JUMIO_REGION: {e}")))?,
            );
        }
        if let Some(ua) = var("JUMIO_USER_AGENT") {
            b = b.user_agent(ua);
        }
        if let Some(url) = var("JUMIO_BASE_URL") {
            b = b.base_url(url);
        }
        Ok(b)
    }

    /// The region whose hosts to use.
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }

    /// One base URL for every host family (a sandbox, a proxy). Overrides the region's hosts.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_urls = Some(BaseUrls::single(url.as_ref()));
        self
    }

    /// The base URL of one host family (others keep the region's, or the single base URL).
    pub fn base_url_for(mut self, family: HostFamily, url: impl AsRef<str>) -> Self {
        let current = self
            .base_urls
            .take()
            .or_else(|| self.region.map(BaseUrls::region))
            .unwrap_or_else(|| BaseUrls::single(url.as_ref()));
        self.base_urls = Some(current.with(family, url.as_ref()));
        self
    }

    /// OAuth2 client credentials (Portal > Settings > API credentials > OAuth2 Clients).
    pub fn credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::OAuth2 {
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret),
        });
        self
    }

    /// HTTP Basic API credentials instead of OAuth2 (deprecated by Jumio; accepted for account
    /// and retrieval calls).
    pub fn basic_credentials(
        mut self,
        api_token: impl Into<String>,
        api_secret: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::Basic {
            api_token: api_token.into(),
            api_secret: Secret::new(api_secret),
        });
        self
    }

    /// The User-Agent, naming your company and application (`Acme Onboarding/2.1`). Required:
    /// Jumio refuses requests without one.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Time allowed to open a connection (default 10 s; more than zero, at most 30 days).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = Some(t);
        self
    }

    /// Time allowed for one HTTP request, its body included (default 60 s; more than zero, at
    /// most 30 days).
    pub fn request_timeout(mut self, t: Duration) -> Self {
        self.request_timeout = Some(t);
        self
    }

    /// Time allowed for a whole call: the token it needs, every attempt and every wait (default:
    /// none; more than zero, at most 30 days).
    pub fn deadline(mut self, t: Duration) -> Self {
        self.deadline = Some(t);
        self
    }

    /// The largest JSON response body the client reads (default 16 MiB). Larger answers fail
    /// with [`ErrorKind::InvalidResponse`] without being read; error bodies are read up to 64 KiB
    /// at most.
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.limits.max_response_bytes = bytes;
        self
    }

    /// The largest part download (default: no limit; downloads are streamed).
    pub fn max_download_bytes(mut self, bytes: u64) -> Self {
        self.limits.max_download_bytes = Some(bytes);
        self
    }

    /// An HTTP(S) proxy for every request.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Your own reqwest client (connection pool, TLS, proxy). The User-Agent and the request
    /// timeout are still applied per request; the connect timeout and proxy settings are yours.
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`: a redirect it follows by
    /// itself is detected and refused, but only after the request went to the other host.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// More root certificates to trust (PEM, one or several), besides the system's: a corporate
    /// proxy that inspects TLS, or a sandbox in region mode (`RunningSandbox::ca_pem`).
    pub fn root_certificates_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates.push(pem.as_ref().to_vec());
        self
    }

    /// Resolves a host name to this address instead of asking DNS (the port, when not 0, is
    /// used whatever the URL's): to reach Jumio through a fixed egress address, or a sandbox
    /// in region mode under the real host names.
    ///
    /// ```no_run
    /// # fn f(sandbox_addr: std::net::SocketAddr, ca_pem: &str) -> Result<(), jumio_kyx::Error> {
    /// let mut b = jumio_kyx::Client::builder()
    ///     .region(jumio_kyx::Region::Eu)
    ///     .credentials("id", "secret")
    ///     .user_agent("Acme/1.0")
    ///     .root_certificates_pem(ca_pem);
    /// for family in jumio_kyx::HostFamily::ALL {
    ///     b = b.resolve(format!("{family}.emea-1.jumio.ai"), sandbox_addr);
    /// }
    /// let client = b.build()?;
    /// # Ok(()) }
    /// ```
    pub fn resolve(mut self, host: impl Into<String>, addr: std::net::SocketAddr) -> Self {
        self.resolve.push((host.into(), addr));
        self
    }

    /// The retry policy (default: 3 retries from 250 ms, doubling, with jitter).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Waits client-side to stay within Jumio's published rate limits (default: off).
    pub fn rate_limit(mut self, on: bool) -> Self {
        self.rate_limit = on;
        self
    }

    /// The upload size limit checked before sending (default 10 MB).
    pub fn max_upload_bytes(mut self, bytes: u64) -> Self {
        self.max_upload_bytes = Some(bytes);
        self
    }

    /// Builds the client; nothing is sent. Hostile settings (a zero or 30-day-plus timeout, a
    /// retry policy whose waits exceed an hour, a zero size limit) are validation errors that
    /// name the setting.
    pub fn build(self) -> Result<Client, Error> {
        let max = validate::MAX_CALLER_DURATION;
        let connect_timeout = self
            .connect_timeout
            .map(|t| validate::duration("connect_timeout", t, max))
            .transpose()?;
        let request_timeout = self
            .request_timeout
            .map(|t| validate::duration("request_timeout", t, max))
            .transpose()?;
        let deadline = self
            .deadline
            .map(|t| validate::duration("deadline", t, max))
            .transpose()?;
        let retry = self.retry.unwrap_or_default();
        retry.validate()?;
        if self.limits.max_response_bytes == 0 {
            return Err(Error::validation(
                "max_response_bytes",
                "must be more than zero",
            ));
        }
        if self.limits.max_download_bytes == Some(0) || self.max_upload_bytes == Some(0) {
            let field = if self.max_upload_bytes == Some(0) {
                "max_upload_bytes"
            } else {
                "max_download_bytes"
            };
            return Err(Error::validation(field, "must be more than zero"));
        }
        let user_agent = self.user_agent.filter(|u| !u.trim().is_empty()).ok_or_else(|| {
            Error::configuration("a User-Agent naming your company and application is required (e.g. \"Acme Onboarding/2.1\"); Jumio refuses requests without one")
        })?;
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::configuration("the User-Agent is not a valid header value"))?;
        let base_urls = match (self.base_urls, self.region) {
            (Some(b), _) => b,
            (None, Some(r)) => BaseUrls::region(r),
            (None, None) => {
                return Err(Error::configuration(
                    "choose a region (US, EU, SG) or a base URL",
                ));
            }
        };
        let mut allowed_hosts = Vec::new();
        for (family, url) in base_urls.iter() {
            let parsed = reqwest::Url::parse(url).map_err(|_| {
                Error::configuration(format!("the {family} base URL is not a valid URL"))
            })?;
            match parsed.scheme() {
                "https" => {}
                "http" if is_loopback(&parsed) => {}
                "http" => {
                    return Err(Error::configuration(format!(
                        "the {family} base URL uses plain http://, allowed only for loopback (a local sandbox)"
                    )));
                }
                _ => {
                    return Err(Error::configuration(format!(
                        "the {family} base URL must be https://"
                    )));
                }
            }
            allowed_hosts.push((
                parsed.scheme().to_string(),
                parsed.host_str().unwrap_or_default().to_ascii_lowercase(),
                parsed.port(),
            ));
        }
        if let Some(region) = self.region {
            for family in HostFamily::ALL {
                allowed_hosts.push((
                    "https".into(),
                    format!("{}.{}.jumio.ai", family.as_str(), region.id()),
                    None,
                ));
            }
        }
        let credentials = self.credentials.unwrap_or(Credentials::None);
        if let Credentials::OAuth2 {
            client_id,
            client_secret,
        } = &credentials
            && (client_id.is_empty() || client_secret.is_empty())
        {
            return Err(Error::configuration(
                "the OAuth2 client id and secret must not be empty",
            ));
        }
        let http = match self.http_client {
            Some(_) if !self.root_certificates.is_empty() || !self.resolve.is_empty() => {
                return Err(Error::configuration(
                    "root certificates and DNS overrides apply to the client's own HTTP client; set them on yours",
                ));
            }
            Some(c) => c,
            None => {
                let mut b = reqwest::Client::builder()
                    .connect_timeout(connect_timeout.unwrap_or(Duration::from_secs(10)))
                    .redirect(reqwest::redirect::Policy::none())
                    .user_agent(user_agent.clone());
                for pem in &self.root_certificates {
                    let certs = reqwest::Certificate::from_pem_bundle(pem).map_err(|_| {
                        Error::validation("root_certificates", "must be PEM certificates")
                    })?;
                    if certs.is_empty() {
                        return Err(Error::validation(
                            "root_certificates",
                            "must be PEM certificates",
                        ));
                    }
                    b = b.tls_certs_merge(certs);
                }
                for (host, addr) in &self.resolve {
                    b = b.resolve(host, *addr);
                }
                if let Some(p) = &self.proxy {
                    b = b.proxy(reqwest::Proxy::all(p).map_err(|e| {
                        Error::configuration("the proxy URL is invalid").with_source(e)
                    })?);
                }
                b.build().map_err(|e| {
                    Error::configuration("the HTTP client cannot be built").with_source(e)
                })?
            }
        };
        let state = ClientState::with(
            base_urls.clone(),
            Some(user_agent),
            credentials,
            Some(request_timeout.unwrap_or(Duration::from_secs(60))),
            self.limits,
        );
        let raw =
            generated::Client::new_with_client(base_urls.get(HostFamily::Account), http, state);
        Ok(Client {
            raw,
            config: Arc::new(Config {
                retry,
                deadline,
                limiter: self.rate_limit.then(RateLimiter::published),
                max_upload_bytes: self
                    .max_upload_bytes
                    .unwrap_or(validate::DEFAULT_MAX_UPLOAD_BYTES),
                portal_rules: allowed_hosts
                    .iter()
                    .take(HostFamily::ALL.len())
                    .all(|(_, host, _)| host.ends_with(".jumio.ai")),
                allowed_hosts,
            }),
        })
    }
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}
