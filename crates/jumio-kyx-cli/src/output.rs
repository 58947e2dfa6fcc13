//! Output: text for people, JSON for scripts (`--json`), errors on stderr with an exit code per
//! kind. Transaction tokens and token-bearing links are hidden unless `--show-secrets`.
//!
//! Text output never carries a server's control characters: every field read for display
//! ([`at`], [`field`]) is escaped and capped with `jumio_kyx::error::server_text`, so a terminal
//! escape sequence or a newline from a server shows as `\u{1b}` or `\u{a}`; and all text printed
//! passes [`terminal_safe`] last. JSON output is JSON, which escapes control characters itself.

use std::io::Write;

use jumio_kyx::ErrorKind;
use jumio_kyx::error::server_text;
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
            terminal_safe(&human(&shown))
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
            terminal_safe(&format!("error: {e:#}"))
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
    // The client escapes and caps what servers said in its errors; escaping again here keeps
    // any other text (a path, a message of another library) off the terminal's controls too.
    let _ = writeln!(stderr, "{}", terminal_safe(&format!("error: {k}")));
    let mut line = |label: &str, value: Option<String>| {
        if let Some(v) = value {
            let _ = writeln!(stderr, "  {label:<11} {}", field(&v));
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

/// Longest server field shown in text output (an id, a status, a label), in characters.
pub const FIELD_CHARS: usize = 200;
/// Longest link (`href`) shown in text output, in characters.
pub const HREF_CHARS: usize = 2048;
/// Longest token shown in text output (`kyx token`), in characters: the token is the result, so
/// it is never cut in practice (access tokens are a few hundred to a few thousand characters).
pub const TOKEN_CHARS: usize = 16 * 1024;

/// Server text for one field of text output: control characters escaped (no escape sequence,
/// newline or bidirectional override reaches the terminal), at most [`FIELD_CHARS`] characters.
pub fn field(text: &str) -> String {
    server_text(text, FIELD_CHARS)
}

/// Text about to be printed: control characters other than line breaks escaped. The last line of
/// defence; fields are escaped (newlines included) where they are read.
pub fn terminal_safe(text: &str) -> String {
    text.split('\n')
        // An escape is at most ten characters (`\u{10ffff}`) per character, and a line has no
        // more characters than bytes: this cap never cuts.
        .map(|line| server_text(line, line.len().saturating_mul(10).min(usize::MAX / 2)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `value` at a JSON pointer, as text for display (`-` when absent): escaped and capped like
/// [`field`].
pub fn at(v: &Value, pointer: &str) -> String {
    at_most(v, pointer, FIELD_CHARS)
}

/// [`at`] with another cap, for links and tokens.
pub fn at_most(v: &Value, pointer: &str, max_chars: usize) -> String {
    match v.pointer(pointer) {
        Some(Value::String(s)) => server_text(s, max_chars),
        Some(Value::Null) | None => "-".into(),
        // JSON text escapes control characters already; the cap still applies.
        Some(x) => server_text(&x.to_string(), max_chars),
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
                let w = widths.get(i).copied().unwrap_or(0);
                s.push_str(&format!("{c:<w$}  "));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_strings_reach_text_output_escaped() {
        let v =
            json!({"w": {"id": "w1\u{1b}[2J\nstatus  PROCESSED", "n": 3}, "long": "x".repeat(500)});
        let id = at(&v, "/w/id");
        assert!(!id.contains('\u{1b}') && !id.contains('\n'), "{id}");
        assert!(id.starts_with("w1\\u{1b}[2J"), "{id}");
        assert_eq!(at(&v, "/w/n"), "3");
        assert_eq!(at(&v, "/missing"), "-");
        assert_eq!(
            at(&v, "/long").chars().count(),
            FIELD_CHARS + 1,
            "capped, with an ellipsis"
        );
        assert_eq!(
            terminal_safe("a\u{1b}]0;t\u{7}\nb\r\n"),
            "a\\u{1b}]0;t\\u{7}\nb\\u{d}\n"
        );
    }

    #[test]
    fn a_row_longer_than_the_header_does_not_panic() {
        let t = table(&["a"], &[vec!["1".into(), "2".into(), "3".into()]]);
        assert_eq!(t, "a\n1  2  3\n");
    }
}
