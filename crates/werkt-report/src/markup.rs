//! The fenced blocks of werkt's report markup, as werkt-render reads them
//! (docs/report-markup.md, crates/werkt-render/src/fences.rs). Mirrored here as serializable
//! types so a spec is built as data and written with [`crate::escape::fence_json`], never
//! spliced together as text.

use serde::Serialize;

use crate::escape::fence_json;

#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Up,
    Down,
    Flat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Good {
    Up,
    Down,
    Neutral,
}

/// One KPI tile; a `kpi` block holds an array of 1..=12 of them.
#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    pub label: String,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<Trend>,
    pub good: Good,
}

/// Most tiles the renderer accepts in one `kpi` block.
pub const MAX_KPIS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    Bar,
    Line,
    StackedBar,
    Heatmap,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartSeries {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferenceLine {
    pub label: String,
    pub value: f64,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Threshold {
    pub green: f64,
    pub red: f64,
}

/// Body of a `chart` block; bar/line/stacked charts use categories and series, heatmaps rows,
/// columns and values.
#[derive(Debug, Clone, Serialize)]
pub struct ChartSpec {
    pub kind: ChartKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y_label: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<ChartSeries>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reference_lines: Vec<ReferenceLine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y_min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y_max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height_mm: Option<f32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Vec<Option<f64>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<Vec<Option<String>>>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<Option<Threshold>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
}

impl ChartSpec {
    pub fn new(kind: ChartKind) -> ChartSpec {
        ChartSpec {
            kind,
            title: None,
            x_label: None,
            y_label: None,
            categories: Vec::new(),
            series: Vec::new(),
            reference_lines: Vec::new(),
            unit: None,
            y_min: None,
            y_max: None,
            height_mm: None,
            rows: Vec::new(),
            columns: Vec::new(),
            values: Vec::new(),
            labels: None,
            thresholds: Vec::new(),
            decimals: None,
        }
    }
}

/// A fenced block with a JSON body: three backticks, the kind, one line of JSON, three
/// backticks. The JSON has no backticks or tildes, so it cannot end the fence early.
pub fn fence<T: Serialize>(kind: &str, body: &T) -> Result<String, serde_json::Error> {
    Ok(format!("```{kind}\n{}\n```\n", fence_json(body)?))
}

/// The page break block.
pub const PAGE_BREAK: &str = "```pagebreak\n```\n";
