//! The report of a bulk migration: every scan reference with its account and workflow
//! execution, or the documented error. CSV, or JSON when the file name ends in `.json`. Written
//! from the journal row by row.
//!
//! Scan references and error texts come from input files and servers: a CSV cell that a
//! spreadsheet would read as a formula is neutralised (see [`csv_cell`]), and a new report is
//! readable by its owner only.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{Map, Value};

use super::journal::{Journal, ReportRow};

/// A CSV cell as written: one that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
/// (which a spreadsheet runs as a formula) gets a leading `'`, as OWASP recommends against CSV
/// injection. Other cells are written as they are.
pub fn csv_cell(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// A report row with every text cell passed through [`csv_cell`].
fn csv_row(row: ReportRow) -> ReportRow {
    let cell = |s: String| csv_cell(&s).into_owned();
    let opt = |s: Option<String>| s.map(cell);
    ReportRow {
        scan_reference: cell(row.scan_reference),
        group: cell(row.group),
        status: cell(row.status),
        account_id: opt(row.account_id),
        workflow_execution_id: opt(row.workflow_execution_id),
        error_code: opt(row.error_code),
        error: opt(row.error),
        note: opt(row.note),
    }
}

/// Writes the report; returns the number of failures by error code.
pub fn write(journal: &Journal, path: &Path) -> Result<Map<String, Value>> {
    let file = crate::files::create_private(path)
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
            out.serialize(csv_row(row))?;
            Ok(())
        })?;
        out.flush()?;
    }
    Ok(failures)
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in ["=1+2", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_cell(bad), format!("'{bad}"));
        }
        for good in ["NV-1", "a=b", "", "'=quoted"] {
            assert_eq!(csv_cell(good), good);
        }
    }
}
