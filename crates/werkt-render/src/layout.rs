//! Blocks → pages. A single forward pass: every step places at least one line, row
//! slice or box on a page that was empty before, so any input terminates, and the
//! page count is capped besides.

use crate::{
    charts,
    color::{Rgb, palette},
    contents,
    error::RenderError,
    fences::{Cover, Good, Kpi, NoticeLevel, Trend},
    fonts::{FontSet, Style},
    markup::{self, Align, Block, Span, Table},
    options::DocumentOptions,
    page::{Element, Item, Layout, OutlineEntry, Page, Role, Tag},
    wrap::{self, Line},
};

/// Millimetres to points.
pub const MM: f32 = 72.0 / 25.4;
/// Left and right page margin.
pub const MARGIN_X: f32 = 20.0 * MM;
/// Top of the body (the running header sits above it).
pub const MARGIN_TOP: f32 = 25.0 * MM;
/// Bottom margin (the footer sits in it).
pub const MARGIN_BOTTOM: f32 = 22.0 * MM;
/// Body text size.
pub const BODY_SIZE: f32 = 10.0;
/// Body line height.
pub const BODY_LH: f32 = 14.0;
/// Space after a paragraph.
pub const PARA_GAP: f32 = 7.0;
/// Most pages a document may have.
pub const MAX_PAGES: usize = 2000;
/// Deepest heading level with a bookmark: H4-H6 look like H3 and are left out of the
/// outline, which would otherwise grow deeper than a reader's sidebar shows well.
pub const OUTLINE_DEPTH: u8 = 3;

const TABLE_SIZE: f32 = 9.0;
const TABLE_LH: f32 = 12.0;
const CELL_PAD_X: f32 = 5.0;
const CELL_PAD_Y: f32 = 3.5;
const LIST_INDENT: f32 = 16.0;
/// Space an H1's rule takes below its last line.
const H1_RULE: f32 = 3.0;
/// Height of a horizontal rule's band.
const RULE_H: f32 = 12.0;
/// Fewest body rows of a table on either side of a page break.
const MIN_TABLE_ROWS: usize = 3;

/// Baseline offset inside a line box of height `lh` for text of `size`.
pub fn baseline(lh: f32, size: f32) -> f32 {
    (lh - size) / 2.0 + 0.8 * size
}

fn heading_metrics(level: u8) -> (f32, f32, f32, f32) {
    // size, line height, space before, space after
    match level {
        1 => (18.0, 23.0, 16.0, 8.0),
        2 => (13.5, 18.0, 12.0, 5.0),
        _ => (11.0, 15.0, 9.0, 3.0),
    }
}

/// Lays out `blocks` on pages.
pub fn layout_blocks(
    blocks: &[Block],
    fonts: &FontSet,
    opts: &DocumentOptions,
) -> Result<Layout, RenderError> {
    let (w, h) = opts.paper.size_pt();
    let mut l = Layouter {
        fonts,
        opts,
        pages: Vec::new(),
        outline: Vec::new(),
        y: MARGIN_TOP,
        width: w,
        height: h,
        top: MARGIN_TOP,
        bottom: h - MARGIN_BOTTOM,
        closed: true,
        structure: vec![Element {
            role: Role::Document,
            parent: None,
            alt: None,
        }],
        parent: 0,
        tag: Tag::Content(0),
        headings: Vec::new(),
        contents: Vec::new(),
    };
    l.blocks(blocks, MARGIN_X, w - MARGIN_X, false)?;
    if l.pages.is_empty() {
        l.new_page()?;
    }
    contents::insert(
        &mut l.pages,
        &mut l.outline,
        &mut l.structure,
        &l.contents,
        fonts,
        opts,
    )?;
    l.header_footer();
    Ok(Layout {
        pages: l.pages,
        outline: l.outline,
        structure: l.structure,
    })
}

struct Layouter<'a> {
    fonts: &'a FontSet,
    opts: &'a DocumentOptions,
    pages: Vec<Page>,
    outline: Vec<OutlineEntry>,
    y: f32,
    width: f32,
    height: f32,
    top: f32,
    bottom: f32,
    /// The current page takes no more content (cover, page break, or none yet).
    closed: bool,
    /// The logical structure so far (see [`Layout::structure`]).
    structure: Vec<Element>,
    /// The element new elements are opened in.
    parent: usize,
    /// The tag [`Layouter::push`] gives an item.
    tag: Tag,
    /// Markup levels of the open headings, outermost first: a heading's structure level
    /// is its depth here, so the tree never skips a level (an H3 straight after an H1 is
    /// an H2 in the tree, as it nests in the outline).
    headings: Vec<u8>,
    /// Where ```` ```contents ```` blocks asked for the contents page (see [`contents`]).
    contents: Vec<contents::Request>,
}

/// Where a decorated region (notice, quote) started, to draw its background later.
struct Mark {
    page: usize,
    item: usize,
    y: f32,
}

impl Layouter<'_> {
    /// Checked once per block and page: a clock read is cheap next to laying either out.
    fn in_time(&self) -> Result<(), RenderError> {
        match self.opts.deadline {
            Some(d) if std::time::Instant::now() > d => Err(RenderError::TimeLimit),
            _ => Ok(()),
        }
    }

    fn new_page(&mut self) -> Result<(), RenderError> {
        if self.pages.len() >= MAX_PAGES {
            return Err(RenderError::TooManyPages(MAX_PAGES));
        }
        self.in_time()?;
        self.pages.push(Page {
            width: self.width,
            height: self.height,
            cover: false,
            items: Vec::new(),
            tags: Vec::new(),
            links: Vec::new(),
        });
        self.y = self.top;
        self.closed = false;
        Ok(())
    }

    fn fresh(&self) -> bool {
        !self.closed && self.y <= self.top + 0.01
    }

    /// Makes room for `h` points: a new page unless it fits or this page is empty.
    fn need(&mut self, h: f32) -> Result<(), RenderError> {
        if self.closed || (self.y + h > self.bottom + 0.01 && !self.fresh()) {
            self.new_page()?;
        }
        Ok(())
    }

    fn body_height(&self) -> f32 {
        self.bottom - self.top
    }

    fn push(&mut self, item: Item) {
        let tag = self.tag;
        self.push_tagged(item, tag);
    }

    fn push_tagged(&mut self, item: Item, tag: Tag) {
        if let Some(p) = self.pages.last_mut() {
            p.items.push(item);
            p.tags.push(tag);
        }
    }

    /// Pushes decoration, not content: backgrounds, rules, arrows whose meaning the text
    /// beside them carries.
    fn push_artifact(&mut self, item: Item) {
        self.push_tagged(item, Tag::Artifact);
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

    /// Runs `f` with items and new elements going into a new element of `role`.
    fn within<T>(&mut self, role: Role, alt: Option<String>, f: impl FnOnce(&mut Self) -> T) -> T {
        let e = self.open(role, alt);
        self.inside(e, f)
    }

    /// Runs `f` with items and new elements going into element `e`.
    fn inside<T>(&mut self, e: usize, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = (self.parent, self.tag);
        self.parent = e;
        self.tag = Tag::Content(e);
        let out = f(self);
        (self.parent, self.tag) = saved;
        out
    }

    /// Runs `f` with the items it pushes tagged `tag` (elements it opens still go into
    /// the current element).
    fn tagged<T>(&mut self, tag: Tag, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = std::mem::replace(&mut self.tag, tag);
        let out = f(self);
        self.tag = saved;
        out
    }

    fn mark(&self) -> Mark {
        Mark {
            page: self.pages.len().saturating_sub(1),
            item: self.pages.last().map(|p| p.items.len()).unwrap_or(0),
            y: self.y,
        }
    }

    /// Calls `draw(page, top, bottom)` for every page fragment from `m` to the current
    /// position and inserts what it returns beneath the fragment's content.
    fn decorate(&mut self, m: &Mark, pad_bottom: f32, draw: impl Fn(f32, f32) -> Vec<Item>) {
        let last = self.pages.len().saturating_sub(1);
        for p in m.page..=last {
            let (y0, at) = if p == m.page {
                (m.y, m.item)
            } else {
                (self.top, 0)
            };
            let y1 = if p == last {
                self.y + pad_bottom
            } else {
                self.bottom
            };
            if y1 <= y0 {
                continue;
            }
            let items = draw(y0, y1);
            if let Some(page) = self.pages.get_mut(p) {
                let at = at.min(page.items.len());
                let n = items.len();
                page.items.splice(at..at, items);
                let at = at.min(page.tags.len());
                page.tags
                    .splice(at..at, std::iter::repeat_n(Tag::Artifact, n));
            }
        }
        self.y += pad_bottom;
    }

    fn text(&mut self, x: f32, y: f32, size: f32, style: Style, color: Rgb, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.push(Item::Text {
            x,
            y,
            size,
            style,
            color,
            text: text.to_string(),
        });
    }

    /// Places wrapped lines, breaking pages between lines.
    #[allow(clippy::too_many_arguments)]
    fn lines(
        &mut self,
        lines: &[Line],
        x0: f32,
        width: f32,
        size: f32,
        lh: f32,
        align: Align,
        color: Rgb,
    ) -> Result<(), RenderError> {
        for line in lines {
            self.need(lh)?;
            self.place_line(line, x0, width, self.y, size, lh, align, color);
            self.y += lh;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn place_line(
        &mut self,
        line: &Line,
        x0: f32,
        width: f32,
        top: f32,
        size: f32,
        lh: f32,
        align: Align,
        color: Rgb,
    ) {
        let shift = match align {
            Align::Left => 0.0,
            Align::Right => (width - line.width).max(0.0),
            Align::Center => ((width - line.width) / 2.0).max(0.0),
        };
        let base = top + baseline(lh, size);
        for p in &line.pieces {
            let text = p.text.trim_end();
            self.text(x0 + shift + p.x, base, size, p.style, color, text);
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
            self.in_time()?;
            match block {
                Block::Heading { level, spans } => {
                    let keep = self.chain_height(&blocks[i..], x0, x1);
                    self.need(keep.min(self.body_height()))?;
                    while self.headings.last().is_some_and(|&l| l >= *level) {
                        self.headings.pop();
                    }
                    self.headings.push(*level);
                    let role = Role::H(self.headings.len().min(6) as u8);
                    self.within(role, None, |l| l.heading(*level, spans, x0, x1))?;
                }
                Block::Paragraph(spans) => {
                    let lines = wrap::wrap(self.fonts, spans, BODY_SIZE, x1 - x0);
                    self.within(Role::P, None, |l| {
                        l.lines(
                            &lines,
                            x0,
                            x1 - x0,
                            BODY_SIZE,
                            BODY_LH,
                            Align::Left,
                            palette::TEXT,
                        )
                    })?;
                    self.y += if tight { 2.0 } else { PARA_GAP };
                }
                Block::List { start, items } => {
                    self.within(Role::L, None, |l| l.list(*start, items, x0, x1))?
                }
                Block::Quote(inner) => {
                    self.need(BODY_LH)?;
                    let m = self.mark();
                    self.within(Role::BlockQuote, None, |l| {
                        l.blocks(inner, x0 + 12.0, x1, tight)
                    })?;
                    self.decorate(&m, 0.0, |y0, y1| {
                        vec![Item::Rect {
                            x: x0 + 2.0,
                            y: y0,
                            w: 2.5,
                            h: (y1 - y0 - PARA_GAP).max(2.0),
                            fill: Some(palette::RULE),
                            stroke: None,
                        }]
                    });
                }
                Block::Table(t) => self.within(Role::Table, None, |l| l.table(t, x0, x1))?,
                Block::Preformatted(text) => {
                    let p = self.open(Role::P, None);
                    for raw in text.split('\n') {
                        let spans = [Span {
                            text: raw.to_string(),
                            style: Style::Regular,
                        }];
                        let lines = wrap::wrap(self.fonts, &spans, 9.0, x1 - x0 - 8.0);
                        self.inside(p, |l| {
                            l.lines(
                                &lines,
                                x0 + 8.0,
                                x1 - x0 - 8.0,
                                9.0,
                                12.0,
                                Align::Left,
                                palette::TEXT,
                            )
                        })?;
                    }
                    self.y += PARA_GAP;
                }
                Block::Rule => {
                    self.need(RULE_H)?;
                    let y = self.y + RULE_H / 2.0;
                    self.push_artifact(Item::Line {
                        points: vec![(x0, y), (x1, y)],
                        color: palette::RULE,
                        width: 0.75,
                        dashed: false,
                    });
                    self.y += RULE_H;
                }
                Block::Cover(c) => self.cover(c)?,
                Block::PageBreak => {
                    if !self.pages.is_empty() && !self.fresh() {
                        self.closed = true;
                    }
                }
                Block::Contents(spec) => {
                    if !self.pages.is_empty() && !self.fresh() {
                        self.closed = true;
                    }
                    let page = self.pages.len() - usize::from(!self.closed);
                    let (element, parent) = (self.structure.len(), self.parent);
                    self.contents.push(contents::Request {
                        page,
                        element,
                        parent,
                        spec: *spec,
                    });
                }
                Block::Kpis(tiles) => self.kpis(tiles, x0, x1)?,
                Block::Notice { level, blocks } => {
                    self.within(Role::Div, None, |l| l.notice(*level, blocks, x0, x1))?
                }
                Block::Chart(spec) => {
                    let alt = charts::alt_text(spec, &self.opts.labels);
                    let chart = charts::layout(spec, self.fonts, self.opts, x1 - x0);
                    self.within(Role::Figure, Some(alt), |l| l.chart(chart, x0))?;
                }
            }
        }
        Ok(())
    }

    /// Height a heading (and the headings right after it) needs so that it is not
    /// left alone at the bottom of a page: itself plus the start of what follows.
    fn chain_height(&self, blocks: &[Block], x0: f32, x1: f32) -> f32 {
        let mut h = 0.0;
        // A run of headings with nothing between them only needs to stay together for a
        // few levels; an endless run must not push every heading onto a page of its own.
        for b in blocks.iter().take(4) {
            match b {
                Block::Heading { level, spans } => {
                    let (size, lh, before, after) = heading_metrics(*level);
                    // Measured in the bold face it is set in: a heading that fits on one
                    // line in the regular face may take two in bold.
                    let n =
                        wrap::wrap(self.fonts, &heading_spans(spans), size, x1 - x0).len() as f32;
                    // An H1's rule below it takes 3 pt more (see `heading`).
                    let rule = if *level == 1 { H1_RULE } else { 0.0 };
                    h += before + n * lh + rule + after;
                }
                // A rule under a heading is part of it: keep what follows the rule.
                Block::Rule => h += RULE_H,
                other => return h + self.min_height(other, x0, x1),
            }
        }
        h
    }

    /// The least of a block that must share the page with a heading before it.
    fn min_height(&self, b: &Block, x0: f32, x1: f32) -> f32 {
        match b {
            Block::Paragraph(spans) => {
                let n = wrap::wrap(self.fonts, spans, BODY_SIZE, x1 - x0)
                    .len()
                    .min(2);
                n as f32 * BODY_LH
            }
            Block::List { items, .. } => items
                .first()
                .and_then(|i| i.first())
                .map(|b| self.min_height(b, x0 + LIST_INDENT, x1))
                .unwrap_or(0.0),
            Block::Quote(inner) => inner
                .first()
                .map(|b| self.min_height(b, x0 + 12.0, x1))
                .unwrap_or(0.0),
            Block::Table(t) => {
                if t.aligns.is_empty() {
                    return 0.0;
                }
                let widths = self.column_widths(t, x1 - x0);
                let head = self.row_height(&t.header, &widths, true);
                let rows: Vec<f32> = t
                    .rows
                    .iter()
                    .map(|r| self.row_height(r, &widths, false))
                    .collect();
                head + self.table_start(head, &rows)
            }
            Block::Preformatted(_) => 2.0 * 12.0,
            Block::Kpis(tiles) => self
                .kpi_rows(tiles, x1 - x0)
                .first()
                .map(|r| r.1)
                .unwrap_or(0.0),
            Block::Notice { .. } => 16.0 + 2.0 * BODY_LH,
            Block::Chart(spec) => {
                if spec.kind == crate::fences::ChartKind::Heatmap {
                    charts::heatmap_header_height(spec, self.fonts, x1 - x0)
                        + 3.0 * charts::HEATMAP_ROW_H
                } else {
                    charts::xy_height(spec, self.fonts, x1 - x0)
                }
            }
            Block::Heading { .. } | Block::Rule | Block::Cover(_) | Block::PageBreak => 0.0,
            Block::Contents(_) => 0.0,
        }
    }

    fn heading(&mut self, level: u8, spans: &[Span], x0: f32, x1: f32) -> Result<(), RenderError> {
        let (size, lh, before, after) = heading_metrics(level);
        if !self.fresh() {
            self.y += before;
        }
        let spans = heading_spans(spans);
        let lines = wrap::wrap(self.fonts, &spans, size, x1 - x0);
        let color = if level <= 2 {
            self.opts.accent
        } else {
            palette::TEXT
        };
        // Keep the heading's own lines together.
        self.need(lines.len() as f32 * lh)?;
        if level <= OUTLINE_DEPTH {
            self.outline.push(OutlineEntry {
                level,
                title: markup::plain(&spans).trim().to_string(),
                page: self.pages.len() - 1,
                y: self.y,
            });
        }
        self.lines(&lines, x0, x1 - x0, size, lh, Align::Left, color)?;
        if level == 1 {
            let y = self.y + 1.0;
            self.push_artifact(Item::Line {
                points: vec![(x0, y), (x1, y)],
                color: self.opts.accent.tint(0.6),
                width: 0.8,
                dashed: false,
            });
            self.y += H1_RULE;
        }
        self.y += after;
        Ok(())
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
            let first = item
                .first()
                .map(|b| self.min_height(b, x0 + LIST_INDENT, x1))
                .unwrap_or(BODY_LH);
            self.need(first.max(BODY_LH))?;
            let mw = self.fonts.width(Style::Regular, BODY_SIZE, &marker);
            let base = self.y + baseline(BODY_LH, BODY_SIZE);
            let mx = x0 + LIST_INDENT - 5.0 - mw;
            self.within(Role::LI, None, |l| {
                l.within(Role::Lbl, None, |l| {
                    l.text(mx, base, BODY_SIZE, Style::Regular, palette::TEXT, &marker)
                });
                if item.is_empty() {
                    l.y += BODY_LH;
                }
                l.within(Role::LBody, None, |l| {
                    l.blocks(item, x0 + LIST_INDENT, x1, true)
                })
            })?;
        }
        self.y += PARA_GAP - 2.0;
        Ok(())
    }

    fn column_widths(&self, t: &Table, avail: f32) -> Vec<f32> {
        let n = t.aligns.len();
        let mut minw = vec![0.0f32; n];
        let mut maxw = vec![0.0f32; n];
        let rows = std::iter::once((&t.header, true)).chain(t.rows.iter().map(|r| (r, false)));
        for (row, head) in rows {
            for (c, cell) in row.iter().enumerate().take(n) {
                let cell = if head { bolden(cell) } else { cell.clone() };
                minw[c] =
                    minw[c].max(wrap::min_width(self.fonts, &cell, TABLE_SIZE) + 2.0 * CELL_PAD_X);
                maxw[c] = maxw[c]
                    .max(wrap::natural_width(self.fonts, &cell, TABLE_SIZE) + 2.0 * CELL_PAD_X);
            }
        }
        let smin: f32 = minw.iter().sum();
        let smax: f32 = maxw.iter().sum();
        if smax <= avail {
            let extra = avail - smax;
            maxw.iter().map(|w| w + extra * w / smax.max(1.0)).collect()
        } else if smin <= avail {
            let k = (avail - smin) / (smax - smin).max(0.001);
            minw.iter()
                .zip(&maxw)
                .map(|(a, b)| a + (b - a) * k)
                .collect()
        } else {
            minw.iter().map(|w| w * avail / smin).collect()
        }
    }

    fn cell_lines(&self, row: &[Vec<Span>], widths: &[f32], head: bool) -> Vec<Vec<Line>> {
        row.iter()
            .zip(widths)
            .map(|(cell, w)| {
                let cell = if head { bolden(cell) } else { cell.clone() };
                wrap::wrap(self.fonts, &cell, TABLE_SIZE, w - 2.0 * CELL_PAD_X)
            })
            .collect()
    }

    fn row_height(&self, row: &[Vec<Span>], widths: &[f32], head: bool) -> f32 {
        let n = self
            .cell_lines(row, widths, head)
            .iter()
            .map(|l| l.len())
            .max()
            .unwrap_or(1);
        n.max(1) as f32 * TABLE_LH + 2.0 * CELL_PAD_Y
    }

    /// Height of the body rows a table must start with on its first page: all of them
    /// when there are fewer than `2 * MIN_TABLE_ROWS` and the table fits on a page by
    /// itself (it is not broken then), else the first `MIN_TABLE_ROWS` (so a break never
    /// leaves fewer before it). `head` is the header row's height, `rows` the body rows'.
    fn table_start(&self, head: f32, rows: &[f32]) -> f32 {
        let all: f32 = rows.iter().sum();
        let k = if rows.len() < 2 * MIN_TABLE_ROWS && head + all <= self.body_height() + 0.01 {
            rows.len()
        } else {
            MIN_TABLE_ROWS.min(rows.len())
        };
        rows[..k].iter().sum()
    }

    fn table(&mut self, t: &Table, x0: f32, x1: f32) -> Result<(), RenderError> {
        if t.aligns.is_empty() {
            return Ok(());
        }
        let widths = self.column_widths(t, x1 - x0);
        let head = self.cell_lines(&t.header, &widths, true);
        let head_h = head.iter().map(|l| l.len()).max().unwrap_or(1).max(1) as f32 * TABLE_LH
            + 2.0 * CELL_PAD_Y;
        let heights: Vec<f32> = t
            .rows
            .iter()
            .map(|r| self.row_height(r, &widths, false))
            .collect();
        self.need((head_h + self.table_start(head_h, &heights)).min(self.body_height()))?;
        let n = t.rows.len();
        // Body rows of this table on the current page.
        let mut on_page = 0;
        // THead > TR > TH, drawn once as content; where a page break repeats the
        // header it is an artifact (pagination), so a reader hears it once.
        let ths: Vec<usize> = self.within(Role::THead, None, |l| {
            l.within(Role::TR, None, |l| {
                (0..head.len()).map(|_| l.open(Role::TH, None)).collect()
            })
        });
        self.table_header(&head, &widths, &t.aligns, x0, head_h, Some(&ths));
        let body = self.open(Role::TBody, None);
        for (r, row) in t.rows.iter().enumerate() {
            let cells = self.cell_lines(row, &widths, false);
            let tds: Vec<usize> = self.inside(body, |l| {
                l.within(Role::TR, None, |l| {
                    (0..cells.len()).map(|_| l.open(Role::TD, None)).collect()
                })
            });
            let nlines = cells.iter().map(|l| l.len()).max().unwrap_or(1).max(1);
            // The last MIN_TABLE_ROWS rows go over together when they do not all fit
            // here, so that a break never leaves fewer than that on the next page (as
            // long as as many stay on this one).
            if n >= 2 * MIN_TABLE_ROWS && n - r == MIN_TABLE_ROWS && on_page >= MIN_TABLE_ROWS {
                let rest: f32 = heights[r..].iter().sum();
                if self.y + rest > self.bottom + 0.01 {
                    self.new_page()?;
                    self.table_header(&head, &widths, &t.aligns, x0, head_h, None);
                    on_page = 0;
                }
            }
            let mut from = 0;
            while from < nlines {
                let room = ((self.bottom - self.y - 2.0 * CELL_PAD_Y) / TABLE_LH).floor();
                let rest = nlines - from;
                // The whole rest of the row if it fits; a slice only when the row is
                // taller than a page could ever hold.
                let page_room = ((self.body_height() - head_h - 2.0 * CELL_PAD_Y) / TABLE_LH)
                    .floor()
                    .max(1.0) as usize;
                let fits = room >= rest as f32;
                if !fits && (rest <= page_room || room < 1.0) {
                    self.new_page()?;
                    self.table_header(&head, &widths, &t.aligns, x0, head_h, None);
                    on_page = 0;
                    continue;
                }
                let take = if fits { rest } else { (room as usize).max(1) };
                let h = take as f32 * TABLE_LH + 2.0 * CELL_PAD_Y;
                if r % 2 == 1 {
                    self.push_artifact(Item::Rect {
                        x: x0,
                        y: self.y,
                        w: x1 - x0,
                        h,
                        fill: Some(palette::STRIPE),
                        stroke: None,
                    });
                }
                let mut x = x0;
                for (c, lines) in cells.iter().enumerate() {
                    let w = widths[c];
                    let tag = tds.get(c).map_or(Tag::Artifact, |&e| Tag::Content(e));
                    let saved = std::mem::replace(&mut self.tag, tag);
                    for (i, line) in lines.iter().skip(from).take(take).enumerate() {
                        let top = self.y + CELL_PAD_Y + i as f32 * TABLE_LH;
                        self.place_line(
                            line,
                            x + CELL_PAD_X,
                            w - 2.0 * CELL_PAD_X,
                            top,
                            TABLE_SIZE,
                            TABLE_LH,
                            t.aligns[c],
                            palette::TEXT,
                        );
                    }
                    self.tag = saved;
                    x += w;
                }
                self.y += h;
                from += take;
            }
            on_page += 1;
        }
        self.push_artifact(Item::Line {
            points: vec![(x0, self.y), (x1, self.y)],
            color: palette::RULE,
            width: 0.6,
            dashed: false,
        });
        self.y += 10.0;
        Ok(())
    }

    fn table_header(
        &mut self,
        head: &[Vec<Line>],
        widths: &[f32],
        aligns: &[Align],
        x0: f32,
        h: f32,
        ths: Option<&[usize]>,
    ) {
        let total: f32 = widths.iter().sum();
        let accent = self.opts.accent;
        self.push_artifact(Item::Rect {
            x: x0,
            y: self.y,
            w: total,
            h,
            fill: Some(accent),
            stroke: None,
        });
        let color = if accent.luminance() > 0.6 {
            palette::TEXT
        } else {
            palette::WHITE
        };
        let mut x = x0;
        for (c, lines) in head.iter().enumerate() {
            let tag = match ths.and_then(|t| t.get(c)) {
                Some(&e) => Tag::Content(e),
                None => Tag::Pagination,
            };
            let saved = std::mem::replace(&mut self.tag, tag);
            for (i, line) in lines.iter().enumerate() {
                let top = self.y + CELL_PAD_Y + i as f32 * TABLE_LH;
                self.place_line(
                    line,
                    x + CELL_PAD_X,
                    widths[c] - 2.0 * CELL_PAD_X,
                    top,
                    TABLE_SIZE,
                    TABLE_LH,
                    aligns[c],
                    color,
                );
            }
            self.tag = saved;
            x += widths[c];
        }
        self.y += h;
    }

    fn cover(&mut self, c: &Cover) -> Result<(), RenderError> {
        if self.pages.is_empty() || !self.fresh() {
            self.new_page()?;
        }
        if let Some(p) = self.pages.last_mut() {
            p.cover = true;
        }
        let (w, h) = (self.width, self.height);
        let accent = self.opts.accent;
        self.push_artifact(Item::Rect {
            x: 0.0,
            y: 0.0,
            w,
            h: 12.0 * MM,
            fill: Some(accent),
            stroke: None,
        });
        self.push_artifact(Item::Rect {
            x: 0.0,
            y: h - 6.0 * MM,
            w,
            h: 6.0 * MM,
            fill: Some(accent),
            stroke: None,
        });
        if let Some(logo) = &self.opts.logo {
            let (bw, bh) = (60.0 * MM, 25.0 * MM);
            let a = logo.aspect();
            let (lw, lh) = if bw / bh > a {
                (bh * a, bh)
            } else {
                (bw, bw / a)
            };
            self.push_artifact(Item::Logo {
                x: MARGIN_X,
                y: 24.0 * MM,
                w: lw,
                h: lh,
            });
        }
        let x0 = MARGIN_X;
        let width = w - 2.0 * MARGIN_X;
        let mut y = h * 0.36;
        let put = |l: &mut Self,
                   text: &str,
                   size: f32,
                   lh: f32,
                   style: Style,
                   color: Rgb,
                   y: &mut f32| {
            let spans = [Span {
                text: text.to_string(),
                style,
            }];
            let lines = wrap::wrap(l.fonts, &spans, size, width);
            l.within(Role::P, None, |l| {
                for line in lines {
                    l.place_line(&line, x0, width, *y, size, lh, Align::Left, color);
                    *y += lh;
                }
            });
        };
        put(
            self,
            &c.title,
            28.0,
            34.0,
            Style::Bold,
            palette::TEXT,
            &mut y,
        );
        y += 6.0;
        if let Some(s) = &c.subtitle {
            put(self, s, 15.0, 20.0, Style::Regular, palette::MUTED, &mut y);
            y += 4.0;
        }
        if let Some(p) = &c.period {
            y += 10.0;
            self.push_artifact(Item::Rect {
                x: x0,
                y,
                w: 30.0 * MM,
                h: 2.0,
                fill: Some(accent),
                stroke: None,
            });
            y += 10.0;
            put(self, p, 14.0, 19.0, Style::Bold, accent, &mut y);
        }
        if let Some(o) = &c.organisation {
            let mut oy = h - 40.0 * MM;
            put(self, o, 13.0, 18.0, Style::Bold, palette::TEXT, &mut oy);
        }
        self.closed = true;
        Ok(())
    }

    /// Splits KPI tiles into rows: (tiles, row height).
    fn kpi_rows<'k>(&self, tiles: &'k [Kpi], avail: f32) -> Vec<(&'k [Kpi], f32)> {
        let per = if tiles.len() == 4 { 4 } else { 3 };
        tiles
            .chunks(per)
            .map(|row| {
                let tw = tile_width(avail, per);
                let h = row
                    .iter()
                    .map(|k| self.kpi_height(k, tw))
                    .fold(0.0, f32::max);
                (row, h)
            })
            .collect()
    }

    fn kpi_height(&self, k: &Kpi, tw: f32) -> f32 {
        let inner = tw - 2.0 * KPI_PAD;
        let label = wrap::wrap(
            self.fonts,
            &[Span {
                text: k.label.clone(),
                style: Style::Regular,
            }],
            8.5,
            inner,
        )
        .len();
        let (size, vlines) = self.kpi_value(k, inner);
        let mut h = KPI_PAD + label as f32 * 11.0 + 3.0 + vlines.len() as f32 * value_lh(size);
        if k.change.is_some() {
            h += 3.0 + 13.0 + 10.0;
        }
        h + KPI_PAD
    }

    /// Value size shrunk to fit the tile, and its lines.
    fn kpi_value(&self, k: &Kpi, inner: f32) -> (f32, Vec<Line>) {
        let spans = [Span {
            text: k.value.clone(),
            style: Style::Bold,
        }];
        let mut size = 20.0;
        while size > 8.0 && wrap::natural_width(self.fonts, &spans, size) > inner {
            size -= 1.0;
        }
        (size, wrap::wrap(self.fonts, &spans, size, inner))
    }

    fn kpis(&mut self, tiles: &[Kpi], x0: f32, x1: f32) -> Result<(), RenderError> {
        let per = if tiles.len() == 4 { 4 } else { 3 };
        let tw = tile_width(x1 - x0, per);
        for (row, h) in self.kpi_rows(tiles, x1 - x0) {
            self.need(h)?;
            for (i, k) in row.iter().enumerate() {
                let x = x0 + i as f32 * (tw + KPI_GAP);
                let y = self.y;
                self.within(Role::Div, None, |l| l.kpi(k, x, y, tw, h));
            }
            self.y += h + KPI_GAP;
        }
        self.y += PARA_GAP - KPI_GAP + 4.0;
        Ok(())
    }

    fn kpi(&mut self, k: &Kpi, x: f32, top: f32, tw: f32, h: f32) {
        let accent = self.opts.accent;
        self.push_artifact(Item::Rect {
            x,
            y: top,
            w: tw,
            h,
            fill: Some(accent.tint(0.92)),
            stroke: None,
        });
        self.push_artifact(Item::Rect {
            x,
            y: top,
            w: 3.0,
            h,
            fill: Some(accent),
            stroke: None,
        });
        let inner = tw - 2.0 * KPI_PAD;
        let ix = x + KPI_PAD;
        let mut y = top + KPI_PAD;
        let label = wrap::wrap(
            self.fonts,
            &[Span {
                text: k.label.clone(),
                style: Style::Regular,
            }],
            8.5,
            inner,
        );
        // Label, value, change: one paragraph each, in that order, so a reader hears
        // each tile's label with its value.
        let p = self.open(Role::P, None);
        for line in &label {
            self.tagged(Tag::Content(p), |l| {
                l.place_line(line, ix, inner, y, 8.5, 11.0, Align::Left, palette::MUTED)
            });
            y += 11.0;
        }
        y += 3.0;
        let (size, vlines) = self.kpi_value(k, inner);
        let p = self.open(Role::P, None);
        let saved = std::mem::replace(&mut self.tag, Tag::Content(p));
        for line in &vlines {
            self.place_line(
                line,
                ix,
                inner,
                y,
                size,
                value_lh(size),
                Align::Left,
                palette::TEXT,
            );
            y += value_lh(size);
        }
        self.tag = saved;
        if let Some(change) = &k.change {
            // The change and "vs previous period" read as one sentence; the arrow is
            // decoration, its direction is the change's sign.
            let p = self.open(Role::P, None);
            let saved = std::mem::replace(&mut self.tag, Tag::Content(p));
            y += 3.0;
            let color = match (k.trend, k.good) {
                (Some(Trend::Up), Good::Up) | (Some(Trend::Down), Good::Down) => palette::GOOD,
                (Some(Trend::Up), Good::Down) | (Some(Trend::Down), Good::Up) => palette::BAD,
                _ => palette::MUTED,
            };
            let base = y + baseline(13.0, 9.0);
            let ax = ix + 4.0;
            let mut tx = ix;
            match k.trend {
                Some(Trend::Up) => {
                    self.push_artifact(Item::Polygon {
                        points: vec![(ax - 4.0, base), (ax + 4.0, base), (ax, base - 7.0)],
                        fill: color,
                    });
                    tx += 12.0;
                }
                Some(Trend::Down) => {
                    self.push_artifact(Item::Polygon {
                        points: vec![(ax - 4.0, base - 7.0), (ax + 4.0, base - 7.0), (ax, base)],
                        fill: color,
                    });
                    tx += 12.0;
                }
                Some(Trend::Flat) => {
                    self.push_artifact(Item::Rect {
                        x: ax - 4.0,
                        y: base - 4.5,
                        w: 8.0,
                        h: 2.0,
                        fill: Some(color),
                        stroke: None,
                    });
                    tx += 12.0;
                }
                None => {}
            }
            let spans = [Span {
                text: change.clone(),
                style: Style::Bold,
            }];
            if let Some(line) = wrap::wrap(self.fonts, &spans, 9.0, inner - (tx - ix)).first() {
                self.place_line(line, tx, inner, y, 9.0, 13.0, Align::Left, color);
            }
            y += 13.0;
            let note = [Span {
                text: self.opts.labels.change_vs_previous.clone(),
                style: Style::Regular,
            }];
            if let Some(line) = wrap::wrap(self.fonts, &note, 7.5, inner).first() {
                self.place_line(line, ix, inner, y, 7.5, 10.0, Align::Left, palette::MUTED);
            }
            self.tag = saved;
        }
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
        self.need(16.0 + 2.0 * BODY_LH)?;
        let m = self.mark();
        self.y += 8.0;
        let ix0 = x0 + 14.0;
        let ix1 = x1 - 10.0;
        let title = wrap::wrap(
            self.fonts,
            &[Span {
                text: label,
                style: Style::Bold,
            }],
            BODY_SIZE,
            ix1 - ix0,
        );
        self.within(Role::P, None, |l| {
            l.lines(
                &title,
                ix0,
                ix1 - ix0,
                BODY_SIZE,
                BODY_LH,
                Align::Left,
                palette::TEXT,
            )
        })?;
        self.y += 2.0;
        self.blocks(blocks, ix0, ix1, true)?;
        self.decorate(&m, 6.0, |y0, y1| {
            vec![
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
            ]
        });
        self.y += PARA_GAP + 3.0;
        Ok(())
    }

    /// Places a laid-out chart: whole, or a heatmap row by row under its header.
    fn chart(&mut self, chart: charts::ChartLayout, x0: f32) -> Result<(), RenderError> {
        match chart {
            charts::ChartLayout::Xy(d) => {
                self.need(d.height.min(self.body_height()))?;
                let y = self.y;
                for it in d.items {
                    self.push(it.moved(x0, y));
                }
                self.y += d.height + 10.0;
            }
            charts::ChartLayout::Heatmap { header, rows } => {
                let row_h = charts::HEATMAP_ROW_H;
                let min_rows = rows.len().clamp(1, 3) as f32;
                self.need(header.height + min_rows * row_h)?;
                let mut from = 0;
                loop {
                    let room = ((self.bottom - self.y - header.height) / row_h)
                        .floor()
                        .max(0.0) as usize;
                    if room == 0 && !self.fresh() {
                        self.new_page()?;
                        continue;
                    }
                    let take = room.max(1).min(rows.len() - from);
                    let y = self.y;
                    for it in &header.items {
                        self.push(it.clone().moved(x0, y));
                    }
                    self.y += header.height;
                    for row in &rows[from..from + take] {
                        let y = self.y;
                        for it in &row.items {
                            self.push(it.clone().moved(x0, y));
                        }
                        self.y += row.height;
                    }
                    from += take;
                    if from >= rows.len() {
                        break;
                    }
                    self.new_page()?;
                }
                self.y += 12.0;
            }
        }
        Ok(())
    }

    fn header_footer(&mut self) {
        let total = self.pages.iter().filter(|p| !p.cover).count();
        let header = if self.opts.header.is_empty() {
            self.opts.title.clone()
        } else {
            self.opts.header.clone()
        };
        let mut n = 0;
        for i in 0..self.pages.len() {
            if self.pages[i].cover {
                continue;
            }
            n += 1;
            let (w, h) = (self.pages[i].width, self.pages[i].height);
            let number = format!("{n} / {total}");
            let nw = self.fonts.width(Style::Regular, 8.0, &number);
            let mut items = Vec::new();
            let hy = 14.0 * MM;
            if !header.is_empty() {
                let spans = [Span {
                    text: header.clone(),
                    style: Style::Regular,
                }];
                if let Some(line) = wrap::wrap(self.fonts, &spans, 8.0, w - 2.0 * MARGIN_X).first()
                {
                    for p in &line.pieces {
                        items.push(Item::Text {
                            x: MARGIN_X + p.x,
                            y: hy,
                            size: 8.0,
                            style: p.style,
                            color: palette::MUTED,
                            text: p.text.trim_end().to_string(),
                        });
                    }
                }
            }
            items.push(Item::Line {
                points: vec![(MARGIN_X, hy + 4.0), (w - MARGIN_X, hy + 4.0)],
                color: palette::RULE,
                width: 0.5,
                dashed: false,
            });
            let fy = h - 12.0 * MM;
            if !self.opts.footer.is_empty() {
                let spans = [Span {
                    text: self.opts.footer.clone(),
                    style: Style::Regular,
                }];
                if let Some(line) =
                    wrap::wrap(self.fonts, &spans, 8.0, w - 2.0 * MARGIN_X - nw - 20.0).first()
                {
                    for p in &line.pieces {
                        items.push(Item::Text {
                            x: MARGIN_X + p.x,
                            y: fy,
                            size: 8.0,
                            style: p.style,
                            color: palette::MUTED,
                            text: p.text.trim_end().to_string(),
                        });
                    }
                }
            }
            items.push(Item::Text {
                x: w - MARGIN_X - nw,
                y: fy,
                size: 8.0,
                style: Style::Regular,
                color: palette::MUTED,
                text: number,
            });
            let n = items.len();
            self.pages[i].items.extend(items);
            self.pages[i]
                .tags
                .extend(std::iter::repeat_n(Tag::Pagination, n));
        }
    }
}

const KPI_PAD: f32 = 9.0;

/// Line height of a KPI value: 24 pt at the full 20 pt size, tighter when shrunk.
fn value_lh(size: f32) -> f32 {
    size * 1.2
}
const KPI_GAP: f32 = 8.0;

fn tile_width(avail: f32, per: usize) -> f32 {
    (avail - KPI_GAP * (per as f32 - 1.0)) / per as f32
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

fn bolden(cell: &[Span]) -> Vec<Span> {
    cell.iter()
        .map(|s| Span {
            text: s.text.clone(),
            style: Style::Bold,
        })
        .collect()
}
