//! What the state databases of an output root say, for `newsbind status`: counts by status,
//! the failed sources with their error codes, and the last run. Read-only, and fast at 10^6
//! rows: the counts come from the status index, the failed list is bounded.

use super::{db_error, RunTotals, DIR};
use crate::model::diag::Error;
use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The databases under `root` (`state.sqlite` and the shards'), sorted by name.
pub fn databases(root: &Path) -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(root.join(DIR)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("state") && name.ends_with(".sqlite")
        })
        .collect();
    found.sort();
    found
}

/// One row of `runs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Seconds since 1970 when it started.
    pub started_at: i64,
    /// When it ended; `None` for a run killed (or still running).
    pub ended_at: Option<i64>,
    /// Its totals, once it ended.
    pub totals: Option<RunTotals>,
    /// `SIGINT` or `SIGTERM` when stopped by one.
    pub interrupted: Option<String>,
}

/// What one database says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Sources by status (`converted`, `failed`, `skipped`).
    pub counts: BTreeMap<String, u64>,
    /// Failed sources (source path, error code), sorted by path, at most the limit asked.
    pub failed: Vec<(String, Option<String>)>,
    /// The last run.
    pub last_run: Option<Run>,
}

impl Summary {
    /// How many sources have the given status.
    pub fn count(&self, status: &str) -> u64 {
        self.counts.get(status).copied().unwrap_or(0)
    }
}

/// Reads a database without writing to it; `limit` bounds the failed list (`None`: all).
pub fn summary(db: &Path, limit: Option<usize>) -> Result<Summary, Error> {
    let read = || -> rusqlite::Result<Summary> {
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        conn.busy_timeout(Duration::from_secs(30))?;
        let mut counts = BTreeMap::new();
        let mut q = conn.prepare("SELECT status, count(*) FROM sources GROUP BY status")?;
        for row in q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (status, n) = row?;
            counts.insert(status, n.max(0) as u64);
        }
        let mut q = conn.prepare(
            "SELECT source, error_code FROM sources WHERE status = 'failed' ORDER BY source LIMIT ?1",
        )?;
        let failed = q
            // SQLite reads a negative LIMIT as none.
            .query_map([limit.map_or(-1, |n| n as i64)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut q = conn.prepare(
            "SELECT started_at, ended_at, converted, unchanged, skipped, failed, interrupted
             FROM runs ORDER BY id DESC LIMIT 1",
        )?;
        let last_run = q
            .query_map([], |r| {
                let ended_at: Option<i64> = r.get(1)?;
                let n = |i: usize| -> rusqlite::Result<u64> {
                    Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0).max(0) as u64)
                };
                Ok(Run {
                    started_at: r.get(0)?,
                    ended_at,
                    totals: match ended_at {
                        Some(_) => Some(RunTotals {
                            converted: n(2)?,
                            unchanged: n(3)?,
                            skipped: n(4)?,
                            failed: n(5)?,
                        }),
                        None => None,
                    },
                    interrupted: r.get(6)?,
                })
            })?
            .next()
            .transpose()?;
        Ok(Summary {
            counts,
            failed,
            last_run,
        })
    };
    read().map_err(|e| db_error(db, e))
}
