//! One function per API subcommand. Each builds the operation's arguments and calls the client
//! through `jumio_kyx_bridge` (the same entry point as the Python and Node packages), then
//! prints the result.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use jumio_kyx::{Client, ImageSource};
use jumio_kyx_bridge::{self as bridge, Files, Output};
use serde_json::{Value, json};

use crate::cli::{
    AccountArgs, AccountCommand, DeleteArgs, DetailsArgs, DownloadArgs, ReportArgs, StatusArgs,
    UploadArgs, WorkflowIds,
};
use crate::output::Out;
use crate::render;

async fn call_with(client: &Client, op: &str, args: Value, files: Files) -> Result<Value> {
    match bridge::call(client, op, args, files).await? {
        Output::Json(v) => Ok(serde_json::from_str(v.get())?),
        Output::Download(_) => anyhow::bail!("{op} answered with a download"),
    }
}

/// Calls an operation that takes no file.
async fn call(client: &Client, op: &str, args: Value) -> Result<Value> {
    call_with(client, op, args, Files::new()).await
}

/// Calls an operation that takes no file and prints its answer (`human`: as text).
async fn show(
    client: &Client,
    out: Out,
    op: &str,
    args: Value,
    human: impl FnOnce(&Value) -> String,
) -> Result<()> {
    let v = call(client, op, args).await?;
    out.print(&v, human);
    Ok(())
}

fn read_json(path: &Path) -> Result<Value> {
    let text = if path == Path::new("-") {
        std::io::read_to_string(std::io::stdin()).context("cannot read stdin")?
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
}

/// A workflow key as JSON: a number when it is one (the API's usual form).
fn key(k: &str) -> Value {
    k.parse::<u64>().map_or_else(|_| json!(k), |n| json!(n))
}

fn account_request(a: &AccountArgs) -> Result<Value> {
    let mut body = match &a.body {
        Some(path) => read_json(path)?,
        None => json!({}),
    };
    let obj = body
        .as_object_mut()
        .context("the request body must be a JSON object")?;
    if let Some(w) = &a.workflow {
        obj.insert("workflowDefinition".into(), json!({"key": key(w)}));
    }
    for (name, value) in [
        ("customerInternalReference", &a.reference),
        ("userReference", &a.user_reference),
        ("callbackUrl", &a.callback_url),
        ("tokenLifetime", &a.token_lifetime),
    ] {
        if let Some(v) = value {
            obj.insert(name.into(), json!(v));
        }
    }
    Ok(body)
}

pub async fn token(client: &Client, out: Out) -> Result<()> {
    // The token is what was asked for.
    let out = Out {
        show_secrets: true,
        ..out
    };
    show(client, out, "get_access_token", json!({}), render::token).await
}

pub async fn account(client: &Client, out: Out, cmd: &AccountCommand) -> Result<()> {
    let (op, args) = match cmd {
        AccountCommand::Create(a) => ("create_account", json!({"request": account_request(a)?})),
        AccountCommand::Update {
            account_id,
            request,
        } => (
            "update_account",
            json!({"account_id": account_id, "request": account_request(request)?}),
        ),
        AccountCommand::Get { account_id } => {
            let args = json!({"account_id": account_id});
            return show(client, out, "get_account", args, render::account_details).await;
        }
    };
    show(client, out, op, args, render::account).await
}

pub async fn rules(client: &Client, out: Out, w: &WorkflowIds) -> Result<()> {
    show(client, out, "get_workflow_rules", ids(w), render::rules).await
}

pub async fn upload(client: &Client, out: Out, a: &UploadArgs) -> Result<()> {
    let mut args = json!({
        "account_id": a.account_id,
        "workflow_execution_id": a.workflow_execution_id,
        "credential_id": a.credential_id,
    });
    let v = if a.classifier.eq_ignore_ascii_case("PREPARED_DATA") {
        args["data"] = read_json(&a.file)?;
        if let Some(w) = &a.workflow {
            args["workflow_key"] = key(w);
        }
        let op = if a.replace {
            "replace_prepared_data"
        } else {
            "upload_prepared_data"
        };
        call(client, op, args).await?
    } else {
        args["classifier"] = json!(a.classifier.to_ascii_uppercase());
        let files = Files::from([("file".to_string(), ImageSource::path(&a.file))]);
        let op = if a.replace {
            "replace_part"
        } else {
            "upload_part"
        };
        call_with(client, op, args, files).await?
    };
    out.print(&v, render::upload);
    Ok(())
}

fn ids(w: &WorkflowIds) -> Value {
    json!({"account_id": w.account_id, "workflow_execution_id": w.workflow_execution_id})
}

pub async fn finalize(client: &Client, out: Out, w: &WorkflowIds) -> Result<()> {
    show(client, out, "finalize_workflow", ids(w), render::finalized).await
}

pub async fn status(client: &Client, out: Out, a: &StatusArgs) -> Result<()> {
    let (op, args) = if a.wait {
        let mut args = ids(&a.ids);
        // Checked when parsed (`cli::seconds`); the client checks them again.
        args["poll_interval"] = json!(a.interval.map(|d| d.as_secs_f64()));
        args["deadline"] = json!(a.wait_timeout.map(|d| d.as_secs_f64()));
        ("wait_for_completion", args)
    } else {
        ("get_workflow_status", ids(&a.ids))
    };
    show(client, out, op, args, render::status).await
}

pub async fn details(client: &Client, out: Out, a: &DetailsArgs) -> Result<()> {
    let (op, args) = match (
        &a.href,
        &a.workflow_execution,
        &a.account_id,
        &a.workflow_execution_id,
    ) {
        (Some(href), _, _, _) => ("get_workflow_by_href", json!({"href": href})),
        (None, Some(w), _, _) => (
            "get_workflow_execution",
            json!({"workflow_execution_id": w}),
        ),
        (None, None, Some(acc), Some(w)) => (
            "get_workflow_details",
            json!({"account_id": acc, "workflow_execution_id": w}),
        ),
        _ => anyhow::bail!(
            "give ACCOUNT_ID and WORKFLOW_EXECUTION_ID, --href, or --workflow-execution"
        ),
    };
    show(client, out, op, args, render::details).await
}

pub async fn steps(client: &Client, out: Out, w: &WorkflowIds) -> Result<()> {
    show(client, out, "get_workflow_steps", ids(w), render::steps).await
}

pub async fn download(client: &Client, out: Out, a: &DownloadArgs) -> Result<()> {
    let args = json!({"account_id": a.account_id, "credential_id": a.credential_id, "classifier": a.classifier.to_ascii_uppercase()});
    save(client, out, "download_part", args, &a.output).await
}

pub async fn report(client: &Client, out: Out, a: &ReportArgs) -> Result<()> {
    save(client, out, "generate_report", ids(&a.ids), &a.output).await
}

/// Runs a download operation into a file (or stdout for `-`).
async fn save(client: &Client, out: Out, op: &str, args: Value, output: &Path) -> Result<()> {
    let Output::Download(d) = bridge::call(client, op, args, Files::new()).await? else {
        anyhow::bail!("{op} answered without content");
    };
    let content_type = d.content_type().map(String::from);
    let length = if output == Path::new("-") {
        let bytes = d.bytes().await?;
        std::io::stdout().lock().write_all(&bytes)?;
        return Ok(());
    } else {
        // Parts are personal data: the file is created readable by its owner only (an existing
        // file keeps its mode), then the client streams into it (`save` truncates, keeping the
        // mode).
        crate::files::create_private(output)
            .with_context(|| format!("cannot create {}", output.display()))?;
        d.save(output).await?
    };
    let v = json!({"file": output.display().to_string(), "contentType": content_type, "length": length});
    out.print(&v, |v| {
        format!(
            "saved {} ({} bytes, {})\n",
            crate::output::at(v, "/file"),
            length,
            crate::output::at(v, "/contentType")
        )
    });
    Ok(())
}

pub async fn delete(client: &Client, out: Out, a: &DeleteArgs) -> Result<()> {
    let v = match &a.workflow_execution_id {
        Some(w) => {
            let args = json!({"account_id": a.account_id, "workflow_execution_id": w});
            call(client, "delete_workflow", args).await?;
            json!({"deleted": {"account": a.account_id, "workflowExecution": w}})
        }
        None => {
            call(
                client,
                "delete_account",
                json!({"account_id": a.account_id}),
            )
            .await?;
            json!({"deleted": {"account": a.account_id}})
        }
    };
    out.print(&v, |v| match v.pointer("/deleted/workflowExecution") {
        Some(w) => format!(
            "deleted workflow execution {} of account {}\n",
            w.as_str().unwrap_or("-"),
            a.account_id
        ),
        None => format!(
            "deleted account {} and its workflow executions\n",
            a.account_id
        ),
    });
    Ok(())
}

pub async fn health(client: &Client, out: Out) -> Result<()> {
    show(client, out, "get_health", json!({}), render::health).await
}

/// `kyx migrate SCAN…`: one request.
pub async fn migrate_once(
    client: &Client,
    out: Out,
    scans: &[String],
    account: Option<&str>,
    callback_url: Option<&str>,
) -> Result<()> {
    let mut request = json!({"scanReferences": scans});
    if let Some(u) = callback_url {
        request["callbackUrl"] = json!(u);
    }
    let v = match account {
        Some(a) => {
            let args = json!({"account_id": a, "request": request});
            call(client, "update_migration", args).await?
        }
        None => call(client, "create_migration", json!({"request": request})).await?,
    };
    out.print(&v, |v| {
        let mut s = format!(
            "migrated {} scan(s) into account {}\n",
            scans.len(),
            crate::output::at(v, "/account/id")
        );
        for r in scans {
            s.push_str(&format!("  {r}\n"));
        }
        s
    });
    Ok(())
}
