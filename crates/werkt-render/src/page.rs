//! The layout's output: pages of positioned items, independent of PDF so it can be
//! golden-tested. Coordinates are PDF points from the page's top-left corner, y down;
//! text is positioned by its baseline.

use crate::{color::Rgb, fonts::Style};

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A run of text on one baseline.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Font size, pt.
        size: f32,
        /// Style (font).
        style: Style,
        /// Colour.
        color: Rgb,
        /// The text.
        text: String,
    },
    /// An axis-aligned rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        fill: Option<Rgb>,
        /// Outline colour and width.
        stroke: Option<(Rgb, f32)>,
    },
    /// A polyline (chart lines, axes, rules).
    Line {
        /// Points.
        points: Vec<(f32, f32)>,
        /// Colour.
        color: Rgb,
        /// Width, pt.
        width: f32,
        /// Dashed (reference lines).
        dashed: bool,
    },
    /// A filled closed polygon (arrows, markers).
    Polygon {
        /// Corners.
        points: Vec<(f32, f32)>,
        /// Fill colour.
        fill: Rgb,
    },
    /// The logo image, scaled into this box.
    Logo {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
    },
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width, pt.
    pub width: f32,
    /// Height, pt.
    pub height: f32,
    /// Whether this is the cover (no running header or page number).
    pub cover: bool,
    /// Items in drawing order.
    pub items: Vec<Item>,
}

/// A bookmark: an H1, H2 or H3 heading. The PDF outline nests each entry under the
/// nearest entry of a lower level before it, so a level skipped in the markup (an H3
/// right after an H1) is not a level skipped in the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// 1, 2 or 3.
    pub level: u8,
    /// Heading text.
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading's first line, pt from the page's top edge: the bookmark's
    /// destination scrolls there.
    pub y: f32,
}

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Bookmarks in document order.
    pub outline: Vec<OutlineEntry>,
}

impl Page {
    /// All text runs on the page in drawing order (handy in tests).
    pub fn texts(&self) -> impl Iterator<Item = (&str, f32, f32)> {
        self.items.iter().filter_map(|i| match i {
            Item::Text { x, y, text, .. } => Some((text.as_str(), *x, *y)),
            _ => None,
        })
    }
}
