//! Reading scan references: a CSV file with a header (`scan_reference`, and optionally `group`
//! and `account_id`), or plain text with one scan reference per line. Rows stream; nothing holds
//! the whole file.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use anyhow::{Context, Result, bail};

/// One scan reference to migrate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line (or record) number, for messages and report order.
    pub line: u64,
    pub scan_reference: String,
    /// Scans with the same group go into one account (an end user's scans). Without a group
    /// column, each scan gets its own account.
    pub group: String,
    /// An existing account for the group.
    pub account_id: Option<String>,
}

const SCAN_COLUMNS: [&str; 3] = ["scan_reference", "scanreference", "scan"];
const GROUP_COLUMNS: [&str; 4] = ["group", "customer", "end_user", "user"];
const ACCOUNT_COLUMNS: [&str; 3] = ["account_id", "accountid", "account"];

/// The longest scan reference the API takes.
const MAX_SCAN_REFERENCE: usize = 100;

fn column(headers: &csv::StringRecord, names: &[&str]) -> Option<usize> {
    headers.iter().position(|h| {
        let h = h.trim().to_ascii_lowercase();
        names.contains(&h.as_str())
    })
}

/// Calls `each` for every row of the file, in order.
pub fn read(path: &Path, mut each: impl FnMut(Row) -> Result<()>) -> Result<()> {
    let mut file = BufReader::new(
        File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
    );
    let mut first = String::new();
    file.read_line(&mut first)?;
    let looks_csv =
        first.contains(',') || SCAN_COLUMNS.contains(&first.trim().to_ascii_lowercase().as_str());
    let rest: Box<dyn Read> =
        Box::new(std::io::Cursor::new(first.clone().into_bytes()).chain(file));
    if looks_csv {
        read_csv(path, rest, &mut each)
    } else {
        read_lines(path, rest, &mut each)
    }
}

fn check(path: &Path, line: u64, scan: &str) -> Result<()> {
    if scan.chars().count() > MAX_SCAN_REFERENCE {
        bail!(
            "{}:{line}: the scan reference is longer than {MAX_SCAN_REFERENCE} characters",
            path.display()
        );
    }
    Ok(())
}

/// What each row is handed to.
type Each<'a> = &'a mut dyn FnMut(Row) -> Result<()>;

fn read_csv(path: &Path, input: Box<dyn Read>, each: Each) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers = reader.headers()?.clone();
    let scan = column(&headers, &SCAN_COLUMNS).with_context(|| {
        format!(
            "{}: no scan_reference column (columns: {})",
            path.display(),
            headers.iter().collect::<Vec<_>>().join(", ")
        )
    })?;
    let group = column(&headers, &GROUP_COLUMNS);
    let account = column(&headers, &ACCOUNT_COLUMNS);
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .with_context(|| format!("{}: unreadable CSV", path.display()))?
    {
        let line = record.position().map_or(0, |p| p.line());
        let Some(reference) = record.get(scan).filter(|s| !s.is_empty()) else {
            continue;
        };
        check(path, line, reference)?;
        let account_id = account
            .and_then(|i| record.get(i))
            .filter(|s| !s.is_empty())
            .map(String::from);
        let group = match (
            group.and_then(|i| record.get(i)).filter(|s| !s.is_empty()),
            &account_id,
        ) {
            (Some(g), _) => format!("group:{g}"),
            (None, Some(a)) => format!("account:{a}"),
            (None, None) => format!("scan:{reference}"),
        };
        each(Row {
            line,
            scan_reference: reference.to_string(),
            group,
            account_id,
        })?;
    }
    Ok(())
}

fn read_lines(path: &Path, input: Box<dyn Read>, each: Each) -> Result<()> {
    for (i, line) in BufReader::new(input).lines().enumerate() {
        let line_no = i as u64 + 1;
        let text = line.with_context(|| format!("{}:{line_no}: unreadable", path.display()))?;
        let reference = text.trim();
        if reference.is_empty() || reference.starts_with('#') {
            continue;
        }
        check(path, line_no, reference)?;
        each(Row {
            line: line_no,
            scan_reference: reference.to_string(),
            group: format!("scan:{reference}"),
            account_id: None,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Row> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in");
        std::fs::write(&path, text).unwrap();
        let mut out = Vec::new();
        read(&path, |r| {
            out.push(r);
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn plain_lines_give_one_account_per_scan() {
        let r = rows("# legacy scans\nscan-1\n\n  scan-2  \n");
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[1].line, r[1].scan_reference.as_str(), r[1].group.as_str()),
            (4, "scan-2", "scan:scan-2")
        );
    }

    #[test]
    fn csv_groups_scans_and_names_existing_accounts() {
        let r = rows("scanReference,group,account_id\ns1,alice,\ns2,alice,\ns3,,acc-9\ns4,,\n");
        let groups: Vec<&str> = r.iter().map(|x| x.group.as_str()).collect();
        assert_eq!(
            groups,
            ["group:alice", "group:alice", "account:acc-9", "scan:s4"]
        );
        assert_eq!(r[2].account_id.as_deref(), Some("acc-9"));
        assert_eq!(r[0].line, 2);
    }

    #[test]
    fn a_csv_without_a_scan_column_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, "id,name\n1,x\n").unwrap();
        let e = read(&path, |_| Ok(())).unwrap_err();
        assert!(e.to_string().contains("no scan_reference column"), "{e}");
    }
}
