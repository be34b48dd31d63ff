//! GFM tables: column widths from the cells' natural and narrowest widths, a header
//! repeated on every page the table spans, and at least three body rows on either side
//! of a page break.

use super::{
    Builder,
    flow::{Frame, Node, may_break_after},
    set_line,
};
use crate::{
    color::{Rgb, palette},
    markup::{Align, Span, Table},
    page::{Item, Role, Tag},
    style::{self, TextStyle},
    wrap::{self, Line},
};

const CELL_PAD_X: f32 = 5.0;
const CELL_PAD_Y: f32 = 3.5;
/// Fewest body rows of a table (or heatmap) on either side of a page break.
const MIN_ROWS: usize = 3;
/// Space after a table.
const TABLE_GAP: f32 = 10.0;

/// Whether each row is kept with the next: at least [`MIN_ROWS`] on either side of a
/// break, and a table of fewer than `2 * MIN_ROWS` rows that fits on a page by itself is
/// not broken at all. The last row is kept with a note that follows.
pub(super) fn row_keeps(head: f32, rows: &[f32], body: f32, note_follows: bool) -> Vec<bool> {
    let n = rows.len();
    let whole = n < 2 * MIN_ROWS && head + rows.iter().sum::<f32>() <= body + 0.01;
    (1..=n)
        .map(|k| {
            if k == n {
                note_follows
            } else {
                whole || !may_break_after(k, n, MIN_ROWS)
            }
        })
        .collect()
}

impl Builder<'_> {
    pub(super) fn table(&mut self, t: &Table, x0: f32, x1: f32, note_follows: bool) {
        if t.aligns.is_empty() {
            return;
        }
        let widths = self.column_widths(t, x1 - x0);
        // THead > TR > TH, laid out once; where a page break repeats it, pagination
        // tags the copy as an artifact, so a reader hears the header once.
        let head_lines = self.cell_lines(&t.header, &widths, true);
        let mut head = self.within(Role::THead, None, |b, _| {
            b.within(Role::TR, None, |b, _| {
                let tags: Vec<Tag> = (0..head_lines.len())
                    .map(|_| Tag::Content(b.open(Role::TH, None)))
                    .collect();
                let cells = Cells {
                    lines: &head_lines,
                    widths: &widths,
                    aligns: &t.aligns,
                    x0,
                    tags: &tags,
                };
                header_frame(&cells, b.opts.accent)
            })
        });
        head.keep = true;
        let body = self.open(Role::TBody, None);
        let rows: Vec<Vec<Frame>> = t
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let cells = self.cell_lines(row, &widths, false);
                let tags: Vec<Tag> = self.inside(body, |b| {
                    b.within(Role::TR, None, |b, _| {
                        (0..cells.len())
                            .map(|_| Tag::Content(b.open(Role::TD, None)))
                            .collect()
                    })
                });
                let cells = Cells {
                    lines: &cells,
                    widths: &widths,
                    aligns: &t.aligns,
                    x0,
                    tags: &tags,
                };
                self.row_frames(&cells, r % 2 == 1, head.height)
            })
            .collect();
        let heights: Vec<f32> = rows
            .iter()
            .map(|r| r.iter().map(|f| f.height).sum())
            .collect();
        let keeps = row_keeps(head.height, &heights, self.body_height(), note_follows);
        self.nodes.push(Node::Header(head));
        let n = rows.len();
        for (r, (frames, keep)) in rows.into_iter().zip(keeps).enumerate() {
            let m = frames.len();
            for (i, mut f) in frames.into_iter().enumerate() {
                if i + 1 == m {
                    f.keep = keep;
                    if r + 1 == n {
                        f.push(
                            Item::Line {
                                points: vec![(x0, f.height), (x1, f.height)],
                                color: palette::RULE,
                                width: 0.6,
                                dashed: false,
                            },
                            Tag::Artifact,
                        );
                    }
                }
                self.frame(f);
            }
        }
        self.nodes.push(Node::HeaderEnd);
        self.space(TABLE_GAP);
    }

    fn column_widths(&self, t: &Table, avail: f32) -> Vec<f32> {
        let n = t.aligns.len();
        let mut minw = vec![0.0f32; n];
        let mut maxw = vec![0.0f32; n];
        let rows = std::iter::once((&t.header, true)).chain(t.rows.iter().map(|r| (r, false)));
        for (row, head) in rows {
            for (c, cell) in row.iter().enumerate().take(n) {
                let ts = cell_style(head);
                let cell = restyle(cell, head);
                minw[c] =
                    minw[c].max(wrap::min_width(self.fonts, &cell, ts.size) + 2.0 * CELL_PAD_X);
                maxw[c] =
                    maxw[c].max(wrap::natural_width(self.fonts, &cell, ts.size) + 2.0 * CELL_PAD_X);
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
        let ts = cell_style(head);
        row.iter()
            .zip(widths)
            .map(|(cell, w)| {
                wrap::wrap(
                    self.fonts,
                    &restyle(cell, head),
                    ts.size,
                    w - 2.0 * CELL_PAD_X,
                )
            })
            .collect()
    }

    /// A body row as one frame, or, when it is taller than a page could hold under the
    /// header, a frame per line so that it can break.
    fn row_frames(&self, cells: &Cells<'_>, striped: bool, head: f32) -> Vec<Frame> {
        let ts = style::TABLE;
        let nlines = cells.height();
        let (x0, total) = (cells.x0, cells.widths.iter().sum::<f32>());
        let whole = nlines as f32 * ts.line_height + 2.0 * CELL_PAD_Y;
        let slices: Vec<std::ops::Range<usize>> = if whole <= self.body_height() - head {
            std::iter::once(0..nlines).collect()
        } else {
            (0..nlines).map(|i| i..i + 1).collect()
        };
        let last = slices.len() - 1;
        slices
            .into_iter()
            .enumerate()
            .map(|(s, lines)| {
                let pad_top = if s == 0 { CELL_PAD_Y } else { 0.0 };
                let pad_bottom = if s == last { CELL_PAD_Y } else { 0.0 };
                let mut f = Frame::new(pad_top + lines.len() as f32 * ts.line_height + pad_bottom);
                if striped {
                    f.push(
                        Item::Rect {
                            x: x0,
                            y: 0.0,
                            w: total,
                            h: f.height,
                            fill: Some(palette::STRIPE),
                            stroke: None,
                        },
                        Tag::Artifact,
                    );
                }
                cells.set(&mut f, lines, pad_top, ts, palette::TEXT);
                f
            })
            .collect()
    }
}

/// A row's cells as wrapped, with where its columns are and the structure element of each:
/// all that setting the row, or a slice of its lines, needs.
struct Cells<'a> {
    lines: &'a [Vec<Line>],
    widths: &'a [f32],
    aligns: &'a [Align],
    x0: f32,
    tags: &'a [Tag],
}

impl Cells<'_> {
    /// Lines of the row's tallest cell (at least one).
    fn height(&self) -> usize {
        self.lines.iter().map(|l| l.len()).max().unwrap_or(1).max(1)
    }

    /// Sets lines `range` of every cell into `f`, the first at `top`.
    fn set(
        &self,
        f: &mut Frame,
        range: std::ops::Range<usize>,
        top: f32,
        ts: TextStyle,
        color: Rgb,
    ) {
        let mut x = self.x0;
        for (c, cell) in self.lines.iter().enumerate() {
            let tag = self.tags.get(c).copied().unwrap_or(Tag::Artifact);
            let w = self.widths[c];
            for (i, line) in cell.iter().enumerate().skip(range.start).take(range.len()) {
                let y = top + (i - range.start) as f32 * ts.line_height;
                set_line(
                    f,
                    line,
                    x + CELL_PAD_X,
                    w - 2.0 * CELL_PAD_X,
                    y,
                    ts,
                    self.aligns[c],
                    color,
                    tag,
                );
            }
            x += w;
        }
    }
}

/// The header row: the accent band with the column titles.
fn header_frame(head: &Cells<'_>, accent: Rgb) -> Frame {
    let ts = style::TABLE_HEAD;
    let n = head.height();
    let mut f = Frame::new(n as f32 * ts.line_height + 2.0 * CELL_PAD_Y);
    f.push(
        Item::Rect {
            x: head.x0,
            y: 0.0,
            w: head.widths.iter().sum(),
            h: f.height,
            fill: Some(accent),
            stroke: None,
        },
        Tag::Artifact,
    );
    let color = if accent.luminance() > 0.6 {
        palette::TEXT
    } else {
        palette::WHITE
    };
    head.set(&mut f, 0..n, CELL_PAD_Y, ts, color);
    f
}

fn cell_style(head: bool) -> TextStyle {
    if head {
        style::TABLE_HEAD
    } else {
        style::TABLE
    }
}

/// A cell's spans as set: header cells all in the header's face.
fn restyle(cell: &[Span], head: bool) -> Vec<Span> {
    if !head {
        return cell.to_vec();
    }
    cell.iter()
        .map(|s| Span {
            text: s.text.clone(),
            style: style::TABLE_HEAD.face,
        })
        .collect()
}
