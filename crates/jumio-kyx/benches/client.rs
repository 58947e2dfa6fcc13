//! `cargo xtask bench client`: the SDK against the sandbox (a separate process, so its memory
//! does not count here), side by side in one run:
//! * per-call time of `get_workflow_status` through the SDK and the same GET with plain reqwest
//!   (same connection pool settings, body parsed as JSON), in short alternating rounds; the
//!   ratio is the median of the rounds';
//! * peak RSS growth of this process while the SDK uploads a 10 MB image from a file.
//!
//! With `KYX_BENCH_ONLY=sdk` (or `raw`) and `KYX_BENCH_CALLS=n` it makes only those n calls and
//! stops: `cargo xtask bench client-instructions` runs it so under callgrind, twice with
//! different counts, and the difference is the calls' own instructions, set-up excluded.
//!
//! The sandbox binary comes from `KYX_SANDBOX_BIN` (xtask builds it in release mode).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jumio_kyx::types::{AccountRequest, CredentialCategory, UploadClassifier};
use jumio_kyx::{Client, ImageSource};

const ROUNDS: usize = 40;
const CALLS_PER_ROUND: usize = 250;
const UPLOAD_BYTES: usize = 10_000_000;

fn proc_status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// CPU time this thread has run, in nanoseconds (`/proc/thread-self/schedstat`): the client
/// runs on this one thread (a current-thread runtime), so a round's difference is the client's
/// own work, without the sandbox's or the waits for it.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let bin = std::env::var("KYX_SANDBOX_BIN")
        .expect("KYX_SANDBOX_BIN: run through `cargo xtask bench client`");
    let mut child = Command::new(bin)
        .args([
            "--port",
            "0",
            "--max-upload-bytes",
            "12000000",
            "--processing-delay-ms",
            "0",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the sandbox starts");
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let url = url.trim().to_string();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run(&url));
    let _ = child.kill();
    let _ = child.wait();
}

async fn run(url: &str) {
    let client = Client::builder()
        .base_url(url)
        .credentials("bench", "bench")
        .user_agent("kyx-bench/1.0")
        .max_upload_bytes(12_000_000)
        .build()
        .unwrap();
    let account = client
        .create_account(&AccountRequest::new("bench", 10011u64))
        .await
        .unwrap();
    let (a, w) = (
        account.account_id().to_string(),
        account.workflow_execution_id().to_string(),
    );
    let token = client.access_token().await.unwrap();
    let raw = reqwest::Client::builder()
        .user_agent("kyx-bench/1.0")
        .build()
        .unwrap();
    let status_url = format!("{url}/api/v1/accounts/{a}/workflow-executions/{w}/status");

    // One call each way: the SDK's typed answer, and the same GET with raw reqwest, its body
    // parsed as JSON.
    let sdk_call = || async {
        std::hint::black_box(client.get_workflow_status(&a, &w).await.unwrap());
    };
    let plain_call = || async {
        let r = raw
            .get(&status_url)
            .bearer_auth(token.expose())
            .send()
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        std::hint::black_box(v);
    };

    if let Ok(only) = std::env::var("KYX_BENCH_ONLY") {
        let calls: usize = std::env::var("KYX_BENCH_CALLS")
            .ok()
            .and_then(|n| n.parse().ok())
            .expect("KYX_BENCH_CALLS: how many calls");
        for _ in 0..calls {
            if only == "sdk" {
                sdk_call().await;
            } else {
                plain_call().await;
            }
        }
        return;
    }

    // Warm both paths up, then alternate short rounds, each pair in alternating order, so that
    // drift and the machine's other work affect both alike; the ratio is the median of the
    // rounds' ratios (one slow round does not decide it).
    let sdk_round = || async {
        let (t, cpu) = (Instant::now(), thread_cpu_ns());
        for _ in 0..CALLS_PER_ROUND {
            sdk_call().await;
        }
        (t.elapsed(), thread_cpu_ns() - cpu)
    };
    let plain_round = || async {
        let (t, cpu) = (Instant::now(), thread_cpu_ns());
        for _ in 0..CALLS_PER_ROUND {
            plain_call().await;
        }
        (t.elapsed(), thread_cpu_ns() - cpu)
    };
    let (mut sdk, mut plain, mut ratios) = (Duration::ZERO, Duration::ZERO, Vec::new());
    let (mut sdk_cpu, mut plain_cpu) = (0u64, 0u64);
    for round in 0..=ROUNDS {
        let ((s, s_cpu), (p, p_cpu)) = if round % 2 == 0 {
            let s = sdk_round().await;
            (s, plain_round().await)
        } else {
            let p = plain_round().await;
            (sdk_round().await, p)
        };
        if round > 0 {
            (sdk, plain) = (sdk + s, plain + p);
            (sdk_cpu, plain_cpu) = (sdk_cpu + s_cpu, plain_cpu + p_cpu);
            ratios.push(s.as_secs_f64() / p.as_secs_f64());
        }
    }
    ratios.sort_by(f64::total_cmp);
    let n = (ROUNDS * CALLS_PER_ROUND) as f64;
    let (sdk_us, plain_us) = (sdk.as_secs_f64() * 1e6 / n, plain.as_secs_f64() * 1e6 / n);
    println!(
        "client: get_workflow_status against the sandbox ({} calls each, {ROUNDS} alternating rounds)",
        ROUNDS * CALLS_PER_ROUND
    );
    println!("  SDK:          {sdk_us:>8.1} µs/call");
    println!("  raw reqwest:  {plain_us:>8.1} µs/call");
    println!(
        "  ratio:        {:>8.3}x   (median of the rounds; goal <= 1.02x)",
        ratios[ratios.len() / 2]
    );
    let (sdk_cpu_us, plain_cpu_us) = (sdk_cpu as f64 / 1e3 / n, plain_cpu as f64 / 1e3 / n);
    println!(
        "  client CPU:   {sdk_cpu_us:>8.1} µs/call SDK, {plain_cpu_us:.1} µs/call raw reqwest ({:.3}x)",
        sdk_cpu_us / plain_cpu_us
    );

    // A 10 MB image (a valid PNG header, then filler) uploaded from a file.
    let path = std::env::temp_dir().join(format!("kyx-bench-{}.png", std::process::id()));
    let mut image = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0,
        0x0F, 0xA0, 0, 0, 0x0B, 0xB8, 8, 2, 0, 0, 0, 0, 0, 0, 0,
    ];
    image.resize(UPLOAD_BYTES, 0x5A);
    std::fs::write(&path, &image).unwrap();
    drop(image);
    let id = account
        .credential(&CredentialCategory::Id)
        .unwrap()
        .id
        .clone();
    // Reset the peak (VmHWM) to the current RSS, then upload.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = proc_status_kib("VmRSS:");
    let t = Instant::now();
    client
        .upload_part(
            &a,
            &w,
            &id,
            UploadClassifier::Front,
            ImageSource::path(&path),
        )
        .await
        .unwrap();
    let took = t.elapsed();
    let peak = proc_status_kib("VmHWM:");
    std::fs::remove_file(&path).ok();
    println!(
        "client: upload of a {} MB image from a file",
        UPLOAD_BYTES / 1_000_000
    );
    println!("  time:            {:>8.1} ms", took.as_secs_f64() * 1000.0);
    println!("  RSS before:      {:>8.1} MiB", before as f64 / 1024.0);
    println!(
        "  peak RSS growth: {:>8.2} MiB   (goal < 2 MB)",
        peak.saturating_sub(before) as f64 / 1024.0
    );
}
