//! The schema and its migrations.
//!
//! The database records its schema version in `PRAGMA user_version`. `MIGRATIONS[i]` takes a
//! database from version `i` to version `i + 1`; a fresh file (version 0) runs them all. A
//! migration is never edited once released: a change to the schema is a new entry at the end,
//! so every older file can be brought forward step by step.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::HistoryError;

/// Version 1: the first release. Runs, and metrics keyed by everything that identifies a
/// figure. `subject` is `''` rather than NULL when absent, because NULLs never collide in a
/// primary key and re-running a period would then duplicate subject-less rows.
const V1: &str = "
CREATE TABLE runs (
    run_id          TEXT NOT NULL,
    organisation    TEXT NOT NULL,
    period          TEXT NOT NULL,
    started         TEXT NOT NULL,
    finished        TEXT NOT NULL,
    status          TEXT NOT NULL,
    error           TEXT,
    input_hash      TEXT NOT NULL,
    plugin_versions TEXT NOT NULL,
    werkt_version   TEXT NOT NULL,
    PRIMARY KEY (run_id, organisation, period)
);
CREATE TABLE metrics (
    organisation TEXT NOT NULL,
    period       TEXT NOT NULL,
    analysis     TEXT NOT NULL,
    unit         TEXT NOT NULL,
    subject      TEXT NOT NULL DEFAULT '',
    metric       TEXT NOT NULL,
    value        REAL,
    n            INTEGER,
    suppressed   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (organisation, period, analysis, unit, subject, metric)
) WITHOUT ROWID;
";

/// Version 2: sharded runs (several processes, each over part of the organisations) label
/// their run records, and `status`/`failed` look runs up by period, which needs an index
/// rather than a scan of every run ever made.
const V2: &str = "
ALTER TABLE runs ADD COLUMN shard TEXT;
CREATE INDEX runs_by_period ON runs (period, organisation, finished);
";

const MIGRATIONS: &[&str] = &[V1, V2];

/// The schema version this code reads and writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the database to [`SCHEMA_VERSION`].
///
/// Each step runs in an IMMEDIATE transaction that re-reads the version first, so two
/// processes opening an old file at once migrate it once: the second waits for the first's
/// write lock (busy timeout) and then finds nothing left to do.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), HistoryError> {
    let found = user_version(conn).map_err(|source| HistoryError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    if found > SCHEMA_VERSION {
        return Err(HistoryError::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (from, ddl) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let to = from as i64 + 1;
        let failed = |source| HistoryError::Migrate {
            path: path.to_path_buf(),
            to,
            source,
        };
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(failed)?;
        if user_version(&tx).map_err(failed)? >= to {
            continue; // another process migrated meanwhile; the transaction rolls back empty
        }
        tx.execute_batch(ddl).map_err(failed)?;
        tx.pragma_update(None, "user_version", to).map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
    Ok(())
}
