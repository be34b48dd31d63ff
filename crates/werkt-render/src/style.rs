//! The text styles of a report, in one table: every run of text the layout or a chart
//! sets names one of these instead of a literal size, so a change of type scale is a
//! change here.

use crate::fonts::Style;

/// A font size with the line height it is set on and its face.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Font size, pt.
    pub size: f32,
    /// Distance between baselines, pt.
    pub line_height: f32,
    /// Face.
    pub face: Style,
}

impl TextStyle {
    const fn new(size: f32, line_height: f32, face: Style) -> TextStyle {
        TextStyle {
            size,
            line_height,
            face,
        }
    }
}

// The flow: body text, headings, tables, lists, notices, KPI tiles, running heads.

/// Body text, list items, a notice's body.
pub const BODY: TextStyle = TextStyle::new(10.0, 14.0, Style::Regular);
/// A notice's title ("Note", "Let op").
pub const NOTICE_TITLE: TextStyle = TextStyle::new(10.0, 14.0, Style::Bold);
/// Headings by level; H4-H6 are set as H3.
pub const H1: TextStyle = TextStyle::new(18.0, 23.0, Style::Bold);
/// Second-level heading.
pub const H2: TextStyle = TextStyle::new(13.5, 18.0, Style::Bold);
/// Third-level heading (and deeper).
pub const H3: TextStyle = TextStyle::new(11.0, 15.0, Style::Bold);
/// Table body cells.
pub const TABLE: TextStyle = TextStyle::new(9.0, 12.0, Style::Regular);
/// Table header cells.
pub const TABLE_HEAD: TextStyle = TextStyle::new(9.0, 12.0, Style::Bold);
/// Preformatted text, a line at a time.
pub const PRE: TextStyle = TextStyle::new(9.0, 12.0, Style::Regular);
/// A KPI tile's label.
pub const KPI_LABEL: TextStyle = TextStyle::new(8.5, 11.0, Style::Regular);
/// A KPI tile's value at full size (shrunk a point at a time to fit the tile, on a line
/// of 1.2 times its size).
pub const KPI_VALUE: TextStyle = TextStyle::new(20.0, 24.0, Style::Bold);
/// A KPI tile's change ("+0.4 pts").
pub const KPI_CHANGE: TextStyle = TextStyle::new(9.0, 13.0, Style::Bold);
/// The note under a KPI tile's change ("vs previous period").
pub const KPI_NOTE: TextStyle = TextStyle::new(7.5, 10.0, Style::Regular);
/// The cover's title.
pub const COVER_TITLE: TextStyle = TextStyle::new(28.0, 34.0, Style::Bold);
/// The cover's subtitle.
pub const COVER_SUBTITLE: TextStyle = TextStyle::new(15.0, 20.0, Style::Regular);
/// The cover's period.
pub const COVER_PERIOD: TextStyle = TextStyle::new(14.0, 19.0, Style::Bold);
/// The cover's organisation name.
pub const COVER_ORGANISATION: TextStyle = TextStyle::new(13.0, 18.0, Style::Bold);
/// A contents entry for a chapter (H1), set in bold.
pub const CONTENTS_CHAPTER: TextStyle = TextStyle::new(10.5, 16.0, Style::Bold);
/// A contents entry for a section (H2).
pub const CONTENTS_SECTION: TextStyle = TextStyle::new(10.0, 15.0, Style::Regular);
/// A contents entry for a subsection (H3).
pub const CONTENTS_SUBSECTION: TextStyle = TextStyle::new(9.5, 14.0, Style::Regular);
/// The contents' dot leaders: one size on every level, so the dots line up down the page.
pub const CONTENTS_LEADER: TextStyle = TextStyle::new(10.0, 15.0, Style::Regular);
/// The running head, footer and page number.
pub const RUNNING: TextStyle = TextStyle::new(8.0, 10.0, Style::Regular);

/// The style of a heading of markup level `level`.
pub fn heading(level: u8) -> TextStyle {
    match level {
        1 => H1,
        2 => H2,
        _ => H3,
    }
}

// Charts: titles, axes, legends, heatmap heads and cells.
// A chart sets its texts on its own grid, so a line height here is the band the text
// takes in the chart: the distance between wrapped lines, legend rows or heatmap rows, or
// the strip under the plot that holds one line of labels.

/// A chart's title, wrapped over the chart's width.
pub const CHART_TITLE: TextStyle = TextStyle::new(10.5, 16.0, Style::Bold);
/// Tick labels: values left of the plot, categories under it (a strip one line high).
pub const CHART_TICK: TextStyle = TextStyle::new(7.5, 14.0, Style::Regular);
/// An hbar chart's category labels down the left, up to two lines each (the line
/// height is the distance between the two).
pub const CHART_CATEGORY: TextStyle = TextStyle::new(7.5, 8.5, Style::Regular);
/// What the axes show (`y_label` above the plot, `x_label` in a strip under the
/// categories).
pub const CHART_AXIS_LABEL: TextStyle = TextStyle::new(8.0, 12.0, Style::Regular);
/// Legend entries, one row of swatches and series names per line.
pub const CHART_LEGEND: TextStyle = TextStyle::new(8.0, 12.0, Style::Regular);
/// The value printed on a bar, on one line.
pub const CHART_VALUE: TextStyle = TextStyle::new(7.0, 9.0, Style::Regular);
/// A reference line's label in the gutter right of the plot; labels of lines close
/// together are kept a line apart.
pub const CHART_REFERENCE: TextStyle = TextStyle::new(7.0, 9.0, Style::Bold);
/// The dash that stands for a missing bar, on one line.
pub const CHART_MISSING: TextStyle = TextStyle::new(10.0, 12.0, Style::Regular);
/// "No data" in the middle of an empty plot, on one line.
pub const CHART_NO_DATA: TextStyle = TextStyle::new(9.0, 12.0, Style::Regular);
/// Heatmap column heads, wrapped over their column.
pub const HEATMAP_HEAD: TextStyle = TextStyle::new(7.5, 9.5, Style::Bold);
/// Heatmap row labels (unit names), one per row; a long one shrinks down to
/// [`HEATMAP_ROW_LABEL_MIN_SIZE`] before it is cut.
pub const HEATMAP_ROW_LABEL: TextStyle = TextStyle::new(8.0, 16.0, Style::Regular);
/// See [`HEATMAP_ROW_LABEL`].
pub const HEATMAP_ROW_LABEL_MIN_SIZE: f32 = 6.0;
/// Heatmap cells: one line per row, so the line height is the row's height; a wide
/// cell text shrinks down to [`HEATMAP_CELL_MIN_SIZE`].
pub const HEATMAP_CELL: TextStyle = TextStyle::new(8.0, 16.0, Style::Regular);
/// See [`HEATMAP_CELL`].
pub const HEATMAP_CELL_MIN_SIZE: f32 = 5.0;
