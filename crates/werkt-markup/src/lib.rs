//! The wire format of werkt's own fenced blocks: the JSON bodies of ```` ```cover ````,
//! ```` ```contents ````, ```` ```kpi ```` and ```` ```chart ```` in report markup
//! (docs/report-markup.md).
//!
//! werkt-report writes these blocks from Handlebars helpers and werkt-render reads them;
//! this crate is the one definition both use, so the two sides cannot drift apart. It
//! holds the wire types (serde, both directions), the limits a block must keep
//! ([`MAX_CATEGORIES`], [`MAX_SERIES`], ...) and [`ChartSpec::validate`], the single
//! implementation of "is this chart drawable".
//!
//! # API boundary
//!
//! Plain data and pure functions: no IO, no layout, no text parsing beyond serde. What a
//! block *means* on the page (the typed `Chart` a renderer draws, the error message with
//! a markup line number) belongs to werkt-render; how a block is *built* from metrics
//! belongs to werkt-report. Depends on serde only, so neither of those crates has to
//! depend on the other.
//!
//! # Invariants
//!
//! - The wire format only grows: existing templates and markup keep parsing. Fields are
//!   added with defaults; reading rejects unknown fields (`deny_unknown_fields`) so a typo
//!   in a template is an error instead of silently missing data.
//! - Writing leaves out what is absent or empty (`skip_serializing_if`), and reading
//!   defaults it, so a body round-trips.
//! - A [`ChartSpec`] that passed [`ChartSpec::validate`] has a shape the renderer can draw
//!   without checking again: one value per category and series, one cell per row and
//!   column, labels shaped like values, finite numbers within [`MAX_ABS_VALUE`], and
//!   counts within the limits below. Validation never panics; its message says what to
//!   fix, in the words of the JSON fields.

use serde::{Deserialize, Serialize};

/// ```` ```cover ```` : the cover page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// Big title.
    pub title: String,
    /// Line under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Reporting period, e.g. "March 2026".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Organisation name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
}

/// ```` ```contents ```` : the contents page, placed where the block is (the body is
/// empty, or JSON such as `{"depth": 2}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

    /// Whether the block can be laid out: a depth of 1, 2 or 3.
    pub fn validate(&self) -> Result<(), String> {
        if (1..=3).contains(&self.depth) {
            Ok(())
        } else {
            Err(format!("depth must be 1, 2 or 3, got {}", self.depth))
        }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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

/// One KPI tile of a ```` ```kpi ```` block (the block's body is a JSON array of
/// 1..=[`MAX_KPIS`] of these; see [`validate_kpis`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// What is measured.
    pub label: String,
    /// The formatted value ("4,2%").
    pub value: String,
    /// The formatted change against the previous period ("+0,3 pp"); absent when
    /// there is no previous period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// Direction of the change (draws the arrow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trend: Option<Trend>,
    /// Direction that is good news (colours the arrow green or red).
    #[serde(default)]
    pub good: Good,
}

/// Most tiles in one ```` ```kpi ```` block (one row of tiles on a page).
pub const MAX_KPIS: usize = 12;

/// Checks the tile count of a ```` ```kpi ```` block; the message says what to fix.
pub fn validate_kpis(tiles: &[Kpi]) -> Result<(), String> {
    if tiles.is_empty() || tiles.len() > MAX_KPIS {
        return Err(format!("needs 1..={MAX_KPIS} tiles, got {}", tiles.len()));
    }
    Ok(())
}

/// Kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Grouped vertical bars.
    Bar,
    /// Grouped horizontal bars, categories down the left: for categories with long
    /// names (units), which a vertical chart could only label in part.
    #[serde(rename = "hbar")]
    HBar,
    /// Lines with markers.
    Line,
    /// Stacked vertical bars.
    StackedBar,
    /// Red-amber-green grid of rows (units) by columns (metrics).
    Heatmap,
}

/// A data series of a bar, line or stacked bar chart. `null` is a missing value: drawn
/// as a gap, never as zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// One value per category.
    pub values: Vec<Option<f64>>,
}

/// A horizontal reference line (target, norm, threshold).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// Boundary of the green band.
    pub green: f64,
    /// Boundary of the red band.
    pub red: f64,
}

/// Body of a ```` ```chart ````block, one struct for every kind: bar, line and stacked
/// charts use categories and series, heatmaps rows, columns and values. The renderer
/// turns a validated spec into a typed chart that holds only its kind's fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    /// Kind of chart.
    pub kind: ChartKind,
    /// Title above the chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// X axis label (bar, line, stacked bar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_label: Option<String>,
    /// Y axis label (bar, line, stacked bar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_label: Option<String>,
    /// Category labels along the x axis (bar, line, stacked bar).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Data series (bar, line, stacked bar).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<Series>,
    /// Horizontal reference lines (bar, line, stacked bar).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference_lines: Vec<ReferenceLine>,
    /// Suffix for tick labels, e.g. "%".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Fixed lower bound of the y axis (otherwise from the data; bars always include 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_min: Option<f64>,
    /// Fixed upper bound of the y axis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_max: Option<f64>,
    /// Plot height in mm (bar, line, stacked bar): [`HEIGHT_MM`], default
    /// [`DEFAULT_HEIGHT_MM`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height_mm: Option<f32>,
    /// Heatmap row labels (units).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<String>,
    /// Heatmap column labels (metrics).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// Heatmap values, `values[row][column]`; `null` prints "–" on grey.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Vec<Option<f64>>>,
    /// Heatmap cell texts as formatted by the template, same shape as `values`;
    /// when absent the renderer formats the values itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<Vec<Option<String>>>>,
    /// Heatmap thresholds per column (`null` for a column without colouring).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<Option<Threshold>>,
    /// Decimals for values the renderer formats, 0..=[`MAX_DECIMALS`] (ticks use what
    /// their step needs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// The series are ordered classes (norm bands very low..very high, duration
    /// classes): drawn in a light-to-dark ramp so their order reads in greyscale and
    /// without telling hues apart. Default false: categorical colours.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ordered: bool,
}

/// Limits that keep a chart readable and the layout bounded.
pub const MAX_CATEGORIES: usize = 120;
/// See [`MAX_CATEGORIES`].
pub const MAX_SERIES: usize = 12;
/// See [`MAX_CATEGORIES`].
pub const MAX_REFERENCE_LINES: usize = 8;
/// See [`MAX_CATEGORIES`].
pub const MAX_HEATMAP_COLUMNS: usize = 16;
/// See [`MAX_CATEGORIES`].
pub const MAX_HEATMAP_ROWS: usize = 500;
/// Values beyond this magnitude are rejected (they are not report figures, and they
/// would make tick arithmetic lose precision).
pub const MAX_ABS_VALUE: f64 = 1e12;
/// Most decimals a chart prints.
pub const MAX_DECIMALS: u8 = 6;
/// Plot heights accepted, mm: lower makes the ticks collide, higher leaves no room on a
/// page for the chart's title and legend.
pub const HEIGHT_MM: std::ops::RangeInclusive<f32> = 30.0..=180.0;
/// Plot height when the spec gives none, mm.
pub const DEFAULT_HEIGHT_MM: f32 = 65.0;
/// Most categories of an `hbar` chart: it grows a band per category, and this many still
/// fit one page with every category labelled (a chart is never split over pages).
pub const MAX_HBAR_CATEGORIES: usize = 40;

impl ChartSpec {
    /// An empty spec of `kind`, to fill field by field.
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
            ordered: false,
        }
    }

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
            && !HEIGHT_MM.contains(&h)
        {
            return Err(format!(
                "height_mm {h} must be between {} and {}",
                HEIGHT_MM.start(),
                HEIGHT_MM.end()
            ));
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
        if self.decimals.is_some_and(|d| d > MAX_DECIMALS) {
            return Err(format!("decimals must be 0..={MAX_DECIMALS}"));
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
            ChartKind::Bar | ChartKind::HBar | ChartKind::Line | ChartKind::StackedBar => {
                if self.categories.is_empty() || self.categories.len() > MAX_CATEGORIES {
                    return Err(format!(
                        "a {:?} chart needs 1..={MAX_CATEGORIES} categories, got {}",
                        self.kind,
                        self.categories.len()
                    ));
                }
                if self.kind == ChartKind::HBar && self.categories.len() > MAX_HBAR_CATEGORIES {
                    return Err(format!(
                        "an hbar chart takes at most {MAX_HBAR_CATEGORIES} categories (one band each, on one page), got {}; use bar",
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
                if self.reference_lines.len() > MAX_REFERENCE_LINES {
                    return Err(format!("at most {MAX_REFERENCE_LINES} reference lines"));
                }
                if !self.rows.is_empty() || !self.values.is_empty() || !self.thresholds.is_empty() {
                    return Err("rows/values/thresholds belong to heatmaps".into());
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> ChartSpec {
        serde_json::from_str(json).expect("spec parses")
    }

    /// What werkt-report writes, werkt-render reads back as the same spec, and absent
    /// fields stay out of the JSON.
    #[test]
    fn a_chart_round_trips_and_leaves_out_what_is_absent() {
        let mut s = ChartSpec::new(ChartKind::StackedBar);
        s.title = Some("Absence".into());
        s.categories = vec!["a".into(), "b".into()];
        s.series = vec![Series {
            name: "short".into(),
            values: vec![Some(1.5), None],
        }];
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"stacked_bar","title":"Absence","categories":["a","b"],"series":[{"name":"short","values":[1.5,null]}]}"#
        );
        assert_eq!(spec(&json), s);
        assert_eq!(s.validate(), Ok(()));
    }

    /// The kinds and flags added later keep their wire names: `hbar`, and `ordered`
    /// written only when set.
    #[test]
    fn hbar_and_ordered_read_and_write_their_wire_names() {
        let json = r#"{"kind":"hbar","categories":["a"],"series":[{"name":"s","values":[1.0]}],"ordered":true}"#;
        let s = spec(json);
        assert_eq!((s.kind, s.ordered), (ChartKind::HBar, true));
        assert_eq!(serde_json::to_string(&s).unwrap(), json);
        assert!(!spec(r#"{"kind": "bar"}"#).ordered);
    }

    /// `good` is always written and defaults to neutral when read.
    #[test]
    fn a_tile_without_good_is_neutral() {
        let k: Kpi = serde_json::from_str(r#"{"label": "Absence", "value": "4,2%"}"#).unwrap();
        assert_eq!(k.good, Good::Neutral);
        assert_eq!(
            serde_json::to_string(&k).unwrap(),
            r#"{"label":"Absence","value":"4,2%","good":"neutral"}"#
        );
        assert_eq!(validate_kpis(&[]), Err("needs 1..=12 tiles, got 0".into()));
        assert_eq!(validate_kpis(&vec![k; MAX_KPIS]), Ok(()));
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let e = serde_json::from_str::<ChartSpec>(r#"{"kind": "bar", "categorie": []}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `categorie`"), "{e}");
    }

    #[test]
    fn validation_says_what_to_fix() {
        let cases = [
            (
                r#"{"kind": "bar", "categories": ["a"], "series": [{"name": "s", "values": [1, 2]}]}"#,
                "series \"s\" has 2 values, expected 1 (one per category)",
            ),
            (
                r#"{"kind": "line", "categories": [], "series": []}"#,
                "a Line chart needs 1..=120 categories, got 0",
            ),
            (
                r#"{"kind": "bar", "height_mm": 10, "categories": ["a"], "series": [{"name": "s", "values": [1]}]}"#,
                "height_mm 10 must be between 30 and 180",
            ),
            (
                r#"{"kind": "bar", "categories": ["a"], "series": [{"name": "s", "values": [1e13]}]}"#,
                "value 10000000000000 is out of range (|v| <= 1000000000000)",
            ),
            (
                r#"{"kind": "heatmap", "rows": ["r"], "columns": ["c"], "values": [[1, 2]]}"#,
                "values row 1 has 2 cells, expected 1 (one per column)",
            ),
            (
                r#"{"kind": "heatmap", "rows": ["r"], "columns": ["c"], "values": [[1]], "thresholds": [{"green": 1, "red": 1}]}"#,
                "a threshold's green and red must differ",
            ),
            (
                r#"{"kind": "heatmap", "rows": ["r"], "columns": ["c"], "values": [[1]], "categories": ["a"]}"#,
                "a heatmap takes rows/columns/values, not categories/series",
            ),
            (
                r#"{"kind": "bar", "decimals": 7, "categories": ["a"], "series": [{"name": "s", "values": [1]}]}"#,
                "decimals must be 0..=6",
            ),
            (
                r#"{"kind": "hbar", "categories": ["a"], "series": [{"name": "s", "values": [1, 2]}]}"#,
                "series \"s\" has 2 values, expected 1 (one per category)",
            ),
        ];
        for (json, want) in cases {
            assert_eq!(spec(json).validate(), Err(want.to_string()), "{json}");
        }
        let mut many = ChartSpec::new(ChartKind::HBar);
        many.categories = vec!["unit".into(); MAX_HBAR_CATEGORIES + 1];
        many.series = vec![Series {
            name: "s".into(),
            values: vec![Some(1.0); MAX_HBAR_CATEGORIES + 1],
        }];
        assert_eq!(
            many.validate(),
            Err("an hbar chart takes at most 40 categories (one band each, on one page), got 41; use bar".into())
        );
        many.kind = ChartKind::Bar;
        assert_eq!(many.validate(), Ok(()));
    }
}
