//! `jumio-kyx-sandbox`: runs the KYX sandbox on a local port and prints its base URL.

use clap::Parser;
use jumio_kyx_sandbox::RunningSandbox;
use jumio_kyx_sandbox::cli::SandboxArgs;

/// A stateful local simulator of Jumio's KYX platform.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    #[command(flatten)]
    sandbox: SandboxArgs,
}

#[tokio::main]
async fn main() {
    let args = Args::parse().sandbox;
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let (config, faults) = match args.config().and_then(|c| Ok((c, args.fault_rules()?))) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("jumio-kyx-sandbox: {e}");
            std::process::exit(2);
        }
    };
    let sandbox = match RunningSandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "jumio-kyx-sandbox: cannot listen on {}:{}: {e}",
                args.host, args.port
            );
            std::process::exit(1);
        }
    };
    if let Err(e) = sandbox
        .set_faults(faults)
        .and_then(|_| args.started(&sandbox))
    {
        eprintln!("jumio-kyx-sandbox: {e}");
        std::process::exit(2);
    }
    println!("{}", sandbox.url());
    eprintln!("dashboard: {}", sandbox.ui_url());
    let _ = tokio::signal::ctrl_c().await;
}
