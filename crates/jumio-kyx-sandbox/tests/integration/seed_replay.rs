//! Replays every curl example of the seed documents against the sandbox: the host is swapped
//! for the sandbox's, placeholder ids and tokens are taken from earlier responses, and files
//! named in `--form file=@…` are the synthetic samples. Each must succeed.
//!
//! Ids are taken the way an integrator takes them: an upload goes to the URL that the account
//! response lists in `api.parts` for its classifier, so the doc example that posts BACK to the
//! SELFIE credential (DECISIONS.md §15.6) uploads to the ID credential's BACK.

use std::path::Path;

use crate::support::*;
use reqwest::Method;
use serde_json::Value;

/// One curl command, parsed.
#[derive(Debug, Default)]
struct Curl {
    method: Option<String>,
    url: String,
    headers: Vec<(String, String)>,
    data: Option<String>,
    form_file: Option<String>,
    basic: bool,
    line: usize,
}

/// Splits a shell command into words: single and double quotes, backslash-newline
/// continuations; whitespace inside quotes (the docs break a header over two lines) collapses to
/// one space; an unterminated quote (one doc example) runs to the end.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = command.chars().peekable();
    let mut in_word = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'\n') => {
                chars.next();
            }
            '\'' | '"' => {
                in_word = true;
                let quote = c;
                let mut quoted = String::new();
                for q in chars.by_ref() {
                    if q == quote {
                        break;
                    }
                    quoted.push(q);
                }
                let collapsed = quoted.split_whitespace().collect::<Vec<_>>().join(" ");
                cur.push_str(if quoted.trim_start().starts_with('{') {
                    &quoted
                } else {
                    &collapsed
                });
            }
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

fn parse(command: &str, line: usize) -> Curl {
    let w = words(command);
    let mut curl = Curl {
        line,
        ..Curl::default()
    };
    let mut i = 1;
    while i < w.len() {
        let arg = w[i].as_str();
        let next = w.get(i + 1).cloned().unwrap_or_default();
        match arg {
            "--request" | "-X" => {
                curl.method = Some(next);
                i += 1;
            }
            "--header" | "-H" => {
                if let Some((k, v)) = next.split_once(':') {
                    curl.headers
                        .push((k.trim().to_string(), v.trim().to_string()));
                }
                i += 1;
            }
            "--data-raw" | "--data" | "-d" => {
                curl.data = Some(next);
                i += 1;
            }
            "--form" | "-F" => {
                curl.form_file = next
                    .split('@')
                    .nth(1)
                    .map(|p| p.trim_matches('"').to_string());
                i += 1;
            }
            "--user" | "-u" => {
                curl.basic = true;
                i += 1;
            }
            "--basic" | "--location" => {}
            a if a.starts_with("http") => curl.url = a.to_string(),
            _ => {}
        }
        i += 1;
    }
    curl
}

/// Every curl command of a document with its line number, in order. A command starts on a line
/// beginning with `curl ` and ends at the next code fence (the docs' fences are not always
/// balanced, so fence parity is not trusted).
fn curls(doc: &str) -> Vec<Curl> {
    let mut out = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for (n, line) in doc.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            if let Some((cmd, at)) = current.take() {
                out.push(parse(&cmd, at));
            }
        } else if line.trim_start().starts_with("curl ") {
            if let Some((cmd, at)) = current.take() {
                out.push(parse(&cmd, at));
            }
            current = Some((line.to_string(), n + 1));
        } else if let Some((cmd, _)) = current.as_mut() {
            cmd.push('\n');
            cmd.push_str(line);
        }
    }
    out
}

/// What earlier responses told us.
#[derive(Default)]
struct Context {
    account: Option<Value>,
}

impl Context {
    fn account_id(&self) -> String {
        self.account
            .as_ref()
            .expect("an account was created earlier")["account"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn credentials(&self) -> Vec<Value> {
        self.account
            .as_ref()
            .map(|a| {
                a["workflowExecution"]["credentials"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    }

    /// The upload URL the account response gave for a classifier.
    fn part_url(&self, classifier: &str) -> String {
        self.credentials()
            .iter()
            .find_map(|c| {
                c["api"]["parts"][classifier.to_ascii_lowercase()]
                    .as_str()
                    .map(String::from)
            })
            .unwrap_or_else(|| panic!("no upload URL for {classifier}"))
    }

    fn finalize_url(&self) -> String {
        self.credentials()
            .iter()
            .find_map(|c| c["api"]["workflowExecution"].as_str().map(String::from))
            .expect("a finalize URL")
    }

    fn transaction_token(&self) -> String {
        self.credentials()
            .iter()
            .find_map(|c| c["api"]["token"].as_str().map(String::from))
            .expect("an api.token")
    }
}

fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

fn sample(name: &str) -> &'static [u8] {
    match Path::new(name).file_name().and_then(|n| n.to_str()) {
        Some("front.jpg") => FRONT_JPEG,
        Some("back.jpg") => BACK_JPEG,
        Some("face.jpg") => SELFIE_JPEG,
        other => panic!("no sample for {other:?}"),
    }
}

async fn replay(h: &Harness, doc_name: &str, ctx: &mut Context) -> usize {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/seed-docs")
            .join(doc_name),
    )
    .unwrap();
    let commands = curls(&doc);
    for curl in &commands {
        let where_ = format!("{doc_name}:{}", curl.line);
        let path = path_of(&curl.url).to_string();
        let method = Method::from_bytes(
            curl.method
                .as_deref()
                .unwrap_or(if curl.data.is_some() || curl.form_file.is_some() {
                    "POST"
                } else {
                    "GET"
                })
                .as_bytes(),
        )
        .unwrap();
        let is_part = path.contains("/parts/");
        let is_finalize =
            method == Method::PUT && path.contains("/workflow-executions/") && !is_part;
        // The URL: from earlier responses for ids the docs only show as placeholders.
        let url = if is_part {
            ctx.part_url(path.rsplit('/').next().unwrap())
        } else if is_finalize {
            ctx.finalize_url()
        } else if path.starts_with("/api/v1/accounts/") {
            h.url(&format!("/api/v1/accounts/{}", ctx.account_id()))
        } else {
            h.url(&path)
        };
        let mut req = h.http.request(method.clone(), &url);
        for (k, v) in &curl.headers {
            if k.eq_ignore_ascii_case("authorization") {
                let token = if is_part || is_finalize {
                    ctx.transaction_token()
                } else {
                    h.token.clone()
                };
                req = req.bearer_auth(token);
            } else if !k.eq_ignore_ascii_case("content-type") || curl.form_file.is_none() {
                req = req.header(k.as_str(), v.as_str());
            }
        }
        if curl.basic {
            req = req.basic_auth("CLIENT_ID", Some("CLIENT_SECRET"));
        }
        if let Some(data) = &curl.data {
            // The docs' URL placeholders stand for the integrator's URL: the platform (and the
            // sandbox) takes only absolute http(s) URLs.
            let data = data.replace("\"YOUR_CALLBACK_URL\"", "\"https://example.com/callback\"");
            req = req.body(data);
            if !curl
                .headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            {
                req = req.header("content-type", "application/x-www-form-urlencoded");
            }
        }
        if let Some(file) = &curl.form_file {
            let part = reqwest::multipart::Part::bytes(sample(file)).file_name("upload.jpg");
            req = req.multipart(reqwest::multipart::Form::new().part("file", part));
        }
        let answer = h.send(req).await;
        assert!(
            answer.status.is_success(),
            "{where_}: {method} {path} → {} {}",
            answer.status,
            answer.body
        );
        if method != Method::GET
            && answer
                .body
                .get("workflowExecution")
                .and_then(|w| w.get("credentials"))
                .is_some()
        {
            ctx.account = Some(answer.body.clone());
        }
    }
    commands.len()
}

#[tokio::test]
async fn every_curl_example_of_the_seed_documents_succeeds() {
    let h = Harness::start().await;
    let mut ctx = Context::default();
    let workflows = replay(&h, "workflow-descriptions-kyx.md", &mut ctx).await;
    let migration = replay(&h, "data-migration.md", &mut ctx).await;
    assert_eq!(
        (workflows, migration),
        (21, 2),
        "every curl of the seeds was replayed"
    );
    // The replayed workflows ran: every one was finalized except the 10014 one (web/SDK only).
    let finalized = h
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.operation == Some("finalize_workflow") && r.status == Some(200))
        .count();
    assert_eq!(finalized, 5);
}

#[test]
fn the_curl_parser_handles_the_docs_quirks() {
    let c = parse(
        "curl --request POST --location 'https://a.example/x' \\\n --header 'Authorization: Bearer\n    YOUR_ACCESS_TOKEN' \\\n --data-raw '{\n \"a\": 1\n}'",
        1,
    );
    assert_eq!(c.method.as_deref(), Some("POST"));
    assert_eq!(
        c.headers,
        [(
            "Authorization".to_string(),
            "Bearer YOUR_ACCESS_TOKEN".to_string()
        )]
    );
    assert_eq!(
        serde_json::from_str::<Value>(c.data.as_deref().unwrap()).unwrap()["a"],
        1
    );
    let c = parse(
        "curl --location --request POST 'https://a.example/parts/FACE' \\\n--form 'file=@\"/J:/User/faces/face.jpg\"\n",
        2,
    );
    assert_eq!(c.form_file.as_deref(), Some("/J:/User/faces/face.jpg"));
}
