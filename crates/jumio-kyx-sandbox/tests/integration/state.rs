//! Durable state (`--state-dir`) and state documents (`GET`/`PUT /__sandbox/state`): a sandbox
//! killed at any moment resumes where it was; an exported state imported elsewhere serves the same
//! accounts, details and images; a broken document changes nothing.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::support::*;
use jumio_kyx_sandbox::{SandboxConfig, Settings};
use reqwest::Method;
use serde_json::{Value, json};

/// A new, empty directory under the system's temporary one.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "kyx-state-{name}-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn with_state_dir(dir: &std::path::Path, settings: Settings) -> SandboxConfig {
    SandboxConfig {
        state_dir: Some(dir.to_path_buf()),
        settings,
        ..SandboxConfig::default()
    }
}

#[tokio::test]
async fn a_restarted_sandbox_resumes_its_workflows_tokens_and_callbacks() {
    let dir = temp_dir("restart");
    let (receiver, url) = callback_receiver(vec![]).await;
    let slow = Settings {
        processing_delay_ms: 60_000,
        ..fast()
    };
    let h = Harness::with(with_state_dir(&dir, slow.clone())).await;
    let c = complete_10011(&h, json!({"callbackUrl": url, "userReference": "u-1"})).await;
    let token = h.token.clone();
    h.control(
        Method::PUT,
        "/scenario",
        Some(json!({"labels": {"usability": "BLURRED"}})),
    )
    .await;
    drop(h);

    // The same dir, a new process-like start: the workflow is still ACQUIRED, the access token
    // still works, the default scenario is still set.
    let mut again = Harness::with(with_state_dir(&dir, slow)).await;
    again.token = token;
    let status = again.get(&format!("{}/status", c.path())).await.ok();
    assert_eq!(status["workflowExecution"]["status"], "ACQUIRED");
    let scenario = again.control(Method::GET, "/scenario", None).await.body;
    assert_eq!(scenario["labels"]["usability"], "BLURRED");
    assert!(receiver.received.lock().unwrap().is_empty());
    // Due after the restart: processed, and the callback goes out.
    again.sandbox.advance_clock(chrono::Duration::seconds(61));
    let got = receiver.wait_for(1).await;
    assert_eq!(got[0]["workflowExecution"]["id"], c.workflow.as_str());
    assert_eq!(got[0]["workflowExecution"]["status"], "PROCESSED");
    // The images come back byte for byte.
    let download = again
        .get(&format!(
            "/api/v1/accounts/{}/credentials/{}/parts/FRONT",
            c.account,
            c.credential("ID")["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(download.status, 200, "{:?}", download.body);
    assert_eq!(download.bytes.as_ref(), FRONT_JPEG);
    // A reset empties the state dir too.
    again.sandbox.reset();
    drop(again);
    let fresh = Harness::with(with_state_dir(&dir, fast())).await;
    assert!(fresh.sandbox.workflows().is_empty());
    drop(fresh);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn two_sandboxes_never_share_a_state_dir() {
    let dir = temp_dir("shared");
    let first = jumio_kyx_sandbox::RunningSandbox::start(with_state_dir(&dir, fast()))
        .await
        .unwrap();
    let second = jumio_kyx_sandbox::RunningSandbox::start(with_state_dir(&dir, fast())).await;
    let err = second.err().expect("the second sandbox is refused");
    assert!(
        err.to_string().contains("in use by another sandbox"),
        "{err}"
    );
    drop(first);
    let third = jumio_kyx_sandbox::RunningSandbox::start(with_state_dir(&dir, fast())).await;
    assert!(third.is_ok(), "free again once the first stopped");
    drop(third);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn an_exported_state_imported_elsewhere_serves_the_same_data() {
    let (receiver, url) = callback_receiver(vec![]).await;
    let a = Harness::start().await;
    let c = complete_10011(&a, json!({"callbackUrl": url})).await;
    receiver.wait_for(1).await;
    let pending = a.created(10011, json!({})).await;
    a.control(
        Method::POST,
        "/legacy-scans",
        Some(json!([{"scanReference": "scan-1", "state": "final"}])),
    )
    .await;
    let state = a.control(Method::GET, "/state", None).await;
    assert_eq!(state.status, 200);
    let doc = state.body;
    assert_eq!(doc["format"], "jumio-kyx-sandbox-state");
    assert_eq!(doc["version"], 1);
    assert_eq!(
        doc["images"].as_object().unwrap().len(),
        3,
        "front, back, selfie"
    );

    let b = Harness::start().await;
    let put = b
        .send(
            b.http
                .put(b.url("/__sandbox/state"))
                .body(serde_json::to_vec(&doc).unwrap()),
        )
        .await;
    assert_eq!(put.status, 204, "{:?}", put.body);
    for path in [
        format!("/api/v1/accounts/{}", c.account),
        c.path(),
        format!("{}/status", pending.path()),
    ] {
        let before = a.get(&path).await.ok();
        let after = b.get(&path).await.ok();
        assert_eq!(
            strip_hosts(&before, a.sandbox.url()),
            strip_hosts(&after, b.sandbox.url()),
            "{path}"
        );
    }
    for classifier in ["FRONT", "BACK"] {
        let path = format!(
            "/api/v1/accounts/{}/credentials/{}/parts/{classifier}",
            c.account,
            c.credential("ID")["id"].as_str().unwrap()
        );
        assert_eq!(a.get(&path).await.bytes, b.get(&path).await.bytes, "{path}");
    }
    // The pending workflow's transaction token (signed by `a`) works in `b`.
    let upload = b
        .upload(
            Method::POST,
            &pending
                .part_url("ID", "FRONT")
                .replace(a.sandbox.url(), b.sandbox.url()),
            FRONT_JPEG,
            Some(&pending.token()),
        )
        .await;
    assert_eq!(upload.status, 200, "{:?}", upload.body);
    // Callbacks and seeded scans came along; the request log did not.
    assert_eq!(b.sandbox.callback_records().len(), 1);
    let scans = b.control(Method::GET, "/legacy-scans", None).await.body;
    assert_eq!(scans[0]["scanReference"], "scan-1");
    // Exporting again gives the same document, but for the clock's time.
    let mut again = b.control(Method::GET, "/state", None).await.body;
    let mut first = doc.clone();
    for d in [&mut again, &mut first] {
        d["clock"] = Value::Null;
        d["workflows"] = Value::Null; // the upload above changed one
        d["images"] = Value::Null;
    }
    assert_eq!(again, first);
}

/// A body with the sandbox's own URL taken out (the two sandboxes listen on different ports).
fn strip_hosts(v: &Value, base: &str) -> Value {
    serde_json::from_str(&v.to_string().replace(base, "BASE")).unwrap()
}

#[tokio::test]
async fn a_broken_or_foreign_state_document_is_refused_and_changes_nothing() {
    let a = Harness::start().await;
    complete_10011(&a, json!({})).await;
    let good = a.control(Method::GET, "/state", None).await.body;
    let b = Harness::start().await;
    let kept = b.created(10011, json!({})).await;
    let mut cases: Vec<(Vec<u8>, &str)> = vec![
        (b"{not json".to_vec(), "not JSON"),
        (b"[]".to_vec(), "not a sandbox state"),
    ];
    let mut newer = good.clone();
    newer["version"] = json!(2);
    cases.push((newer.to_string().into_bytes(), "version 2"));
    let mut tampered = good.clone();
    let first_image = tampered["images"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    tampered["images"][&first_image] = json!("AAAA");
    cases.push((tampered.to_string().into_bytes(), "does not match its hash"));
    let mut orphan = good.clone();
    orphan["accounts"] = json!({});
    cases.push((orphan.to_string().into_bytes(), "not in the state"));
    let mut bad_status = good.clone();
    bad_status["workflows"][0]["status"] = json!("SOMETHING");
    cases.push((bad_status.to_string().into_bytes(), "workflows[0].status"));
    let mut bad_fault = good.clone();
    bad_fault["faults"] = json!([{"operation": "nope", "status": 500}]);
    cases.push((bad_fault.to_string().into_bytes(), "faults"));
    for (body, says) in cases {
        let put = b
            .send(b.http.put(b.url("/__sandbox/state")).body(body))
            .await;
        assert_eq!(put.status, 400, "{says}: {:?}", put.body);
        assert!(
            put.detail().contains(says),
            "`{}` should say `{says}`",
            put.detail()
        );
        // Nothing changed: b's own workflow is still there, and only it.
        let all = b.sandbox.workflows();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0]["id"], kept.workflow.as_str());
    }
}

/// The sandbox binary on a free port with a state dir; its base URL.
fn spawn_binary(dir: &std::path::Path, extra: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jumio-kyx-sandbox"))
        .args(["--port", "0", "--state-dir"])
        .arg(dir)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the sandbox binary starts");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("http://"), "the binary printed {line:?}");
    (child, line.trim().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sandbox_killed_mid_workflow_finishes_it_after_a_restart() {
    let dir = temp_dir("sigkill");
    let (receiver, url) = callback_receiver(vec![]).await;
    let http = reqwest::Client::builder()
        .user_agent("state-test/1")
        .build()
        .unwrap();
    let (mut child, base) = spawn_binary(&dir, &["--processing-delay-ms", "3000"]);
    let bearer = access_token(&http, &base).await;
    let request = json!({"customerInternalReference": "kill-1", "workflowDefinition": {"key": 10011},
                         "callbackUrl": url});
    let created = json_of(
        http.post(format!("{base}/api/v1/accounts"))
            .bearer_auth(&bearer)
            .json(&request),
    )
    .await;
    let c = Created::from(created);
    for (category, classifier, bytes) in [
        ("ID", "FRONT", FRONT_JPEG),
        ("ID", "BACK", BACK_JPEG),
        ("SELFIE", "FACE", SELFIE_JPEG),
    ] {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("f.jpg"),
        );
        let upload = http
            .post(c.part_url(category, classifier))
            .bearer_auth(c.token())
            .multipart(form);
        assert_eq!(status_of(upload).await, 200);
    }
    let finalize = http.put(format!("{base}{}", c.path())).bearer_auth(&bearer);
    assert_eq!(status_of(finalize).await, 200);
    // SIGKILL, mid-workflow: ACQUIRED, processing due in 3 s, callback not sent.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(receiver.received.lock().unwrap().is_empty());

    let (mut child, base) = spawn_binary(&dir, &["--processing-delay-ms", "3000"]);
    let got = receiver.wait_for(1).await;
    assert_eq!(got[0]["workflowExecution"]["id"], c.workflow.as_str());
    assert_eq!(got[0]["workflowExecution"]["status"], "PROCESSED");
    // The access token from before the kill still works.
    let details = http
        .get(format!("{base}{}", c.path()))
        .bearer_auth(&bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(details.status(), 200);
    let details: Value = details.json().await.unwrap();
    assert_eq!(details["workflow"]["status"], "PROCESSED");
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answered_request_survives_a_sigkill_at_any_moment() {
    let dir = temp_dir("anytime");
    let http = reqwest::Client::builder()
        .user_agent("state-test/1")
        .build()
        .unwrap();
    let mut answered: Vec<String> = Vec::new();
    for round in 0..3u64 {
        let (mut child, base) = spawn_binary(&dir, &[]);
        let bearer = access_token(&http, &base).await;
        // Four writers create accounts as fast as they can; the process is killed under them.
        let writers: Vec<_> = (0..4)
            .map(|_| {
                let (http, base, bearer) = (http.clone(), base.clone(), bearer.clone());
                tokio::spawn(async move {
                    let mut ids = Vec::new();
                    loop {
                        let r = http
                            .post(format!("{base}/api/v1/accounts"))
                            .bearer_auth(&bearer)
                            .json(&json!({"customerInternalReference": "any",
                                          "workflowDefinition": {"key": 10013}}))
                            .send()
                            .await;
                        let Ok(r) = r else { break };
                        let Ok(body) = r.json::<Value>().await else {
                            break;
                        };
                        ids.push(
                            body["workflowExecution"]["id"]
                                .as_str()
                                .unwrap()
                                .to_string(),
                        );
                    }
                    ids
                })
            })
            .collect();
        tokio::time::sleep(std::time::Duration::from_millis(150 + 100 * round)).await;
        child.kill().unwrap();
        child.wait().unwrap();
        for w in writers {
            answered.extend(w.await.unwrap());
        }
    }
    assert!(
        answered.len() > 10,
        "only {} requests answered",
        answered.len()
    );
    let (mut child, base) = spawn_binary(&dir, &[]);
    let kept = json_of(http.get(format!("{base}/__sandbox/workflows"))).await;
    let kept: std::collections::HashSet<&str> = kept
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    let lost: Vec<_> = answered
        .iter()
        .filter(|id| !kept.contains(id.as_str()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} answered but lost: {lost:?}",
        lost.len()
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_state_dir_that_cannot_be_used_stops_the_start_and_is_left_alone() {
    let dir = temp_dir("bad");
    // A file where the directory should be.
    let file = dir.join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let err = jumio_kyx_sandbox::RunningSandbox::start(with_state_dir(&file, fast()))
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("state dir"), "{err}");
    // A state file that is not a sandbox state: refused, never overwritten.
    let broken = dir.join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("state.sqlite3"), b"not a database at all").unwrap();
    let err = jumio_kyx_sandbox::RunningSandbox::start(with_state_dir(&broken, fast()))
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("state dir"), "{err}");
    assert_eq!(
        std::fs::read(broken.join("state.sqlite3")).unwrap(),
        b"not a database at all"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
