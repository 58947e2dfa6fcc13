//! Every operation of [`Client`] by name, with JSON arguments and results: the one entry point
//! of the Python and Node packages, so that they convert values and forward, and behave exactly
//! like the Rust client.
//!
//! Operation names are the Rust method names (the spec's operationIds in snake_case, plus the
//! flows); arguments are named as the Rust parameters; request and response bodies are the API's
//! JSON. Files travel beside the JSON, by argument name (`file`, `front`, `back`, `selfie`).
//!
//! ```no_run
//! # async fn f(client: jumio_kyx::Client) -> Result<(), jumio_kyx::Error> {
//! use jumio_kyx::by_name::{call, Output};
//! let out = call(&client, "get_workflow_status", serde_json::json!({"account_id": "a", "workflow_execution_id": "w"}), Default::default()).await?;
//! if let Output::Json(status) = out {
//!     println!("{}", status["workflowExecution"]["status"]);
//! }
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::callback::{CallbackVerifier, parse_callback};
use crate::client::{Client, ClientBuilder, Download};
use crate::error::{self, Error};
use crate::flows::{IdentityVerification, PollSchedule, PreparedDataVerification, WaitOptions};
use crate::lenient::WorkflowKey;
use crate::retry::RetryPolicy;
use crate::routing::Region;
use crate::types;
use crate::upload::ImageSource;
use crate::validate;

/// Every operation [`call`] knows, in the order of the spec (then the flows and helpers).
pub const OPERATIONS: &[&str] = &[
    "get_access_token",
    "create_account",
    "update_account",
    "upload_part",
    "replace_part",
    "upload_prepared_data",
    "replace_prepared_data",
    "finalize_workflow",
    "get_workflow_status",
    "get_workflow_details",
    "get_workflow_execution",
    "get_workflow_steps",
    "download_part",
    "get_account",
    "get_workflow_rules",
    "generate_report",
    "delete_account",
    "delete_workflow",
    "get_health",
    "create_migration",
    "update_migration",
    "get_workflow_by_href",
    "download_href",
    "run_identity_verification",
    "run_prepared_data_verification",
    "wait_for_completion",
    "get_callback_details",
];

/// What an operation returns.
#[derive(Debug)]
pub enum Output {
    /// A JSON body (`null` for operations without one).
    Json(Value),
    /// A streamed part download.
    Download(Download),
}

/// The files of a call, by argument name.
pub type Files = BTreeMap<String, ImageSource>;

/// What a binding hands back for a call: the JSON result and, for a download read into memory,
/// its bytes. See [`call_collected`].
#[derive(Debug)]
pub struct Collected {
    /// The JSON body; for a download `{contentType, length}`.
    pub json: Value,
    /// A download's bytes, unless it was saved to a file.
    pub content: Option<bytes::Bytes>,
}

/// Runs an operation by name, as [`call`], and finishes a download the way every binding does:
/// streamed into `save_to` when given (a file that cannot be written is an
/// [`ErrorKind::LocalFile`](crate::ErrorKind::LocalFile) error), else read (bounded by the
/// client's `max_download_bytes`).
///
/// ```no_run
/// # async fn f(client: jumio_kyx::Client) -> Result<(), jumio_kyx::Error> {
/// use jumio_kyx::by_name::call_collected;
/// let args = serde_json::json!({"href": "https://retrieval.amer-1.jumio.ai/api/v1/…/parts/FRONT"});
/// let out = call_collected(&client, "download_href", args, Default::default(), Some("front.jpg".into())).await?;
/// println!("{} bytes saved", out.json["length"]);
/// # Ok(()) }
/// ```
pub async fn call_collected(
    client: &Client,
    operation: &str,
    args: Value,
    files: Files,
    save_to: Option<std::path::PathBuf>,
) -> Result<Collected, Error> {
    match call(client, operation, args, files).await? {
        Output::Json(json) => Ok(Collected {
            json,
            content: None,
        }),
        Output::Download(d) => {
            let content_type = d.content_type().map(String::from);
            match save_to {
                Some(path) => {
                    let length = d.save(path).await?;
                    Ok(Collected {
                        json: json!({"contentType": content_type, "length": length}),
                        content: None,
                    })
                }
                None => {
                    let bytes = d.bytes().await?;
                    Ok(Collected {
                        json: json!({"contentType": content_type, "length": bytes.len()}),
                        content: Some(bytes),
                    })
                }
            }
        }
    }
}

pub(crate) struct Args<'a> {
    op: &'a str,
    v: Value,
}

impl Args<'_> {
    pub(crate) fn str(&self, name: &str) -> Result<String, Error> {
        match &self.v[name] {
            Value::String(s) => Ok(s.clone()),
            Value::Null => Err(Error::validation(
                name,
                format!("is required by {}", self.op),
            )),
            _ => Err(Error::validation(name, "must be a string")),
        }
    }

    fn opt_str(&self, name: &str) -> Result<Option<String>, Error> {
        match &self.v[name] {
            Value::Null => Ok(None),
            _ => self.str(name).map(Some),
        }
    }

    fn opt_f64(&self, name: &str) -> Result<Option<f64>, Error> {
        match &self.v[name] {
            Value::Null => Ok(None),
            v => number(v)
                .map(Some)
                .ok_or_else(|| Error::validation(name, "must be a number")),
        }
    }

    /// A duration in seconds: finite, more than zero, at most 30 days.
    fn opt_seconds(&self, name: &str) -> Result<Option<Duration>, Error> {
        self.opt_f64(name)?
            .map(|s| validate::seconds(name, s, validate::MAX_CALLER_DURATION))
            .transpose()
    }

    fn body<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, Error> {
        if self.v[name].is_null() {
            return Err(Error::validation(
                name,
                format!("is required by {}", self.op),
            ));
        }
        body_as(name, self.v[name].clone())
    }

    fn workflow_key(&self) -> Result<Option<WorkflowKey>, Error> {
        match &self.v["workflow_key"] {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(WorkflowKey::text(s.clone()))),
            Value::Number(n) => n
                .as_u64()
                .map(|k| Some(WorkflowKey::number(k)))
                .ok_or_else(|| Error::validation("workflow_key", "must be a positive integer")),
            _ => Err(Error::validation(
                "workflow_key",
                "must be a number or a numeric string",
            )),
        }
    }
}

/// A number as the bindings hand it over: a JSON number, or one of the strings `NaN`,
/// `Infinity`, `-Infinity` for the values JSON cannot carry (Python's `float("inf")`, a
/// JavaScript `Infinity`), so that they reach the checks and get a validation error naming the
/// field rather than being lost in conversion.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

/// serde's reader of [`number`], for optional fields in seconds.
fn seconds_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => number(&v)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom("must be a number of seconds")),
    }
}

/// A JSON body as a `T`; when it is not one, a validation error naming the field path inside it
/// (`customerInternalReference`, `id.expiryDate`) and the expected type, never the value.
fn body_as<T: serde::de::DeserializeOwned>(name: &str, value: Value) -> Result<T, Error> {
    error::from_json_value(value).map_err(|(path, reason)| {
        Error::validation(path.unwrap_or_else(|| name.to_string()), reason)
    })
}

fn file(files: &mut Files, name: &str, op: &str) -> Result<ImageSource, Error> {
    files
        .remove(name)
        .ok_or_else(|| Error::validation(name, format!("is required by {op}")))
}

pub(crate) fn json<T: serde::Serialize>(v: T) -> Result<Output, Error> {
    serde_json::to_value(v)
        .map(Output::Json)
        .map_err(|e| Error::configuration("a result could not be serialised").with_source(e))
}

/// Runs an operation by name.
pub async fn call(
    client: &Client,
    operation: &str,
    args: Value,
    mut files: Files,
) -> Result<Output, Error> {
    let a = Args {
        op: operation,
        v: args,
    };
    if let Some(out) = crate::client::call_plain(client, operation, &a).await? {
        return Ok(out);
    }
    match operation {
        "get_access_token" => json(client.get_access_token().await?),
        "create_account" => json(client.create_account(&a.body("request")?).await?),
        "update_account" => json(
            client
                .update_account(&a.str("account_id")?, &a.body("request")?)
                .await?,
        ),
        "upload_part" | "replace_part" => {
            let (acc, wf, cred) = (
                a.str("account_id")?,
                a.str("workflow_execution_id")?,
                a.str("credential_id")?,
            );
            let classifier = types::UploadClassifier::from(a.str("classifier")?);
            let source = file(&mut files, "file", operation)?;
            let r = if operation == "upload_part" {
                client
                    .upload_part(&acc, &wf, &cred, classifier, source)
                    .await?
            } else {
                client
                    .replace_part(&acc, &wf, &cred, classifier, source)
                    .await?
            };
            json(r)
        }
        "upload_prepared_data" | "replace_prepared_data" => {
            let (acc, wf, cred) = (
                a.str("account_id")?,
                a.str("workflow_execution_id")?,
                a.str("credential_id")?,
            );
            let data: types::PreparedData = a.body("data")?;
            let key = a.workflow_key()?.and_then(|k| k.as_u64());
            let r = if operation == "upload_prepared_data" {
                client
                    .upload_prepared_data(&acc, &wf, &cred, &data, key)
                    .await?
            } else {
                client
                    .replace_prepared_data(&acc, &wf, &cred, &data, key)
                    .await?
            };
            json(r)
        }
        "finalize_workflow" => json(
            client
                .finalize_workflow(&a.str("account_id")?, &a.str("workflow_execution_id")?)
                .await?,
        ),
        "download_part" => {
            let classifier = types::PartClassifier::from(a.str("classifier")?);
            Ok(Output::Download(
                client
                    .download_part(&a.str("account_id")?, &a.str("credential_id")?, classifier)
                    .await?,
            ))
        }
        "create_migration" => json(client.create_migration(&a.body("request")?).await?),
        "update_migration" => json(
            client
                .update_migration(&a.str("account_id")?, &a.body("request")?)
                .await?,
        ),
        "get_workflow_by_href" => json(client.get_workflow_by_href(&a.str("href")?).await?),
        "download_href" => Ok(Output::Download(
            client.download_href(&a.str("href")?).await?,
        )),
        "run_identity_verification" => {
            let mut v = IdentityVerification::new(
                a.str("customer_internal_reference")?,
                file(&mut files, "front", operation)?,
                file(&mut files, "selfie", operation)?,
            );
            if let Some(back) = files.remove("back") {
                v = v.back(back);
            }
            if let Some(k) = a.workflow_key()? {
                v = v.workflow(k);
            }
            if let Some(u) = a.opt_str("user_reference")? {
                v = v.user_reference(u);
            }
            if let Some(u) = a.opt_str("callback_url")? {
                v = v.callback_url(u);
            }
            if let Some(t) = a.opt_str("token_lifetime")? {
                v = v.token_lifetime(t);
            }
            json(client.run_identity_verification(v).await?.account)
        }
        "run_prepared_data_verification" => {
            let mut v = PreparedDataVerification::screening(
                a.str("customer_internal_reference")?,
                a.opt_str("user_reference")?.unwrap_or_default(),
                a.body("data")?,
            );
            if a.v["user_reference"].is_null() {
                v.user_reference = None;
            }
            if let Some(k) = a.workflow_key()? {
                v.workflow_key = k;
            }
            if let Some(u) = a.opt_str("callback_url")? {
                v = v.callback_url(u);
            }
            json(client.run_prepared_data_verification(v).await?.account)
        }
        "wait_for_completion" => {
            let schedule = match (
                a.opt_seconds("poll_interval")?,
                a.opt_f64("schedule_scale")?,
            ) {
                (Some(every), _) => PollSchedule::Every(every),
                (None, Some(f)) => PollSchedule::Scaled(f),
                (None, None) => PollSchedule::Documented,
            };
            let deadline = a
                .opt_seconds("deadline")?
                .unwrap_or(WaitOptions::default().deadline);
            json(
                client
                    .wait_for_completion(
                        &a.str("account_id")?,
                        &a.str("workflow_execution_id")?,
                        WaitOptions { schedule, deadline },
                    )
                    .await?,
            )
        }
        "get_callback_details" => {
            let callback: types::CallbackPayload = a.body("callback")?;
            json(client.get_callback_details(&callback).await?)
        }
        other => Err(Error::validation(
            "operation",
            format!("`{other}` is not an operation of the client"),
        )),
    }
}

/// The options of a client, as the Python and Node packages pass them: camelCase (Node) or
/// snake_case (Python) names, `null` for unset; times in seconds. Unknown names are refused, so a
/// typo is not silently ignored.
///
/// ```
/// use jumio_kyx::by_name::client_from_options;
/// let client = client_from_options(serde_json::json!({
///     "baseUrl": "http://127.0.0.1:4010", "clientId": "id", "clientSecret": "secret",
///     "userAgent": "Acme/1.0", "initialBackoff": 0.05,
/// })).unwrap();
/// let error = client_from_options(serde_json::json!({"region": "US", "userAgent": "A/1", "deadline": -1})).unwrap_err();
/// assert_eq!(error.field(), Some("deadline"));
/// ```
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientOptions {
    /// Start from `JUMIO_*` environment variables ([`ClientBuilder::from_env`]).
    #[serde(default, alias = "from_env")]
    pub from_env: Option<bool>,
    /// `US`, `EU`, `SG` (or `amer-1`, …).
    #[serde(default)]
    pub region: Option<String>,
    /// One base URL for every host family (a sandbox).
    #[serde(default, alias = "base_url")]
    pub base_url: Option<String>,
    /// OAuth2 client id.
    #[serde(default, alias = "client_id")]
    pub client_id: Option<String>,
    /// OAuth2 client secret.
    #[serde(default, alias = "client_secret")]
    pub client_secret: Option<crate::redact::Secret>,
    /// HTTP Basic API token (deprecated by Jumio).
    #[serde(default, alias = "api_token")]
    pub api_token: Option<String>,
    /// HTTP Basic API secret.
    #[serde(default, alias = "api_secret")]
    pub api_secret: Option<crate::redact::Secret>,
    /// The User-Agent naming your company and application.
    #[serde(default, alias = "user_agent")]
    pub user_agent: Option<String>,
    /// Seconds allowed to connect.
    #[serde(default, alias = "connect_timeout", deserialize_with = "seconds_field")]
    pub connect_timeout: Option<f64>,
    /// Seconds allowed for one HTTP request.
    #[serde(default, alias = "request_timeout", deserialize_with = "seconds_field")]
    pub request_timeout: Option<f64>,
    /// Seconds allowed for a whole call, retries included.
    #[serde(default, deserialize_with = "seconds_field")]
    pub deadline: Option<f64>,
    /// An HTTP(S) proxy URL.
    #[serde(default)]
    pub proxy: Option<String>,
    /// Retries after failures other than 429.
    #[serde(default, alias = "max_retries")]
    pub max_retries: Option<u32>,
    /// Retries after 429s.
    #[serde(default, alias = "max_rate_limit_retries")]
    pub max_rate_limit_retries: Option<u32>,
    /// Seconds before the first retry.
    #[serde(default, alias = "initial_backoff", deserialize_with = "seconds_field")]
    pub initial_backoff: Option<f64>,
    /// Longest wait between attempts, in seconds.
    #[serde(default, alias = "max_backoff", deserialize_with = "seconds_field")]
    pub max_backoff: Option<f64>,
    /// Wait client-side to stay within Jumio's published rate limits.
    #[serde(default, alias = "rate_limit")]
    pub rate_limit: Option<bool>,
    /// Upload size limit checked before sending.
    #[serde(default, alias = "max_upload_bytes")]
    pub max_upload_bytes: Option<u64>,
    /// Largest JSON response body read.
    #[serde(default, alias = "max_response_bytes")]
    pub max_response_bytes: Option<u64>,
    /// Largest part download.
    #[serde(default, alias = "max_download_bytes")]
    pub max_download_bytes: Option<u64>,
    /// More root certificates to trust, PEM.
    #[serde(default, alias = "root_certificates")]
    pub root_certificates: Option<Vec<String>>,
    /// Host name → `ip:port` to use instead of DNS.
    #[serde(default)]
    pub resolve: Option<BTreeMap<String, String>>,
}

impl ClientOptions {
    /// The builder these options describe. Every time is checked (finite, more than zero,
    /// bounded) and a bad one is a validation error naming its option.
    pub fn builder(&self) -> Result<ClientBuilder, Error> {
        let secs = |name: &str, v: Option<f64>| {
            v.map(|s| validate::seconds(name, s, validate::MAX_CALLER_DURATION))
                .transpose()
        };
        let mut b = if self.from_env == Some(true) {
            ClientBuilder::from_env()?
        } else {
            Client::builder()
        };
        if let Some(r) = &self.region {
            b = b.region(
                r.parse()
                    .map_err(|e: String| Error::validation("region", e))?,
            );
        }
        if let Some(u) = &self.base_url {
            b = b.base_url(u);
        }
        match (&self.client_id, &self.client_secret) {
            (Some(id), Some(secret)) => b = b.credentials(id, secret.expose()),
            (None, None) => {}
            _ => {
                return Err(Error::validation(
                    "client_secret",
                    "client id and secret go together",
                ));
            }
        }
        match (&self.api_token, &self.api_secret) {
            (Some(t), Some(secret)) => b = b.basic_credentials(t, secret.expose()),
            (None, None) => {}
            _ => {
                return Err(Error::validation(
                    "api_secret",
                    "API token and secret go together",
                ));
            }
        }
        if let Some(ua) = &self.user_agent {
            b = b.user_agent(ua);
        }
        if let Some(t) = secs("connect_timeout", self.connect_timeout)? {
            b = b.connect_timeout(t);
        }
        if let Some(t) = secs("request_timeout", self.request_timeout)? {
            b = b.request_timeout(t);
        }
        if let Some(t) = secs("deadline", self.deadline)? {
            b = b.deadline(t);
        }
        if let Some(p) = &self.proxy {
            b = b.proxy(p);
        }
        // Each retry setting applies on its own (a backoff without a retry count used to be
        // ignored by the bindings).
        let mut policy = RetryPolicy::default();
        if let Some(n) = self.max_retries {
            policy.max_retries = n;
        }
        if let Some(n) = self.max_rate_limit_retries {
            policy.max_rate_limit_retries = n;
        }
        if let Some(t) = secs("max_backoff", self.max_backoff)? {
            policy.max_backoff = t;
        }
        if let Some(t) = secs("initial_backoff", self.initial_backoff)? {
            policy.initial_backoff = t;
        }
        b = b.retry_policy(policy);
        if let Some(r) = self.rate_limit {
            b = b.rate_limit(r);
        }
        if let Some(m) = self.max_upload_bytes {
            b = b.max_upload_bytes(m);
        }
        if let Some(m) = self.max_response_bytes {
            b = b.max_response_bytes(m);
        }
        if let Some(m) = self.max_download_bytes {
            b = b.max_download_bytes(m);
        }
        for pem in self.root_certificates.iter().flatten() {
            b = b.root_certificates_pem(pem);
        }
        for (host, addr) in self.resolve.iter().flatten() {
            let addr = addr.parse().map_err(|_| {
                Error::validation("resolve", "maps host names to addresses as `ip:port`")
            })?;
            b = b.resolve(host, addr);
        }
        Ok(b)
    }
}

/// A client from options as JSON (see [`ClientOptions`]); nothing is sent.
pub fn client_from_options(options: Value) -> Result<Client, Error> {
    let options: ClientOptions = if options.is_null() {
        ClientOptions::default()
    } else {
        // An option is named the same in every language's errors: snake_case.
        error::from_json_value(options).map_err(|(path, reason)| {
            let field = path.map_or_else(|| "options".to_string(), |p| snake_case(&p));
            Error::validation(field, reason)
        })?
    };
    options.builder()?.build()
}

/// `retryAfter` → `retry_after`: how an option or error field is named in Python (and in every
/// language's validation errors).
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every capability result of workflow details, flattened (see
/// [`types::WorkflowDetails::capability_summaries`]): `[{capability, category, decision, label}]`.
pub fn capability_summaries_json(details: Value) -> Result<Value, Error> {
    let details: types::WorkflowDetails = serde_json::from_value(details)
        .map_err(|e| Error::validation("details", format!("are not workflow details: {e}")))?;
    let rows: Vec<Value> = details
        .capability_summaries()
        .into_iter()
        .map(|c| json!({"capability": c.capability, "category": c.category, "decision": c.decision, "label": c.label}))
        .collect();
    Ok(Value::Array(rows))
}

/// Every field of an error, as the Python and Node packages expose it: `message`, `kind`,
/// `errorClass` (the exception class to raise, see [`ErrorKind::CLASSES`](crate::ErrorKind::CLASSES)), `status`, `title`, `detail`, `field`, `requestId`, `retryAfter` (seconds), `scanReferences`,
/// `retryable`, `operation`, `migration` and `body` (the start of an error body that was not a
/// problem document). No secret or submitted value is in any of them.
pub fn error_fields(e: &Error) -> Value {
    let migration = match e.kind() {
        crate::ErrorKind::Migration(m) => Some(m.code()),
        _ => None,
    };
    json!({
        "message": e.to_string(),
        "kind": e.kind().code(),
        "errorClass": e.kind().class_name(),
        "status": e.status(),
        "title": e.title(),
        "detail": e.detail(),
        "field": e.field(),
        "requestId": e.request_id(),
        "retryAfter": e.retry_after().map(|d| d.as_secs_f64()),
        "scanReferences": e.scan_references(),
        "retryable": e.is_retryable(),
        "operation": e.operation(),
        "migration": migration,
        "body": e.body(),
    })
}

/// Parses a callback body into its JSON (lenient, like every response).
pub fn parse_callback_json(body: &[u8]) -> Result<Value, Error> {
    let callback = parse_callback(body)?;
    let mut v = serde_json::to_value(&callback)
        .map_err(|e| Error::configuration("a callback could not be serialised").with_source(e))?;
    v["dedupeKey"] = json!(callback.dedupe_key());
    Ok(v)
}

/// A callback verifier from a region name (`US`, `EU`, `SG`, `amer-1`, …, or `all`), extra
/// allowed addresses and trusted proxies.
pub fn callback_verifier(
    region: &str,
    allow: &[String],
    trusted_proxies: &[String],
    current_only: bool,
) -> Result<CallbackVerifier, Error> {
    let mut v = if region.eq_ignore_ascii_case("all") {
        CallbackVerifier::all_regions()
    } else {
        let r: Region = region
            .parse()
            .map_err(|e: String| Error::validation("region", e))?;
        if current_only {
            CallbackVerifier::current_only(r)
        } else {
            CallbackVerifier::for_region(r)
        }
    };
    for ip in allow {
        v = v.allow(
            ip.parse()
                .map_err(|_| Error::validation("allow", "must list IP addresses"))?,
        );
    }
    for ip in trusted_proxies {
        v = v.trust_proxy(
            ip.parse()
                .map_err(|_| Error::validation("trusted_proxies", "must list IP addresses"))?,
        );
    }
    Ok(v)
}

/// The hosted journey's address of an account response (`web.href`), checked as
/// [`crate::web::journey_url`] checks it.
pub fn journey_url_json(account: Value) -> Result<String, Error> {
    let account: types::AccountResponse = serde_json::from_value(account)
        .map_err(|e| Error::validation("account", format!("is not an account response: {e}")))?;
    crate::web::journey_url(&account).map(String::from)
}

/// Parses the redirect a `successUrl` / `errorUrl` handler receives (see
/// [`crate::web::WebRedirect::parse`]): `{accountId, workflowExecutionId,
/// customerInternalReference?, acquisitionStatus, errorCode?, errorDescription?, extra}`.
pub fn parse_web_redirect_json(url_or_query: &str) -> Result<Value, Error> {
    let r = crate::web::WebRedirect::parse(url_or_query)?;
    let mut v = serde_json::to_value(&r)
        .map_err(|e| Error::configuration("a redirect could not be serialised").with_source(e))?;
    if let Some(d) = r.error_code.and_then(|c| c.description()) {
        v["errorDescription"] = json!(d);
    }
    v["extra"] = json!(r.extra);
    Ok(v)
}
