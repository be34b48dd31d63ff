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

/// A structure element's type: the standard structure types of PDF 32000-1 §14.8.4, so
/// the document needs no /RoleMap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The whole document: the root of the tree.
    Document,
    /// A heading, level 1 to 6; levels are never skipped (see [`mod@crate::layout`]).
    H(u8),
    /// A paragraph (also a cover line, a KPI tile's label, value and change).
    P,
    /// A list.
    L,
    /// A list item: its [`Role::Lbl`] and [`Role::LBody`].
    LI,
    /// A list item's bullet or number.
    Lbl,
    /// A list item's content.
    LBody,
    /// A table: its [`Role::THead`] and [`Role::TBody`].
    Table,
    /// The header row group.
    THead,
    /// The body row group.
    TBody,
    /// A table row.
    TR,
    /// A column header cell (/Scope /Column).
    TH,
    /// A data cell.
    TD,
    /// A chart, with a text alternative.
    Figure,
    /// A block quotation.
    BlockQuote,
    /// A group: a notice, a KPI tile.
    Div,
    /// A table of contents: its [`Role::TOCI`] entries.
    TOC,
    /// A contents entry: its [`Role::Link`], which holds the entry's text.
    TOCI,
    /// A link: its text, and the link annotation (an OBJR, see [`PageLink`]).
    Link,
}

impl Role {
    /// The structure type's name in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::BlockQuote => "BlockQuote",
            Role::Div => "Div",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
            Role::Link => "Link",
        }
    }
}

/// A node of the document's logical structure. Elements are listed in reading order
/// (a parent before its children, siblings in order), which is the order of /K in the
/// PDF's structure tree, whatever order the items are drawn in.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Its type.
    pub role: Role,
    /// Index of the parent element in [`Layout::structure`]; `None` only for the root.
    pub parent: Option<usize>,
    /// Text alternative (a [`Role::Figure`]'s description of the chart's data).
    pub alt: Option<String>,
}

/// What an item is in the document's structure: content of an element, or an artifact
/// (running head and footer, page number, rules, backgrounds, a repeated table header,
/// decoration) that a screen reader skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Not content: decoration (rules, backgrounds, arrows, the cover's bars and logo).
    Artifact,
    /// Not content, repeated by pagination: the running head, footer and page number,
    /// a table header repeated after a page break.
    Pagination,
    /// Content of the element with this index in [`Layout::structure`].
    Content(usize),
}

impl Item {
    /// The item moved by (`dx`, `dy`): a piece laid out at the origin placed on a page.
    pub fn moved(mut self, dx: f32, dy: f32) -> Item {
        match &mut self {
            Item::Text { x, y, .. } | Item::Rect { x, y, .. } | Item::Logo { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::Line { points, .. } | Item::Polygon { points, .. } => {
                for (x, y) in points {
                    *x += dx;
                    *y += dy;
                }
            }
        }
        self
    }

    /// Whether the item puts anything on the page: a rectangle without fill or outline
    /// and a line of fewer than two points do not (the PDF leaves them out).
    pub fn draws(&self) -> bool {
        match self {
            Item::Rect { fill, stroke, .. } => fill.is_some() || stroke.is_some(),
            Item::Line { points, .. } => points.len() >= 2,
            _ => true,
        }
    }
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
    /// The structure role of each item, `tags[i]` for `items[i]`.
    pub tags: Vec<Tag>,
    /// Internal links on the page (the contents page's entries).
    pub links: Vec<PageLink>,
}

/// A rectangle of a page that takes the reader to a place in the document: a /Link
/// annotation, tagged as the content of a [`Role::Link`] element.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLink {
    /// Left, pt.
    pub x: f32,
    /// Top, pt from the page's top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
    /// 0-based index of the page it goes to.
    pub page: usize,
    /// Where on that page, pt from its top edge (scrolled to a little above).
    pub top: f32,
    /// The [`Role::Link`] element in [`Layout::structure`] the annotation belongs to.
    pub element: usize,
    /// What the link goes to, in words (the annotation's /Contents).
    pub text: String,
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
    /// The logical structure: element 0 is the [`Role::Document`], the others follow in
    /// reading order. Items point into it with [`Tag::Content`].
    pub structure: Vec<Element>,
}

impl Page {
    /// An empty page of the given size, not a cover.
    pub fn new(width: f32, height: f32) -> Page {
        Page {
            width,
            height,
            cover: false,
            items: Vec::new(),
            tags: Vec::new(),
            links: Vec::new(),
        }
    }

    /// All text runs on the page in drawing order (handy in tests).
    pub fn texts(&self) -> impl Iterator<Item = (&str, f32, f32)> {
        self.items.iter().filter_map(|i| match i {
            Item::Text { x, y, text, .. } => Some((text.as_str(), *x, *y)),
            _ => None,
        })
    }

    /// Items with their structure tags, in drawing order.
    pub fn tagged(&self) -> impl Iterator<Item = (&Item, Tag)> {
        self.items
            .iter()
            .zip(self.tags.iter().chain(std::iter::repeat(&Tag::Artifact)))
            .map(|(i, t)| (i, *t))
    }
}
