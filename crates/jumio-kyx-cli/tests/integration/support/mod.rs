//! Running the real `kyx` binary against an in-process sandbox, and golden transcripts.
//!
//! A transcript lists each command with its stdout, stderr and exit code. Values that change
//! from run to run (ids, tokens, ports, times) are replaced by stable names before comparing
//! with `tests/golden/<name>.txt`. `UPDATE_GOLDEN=1 cargo test -p jumio-kyx-cli` rewrites them.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use jumio_kyx_sandbox::{RunningSandbox, SandboxConfig, Settings};
use regex::Regex;

pub const KYX: &str = env!("CARGO_BIN_EXE_kyx");

/// A sandbox on its own runtime (tests drive the binary synchronously).
pub fn sandbox(settings: Settings) -> RunningSandbox {
    RunningSandbox::start_in_background(SandboxConfig {
        settings,
        ..SandboxConfig::default()
    })
    .expect("the sandbox starts")
}

pub fn quick() -> Settings {
    Settings {
        processing_delay_ms: 0,
        callback_backoff_ms: 20,
        ..Settings::default()
    }
}

/// A `kyx` command pointed at `url`, with no `JUMIO_*` variable from the environment.
pub fn kyx(url: Option<&str>) -> Command {
    let mut cmd = Command::new(KYX);
    for (k, _) in std::env::vars() {
        if k.starts_with("JUMIO_") {
            cmd.env_remove(k);
        }
    }
    if let Some(url) = url {
        cmd.env("JUMIO_BASE_URL", url)
            .env("JUMIO_CLIENT_ID", "cli-tests")
            .env("JUMIO_CLIENT_SECRET", "cli-secret");
    }
    cmd.env("NO_COLOR", "1").stdin(Stdio::null());
    cmd
}

/// A `kyx callbacks listen --port 0 ARGS` pointed at a sandbox (or none), with the first line
/// of its stderr and the URL and address it printed there.
pub struct Listener {
    pub child: Child,
    pub stderr: BufReader<ChildStderr>,
    pub first: String,
    /// The URL the receiver printed.
    pub url: String,
    /// Its `host:port`.
    pub addr: String,
}

impl Listener {
    pub fn start(sandbox_url: Option<&str>, args: &[&str]) -> Self {
        let mut child = kyx(sandbox_url)
            .args(["callbacks", "listen", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kyx starts");
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("the receiver prints its URL: {first:?}"))
            .to_string();
        let addr = url["http://".len()..]
            .split('/')
            .next()
            .unwrap()
            .to_string();
        Self {
            child,
            stderr,
            first,
            url,
            addr,
        }
    }

    /// Waits up to `patience` for the receiver to exit (`--count`), kills it otherwise; returns
    /// its stdout, stderr and exit status.
    pub fn finish(mut self, patience: Duration) -> (String, String, ExitStatus) {
        let deadline = Instant::now() + patience;
        while self.child.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let status = self.child.wait().unwrap();
        let mut stdout = String::new();
        self.child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout)
            .unwrap();
        let mut rest = String::new();
        self.stderr.read_to_string(&mut rest).unwrap();
        (stdout, format!("{}{rest}", self.first), status)
    }
}

/// The words of a command line, split at white space (no argument of these tests has a space).
pub fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

/// A transcript of commands.
pub struct Transcript {
    pub url: Option<String>,
    text: String,
    pub dir: tempfile::TempDir,
}

impl Transcript {
    pub fn new(url: Option<&str>) -> Self {
        Self {
            url: url.map(String::from),
            text: String::new(),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Runs `kyx ARGS` (in the transcript's temporary directory) and records it; returns its
    /// stdout.
    pub fn run(&mut self, args: &[&str]) -> String {
        let out = kyx(self.url.as_deref())
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("kyx runs");
        self.record(args, &out)
    }

    /// Runs `kyx LINE`, the line split at white space (no argument of these tests has a space).
    pub fn run_line(&mut self, line: &str) -> String {
        self.run(&words(line))
    }

    /// Runs a prepared command and records it.
    pub fn run_cmd(&mut self, shown: &[&str], cmd: &mut Command) -> String {
        let out = cmd.current_dir(self.dir.path()).output().expect("kyx runs");
        self.record(shown, &out)
    }

    fn record(&mut self, args: &[&str], out: &Output) -> String {
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        self.text.push_str(&format!("$ kyx {}\n", args.join(" ")));
        self.text.push_str(&stdout);
        if !stderr.is_empty() {
            self.text.push_str("[stderr]\n");
            self.text.push_str(&stderr);
        }
        let code = out.status.code().unwrap_or(-1);
        if code != 0 {
            self.text.push_str(&format!("[exit {code}]\n"));
        }
        self.text.push('\n');
        stdout
    }

    /// Adds a note to the transcript.
    pub fn note(&mut self, text: &str) {
        self.text.push_str(&format!("# {text}\n\n"));
    }

    /// Compares the normalized transcript with `tests/golden/<name>.txt`.
    pub fn check(&self, name: &str) {
        let actual = normalize(&self.text, self.url.as_deref(), self.dir.path());
        let path = golden_dir().join(format!("{name}.txt"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &actual).unwrap();
            return;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_GOLDEN=1", path.display()));
        if expected != actual {
            let diff: Vec<String> = expected
                .lines()
                .zip(actual.lines())
                .enumerate()
                .filter(|(_, (e, a))| e != a)
                .take(5)
                .map(|(i, (e, a))| format!("line {}:\n  golden: {e}\n  actual: {a}", i + 1))
                .collect();
            panic!(
                "{} differs from the output (UPDATE_GOLDEN=1 rewrites it):\n{}\n(golden {} lines, actual {} lines)\n--- actual ---\n{actual}",
                path.display(),
                diff.join("\n"),
                expected.lines().count(),
                actual.lines().count()
            );
        }
    }
}

pub fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Replaces what changes between runs with stable names: each distinct UUID becomes `<id-N>`
/// in order of appearance, tokens `<token>`, the sandbox URL `<sandbox>`, times `<time>`.
pub fn normalize(text: &str, url: Option<&str>, dir: &Path) -> String {
    let mut t = text.to_string();
    if let Some(url) = url {
        t = t.replace(url, "<sandbox>");
    }
    t = t.replace(&dir.display().to_string(), "<tmp>");
    let rules = [
        (r"sbx_(at|tx)_[0-9a-f]{32}", "<token>"),
        // Transaction tokens: JWTs in Jumio's format.
        (
            r"eyJhbGciOiJIUzUxMiIsInppcCI6IkdaSVAifQ\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+",
            "<token>",
        ),
        (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", "<time>"),
        (r"http://127\.0\.0\.1:\d+", "http://127.0.0.1:<port>"),
        (r"\(\d+\.\d s\)", "(<secs> s)"),
        // The sandbox's screening search ids are random numbers.
        (r"\d+-SBX\d+", "<search-reference>"),
        (r#""searchId": "\d+""#, r#""searchId": "<search-id>""#),
    ];
    for (pattern, with) in rules {
        t = Regex::new(pattern)
            .unwrap()
            .replace_all(&t, with)
            .into_owned();
    }
    let uuid = Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut out = String::new();
    let mut last = 0;
    for m in uuid.find_iter(&t) {
        out.push_str(&t[last..m.start()]);
        let n = names.len() + 1;
        out.push_str(
            names
                .entry(m.as_str().to_string())
                .or_insert_with(|| format!("<id-{n}>")),
        );
        last = m.end();
    }
    out.push_str(&t[last..]);
    // Short ids (`30a2c4a5…`) are prefixes of full ones.
    Regex::new(r"[0-9a-f]{8}…")
        .unwrap()
        .replace_all(&out, "<short-id>…")
        .into_owned()
}

/// The ids `kyx account create` printed: account, workflow execution, and the ID and SELFIE
/// credentials.
pub fn account_ids(text: &str) -> (String, String, String, String) {
    (
        field(text, "account "),
        field(text, "workflow execution "),
        field(text, "ID "),
        field(text, "SELFIE "),
    )
}

/// The value after `label` on a `label  value` line of text output.
pub fn field(text: &str, label: &str) -> String {
    text.lines()
        .find_map(|l| {
            l.strip_prefix(label).map(|rest| {
                rest.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
        })
        .unwrap_or_else(|| panic!("no `{label}` in:\n{text}"))
}
