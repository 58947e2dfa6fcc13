//! `cargo xtask bench migrate`: `kyx migrate` over 100,000 scan references (one account each,
//! the most requests) against a sandbox process with rate limits off. Reports scan references
//! per second and the resident memory of `kyx` over the run (sampled from /proc), which should be
//! flat: the input streams into the journal and the work streams out of it.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{cargo, contract, root, run};

const SCANS: usize = 100_000;

fn rss_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

pub fn run_bench() -> Result<()> {
    run(cargo().args(["build", "--locked", "--release", "-p", "jumio-kyx-cli"]))?;
    let sandbox = contract::start_sandbox(
        true,
        &["--processing-delay-ms", "0", "--request-log-limit", "1000"],
    )?;
    let dir = root().join("target/xtask/bench-migrate");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut input = std::io::BufWriter::new(std::fs::File::create(dir.join("scans.txt"))?);
    for i in 0..SCANS {
        writeln!(input, "BENCH-{i:06}")?;
    }
    input.flush()?;
    drop(input);

    let started = Instant::now();
    let mut child = Command::new(root().join("target/release/kyx"))
        .args([
            "migrate",
            "--input",
            "scans.txt",
            "--journal",
            "migrate.db",
            "--rate-limit",
            "off",
            "--concurrency",
            "16",
            "-q",
        ])
        .env("JUMIO_BASE_URL", &sandbox.url)
        .env("JUMIO_CLIENT_ID", "bench")
        .env("JUMIO_CLIENT_SECRET", "bench")
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("cannot start kyx")?;
    let pid = child.id();
    let mut samples: Vec<(f64, u64)> = Vec::new();
    let mut peak = 0;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let Some(rss) = rss_kib(pid, "VmRSS:") {
            samples.push((started.elapsed().as_secs_f64(), rss));
        }
        if let Some(hwm) = rss_kib(pid, "VmHWM:") {
            peak = hwm;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let elapsed = started.elapsed().as_secs_f64();
    let mut out = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().context("stdout")?, &mut out)?;
    if !status.success() {
        bail!("kyx migrate failed ({status}):\n{out}");
    }
    print!("{out}");
    let report = std::fs::read_to_string(dir.join("migrate.report.csv"))?;
    let migrated = report.lines().filter(|l| l.contains(",migrated,")).count();
    if migrated != SCANS {
        bail!("the report lists {migrated} migrated scans, not {SCANS}");
    }
    println!(
        "\nkyx migrate: {SCANS} scan references (one account each) against the sandbox, rate limits off, 16 in flight"
    );
    println!(
        "  {:.0} scan references/s ({elapsed:.1} s, including loading the input into the journal)",
        SCANS as f64 / elapsed
    );
    let mb = |kib: u64| kib as f64 / 1024.0;
    println!("  peak RSS {:.1} MB", mb(peak));
    if !samples.is_empty() {
        let at = |fraction: f64| {
            let t = elapsed * fraction;
            samples
                .iter()
                .min_by(|a, b| (a.0 - t).abs().total_cmp(&(b.0 - t).abs()))
                .map_or(0, |s| s.1)
        };
        println!(
            "  RSS over the run: {:.1} MB at 10%, {:.1} at 25%, {:.1} at 50%, {:.1} at 75%, {:.1} MB at 95%",
            mb(at(0.10)),
            mb(at(0.25)),
            mb(at(0.50)),
            mb(at(0.75)),
            mb(at(0.95))
        );
    }
    println!("  goal: peak RSS under 50 MB and flat");
    if mb(peak) >= 50.0 {
        bail!("peak RSS {:.1} MB is over the 50 MB goal", mb(peak));
    }
    Ok(())
}
