//! The specs of our own fenced blocks. Each is JSON (robust to escape and easy for
//! Handlebars to emit); unknown fields are rejected so typos in templates surface as
//! errors with the fence's line number instead of silently missing data.

use serde::Deserialize;

/// ```` ```cover ```` : the cover page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// Big title.
    pub title: String,
    /// Line under the title.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Reporting period, e.g. "March 2026".
    #[serde(default)]
    pub period: Option<String>,
    /// Organisation name.
    #[serde(default)]
    pub organisation: Option<String>,
}

/// ```` ```contents ```` : the contents page, placed where the block is (the body is
/// empty, or JSON such as `{"depth": 2}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contents {
    /// Deepest heading level listed: 1 (chapters only), 2 (the default) or 3.
    #[serde(default = "Contents::default_depth")]
    pub depth: u8,
}

impl Contents {
    /// Deepest level listed when the block does not say.
    pub const DEFAULT_DEPTH: u8 = 2;

    fn default_depth() -> u8 {
        Self::DEFAULT_DEPTH
    }
}

impl Default for Contents {
    fn default() -> Self {
        Contents {
            depth: Self::DEFAULT_DEPTH,
        }
    }
}

/// Which way a figure moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Went up.
    Up,
    /// Went down.
    Down,
    /// Did not change.
    Flat,
}

/// Which direction of change is good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Good {
    /// Higher is better (engagement).
    Up,
    /// Lower is better (absence).
    Down,
    /// Neither: the change is shown in grey.
    #[default]
    Neutral,
}

/// One KPI tile of a ```` ```kpi ```` block (the block's body is a JSON array of these).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// What is measured.
    pub label: String,
    /// The formatted value ("4,2%").
    pub value: String,
    /// The formatted change against the previous period ("+0,3 pp"); absent when
    /// there is no previous period.
    #[serde(default)]
    pub change: Option<String>,
    /// Direction of the change (draws the arrow).
    #[serde(default)]
    pub trend: Option<Trend>,
    /// Direction that is good news (colours the arrow green or red).
    #[serde(default)]
    pub good: Good,
}

/// Level of a ```` ```notice ```` block (the word after `notice` in the info string).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    /// Neutral information.
    Info,
    /// Something the reader must take into account (data-quality warnings).
    Warning,
}

/// Kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Grouped vertical bars.
    Bar,
    /// Lines with markers.
    Line,
    /// Stacked vertical bars.
    StackedBar,
    /// Red-amber-green grid of rows (units) by columns (metrics).
    Heatmap,
}

/// A data series of a bar, line or stacked bar chart. `null` is a missing value: drawn
/// as a gap, never as zero.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// One value per category.
    pub values: Vec<Option<f64>>,
}

/// A horizontal reference line (target, norm, threshold).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceLine {
    /// Printed at the line's right end.
    pub label: String,
    /// Y value.
    pub value: f64,
}

/// Red-amber-green thresholds of one heatmap column. If `green < red` lower is
/// better: `v <= green` is green, `v >= red` is red, amber between. If `green > red`
/// higher is better, mirrored. Equal values are rejected.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Boundary of the green band.
    pub green: f64,
    /// Boundary of the red band.
    pub red: f64,
}

/// Body of a ```` ```chart ```` block.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    /// Kind of chart.
    pub kind: ChartKind,
    /// Title above the chart.
    #[serde(default)]
    pub title: Option<String>,
    /// X axis label (bar, line, stacked bar).
    #[serde(default)]
    pub x_label: Option<String>,
    /// Y axis label (bar, line, stacked bar).
    #[serde(default)]
    pub y_label: Option<String>,
    /// Category labels along the x axis (bar, line, stacked bar).
    #[serde(default)]
    pub categories: Vec<String>,
    /// Data series (bar, line, stacked bar).
    #[serde(default)]
    pub series: Vec<Series>,
    /// Horizontal reference lines (bar, line, stacked bar).
    #[serde(default)]
    pub reference_lines: Vec<ReferenceLine>,
    /// Suffix for tick labels, e.g. "%".
    #[serde(default)]
    pub unit: Option<String>,
    /// Fixed lower bound of the y axis (otherwise from the data; bars always include 0).
    #[serde(default)]
    pub y_min: Option<f64>,
    /// Fixed upper bound of the y axis.
    #[serde(default)]
    pub y_max: Option<f64>,
    /// Plot height in mm (bar, line, stacked bar): 30..=180, default 65.
    #[serde(default)]
    pub height_mm: Option<f32>,
    /// Heatmap row labels (units).
    #[serde(default)]
    pub rows: Vec<String>,
    /// Heatmap column labels (metrics).
    #[serde(default)]
    pub columns: Vec<String>,
    /// Heatmap values, `values[row][column]`; `null` prints "–" on grey.
    #[serde(default)]
    pub values: Vec<Vec<Option<f64>>>,
    /// Heatmap cell texts as formatted by the template, same shape as `values`;
    /// when absent the renderer formats the values itself.
    #[serde(default)]
    pub labels: Option<Vec<Vec<Option<String>>>>,
    /// Heatmap thresholds per column (`null` for a column without colouring).
    #[serde(default)]
    pub thresholds: Vec<Option<Threshold>>,
    /// Decimals for values the renderer formats (ticks use what their step needs).
    #[serde(default)]
    pub decimals: Option<u8>,
}

/// Limits that keep a chart readable and the layout bounded.
pub const MAX_CATEGORIES: usize = 120;
/// See [`MAX_CATEGORIES`].
pub const MAX_SERIES: usize = 12;
/// See [`MAX_CATEGORIES`].
pub const MAX_HEATMAP_COLUMNS: usize = 16;
/// See [`MAX_CATEGORIES`].
pub const MAX_HEATMAP_ROWS: usize = 500;
/// Values beyond this magnitude are rejected (they are not report figures, and they
/// would make tick arithmetic lose precision).
pub const MAX_ABS_VALUE: f64 = 1e12;

impl ChartSpec {
    /// Checks the shape of the data against the kind; the message says what to fix.
    pub fn validate(&self) -> Result<(), String> {
        let finite = |v: f64, what: &str| -> Result<(), String> {
            if v.is_finite() && v.abs() <= MAX_ABS_VALUE {
                Ok(())
            } else {
                Err(format!(
                    "{what} {v} is out of range (|v| <= {MAX_ABS_VALUE})"
                ))
            }
        };
        if let Some(h) = self.height_mm
            && !(30.0..=180.0).contains(&h)
        {
            return Err(format!("height_mm {h} must be between 30 and 180"));
        }
        for (name, v) in [("y_min", self.y_min), ("y_max", self.y_max)] {
            if let Some(v) = v {
                finite(v, name)?;
            }
        }
        if let (Some(a), Some(b)) = (self.y_min, self.y_max)
            && a >= b
        {
            return Err(format!("y_min {a} must be below y_max {b}"));
        }
        if self.decimals.is_some_and(|d| d > 6) {
            return Err("decimals must be 0..=6".into());
        }
        match self.kind {
            ChartKind::Heatmap => {
                if self.columns.is_empty() || self.columns.len() > MAX_HEATMAP_COLUMNS {
                    return Err(format!(
                        "a heatmap needs 1..={MAX_HEATMAP_COLUMNS} columns, got {}",
                        self.columns.len()
                    ));
                }
                if self.rows.len() > MAX_HEATMAP_ROWS {
                    return Err(format!("a heatmap takes at most {MAX_HEATMAP_ROWS} rows"));
                }
                if self.values.len() != self.rows.len() {
                    return Err(format!(
                        "values has {} rows but rows names {}",
                        self.values.len(),
                        self.rows.len()
                    ));
                }
                for (i, r) in self.values.iter().enumerate() {
                    if r.len() != self.columns.len() {
                        return Err(format!(
                            "values row {} has {} cells, expected {} (one per column)",
                            i + 1,
                            r.len(),
                            self.columns.len()
                        ));
                    }
                    for v in r.iter().flatten() {
                        finite(*v, "value")?;
                    }
                }
                if let Some(labels) = &self.labels
                    && (labels.len() != self.rows.len()
                        || labels.iter().any(|r| r.len() != self.columns.len()))
                {
                    return Err("labels must have the same shape as values".into());
                }
                if !self.thresholds.is_empty() && self.thresholds.len() != self.columns.len() {
                    return Err(format!(
                        "thresholds has {} entries, expected {} (one per column, null for none)",
                        self.thresholds.len(),
                        self.columns.len()
                    ));
                }
                for t in self.thresholds.iter().flatten() {
                    finite(t.green, "threshold")?;
                    finite(t.red, "threshold")?;
                    if t.green == t.red {
                        return Err("a threshold's green and red must differ".into());
                    }
                }
                if !self.series.is_empty() || !self.categories.is_empty() {
                    return Err("a heatmap takes rows/columns/values, not categories/series".into());
                }
            }
            _ => {
                if self.categories.is_empty() || self.categories.len() > MAX_CATEGORIES {
                    return Err(format!(
                        "a {:?} chart needs 1..={MAX_CATEGORIES} categories, got {}",
                        self.kind,
                        self.categories.len()
                    ));
                }
                if self.series.is_empty() || self.series.len() > MAX_SERIES {
                    return Err(format!(
                        "a chart needs 1..={MAX_SERIES} series, got {}",
                        self.series.len()
                    ));
                }
                for s in &self.series {
                    if s.values.len() != self.categories.len() {
                        return Err(format!(
                            "series \"{}\" has {} values, expected {} (one per category)",
                            s.name,
                            s.values.len(),
                            self.categories.len()
                        ));
                    }
                    for v in s.values.iter().flatten() {
                        finite(*v, "value")?;
                    }
                }
                for r in &self.reference_lines {
                    finite(r.value, "reference line")?;
                }
                if self.reference_lines.len() > 8 {
                    return Err("at most 8 reference lines".into());
                }
                if !self.rows.is_empty() || !self.values.is_empty() || !self.thresholds.is_empty() {
                    return Err("rows/values/thresholds belong to heatmaps".into());
                }
            }
        }
        Ok(())
    }
}
