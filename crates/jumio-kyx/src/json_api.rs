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
//! use jumio_kyx::json_api::{call, Output};
//! let out = call(&client, "get_workflow_status", serde_json::json!({"account_id": "a", "workflow_execution_id": "w"}), Default::default()).await?;
//! if let Output::Json(status) = out {
//!     println!("{}", status["workflowExecution"]["status"]);
//! }
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};

use crate::callback::{CallbackVerifier, parse_callback};
use crate::client::{Client, Download};
use crate::error::Error;
use crate::flows::{IdentityVerification, PollSchedule, PreparedDataVerification, WaitOptions};
use crate::lenient::WorkflowKey;
use crate::routing::Region;
use crate::types;
use crate::upload::ImageSource;

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

struct Args<'a> {
    op: &'a str,
    v: Value,
}

impl Args<'_> {
    fn str(&self, name: &str) -> Result<String, Error> {
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
            v => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| Error::validation(name, "must be a number")),
        }
    }

    fn body<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, Error> {
        if self.v[name].is_null() {
            return Err(Error::validation(
                name,
                format!("is required by {}", self.op),
            ));
        }
        serde_json::from_value(self.v[name].clone()).map_err(|e| {
            // serde's message names the offending key and type, never the value.
            Error::validation(name, format!("does not match the API description: {e}"))
        })
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

fn file(files: &mut Files, name: &str, op: &str) -> Result<ImageSource, Error> {
    files
        .remove(name)
        .ok_or_else(|| Error::validation(name, format!("is required by {op}")))
}

fn json<T: serde::Serialize>(v: T) -> Result<Output, Error> {
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
        "get_workflow_status" => json(
            client
                .get_workflow_status(&a.str("account_id")?, &a.str("workflow_execution_id")?)
                .await?,
        ),
        "get_workflow_details" => json(
            client
                .get_workflow_details(&a.str("account_id")?, &a.str("workflow_execution_id")?)
                .await?,
        ),
        "get_workflow_execution" => json(
            client
                .get_workflow_execution(&a.str("workflow_execution_id")?)
                .await?,
        ),
        "get_workflow_steps" => json(
            client
                .get_workflow_steps(&a.str("account_id")?, &a.str("workflow_execution_id")?)
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
        "delete_account" => client
            .delete_account(&a.str("account_id")?)
            .await
            .map(|_| Output::Json(Value::Null)),
        "delete_workflow" => client
            .delete_workflow(&a.str("account_id")?, &a.str("workflow_execution_id")?)
            .await
            .map(|_| Output::Json(Value::Null)),
        "get_health" => json(client.get_health().await?),
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
            let schedule = match (a.opt_f64("poll_interval")?, a.opt_f64("schedule_scale")?) {
                (Some(secs), _) => PollSchedule::Every(Duration::from_secs_f64(secs.max(0.001))),
                (None, Some(f)) => PollSchedule::Scaled(f),
                (None, None) => PollSchedule::Documented,
            };
            let deadline = a
                .opt_f64("deadline")?
                .map(Duration::from_secs_f64)
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
