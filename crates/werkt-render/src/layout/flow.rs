//! What laying out hands to pagination: the document as a flow of frames (blocks, or
//! the slices of a block a page may end between, laid out once at their final width)
//! with spaces, forced breaks and markers between them.

use crate::{
    color::Rgb,
    page::{Item, Tag},
};

/// A laid-out slice of the document that goes onto one page whole: a paragraph's line,
/// a heading, a table row, a chart, a row of KPI tiles. Its x positions are final, its
/// y positions are from its own top: placing it is moving it down.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// Height it takes on the page, pt.
    pub height: f32,
    /// Items, drawn in this order.
    pub items: Vec<Item>,
    /// The structure role of each item, `tags[i]` for `items[i]`.
    pub tags: Vec<Tag>,
    /// Whether the page must not end between this frame and the next: a heading, a
    /// paragraph's first line, a table's first rows. Pagination breaks elsewhere when it
    /// can, and here only when a page holds nothing but frames kept together.
    pub keep: bool,
}

impl Frame {
    /// An empty frame `height` high.
    pub fn new(height: f32) -> Frame {
        Frame {
            height,
            ..Frame::default()
        }
    }

    /// Adds an item with its structure tag.
    pub fn push(&mut self, item: Item, tag: Tag) {
        self.items.push(item);
        self.tags.push(tag);
    }

    /// Adds the items of `other`, moved down by `dy`.
    pub fn append(&mut self, other: Frame, dy: f32) {
        for (item, tag) in other.items.into_iter().zip(other.tags) {
            self.push(item.moved(0.0, dy), tag);
        }
    }
}

/// One step of the flow.
#[derive(Debug, Clone)]
pub enum Node {
    /// A frame placed under the one before.
    Frame(Frame),
    /// Vertical space between blocks: dropped at the top of a page, and shrunk on a page
    /// that is tightened to take the last page's content (see [`super::paginate`]).
    Space(f32),
    /// A page break the markup asks for.
    Break,
    /// A ```` ```contents ```` block: a page break, before which the contents pages go
    /// once the body is laid out (see [`crate::contents`]).
    Contents,
    /// A cover: a page of its own, its items positioned on the page.
    Cover(Frame),
    /// A heading's bookmark, pointing at where the next frame lands.
    Anchor {
        /// Markup level, 1-3.
        level: u8,
        /// Heading text.
        title: String,
    },
    /// A table's or heatmap's header: placed like a frame, and repeated at the top of
    /// every page the rows continue on (as pagination, not content) until
    /// [`Node::HeaderEnd`].
    Header(Frame),
    /// The rows under the last [`Node::Header`] have ended.
    HeaderEnd,
    /// A decorated region (a notice's box, a quotation's bar) starts here; it is drawn
    /// beneath its content on every page it spans.
    DecoStart(Deco),
    /// The innermost decorated region ends here.
    DecoEnd,
}

/// The decoration of a region that may span pages.
#[derive(Debug, Clone, Copy)]
pub enum Deco {
    /// A quotation's bar at `x`.
    QuoteBar {
        /// Left edge of the bar.
        x: f32,
    },
    /// A notice's tinted box with a bar at its left edge.
    Notice {
        /// Left edge.
        x0: f32,
        /// Right edge.
        x1: f32,
        /// Its level's colour.
        color: Rgb,
    },
}

impl Deco {
    /// The decoration of the fragment from `y0` to `y1` on one page.
    pub fn draw(self, y0: f32, y1: f32) -> Vec<Item> {
        match self {
            Deco::QuoteBar { x } => vec![Item::Rect {
                x,
                y: y0,
                w: 2.5,
                h: (y1 - y0).max(2.0),
                fill: Some(crate::color::palette::RULE),
                stroke: None,
            }],
            Deco::Notice { x0, x1, color } => vec![
                Item::Rect {
                    x: x0,
                    y: y0,
                    w: x1 - x0,
                    h: y1 - y0,
                    fill: Some(color.tint(0.88)),
                    stroke: None,
                },
                Item::Rect {
                    x: x0,
                    y: y0,
                    w: 3.5,
                    h: y1 - y0,
                    fill: Some(color),
                    stroke: None,
                },
            ],
        }
    }
}

/// Whether a run of `n` lines or rows may break after its `k`-th (1-based), leaving at
/// least `min` on either side: the widow and orphan rule for paragraphs (`min` 2) and
/// the table rule (`min` 3). After the last one is the next block's business.
pub fn may_break_after(k: usize, n: usize, min: usize) -> bool {
    k >= n || (k >= min && n - k >= min)
}
