use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, Row, TransactionBehavior, params};
use werkt_model::{MetricsFile, Period, Status};

use crate::error::Context;
use crate::record::{MetricKey, OrgStatus, RunRecord, RunStatus, TrendPoint};
use crate::{HistoryError, schema};

/// How long a call waits for another process's write to finish before giving up. Writes are
/// single statements or one period's metrics, so the wait is normally milliseconds; the
/// margin covers a slow disk while several shard processes share the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The history file.
///
/// Concurrency: a `History` owns one SQLite connection and is `Send` but not `Sync`. Each
/// thread (and each shard process) opens its own `History` on the same path; SQLite in WAL
/// mode lets readers proceed during a write, and writers queue on the busy timeout. Every
/// method is one statement or one short transaction, so no caller holds the write lock for
/// long. There is no Mutex inside: sharing one connection would serialise readers as well.
pub struct History {
    conn: Connection,
}

const RUN_COLUMNS: &str = "run_id, organisation, period, started, finished, status, error, \
                           input_hash, plugin_versions, werkt_version, shard";

fn timestamp(t: &DateTime<Utc>) -> String {
    // Fixed width with a `Z`, so text order is time order in SQL.
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn corrupt(what: &'static str, value: &str) -> HistoryError {
    HistoryError::Corrupt {
        what,
        value: value.to_string(),
    }
}

fn parse_period(s: &str) -> Result<Period, HistoryError> {
    s.parse().map_err(|_| corrupt("period", s))
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, HistoryError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| corrupt("timestamp", s))
}

/// The raw columns of a run row; converted outside the rusqlite closure so that a bad stored
/// value becomes a `Corrupt` error naming it rather than a generic conversion failure.
struct RawRun {
    run_id: String,
    organisation: String,
    period: String,
    started: String,
    finished: String,
    status: String,
    error: Option<String>,
    input_hash: String,
    plugin_versions: String,
    werkt_version: String,
    shard: Option<String>,
}

impl RawRun {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<RawRun> {
        Ok(RawRun {
            run_id: row.get(0)?,
            organisation: row.get(1)?,
            period: row.get(2)?,
            started: row.get(3)?,
            finished: row.get(4)?,
            status: row.get(5)?,
            error: row.get(6)?,
            input_hash: row.get(7)?,
            plugin_versions: row.get(8)?,
            werkt_version: row.get(9)?,
            shard: row.get(10)?,
        })
    }

    fn into_record(self) -> Result<RunRecord, HistoryError> {
        Ok(RunRecord {
            period: parse_period(&self.period)?,
            started: parse_time(&self.started)?,
            finished: parse_time(&self.finished)?,
            status: self
                .status
                .parse()
                .map_err(|s: String| corrupt("run status", &s))?,
            plugin_versions: serde_json::from_str(&self.plugin_versions)
                .map_err(|_| corrupt("plugin versions JSON", &self.plugin_versions))?,
            run_id: self.run_id,
            organisation: self.organisation,
            error: self.error,
            input_hash: self.input_hash,
            werkt_version: self.werkt_version,
            shard: self.shard,
        })
    }
}

impl History {
    /// Opens the history file, creating it when missing (its directory must exist) and
    /// migrating an older schema to the current one. The data of an old file is kept.
    pub fn open(path: impl AsRef<Path>) -> Result<History, HistoryError> {
        let path = path.as_ref();
        let open_err = |source| HistoryError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        // WAL lets shard processes read while one writes; NORMAL sync is durable across a
        // process crash (the case that matters here) and much cheaper than FULL.
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(HistoryError::NoWal {
                path: path.to_path_buf(),
                mode,
            });
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        schema::migrate(&mut conn, path)?;
        Ok(History { conn })
    }

    /// Writes (or rewrites) one organisation's record of a run. Keyed by
    /// (run id, organisation, period), so recording the same run twice replaces it.
    pub fn record_run(&mut self, run: &RunRecord) -> Result<(), HistoryError> {
        let versions =
            serde_json::to_string(&run.plugin_versions).expect("a string map always serializes");
        self.conn
            .execute(
                &format!(
                    "INSERT OR REPLACE INTO runs ({RUN_COLUMNS}) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                ),
                params![
                    run.run_id,
                    run.organisation,
                    run.period.to_string(),
                    timestamp(&run.started),
                    timestamp(&run.finished),
                    run.status.as_str(),
                    run.error,
                    run.input_hash,
                    versions,
                    run.werkt_version,
                    run.shard,
                ],
            )
            .doing("recording a run")?;
        Ok(())
    }

    /// Replaces all stored figures of `org` for `period` with those in `metrics`, in one
    /// transaction: readers see either the old figures or the new, and re-running a period
    /// never leaves duplicates or stale figures of a metric that is no longer produced.
    ///
    /// Except: an analysis whose status in `metrics` is `failed` keeps the figures it had for
    /// this period, so a plugin failure on a re-run does not punch a hole in the trend lines
    /// (the same rule as the report files: a failed run leaves the previous good output).
    pub fn replace_metrics(
        &mut self,
        org: &str,
        period: Period,
        metrics: &MetricsFile,
    ) -> Result<(), HistoryError> {
        if metrics.organisation.id != org || metrics.period != period {
            return Err(HistoryError::Mismatch {
                org: org.to_string(),
                period: period.to_string(),
                file_org: metrics.organisation.id.clone(),
                file_period: metrics.period.to_string(),
            });
        }
        let mut seen = HashSet::new();
        for (analysis, report) in &metrics.analyses {
            for m in &report.output.metrics {
                let subject = m.subject.as_deref().unwrap_or("");
                if !seen.insert((
                    analysis.as_str(),
                    m.unit.as_str(),
                    subject,
                    m.metric.as_str(),
                )) {
                    return Err(HistoryError::DuplicateMetric {
                        analysis: analysis.clone(),
                        unit: m.unit.clone(),
                        subject: m
                            .subject
                            .as_ref()
                            .map(|s| format!(" subject '{s}'"))
                            .unwrap_or_default(),
                        metric: m.metric.clone(),
                    });
                }
            }
        }
        let period = period.to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .doing("starting to replace metrics")?;
        // A failed analysis keeps the figures of its last good run for this period.
        let failed: Vec<&str> = metrics
            .analyses
            .iter()
            .filter(|(_, report)| report.status == Status::Failed)
            .map(|(name, _)| name.as_str())
            .collect();
        let failed = serde_json::to_string(&failed).expect("a list of names always serializes");
        tx.execute(
            "DELETE FROM metrics WHERE organisation = ?1 AND period = ?2 \
             AND analysis NOT IN (SELECT value FROM json_each(?3))",
            params![org, period, failed],
        )
        .doing("removing a period's old metrics")?;
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO metrics (organisation, period, analysis, unit, subject, metric, \
                     value, n, suppressed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .doing("preparing to store metrics")?;
            for (analysis, report) in &metrics.analyses {
                if report.status == Status::Failed {
                    continue;
                }
                for m in &report.output.metrics {
                    // A count beyond i64 is not a head count; store it as absent, not wrapped.
                    let n = m.n.and_then(|n| i64::try_from(n).ok());
                    insert
                        .execute(params![
                            org,
                            period,
                            analysis,
                            m.unit,
                            m.subject.as_deref().unwrap_or(""),
                            m.metric,
                            m.value,
                            n,
                            m.suppressed,
                        ])
                        .doing("storing a metric")?;
                }
            }
        }
        tx.commit().doing("committing a period's metrics")?;
        Ok(())
    }

    fn runs(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<RunRecord>, HistoryError> {
        let mut stmt = self.conn.prepare(sql).doing("reading runs")?;
        let raw = stmt
            .query_map(params, RawRun::from_row)
            .doing("reading runs")?
            .collect::<Result<Vec<_>, _>>()
            .doing("reading runs")?;
        raw.into_iter().map(RawRun::into_record).collect()
    }

    /// The latest `Done` run of `org` for `period`: its input hash decides whether a new run
    /// may be skipped. `Skipped` runs are not returned: they produced nothing themselves.
    pub fn last_success(
        &self,
        org: &str,
        period: Period,
    ) -> Result<Option<RunRecord>, HistoryError> {
        let runs = self.runs(
            &format!(
                "SELECT {RUN_COLUMNS} FROM runs WHERE organisation = ?1 AND period = ?2 \
                 AND status = 'done' ORDER BY finished DESC, started DESC LIMIT 1"
            ),
            params![org, period.to_string()],
        )?;
        Ok(runs.into_iter().next())
    }

    /// Each organisation's latest run for `period`, sorted by organisation. Organisations that
    /// never ran for the period are absent; the caller knows the full list.
    pub fn status(&self, period: Period) -> Result<Vec<OrgStatus>, HistoryError> {
        Ok(self
            .latest_runs(period)?
            .into_iter()
            .map(|r| OrgStatus {
                organisation: r.organisation,
                status: r.status,
                error: r.error,
                run_id: r.run_id,
                finished: r.finished,
            })
            .collect())
    }

    /// The organisations whose latest run for `period` failed (for `--retry-failed`). Per
    /// organisation rather than per run id, so a retry that fixes some leaves only the rest.
    pub fn failed(&self, period: Period) -> Result<Vec<RunRecord>, HistoryError> {
        Ok(self
            .latest_runs(period)?
            .into_iter()
            .filter(|r| r.status == RunStatus::Failed)
            .collect())
    }

    fn latest_runs(&self, period: Period) -> Result<Vec<RunRecord>, HistoryError> {
        // Window function: the newest row per organisation (ties broken by run id, so the
        // answer is deterministic when two runs finish in the same microsecond).
        self.runs(
            &format!(
                "SELECT {RUN_COLUMNS} FROM (SELECT *, row_number() OVER (PARTITION BY organisation \
                 ORDER BY finished DESC, started DESC, run_id DESC) AS rn FROM runs WHERE period = ?1) \
                 WHERE rn = 1 ORDER BY organisation"
            ),
            params![period.to_string()],
        )
    }

    /// The latest period with a `Done` or `Skipped` run: of `org`, or of any organisation when
    /// `org` is `None`. Catch-up runs the periods after it.
    pub fn last_successful_period(
        &self,
        org: Option<&str>,
    ) -> Result<Option<Period>, HistoryError> {
        let max: Option<String> = self
            .conn
            .query_row(
                "SELECT max(period) FROM runs WHERE status IN ('done', 'skipped') \
                 AND (?1 IS NULL OR organisation = ?1)",
                params![org],
                |row| row.get(0),
            )
            .doing("finding the last successful period")?;
        max.as_deref().map(parse_period).transpose()
    }

    /// The periods for which `org` has figures stored, oldest first (what `backfill` need not
    /// compute again).
    pub fn periods_present(&self, org: &str) -> Result<Vec<Period>, HistoryError> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT period FROM metrics WHERE organisation = ?1 ORDER BY period")
            .doing("listing stored periods")?;
        let raw = stmt
            .query_map(params![org], |row| row.get::<_, String>(0))
            .doing("listing stored periods")?
            .collect::<Result<Vec<_>, _>>()
            .doing("listing stored periods")?;
        raw.iter().map(|p| parse_period(p)).collect()
    }

    /// One figure from `from` to `to` (both included), oldest first. Only stored periods are
    /// returned: a period without a row is missing from history, which is not the same as a
    /// value that was undefined or suppressed.
    pub fn trend(
        &self,
        org: &str,
        figure: &MetricKey,
        from: Period,
        to: Period,
    ) -> Result<Vec<TrendPoint>, HistoryError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT period, value, suppressed FROM metrics WHERE organisation = ?1 \
                 AND analysis = ?2 AND unit = ?3 AND subject = ?4 AND metric = ?5 \
                 AND period BETWEEN ?6 AND ?7 ORDER BY period",
            )
            .doing("reading a trend")?;
        let raw = stmt
            .query_map(
                params![
                    org,
                    figure.analysis,
                    figure.unit,
                    figure.subject.as_deref().unwrap_or(""),
                    figure.metric,
                    from.to_string(),
                    to.to_string()
                ],
                |row| Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?)),
            )
            .doing("reading a trend")?
            .collect::<Result<Vec<(String, Option<f64>, bool)>, _>>()
            .doing("reading a trend")?;
        raw.into_iter()
            .map(|(p, v, s)| Ok((parse_period(&p)?, v, s)))
            .collect()
    }

    /// Every figure of `org` over the `months` periods ending with `to`, grouped per figure,
    /// each line oldest first: everything a report needs for its trend lines in one query.
    pub fn trends(
        &self,
        org: &str,
        to: Period,
        months: u32,
    ) -> Result<BTreeMap<MetricKey, Vec<TrendPoint>>, HistoryError> {
        let from = to.add_months(1 - months.max(1) as i32);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT analysis, unit, subject, metric, period, value, suppressed FROM metrics \
                 WHERE organisation = ?1 AND period BETWEEN ?2 AND ?3 \
                 ORDER BY analysis, unit, subject, metric, period",
            )
            .doing("reading trends")?;
        let rows = stmt
            .query_map(params![org, from.to_string(), to.to_string()], |row| {
                Ok((
                    MetricKey {
                        analysis: row.get(0)?,
                        unit: row.get(1)?,
                        subject: Some(row.get::<_, String>(2)?).filter(|s| !s.is_empty()),
                        metric: row.get(3)?,
                    },
                    row.get::<_, String>(4)?,
                    row.get::<_, Option<f64>>(5)?,
                    row.get::<_, bool>(6)?,
                ))
            })
            .doing("reading trends")?
            .collect::<Result<Vec<_>, _>>()
            .doing("reading trends")?;
        let mut out: BTreeMap<MetricKey, Vec<TrendPoint>> = BTreeMap::new();
        for (key, period, value, suppressed) in rows {
            out.entry(key)
                .or_default()
                .push((parse_period(&period)?, value, suppressed));
        }
        Ok(out)
    }
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("History")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl History {
    /// The schema version of the open file (always [`crate::SCHEMA_VERSION`] after `open`).
    pub fn schema_version(&self) -> Result<i64, HistoryError> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .doing("reading the schema version")
    }

    /// Whether any run was ever recorded, so `werkt status` can tell "no history yet" from
    /// "no runs for this period".
    pub fn has_runs(&self) -> Result<bool, HistoryError> {
        self.conn
            .query_row("SELECT EXISTS (SELECT 1 FROM runs)", [], |row| row.get(0))
            .doing("checking for runs")
    }
}
