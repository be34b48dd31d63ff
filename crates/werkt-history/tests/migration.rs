//! Opening a database written by an older werkt: the literal DDL of schema version 1 is
//! repeated here (not taken from the crate) so that a later edit of the migration list cannot
//! silently change what an "old file" is.

use rusqlite::Connection;
use werkt_history::{History, HistoryError, RunStatus, SCHEMA_VERSION};
use werkt_model::Period;

const V1_DDL: &str = "
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
PRAGMA user_version = 1;
";

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

#[test]
fn a_version_1_file_is_migrated_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(V1_DDL).unwrap();
        conn.execute_batch(
            "INSERT INTO runs VALUES ('r1', 'acme', '2026-09', '2026-10-02T04:00:00.000000Z',
                 '2026-10-02T04:01:00.000000Z', 'done', NULL, 'feed', '{\"absence\":\"1.0.0\"}', '0.0.9');
             INSERT INTO runs VALUES ('r2', 'acme', '2026-10', '2026-11-02T05:00:00.000000Z',
                 '2026-11-02T05:01:00.000000Z', 'failed', 'plugin absence crashed', 'beef', '{}', '0.0.9');
             INSERT INTO metrics VALUES ('acme', '2026-09', 'absence', 'root', '', 'rate', 4.25, 120, 0);
             INSERT INTO metrics VALUES ('acme', '2026-09', 'absence', 'tiny', '', 'rate', NULL, NULL, 1);",
        )
        .unwrap();
    }

    let h = History::open(&path).unwrap();
    assert_eq!(h.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 2);

    let last = h
        .last_success("acme", p("2026-09"))
        .unwrap()
        .expect("the v1 run is kept");
    assert_eq!(last.input_hash, "feed");
    assert_eq!(last.werkt_version, "0.0.9");
    assert_eq!(last.plugin_versions["absence"], "1.0.0");
    assert_eq!(
        last.shard, None,
        "the column added by v2 is empty for old runs"
    );
    let failed = h.failed(p("2026-10")).unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].status, RunStatus::Failed);
    assert_eq!(failed[0].error.as_deref(), Some("plugin absence crashed"));
    assert_eq!(
        h.trend(
            "acme",
            &key("absence", "root", None, "rate"),
            p("2026-01"),
            p("2026-12")
        )
        .unwrap(),
        vec![(p("2026-09"), Some(4.25), false)]
    );
    assert_eq!(
        h.trend(
            "acme",
            &key("absence", "tiny", None, "rate"),
            p("2026-01"),
            p("2026-12")
        )
        .unwrap(),
        vec![(p("2026-09"), None, true)]
    );
    drop(h);

    // The v2 additions exist: the shard column and the index on period.
    let conn = Connection::open(&path).unwrap();
    let index: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'runs_by_period'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(index, 1);
    conn.execute("UPDATE runs SET shard = '2/4' WHERE run_id = 'r1'", [])
        .unwrap();
}

#[test]
fn a_file_from_a_newer_werkt_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite");
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let err = History::open(&path).unwrap_err();
    assert!(
        matches!(err, HistoryError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("new.sqlite"), "{err}");
    let v: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 99);
}

fn key(
    analysis: &str,
    unit: &str,
    subject: Option<&str>,
    metric: &str,
) -> werkt_history::MetricKey {
    werkt_history::MetricKey {
        analysis: analysis.into(),
        unit: unit.into(),
        subject: subject.map(Into::into),
        metric: metric.into(),
    }
}
