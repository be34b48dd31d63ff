use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use werkt_model::Period;

/// How a run ended for one organisation and period. There is deliberately no "running":
/// a record is written when the organisation's run has ended, so a crash never leaves a
/// run that claims to be in progress forever; it simply leaves no record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// The report was produced.
    Done,
    /// The inputs were unchanged since the last `Done` run, so nothing was rendered.
    Skipped,
    /// The run failed; `error` says why and the previous output, if any, is still in place.
    Failed,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Done => "done",
            RunStatus::Skipped => "skipped",
            RunStatus::Failed => "failed",
        }
    }
}

impl fmt::Display for RunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RunStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "done" => Ok(RunStatus::Done),
            "skipped" => Ok(RunStatus::Skipped),
            "failed" => Ok(RunStatus::Failed),
            other => Err(other.to_string()),
        }
    }
}

/// One organisation's part of one run for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Identifies the invocation; all organisations of one `werkt run` share it.
    pub run_id: String,
    pub organisation: String,
    pub period: Period,
    pub started: DateTime<Utc>,
    pub finished: DateTime<Utc>,
    pub status: RunStatus,
    pub error: Option<String>,
    /// One combined hex digest of every input (data files, effective configuration, plugin
    /// files, templates), computed by the CLI; equal digests mean an identical report.
    pub input_hash: String,
    /// Plugin name to version, as loaded for this run.
    pub plugin_versions: BTreeMap<String, String>,
    pub werkt_version: String,
    /// Set when the run was one shard of several processes sharing this history file.
    pub shard: Option<String>,
}

/// What `werkt status` shows for one organisation: the latest run for the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgStatus {
    pub organisation: String,
    pub status: RunStatus,
    pub error: Option<String>,
    pub run_id: String,
    pub finished: DateTime<Utc>,
}

/// Identifies one figure's line through time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MetricKey {
    /// Plugin name, as the key of `MetricsFile::analyses`.
    pub analysis: String,
    pub unit: String,
    pub subject: Option<String>,
    pub metric: String,
}

/// One period's value of a figure: the value (`None` when undefined or suppressed), and
/// whether it was suppressed, so a trend line can show a gap that says why.
pub type TrendPoint = (Period, Option<f64>, bool);
