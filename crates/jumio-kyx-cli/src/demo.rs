//! `kyx demo`: real KYX workflows through the SDK, step by step, ending with a summary of the
//! decisions. By default against a sandbox started in this process, with callbacks to a local
//! receiver (no network, no credentials); with `--region` or `--base-url` and credentials,
//! against that platform (polling instead of callbacks, sandbox-only steps skipped).

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jumio_kyx::callback::CallbackVerifier;
use jumio_kyx::types::{self, CredentialCategory, UploadClassifier};
use jumio_kyx::{Client, ImageSource, MigrationError, WaitOptions, WorkflowKey};
use jumio_kyx_sandbox::infra::samples::{BACK_JPEG, FRONT_JPEG, SELFIE_JPEG};
use jumio_kyx_sandbox::{LegacyScan, LegacyScanState, RunningSandbox, SandboxConfig, Settings};
use serde_json::{Value, json};

use crate::cli::{DemoArgs, Global};
use crate::listen::{self, Receiver};
use crate::output::{Out, field, table, terminal_safe};

/// Waits for a workflow to finish: by its callback when a receiver runs, else by polling.
async fn finished(
    receiver: Option<&mut Receiver>,
    client: Client,
    account: String,
    workflow: String,
    wait: WaitOptions,
) -> Result<String> {
    if let Some(receiver) = receiver {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            let (callback, sender) = tokio::time::timeout_at(deadline, receiver.events.recv())
                .await
                .context("no callback within 60 s")?
                .context("the callback receiver stopped")?;
            if callback.workflow_execution.id == workflow {
                return Ok(format!(
                    "{} (from {sender})",
                    field(&callback.workflow_execution.status.to_string())
                ));
            }
        }
    }
    let status = client
        .wait_for_completion(&account, &workflow, wait)
        .await?;
    Ok(format!(
        "{} (polled)",
        field(&status.workflow_execution.status.to_string())
    ))
}

/// One finished workflow, for the summary.
struct Outcome {
    name: &'static str,
    key: String,
    decision: String,
    risk: String,
    capabilities: Vec<(String, String, String, String)>,
}

struct Demo {
    client: Client,
    sandbox: Option<RunningSandbox>,
    receiver: Option<Receiver>,
    json: bool,
    quiet: bool,
    started: Instant,
    outcomes: Vec<Outcome>,
    steps: Vec<Value>,
    migration: Option<String>,
    wait: WaitOptions,
}

impl Demo {
    fn say(&self, text: impl AsRef<str>) {
        if !self.json {
            println!("{}", terminal_safe(text.as_ref()));
        }
    }

    /// Runs one step with a spinner (on a terminal), then prints its result line.
    async fn step<T>(
        &mut self,
        what: &str,
        work: impl Future<Output = Result<T>>,
        done: impl FnOnce(&T) -> String,
    ) -> Result<T> {
        let spinner = if self.quiet || self.json {
            ProgressBar::hidden()
        } else {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        };
        spinner.set_style(
            ProgressStyle::with_template("   {spinner} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        spinner.set_message(what.to_string());
        spinner.enable_steady_tick(Duration::from_millis(80));
        let t = Instant::now();
        let result = work.await;
        spinner.finish_and_clear();
        let ms = t.elapsed().as_millis();
        match &result {
            Ok(v) => {
                let line = done(v);
                self.say(format!("   ✓ {what:<28} {line}"));
                self.steps
                    .push(json!({"step": what, "ok": true, "result": line, "ms": ms}));
            }
            Err(e) => {
                self.say(format!("   ✗ {what:<28} {e:#}"));
                self.steps
                    .push(json!({"step": what, "ok": false, "error": format!("{e:#}"), "ms": ms}));
            }
        }
        result
    }

    /// The "finished" step of a workflow.
    async fn wait(&mut self, account: &str, workflow: &str) -> Result<String> {
        let what = if self.receiver.is_some() {
            "callback received"
        } else {
            "workflow finished"
        };
        let mut receiver = self.receiver.take();
        let waiting = finished(
            receiver.as_mut(),
            self.client.clone(),
            account.to_string(),
            workflow.to_string(),
            self.wait.clone(),
        );
        let result = self.step(what, waiting, |s: &String| s.clone()).await;
        self.receiver = receiver;
        result
    }

    async fn details(&mut self, name: &'static str, account: &str, workflow: &str) -> Result<()> {
        let client = self.client.clone();
        let (a, w) = (account.to_string(), workflow.to_string());
        let details = self
            .step(
                "details fetched",
                async move { Ok(client.get_workflow_details(&a, &w).await?) },
                |d: &types::WorkflowDetails| {
                    format!(
                        "decision {} (risk score {})",
                        d.decision_type()
                            .map_or("-".into(), |t| field(&t.to_string())),
                        crate::output::number(
                            &serde_json::to_value(d).unwrap_or_default(),
                            "/decision/risk/score"
                        )
                    )
                },
            )
            .await?;
        let v = serde_json::to_value(&details)?;
        self.outcomes.push(Outcome {
            name,
            key: crate::output::at(&v, "/workflow/definitionKey"),
            decision: crate::output::at(&v, "/decision/type"),
            risk: crate::output::number(&v, "/decision/risk/score"),
            capabilities: crate::render::capabilities(&v),
        });
        Ok(())
    }

    /// First: ID + identity verification, operation by operation.
    async fn identity_verification(&mut self) -> Result<()> {
        self.say("\n1. ID + identity verification (workflow 10011): the operations one by one");
        let mut request = types::AccountRequest::new(
            "demo-idv-1",
            WorkflowKey::STANDALONE_ID_AND_IDENTITY_VERIFICATION,
        );
        request.user_reference = Some("demo-user-1".into());
        request.callback_url = self.receiver.as_ref().map(|r| r.url.clone());
        let client = self.client.clone();
        let account = self
            .step(
                "account created",
                async move { Ok(client.create_account(&request).await?) },
                |a: &types::AccountResponse| {
                    let categories: Vec<String> = a
                        .workflow_execution
                        .credentials
                        .iter()
                        .flatten()
                        .map(|c| field(&c.category.to_string()))
                        .collect();
                    format!(
                        "account {}, credentials {}",
                        short(a.account_id()),
                        categories.join(", ")
                    )
                },
            )
            .await?;
        let (a, w) = (
            account.account_id().to_string(),
            account.workflow_execution_id().to_string(),
        );
        let id = account
            .credential(&CredentialCategory::Id)
            .context("no ID credential")?
            .id
            .clone();
        let selfie = account
            .credential(&CredentialCategory::Selfie)
            .context("no SELFIE credential")?
            .id
            .clone();
        for (what, credential, classifier, bytes) in [
            (
                "ID front uploaded",
                &id,
                UploadClassifier::Front,
                FRONT_JPEG,
            ),
            ("ID back uploaded", &id, UploadClassifier::Back, BACK_JPEG),
            (
                "selfie uploaded",
                &selfie,
                UploadClassifier::Face,
                SELFIE_JPEG,
            ),
        ] {
            let (client, a, w, credential) = (
                self.client.clone(),
                a.clone(),
                w.clone(),
                credential.clone(),
            );
            self.step(
                what,
                async move {
                    Ok(client
                        .upload_part(&a, &w, &credential, classifier, ImageSource::bytes(bytes))
                        .await?)
                },
                |_| {
                    format!(
                        "{} KiB synthetic sample, checked before sending",
                        bytes.len() / 1024
                    )
                },
            )
            .await?;
        }
        let (client, a2, w2) = (self.client.clone(), a.clone(), w.clone());
        self.step(
            "finalized",
            async move { Ok(client.finalize_workflow(&a2, &w2).await?) },
            |_| "processing".to_string(),
        )
        .await?;
        self.wait(&a, &w).await?;
        self.details("ID + identity verification", &a, &w).await
    }

    /// Second: watchlist screening with prepared data, through the flow helper.
    async fn screening(&mut self) -> Result<()> {
        self.say("\n2. Watchlist screening with prepared data (workflow 10010): one flow call");
        let data: types::PreparedData = serde_json::from_value(json!({
            "firstName": "ALEX", "lastName": "SPECIMEN", "dateOfBirth": "1985-04-12",
            "address": {"country": "USA", "city": "Springfield"}
        }))?;
        let mut flow =
            jumio_kyx::PreparedDataVerification::screening("demo-screening-1", "demo-user-2", data);
        if let Some(r) = &self.receiver {
            flow = flow.callback_url(r.url.clone());
        }
        let client = self.client.clone();
        let started = self
            .step(
                "account, data, finalize",
                async move { Ok(client.run_prepared_data_verification(flow).await?) },
                |s: &jumio_kyx::StartedWorkflow| format!("account {}", short(s.account_id())),
            )
            .await?;
        let (a, w) = (
            started.account_id().to_string(),
            started.workflow_execution_id().to_string(),
        );
        self.wait(&a, &w).await?;
        self.details("Watchlist screening", &a, &w).await
    }

    /// Third: a rejected case. The sandbox is asked (by a marker in the reference) for a selfie
    /// that does not match the ID.
    async fn rejected(&mut self) -> Result<()> {
        self.say(
            "\n3. A rejected verification: the selfie does not match the ID (sandbox scenario)",
        );
        let mut flow = jumio_kyx::IdentityVerification::new(
            "demo-mismatch-1 [similarity=NO_MATCH]",
            ImageSource::bytes(FRONT_JPEG),
            ImageSource::bytes(SELFIE_JPEG),
        )
        .back(ImageSource::bytes(BACK_JPEG));
        if let Some(r) = &self.receiver {
            flow = flow.callback_url(r.url.clone());
        }
        let client = self.client.clone();
        let started = self
            .step(
                "verification submitted",
                async move { Ok(client.run_identity_verification(flow).await?) },
                |s: &jumio_kyx::StartedWorkflow| {
                    format!(
                        "account {} (create, 3 uploads, finalize)",
                        short(s.account_id())
                    )
                },
            )
            .await?;
        let (a, w) = (
            started.account_id().to_string(),
            started.workflow_execution_id().to_string(),
        );
        self.wait(&a, &w).await?;
        self.details("Rejected verification", &a, &w).await
    }

    /// Fourth: migration of legacy Netverify scans, with one documented refusal.
    async fn migration(&mut self) -> Result<()> {
        self.say("\n4. Migration of legacy Netverify scans");
        let sandbox = self
            .sandbox
            .as_ref()
            .context("migration runs against the sandbox only")?;
        let scans = ["NV-2019-000123".to_string(), "NV-2020-004567".to_string()];
        let wiped = "NV-2018-000042".to_string();
        sandbox.seed_legacy_scans(
            scans
                .iter()
                .map(|s| LegacyScan {
                    scan_reference: s.clone(),
                    state: LegacyScanState::Final,
                    definition_key: 3,
                })
                .chain([LegacyScan {
                    scan_reference: wiped.clone(),
                    state: LegacyScanState::WipedOut,
                    definition_key: 3,
                }])
                .collect(),
        );
        let client = self.client.clone();
        let request = types::MigrationRequest::new(scans.iter().cloned());
        let migrated = self
            .step(
                "2 scans migrated",
                async move { Ok(client.create_migration(&request).await?) },
                |m: &types::MigrationResponse| format!("into account {}", short(&m.account.id)),
            )
            .await?;
        let account = migrated.account.id.clone();
        let client = self.client.clone();
        let (acc, first) = (account.clone(), scans[0].clone());
        self.step(
            "migrated scan retrievable",
            async move { Ok(client.get_workflow_status(&acc, &first).await?) },
            |s: &types::WorkflowStatusResponse| {
                format!(
                    "workflow {} is {}",
                    field(&s.workflow_execution.id),
                    field(&s.workflow_execution.status.to_string())
                )
            },
        )
        .await?;
        let client = self.client.clone();
        let request = types::MigrationRequest::new([wiped.clone()]);
        let refused = client.create_migration(&request).await;
        match refused {
            Err(e)
                if matches!(
                    e.kind(),
                    jumio_kyx::ErrorKind::Migration(MigrationError::WipedOut)
                ) =>
            {
                let line = format!(
                    "documented error wiped_out: {}",
                    e.detail().unwrap_or_default()
                );
                self.say(format!("   ✓ {:<28} {line}", "a deleted scan refused"));
                self.steps
                    .push(json!({"step": "a deleted scan refused", "ok": true, "result": line}));
                self.migration = Some(format!(
                    "{} scans migrated into account {}; {} refused (wiped_out)",
                    scans.len(),
                    short(&account),
                    wiped
                ));
            }
            Err(e) => bail!("the deleted scan was refused in an unexpected way: {e}"),
            Ok(_) => bail!("the sandbox migrated a deleted scan"),
        }
        Ok(())
    }

    fn summary(&self) -> String {
        let body: Vec<Vec<String>> = self
            .outcomes
            .iter()
            .map(|o| {
                vec![
                    o.name.to_string(),
                    o.key.clone(),
                    o.decision.clone(),
                    o.risk.clone(),
                    capability_line(&o.capabilities),
                ]
            })
            .collect();
        let mut text = table(
            &["workflow", "key", "decision", "risk", "capabilities"],
            &body,
        );
        if let Some(m) = &self.migration {
            text.push_str(&format!("\nmigration: {m}\n"));
        }
        text
    }
}

/// The capabilities of one workflow in a line: the ones that did not pass, by name with their
/// label, then how many passed (with the labels worth reading).
fn capability_line(caps: &[(String, String, String, String)]) -> String {
    let mut parts: Vec<String> = caps
        .iter()
        .filter(|(_, _, d, _)| d != "PASSED")
        .map(|(c, _, d, l)| format!("{c} {d} ({l})"))
        .collect();
    let passed: Vec<&(String, String, String, String)> =
        caps.iter().filter(|(_, _, d, _)| d == "PASSED").collect();
    if !passed.is_empty() {
        let notable: Vec<String> = passed
            .iter()
            .filter(|(_, _, _, l)| l != "OK" && l != "PASSED")
            .map(|(c, _, _, l)| format!("{c} {l}"))
            .collect();
        let mut p = match (parts.is_empty(), passed.len()) {
            (true, 1) => format!("{} passed", passed[0].0),
            (true, n) => format!("all {n} passed"),
            (false, n) => format!("{n} passed"),
        };
        if !notable.is_empty() {
            p.push_str(&format!(" ({})", notable.join(", ")));
        }
        parts.push(p);
    }
    parts.join("; ")
}

/// The first eight characters of an id (escaped: ids come from the server).
fn short(id: &str) -> String {
    field(&id.chars().take(8).collect::<String>()) + "…"
}

/// `kyx demo`.
pub async fn run(global: &Global, args: &DemoArgs) -> Result<i32> {
    let out = Out {
        json: global.json,
        show_secrets: global.show_secrets,
    };
    let started = Instant::now();
    let c = &global.connection;
    let (client, sandbox, receiver) = if c.targets_a_platform() {
        if c.client_id.is_none() || c.client_secret.is_none() {
            return Err(jumio_kyx::Error::configuration(
                "the demo against a platform needs OAuth2 credentials (--client-id and --client-secret, or JUMIO_CLIENT_ID and JUMIO_CLIENT_SECRET); without --region and --base-url it runs against its own sandbox",
            )
            .into());
        }
        (c.client()?, None, None)
    } else {
        let sandbox = RunningSandbox::start(SandboxConfig {
            settings: Settings {
                processing_delay_ms: args.processing_delay_ms,
                callback_backoff_ms: 100,
                ..Settings::default()
            },
            tls: args.tls_region.is_some(),
            strict_hosts: args.tls_region.is_some(),
            ..SandboxConfig::default()
        })
        .await
        .context("cannot start the embedded sandbox")?;
        let mut builder = global.connection.builder()?;
        builder = match args.tls_region {
            // Region mode: no base URL, the real host names over TLS, as in production.
            Some(region) => {
                let mut b = builder
                    .region(region)
                    .root_certificates_pem(sandbox.ca_pem().unwrap_or_default());
                for host in sandbox.hosts() {
                    b = b.resolve(host, sandbox.addr());
                }
                b
            }
            None => builder.base_url(sandbox.url()),
        };
        let client = builder
            .credentials(
                global
                    .connection
                    .client_id
                    .clone()
                    .unwrap_or_else(|| "demo-client".into()),
                global
                    .connection
                    .client_secret
                    .clone()
                    .unwrap_or_else(|| "demo-secret".into()),
            )
            .build()?;
        // In region mode the client applies Jumio's Portal rules (an https callback URL on a
        // host name): a local receiver cannot take callbacks, so the demo polls.
        let receiver = match args.tls_region {
            Some(_) => None,
            None => Some(
                listen::start(
                    (IpAddr::V4(Ipv4Addr::LOCALHOST), 0).into(),
                    CallbackVerifier::all_regions().allow(IpAddr::V4(Ipv4Addr::LOCALHOST)),
                    listen::DEFAULT_READ_TIMEOUT,
                    |_, _| {},
                )
                .await?,
            ),
        };
        (client, Some(sandbox), receiver)
    };
    let wait = match (args.poll_interval, args.tls_region) {
        // Checked when parsed (`cli::seconds`): finite, more than zero, at most 30 days.
        (Some(every), _) => WaitOptions {
            schedule: jumio_kyx::PollSchedule::Every(every),
            ..WaitOptions::default()
        },
        (None, Some(_)) => WaitOptions {
            schedule: jumio_kyx::PollSchedule::Every(std::time::Duration::from_millis(200)),
            ..WaitOptions::default()
        },
        (None, None) => WaitOptions::default(),
    };
    let mut demo = Demo {
        client,
        sandbox,
        receiver,
        json: global.json,
        quiet: global.quiet,
        started,
        outcomes: Vec::new(),
        steps: Vec::new(),
        migration: None,
        wait,
    };
    match (&demo.sandbox, &demo.receiver) {
        (Some(s), Some(r)) => {
            demo.say("kyx demo: KYX workflows through the jumio-kyx SDK, against a sandbox in this process");
            demo.say(format!(
                "   sandbox    {}  (no network, no credentials; processing takes {} ms)",
                s.url(),
                args.processing_delay_ms
            ));
            demo.say(format!(
                "   callbacks  {}  (a local receiver that checks each sender)",
                r.url
            ));
        }
        (Some(s), None) => {
            let region = args.tls_region.unwrap_or(jumio_kyx::Region::Us);
            demo.say(format!(
                "kyx demo: KYX workflows through the jumio-kyx SDK, against a sandbox in this process, in region mode ({region})"
            ));
            demo.say(format!(
                "   hosts      https://{{auth,account,api,retrieval,status}}.{region}.jumio.ai, over TLS, resolved to {} (the sandbox's CA trusted)",
                s.addr()
            ));
            demo.say("   results    polled (Jumio's Portal rules need an https callback URL on a public host)");
        }
        _ => demo.say(format!(
            "kyx demo: KYX workflows against {}",
            demo.client.base_urls()
        )),
    }

    demo.identity_verification().await?;
    demo.screening().await?;
    if demo.sandbox.is_some() {
        demo.rejected().await?;
        demo.migration().await?;
    } else {
        demo.say("\n3./4. The rejected case and the migration need the sandbox; skipped against a real platform.");
    }

    let elapsed = demo.started.elapsed().as_secs_f64();
    let summary = json!({
        "steps": demo.steps,
        "workflows": demo.outcomes.iter().map(|o| json!({
            "workflow": o.name, "definitionKey": o.key, "decision": o.decision, "riskScore": o.risk,
            "capabilities": o.capabilities.iter().map(|(c, cat, d, l)| json!({"capability": c, "category": cat, "decision": d, "label": l})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "seconds": (elapsed * 10.0).round() / 10.0,
    });
    let text = format!("\nSummary ({elapsed:.1} s)\n{}", demo.summary());
    out.print(&summary, |_| text);
    Ok(0)
}
