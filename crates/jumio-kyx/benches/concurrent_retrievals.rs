//! The Rust side of `cargo xtask bench bindings`: `KYX_BENCH_CALLS` `get_workflow_status`
//! calls with `KYX_BENCH_IN_FLIGHT` in flight against the sandbox at `KYX_SANDBOX_URL` (another
//! process). Prints one JSON line, `{"callsPerSec": …}`, which xtask compares with the same run
//! through the Python and Node packages.
//!
//! It allocates with mimalloc, as the Python and Node native modules do, so that the comparison
//! is of the bindings, not of allocators (with glibc's allocator this run is about a tenth slower).

use std::time::Instant;

use futures_util::stream::{self, StreamExt};
use jumio_kyx::Client;
use jumio_kyx::types::AccountRequest;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let url = std::env::var("KYX_SANDBOX_URL")
        .expect("KYX_SANDBOX_URL: run `cargo xtask bench bindings`");
    let (calls, in_flight) = (
        setting("KYX_BENCH_CALLS", 10_000),
        setting("KYX_BENCH_IN_FLIGHT", 64),
    );
    let client = Client::builder()
        .base_url(&url)
        .credentials("bench", "bench")
        .user_agent("kyx-bench/1.0")
        .build()
        .expect("a client");
    let request: AccountRequest = serde_json::from_value(serde_json::json!({
        "customerInternalReference": "rust-bench", "workflowDefinition": {"key": 10011}
    }))
    .expect("an account request");
    let created = client.create_account(&request).await.expect("an account");
    let (a, w) = (
        created.account.id.clone(),
        created.workflow_execution.id.clone(),
    );
    let round = |n: usize| {
        let (client, a, w) = (&client, &a, &w);
        async move {
            let started = Instant::now();
            stream::iter(0..n)
                .map(|_| async move { client.get_workflow_status(a, w).await.expect("a status") })
                .buffer_unordered(in_flight)
                .for_each(|_| async {})
                .await;
            n as f64 / started.elapsed().as_secs_f64()
        }
    };
    round(calls / 5).await; // warm-up: connections, token
    let per_sec = round(calls).await;
    println!("{{\"callsPerSec\": {per_sec:.1}}}");
}
