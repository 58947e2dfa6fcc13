//! The report of a bulk migration: every scan reference with its account and workflow
//! execution, or the documented error. CSV, or JSON when the file name ends in `.json`. Written
//! from the journal row by row.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{Map, Value};

use super::journal::Journal;

/// Writes the report; returns the number of failures by error code.
pub fn write(journal: &Journal, path: &Path) -> Result<Map<String, Value>> {
    let file = std::fs::File::create(path)
        .with_context(|| format!("cannot write the report {}", path.display()))?;
    let mut failures: Map<String, Value> = Map::new();
    let mut count = |code: Option<&String>| {
        if let Some(code) = code {
            let n = failures.get(code).and_then(Value::as_u64).unwrap_or(0);
            failures.insert(code.clone(), Value::from(n + 1));
        }
    };
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let mut out = BufWriter::new(file);
        out.write_all(b"[")?;
        let mut first = true;
        journal.report(|row| {
            if row.status == "failed" {
                count(row.error_code.as_ref());
            }
            out.write_all(if first { b"\n  " } else { b",\n  " })?;
            first = false;
            serde_json::to_writer(&mut out, &row)?;
            Ok(())
        })?;
        out.write_all(b"\n]\n")?;
        out.flush()?;
    } else {
        let mut out = csv::Writer::from_writer(BufWriter::new(file));
        journal.report(|row| {
            if row.status == "failed" {
                count(row.error_code.as_ref());
            }
            out.serialize(&row)?;
            Ok(())
        })?;
        out.flush()?;
    }
    Ok(failures)
}
