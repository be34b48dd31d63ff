//! Blocks → pages, in two steps as typst and genpdf do it. Laying out
//! ([`Builder`]) turns each block, once, into frames: sized slices with their items
//! positioned and tagged with the structure element they belong to, and for each frame
//! whether the page may end after it (the rules of a good page: a heading stays with
//! what follows, two lines of a paragraph on either side of a break, three rows of a
//! table, a short list item and a table's note kept whole). Pagination
//! ([`paginate`]) then only chooses breaks over those heights and places the frames:
//! the measurement is the layout, nothing is measured twice.

mod cover;
mod flow;
mod paginate;
mod table;
mod tiles;

use crate::{
    charts,
    color::{Rgb, palette},
    contents,
    error::RenderError,
    fences::NoticeLevel,
    fonts::{FontSet, Style},
    markup::{self, Align, Block, Span},
    options::DocumentOptions,
    page::{Element, Item, Layout, Page, Role, Tag},
    style::{self, TextStyle},
    wrap::{self, Line},
};
use flow::{Deco, Frame, Node, may_break_after};
pub use paginate::MAX_PAGES;

/// Millimetres to points.
pub const MM: f32 = 72.0 / 25.4;
/// Left and right page margin.
pub const MARGIN_X: f32 = 20.0 * MM;
/// Top of the body (the running header sits above it).
pub const MARGIN_TOP: f32 = 25.0 * MM;
/// Bottom margin (the footer sits in it).
pub const MARGIN_BOTTOM: f32 = 22.0 * MM;
/// Space after a paragraph.
pub const PARA_GAP: f32 = 7.0;
/// Deepest heading level with a bookmark: H4-H6 look like H3 and are left out of the
/// outline, which would otherwise grow deeper than a reader's sidebar shows well.
pub const OUTLINE_DEPTH: u8 = 3;

const LIST_INDENT: f32 = 16.0;
const QUOTE_INDENT: f32 = 12.0;
/// Space an H1's rule takes below its last line.
const H1_RULE: f32 = 3.0;
/// Height of a horizontal rule's band.
const RULE_H: f32 = 12.0;
/// Fewest lines of a paragraph on either side of a page break.
const MIN_LINES: usize = 2;
/// A list item of fewer lines than this is never split.
const MIN_ITEM_LINES: usize = 3;
/// Space after a chart.
const CHART_GAP: f32 = 10.0;

/// Baseline offset inside a line box of height `lh` for text of `size`.
pub fn baseline(lh: f32, size: f32) -> f32 {
    (lh - size) / 2.0 + 0.8 * size
}

/// Space before and after a heading of markup level `level`.
fn heading_space(level: u8) -> (f32, f32) {
    match level {
        1 => (16.0, 8.0),
        2 => (12.0, 5.0),
        _ => (9.0, 3.0),
    }
}

/// Lays out `blocks` on pages.
pub fn layout_blocks(
    blocks: &[Block],
    fonts: &FontSet,
    opts: &DocumentOptions,
) -> Result<Layout, RenderError> {
    let (w, h) = opts.paper.size_pt();
    let mut b = Builder {
        fonts,
        opts,
        nodes: Vec::new(),
        structure: vec![Element {
            role: Role::Document,
            parent: None,
            alt: None,
        }],
        parent: 0,
        headings: Vec::new(),
        size: (w, h),
        contents: Vec::new(),
    };
    b.blocks(blocks, MARGIN_X, w - MARGIN_X, false)?;
    let body = paginate::Body {
        size: (w, h),
        top: MARGIN_TOP,
        bottom: h - MARGIN_BOTTOM,
        deadline: opts.deadline,
    };
    let paginate::Paginated {
        mut pages,
        mut outline,
        contents: at,
    } = paginate::paginate(std::mem::take(&mut b.nodes), &body)?;
    if pages.is_empty() {
        pages.push(Page::new(w, h));
    }
    for (request, page) in b.contents.iter_mut().zip(at) {
        request.page = page;
    }
    contents::insert(
        &mut pages,
        &mut outline,
        &mut b.structure,
        &b.contents,
        fonts,
        opts,
    )?;
    running_heads(&mut pages, fonts, opts);
    Ok(Layout {
        pages,
        outline,
        structure: b.structure,
    })
}

/// Lays blocks out into the flow, opening their structure elements in reading order.
struct Builder<'a> {
    fonts: &'a FontSet,
    opts: &'a DocumentOptions,
    nodes: Vec<Node>,
    /// The logical structure so far (see [`Layout::structure`]).
    structure: Vec<Element>,
    /// The element new elements are opened in.
    parent: usize,
    /// Markup levels of the open headings, outermost first: a heading's structure level
    /// is its depth here, so the tree never skips a level (an H3 straight after an H1 is
    /// an H2 in the tree, as it nests in the outline).
    headings: Vec<u8>,
    /// Page width and height.
    size: (f32, f32),
    /// Where ```` ```contents ```` blocks asked for the contents page, their pages filled
    /// in by pagination.
    contents: Vec<contents::Request>,
}

impl Builder<'_> {
    /// The height of the page body: a frame taller than this breaks inside if it can.
    fn body_height(&self) -> f32 {
        self.size.1 - MARGIN_BOTTOM - MARGIN_TOP
    }

    /// Opens a structure element in the current one and returns its index.
    fn open(&mut self, role: Role, alt: Option<String>) -> usize {
        self.structure.push(Element {
            role,
            parent: Some(self.parent),
            alt,
        });
        self.structure.len() - 1
    }

    /// Runs `f` with new elements going into element `e`.
    fn inside<T>(&mut self, e: usize, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = std::mem::replace(&mut self.parent, e);
        let out = f(self);
        self.parent = saved;
        out
    }

    /// Opens an element of `role` and runs `f` inside it with the element's index.
    fn within<T>(
        &mut self,
        role: Role,
        alt: Option<String>,
        f: impl FnOnce(&mut Self, usize) -> T,
    ) -> T {
        let e = self.open(role, alt);
        self.inside(e, |b| f(b, e))
    }

    fn frame(&mut self, f: Frame) {
        self.nodes.push(Node::Frame(f));
    }

    fn space(&mut self, h: f32) {
        self.nodes.push(Node::Space(h));
    }

    /// The last frame laid out since node `from`.
    fn last_frame(&mut self, from: usize) -> Option<&mut Frame> {
        self.nodes[from..].iter_mut().rev().find_map(|n| match n {
            Node::Frame(f) | Node::Header(f) => Some(f),
            _ => None,
        })
    }

    /// Wraps `spans` `x1 - x0` wide and sets each line in a frame of its own, with the
    /// widow and orphan rule between them.
    #[allow(clippy::too_many_arguments)]
    fn lines(
        &mut self,
        spans: &[Span],
        x0: f32,
        x1: f32,
        ts: TextStyle,
        color: Rgb,
        tag: Tag,
        widows: bool,
    ) {
        let lines = wrap::wrap(self.fonts, spans, ts.size, x1 - x0);
        let n = lines.len();
        for (k, line) in lines.iter().enumerate() {
            let mut f = Frame::new(ts.line_height);
            set_line(&mut f, line, x0, x1 - x0, 0.0, ts, Align::Left, color, tag);
            f.keep = widows && !may_break_after(k + 1, n, MIN_LINES);
            self.frame(f);
        }
    }

    fn blocks(
        &mut self,
        blocks: &[Block],
        x0: f32,
        x1: f32,
        tight: bool,
    ) -> Result<(), RenderError> {
        for (i, block) in blocks.iter().enumerate() {
            crate::error::in_time(self.opts.deadline)?;
            let note_follows = matches!(blocks.get(i + 1), Some(Block::Paragraph(s)) if is_note(s));
            match block {
                Block::Heading { level, spans } => self.heading(*level, spans, x0, x1),
                Block::Paragraph(spans) => {
                    self.within(Role::P, None, |b, p| {
                        b.lines(
                            spans,
                            x0,
                            x1,
                            style::BODY,
                            palette::TEXT,
                            Tag::Content(p),
                            true,
                        )
                    });
                    self.space(if tight { 2.0 } else { PARA_GAP });
                }
                Block::List { start, items } => {
                    self.within(Role::L, None, |b, _| b.list(*start, items, x0, x1))?
                }
                Block::Quote(inner) => {
                    self.nodes
                        .push(Node::DecoStart(Deco::QuoteBar { x: x0 + 2.0 }));
                    self.within(Role::BlockQuote, None, |b, _| {
                        b.blocks(inner, x0 + QUOTE_INDENT, x1, tight)
                    })?;
                    self.close_deco();
                }
                Block::Table(t) => {
                    self.within(Role::Table, None, |b, _| b.table(t, x0, x1, note_follows))
                }
                Block::Preformatted(text) => {
                    self.within(Role::P, None, |b, p| {
                        for raw in text.split('\n') {
                            let spans = [Span {
                                text: raw.to_string(),
                                style: style::PRE.face,
                            }];
                            b.lines(
                                &spans,
                                x0 + 8.0,
                                x1,
                                style::PRE,
                                palette::TEXT,
                                Tag::Content(p),
                                false,
                            );
                        }
                    });
                    self.space(PARA_GAP);
                }
                Block::Rule => {
                    // A rule under a heading is part of it: kept with it as it is kept
                    // with what follows.
                    let keep = self.last_frame(0).is_some_and(|f| f.keep);
                    let mut f = Frame::new(RULE_H);
                    f.push(
                        Item::Line {
                            points: vec![(x0, RULE_H / 2.0), (x1, RULE_H / 2.0)],
                            color: palette::RULE,
                            width: 0.75,
                            dashed: false,
                        },
                        Tag::Artifact,
                    );
                    f.keep = keep;
                    self.frame(f);
                }
                Block::Cover(c) => {
                    let f = self.cover(c);
                    self.nodes.push(Node::Cover(f));
                }
                Block::PageBreak => self.nodes.push(Node::Break),
                Block::Contents(spec) => {
                    self.contents.push(contents::Request {
                        page: 0,
                        element: self.structure.len(),
                        parent: self.parent,
                        spec: *spec,
                    });
                    self.nodes.push(Node::Contents);
                }
                Block::Kpis(tiles) => self.kpis(tiles, x0, x1),
                Block::Notice { level, blocks } => {
                    self.within(Role::Div, None, |b, _| b.notice(*level, blocks, x0, x1))?
                }
                Block::Chart(spec) => {
                    let alt = charts::alt_text(spec, &self.opts.labels);
                    let chart = charts::layout(spec, self.fonts, self.opts, x1 - x0);
                    self.within(Role::Figure, Some(alt), |b, e| {
                        b.chart(chart, x0, Tag::Content(e), note_follows)
                    });
                }
            }
        }
        Ok(())
    }

    /// Ends the innermost decorated region: the spaces after its last frame go after it,
    /// so its decoration ends with its content.
    fn close_deco(&mut self) {
        let mut spaces = Vec::new();
        while let Some(Node::Space(s)) = self.nodes.last() {
            spaces.push(*s);
            self.nodes.pop();
        }
        self.nodes.push(Node::DecoEnd);
        self.nodes.extend(spaces.into_iter().rev().map(Node::Space));
    }

    fn heading(&mut self, level: u8, spans: &[Span], x0: f32, x1: f32) {
        while self.headings.last().is_some_and(|&l| l >= level) {
            self.headings.pop();
        }
        self.headings.push(level);
        let role = Role::H(self.headings.len().min(6) as u8);
        let (before, _) = heading_space(level);
        self.space(before);
        if level <= OUTLINE_DEPTH {
            self.nodes.push(Node::Anchor {
                level,
                title: markup::plain(spans).trim().to_string(),
            });
        }
        // One frame, kept with what follows: a heading never ends a page.
        let mut f = self.within(role, None, |b, e| {
            heading_frame(b.fonts, b.opts, level, spans, x0, x1, Tag::Content(e))
        });
        f.keep = true;
        self.frame(f);
    }

    fn list(
        &mut self,
        start: Option<u64>,
        items: &[Vec<Block>],
        x0: f32,
        x1: f32,
    ) -> Result<(), RenderError> {
        for (k, item) in items.iter().enumerate() {
            let marker = match start {
                Some(n) => format!("{}.", n.saturating_add(k as u64)),
                None => "•".to_string(),
            };
            let mw = self
                .fonts
                .width(style::BODY.face, style::BODY.size, &marker);
            let from = self.nodes.len();
            self.within(Role::LI, None, |b, _| {
                let lbl = b.open(Role::Lbl, None);
                let mark = Item::Text {
                    x: x0 + LIST_INDENT - 5.0 - mw,
                    y: baseline(style::BODY.line_height, style::BODY.size),
                    size: style::BODY.size,
                    style: style::BODY.face,
                    color: palette::TEXT,
                    text: marker,
                };
                if item.is_empty() {
                    let mut f = Frame::new(style::BODY.line_height);
                    f.push(mark, Tag::Content(lbl));
                    b.frame(f);
                    return Ok(());
                }
                b.within(Role::LBody, None, |b, _| {
                    b.blocks(item, x0 + LIST_INDENT, x1, true)
                })?;
                // The marker sits on the item's first line.
                let first = b.nodes[from..].iter_mut().find_map(|n| match n {
                    Node::Frame(f) | Node::Header(f) => Some(f),
                    _ => None,
                });
                if let Some(f) = first {
                    f.push(mark, Tag::Content(lbl));
                }
                Ok::<(), RenderError>(())
            })?;
            // A short item is never split.
            let frames: Vec<usize> = (from..self.nodes.len())
                .filter(|&i| matches!(self.nodes[i], Node::Frame(_) | Node::Header(_)))
                .collect();
            if frames.len() < MIN_ITEM_LINES {
                for &i in frames.iter().rev().skip(1) {
                    if let Node::Frame(f) | Node::Header(f) = &mut self.nodes[i] {
                        f.keep = true;
                    }
                }
            }
            // Items count as lines do: no item alone on either side of a break.
            if !may_break_after(k + 1, items.len(), MIN_LINES)
                && let Some(&i) = frames.last()
                && let Node::Frame(f) | Node::Header(f) = &mut self.nodes[i]
            {
                f.keep = true;
            }
        }
        self.space(PARA_GAP - 2.0);
        Ok(())
    }

    fn notice(
        &mut self,
        level: NoticeLevel,
        blocks: &[Block],
        x0: f32,
        x1: f32,
    ) -> Result<(), RenderError> {
        let (color, label) = match level {
            NoticeLevel::Info => (palette::INFO, self.opts.labels.notice_info.clone()),
            NoticeLevel::Warning => (palette::AMBER, self.opts.labels.notice_warning.clone()),
        };
        self.nodes
            .push(Node::DecoStart(Deco::Notice { x0, x1, color }));
        // The box's top padding and title stay with the body's first lines.
        let mut pad = Frame::new(8.0);
        pad.keep = true;
        self.frame(pad);
        let (ix0, ix1) = (x0 + 14.0, x1 - 10.0);
        let from = self.nodes.len();
        let title = [Span {
            text: label,
            style: style::NOTICE_TITLE.face,
        }];
        self.within(Role::P, None, |b, p| {
            b.lines(
                &title,
                ix0,
                ix1,
                style::NOTICE_TITLE,
                palette::TEXT,
                Tag::Content(p),
                true,
            )
        });
        if let Some(f) = self.last_frame(from) {
            f.keep = true;
        }
        self.space(2.0);
        self.blocks(blocks, ix0, ix1, true)?;
        // The bottom padding stays with the last line.
        while let Some(Node::Space(_)) = self.nodes.last() {
            self.nodes.pop();
        }
        if let Some(f) = self.last_frame(from) {
            f.keep = true;
        }
        self.frame(Frame::new(8.0));
        self.nodes.push(Node::DecoEnd);
        self.space(PARA_GAP + 3.0);
        Ok(())
    }

    /// Places a laid-out chart: whole, or a heatmap a row at a time under its header.
    fn chart(&mut self, chart: charts::ChartLayout, x0: f32, tag: Tag, note_follows: bool) {
        let frame = |d: charts::Drawn| {
            let mut f = Frame::new(d.height);
            for it in d.items {
                f.push(it.moved(x0, 0.0), tag);
            }
            f
        };
        match chart {
            charts::ChartLayout::Xy(d) => {
                let mut f = frame(d);
                f.keep = note_follows;
                self.frame(f);
                self.space(CHART_GAP);
            }
            charts::ChartLayout::Heatmap { header, rows } => {
                let mut head = frame(header);
                head.keep = true;
                let heights: Vec<f32> = rows.iter().map(|r| r.height).collect();
                let keeps =
                    table::row_keeps(head.height, &heights, self.body_height(), note_follows);
                self.nodes.push(Node::Header(head));
                for (row, keep) in rows.into_iter().zip(keeps) {
                    let mut f = frame(row);
                    f.keep = keep;
                    self.frame(f);
                }
                self.nodes.push(Node::HeaderEnd);
                self.space(CHART_GAP + 2.0);
            }
        }
    }
}

/// A heading of markup level `level` laid out `x1 - x0` wide: its lines in the bold faces
/// (tagged `tag`), an H1's rule, and the space after it. The contents page's title is set
/// by it too, so it looks like the chapters it lists.
pub(crate) fn heading_frame(
    fonts: &FontSet,
    opts: &DocumentOptions,
    level: u8,
    spans: &[Span],
    x0: f32,
    x1: f32,
    tag: Tag,
) -> Frame {
    let ts = style::heading(level);
    let (_, after) = heading_space(level);
    let color = if level <= 2 {
        opts.accent
    } else {
        palette::TEXT
    };
    let mut f = Frame::default();
    for line in &wrap::wrap(fonts, &heading_spans(spans), ts.size, x1 - x0) {
        let top = f.height;
        set_line(&mut f, line, x0, x1 - x0, top, ts, Align::Left, color, tag);
        f.height += ts.line_height;
    }
    if level == 1 {
        let y = f.height + 1.0;
        f.push(
            Item::Line {
                points: vec![(x0, y), (x1, y)],
                color: opts.accent.tint(0.6),
                width: 0.8,
                dashed: false,
            },
            Tag::Artifact,
        );
        f.height += H1_RULE;
    }
    f.height += after;
    f
}

/// Sets one wrapped line into `f` with its top at `top`.
#[allow(clippy::too_many_arguments)]
fn set_line(
    f: &mut Frame,
    line: &Line,
    x0: f32,
    width: f32,
    top: f32,
    ts: TextStyle,
    align: Align,
    color: Rgb,
    tag: Tag,
) {
    let shift = match align {
        Align::Left => 0.0,
        Align::Right => (width - line.width).max(0.0),
        Align::Center => ((width - line.width) / 2.0).max(0.0),
    };
    let base = top + baseline(ts.line_height, ts.size);
    for p in &line.pieces {
        let text = p.text.trim_end();
        if text.trim().is_empty() {
            continue;
        }
        f.push(
            Item::Text {
                x: x0 + shift + p.x,
                y: base,
                size: ts.size,
                style: p.style,
                color,
                text: text.to_string(),
            },
            tag,
        );
    }
}

/// Whether a paragraph is a note on the table or chart before it: set wholly in
/// italics, as the templates write "figures about fewer than 5 people are hidden". It
/// is kept on the page with the end of the table.
fn is_note(spans: &[Span]) -> bool {
    !spans.is_empty()
        && spans.iter().all(|s| {
            matches!(s.style, Style::Italic | Style::BoldItalic) || s.text.trim().is_empty()
        })
}

/// A heading's spans in the bold faces it is set in.
fn heading_spans(spans: &[Span]) -> Vec<Span> {
    spans
        .iter()
        .map(|s| Span {
            text: s.text.clone(),
            style: if matches!(s.style, Style::Italic | Style::BoldItalic) {
                Style::BoldItalic
            } else {
                Style::Bold
            },
        })
        .collect()
}

/// The running head, footer and page number on every page but the cover, as
/// pagination artifacts.
fn running_heads(pages: &mut [Page], fonts: &FontSet, opts: &DocumentOptions) {
    let total = pages.iter().filter(|p| !p.cover).count();
    let header = if opts.header.is_empty() {
        opts.title.as_str()
    } else {
        opts.header.as_str()
    };
    let ts = style::RUNNING;
    let mut n = 0;
    for page in pages.iter_mut().filter(|p| !p.cover) {
        n += 1;
        let w = page.width;
        let number = format!("{n} / {total}");
        let nw = fonts.width(ts.face, ts.size, &number);
        let mut f = Frame::default();
        let one_line = |text: &str, y: f32, width: f32, f: &mut Frame| {
            let spans = [Span {
                text: text.to_string(),
                style: ts.face,
            }];
            if let Some(line) = wrap::wrap(fonts, &spans, ts.size, width).first() {
                for p in &line.pieces {
                    f.push(
                        Item::Text {
                            x: MARGIN_X + p.x,
                            y,
                            size: ts.size,
                            style: p.style,
                            color: palette::MUTED,
                            text: p.text.trim_end().to_string(),
                        },
                        Tag::Pagination,
                    );
                }
            }
        };
        let hy = 14.0 * MM;
        if !header.is_empty() {
            one_line(header, hy, w - 2.0 * MARGIN_X, &mut f);
        }
        f.push(
            Item::Line {
                points: vec![(MARGIN_X, hy + 4.0), (w - MARGIN_X, hy + 4.0)],
                color: palette::RULE,
                width: 0.5,
                dashed: false,
            },
            Tag::Pagination,
        );
        let fy = page.height - 12.0 * MM;
        if !opts.footer.is_empty() {
            one_line(&opts.footer, fy, w - 2.0 * MARGIN_X - nw - 20.0, &mut f);
        }
        f.push(
            Item::Text {
                x: w - MARGIN_X - nw,
                y: fy,
                size: ts.size,
                style: ts.face,
                color: palette::MUTED,
                text: number,
            },
            Tag::Pagination,
        );
        page.items.extend(f.items);
        page.tags.extend(f.tags);
    }
}
