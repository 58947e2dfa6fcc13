//! The `kyx` binary against hostile servers, senders and input: a callback receiver that checks
//! the sender before reading anything else and bounds what it reads, text output that no server
//! string can drive the terminal with, a CSV report a spreadsheet cannot run, private files, and
//! numbers on the command line that are refused rather than panicked on.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;
use jumio_kyx_sandbox::FaultRule;
use jumio_kyx_sandbox::infra::samples::FRONT_JPEG;

/// A Jumio callback address (US, current and legacy lists).
const JUMIO_US: &str = "34.202.241.227";

/// A `kyx callbacks listen --no-details ARGS` on a free port.
fn listen(args: &[&str]) -> Listener {
    Listener::start(None, &[&["--no-details"], args].concat())
}

/// A callback body.
fn callback(workflow: &str) -> String {
    format!(
        r#"{{"callbackSentAt":"2024-01-21T14:55:01.917Z","workflowExecution":{{"id":"{workflow}","href":"https://retrieval.amer-1.jumio.ai/api/v1/workflow-executions/{workflow}","definitionKey":"10011","status":"PROCESSED"}},"account":{{"id":"acc-1","href":"https://retrieval.amer-1.jumio.ai/api/v1/accounts/acc-1"}}}}"#
    )
}

/// The head of a POST with these header lines (each ending in CRLF), ended by its blank line.
fn head(header_lines: &str) -> Vec<u8> {
    format!("POST /callbacks HTTP/1.1\r\nHost: receiver\r\n{header_lines}\r\n").into_bytes()
}

/// A POST of `body` with extra header lines (each ending in CRLF), as raw bytes.
fn post(extra_headers: &[u8], body: &str) -> Vec<u8> {
    let mut r = format!(
        "POST /callbacks HTTP/1.1\r\nHost: receiver\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(extra_headers);
    r.extend_from_slice(b"\r\n");
    r.extend_from_slice(body.as_bytes());
    r
}

/// Sends raw bytes to a listener and reads the answer until the server closes, `PATIENCE`
/// passes, or the answer is complete (a status line and headers with no body); returns what
/// was read.
fn exchange(listener: &Listener, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(&listener.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    // The server may refuse before reading all of it.
    let _ = stream.write_all(request);
    let deadline = Instant::now() + PATIENCE;
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                answer.extend_from_slice(&buf[..n]);
                if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

/// Delivers a PROCESSED callback for `workflow` with extra header lines; returns the answer.
fn deliver(listener: &Listener, extra_headers: &[u8], workflow: &str) -> String {
    exchange(listener, &post(extra_headers, &callback(workflow)))
}

/// The status code of an answer (0 when there was none).
fn status(answer: &str) -> u16 {
    answer
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

const PATIENCE: Duration = Duration::from_secs(5);

#[test]
fn a_spoof_through_a_trusted_proxy_is_refused_and_not_printed() {
    // The receiver sits behind a proxy on 127.0.0.1 and accepts Jumio's US addresses.
    let listener = listen(&["--senders", "US", "--trusted-proxy", "127.0.0.1"]);
    // The sender wrote the first line naming a Jumio address; the proxy appended the second
    // with the sender's real address.
    let spoof = deliver(
        &listener,
        format!("X-Forwarded-For: {JUMIO_US}\r\nX-Forwarded-For: 203.0.113.9\r\n").as_bytes(),
        "spoofed-wf",
    );
    assert_eq!(status(&spoof), 403, "{spoof}");
    // A line that is not visible ASCII makes the sender unverifiable.
    let mut garbled = format!("X-Forwarded-For: {JUMIO_US}\r\n").into_bytes();
    garbled.extend_from_slice(b"X-Forwarded-For: 203.0.113.\xff\r\n");
    let garbled = deliver(&listener, &garbled, "garbled-wf");
    assert_eq!(status(&garbled), 403, "{garbled}");
    // Through the proxy from a Jumio address: accepted.
    let genuine = deliver(
        &listener,
        format!("X-Forwarded-For: {JUMIO_US}\r\n").as_bytes(),
        "genuine-wf",
    );
    assert_eq!(status(&genuine), 200, "{genuine}");
    let (stdout, stderr, _) = listener.finish(PATIENCE);
    assert!(
        stdout.contains(&format!(
            "callback from {JUMIO_US}: workflow genuine-wf PROCESSED"
        )),
        "{stdout}"
    );
    assert!(
        !stdout.contains("spoofed-wf") && !stdout.contains("garbled-wf"),
        "{stdout}"
    );
    assert_eq!(
        stderr.matches("refused a callback from 127.0.0.1").count(),
        2,
        "{stderr}"
    );
}

#[test]
fn the_body_of_a_refused_sender_is_not_read() {
    // 127.0.0.1 is not an accepted sender.
    let listener = listen(&["--allow", "198.51.100.7"]);
    // A huge declared body, of which nothing comes: the answer must not wait for it.
    let started = Instant::now();
    let answer = exchange(
        &listener,
        &head("Content-Type: application/json\r\nContent-Length: 1000000000\r\n"),
    );
    assert_eq!(status(&answer), 403, "{answer:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    let (stdout, stderr, _) = listener.finish(Duration::ZERO);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("refused a callback from 127.0.0.1"),
        "{stderr}"
    );
}

#[test]
fn oversized_and_slow_bodies_are_cut_off() {
    let listener = listen(&["--allow", "127.0.0.1", "--read-timeout", "1"]);
    // Declared too large: refused before reading.
    let declared = exchange(&listener, &head("Content-Length: 100000\r\n"));
    assert_eq!(status(&declared), 413, "{declared:?}");
    // Chunked, with no length: cut off past 64 KiB.
    let mut chunked = head("Transfer-Encoding: chunked\r\n");
    for _ in 0..70 {
        chunked.extend_from_slice(b"400\r\n");
        chunked.extend_from_slice(&[b' '; 1024]);
        chunked.extend_from_slice(b"\r\n");
    }
    let chunked = exchange(&listener, &chunked);
    assert_eq!(status(&chunked), 413, "{chunked:?}");
    // A body that stops coming: 408 after the read timeout.
    let started = Instant::now();
    let mut slow = head("Content-Length: 100\r\n");
    slow.extend_from_slice(b"{\"callback");
    let slow = exchange(&listener, &slow);
    assert_eq!(status(&slow), 408, "{slow:?}");
    assert!(started.elapsed() < Duration::from_secs(4));
    // Not refusing everything: a callback still gets through.
    let fine = deliver(&listener, b"", "fine-wf");
    assert_eq!(status(&fine), 200, "{fine:?}");
    let (stdout, _, _) = listener.finish(Duration::from_millis(300));
    assert_eq!(stdout.matches("callback from").count(), 1, "{stdout}");
    assert!(stdout.contains("fine-wf"), "{stdout}");
}

#[test]
fn a_sender_without_a_proxy_and_an_unreadable_forwarded_line_is_refused() {
    let listener = listen(&["--allow", "127.0.0.1"]);
    let answer = deliver(&listener, b"X-Forwarded-For: \xc3\x28\r\n", "garbled-wf");
    assert_eq!(status(&answer), 403, "{answer:?}");
    let (stdout, stderr, _) = listener.finish(Duration::from_millis(300));
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("X-Forwarded-For"), "{stderr}");
}

#[test]
fn a_client_sending_headers_slowly_is_cut_off() {
    let listener = listen(&["--allow", "127.0.0.1", "--read-timeout", "1"]);
    let mut stream = TcpStream::connect(&listener.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let started = Instant::now();
    stream
        .write_all(b"POST /callbacks HTTP/1.1\r\nHost: receiver\r\n")
        .unwrap();
    let mut buf = [0u8; 256];
    let cut_off = loop {
        if started.elapsed() > Duration::from_secs(8) {
            break None;
        }
        // One more header line every 200 ms: the headers never end.
        if stream.write_all(b"X-Slow: y\r\n").is_err() {
            break Some(started.elapsed());
        }
        match stream.read(&mut buf) {
            // Closed, or answered (an error status) and then closed.
            Ok(_) => break Some(started.elapsed()),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break Some(started.elapsed()),
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let cut_off = cut_off.expect("the receiver cuts off a sender that never ends its headers");
    assert!(
        cut_off >= Duration::from_millis(800) && cut_off < Duration::from_secs(4),
        "cut off after {cut_off:?}"
    );
    let (stdout, _, _) = listener.finish(Duration::ZERO);
    assert!(stdout.is_empty(), "{stdout}");
}

#[test]
fn repeated_deliveries_are_dropped() {
    let listener = listen(&["--allow", "127.0.0.1", "--count", "2"]);
    for workflow in ["wf-a", "wf-a", "wf-a", "wf-b"] {
        let answer = deliver(&listener, b"", workflow);
        assert_eq!(status(&answer), 200, "a repeat is answered 200: {answer:?}");
    }
    let (stdout, _, exit) = listener.finish(PATIENCE);
    assert!(exit.success(), "--count 2 ends the receiver: {exit}");
    assert_eq!(
        stdout.matches("workflow wf-a PROCESSED").count(),
        1,
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("workflow wf-b PROCESSED").count(),
        1,
        "{stdout}"
    );
}

#[test]
fn a_callbacks_strings_are_escaped_when_printed() {
    let listener = listen(&["--allow", "127.0.0.1", "--count", "1"]);
    let body = serde_json::json!({
        "callbackSentAt": "2024-01-21T14:55:01.917Z",
        "workflowExecution": {
            "id": "wf-1\u{1b}[2J",
            "href": "https://retrieval.amer-1.jumio.ai/api/v1/workflow-executions/wf-1",
            "definitionKey": "10011",
            "status": "PROCESSED\ncallback from 34.202.241.227: workflow forged",
        },
        "account": {"id": "acc-1\u{7}", "href": "https://retrieval.amer-1.jumio.ai/api/v1/accounts/acc-1"},
    })
    .to_string();
    let answer = exchange(&listener, &post(b"", &body));
    assert_eq!(status(&answer), 200, "{answer:?}");
    let (stdout, _, _) = listener.finish(PATIENCE);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("wf-1\\u{1b}[2J"), "{stdout}");
    assert_eq!(
        stdout.lines().count(),
        1,
        "one callback, one line: {stdout}"
    );
}

#[test]
fn server_strings_cannot_drive_the_terminal() {
    let sb = sandbox(quick());
    let status_body = serde_json::json!({
        "workflowExecution": {
            "id": "wf-1\u{1b}[2J\u{1b}]0;owned\u{7}",
            "definitionKey": "10011",
            "status": "PROCESSED\ninjected  line",
        },
        "account": {"id": "acc-1\u{202e}txt.exe"},
    });
    let details_body = serde_json::json!({
        "account": {"id": "acc-1"},
        "workflow": {"id": "wf-1", "definitionKey": "10011", "status": "PROCESSED"},
        "decision": {"type": "PASSED", "details": {"label": "OK\u{1b}[31m"}, "risk": {"score": 0.0}},
        "capabilities": {"liveness": [{
            "id": "cap-1",
            "credentials": [{"id": "c-1", "category": "SELFIE"}],
            "decision": {"type": "PASSED", "details": {"label": "\u{1b}[1mMATCH"}},
        }]},
    });
    let answer = |operation: &str, body: &serde_json::Value| FaultRule {
        status: Some(200),
        body: Some(body.to_string()),
        content_type: Some("application/json".into()),
        ..FaultRule::on(operation)
    };
    sb.set_faults(vec![
        answer("getWorkflowStatus", &status_body),
        answer("getWorkflowDetails", &details_body),
    ])
    .unwrap();
    for args in [["status", "acc-1", "wf-1"], ["details", "acc-1", "wf-1"]] {
        let out = kyx(Some(sb.url())).args(args).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(
            !stdout.contains('\u{1b}') && !stdout.contains('\u{7}') && !stdout.contains('\u{202e}'),
            "{args:?} printed a raw control character: {stdout:?}"
        );
        assert!(stdout.contains("\\u{1b}"), "{args:?}: {stdout}");
        assert!(
            !stdout.lines().any(|l| l.starts_with("injected")),
            "a server newline started a line of its own: {stdout}"
        );
    }
    // JSON output is JSON: the strings are there, escaped by JSON itself.
    let out = kyx(Some(sb.url()))
        .args(["--json", "status", "acc-1", "wf-1"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v["workflowExecution"]["status"],
        "PROCESSED\ninjected  line"
    );
}

/// `kyx ARGS` in `dir` with the umask most systems have (022), so that a file mode below comes
/// from the program and not from the test's environment.
fn kyx_umask_022(url: &str, dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    // `kyx()` prepares the environment; `sh` sets the umask, then becomes kyx.
    let template = kyx(Some(url));
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(template.get_program())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null());
    for (k, v) in template.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    sh.output().unwrap()
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_csv_report_neutralises_formulas_and_personal_files_are_private() {
    let sb = sandbox(quick());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("scans.csv"),
        "scan_reference,group\n=1+2,alice\n@SUM(A1),bob\nNV-3,carol\n",
    )
    .unwrap();
    let out = kyx_umask_022(
        sb.url(),
        dir.path(),
        &words("migrate --input scans.csv --journal migrate.db --rate-limit off"),
    );
    assert!(out.status.success(), "{out:?}");
    let report = std::fs::read_to_string(dir.path().join("migrate.report.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(report.as_bytes());
    let scans: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(scans, ["'=1+2", "'@SUM(A1)", "NV-3"], "{report}");
    for line in report.lines() {
        assert!(!line.starts_with(['=', '+', '-', '@']), "{report}");
    }
    #[cfg(unix)]
    {
        assert_eq!(mode(&dir.path().join("migrate.db")), 0o600, "journal");
        assert_eq!(
            mode(&dir.path().join("migrate.report.csv")),
            0o600,
            "report"
        );
    }

    // A downloaded part is personal data too.
    let account = kyx(Some(sb.url()))
        .args(words("account create --workflow 10011 --reference dl-1"))
        .output()
        .unwrap();
    let (a, w, id, _) = account_ids(&String::from_utf8_lossy(&account.stdout));
    std::fs::write(dir.path().join("front.jpg"), FRONT_JPEG).unwrap();
    let upload = kyx(Some(sb.url()))
        .args(["upload", &a, &w, &id, "FRONT", "front.jpg"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(upload.status.success(), "{upload:?}");
    let download = kyx_umask_022(
        sb.url(),
        dir.path(),
        &["download", &a, &id, "FRONT", "-o", "copy.jpg"],
    );
    assert!(download.status.success(), "{download:?}");
    assert_eq!(
        std::fs::read(dir.path().join("copy.jpg")).unwrap(),
        FRONT_JPEG
    );
    #[cfg(unix)]
    assert_eq!(mode(&dir.path().join("copy.jpg")), 0o600, "download");
}

#[test]
fn hostile_numbers_on_the_command_line_are_usage_errors() {
    let sb = sandbox(quick());
    let cases = [
        "status a w --wait --wait-timeout=-1",
        "status a w --wait --interval 0",
        "status a w --wait --interval nan",
        "--timeout inf health",
        "--timeout NaN health",
        "--timeout 1e300 health",
        "--timeout -0.5 health",
        "status a w --wait --wait-timeout -1",
        "demo --processing-delay-ms 0 --poll-interval nan",
        "demo --processing-delay-ms 9223372036854775807",
        "callbacks listen --port 0 --read-timeout inf",
    ];
    for line in cases {
        let args = words(line);
        let out = kyx(Some(sb.url())).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(stderr.contains("invalid value"), "{args:?}: {stderr}");
    }
    // The message is the client's rule.
    let out = kyx(Some(sb.url()))
        .args(["--timeout", "inf", "health"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("'--timeout <SECONDS>'") && stderr.contains("finite number of seconds"),
        "{stderr}"
    );
    // Sensible values still work.
    let ok = kyx(Some(sb.url()))
        .args(["--timeout", "2.5", "health"])
        .output()
        .unwrap();
    assert!(ok.status.success(), "{ok:?}");
}
