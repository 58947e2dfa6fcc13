//! `kyx`: the command line of jumio-kyx. `kyx demo` runs KYX workflows end to end against an
//! embedded sandbox; one subcommand per API operation; `kyx migrate --input` migrates legacy
//! scans in bulk, resumably; `kyx callbacks listen` receives callbacks; `kyx sandbox` runs the
//! sandbox. See `kyx --help`.

mod cli;
mod commands;
mod connection;
mod demo;
mod files;
mod listen;
mod migrate;
mod output;
mod render;

use clap::{CommandFactory, Parser};

use cli::{CallbacksCommand, Cli, Command};
use output::Out;

fn main() {
    let cli = Cli::parse();
    let json = cli.global.json;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let code = match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            output::print_error(&e, json);
            output::exit_code(&e)
        }
    };
    // Leave background tasks (a sandbox, a receiver) behind without waiting for them.
    runtime.shutdown_background();
    std::process::exit(code);
}

async fn run(cli: Cli) -> anyhow::Result<i32> {
    let g = &cli.global;
    let out = Out {
        json: g.json,
        show_secrets: g.show_secrets,
    };
    let client = || g.connection.client();
    match &cli.command {
        Command::Demo(a) => demo::run(g, a).await,
        Command::Sandbox(a) => sandbox(a, out).await,
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "kyx", &mut std::io::stdout());
            Ok(0)
        }
        Command::Token => commands::token(&client()?, out).await.map(|_| 0),
        Command::Account(c) => commands::account(&client()?, out, c).await.map(|_| 0),
        Command::Upload(a) => commands::upload(&client()?, out, a).await.map(|_| 0),
        Command::Finalize(w) => commands::finalize(&client()?, out, w).await.map(|_| 0),
        Command::Status(a) => commands::status(&client()?, out, a).await.map(|_| 0),
        Command::Details(a) => commands::details(&client()?, out, a).await.map(|_| 0),
        Command::Steps(w) => commands::steps(&client()?, out, w).await.map(|_| 0),
        Command::Download(a) => commands::download(&client()?, out, a).await.map(|_| 0),
        Command::Rules(w) => commands::rules(&client()?, out, w).await.map(|_| 0),
        Command::Report(a) => commands::report(&client()?, out, a).await.map(|_| 0),
        Command::Delete(a) => commands::delete(&client()?, out, a).await.map(|_| 0),
        Command::Health => commands::health(&client()?, out).await.map(|_| 0),
        Command::Migrate(a) if a.input.is_some() => {
            let client = g
                .connection
                .builder()?
                .rate_limit(a.rate_limit == cli::Toggle::On)
                .build()?;
            migrate::run(client, out, g.quiet, a).await
        }
        Command::Migrate(a) => commands::migrate_once(
            &client()?,
            out,
            &a.scan_references,
            a.account.as_deref(),
            a.callback_url.as_deref(),
        )
        .await
        .map(|_| 0),
        Command::Callbacks(CallbacksCommand::Listen(a)) => {
            // Details need credentials; without them, the receiver only prints callbacks.
            let client = if a.no_details { None } else { client().ok() };
            listen::run(client, out, a).await.map(|_| 0)
        }
    }
}

/// `kyx sandbox`: runs until Ctrl-C.
async fn sandbox(a: &jumio_kyx_sandbox::infra::cli::SandboxArgs, out: Out) -> anyhow::Result<i32> {
    let config = a.config().map_err(anyhow::Error::msg)?;
    let faults = a.fault_rules().map_err(anyhow::Error::msg)?;
    let sandbox = jumio_kyx_sandbox::RunningSandbox::start(config)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", a.host, a.port))?;
    sandbox.set_faults(faults).map_err(anyhow::Error::msg)?;
    a.started(&sandbox).map_err(anyhow::Error::msg)?;
    let v = serde_json::json!({"url": sandbox.url(), "uiUrl": sandbox.ui_url()});
    out.print(&v, |_| format!("{}\n", sandbox.url()));
    if !out.json {
        eprintln!(
            "sandbox running; point a client at it with JUMIO_BASE_URL={} (Ctrl-C stops)\ndashboard: {}",
            sandbox.url(),
            sandbox.ui_url()
        );
    }
    let _ = tokio::signal::ctrl_c().await;
    Ok(0)
}
