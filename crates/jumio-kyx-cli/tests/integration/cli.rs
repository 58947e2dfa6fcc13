//! The `kyx` binary against the sandbox, compared with golden transcripts (`tests/golden/`).

use std::time::Duration;

use crate::support::*;
use jumio_kyx_sandbox::infra::samples::{BACK_JPEG, FRONT_JPEG, SELFIE_JPEG};

/// How every transaction token begins: the base64url of its JWT header
/// `{"alg":"HS512","zip":"GZIP"}` (Jumio's format).
const TOKEN_HEADER: &str = "eyJhbGciOiJIUzUxMiIsInppcCI6IkdaSVAifQ.";

fn write_samples(t: &Transcript) {
    for (name, bytes) in [
        ("front.jpg", FRONT_JPEG),
        ("back.jpg", BACK_JPEG),
        ("selfie.jpg", SELFIE_JPEG),
    ] {
        std::fs::write(t.dir.path().join(name), bytes).unwrap();
    }
}

#[test]
fn an_identity_verification_operation_by_operation() {
    let sb = sandbox(quick());
    let mut t = Transcript::new(Some(sb.url()));
    write_samples(&t);
    t.run(&["health"]);
    t.run(&["token"]);
    let account =
        t.run_line("account create --workflow 10011 --reference order-42 --user-reference user-7");
    let (a, w, id, selfie) = account_ids(&account);
    t.run(&["upload", &a, &w, &id, "FRONT", "front.jpg"]);
    t.run(&["upload", &a, &w, &id, "BACK", "back.jpg"]);
    t.run(&["upload", &a, &w, &selfie, "FACE", "selfie.jpg"]);
    t.run(&["upload", &a, &w, &selfie, "FACE", "selfie.jpg", "--replace"]);
    t.run(&["finalize", &a, &w]);
    t.run(&["status", &a, &w, "--wait", "--interval", "0.05"]);
    t.run(&["details", &a, &w]);
    t.run(&["details", "--workflow-execution", &w]);
    t.run(&["steps", &a, &w]);
    t.run(&["rules", &a, &w]);
    t.run(&["account", "get", &a]);
    t.run(&["report", &a, &w, "--output", "report.pdf"]);
    assert!(
        std::fs::read(t.dir.path().join("report.pdf"))
            .unwrap()
            .starts_with(b"%PDF-1.4"),
        "the report is a PDF"
    );
    t.run(&["download", &a, &id, "FRONT", "--output", "copy.jpg"]);
    assert_eq!(
        std::fs::read(t.dir.path().join("copy.jpg")).unwrap(),
        FRONT_JPEG,
        "the download is the upload"
    );
    let second = t.run_line(&format!(
        "account update {a} --workflow 10011 --reference order-43"
    ));
    let w2 = field(&second, "workflow execution ");
    t.run(&["delete", &a, &w2]);
    t.run(&["status", &a, &w2]);
    t.run(&["delete", &a]);
    t.run(&["details", &a, &w]);
    t.check("identity_verification");
}

#[test]
fn prepared_data_and_json_output() {
    let sb = sandbox(quick());
    let mut t = Transcript::new(Some(sb.url()));
    std::fs::write(
        t.dir.path().join("person.json"),
        r#"{"firstName": "ALEX", "lastName": "SPECIMEN", "dateOfBirth": "1985-04-12", "address": {"country": "USA"}}"#,
    )
    .unwrap();
    std::fs::write(t.dir.path().join("request.json"), r#"{"customerInternalReference": "screen-1", "workflowDefinition": {"key": 10010}, "userReference": "u-1"}"#).unwrap();
    let account = t.run(&["--json", "account", "create", "--body", "request.json"]);
    let v: serde_json::Value = serde_json::from_str(&account).expect("--json prints JSON");
    assert!(
        !account.contains(TOKEN_HEADER),
        "transaction tokens are hidden by default"
    );
    let (a, w) = (
        v["account"]["id"].as_str().unwrap(),
        v["workflowExecution"]["id"].as_str().unwrap(),
    );
    let data = v["workflowExecution"]["credentials"][0]["id"]
        .as_str()
        .unwrap();
    t.run_line(&format!(
        "upload {a} {w} {data} PREPARED_DATA person.json --workflow 10010"
    ));
    t.run(&["--json", "finalize", a, w]);
    let shown = t.run_line(&format!("--json --show-secrets account update {a} --workflow 10010 --reference screen-2 --user-reference u-2"));
    assert!(shown.contains(TOKEN_HEADER), "--show-secrets shows them");
    t.run(&["status", a, w]);
    t.run(&["--json", "details", a, w]);
    t.run(&["--json", "status", a, "missing"]);
    t.check("prepared_data_and_json");
}

#[test]
fn errors_have_exit_codes_and_send_nothing_when_the_input_is_wrong() {
    let sb =
        jumio_kyx_sandbox::RunningSandbox::start_in_background(jumio_kyx_sandbox::SandboxConfig {
            clients: [("cli-tests".to_string(), "cli-secret".to_string())].into(),
            settings: quick(),
            ..Default::default()
        })
        .unwrap();
    let mut t = Transcript::new(Some(sb.url()));
    write_samples(&t);
    std::fs::write(t.dir.path().join("notes.txt"), b"not an image").unwrap();
    t.run_line("account create --workflow 10011 --reference bad/ref");
    t.run_line("account create --workflow 10011 --reference lifetime --token-lifetime 90d");
    t.run(&["upload", "a", "w", "c", "FRONT", "notes.txt"]);
    t.run(&["upload", "a", "w", "c", "FRONT", "missing.jpg"]);
    assert!(sb.requests().is_empty(), "pre-flight errors send nothing");
    t.run(&["status", "no-such-account", "no-such-workflow"]);
    t.run(&["migrate", "x-WIPED-1"]);
    t.run(&["migrate", "x-NOTFOUND-1", "x-NOTFOUND-2"]);
    t.run(&["account", "create"]);
    let mut wrong = kyx(Some(sb.url()));
    wrong
        .env("JUMIO_CLIENT_SECRET", "wrong-secret")
        .args(["token"]);
    t.run_cmd(&["token", "# with a wrong client secret"], &mut wrong);
    let mut unset = kyx(None);
    unset.args(["health"]);
    t.run_cmd(&["health", "# with no region or base URL"], &mut unset);
    let mut plain = kyx(None);
    plain.args(["--base-url", "http://example.com", "health"]);
    t.run_cmd(&["--base-url", "http://example.com", "health"], &mut plain);
    let log = serde_json::to_string(&sb.requests()).unwrap();
    assert!(!log.contains("cli-secret") && !log.contains("wrong-secret"));
    t.check("errors");
}

#[test]
fn migration_one_shot_and_bulk_with_a_report() {
    let sb = sandbox(quick());
    let mut t = Transcript::new(Some(sb.url()));
    t.run(&["migrate", "NV-1", "NV-2"]);
    std::fs::write(
        t.dir.path().join("scans.csv"),
        "scan_reference,group\nNV-10,alice\nNV-11,alice\nNV-12,bob\nNV-WIPED-13,carol\nNV-14,carol\nNV-1,dave\nNV-15,erin\nNV-15,erin\n",
    )
    .unwrap();
    t.run_line("migrate --input scans.csv --journal migrate.db --rate-limit off --batch-size 2");
    let report = std::fs::read_to_string(t.dir.path().join("migrate.report.csv")).unwrap();
    t.note(&format!("migrate.report.csv:\n{report}"));
    t.note("the same command again: nothing left to do, nothing sent twice");
    t.run_line(
        "migrate --input scans.csv --journal migrate.db --rate-limit off --report again.json",
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(t.dir.path().join("again.json")).unwrap())
            .unwrap();
    assert_eq!(report.as_array().unwrap().len(), 7);
    std::fs::write(
        t.dir.path().join("more.txt"),
        "# one per line\nNV-20\nNV-21\n",
    )
    .unwrap();
    t.run_line("--json migrate --input more.txt --journal more.db --rate-limit off");
    let migrated = sb.migrations();
    assert_eq!(
        migrated.len(),
        2 + 5 + 2,
        "each scan migrated once: {migrated:?}"
    );
    t.check("migration");
}

#[test]
fn the_callback_receiver_checks_senders_and_fetches_details() {
    let sb = sandbox(quick());
    let listener = Listener::start(Some(sb.url()), &words("--allow 127.0.0.1 --count 1"));
    // A workflow whose callback goes to the receiver.
    let mut t = Transcript::new(Some(sb.url()));
    write_samples(&t);
    let account = t.run_line(&format!(
        "account create --workflow 10011 --reference cb-1 --callback-url {}",
        listener.url
    ));
    let (a, w, id, selfie) = account_ids(&account);
    t.run(&["upload", &a, &w, &id, "FRONT", "front.jpg"]);
    t.run(&["upload", &a, &w, &selfie, "FACE", "selfie.jpg"]);
    t.run(&["finalize", &a, &w]);
    let (stdout, stderr, status) = listener.finish(Duration::from_secs(60));
    t.note(&format!(
        "kyx callbacks listen --port 0 --allow 127.0.0.1 --count 1 ({status})"
    ));
    t.note(&format!("stderr:\n{stderr}"));
    t.note(&format!("stdout:\n{stdout}"));
    assert!(status.success());
    assert_eq!(
        sb.callback_records()[0]
            .attempts
            .last()
            .and_then(|a| a.status),
        Some(200)
    );
    t.check("callbacks_listen");
}

#[test]
fn the_demo_runs_offline_and_ends_with_its_summary() {
    let mut t = Transcript::new(None);
    let mut demo = kyx(None);
    demo.args(["demo", "--processing-delay-ms", "0"]);
    let out = t.run_cmd(&["demo", "--processing-delay-ms", "0"], &mut demo);
    assert!(out.contains("Summary"), "{out}");
    assert!(out.contains("REJECTED"), "{out}");
    t.check("demo");
}

#[test]
fn the_demo_runs_on_the_real_host_names_of_a_region_over_tls() {
    let out = kyx(None)
        .args(["demo", "--processing-delay-ms", "0", "--tls-region", "SG"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("region mode (apac-1)"), "{text}");
    assert!(text.contains(".apac-1.jumio.ai, over TLS"), "{text}");
    assert!(text.contains("PROCESSED (polled)"), "{text}");
    assert!(text.contains("Summary"), "{text}");
}

#[test]
fn help_and_completions() {
    let mut t = Transcript::new(None);
    t.run(&["--help"]);
    t.run(&["migrate", "--help"]);
    t.check("help");
    let out = kyx(None).args(["completions", "bash"]).output().unwrap();
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success() && script.contains("_kyx()") && script.contains("migrate"),
        "{script}"
    );
    let zsh = kyx(None).args(["completions", "zsh"]).output().unwrap();
    assert!(String::from_utf8_lossy(&zsh.stdout).starts_with("#compdef kyx"));
}
