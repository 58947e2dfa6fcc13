//! `cargo xtask bench client-instructions`: the client's own work per `get_workflow_status`
//! call, counted rather than timed. `cargo xtask bench client` times the SDK against raw reqwest
//! on a shared 2-core machine; callgrind counts what this process does in user space, which does
//! not depend on what else the machine does: instructions, and with its cache and branch
//! simulation the misses that make some instructions cost more than others (the SDK's extra time
//! is more in its misses than in its instructions). The bench binary runs each path alone
//! (`KYX_BENCH_ONLY`), twice with different call counts: the difference, divided by the calls
//! added, is one call's work, the set-up (client, runtime, first connection) excluded. The
//! sandbox is another process and is not counted.

use std::collections::BTreeMap;
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

/// What callgrind counted for `calls` calls through `path` (`sdk` or `raw`): each event of its
/// cache and branch simulation (`Ir` instructions, `I1mr` instruction-cache misses, `D1mr` and
/// `D1mw` data-cache misses on reading and writing, `Bcm` and `Bim` mispredicted conditional and
/// indirect branches), by name.
fn counts(binary: &str, sandbox: &str, path: &str, calls: usize) -> Result<BTreeMap<String, u64>> {
    let dir = root().join("target/xtask");
    std::fs::create_dir_all(&dir)?;
    let out_file = dir.join(format!("callgrind.{path}.{calls}.out"));
    let out = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--trace-children=no",
            "--cache-sim=yes",
            "--branch-sim=yes",
        ])
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(binary)
        .env("KYX_SANDBOX_BIN", sandbox)
        .env("KYX_BENCH_ONLY", path)
        .env("KYX_BENCH_CALLS", calls.to_string())
        .output()?;
    if !out.status.success() {
        bail!(
            "the bench under callgrind failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let profile = std::fs::read_to_string(&out_file)
        .with_context(|| format!("callgrind wrote no {}", out_file.display()))?;
    parse_summary(&profile).with_context(|| format!("reading {}", out_file.display()))
}

/// The `events:` and `summary:` lines of a callgrind profile, paired.
fn parse_summary(profile: &str) -> Result<BTreeMap<String, u64>> {
    let line = |key: &str| {
        profile
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .with_context(|| format!("no {key:?} line"))
    };
    let names = line("events:")?.split_whitespace();
    let values = line("summary:")?
        .split_whitespace()
        .map(str::parse::<u64>)
        .collect::<Result<Vec<_>, _>>()?;
    let counts: BTreeMap<String, u64> = names.map(str::to_string).zip(values).collect();
    if !counts.contains_key("Ir") {
        bail!("no instruction count (Ir) among {:?}", counts.keys());
    }
    Ok(counts)
}

/// One call's events through a path: the difference between the two runs, per call added.
fn per_call(few: &BTreeMap<String, u64>, many: &BTreeMap<String, u64>) -> BTreeMap<String, f64> {
    many.iter()
        .map(|(event, &n)| {
            let before = few.get(event).copied().unwrap_or(0);
            (
                event.clone(),
                n.saturating_sub(before) as f64 / (MANY - FEW) as f64,
            )
        })
        .collect()
}

pub fn run_bench() -> Result<()> {
    ensure_valgrind()?;
    let sandbox = crate::release_sandbox()?;
    let sandbox = sandbox.to_str().context("a UTF-8 path")?;
    let binary = bench_binary()?;
    let mut paths = Vec::new();
    for path in ["sdk", "raw"] {
        let few = counts(&binary, sandbox, path, FEW)?;
        let many = counts(&binary, sandbox, path, MANY)?;
        paths.push(per_call(&few, &many));
    }
    let (sdk, raw) = (&paths[0], &paths[1]);
    let of = |p: &BTreeMap<String, f64>, events: &[&str]| -> f64 {
        events.iter().filter_map(|e| p.get(*e)).sum()
    };
    println!(
        "\nclient: one get_workflow_status call in user space (callgrind with its cache and branch \
         simulation, {} calls; raw reqwest parses a serde_json::Value, the SDK its typed answer)",
        MANY - FEW
    );
    println!(
        "  {:<34} {:>9} {:>12} {:>8}",
        "", "SDK", "raw reqwest", "ratio"
    );
    for (label, events) in [
        ("instructions", &["Ir"][..]),
        ("instruction-cache misses", &["I1mr"][..]),
        ("data-cache misses", &["D1mr", "D1mw"][..]),
        ("mispredicted branches", &["Bcm", "Bim"][..]),
    ] {
        let (s, r) = (of(sdk, events), of(raw, events));
        println!("  {label:<34} {s:>9.0} {r:>12.0} {:>7.3}x", s / r.max(1.0));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_summary_of_a_callgrind_profile() {
        let profile = "version: 1\ncreator: callgrind-3.22.0\nevents: Ir Dr Dw I1mr D1mr D1mw\n\
                       fn=(1) main\n16 3 1 0 1 0 0\nsummary: 106085880 18985594 11207804 1674468 329512 360145\n\
                       totals: 106085880 18985594 11207804 1674468 329512 360145\n";
        let counts = parse_summary(profile).unwrap();
        assert_eq!(counts["Ir"], 106_085_880);
        assert_eq!(counts["D1mw"], 360_145);
        assert_eq!(counts.len(), 6);
        assert!(parse_summary("events: Dr\nsummary: 5\n").is_err());
        assert!(parse_summary("events: Ir Dr\nsummary: 5 x\n").is_err());
    }

    #[test]
    fn one_call_is_the_difference_per_call_added() {
        let few = BTreeMap::from([("Ir".to_string(), 1_000u64), ("I1mr".to_string(), 10)]);
        let many = BTreeMap::from([
            ("Ir".to_string(), 1_000 + 5 * (MANY - FEW) as u64),
            ("I1mr".to_string(), 10),
        ]);
        let one = per_call(&few, &many);
        assert_eq!(one["Ir"], 5.0);
        assert_eq!(one["I1mr"], 0.0);
    }
}
