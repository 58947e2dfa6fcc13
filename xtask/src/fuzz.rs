//! `cargo xtask fuzz [--secs N] [--dev] [TARGET…]`: runs the cargo-fuzz targets of
//! `crates/jumio-kyx-fuzz` (libFuzzer), each for N seconds (default 600), from a corpus seeded
//! with the JSON examples of `tests/fixtures` and the conformance requests, and reports runs,
//! corpus size and crashes per target. A crash fails the command and leaves its input under
//! `crates/jumio-kyx-fuzz/artifacts/<target>/`.
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

/// Every target, in the order they run.
pub const TARGETS: [&str; 8] = [
    "responses",
    "errors",
    "callbacks",
    "hrefs",
    "ids",
    "retry_after",
    "sandbox_json",
    "sandbox_multipart",
];

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
    cmd.arg("fuzz");
    Ok(cmd)
}

/// Seeds a target's corpus from the project's examples (only files not already there).
fn seed(target: &str, corpus: &Path) -> Result<usize> {
    std::fs::create_dir_all(corpus)?;
    let mut seeds: Vec<Vec<u8>> = Vec::new();
    let examples = root().join("tests/fixtures/api-examples");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&examples)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    fixtures.sort();
    let json: Vec<(String, Vec<u8>)> = fixtures
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::read(p).map(|b| (name, b))
        })
        .collect::<std::io::Result<_>>()?;
    let strings = |key: &str| -> Vec<String> {
        let mut out = Vec::new();
        for (_, body) in &json {
            if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
                collect(&v, key, &mut out);
            }
        }
        out
    };
    match target {
        "responses" => {
            // The first byte picks the response type (see the target).
            const KINDS: [(&str, u8); 10] = [
                ("retrieval-workflow-details", 0),
                ("retrieval-status", 1),
                ("account-", 2),
                ("upload-part-response", 3),
                ("finalize-response", 4),
                ("retrieval-steps", 5),
                ("health-check", 6),
                ("migration-account-response", 7),
                ("oauth2-token-response", 8),
                ("error-", 9),
            ];
            for (name, body) in &json {
                if let Some((_, k)) = KINDS.iter().find(|(p, _)| name.starts_with(p)) {
                    seeds.push([&[*k][..], body].concat());
                }
            }
        }
        "errors" => {
            for (name, body) in &json {
                if name.starts_with("error-") {
                    seeds.push([&429u16.to_le_bytes()[..], b"Retry-After: 1\0", body].concat());
                }
            }
            seeds.push(
                [
                    &502u16.to_le_bytes()[..],
                    b"Content-Type: text/html\0<html>Bad Gateway</html>",
                ]
                .concat(),
            );
        }
        "callbacks" => {
            for (name, body) in &json {
                if name.starts_with("callback") {
                    seeds.push(body.clone());
                }
            }
            seeds.push(b"10.0.0.1\n52.48.0.25\n203.0.113.9, 10.0.0.1".to_vec());
        }
        "hrefs" => {
            seeds.extend(strings("href").into_iter().map(String::into_bytes));
            // Past finds, kept as seeds so every run starts from them: an encoded separator
            // (`%2F` decoded into a segment) and dot segments however the authority is spelled.
            for s in [
                "https://retrieval.amer-1.jumio.ai/api/%v1/accounts/a/https:/%2E%2FEh",
                "https://retrieval.amer-1.jumio.ai/api/v1/accounts/..%2F..%2Fx/workflow-executions/w",
                r"https:\\retrieval.amer-1.jumio.ai\api\v1\accounts\a\..\..\w",
            ] {
                seeds.push(s.as_bytes().to_vec());
            }
        }
        "ids" => seeds.extend(strings("id").into_iter().map(String::into_bytes)),
        "retry_after" => {
            for s in ["2", "0", "Wed, 21 Oct 2015 07:28:00 GMT", "120"] {
                seeds.push(s.as_bytes().to_vec());
            }
        }
        "sandbox_json" => {
            let conformance = root().join("tests/conformance");
            for entry in std::fs::read_dir(&conformance)? {
                let path = entry?.path();
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let scenario: serde_json::Value = serde_json::from_slice(&std::fs::read(&path)?)?;
                for step in scenario["steps"].as_array().into_iter().flatten() {
                    let (selector, body) = match step["call"].as_str() {
                        Some("create_account") => (0u8, &step["args"]["request"]),
                        Some("update_account") => (1, &step["args"]["request"]),
                        Some("upload_prepared_data") => (2, &step["args"]["data"]),
                        Some("create_migration") => (3, &step["args"]["request"]),
                        Some("update_migration") => (4, &step["args"]["request"]),
                        _ => continue,
                    };
                    seeds.push([&[selector][..], body.to_string().as_bytes()].concat());
                }
            }
            seeds.push(b"\x05grant_type=client_credentials&client_id=a&client_secret=b".to_vec());
        }
        "sandbox_multipart" => {
            let samples = root().join("crates/jumio-kyx-sandbox/samples");
            for (i, name) in ["front.jpg", "back.jpg", "selfie.jpg"].iter().enumerate() {
                let bytes = std::fs::read(samples.join(name))?;
                seeds.push([&[i as u8][..], &bytes[..bytes.len().min(4096)]].concat());
            }
        }
        other => bail!("no seeds for target {other}"),
    }
    let mut added = 0;
    for (i, s) in seeds.iter().enumerate() {
        let path = corpus.join(format!("seed-{i:03}"));
        if !path.exists() {
            std::fs::write(&path, s)?;
            added += 1;
        }
    }
    Ok(added)
}

/// Every string under `key` anywhere in a JSON value.
fn collect(v: &serde_json::Value, key: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                match x.as_str() {
                    Some(s) if k == key => out.push(s.to_string()),
                    _ => collect(x, key, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect(x, key, out)),
        _ => {}
    }
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
            t if TARGETS.contains(&t) => targets.push(t.to_string()),
            other => bail!(
                "unknown fuzz argument {other}; targets: {}",
                TARGETS.join(", ")
            ),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    let dir = fuzz_dir();
    println!("building {} fuzz targets …", targets.len());
    let t = Instant::now();
    let profile: &[&str] = if dev { &["--dev"] } else { &[] };
    run(fuzz_command()?
        .args(["build", "--sanitizer", "none"])
        .args(profile)
        .arg("--fuzz-dir")
        .arg(&dir)
        .current_dir(&dir))?;
    println!("built in {:.0}s", t.elapsed().as_secs_f64());
    let mut reports = Vec::new();
    for target in &targets {
        let corpus = dir.join("corpus").join(target);
        let artifacts = dir.join("artifacts").join(target);
        std::fs::create_dir_all(&artifacts)?;
        let seeded = seed(target, &corpus)?;
        println!("==> fuzzing {target} for {secs}s ({seeded} new seeds)");
        let out = fuzz_command()?
            .args(["run", "--sanitizer", "none"])
            .args(profile)
            .arg("--fuzz-dir")
            .arg(&dir)
            .arg(target)
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={secs}"))
            .arg("-timeout=10")
            .arg("-rss_limit_mb=2048")
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .current_dir(&dir)
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
