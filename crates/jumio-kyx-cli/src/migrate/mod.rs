//! `kyx migrate --input FILE --journal DB`: bulk migration of legacy Netverify scans, resumable
//! after a crash without migrating anything twice.
//!
//! Scans of one group (one end user) go into one account: the first batch creates it (POST),
//! later batches add to it (PUT). Every batch is journaled as `sending` before its request and
//! as `migrated`, `failed` or `pending` after it. A scan still `sending` when a run starts, or
//! whose request got an unclear answer (a dropped connection, a timeout, a 5xx), is looked up on
//! the platform first (`GET /api/v1/workflow-executions/{scan}`: a migrated scan keeps its
//! reference as its workflow execution id), and sent again only when it is not there. A scan the
//! platform calls "already migrated" is looked up the same way and recorded with its account.

mod input;
mod journal;
mod report;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jumio_kyx::{Client, ErrorKind, MigrationError, types};
use serde_json::json;
use tokio::task::JoinSet;

use crate::cli::MigrateArgs;
use crate::output::Out;
use journal::{Counts, Journal};

/// Attempts of one scan before the run stops (the platform keeps failing or is unreachable).
const MAX_ATTEMPTS: u32 = 6;

struct Ctx {
    client: Client,
    journal: Mutex<Journal>,
    batch_size: usize,
    callback_url: Option<String>,
    progress: ProgressBar,
    stop: AtomicBool,
}

impl Ctx {
    fn journal(&self) -> std::sync::MutexGuard<'_, Journal> {
        self.journal.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The default report path: beside the journal.
fn report_path(args: &MigrateArgs, journal: &Path) -> PathBuf {
    args.report
        .clone()
        .unwrap_or_else(|| journal.with_extension("report.csv"))
}

/// Runs a bulk migration; returns the process exit code.
pub async fn run(client: Client, out: Out, quiet: bool, args: &MigrateArgs) -> Result<i32> {
    let input = args.input.as_deref().context("--input is required")?;
    let journal_path = args.journal.as_deref().context("--journal is required")?;
    let report = report_path(args, journal_path);
    let mut journal = Journal::open(journal_path)?;
    journal.load(|each| input::read(input, each))?;
    if args.retry_failed {
        journal.retry_failed()?;
    }
    let counts = journal.counts()?;
    if !out.json {
        eprintln!(
            "{} scan references in {}: {} migrated, {} failed, {} to do",
            counts.total(),
            journal_path.display(),
            counts.migrated,
            counts.failed,
            counts.pending + counts.sending,
        );
    }
    let progress = if quiet || out.json {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(counts.total()), ProgressDrawTarget::stderr())
    };
    progress.set_style(
        ProgressStyle::with_template(
            "{spinner} migrating [{bar:32}] {pos}/{len} scans  {per_sec}  eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    progress.set_position(counts.done());
    let ctx = Arc::new(Ctx {
        client,
        journal: Mutex::new(journal),
        batch_size: args.batch_size.clamp(1, 1000),
        callback_url: args.callback_url.clone(),
        progress,
        stop: AtomicBool::new(false),
    });

    let outcome = tokio::select! {
        r = migrate_all(&ctx, args.concurrency.clamp(1, 256)) => r,
        _ = tokio::signal::ctrl_c() => {
            ctx.stop.store(true, Ordering::SeqCst);
            Err(anyhow::anyhow!("interrupted; run the same command again to resume"))
        }
    };
    ctx.progress.finish_and_clear();

    let counts = ctx.journal().counts()?;
    let failures = report::write(&ctx.journal(), &report)?;
    let summary = json!({
        "total": counts.total(),
        "migrated": counts.migrated,
        "alreadyMigrated": counts.already,
        "failed": counts.failed,
        "pending": counts.pending + counts.sending,
        "failures": failures,
        "report": report.display().to_string(),
        "journal": journal_path.display().to_string(),
    });
    out.print(&summary, |_| summary_text(&counts, &failures, &report));
    outcome?;
    Ok(
        if counts.failed > 0 || counts.pending + counts.sending > 0 {
            8
        } else {
            0
        },
    )
}

fn summary_text(
    c: &Counts,
    failures: &serde_json::Map<String, serde_json::Value>,
    report: &Path,
) -> String {
    let mut s = format!(
        "{} scan references: {} migrated{}, {} failed, {} left\n",
        c.total(),
        c.migrated,
        if c.already > 0 {
            format!(" ({} had been migrated before)", c.already)
        } else {
            String::new()
        },
        c.failed,
        c.pending + c.sending
    );
    if !failures.is_empty() {
        let parts: Vec<String> = failures.iter().map(|(k, v)| format!("{k} {v}")).collect();
        s.push_str(&format!("failed: {}\n", parts.join(", ")));
    }
    s.push_str(&format!("report: {}\n", report.display()));
    s
}

/// Settles interrupted scans, then migrates every pending group, `concurrency` groups at once.
async fn migrate_all(ctx: &Arc<Ctx>, concurrency: usize) -> Result<()> {
    recover(ctx, concurrency).await?;
    let mut running: JoinSet<Result<()>> = JoinSet::new();
    let mut after = 0i64;
    let mut failure: Option<anyhow::Error> = None;
    'outer: loop {
        let groups = ctx.journal().pending_groups(after, 512)?;
        if groups.is_empty() {
            break;
        }
        for group in groups {
            after = group;
            while running.len() >= concurrency {
                if let Some(done) = running.join_next().await
                    && let Err(e) = done.map_err(anyhow::Error::from).and_then(|r| r)
                {
                    failure = Some(e);
                    break 'outer;
                }
            }
            if ctx.stop.load(Ordering::SeqCst) {
                break 'outer;
            }
            let ctx = ctx.clone();
            running.spawn(async move { migrate_group(&ctx, group).await });
        }
    }
    if failure.is_some() {
        ctx.stop.store(true, Ordering::SeqCst);
    }
    while let Some(done) = running.join_next().await {
        if let Err(e) = done.map_err(anyhow::Error::from).and_then(|r| r) {
            failure.get_or_insert(e);
        }
    }
    failure.map_or(Ok(()), Err)
}

/// The account a scan was migrated into, if the platform has it.
async fn lookup(client: &Client, scan: &str) -> Result<Option<String>> {
    match client.get_workflow_execution(scan).await {
        Ok(details) => Ok(serde_json::to_value(&details)?
            .pointer("/account/id")
            .and_then(|v| v.as_str())
            .map(String::from)),
        Err(e) if *e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Looks up scans whose request had no clear answer: found ones are migrated, the rest pending.
async fn settle(ctx: &Ctx, group: i64, scans: &[String], note: &str) -> Result<()> {
    for scan in scans {
        match lookup(&ctx.client, scan).await? {
            Some(account) => {
                ctx.journal()
                    .migrated(group, std::slice::from_ref(scan), &account, Some(note))?;
                ctx.progress.inc(1);
            }
            None => ctx.journal().pending(std::slice::from_ref(scan))?,
        }
    }
    Ok(())
}

/// Scans left `sending` by an interrupted run.
async fn recover(ctx: &Arc<Ctx>, concurrency: usize) -> Result<()> {
    loop {
        let interrupted = ctx.journal().interrupted(concurrency * 16)?;
        if interrupted.is_empty() {
            return Ok(());
        }
        let mut tasks = JoinSet::new();
        for chunk in interrupted.chunks(16) {
            let (ctx, chunk) = (ctx.clone(), chunk.to_vec());
            tasks.spawn(async move {
                for (scan, group) in chunk {
                    settle(
                        &ctx,
                        group,
                        std::slice::from_ref(&scan),
                        "found migrated after an interrupted run",
                    )
                    .await?;
                }
                anyhow::Ok(())
            });
        }
        while let Some(done) = tasks.join_next().await {
            done??;
        }
    }
}

/// Migrates the pending scans of one group, batch by batch.
async fn migrate_group(ctx: &Ctx, group: i64) -> Result<()> {
    loop {
        if ctx.stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        let (batch, account) = {
            let j = ctx.journal();
            (
                j.next_batch(group, ctx.batch_size)?,
                j.group_account(group)?,
            )
        };
        if batch.is_empty() {
            return Ok(());
        }
        ctx.journal().sending(&batch)?;
        let mut request = types::MigrationRequest::new(batch.iter().cloned());
        if let Some(url) = &ctx.callback_url {
            request.callback_url = Some(url.clone());
        }
        let answer = match &account {
            Some(a) => ctx.client.update_migration(a, &request).await,
            None => ctx.client.create_migration(&request).await,
        };
        match answer {
            Ok(response) => {
                ctx.journal()
                    .migrated(group, &batch, response.account.id.as_str(), None)?;
                ctx.progress.inc(batch.len() as u64);
            }
            Err(e) => refused(ctx, group, &batch, e).await?,
        }
    }
}

/// What a failed batch means for each of its scans.
async fn refused(ctx: &Ctx, group: i64, batch: &[String], e: jumio_kyx::Error) -> Result<()> {
    let message = e.detail().unwrap_or_default().to_string();
    match e.kind() {
        ErrorKind::Migration(m) => {
            let named: Vec<String> = batch
                .iter()
                .filter(|s| e.scan_references().contains(s))
                .cloned()
                .collect();
            let named = if named.is_empty() {
                batch.to_vec()
            } else {
                named
            };
            let rest: Vec<String> = batch
                .iter()
                .filter(|s| !named.contains(s))
                .cloned()
                .collect();
            match m {
                MigrationError::AlreadyMigrated | MigrationError::InProgressOrAlreadyMigrated => {
                    for scan in &named {
                        match lookup(&ctx.client, scan).await? {
                            Some(account) => ctx.journal().migrated(
                                group,
                                std::slice::from_ref(scan),
                                &account,
                                Some("already migrated"),
                            )?,
                            None if *m == MigrationError::AlreadyMigrated => {
                                ctx.journal().migrated_elsewhere(
                                    std::slice::from_ref(scan),
                                    "already migrated; its account is not known here",
                                )?
                            }
                            None => ctx.journal().failed(
                                std::slice::from_ref(scan),
                                m.code(),
                                &message,
                            )?,
                        }
                        ctx.progress.inc(1);
                    }
                }
                _ => {
                    ctx.journal().failed(&named, m.code(), &message)?;
                    ctx.progress.inc(named.len() as u64);
                }
            }
            // The others were refused only for company: send them again.
            ctx.journal().pending(&rest)?;
            Ok(())
        }
        ErrorKind::RateLimited => {
            // Provably not processed.
            ctx.journal().pending(batch)?;
            tokio::time::sleep(e.retry_after().unwrap_or(Duration::from_secs(1))).await;
            Ok(())
        }
        ErrorKind::Validation | ErrorKind::NotFound => {
            ctx.journal()
                .failed(batch, e.kind().code(), &e.to_string())?;
            ctx.progress.inc(batch.len() as u64);
            Ok(())
        }
        ErrorKind::Authentication | ErrorKind::Configuration => {
            ctx.journal().pending(batch)?;
            Err(e.into())
        }
        _ => {
            // No clear answer: the request may have been processed. Look before sending again.
            let attempts = ctx.journal().attempts(&batch[0])?;
            if e.never_sent() {
                ctx.journal().pending(batch)?;
            } else {
                settle(ctx, group, batch, "confirmed after an unclear answer").await?;
            }
            if attempts >= MAX_ATTEMPTS {
                return Err(anyhow::Error::from(e).context(format!("the platform failed {attempts} times for one batch; stopping (run again to resume)")));
            }
            tokio::time::sleep(Duration::from_millis(200 * 2u64.pow(attempts.min(6)))).await;
            Ok(())
        }
    }
}
