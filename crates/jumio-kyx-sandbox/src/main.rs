//! `jumio-kyx-sandbox`: runs the KYX sandbox on a local port and prints its base URL.

use std::time::Duration;

use clap::Parser;
use jumio_kyx_sandbox::RunningSandbox;
use jumio_kyx_sandbox::infra::cli::SandboxArgs;

/// A stateful local simulator of Jumio's KYX platform.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    #[command(flatten)]
    sandbox: SandboxArgs,
    /// Exit 0 if a sandbox answers on this machine's --port, else 1 (a container's health check).
    #[arg(long)]
    check_health: bool,
}

/// Whether a sandbox answers `GET /__sandbox/clock` on the loopback port (with TLS: whether the
/// port accepts connections).
fn healthy(args: &SandboxArgs) -> bool {
    use std::io::{Read, Write};
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], args.port));
    let Ok(mut stream) = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return false;
    };
    if args.tls {
        return true;
    }
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /__sandbox/clock HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let mut head = [0u8; 12];
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_exact(&mut head).is_ok()
        && head.starts_with(b"HTTP/1.1 200")
}

#[tokio::main]
async fn main() {
    let Args {
        sandbox: args,
        check_health,
    } = Args::parse();
    if check_health {
        std::process::exit(if healthy(&args) { 0 } else { 1 });
    }
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
