use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Period;

/// Version of the metrics.json layout; bumped only on a breaking change.
pub const METRICS_SCHEMA: u32 = 1;

/// One figure. `unit` is a unit id (the root unit is the organisation); `subject` names what
/// inside the unit the figure is about when it is not the unit itself (an intervention id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub unit: String,
    #[serde(default)]
    pub subject: Option<String>,
    pub metric: String,
    /// `None` when undefined (e.g. alpha with fewer than two respondents) or suppressed.
    pub value: Option<f64>,
    /// How many people the figure is based on, where that is meaningful. Never shown for a
    /// suppressed figure below the minimum group size.
    #[serde(default)]
    pub n: Option<u64>,
    #[serde(default)]
    pub suppressed: bool,
    /// The period whose data the figure was computed on, when that is earlier than the
    /// report's: a survey figure is kept as last published until enough responses changed
    /// (domain.md section 0, over time), and the report shows it with this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Period>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Alert,
}

/// A plain sentence for the report, already in the request's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    #[serde(default)]
    pub unit: Option<String>,
    pub severity: Severity,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeriesKind {
    #[default]
    Bar,
    Line,
    StackedBar,
    Heatmap,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Category or period label on the x axis (`2026-10`, a unit name, a band name).
    pub x: String,
    pub y: Option<f64>,
}

/// One named line or bar group of a chart. All series sharing a `key` belong to one chart;
/// templates refer to charts by key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub key: String,
    /// Legend label.
    pub name: String,
    #[serde(default)]
    pub kind: SeriesKind,
    #[serde(default)]
    pub unit: Option<String>,
    pub points: Vec<Point>,
}

/// What one analysis returns for one organisation and period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysisOutput {
    #[serde(default)]
    pub metrics: Vec<Metric>,
    #[serde(default)]
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub series: Vec<Series>,
    #[serde(default)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    NoData,
    Failed,
}

/// One analysis' entry in metrics.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisReport {
    pub plugin_version: String,
    pub status: Status,
    pub error: Option<String>,
    #[serde(flatten)]
    pub output: AnalysisOutput,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Generator {
    pub name: String,
    pub version: String,
}

/// metrics.json: the machine-readable twin of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricsFile {
    pub schema: u32,
    pub organisation: OrganisationRef,
    pub period: Period,
    pub generator: Generator,
    /// Keyed by plugin name; a BTreeMap so the file is byte-for-byte reproducible.
    pub analyses: BTreeMap<String, AnalysisReport>,
    /// Validation warnings about the input data (e.g. absence outside employment).
    #[serde(default)]
    pub data_warnings: Vec<String>,
}
