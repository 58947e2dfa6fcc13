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

use crate::client::{Client, Download};
use crate::error::{self, Error};
use crate::flows::{IdentityVerification, PollSchedule, PreparedDataVerification, WaitOptions};
use crate::lenient::WorkflowKey;
use crate::types;
use crate::upload::ImageSource;
use crate::validate;

mod json;
mod options;

pub use json::{
    callback_verifier, capability_summaries_json, error_fields, journey_url_json,
    parse_callback_json, parse_web_redirect_json,
};
pub use options::{ClientOptions, client_from_options, snake_case};

include!(concat!(env!("OUT_DIR"), "/by_name_operations.rs"));

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
