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

/// Body text.
pub const BODY: TextStyle = TextStyle::new(10.0, 14.0, Style::Regular);










// Charts: titles, axes, legends, heatmap heads and cells.
