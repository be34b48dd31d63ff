//! Our own fenced blocks as the renderer uses them. Their JSON bodies (the wire format:
//! types, limits, validation) are defined once in werkt-markup, which werkt-report writes
//! with; this module adds what only the renderer needs: the level of a notice (a word of
//! the info string, not JSON) and the typed [`Chart`] a validated chart spec becomes, so
//! drawing code sees only the fields of its kind.

use werkt_markup::{ChartKind, ChartSpec, DEFAULT_HEIGHT_MM};
pub use werkt_markup::{Contents, Cover, Good, Kpi, ReferenceLine, Series, Threshold, Trend};

use crate::layout::MM;

/// Level of a ```` ```notice ```` block (the word after `notice` in the info string).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    /// Neutral information.
    Info,
    /// Something the reader must take into account (data-quality warnings).
    Warning,
}

/// A ```` ```chart ```` block ready to lay out: made from a [`ChartSpec`] with
/// `Chart::try_from`, which validates it first.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Bars, lines or stacked bars over categories.
    Xy(XyChart),
    /// A red-amber-green grid of rows by columns.
    Heatmap(Heatmap),
}

/// Kind of an x-y chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XyKind {
    /// Grouped vertical bars.
    Bar,
    /// Grouped horizontal bars: categories down the left, each labelled, values along
    /// the bottom; the chart is as tall as its categories need.
    HBar,
    /// Lines with markers.
    Line,
    /// Stacked vertical bars (positive values up, negative down).
    StackedBar,
}

/// A bar, line or stacked bar chart. Drawing reads series values with `get`, so a chart
/// built by hand with ragged series draws gaps instead of panicking.
#[derive(Debug, Clone, PartialEq)]
pub struct XyChart {
    /// Kind.
    pub kind: XyKind,
    /// Title above the chart.
    pub title: Option<String>,
    /// What the categories are, under the plot.
    pub x_label: Option<String>,
    /// What the values are, above the plot.
    pub y_label: Option<String>,
    /// Category labels along the x axis.
    pub categories: Vec<String>,
    /// Data series, one value per category (`None` is a gap).
    pub series: Vec<Series>,
    /// Horizontal reference lines.
    pub reference_lines: Vec<ReferenceLine>,
    /// Suffix of every printed value ("%"), empty for none.
    pub unit: String,
    /// Fixed lower bound of the y axis.
    pub y_min: Option<f64>,
    /// Fixed upper bound of the y axis.
    pub y_max: Option<f64>,
    /// Height of the plot area, pt (an hbar chart's comes from its categories).
    pub plot_height: f32,
    /// Decimals of printed values; `None` lets the values' scale decide.
    pub decimals: Option<usize>,
    /// The series are ordered classes, coloured by a light-to-dark ramp.
    pub ordered: bool,
}

/// A heatmap: rows (units) by columns (metrics).
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    /// Title above the grid.
    pub title: Option<String>,
    /// Row labels.
    pub rows: Vec<String>,
    /// Column heads.
    pub columns: Vec<String>,
    /// `values[row][column]`, `None` for a missing value.
    pub values: Vec<Vec<Option<f64>>>,
    /// The template's cell texts, shaped like `values`; empty when it gave none.
    pub labels: Vec<Vec<Option<String>>>,
    /// Colouring per column; empty, or one entry per column (`None`: not coloured).
    pub thresholds: Vec<Option<Threshold>>,
    /// Suffix of values the description reads out.
    pub unit: String,
    /// Decimals of values the renderer formats itself.
    pub decimals: usize,
}

/// Decimals of a heatmap's values when the spec does not say.
const HEATMAP_DECIMALS: usize = 1;

impl Heatmap {
    /// Cell (`row`, `column`): its value and the template's text for it, `None` when it
    /// has no value (then it shows and reads as missing, whatever its text).
    pub fn cell(&self, row: usize, column: usize) -> Option<(f64, Option<&str>)> {
        let v = self.values.get(row)?.get(column).copied().flatten()?;
        let label = self
            .labels
            .get(row)
            .and_then(|r| r.get(column))
            .and_then(Option::as_deref);
        Some((v, label))
    }

    /// The threshold of `column`, if it is coloured.
    pub fn threshold(&self, column: usize) -> Option<Threshold> {
        self.thresholds.get(column).copied().flatten()
    }
}

impl TryFrom<ChartSpec> for Chart {
    /// What is wrong with the spec (see [`ChartSpec::validate`]).
    type Error = String;

    /// Validates `spec` and keeps the fields its kind uses. Fields a kind ignores are
    /// accepted and dropped, as the wire format always allowed (a heatmap's `y_label`).
    fn try_from(spec: ChartSpec) -> Result<Chart, String> {
        spec.validate()?;
        let kind = match spec.kind {
            ChartKind::Bar => XyKind::Bar,
            ChartKind::HBar => XyKind::HBar,
            ChartKind::Line => XyKind::Line,
            ChartKind::StackedBar => XyKind::StackedBar,
            ChartKind::Heatmap => {
                return Ok(Chart::Heatmap(Heatmap {
                    title: spec.title,
                    rows: spec.rows,
                    columns: spec.columns,
                    values: spec.values,
                    labels: spec.labels.unwrap_or_default(),
                    thresholds: spec.thresholds,
                    unit: spec.unit.unwrap_or_default(),
                    decimals: spec.decimals.map_or(HEATMAP_DECIMALS, usize::from),
                }));
            }
        };
        Ok(Chart::Xy(XyChart {
            kind,
            title: spec.title,
            x_label: spec.x_label,
            y_label: spec.y_label,
            categories: spec.categories,
            series: spec.series,
            reference_lines: spec.reference_lines,
            unit: spec.unit.unwrap_or_default(),
            y_min: spec.y_min,
            y_max: spec.y_max,
            plot_height: spec.height_mm.unwrap_or(DEFAULT_HEIGHT_MM) * MM,
            decimals: spec.decimals.map(usize::from),
            ordered: spec.ordered,
        }))
    }
}
