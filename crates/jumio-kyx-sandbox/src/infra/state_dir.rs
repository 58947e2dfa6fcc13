//! `--state-dir DIR`: the sandbox's state, durable in one SQLite file (`DIR/state.sqlite3`).
//!
//! After every request, before its answer is sent, what the request changed is written in one
//! transaction: the workflows, accounts and access tokens it touched (each a JSON row, the same
//! JSON as the state document's), new part bytes once by SHA-256, changed callbacks, and the
//! small documents (clock, faults, scenarios, seeded scans…) whose content changed. The
//! lifecycle task and callback deliveries write the same way. A sandbox killed at any moment
//! restarts from the last transaction: workflows due are processed, pending callbacks are
//! delivered, and tokens still work until they expire.
//!
//! WAL with `synchronous=NORMAL`: a transaction survives the process being killed; an operating
//! system crash may lose the last ones. The file is locked while the sandbox runs, so two
//! sandboxes never share a state dir.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;

use bytes::Bytes;
use rusqlite::{OptionalExtension, params};
use serde_json::Value;

use crate::platform::snapshot::{STATE_FORMAT, STATE_VERSION, StateDocument};
use crate::platform::state::Sandbox;

/// The file in the state dir.
pub const STATE_FILE: &str = "state.sqlite3";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workflows (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS access_tokens (token TEXT PRIMARY KEY, expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS callbacks (id INTEGER PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blobs (sha256 TEXT PRIMARY KEY, bytes BLOB NOT NULL);
";

/// An open state dir.
pub(crate) struct StateDir {
    /// `None` once closed (the sandbox stopped): later writes are dropped.
    conn: Option<rusqlite::Connection>,
    /// The part bytes already stored.
    blobs: HashSet<String>,
    /// A hash of each small document as last written.
    meta: HashMap<&'static str, u64>,
    /// A write failed: the next one rewrites everything (what it had drained is not lost).
    rewrite: bool,
}

impl std::fmt::Debug for StateDir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StateDir(…)")
    }
}

/// What a write changes. `None` deletes a row.
#[derive(Default)]
pub(crate) struct Changes {
    /// Everything is written anew (after a reset, an import, or a failed write).
    replaced: bool,
    meta: Vec<(&'static str, String, u64)>,
    workflows: Vec<(String, Option<String>)>,
    accounts: Vec<(String, Option<String>)>,
    access_tokens: Vec<(String, Option<String>)>,
    callbacks: Vec<(u64, String)>,
    blobs: Vec<(String, Bytes)>,
}

impl Changes {
    fn is_empty(&self) -> bool {
        !self.replaced
            && self.meta.is_empty()
            && self.workflows.is_empty()
            && self.accounts.is_empty()
            && self.access_tokens.is_empty()
            && self.callbacks.is_empty()
            && self.blobs.is_empty()
    }
}

fn failed(dir: &Path, what: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("state dir {}: {what}", dir.display()))
}

impl StateDir {
    /// Opens (creating) a state dir, and reads the state it holds, if any.
    pub(crate) fn open(dir: &Path) -> std::io::Result<(Self, Option<StateDocument>)> {
        std::fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
        let conn = rusqlite::Connection::open(dir.join(STATE_FILE)).map_err(|e| failed(dir, e))?;
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
            .and_then(|_| conn.pragma_update(None, "journal_mode", "WAL"))
            .and_then(|_| conn.pragma_update(None, "synchronous", "NORMAL"))
            .and_then(|_| conn.execute_batch(SCHEMA))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                    failed(dir, "in use by another sandbox")
                }
                _ => failed(dir, e),
            })?;
        let mut state = Self {
            conn: Some(conn),
            blobs: HashSet::new(),
            meta: HashMap::new(),
            rewrite: false,
        };
        let doc = state.load().map_err(|e| failed(dir, e))?;
        Ok((state, doc))
    }

    /// Closes the file (a stopped sandbox), releasing it for the next sandbox at once.
    pub(crate) fn close(&mut self) {
        self.conn = None;
    }

    /// The state the file holds (`None` for a new one).
    fn load(&mut self) -> Result<Option<StateDocument>, String> {
        let sql = |e: rusqlite::Error| e.to_string();
        let Some(conn) = &self.conn else {
            return Ok(None);
        };
        let format: Option<String> = conn
            .query_row("SELECT doc FROM meta WHERE key = 'format'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(sql)?;
        if format.is_none() {
            return Ok(None);
        }
        let mut object = serde_json::Map::new();
        let rows = |query: &str| -> Result<Vec<(String, String)>, String> {
            let mut stmt = conn.prepare(query).map_err(sql)?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .map_err(sql)?;
            rows.collect::<Result<_, _>>().map_err(sql)
        };
        let parse = |doc: &str| -> Result<Value, String> {
            serde_json::from_str(doc).map_err(|_| "a stored row is not JSON".to_string())
        };
        for (key, doc) in rows("SELECT key, doc FROM meta")? {
            object.insert(key, parse(&doc)?);
        }
        let mut accounts = serde_json::Map::new();
        for (id, doc) in rows("SELECT id, doc FROM accounts")? {
            accounts.insert(id, parse(&doc)?);
        }
        object.insert("accounts".into(), Value::Object(accounts));
        let workflows = rows("SELECT id, doc FROM workflows")?
            .iter()
            .map(|(_, doc)| parse(doc))
            .collect::<Result<Vec<_>, _>>()?;
        object.insert("workflows".into(), Value::Array(workflows));
        let callbacks = rows("SELECT CAST(id AS TEXT), doc FROM callbacks ORDER BY id")?
            .iter()
            .map(|(_, doc)| parse(doc))
            .collect::<Result<Vec<_>, _>>()?;
        object.insert("callbacks".into(), Value::Array(callbacks));
        let mut images = BTreeMap::new();
        {
            let mut stmt = conn
                .prepare("SELECT sha256, bytes FROM blobs")
                .map_err(sql)?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
                })
                .map_err(sql)?;
            for row in rows {
                let (hash, bytes) = row.map_err(sql)?;
                images.insert(hash, Bytes::from(bytes));
            }
        }
        let mut access_tokens = BTreeMap::new();
        for (token, expires) in rows("SELECT token, expires_at FROM access_tokens")? {
            if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&expires) {
                access_tokens.insert(token, t.with_timezone(&chrono::Utc));
            }
        }
        let mut doc =
            StateDocument::from_value(Value::Object(object), images).map_err(|e| e.to_string())?;
        doc.access_tokens = access_tokens;
        // Part bytes no workflow uses any more (deleted workflows) go now.
        let used: HashSet<String> = doc
            .workflows
            .iter()
            .flat_map(|w| &w.credentials)
            .flat_map(|c| c.uploaded.values())
            .map(|p| p.digest().to_string())
            .collect();
        for hash in doc.images.keys() {
            if !used.contains(hash) {
                conn.execute("DELETE FROM blobs WHERE sha256 = ?1", [hash])
                    .map_err(sql)?;
            }
        }
        self.blobs = used;
        Ok(Some(doc))
    }

    /// Writes changes in one transaction.
    fn write(&mut self, c: &Changes) -> rusqlite::Result<()> {
        let Some(conn) = &mut self.conn else {
            return Ok(());
        };
        let tx = conn.transaction()?;
        if c.replaced {
            tx.execute_batch(
                "DELETE FROM meta; DELETE FROM workflows; DELETE FROM accounts;
                 DELETE FROM access_tokens; DELETE FROM callbacks; DELETE FROM blobs;",
            )?;
        }
        for (key, doc, _) in &c.meta {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, doc) VALUES (?1, ?2)",
                params![key, doc],
            )?;
        }
        for (hash, bytes) in &c.blobs {
            tx.execute(
                "INSERT OR IGNORE INTO blobs (sha256, bytes) VALUES (?1, ?2)",
                params![hash, bytes.as_ref()],
            )?;
        }
        for (table, key, rows) in [
            ("workflows", "id", &c.workflows),
            ("accounts", "id", &c.accounts),
        ] {
            for (id, doc) in rows {
                match doc {
                    Some(doc) => tx.execute(
                        &format!("INSERT OR REPLACE INTO {table} ({key}, doc) VALUES (?1, ?2)"),
                        params![id, doc],
                    )?,
                    None => tx.execute(&format!("DELETE FROM {table} WHERE {key} = ?1"), [id])?,
                };
            }
        }
        for (token, expires) in &c.access_tokens {
            match expires {
                Some(t) => tx.execute(
                    "INSERT OR REPLACE INTO access_tokens (token, expires_at) VALUES (?1, ?2)",
                    params![token, t],
                )?,
                None => tx.execute("DELETE FROM access_tokens WHERE token = ?1", [token])?,
            };
        }
        for (id, doc) in &c.callbacks {
            tx.execute(
                "INSERT OR REPLACE INTO callbacks (id, doc) VALUES (?1, ?2)",
                params![*id as i64, doc],
            )?;
        }
        tx.commit()?;
        if c.replaced {
            self.blobs.clear();
            self.meta.clear();
        }
        self.blobs.extend(c.blobs.iter().map(|(h, _)| h.clone()));
        for (key, _, hash) in &c.meta {
            self.meta.insert(key, *hash);
        }
        Ok(())
    }
}

fn hash_of(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// [`Sandbox::persist`] off the async threads (SQLite blocks); `false` if the write failed.
pub(crate) async fn persist_async(app: &crate::platform::state::App) -> bool {
    if app.state_dir.is_none() {
        return true;
    }
    let app = app.clone();
    tokio::task::spawn_blocking(move || app.persist())
        .await
        .unwrap_or(false)
}

impl Sandbox {
    /// Writes what changed since the last write to the state dir (nothing without one). `false`
    /// when the write failed: the answer being prepared must not claim it happened.
    pub(crate) fn persist(&self) -> bool {
        let Some(dir) = &self.state_dir else {
            return true;
        };
        // Held from collecting to committing, so that writes land in the order of the changes.
        let mut dir = dir.lock().unwrap_or_else(|e| e.into_inner());
        let changes = self.changes(&dir);
        if changes.is_empty() {
            return true;
        }
        match dir.write(&changes) {
            Ok(()) => {
                dir.rewrite = false;
                true
            }
            Err(e) => {
                tracing::error!(error = %e, "the sandbox could not write its state dir");
                dir.rewrite = true;
                false
            }
        }
    }

    /// What changed since the last write.
    fn changes(&self, dir: &StateDir) -> Changes {
        let mut c = Changes::default();
        let mut store = self.store();
        c.replaced = std::mem::take(&mut store.replaced) || dir.rewrite;
        let (workflows, accounts, tokens) = (
            store.workflows.take_dirty(),
            store.accounts.take_dirty(),
            store.oauth_tokens.take_dirty(),
        );
        let all = |keys: Vec<&String>| keys.into_iter().cloned().collect();
        let (workflows, accounts, tokens): (Vec<String>, Vec<String>, Vec<String>) = if c.replaced {
            (
                all(store.workflows.keys().collect()),
                all(store.accounts.keys().collect()),
                all(store.oauth_tokens.keys().collect()),
            )
        } else {
            (
                workflows.into_iter().collect(),
                accounts.into_iter().collect(),
                tokens.into_iter().collect(),
            )
        };
        let mut new_blobs = HashSet::new();
        for id in workflows {
            let doc = store.workflows.get(&id).map(|w| {
                for part in w.credentials.iter().flat_map(|c| c.uploaded.values()) {
                    let hash = part.digest();
                    if (c.replaced || !dir.blobs.contains(hash))
                        && new_blobs.insert(hash.to_string())
                    {
                        c.blobs.push((hash.to_string(), part.bytes.clone()));
                    }
                }
                json(w)
            });
            c.workflows.push((id, doc));
        }
        for id in accounts {
            let doc = store.accounts.get(&id).map(json);
            c.accounts.push((id, doc));
        }
        for token in tokens {
            let expiry = store
                .oauth_tokens
                .get(&token)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
            c.access_tokens.push((token, expiry));
        }
        let migrated: BTreeMap<_, _> = store.migrated.iter().collect();
        let usability: BTreeMap<_, _> = store.usability.iter().collect();
        let mut meta = vec![
            ("defaultScenario", json(&store.default_scenario)),
            ("legacyScans", json(&store.legacy_scans_sorted())),
            ("migrated", json(&migrated)),
            ("usability", json(&usability)),
            ("usabilityRejected", json(&store.usability_rejected)),
        ];
        drop(store);
        {
            let mut callbacks = self.callbacks.lock().unwrap_or_else(|e| e.into_inner());
            let dirty = std::mem::take(&mut callbacks.dirty);
            for r in &callbacks.records {
                if c.replaced || dirty.contains(&r.id) {
                    c.callbacks.push((r.id, json(r)));
                }
            }
        }
        let clock = self.clock.state();
        // A running clock's `now` moves by itself: only a change of offset is a change.
        let clock_key = if clock.frozen {
            json(&clock)
        } else {
            format!("running {}", clock.offset_ms)
        };
        // What changes only when the whole state is replaced (a new file, a reset, an import, a
        // failed write) is written only then, not read and hashed for every request.
        if c.replaced {
            meta.extend([
                ("format", json(&STATE_FORMAT)),
                ("version", json(&STATE_VERSION)),
                ("sandboxVersion", json(&env!("CARGO_PKG_VERSION"))),
                ("tokenKey", json(&base64_key(&self.signer().key()))),
            ]);
        }
        meta.extend([
            ("idStreams", json(&self.ids.positions())),
            (
                "health",
                json(&*self.health.read().unwrap_or_else(|e| e.into_inner())),
            ),
            (
                "faults",
                json(&self.faults.lock().unwrap_or_else(|e| e.into_inner()).rules),
            ),
        ]);
        for (key, doc) in meta {
            let hash = hash_of(&doc);
            if c.replaced || dir.meta.get(key) != Some(&hash) {
                c.meta.push((key, doc, hash));
            }
        }
        let hash = hash_of(&clock_key);
        if c.replaced || dir.meta.get("clock") != Some(&hash) {
            c.meta.push(("clock", json(&clock), hash));
        }
        c
    }
}

fn base64_key(key: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(key)
}
