//! `cargo xtask bench client`: the SDK against the sandbox (a separate process, so its memory
//! does not count here), side by side in one run:
//! * per-call time of `get_workflow_status` through the SDK and the same GET with plain reqwest
//!   (same connection pool settings, body parsed as JSON), in short rounds of alternating order;
//!   the ratio is the geometric mean of each order's median (see [`ByOrder`]), printed with the
//!   generated layer alone (`Client::raw`) against raw reqwest, and with a control: raw reqwest
//!   against a second raw reqwest client, measured the same way;
//! * peak RSS growth of this process while the SDK uploads a 10 MB image from a file.
//!
//! With `KYX_BENCH_ONLY=sdk` (or `raw`) and `KYX_BENCH_CALLS=n` it makes only those n calls and
//! stops: `cargo xtask bench client-instructions` runs it so under callgrind, twice with
//! different counts, and the difference is the calls' own instructions and cache misses, set-up
//! excluded.
//!
//! The sandbox binary comes from `KYX_SANDBOX_BIN` (xtask builds it in release mode).

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jumio_kyx::types::{AccountRequest, CredentialCategory, UploadClassifier};
use jumio_kyx::{Client, ImageSource};

/// Short rounds, many of them: with rounds of 250 calls (10 rounds per second), the control
/// (equal code on both sides) read anywhere from 0.96x to 1.10x by order and 1.00x to 1.045x in
/// all; with rounds of 25 calls it reads 0.996x to 1.005x, because what slows a round down (the
/// machine's scheduling of the client and the sandbox) now falls on both paths alike.
const ROUNDS: usize = 400;
/// Rounds of the control (raw reqwest against raw reqwest).
const CONTROL_ROUNDS: usize = 200;
const CALLS_PER_ROUND: usize = 25;
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
    let plain_call = || plain_get(&raw, &status_url, token.expose());

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

    let n = ROUNDS * CALLS_PER_ROUND;
    let sdk = compare(ROUNDS, &sdk_call, &plain_call).await;
    println!(
        "client: get_workflow_status against the sandbox ({n} calls each, {ROUNDS} alternating rounds)"
    );
    println!("  SDK:          {:>8.1} µs/call", sdk.a_us);
    println!("  raw reqwest:  {:>8.1} µs/call", sdk.b_us);
    println!(
        "  ratio:        {:>8.3}x   (goal <= 1.02x; {:.3}x in the rounds the SDK ran first, {:.3}x in the others)",
        sdk.wall.ratio(),
        sdk.wall.first,
        sdk.wall.second
    );
    println!(
        "  client CPU:   {:>8.1} µs/call SDK, {:.1} µs/call raw reqwest ({:.3}x; {:.3}x and {:.3}x by order)",
        sdk.cpu_a_us,
        sdk.cpu_b_us,
        sdk.cpu.ratio(),
        sdk.cpu.first,
        sdk.cpu.second
    );
    // The generated layer alone (`Client::raw`: progenitor's method and the request hooks, no
    // facade and no call driver) against raw reqwest: how much of the ratio above is the
    // generated code's own. Outside the driver the hooks set reqwest's own request timeout, so
    // this path too runs one timer per request.
    let generated_call = || async {
        std::hint::black_box(
            client
                .raw()
                .get_workflow_status(&a, &w)
                .await
                .unwrap()
                .into_inner(),
        );
    };
    compare(CONTROL_ROUNDS, &generated_call, &plain_call)
        .await
        .print_ratios(
            "generated",
            "the generated layer alone, Client::raw, against raw reqwest",
        );
    // The control: raw reqwest against a second raw reqwest client, measured the same way. Equal
    // code, so what it shows is the bench's own error.
    let second = reqwest::Client::builder()
        .user_agent("kyx-bench/1.0")
        .build()
        .unwrap();
    let plain_call_2 = || plain_get(&second, &status_url, token.expose());
    compare(CONTROL_ROUNDS, &plain_call, &plain_call_2)
        .await
        .print_ratios("control", "raw reqwest against a second raw reqwest client");

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

/// The GET with raw reqwest, its body parsed as JSON.
async fn plain_get(client: &reqwest::Client, url: &str, token: &str) {
    let r = client.get(url).bearer_auth(token).send().await.unwrap();
    let v: serde_json::Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    std::hint::black_box(v);
}

/// One round: `CALLS_PER_ROUND` calls, their wall time and this thread's CPU time.
async fn round<F: Fn() -> Fut, Fut: Future<Output = ()>>(call: &F) -> (Duration, u64) {
    // The CPU clock is read outside the wall time: each read is a system call.
    let cpu = thread_cpu_ns();
    let t = Instant::now();
    for _ in 0..CALLS_PER_ROUND {
        call().await;
    }
    (t.elapsed(), thread_cpu_ns() - cpu)
}

/// A ratio of two paths, from rounds in both orders.
///
/// Whichever path runs right after the other one's round is slower for a while (measured with
/// the control, equal code on both sides: up to 4% either way with rounds of 250 calls, about 1%
/// with rounds of 25). The rounds alternate the order, so each order gets half of them; the
/// median of the rounds in each order is stable, but the median of all rounds falls between the
/// two groups, wherever small differences put it. The ratio is the geometric mean of the two
/// orders' medians, in which the order's effect cancels.
struct ByOrder {
    /// Median ratio of the rounds in which the first path ran first.
    first: f64,
    /// Median ratio of the rounds in which the second path ran first.
    second: f64,
}

impl ByOrder {
    fn new(mut first: Vec<f64>, mut second: Vec<f64>) -> Self {
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        ByOrder {
            first: median(&mut first),
            second: median(&mut second),
        }
    }

    fn ratio(&self) -> f64 {
        (self.first * self.second).sqrt()
    }
}

/// Two paths measured side by side: the mean time per call of each (wall and this thread's
/// CPU) and their ratios, first path over second.
struct Comparison {
    a_us: f64,
    b_us: f64,
    cpu_a_us: f64,
    cpu_b_us: f64,
    wall: ByOrder,
    cpu: ByOrder,
}

impl Comparison {
    /// One line of the report: the wall and CPU ratios of a comparison of `CONTROL_ROUNDS`
    /// rounds, with what it compares and the wall ratio by order.
    fn print_ratios(&self, label: &str, what: &str) {
        println!(
            "  {:<14}{:>8.3}x   wall, {:.3}x CPU ({what}, {CONTROL_ROUNDS} rounds; {:.3}x and {:.3}x by order)",
            format!("{label}:"),
            self.wall.ratio(),
            self.cpu.ratio(),
            self.wall.first,
            self.wall.second
        );
    }
}

/// Warms both paths up (round 0, not counted), then runs `rounds` pairs of rounds, the order
/// alternating, so that drift and the machine's other work affect both alike.
async fn compare<A, FA, B, FB>(rounds: usize, a: &A, b: &B) -> Comparison
where
    A: Fn() -> FA,
    FA: Future<Output = ()>,
    B: Fn() -> FB,
    FB: Future<Output = ()>,
{
    let (mut wall_a, mut wall_b, mut cpu_a, mut cpu_b) = (Duration::ZERO, Duration::ZERO, 0, 0);
    let (mut wall_ratios, mut cpu_ratios) = ([Vec::new(), Vec::new()], [Vec::new(), Vec::new()]);
    for r in 0..=rounds {
        let a_first = r % 2 == 0;
        let ((wa, ca), (wb, cb)) = if a_first {
            let x = round(a).await;
            (x, round(b).await)
        } else {
            let y = round(b).await;
            (round(a).await, y)
        };
        if r == 0 {
            continue;
        }
        (wall_a, wall_b, cpu_a, cpu_b) = (wall_a + wa, wall_b + wb, cpu_a + ca, cpu_b + cb);
        let order = usize::from(!a_first);
        wall_ratios[order].push(wa.as_secs_f64() / wb.as_secs_f64());
        cpu_ratios[order].push(ca as f64 / cb.max(1) as f64);
    }
    let n = (rounds * CALLS_PER_ROUND) as f64;
    let [w0, w1] = wall_ratios;
    let [c0, c1] = cpu_ratios;
    Comparison {
        a_us: wall_a.as_secs_f64() * 1e6 / n,
        b_us: wall_b.as_secs_f64() * 1e6 / n,
        cpu_a_us: cpu_a as f64 / 1e3 / n,
        cpu_b_us: cpu_b as f64 / 1e3 / n,
        wall: ByOrder::new(w0, w1),
        cpu: ByOrder::new(c0, c1),
    }
}
