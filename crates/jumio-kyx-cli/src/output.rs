//! Output: text for people, JSON for scripts (`--json`), errors on stderr with an exit code per
//! kind. Transaction tokens and token-bearing links are hidden unless `--show-secrets`.

use std::io::Write;

use jumio_kyx::ErrorKind;
use serde_json::{Value, json};

/// How to print results.
#[derive(Clone, Copy, Debug)]
pub struct Out {
    pub json: bool,
    pub show_secrets: bool,
}

const HIDDEN: &str = "<hidden: --show-secrets>";

impl Out {
    /// Prints a result: its JSON, or the text `human` renders from it.
    pub fn print(&self, value: &Value, human: impl FnOnce(&Value) -> String) {
        let mut shown = value.clone();
        if !self.show_secrets {
            hide_secrets(&mut shown);
        }
        let text = if self.json {
            serde_json::to_string_pretty(&shown).unwrap_or_default() + "\n"
        } else {
            human(&shown)
        };
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
    }
}

/// Replaces transaction tokens and links that carry one.
pub fn hide_secrets(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                let secret = ((k == "token" || k == "access_token") && x.is_string())
                    || x.as_str()
                        .is_some_and(|s| s.contains("authorizationToken="));
                if secret {
                    *x = json!(HIDDEN);
                } else {
                    hide_secrets(x);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(hide_secrets),
        _ => {}
    }
}

/// The exit code of an error.
pub fn exit_code(e: &anyhow::Error) -> i32 {
    match e.downcast_ref::<jumio_kyx::Error>().map(|e| e.kind()) {
        Some(ErrorKind::Validation) | Some(ErrorKind::Configuration) => 3,
        Some(ErrorKind::Authentication) => 4,
        Some(ErrorKind::NotFound) => 5,
        Some(ErrorKind::RateLimited) => 6,
        Some(ErrorKind::Server)
        | Some(ErrorKind::Transport)
        | Some(ErrorKind::Timeout)
        | Some(ErrorKind::UnexpectedStatus)
        | Some(ErrorKind::InvalidResponse) => 7,
        Some(ErrorKind::Migration(_)) => 8,
        _ => 1,
    }
}

/// Prints an error on stderr (JSON with `--json`). Messages of the client never hold the values
/// sent, so this is safe for logs.
pub fn print_error(e: &anyhow::Error, json: bool) {
    let mut stderr = std::io::stderr().lock();
    let Some(k) = e.downcast_ref::<jumio_kyx::Error>() else {
        let text = if json {
            json!({"error": {"kind": "other", "message": format!("{e:#}")}}).to_string()
        } else {
            format!("error: {e:#}")
        };
        let _ = writeln!(stderr, "{text}");
        return;
    };
    if json {
        let migration = match k.kind() {
            ErrorKind::Migration(m) => Some(m.code()),
            _ => None,
        };
        let v = json!({"error": {
            "kind": k.kind().code(),
            "message": k.to_string(),
            "status": k.status(),
            "title": k.title(),
            "detail": k.detail(),
            "field": k.field(),
            "requestId": k.request_id(),
            "retryable": k.is_retryable(),
            "operation": k.operation(),
            "migration": migration,
            "scanReferences": k.scan_references(),
        }});
        let _ = writeln!(stderr, "{v}");
        return;
    }
    let _ = writeln!(stderr, "error: {k}");
    let mut line = |label: &str, value: Option<String>| {
        if let Some(v) = value {
            let _ = writeln!(stderr, "  {label:<11} {v}");
        }
    };
    line("kind", Some(k.kind().code().to_string()));
    line("status", k.status().map(|s| s.to_string()));
    line("operation", k.operation().map(String::from));
    line("field", k.field().map(String::from));
    if let ErrorKind::Migration(m) = k.kind() {
        line("migration", Some(m.code().to_string()));
    }
    line("request id", k.request_id().map(String::from));
    if k.is_retryable() {
        line(
            "retry",
            Some(match k.retry_after() {
                Some(d) => format!("may succeed later (after {} s)", d.as_secs()),
                None => "may succeed later".into(),
            }),
        );
    }
}

/// `value` at a JSON pointer, as text (`-` when absent).
pub fn at(v: &Value, pointer: &str) -> String {
    match v.pointer(pointer) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => "-".into(),
        Some(x) => x.to_string(),
    }
}

/// A number as people write it: `40`, `12.5` (`-` when absent).
pub fn number(v: &Value, pointer: &str) -> String {
    match v.pointer(pointer).and_then(Value::as_f64) {
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
        Some(n) => n.to_string(),
        None => at(v, pointer),
    }
}

/// Rows of `label value`, aligned.
pub fn rows(items: &[(&str, String)]) -> String {
    let width = items.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    items
        .iter()
        .map(|(l, v)| format!("{l:<width$}  {v}\n"))
        .collect()
}

/// A table with a header row, columns padded to their widest cell.
pub fn table(header: &[&str], body: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in body {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<String>| -> String {
        let n = cells.len();
        let mut s = String::new();
        for (i, c) in cells.into_iter().enumerate() {
            if i + 1 == n {
                s.push_str(&c);
            } else {
                s.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(header.iter().map(|h| h.to_string()).collect());
    for row in body {
        out.push_str(&line(row.clone()));
    }
    out
}
