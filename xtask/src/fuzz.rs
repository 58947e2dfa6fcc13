//! `cargo xtask fuzz [--secs N] [--dev] [TARGET…]`: runs the cargo-fuzz targets of
//! `crates/jumio-kyx-fuzz` (libFuzzer), each for N seconds (default 600), from a corpus seeded
//! with the JSON examples of `tests/fixtures`, the conformance requests and the committed
//! regressions, and reports runs, corpus size and crashes per target. A crash fails the command
//! and leaves its input under `crates/jumio-kyx-fuzz/artifacts/<target>/`, which `cargo test`
//! then replays (the fuzz crate's `tests/replay.rs`) until it is fixed and moved to
//! `regressions/<target>/`. The instrumented build has its own target directory
//! (`target/fuzz`), so it never invalidates the workspace's.
//!
//! cargo-fuzz is installed at a pinned version into `.tools/cargo`. It needs a nightly compiler:
//! the machine's nightly toolchain when rustup has one, else the stable compiler with
//! `RUSTC_BOOTSTRAP=1`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::{cargo, root, run};

/// The pinned cargo-fuzz.
const CARGO_FUZZ_VERSION: &str = "0.13.1";

/// Every target, by name: the files of `fuzz_targets/` (what cargo-fuzz builds), sorted.
fn all_targets() -> Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(fuzz_dir().join("fuzz_targets"))?
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            let stem = path.file_stem()?.to_str()?.to_string();
            (path.extension()? == "rs").then_some(stem)
        })
        .collect();
    names.sort();
    Ok(names)
}

fn fuzz_dir() -> PathBuf {
    root().join("crates/jumio-kyx-fuzz")
}

/// cargo-fuzz, installed.
fn cargo_fuzz() -> Result<PathBuf> {
    let dir = root().join(".tools/cargo");
    let bin = dir.join("bin/cargo-fuzz");
    let stamp = dir.join(".stamp");
    if !bin.exists() || std::fs::read_to_string(&stamp).ok().as_deref() != Some(CARGO_FUZZ_VERSION)
    {
        println!(
            "installing cargo-fuzz {CARGO_FUZZ_VERSION} into {} …",
            dir.display()
        );
        run(cargo()
            .args(["install", "--locked", "--quiet", "cargo-fuzz", "--version"])
            .arg(CARGO_FUZZ_VERSION)
            .arg("--root")
            .arg(&dir))?;
        std::fs::write(&stamp, CARGO_FUZZ_VERSION)?;
    }
    Ok(bin)
}

/// `cargo fuzz` with a compiler that takes its nightly flags.
fn fuzz_command() -> Result<Command> {
    let bin = cargo_fuzz()?;
    let nightly = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.starts_with("nightly"))
        })
        .unwrap_or(false);
    let mut cmd = Command::new("cargo");
    if nightly {
        cmd.arg("+nightly");
    } else {
        cmd.env("RUSTC_BOOTSTRAP", "1");
    }
    // cargo finds `cargo-fuzz` on PATH as the `fuzz` subcommand.
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bin.parent().expect("bin dir").to_path_buf()];
    dirs.extend(std::env::split_paths(&path));
    cmd.env("PATH", std::env::join_paths(dirs)?);
    // Symbolised crash traces: the workspace's release profile strips, and has no line tables.
    cmd.env("CARGO_PROFILE_RELEASE_DEBUG", "line-tables-only")
        .env("CARGO_PROFILE_RELEASE_STRIP", "false");
    cmd.arg("fuzz");
    Ok(cmd)
}

/// Writes the targets' seeds and regressions into their corpora (files not already there), by
/// the fuzz crate's own `fuzz-seeds` (the seeds are made in one place, which `cargo test`
/// replays too); returns how many each target gained.
fn seed(targets: &[String], corpus: &Path) -> Result<Vec<(String, usize)>> {
    let out = cargo()
        .args([
            "run",
            "--quiet",
            "--locked",
            "-p",
            "jumio-kyx-fuzz",
            "--features",
            "write-seeds",
            "--bin",
            "fuzz-seeds",
            "--",
        ])
        .arg(corpus)
        .args(targets)
        .current_dir(root())
        .output()?;
    if !out.status.success() {
        bail!(
            "fuzz-seeds failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let (t, n) = l
                .split_once(' ')
                .context("fuzz-seeds printed an odd line")?;
            Ok((t.to_string(), n.parse()?))
        })
        .collect()
}

/// What one target's run found.
struct Report {
    target: String,
    runs: u64,
    corpus: usize,
    crashed: bool,
}

/// `cargo xtask fuzz [--secs N] [TARGET…]`.
pub fn run_fuzz(args: &[String]) -> Result<()> {
    let mut secs = 600u64;
    let mut dev = false;
    let all = all_targets()?;
    let mut targets = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--secs" => {
                secs = it
                    .next()
                    .context("--secs needs a number")?
                    .parse()
                    .context("--secs needs a number of seconds")?
            }
            // A debug build (overflow checks on) compiles in less than half the time: CI's
            // short run takes it.
            "--dev" => dev = true,
            t if all.iter().any(|a| a == t) => targets.push(t.to_string()),
            other => bail!("unknown fuzz argument {other}; targets: {}", all.join(", ")),
        }
    }
    if targets.is_empty() {
        targets = all;
    }
    let dir = fuzz_dir();
    println!("building {} fuzz targets …", targets.len());
    let t = Instant::now();
    let profile: &[&str] = if dev { &["--dev"] } else { &[] };
    // cargo fuzz <build|run> with the uninstrumented options every call shares.
    let fuzz = |sub: &str| -> Result<Command> {
        let mut cmd = fuzz_command()?;
        cmd.args([
            sub,
            "--sanitizer",
            "none",
            "--features",
            "libfuzzer",
            "--target-dir",
        ])
        .arg(root().join("target/fuzz"))
        .args(profile)
        .arg("--fuzz-dir")
        .arg(&dir)
        .current_dir(&dir);
        Ok(cmd)
    };
    run(&mut fuzz("build")?)?;
    println!("built in {:.0}s", t.elapsed().as_secs_f64());
    let seeded = seed(&targets, &dir.join("corpus"))?;
    let mut reports = Vec::new();
    for target in &targets {
        let corpus = dir.join("corpus").join(target);
        let artifacts = dir.join("artifacts").join(target);
        std::fs::create_dir_all(&artifacts)?;
        let seeded = seeded
            .iter()
            .find(|(t, _)| t == target)
            .map_or(0, |(_, n)| *n);
        println!("==> fuzzing {target} for {secs}s ({seeded} new seeds)");
        let out = fuzz("run")?
            .arg(target)
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={secs}"))
            .arg("-timeout=10")
            .arg("-rss_limit_mb=2048")
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .output()
            .with_context(|| format!("cannot run the fuzz target {target}"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        let runs = log
            .lines()
            .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0);
        let crashed = !out.status.success();
        if crashed {
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            for l in tail.into_iter().rev() {
                eprintln!("{l}");
            }
        }
        let corpus_len = std::fs::read_dir(&corpus)?.count();
        println!(
            "<== {target}: {runs} runs, corpus {corpus_len}, {}",
            if crashed { "CRASHED" } else { "no crash" }
        );
        reports.push(Report {
            target: target.clone(),
            runs,
            corpus: corpus_len,
            crashed,
        });
    }
    println!("\nfuzzing, {secs}s per target:");
    println!(
        "{:<18} {:>12} {:>8} {:>8}",
        "target", "runs", "corpus", "crashes"
    );
    for r in &reports {
        println!(
            "{:<18} {:>12} {:>8} {:>8}",
            r.target,
            r.runs,
            r.corpus,
            u8::from(r.crashed)
        );
    }
    let crashed: Vec<&str> = reports
        .iter()
        .filter(|r| r.crashed)
        .map(|r| r.target.as_str())
        .collect();
    if !crashed.is_empty() {
        bail!(
            "fuzz targets crashed: {} (inputs under {}/artifacts)",
            crashed.join(", "),
            dir.display()
        );
    }
    Ok(())
}
