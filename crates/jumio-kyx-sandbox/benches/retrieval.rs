//! `cargo xtask bench sandbox`: retrieval GETs per second against the sandbox, over keep-alive
//! HTTP/1.1 connections.
//!
//! The sandbox runs in-process on its own two-worker runtime; the load comes from a second
//! runtime with a lean hyper client (one task per connection, each request waiting for its
//! answer), so both share this machine's cores, as a local integration test would.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use jumio_kyx_sandbox::{RunningSandbox, SandboxConfig, Settings};

const CONNECTIONS: usize = 32;
const WARMUP: Duration = Duration::from_secs(1);
const MEASURE: Duration = Duration::from_secs(5);

fn main() {
    let config = SandboxConfig {
        settings: Settings {
            processing_delay_ms: 0,
            request_log_limit: 1000,
            ..Settings::default()
        },
        ..SandboxConfig::default()
    };
    let sandbox = RunningSandbox::start_in_background(config).expect("sandbox starts");
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (path, token) = client_rt.block_on(prepare(sandbox.url()));
    let addr = sandbox.addr();

    for (phase, duration) in [("warm-up", WARMUP), ("measure", MEASURE)] {
        let (count, latencies) = client_rt.block_on(load(addr, &path, &token, duration));
        if phase == "measure" {
            let mut l = latencies;
            l.sort_unstable_by(f64::total_cmp);
            let pct = |p: f64| l[((l.len() as f64 * p) as usize).min(l.len() - 1)];
            println!(
                "sandbox retrieval: GET {}",
                path.split('?').next().unwrap_or_default()
            );
            println!("  connections (keep-alive): {CONNECTIONS}");
            println!(
                "  requests:                 {count} in {:.1}s",
                duration.as_secs_f64()
            );
            println!(
                "  throughput:               {:.0} GETs/s",
                count as f64 / duration.as_secs_f64()
            );
            println!(
                "  latency p50 / p99:        {:.2} ms / {:.2} ms",
                pct(0.50),
                pct(0.99)
            );
            println!("  goal:                     >= 20000 GETs/s");
        }
    }
}

/// Sends a request; returns the JSON of its answer.
async fn json(request: reqwest::RequestBuilder) -> serde_json::Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// Creates a processed workflow; returns its status path and a token.
async fn prepare(base: &str) -> (String, String) {
    let http = reqwest::Client::builder()
        .user_agent("kyx-bench/1.0")
        .build()
        .unwrap();
    let token = json(
        http.post(format!("{base}/oauth2/token"))
            .basic_auth("bench", Some("bench"))
            .form(&[("grant_type", "client_credentials")]),
    )
    .await;
    let token = token["access_token"].as_str().unwrap().to_string();
    let request = serde_json::json!({"customerInternalReference": "bench", "workflowDefinition": {"key": 10011}});
    let account = json(
        http.post(format!("{base}/api/v1/accounts"))
            .bearer_auth(&token)
            .json(&request),
    )
    .await;
    let path = format!(
        "/api/v1/accounts/{}/workflow-executions/{}/status",
        account["account"]["id"].as_str().unwrap(),
        account["workflowExecution"]["id"].as_str().unwrap()
    );
    (path, token)
}

async fn load(
    addr: std::net::SocketAddr,
    path: &str,
    token: &str,
    duration: Duration,
) -> (u64, Vec<f64>) {
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (path, auth) = (path.to_string(), format!("Bearer {token}"));
        tasks.push(tokio::spawn(async move {
            let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let (mut sender, conn) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                    .await
                    .unwrap();
            tokio::spawn(conn);
            let mut count = 0u64;
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let req = hyper::Request::get(&path)
                    .header("host", addr.to_string())
                    .header("user-agent", "kyx-bench/1.0")
                    .header("authorization", &auth)
                    .body(Empty::<Bytes>::new())
                    .unwrap();
                let started = Instant::now();
                let response = sender.send_request(req).await.expect("answer");
                assert_eq!(response.status(), 200);
                response.into_body().collect().await.unwrap();
                latencies.push(started.elapsed().as_secs_f64() * 1000.0);
                count += 1;
            }
            (count, latencies)
        }));
    }
    let mut total = 0;
    let mut all = Vec::new();
    for t in tasks {
        let (c, l) = t.await.unwrap();
        total += c;
        all.extend(l);
    }
    (total, all)
}
