//! The incremental state: what the last runs made of each source of an output root, in an
//! SQLite database, `OUT/.newsbind/state.sqlite` (shard I of N: `state.shard-I-of-N.sqlite`).
//! Per source (keyed by its output stem): the source path, the BLAKE3 hashes of its bytes and of
//! the effective configuration, the tool version, its status (`converted`, `failed`,
//! `skipped`), error code, warnings count, when it was recorded, and its outputs in order; and
//! one row per run. A rerun leaves a source alone when its row is `converted` with the same
//! three hashes and every output it lists is still there. `docs/state.md` documents the
//! schema for users who query it with `sqlite3`.
//!
//! Invariants: a source's row is written only after its group's files are committed (synced
//! and renamed into place), one transaction per group, so after `kill -9` at any moment the
//! database is consistent and every output it records is complete; a source without a row is
//! converted again, never trusted. Only this run's process writes its database (it holds the
//! run lock of its shard), so shards side by side never contend for one file; WAL journal,
//! `synchronous=NORMAL` (a crash of the process loses nothing committed; a power cut at worst
//! the last transactions, which only means converting those sources again).
//!
//! An `.newsbind-manifest.json` of an older version is imported once, then removed.

use crate::batch::discover::Shard;
use crate::model::diag::Error;
use crate::report::{ArticleReport, Status};
use rusqlite::{params, Connection, OpenFlags};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The tool version recorded in each row; a new version reconverts everything.
pub const TOOL: &str = concat!("newsbind ", env!("CARGO_PKG_VERSION"));

/// The folder of newsbind's own state in the output root.
pub const DIR: &str = ".newsbind";

/// The schema's version, in `meta`; a database of another version is started afresh.
const SCHEMA_VERSION: &str = "1";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sources (
  stem         TEXT PRIMARY KEY,
  source       TEXT NOT NULL,
  input_hash   TEXT,
  config_hash  TEXT NOT NULL,
  tool         TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('converted', 'failed', 'skipped')),
  error_code   TEXT,
  warnings     INTEGER NOT NULL DEFAULT 0,
  converted_at INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outputs (
  stem     TEXT NOT NULL REFERENCES sources (stem) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  path     TEXT NOT NULL,
  PRIMARY KEY (stem, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS outputs_by_path ON outputs (path);
CREATE INDEX IF NOT EXISTS sources_by_status ON sources (status);
CREATE TABLE IF NOT EXISTS runs (
  id          INTEGER PRIMARY KEY,
  started_at  INTEGER NOT NULL,
  ended_at    INTEGER,
  tool        TEXT NOT NULL,
  shard       TEXT,
  converted   INTEGER,
  unchanged   INTEGER,
  skipped     INTEGER,
  failed      INTEGER,
  interrupted TEXT
);
";

/// BLAKE3 of a source's bytes, hex.
pub fn input_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// What a source's last conversion came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Its outputs were written: a rerun may leave it alone.
    Converted,
    /// It (or one of its records) failed: a rerun tries again.
    Failed,
    /// Nothing to make of it (not an article): a rerun looks again.
    Skipped,
}

impl Recorded {
    /// The status as the database stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            Recorded::Converted => "converted",
            Recorded::Failed => "failed",
            Recorded::Skipped => "skipped",
        }
    }

    fn parse(text: &str) -> Recorded {
        match text {
            "converted" => Recorded::Converted,
            "failed" => Recorded::Failed,
            _ => Recorded::Skipped,
        }
    }
}

/// One source's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The source path as reported.
    pub source: String,
    /// BLAKE3 of the source bytes, hex; empty when it could not be read.
    pub input: String,
    /// BLAKE3 of the effective configuration, hex.
    pub config: String,
    /// The tool version.
    pub tool: String,
    /// What the conversion came to.
    pub status: Recorded,
    /// The error code of the first failed record, for a failed source.
    pub error_code: Option<String>,
    /// How many warnings its reports carry.
    pub warnings: u64,
    /// Outputs written, relative to the output root.
    pub outputs: Vec<String>,
}

/// The row of a source once processed, from its reports (one, or one per record) and the hash
/// of the bytes they were made from (`None`: it could not be read): `converted` when no record
/// failed and at least one was converted (the row lists every record's outputs), `failed` when
/// one failed (with the first failure's code), else `skipped`.
pub fn row(
    source: &str,
    reports: &[ArticleReport],
    input_hash: Option<&str>,
    config_hash: &str,
) -> Entry {
    let failed = reports.iter().find(|r| r.status == Status::Failed);
    let converted = reports.iter().any(|r| r.status == Status::Converted);
    let status = match (failed, converted, input_hash) {
        (None, true, Some(_)) => Recorded::Converted,
        (Some(_), _, _) | (None, true, None) => Recorded::Failed,
        (None, false, _) => Recorded::Skipped,
    };
    Entry {
        source: source.to_string(),
        input: input_hash.unwrap_or_default().to_string(),
        config: config_hash.to_string(),
        tool: TOOL.into(),
        status,
        error_code: failed
            .and_then(|r| r.error.as_ref())
            .map(|e| e.code.as_str().to_string()),
        warnings: reports.iter().map(|r| r.warnings.len() as u64).sum(),
        outputs: match status {
            Recorded::Converted => reports
                .iter()
                .flat_map(|r| r.outputs.iter().cloned())
                .collect(),
            _ => Vec::new(),
        },
    }
}

/// The rows of a state database in memory, keyed by output stem.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Rows by output stem.
    pub entries: BTreeMap<String, Entry>,
}

impl Manifest {
    /// The row of `stem` if it was converted with exactly these hashes and this tool, and every
    /// output it lists is still under `root`.
    pub fn current(&self, stem: &str, input: &str, config: &str, root: &Path) -> Option<&Entry> {
        self.candidate(stem, config, root)
            .filter(|e| e.input == input)
    }

    /// The row of `stem` if it was converted with this configuration and tool and its outputs
    /// (at least one) are still under `root`: only the input hash remains to be compared.
    pub fn candidate(&self, stem: &str, config: &str, root: &Path) -> Option<&Entry> {
        self.entries.get(stem).filter(|e| {
            e.status == Recorded::Converted
                && e.config == config
                && e.tool == TOOL
                && !e.outputs.is_empty()
                && e.outputs.iter().all(|o| root.join(o).is_file())
        })
    }
}

/// The database of a run.
pub fn path(root: &Path, shard: Option<Shard>) -> PathBuf {
    let name = match shard {
        None => "state.sqlite".to_string(),
        Some(s) => format!("state.{}.sqlite", s.suffix()),
    };
    root.join(DIR).join(name)
}

/// The JSON manifest of versions before the database, imported once.
pub fn legacy_path(root: &Path, shard: Option<Shard>) -> PathBuf {
    root.join(match shard {
        None => ".newsbind-manifest.json".to_string(),
        Some(s) => format!(".newsbind-manifest.{}.json", s.suffix()),
    })
}

/// A run's totals, for its row in `runs`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunTotals {
    /// Sources converted.
    pub converted: u64,
    /// Sources left unchanged.
    pub unchanged: u64,
    /// Sources skipped.
    pub skipped: u64,
    /// Sources failed.
    pub failed: u64,
}

/// An open state database.
#[derive(Debug)]
pub struct State {
    conn: Connection,
    path: PathBuf,
    /// `converted_at` of the rows this run writes: `SOURCE_DATE_EPOCH`, or the run's start.
    now: i64,
}

fn db_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        message: format!("state database: {e}"),
    }
}

/// Whether an error says the file is not a usable database (damaged, or something else).
fn damaged(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(30))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::debug!("state database in journal mode {mode}, not WAL");
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
    conn.execute_batch(SCHEMA)?;
    let version: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
            r.get(0)
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    match version.as_deref() {
        Some(SCHEMA_VERSION) => {}
        None => {
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema', ?1)",
                [SCHEMA_VERSION],
            )?;
        }
        Some(other) => {
            tracing::warn!(
                "state database {} has schema {other}, not {SCHEMA_VERSION}: starting afresh",
                path.display()
            );
            conn.execute_batch(
                "DELETE FROM outputs; DELETE FROM sources; DELETE FROM runs; \
                 UPDATE meta SET value = '1' WHERE key = 'schema';",
            )?;
        }
    }
    Ok(conn)
}

impl State {
    /// Opens (or creates) the database of `root` (and shard), importing an older version's JSON
    /// manifest once. A damaged database is moved aside (`….damaged`) with a warning and
    /// started afresh: that costs a full rebuild, never a wrong `unchanged`.
    pub fn open(root: &Path, shard: Option<Shard>, now: i64) -> Result<State, Error> {
        let path = path(root, shard);
        std::fs::create_dir_all(root.join(DIR)).map_err(|e| db_error(&path, e))?;
        let conn = match connect(&path) {
            Ok(conn) => conn,
            Err(e) if damaged(&e) => {
                let aside = path.with_extension("sqlite.damaged");
                tracing::warn!(
                    "state database {} is damaged ({e}); moved to {} and started afresh",
                    path.display(),
                    aside.display()
                );
                std::fs::rename(&path, &aside).map_err(|e| db_error(&path, e))?;
                for suffix in ["-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                connect(&path).map_err(|e| db_error(&path, e))?
            }
            Err(e) => return Err(db_error(&path, e)),
        };
        let mut state = State { conn, path, now };
        state.import_legacy(&legacy_path(root, shard))?;
        Ok(state)
    }

    /// The database's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every row, in memory.
    pub fn load(&self) -> Result<Manifest, Error> {
        read_all(&self.conn).map_err(|e| db_error(&self.path, e))
    }

    /// Records the rows of one group (or of the run's end) in one transaction.
    pub fn record(&mut self, rows: &[(String, Entry)], remove: &[String]) -> Result<(), Error> {
        let now = self.now;
        let write = |conn: &mut Connection| -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            {
                let mut upsert = tx.prepare_cached(
                    "INSERT INTO sources (stem, source, input_hash, config_hash, tool, status,
                                          error_code, warnings, converted_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT (stem) DO UPDATE SET
                       source = excluded.source, input_hash = excluded.input_hash,
                       config_hash = excluded.config_hash, tool = excluded.tool,
                       status = excluded.status, error_code = excluded.error_code,
                       warnings = excluded.warnings, converted_at = excluded.converted_at",
                )?;
                let mut clear = tx.prepare_cached("DELETE FROM outputs WHERE stem = ?1")?;
                let mut output = tx.prepare_cached(
                    "INSERT INTO outputs (stem, position, path) VALUES (?1, ?2, ?3)",
                )?;
                let mut delete = tx.prepare_cached("DELETE FROM sources WHERE stem = ?1")?;
                for (stem, e) in rows {
                    upsert.execute(params![
                        stem,
                        e.source,
                        (!e.input.is_empty()).then_some(&e.input),
                        e.config,
                        e.tool,
                        e.status.as_str(),
                        e.error_code,
                        e.warnings as i64,
                        now,
                    ])?;
                    clear.execute([stem])?;
                    for (i, o) in e.outputs.iter().enumerate() {
                        output.execute(params![stem, i as i64, o])?;
                    }
                }
                for stem in remove {
                    delete.execute([stem])?;
                }
            }
            tx.commit()
        };
        write(&mut self.conn).map_err(|e| db_error(&self.path, e))
    }

    /// Starts this run's row in `runs`; returns its id.
    pub fn begin_run(&self, started_at: i64, shard: Option<Shard>) -> Result<i64, Error> {
        self.conn
            .execute(
                "INSERT INTO runs (started_at, tool, shard) VALUES (?1, ?2, ?3)",
                params![started_at, TOOL, shard.map(|s| s.to_string())],
            )
            .map(|_| self.conn.last_insert_rowid())
            .map_err(|e| db_error(&self.path, e))
    }

    /// Ends this run's row with its totals.
    pub fn end_run(
        &self,
        id: i64,
        ended_at: i64,
        totals: RunTotals,
        interrupted: Option<&str>,
    ) -> Result<(), Error> {
        self.conn
            .execute(
                "UPDATE runs SET ended_at = ?2, converted = ?3, unchanged = ?4, skipped = ?5,
                                 failed = ?6, interrupted = ?7 WHERE id = ?1",
                params![
                    id,
                    ended_at,
                    totals.converted as i64,
                    totals.unchanged as i64,
                    totals.skipped as i64,
                    totals.failed as i64,
                    interrupted
                ],
            )
            .map(|_| ())
            .map_err(|e| db_error(&self.path, e))
    }

    /// Imports the JSON manifest of an older version (all its entries were converted), then
    /// removes it. A damaged one is removed with a warning (it only costs a rebuild).
    fn import_legacy(&mut self, json: &Path) -> Result<(), Error> {
        let bytes = match std::fs::read(json) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(db_error(json, format!("cannot read the old manifest: {e}"))),
        };
        match parse_legacy(&bytes) {
            Ok(rows) => {
                self.record(&rows, &[])?;
                tracing::info!(
                    "imported {} sources from {} into {}",
                    rows.len(),
                    json.display(),
                    self.path.display()
                );
            }
            Err(e) => tracing::warn!("ignoring damaged manifest {}: {e}", json.display()),
        }
        std::fs::remove_file(json).map_err(|e| db_error(json, e))
    }
}

fn read_all(conn: &Connection) -> rusqlite::Result<Manifest> {
    let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
    let mut rows = conn.prepare(
        "SELECT stem, source, input_hash, config_hash, tool, status, error_code, warnings
         FROM sources",
    )?;
    let mut q = rows.query([])?;
    while let Some(r) = q.next()? {
        let stem: String = r.get(0)?;
        let entry = Entry {
            source: r.get(1)?,
            input: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            config: r.get(3)?,
            tool: r.get(4)?,
            status: Recorded::parse(&r.get::<_, String>(5)?),
            error_code: r.get(6)?,
            warnings: r.get::<_, i64>(7)?.max(0) as u64,
            outputs: Vec::new(),
        };
        entries.insert(stem, entry);
    }
    let mut outputs = conn.prepare("SELECT stem, path FROM outputs ORDER BY stem, position")?;
    let mut q = outputs.query([])?;
    while let Some(r) = q.next()? {
        let stem: String = r.get(0)?;
        if let Some(e) = entries.get_mut(&stem) {
            e.outputs.push(r.get(1)?);
        }
    }
    Ok(Manifest { entries })
}

/// The rows of a run's database without opening it for writing (`--dry-run`, which writes
/// nothing): the database if there is one, else an older version's JSON manifest, else none.
pub fn peek(root: &Path, shard: Option<Shard>) -> Manifest {
    let db = path(root, shard);
    if db.is_file() {
        let read = Connection::open_with_flags(
            &db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .and_then(|conn| {
            conn.busy_timeout(Duration::from_secs(30))?;
            read_all(&conn)
        });
        return read.unwrap_or_else(|e| {
            tracing::warn!("cannot read the state database {}: {e}", db.display());
            Manifest::default()
        });
    }
    std::fs::read(legacy_path(root, shard))
        .ok()
        .and_then(|bytes| parse_legacy(&bytes).ok())
        .map(|rows| Manifest {
            entries: rows.into_iter().collect(),
        })
        .unwrap_or_default()
}

/// The entries of an older version's JSON manifest (all of them converted).
fn parse_legacy(bytes: &[u8]) -> serde_json::Result<Vec<(String, Entry)>> {
    #[derive(Deserialize)]
    struct Legacy {
        entries: BTreeMap<String, LegacyEntry>,
    }
    #[derive(Deserialize)]
    struct LegacyEntry {
        source: String,
        input: String,
        config: String,
        tool: String,
        outputs: Vec<String>,
    }
    let legacy: Legacy = serde_json::from_slice(bytes)?;
    Ok(legacy
        .entries
        .into_iter()
        .map(|(stem, e)| {
            let entry = Entry {
                source: e.source,
                input: e.input,
                config: e.config,
                tool: e.tool,
                status: Recorded::Converted,
                error_code: None,
                warnings: 0,
                outputs: e.outputs,
            };
            (stem, entry)
        })
        .collect())
}

mod summary;
pub use summary::{databases, summary, Run, Summary};

#[cfg(test)]
mod tests;
