//! The SQLite journal of a bulk migration. Every scan reference has a state:
//!
//! * `pending`: not sent yet (or provably not processed);
//! * `sending`: in a request whose outcome is not recorded yet. A run that finds scans in this
//!   state was interrupted mid-call; it looks them up before sending anything again;
//! * `migrated`: in an account (`account_id`; `note` says when it was found migrated already);
//! * `failed`: refused with a documented error (`error_code`, `error`).
//!
//! Each state change is one transaction, written before and after each call. WAL mode with
//! `synchronous=NORMAL` keeps every committed change across a killed process.

use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::{Connection, OptionalExtension, params};

use super::input::Row;

/// A journal file.
pub struct Journal {
    db: Connection,
}

/// Counts by state.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub pending: u64,
    pub sending: u64,
    pub migrated: u64,
    pub already: u64,
    pub failed: u64,
}

impl Counts {
    pub fn total(&self) -> u64 {
        self.pending + self.sending + self.migrated + self.failed
    }

    pub fn done(&self) -> u64 {
        self.migrated + self.failed
    }
}

/// One scan of a report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReportRow {
    pub scan_reference: String,
    pub group: String,
    pub status: String,
    pub account_id: Option<String>,
    pub workflow_execution_id: Option<String>,
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub note: Option<String>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Journal {
    /// Opens (or creates) a journal.
    ///
    /// The journal holds scan references and account ids: a new journal is created readable by
    /// its owner only (0600) before SQLite opens it, an empty file being a valid new database.
    /// SQLite's Unix VFS gives the `-wal` and `-shm` side files the mode of the database file, so
    /// they are private too, with no process-wide umask change (which would race with the other
    /// threads). An existing journal keeps its mode.
    pub fn open(path: &Path) -> Result<Self> {
        crate::files::ensure_private(path)
            .with_context(|| format!("cannot create the journal {}", path.display()))?;
        let db = Connection::open(path)
            .with_context(|| format!("cannot open the journal {}", path.display()))?;
        db.pragma_update(None, "journal_mode", "WAL")?;
        db.pragma_update(None, "synchronous", "NORMAL")?;
        db.busy_timeout(std::time::Duration::from_secs(10))?;
        db.execute_batch(
            "CREATE TABLE IF NOT EXISTS groups (
                 seq INTEGER PRIMARY KEY,
                 name TEXT NOT NULL UNIQUE,
                 account_id TEXT
             );
             CREATE TABLE IF NOT EXISTS scans (
                 scan_reference TEXT PRIMARY KEY,
                 group_seq INTEGER NOT NULL REFERENCES groups(seq),
                 line INTEGER NOT NULL,
                 state TEXT NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'sending', 'migrated', 'failed')),
                 account_id TEXT,
                 workflow_execution_id TEXT,
                 error_code TEXT,
                 error TEXT,
                 note TEXT,
                 attempts INTEGER NOT NULL DEFAULT 0,
                 updated_at TEXT
             );
             CREATE INDEX IF NOT EXISTS scans_by_group ON scans (group_seq, state, line);
             CREATE INDEX IF NOT EXISTS scans_by_state ON scans (state, group_seq);",
        )?;
        Ok(Self { db })
    }

    /// Adds the rows of an input; scans already in the journal keep their state (a scan listed
    /// twice is migrated once). Returns how many were new.
    pub fn load(
        &mut self,
        rows: impl FnOnce(&mut dyn FnMut(Row) -> Result<()>) -> Result<()>,
    ) -> Result<u64> {
        let tx = self.db.transaction()?;
        let mut added = 0u64;
        {
            let mut group = tx.prepare_cached("INSERT INTO groups (name, account_id) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET account_id = COALESCE(groups.account_id, excluded.account_id) RETURNING seq")?;
            let mut scan = tx.prepare_cached("INSERT OR IGNORE INTO scans (scan_reference, group_seq, line, updated_at) VALUES (?1, ?2, ?3, ?4)")?;
            let stamp = now();
            rows(&mut |row: Row| {
                let seq: i64 = group.query_row(params![row.group, row.account_id], |r| r.get(0))?;
                added +=
                    scan.execute(params![row.scan_reference, seq, row.line as i64, stamp])? as u64;
                Ok(())
            })?;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Scans by state.
    pub fn counts(&self) -> Result<Counts> {
        let mut c = Counts::default();
        let mut stmt = self.db.prepare(
            "SELECT state, note IS NOT NULL, COUNT(*) FROM scans GROUP BY state, note IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, i64>(2)? as u64,
            ))
        })?;
        for row in rows {
            let (state, noted, n) = row?;
            match state.as_str() {
                "pending" => c.pending += n,
                "sending" => c.sending += n,
                "migrated" => {
                    c.migrated += n;
                    if noted {
                        c.already += n;
                    }
                }
                _ => c.failed += n,
            }
        }
        Ok(c)
    }

    /// Scans left `sending` by an interrupted run.
    pub fn interrupted(&self, limit: usize) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.db.prepare_cached(
            "SELECT scan_reference, group_seq FROM scans WHERE state = 'sending' LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Up to `limit` groups with pending scans after group `after`, in input order.
    pub fn pending_groups(&self, after: i64, limit: usize) -> Result<Vec<i64>> {
        let mut stmt = self.db.prepare_cached(
            "SELECT DISTINCT group_seq FROM scans WHERE state = 'pending' AND group_seq > ?1 ORDER BY group_seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after, limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The next pending scans of a group, in input order.
    pub fn next_batch(&self, group: i64, size: usize) -> Result<Vec<String>> {
        let mut stmt = self.db.prepare_cached("SELECT scan_reference FROM scans WHERE group_seq = ?1 AND state = 'pending' ORDER BY line LIMIT ?2")?;
        let rows = stmt.query_map(params![group, size as i64], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The account of a group, once known.
    pub fn group_account(&self, group: i64) -> Result<Option<String>> {
        Ok(self
            .db
            .query_row(
                "SELECT account_id FROM groups WHERE seq = ?1",
                [group],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }

    fn set_group_account(tx: &rusqlite::Transaction<'_>, group: i64, account: &str) -> Result<()> {
        tx.execute(
            "UPDATE groups SET account_id = COALESCE(account_id, ?2) WHERE seq = ?1",
            params![group, account],
        )?;
        Ok(())
    }

    /// Before a call: the scans are being sent.
    pub fn sending(&mut self, scans: &[String]) -> Result<()> {
        let tx = self.db.transaction()?;
        {
            let mut stmt = tx.prepare_cached("UPDATE scans SET state = 'sending', attempts = attempts + 1, updated_at = ?2 WHERE scan_reference = ?1")?;
            let stamp = now();
            for s in scans {
                stmt.execute(params![s, stamp])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// After a call: the scans are in `account` (their workflow executions keep their ids).
    pub fn migrated(
        &mut self,
        group: i64,
        scans: &[String],
        account: &str,
        note: Option<&str>,
    ) -> Result<()> {
        let tx = self.db.transaction()?;
        Self::set_group_account(&tx, group, account)?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE scans SET state = 'migrated', account_id = ?2, workflow_execution_id = ?1, note = ?3, error_code = NULL, error = NULL, updated_at = ?4 WHERE scan_reference = ?1",
            )?;
            let stamp = now();
            for s in scans {
                stmt.execute(params![s, account, note, stamp])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// A scan found migrated whose account cannot be looked up (the platform gave its workflow
    /// execution another id).
    pub fn migrated_elsewhere(&mut self, scans: &[String], note: &str) -> Result<()> {
        let tx = self.db.transaction()?;
        {
            let mut stmt = tx.prepare_cached("UPDATE scans SET state = 'migrated', note = ?2, updated_at = ?3 WHERE scan_reference = ?1")?;
            let stamp = now();
            for s in scans {
                stmt.execute(params![s, note, stamp])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// After a call: the scans were refused.
    pub fn failed(&mut self, scans: &[String], code: &str, error: &str) -> Result<()> {
        let tx = self.db.transaction()?;
        {
            let mut stmt = tx.prepare_cached("UPDATE scans SET state = 'failed', error_code = ?2, error = ?3, updated_at = ?4 WHERE scan_reference = ?1")?;
            let stamp = now();
            for s in scans {
                stmt.execute(params![s, code, error, stamp])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// After a call: the scans were not processed; send them again.
    pub fn pending(&mut self, scans: &[String]) -> Result<()> {
        let tx = self.db.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE scans SET state = 'pending', updated_at = ?2 WHERE scan_reference = ?1",
            )?;
            let stamp = now();
            for s in scans {
                stmt.execute(params![s, stamp])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// How often a scan was sent.
    pub fn attempts(&self, scan: &str) -> Result<u32> {
        Ok(self.db.query_row(
            "SELECT attempts FROM scans WHERE scan_reference = ?1",
            [scan],
            |r| r.get::<_, u32>(0),
        )?)
    }

    /// Failed scans become pending again (`--retry-failed`).
    pub fn retry_failed(&mut self) -> Result<u64> {
        Ok(self.db.execute("UPDATE scans SET state = 'pending', error_code = NULL, error = NULL WHERE state = 'failed'", [])? as u64)
    }

    /// Every scan, in input order, for the report.
    pub fn report(&self, mut each: impl FnMut(ReportRow) -> Result<()>) -> Result<()> {
        let mut stmt = self.db.prepare(
            "SELECT s.scan_reference, g.name, s.state, s.account_id, s.workflow_execution_id, s.error_code, s.error, s.note
             FROM scans s JOIN groups g ON g.seq = s.group_seq ORDER BY s.line, s.scan_reference",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let group: String = r.get(1)?;
            each(ReportRow {
                scan_reference: r.get(0)?,
                group: group.strip_prefix("group:").unwrap_or("").to_string(),
                status: r.get(2)?,
                account_id: r.get(3)?,
                workflow_execution_id: r.get(4)?,
                error_code: r.get(5)?,
                error: r.get(6)?,
                note: r.get(7)?,
            })?;
        }
        Ok(())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::files::mode;

    #[test]
    fn a_new_journal_and_its_side_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        let mut journal = Journal::open(&path).unwrap();
        journal
            .load(|each| {
                each(Row {
                    line: 1,
                    scan_reference: "S-1".into(),
                    group: "scan:S-1".into(),
                    account_id: None,
                })
            })
            .unwrap();
        // While the connection is open, the WAL and shared-memory files exist.
        let side = |suffix: &str| dir.path().join(format!("j.db{suffix}"));
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&side("-wal")), 0o600);
        assert_eq!(mode(&side("-shm")), 0o600);
        drop(journal);
    }
}
