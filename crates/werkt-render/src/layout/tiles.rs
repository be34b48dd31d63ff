//! KPI tiles: three or four to a row, each its label, value and change in that order
//! (one paragraph each, so a reader hears a tile's label with its value), the row as
//! high as its tallest tile.

use super::{Builder, PARA_GAP, baseline, flow::Frame, set_line};
use crate::{
    color::palette,
    fences::{Good, Kpi, Trend},
    markup::{Align, Span},
    page::{Item, Role, Tag},
    style::{self, TextStyle},
    wrap,
};

const KPI_PAD: f32 = 9.0;
const KPI_GAP: f32 = 8.0;

impl Builder<'_> {
    pub(super) fn kpis(&mut self, tiles: &[Kpi], x0: f32, x1: f32) {
        let per = if tiles.len() == 4 { 4 } else { 3 };
        let tw = (x1 - x0 - KPI_GAP * (per as f32 - 1.0)) / per as f32;
        let rows = tiles.chunks(per).count();
        for (r, row) in tiles.chunks(per).enumerate() {
            let laid: Vec<Frame> = row
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    let x = x0 + i as f32 * (tw + KPI_GAP);
                    self.within(Role::Div, None, |b, _| b.tile(k, x, tw))
                })
                .collect();
            let h = laid.iter().map(|f| f.height).fold(0.0, f32::max);
            let mut f = Frame::new(h);
            let accent = self.opts.accent;
            for (i, tile) in laid.into_iter().enumerate() {
                let x = x0 + i as f32 * (tw + KPI_GAP);
                f.push(
                    Item::Rect {
                        x,
                        y: 0.0,
                        w: tw,
                        h,
                        fill: Some(accent.tint(0.92)),
                        stroke: None,
                    },
                    Tag::Artifact,
                );
                f.push(
                    Item::Rect {
                        x,
                        y: 0.0,
                        w: 3.0,
                        h,
                        fill: Some(accent),
                        stroke: None,
                    },
                    Tag::Artifact,
                );
                f.append(tile, 0.0);
            }
            self.frame(f);
            self.space(if r + 1 == rows {
                PARA_GAP + 4.0
            } else {
                KPI_GAP
            });
        }
    }

    /// One tile's text, `tw` wide at `x`; its height is where the text ends.
    fn tile(&mut self, k: &Kpi, x: f32, tw: f32) -> Frame {
        let inner = tw - 2.0 * KPI_PAD;
        let ix = x + KPI_PAD;
        let mut f = Frame::default();
        let mut y = KPI_PAD;
        self.paragraph_at(
            &mut f,
            &mut y,
            &k.label,
            style::KPI_LABEL,
            palette::MUTED,
            ix,
            inner,
        );
        y += 3.0;
        let value = shrunk_value(self, &k.value, inner);
        self.paragraph_at(&mut f, &mut y, &k.value, value, palette::TEXT, ix, inner);
        if let Some(change) = &k.change {
            // The change and "vs previous period" read as one sentence; the arrow is
            // decoration, its direction is the change's sign.
            y += 3.0;
            let color = match (k.trend, k.good) {
                (Some(Trend::Up), Good::Up) | (Some(Trend::Down), Good::Down) => palette::GOOD,
                (Some(Trend::Up), Good::Down) | (Some(Trend::Down), Good::Up) => palette::BAD,
                _ => palette::MUTED,
            };
            let ts = style::KPI_CHANGE;
            let base = y + baseline(ts.line_height, ts.size);
            let ax = ix + 4.0;
            let arrow = match k.trend {
                Some(Trend::Up) => Some(Item::Polygon {
                    points: vec![(ax - 4.0, base), (ax + 4.0, base), (ax, base - 7.0)],
                    fill: color,
                }),
                Some(Trend::Down) => Some(Item::Polygon {
                    points: vec![(ax - 4.0, base - 7.0), (ax + 4.0, base - 7.0), (ax, base)],
                    fill: color,
                }),
                Some(Trend::Flat) => Some(Item::Rect {
                    x: ax - 4.0,
                    y: base - 4.5,
                    w: 8.0,
                    h: 2.0,
                    fill: Some(color),
                    stroke: None,
                }),
                None => None,
            };
            let tx = if arrow.is_some() { ix + 12.0 } else { ix };
            if let Some(a) = arrow {
                f.push(a, Tag::Artifact);
            }
            let p = self.open(Role::P, None);
            let spans = [Span {
                text: change.clone(),
                style: ts.face,
            }];
            if let Some(line) = wrap::wrap(self.fonts, &spans, ts.size, inner - (tx - ix)).first() {
                set_line(
                    &mut f,
                    line,
                    tx,
                    inner,
                    y,
                    ts,
                    Align::Left,
                    color,
                    Tag::Content(p),
                );
            }
            y += ts.line_height;
            let note = style::KPI_NOTE;
            let spans = [Span {
                text: self.opts.labels.change_vs_previous.clone(),
                style: note.face,
            }];
            if let Some(line) = wrap::wrap(self.fonts, &spans, note.size, inner).first() {
                set_line(
                    &mut f,
                    line,
                    ix,
                    inner,
                    y,
                    note,
                    Align::Left,
                    palette::MUTED,
                    Tag::Content(p),
                );
            }
            y += note.line_height;
        }
        f.height = y + KPI_PAD;
        f
    }
}

impl Builder<'_> {
    /// `text` in one face as a paragraph of its own, set into `f` from `y` down (moved
    /// past it).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn paragraph_at(
        &mut self,
        f: &mut Frame,
        y: &mut f32,
        text: &str,
        ts: TextStyle,
        color: crate::color::Rgb,
        x: f32,
        width: f32,
    ) {
        let p = self.open(Role::P, None);
        let spans = [Span {
            text: text.to_string(),
            style: ts.face,
        }];
        for line in wrap::wrap(self.fonts, &spans, ts.size, width) {
            set_line(
                f,
                &line,
                x,
                width,
                *y,
                ts,
                Align::Left,
                color,
                Tag::Content(p),
            );
            *y += ts.line_height;
        }
    }
}

/// The value's style, its size shrunk a point at a time (to 8 pt) until it fits the
/// tile on one line, on a line 1.2 times its size.
fn shrunk_value(b: &Builder<'_>, value: &str, inner: f32) -> TextStyle {
    let mut ts = style::KPI_VALUE;
    while ts.size > 8.0 && b.fonts.width(ts.face, ts.size, value) > inner {
        ts.size -= 1.0;
        ts.line_height = ts.size * 1.2;
    }
    ts
}
