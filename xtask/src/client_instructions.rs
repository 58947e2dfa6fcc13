//! `cargo xtask bench client-instructions`: the client's own work per `get_workflow_status`
//! call, counted in instructions rather than timed. `cargo xtask bench client` times the SDK
//! against raw reqwest on a shared 2-core machine, where the rounds' spread is larger than the
//! difference; callgrind counts the instructions this process executes in user space, which
//! does not depend on what else the machine does. The bench binary runs each path alone
//! (`KYX_BENCH_ONLY`), twice with different call counts: the difference, divided by the calls
//! added, is one call's work, the set-up (client, runtime, first connection) excluded. The
//! sandbox is another process and is not counted.

use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{cargo, root, tools};

const FEW: usize = 250;
const MANY: usize = 1_250;

fn ensure_valgrind() -> Result<()> {
    if Command::new("valgrind").arg("--version").output().is_ok() {
        return Ok(());
    }
    tools::apt_install(&["valgrind"])
}

/// The path of the `client` bench binary, built now.
fn bench_binary() -> Result<String> {
    let out = cargo()
        .args([
            "bench",
            "--locked",
            "-p",
            "jumio-kyx",
            "--bench",
            "client",
            "--no-run",
            "--message-format=json",
        ])
        .current_dir(root())
        .output()?;
    if !out.status.success() {
        bail!(
            "building the client bench failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["target"]["name"] == "client")
        .find_map(|v| v["executable"].as_str().map(str::to_string))
        .context("cargo named no executable for the client bench")
}

/// Instructions callgrind counted for `calls` calls through `path` (`sdk` or `raw`).
fn instructions(binary: &str, sandbox: &str, path: &str, calls: usize) -> Result<u64> {
    let dir = root().join("target/xtask");
    std::fs::create_dir_all(&dir)?;
    let out_file = dir.join(format!("callgrind.{path}.{calls}.out"));
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--trace-children=no"])
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(binary)
        .env("KYX_SANDBOX_BIN", sandbox)
        .env("KYX_BENCH_ONLY", path)
        .env("KYX_BENCH_CALLS", calls.to_string())
        .output()?;
    let log = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("the bench under callgrind failed:\n{log}");
    }
    // `==1234== Collected : 206021858`
    log.lines()
        .find_map(|l| l.split("Collected :").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .with_context(|| format!("callgrind printed no total:\n{log}"))
}

pub fn run_bench() -> Result<()> {
    ensure_valgrind()?;
    let sandbox = crate::release_sandbox()?;
    let sandbox = sandbox.to_str().context("a UTF-8 path")?;
    let binary = bench_binary()?;
    let mut per_call = Vec::new();
    for path in ["sdk", "raw"] {
        let few = instructions(&binary, sandbox, path, FEW)?;
        let many = instructions(&binary, sandbox, path, MANY)?;
        per_call.push(many.saturating_sub(few) as f64 / (MANY - FEW) as f64);
    }
    println!(
        "\nclient: instructions per get_workflow_status call (callgrind, user space, {} calls)",
        MANY - FEW
    );
    println!("  SDK:          {:>9.0}", per_call[0]);
    println!("  raw reqwest:  {:>9.0}", per_call[1]);
    println!(
        "  ratio:        {:>9.3}x   (raw reqwest parses a serde_json::Value, the SDK its typed answer)",
        per_call[0] / per_call[1]
    );
    Ok(())
}
