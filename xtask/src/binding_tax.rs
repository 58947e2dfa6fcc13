//! `cargo xtask bench bindings`: what a binding costs. The same concurrent retrieval run
//! (10,000 `get_workflow_status`, 64 in flight) through the Rust client, the Python
//! `AsyncClient` and the Node `Client`, against one sandbox in another process, in three
//! alternating rounds; the median of each, and each binding's throughput as a share of Rust's.

use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{cargo, contract, node, python, root, tools};

const ROUNDS: usize = 3;

/// Goals: Python's `AsyncClient` at least 0.6× and Node's `Client` at least 0.9× of Rust's
/// throughput.
const GOALS: [(&str, f64); 2] = [("Python AsyncClient", 0.6), ("Node Client", 0.9)];

fn calls_per_sec(cmd: &mut Command, url: &str) -> Result<f64> {
    let out = cmd.env("KYX_SANDBOX_URL", url).output()?;
    if !out.status.success() {
        bail!(
            "{:?} failed:\n{}",
            cmd.get_program(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .context("no result line")?;
    let v: serde_json::Value = serde_json::from_str(line)?;
    v["callsPerSec"].as_f64().context("no callsPerSec")
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub fn run_bench() -> Result<()> {
    python::install()?;
    node::build()?;
    let rust_bench = || {
        let mut cmd = cargo();
        cmd.args([
            "bench",
            "--locked",
            "-q",
            "-p",
            "jumio-kyx",
            "--bench",
            "concurrent_retrievals",
        ]);
        cmd
    };
    // Built before the clock starts.
    crate::run(rust_bench().arg("--no-run"))?;
    let sandbox = contract::start_sandbox(true, &["--processing-delay-ms", "0"])?;
    let mut runs: [(&str, Vec<f64>); 3] = [
        ("Rust Client", Vec::new()),
        ("Python AsyncClient", Vec::new()),
        ("Node Client", Vec::new()),
    ];
    for round in 1..=ROUNDS {
        runs[0]
            .1
            .push(calls_per_sec(&mut rust_bench(), &sandbox.url)?);
        runs[1].1.push(calls_per_sec(
            Command::new(tools::venv()?.join("bin/python"))
                .arg(root().join("bindings/python/benches/concurrent_retrievals.py")),
            &sandbox.url,
        )?);
        runs[2].1.push(calls_per_sec(
            Command::new("node")
                .arg("benches/concurrent_retrievals.mjs")
                .current_dir(root().join("bindings/node")),
            &sandbox.url,
        )?);
        println!("round {round} of {ROUNDS} done");
    }
    let rust = median(runs[0].1.clone());
    println!(
        "\n10,000 get_workflow_status, 64 in flight, one sandbox in another process; {ROUNDS} alternating rounds"
    );
    println!(
        "{:<20} {:>28} {:>9} {:>8} {:>6}",
        "client", "calls/s (each round)", "median", "× Rust", "goal"
    );
    let mut missed = Vec::new();
    for (name, v) in &runs {
        let m = median(v.clone());
        let each: Vec<String> = v.iter().map(|x| format!("{x:.0}")).collect();
        let goal = GOALS.iter().find(|(g, _)| g == name).map(|(_, g)| *g);
        println!(
            "{name:<20} {:>28} {m:>9.0} {:>7.2}× {:>6}",
            each.join(" / "),
            m / rust,
            goal.map_or(String::new(), |g| format!("≥{g}×"))
        );
        if let Some(g) = goal.filter(|g| m / rust < *g) {
            missed.push(format!("{name} {:.2}× (goal {g}×)", m / rust));
        }
    }
    if !missed.is_empty() {
        println!("below goal: {}", missed.join(", "));
    }
    Ok(())
}
