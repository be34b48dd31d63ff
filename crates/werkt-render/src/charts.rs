//! Charts drawn as vector items: axes, nice ticks, gridlines, bars, lines with markers,
//! legends, reference lines, and a red-amber-green heatmap. Missing values are gaps or
//! "–", never zero.

use std::ops::Range;

use crate::{
    color::{Rgb, palette},
    fences::{ChartKind, ChartSpec, Threshold},
    fonts::{FontSet, Style},
    layout::MM,
    markup::Span,
    options::{DocumentOptions, Labels},
    page::Item,
    wrap,
};

/// Height of one heatmap row.
pub const HEATMAP_ROW_H: f32 = 16.0;
const TITLE_SIZE: f32 = 10.5;
const TITLE_LH: f32 = 16.0;
const TICK_SIZE: f32 = 7.5;
const DASH: &str = "–";
const ELLIPSIS: &str = "…";
/// Category labels are cut to the wider of their slot and this (1 inch, about 17
/// characters), so a long unit name neither overflows the chart nor thins out every
/// other label.
const CATEGORY_LABEL_MAX: f32 = 72.0;

fn text(x: f32, y: f32, size: f32, style: Style, color: Rgb, s: &str) -> Item {
    Item::Text {
        x,
        y,
        size,
        style,
        color,
        text: s.to_string(),
    }
}

/// `s` as drawn in at most `max_w` points: whole when it fits, else cut at a character
/// and ended with "…" (just "…" when not even one character fits). Linear in the text.
/// Charts cut labels instead of overflowing or failing; the full text is in the report's
/// tables.
pub fn ellipsize(fonts: &FontSet, style: Style, size: f32, s: &str, max_w: f32) -> String {
    if fonts.width(style, size, s) <= max_w {
        return s.to_string();
    }
    let room = max_w - fonts.width(style, size, ELLIPSIS);
    let mut used = 0.0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        used += fonts.char_width(style, size, c);
        if used > room {
            break;
        }
        end = i + c.len_utf8();
    }
    format!("{}{ELLIPSIS}", s[..end].trim_end())
}

fn series_color(opts: &DocumentOptions, i: usize) -> Rgb {
    if i == 0 {
        opts.accent
    } else {
        palette::SERIES[(i - 1) % palette::SERIES.len()]
    }
}

/// The minus sign printed before negative numbers (U+2212): as wide as a plus sign and
/// set at its height, where a hyphen-minus is short and low, and copied as a minus.
pub const MINUS: char = '\u{2212}';

/// A heatmap cell's value (`values[row][column]`), `None` when it has none.
fn cell_value(spec: &ChartSpec, r: usize, c: usize) -> Option<f64> {
    spec.values
        .get(r)
        .and_then(|row| row.get(c))
        .copied()
        .flatten()
}

/// The text the template gave a heatmap cell (`labels[row][column]`), if any: what the
/// cell shows and what its description reads.
fn cell_label(spec: &ChartSpec, r: usize, c: usize) -> Option<String> {
    spec.labels
        .as_ref()
        .and_then(|l| l.get(r))
        .and_then(|row| row.get(c))
        .cloned()
        .flatten()
}

/// Formats a number with the report language's separators and a real minus sign.
pub fn format_number(v: f64, decimals: usize, labels: &Labels) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(labels.thousands_separator);
        }
        grouped.push(c);
    }
    if let Some(f) = frac {
        grouped.push(labels.decimal_separator);
        grouped.push_str(&f);
    }
    let is_zero = s.chars().all(|c| c == '0' || c == '.');
    if v < 0.0 && !is_zero {
        format!("{MINUS}{grouped}")
    } else {
        grouped
    }
}

/// The chart's text alternative (a Figure's /Alt in the tagged PDF), made from its data
/// in the report's language: the kind, the title, then every value with its category
/// (per series when there are several, per row for a heatmap), e.g. "Bar chart: Absence
/// by unit. Nursing A 7.2%, Nursing B 8.4%." A missing value reads as "No data".
pub fn alt_text(spec: &ChartSpec, labels: &Labels) -> String {
    let kind = match spec.kind {
        ChartKind::Bar => &labels.chart_kinds[0],
        ChartKind::Line => &labels.chart_kinds[1],
        ChartKind::StackedBar => &labels.chart_kinds[2],
        ChartKind::Heatmap => &labels.chart_kinds[3],
    };
    let mut out = kind.clone();
    if let Some(t) = spec
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        out.push_str(": ");
        out.push_str(t.trim_end_matches('.'));
    }
    // The axis labels say what the numbers and categories are ("euro; years since the
    // start"), in the template's words.
    let axes: Vec<&str> = [spec.y_label.as_deref(), spec.x_label.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !axes.is_empty() && spec.kind != ChartKind::Heatmap {
        out.push_str(&format!(" ({})", axes.join("; ")));
    }
    out.push('.');
    let unit = spec.unit.as_deref().unwrap_or_default();
    let value = |v: Option<f64>, decimals: usize| match v {
        Some(v) => format!("{}{unit}", format_number(v, decimals, labels)),
        None => labels.no_data.clone(),
    };
    let mut groups: Vec<String> = Vec::new();
    if spec.kind == ChartKind::Heatmap {
        let decimals = spec.decimals.map(usize::from).unwrap_or(1);
        for (r, row) in spec.rows.iter().enumerate() {
            let cells: Vec<String> = spec
                .columns
                .iter()
                .enumerate()
                .map(|(c, col)| {
                    let v = cell_value(spec, r, c);
                    let shown = cell_label(spec, r, c)
                        .filter(|_| v.is_some())
                        .unwrap_or_else(|| value(v, decimals));
                    format!("{col} {shown}")
                })
                .collect();
            groups.push(format!("{row}: {}", cells.join(", ")));
        }
    } else {
        let decimals = spec.decimals.map(usize::from).unwrap_or_else(|| {
            decimals_shown(
                spec.series
                    .iter()
                    .flat_map(|s| s.values.iter().flatten().copied()),
            )
        });
        for s in &spec.series {
            let values: Vec<String> = spec
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    format!(
                        "{c} {}",
                        value(s.values.get(i).copied().flatten(), decimals)
                    )
                })
                .collect();
            if spec.series.len() > 1 {
                groups.push(format!("{}: {}", s.name, values.join(", ")));
            } else {
                groups.push(values.join(", "));
            }
        }
        for r in &spec.reference_lines {
            groups.push(format!(
                "{} {}",
                r.label,
                value(Some(r.value), decimals.max(1))
            ));
        }
    }
    if !groups.is_empty() {
        out.push(' ');
        out.push_str(&groups.join("; "));
        out.push('.');
    }
    out
}

/// Decimals for values read out: the fewest that show every value as it is, but no more
/// than three significant digits of the largest need (0 from 100 up, 1 from 10, else 2),
/// so a computed 93132.59 reads "93,133" and 66.666… reads "67".
fn decimals_shown(values: impl Iterator<Item = f64>) -> usize {
    let mut d = 0;
    let mut max = 0.0f64;
    for v in values {
        max = max.max(v.abs());
        let scaled = |d: usize| v * 10f64.powi(d as i32);
        while d < 2 && (scaled(d).round() - scaled(d)).abs() > 1e-6 {
            d += 1;
        }
    }
    let significant = if max >= 100.0 {
        0
    } else if max >= 10.0 {
        1
    } else {
        2
    };
    d.min(significant)
}

/// Axis range and step with round numbers ("nice numbers").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ticks {
    /// Lowest tick.
    pub lo: f64,
    /// Highest tick.
    pub hi: f64,
    /// Distance between ticks.
    pub step: f64,
}

impl Ticks {
    /// Ticks covering `min..=max` with about five intervals.
    pub fn nice(min: f64, max: f64) -> Ticks {
        let (mut min, mut max) = (min, max);
        if !(min.is_finite() && max.is_finite()) {
            (min, max) = (0.0, 1.0);
        }
        if max - min < 1e-9 {
            let pad = if min.abs() > 1e-9 {
                min.abs() * 0.1
            } else {
                1.0
            };
            min -= pad;
            max += pad;
            if min < 0.0 && max - pad >= 0.0 && max - pad - pad >= 0.0 {
                min = 0.0;
            }
        }
        // The smallest 1-2-5 step that covers the range in at most six intervals.
        let raw = (max - min) / 5.0;
        let e = raw.log10().floor() as i32;
        let mut step = 10f64.powi(e + 2);
        'search: for k in (e - 1)..=(e + 1) {
            for n in [1.0, 2.0, 5.0] {
                let s = n * 10f64.powi(k);
                if (max / s).ceil() - (min / s).floor() <= 6.0 {
                    step = s;
                    break 'search;
                }
            }
        }
        Ticks {
            lo: (min / step).floor() * step,
            hi: (max / step).ceil() * step,
            step,
        }
    }

    /// The tick values, lowest first (at most 60).
    pub fn values(&self) -> Vec<f64> {
        let n = ((self.hi - self.lo) / self.step).round().clamp(0.0, 60.0) as usize;
        (0..=n).map(|i| self.lo + i as f64 * self.step).collect()
    }

    /// Decimals a tick label needs.
    pub fn decimals(&self) -> usize {
        (-self.step.log10().floor()).clamp(0.0, 6.0) as usize
    }
}

struct Frame {
    title_h: f32,
    ylabel_h: f32,
    plot_h: f32,
    xticks_h: f32,
    xlabel_h: f32,
    legend: Vec<Vec<(usize, f32)>>,
}

const LEGEND_LH: f32 = 12.0;

fn frame(spec: &ChartSpec, fonts: &FontSet, width: f32) -> Frame {
    let title_h = match &spec.title {
        Some(t) => {
            wrap::wrap(
                fonts,
                &[Span {
                    text: t.clone(),
                    style: Style::Bold,
                }],
                TITLE_SIZE,
                width,
            )
            .len() as f32
                * TITLE_LH
                + 2.0
        }
        None => 0.0,
    };
    let show_legend = spec.series.len() > 1 || spec.kind == ChartKind::StackedBar;
    let mut legend: Vec<Vec<(usize, f32)>> = Vec::new();
    if show_legend {
        let mut row: Vec<(usize, f32)> = Vec::new();
        let mut x = 0.0;
        for (i, s) in spec.series.iter().enumerate() {
            let w = 12.0 + fonts.width(Style::Regular, 8.0, &s.name).min(width - 12.0) + 14.0;
            if x + w > width && !row.is_empty() {
                legend.push(std::mem::take(&mut row));
                x = 0.0;
            }
            row.push((i, x));
            x += w;
        }
        if !row.is_empty() {
            legend.push(row);
        }
    }
    Frame {
        title_h,
        ylabel_h: if spec.y_label.is_some() { 17.0 } else { 6.0 },
        plot_h: spec.height_mm.unwrap_or(65.0) * MM,
        xticks_h: 14.0,
        xlabel_h: if spec.x_label.is_some() { 12.0 } else { 0.0 },
        legend,
    }
}

/// Total height of a bar, line or stacked bar chart drawn `width` wide.
pub fn xy_height(spec: &ChartSpec, fonts: &FontSet, width: f32) -> f32 {
    let f = frame(spec, fonts, width);
    let legend_h = if f.legend.is_empty() {
        0.0
    } else {
        f.legend.len() as f32 * LEGEND_LH + 4.0
    };
    f.title_h + f.ylabel_h + f.plot_h + f.xticks_h + f.xlabel_h + legend_h
}

fn data_range(spec: &ChartSpec) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut any = false;
    match spec.kind {
        ChartKind::StackedBar => {
            for i in 0..spec.categories.len() {
                let (mut pos, mut neg) = (0.0, 0.0);
                for s in &spec.series {
                    if let Some(Some(v)) = s.values.get(i) {
                        any = true;
                        if *v >= 0.0 { pos += v } else { neg += v }
                    }
                }
                lo = lo.min(neg);
                hi = hi.max(pos);
            }
        }
        _ => {
            for s in &spec.series {
                for v in s.values.iter().flatten() {
                    any = true;
                    lo = lo.min(*v);
                    hi = hi.max(*v);
                }
            }
        }
    }
    any.then_some((lo, hi))
}

/// Draws a bar, line or stacked bar chart with its top-left corner at (`x0`, `y0`).
pub fn draw_xy(
    spec: &ChartSpec,
    fonts: &FontSet,
    opts: &DocumentOptions,
    x0: f32,
    y0: f32,
    width: f32,
) -> Vec<Item> {
    let f = frame(spec, fonts, width);
    let mut out = Vec::new();
    let mut y = y0;
    y = draw_title(spec, fonts, x0, y, width, &mut out);
    // Value range.
    let data = data_range(spec);
    let (mut lo, mut hi) = data.unwrap_or((0.0, 1.0));
    for r in &spec.reference_lines {
        lo = lo.min(r.value);
        hi = hi.max(r.value);
    }
    let bars = spec.kind != ChartKind::Line;
    if bars || (lo > 0.0 && lo < 0.5 * hi) {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    // Fixed bounds replace the data's; the step is chosen for the range actually shown.
    let lo = spec.y_min.unwrap_or(lo);
    let hi = spec.y_max.unwrap_or(hi).max(lo + 1e-9);
    let mut ticks = Ticks::nice(lo, hi);
    if let Some(v) = spec.y_min {
        ticks.lo = v;
    }
    if let Some(v) = spec.y_max {
        ticks.hi = v;
    }
    if ticks.hi <= ticks.lo {
        ticks = Ticks::nice(ticks.lo, ticks.lo + 1.0);
    }
    let decimals = ticks.decimals();
    let unit = spec.unit.clone().unwrap_or_default();
    let tick_values: Vec<f64> = ticks
        .values()
        .into_iter()
        .filter(|v| *v >= ticks.lo - 1e-9 && *v <= ticks.hi + 1e-9)
        .collect();
    let tick_labels: Vec<String> = tick_values
        .iter()
        .map(|v| format!("{}{}", format_number(*v, decimals, &opts.labels), unit))
        .collect();
    let label_w = tick_labels
        .iter()
        .map(|l| fonts.width(Style::Regular, TICK_SIZE, l))
        .fold(0.0, f32::max);

    if let Some(l) = &spec.y_label {
        let l = ellipsize(fonts, Style::Regular, 8.0, l, width.max(0.0));
        out.push(text(x0, y + 7.0, 8.0, Style::Regular, palette::MUTED, &l));
    }
    y += f.ylabel_h;
    // Reference lines are labelled in a gutter right of the plot, where they cannot
    // cover data.
    let ref_labels: Vec<(f64, String)> = spec
        .reference_lines
        .iter()
        .filter(|r| r.value >= ticks.lo && r.value <= ticks.hi)
        .map(|r| {
            (
                r.value,
                format!(
                    "{} {}{}",
                    r.label,
                    format_number(r.value, decimals.max(1), &opts.labels),
                    unit
                ),
            )
        })
        .collect();
    let gutter = ref_labels
        .iter()
        .map(|(_, l)| fonts.width(Style::Bold, 7.0, l) + 6.0)
        .fold(0.0, f32::max)
        .min(width * 0.3);
    let left = x0 + label_w + 6.0;
    let right = x0 + width - 2.0 - gutter;
    let top = y;
    let bottom = y + f.plot_h;
    let pw = (right - left).max(10.0);
    let span = ticks.hi - ticks.lo;
    let sy = |v: f64| -> f32 {
        bottom - ((v.clamp(ticks.lo, ticks.hi) - ticks.lo) / span) as f32 * f.plot_h
    };

    for (v, l) in tick_values.iter().zip(&tick_labels) {
        let ty = sy(*v);
        out.push(Item::Line {
            points: vec![(left, ty), (right, ty)],
            color: palette::GRID,
            width: 0.5,
            dashed: false,
        });
        let lw = fonts.width(Style::Regular, TICK_SIZE, l);
        out.push(text(
            left - 4.0 - lw,
            ty + 2.6,
            TICK_SIZE,
            Style::Regular,
            palette::MUTED,
            l,
        ));
    }
    let n = spec.categories.len().max(1);
    let slot = pw / n as f32;
    let zero = sy(0.0f64.clamp(ticks.lo, ticks.hi));

    if data.is_none() {
        let msg = &opts.labels.no_data;
        let mw = fonts.width(Style::Regular, 9.0, msg);
        out.push(text(
            left + (pw - mw) / 2.0,
            top + f.plot_h / 2.0,
            9.0,
            Style::Regular,
            palette::MUTED,
            msg,
        ));
    }

    let s_count = spec.series.len().max(1);
    match spec.kind {
        ChartKind::Bar => {
            let group = slot * 0.72;
            let bw = group / s_count as f32;
            let label_values = n * s_count <= 16;
            for i in 0..spec.categories.len() {
                let gx = left + i as f32 * slot + (slot - group) / 2.0;
                for (k, s) in spec.series.iter().enumerate() {
                    let bx = gx + k as f32 * bw;
                    match s.values.get(i).copied().flatten() {
                        Some(v) => {
                            let vy = sy(v);
                            let (ry, rh) = if vy < zero {
                                (vy, zero - vy)
                            } else {
                                (zero, vy - zero)
                            };
                            out.push(Item::Rect {
                                x: bx + 0.5,
                                y: ry,
                                w: (bw - 1.0).max(0.5),
                                h: rh.max(0.3),
                                fill: Some(series_color(opts, k)),
                                stroke: None,
                            });
                            if label_values {
                                let l = format_number(
                                    v,
                                    spec.decimals.map(usize::from).unwrap_or(decimals.max(1)),
                                    &opts.labels,
                                );
                                let lw = fonts.width(Style::Regular, 7.0, &l);
                                if lw <= bw + 4.0 {
                                    let ly = if v >= 0.0 { vy - 2.5 } else { vy + 8.0 };
                                    out.push(text(
                                        bx + (bw - lw) / 2.0,
                                        ly,
                                        7.0,
                                        Style::Regular,
                                        palette::TEXT,
                                        &l,
                                    ));
                                }
                            }
                        }
                        None => {
                            let dw = fonts.width(Style::Regular, 10.0, DASH);
                            out.push(text(
                                bx + (bw - dw) / 2.0,
                                zero - 4.0,
                                10.0,
                                Style::Regular,
                                palette::MUTED,
                                DASH,
                            ));
                        }
                    }
                }
            }
        }
        ChartKind::StackedBar => {
            let bw = slot * 0.6;
            for i in 0..spec.categories.len() {
                let bx = left + i as f32 * slot + (slot - bw) / 2.0;
                let (mut pos, mut neg) = (0.0f64, 0.0f64);
                let mut any = false;
                for (k, s) in spec.series.iter().enumerate() {
                    let Some(v) = s.values.get(i).copied().flatten() else {
                        continue;
                    };
                    any = true;
                    let (a, b) = if v >= 0.0 {
                        let a = pos;
                        pos += v;
                        (a, pos)
                    } else {
                        let a = neg;
                        neg += v;
                        (a, neg)
                    };
                    let (ya, yb) = (sy(a), sy(b));
                    out.push(Item::Rect {
                        x: bx,
                        y: ya.min(yb),
                        w: bw,
                        h: (ya - yb).abs().max(0.3),
                        fill: Some(series_color(opts, k)),
                        stroke: Some((palette::WHITE, 0.5)),
                    });
                }
                if !any {
                    let dw = fonts.width(Style::Regular, 10.0, DASH);
                    out.push(text(
                        bx + (bw - dw) / 2.0,
                        zero - 4.0,
                        10.0,
                        Style::Regular,
                        palette::MUTED,
                        DASH,
                    ));
                }
            }
        }
        ChartKind::Line => {
            for (k, s) in spec.series.iter().enumerate() {
                let color = series_color(opts, k);
                let mut run: Vec<(f32, f32)> = Vec::new();
                let mut runs = Vec::new();
                for i in 0..spec.categories.len() {
                    let cx = left + (i as f32 + 0.5) * slot;
                    match s.values.get(i).copied().flatten() {
                        Some(v) => run.push((cx, sy(v))),
                        None => {
                            if !run.is_empty() {
                                runs.push(std::mem::take(&mut run));
                            }
                        }
                    }
                }
                if !run.is_empty() {
                    runs.push(run);
                }
                for r in &runs {
                    if r.len() > 1 {
                        out.push(Item::Line {
                            points: r.clone(),
                            color,
                            width: 1.6,
                            dashed: false,
                        });
                    }
                    for &(px, py) in r {
                        let m = 2.3;
                        let pts = match k % 3 {
                            0 => vec![
                                (px - m, py - m),
                                (px + m, py - m),
                                (px + m, py + m),
                                (px - m, py + m),
                            ],
                            1 => vec![
                                (px, py - m * 1.3),
                                (px + m * 1.3, py),
                                (px, py + m * 1.3),
                                (px - m * 1.3, py),
                            ],
                            _ => vec![
                                (px, py - m * 1.3),
                                (px + m * 1.2, py + m),
                                (px - m * 1.2, py + m),
                            ],
                        };
                        out.push(Item::Polygon {
                            points: pts,
                            fill: color,
                        });
                    }
                }
            }
        }
        ChartKind::Heatmap => {}
    }

    // Axes on top of the data.
    out.push(Item::Line {
        points: vec![(left, top), (left, bottom)],
        color: palette::RULE,
        width: 0.8,
        dashed: false,
    });
    out.push(Item::Line {
        points: vec![(left, zero), (right, zero)],
        color: palette::MUTED,
        width: 0.8,
        dashed: false,
    });

    let ref_color = Rgb::from_u8(0x44, 0x44, 0x44);
    let mut placed: Vec<f32> = Vec::new();
    let mut sorted = ref_labels.clone();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (v, l) in &sorted {
        let ry = sy(*v);
        out.push(Item::Line {
            points: vec![(left, ry), (right, ry)],
            color: ref_color,
            width: 1.0,
            dashed: true,
        });
        // Keep labels of close lines 9 pt apart, top to bottom.
        let mut ly = ry + 2.5;
        if let Some(prev) = placed.last() {
            ly = ly.max(prev + 9.0);
        }
        placed.push(ly);
        let room = (x0 + width - right - 4.0).max(0.0);
        let label = ellipsize(fonts, Style::Bold, 7.0, l, room);
        out.push(text(right + 4.0, ly, 7.0, Style::Bold, ref_color, &label));
    }

    // Category labels, cut with "…" when wider than their slot (or 1 inch) and the
    // chart, and thinned out so they never overlap.
    let max_label = (slot - 4.0).max(CATEGORY_LABEL_MAX).min(width).max(0.0);
    let shown: Vec<(String, f32)> = spec
        .categories
        .iter()
        .map(|c| {
            let c = ellipsize(fonts, Style::Regular, TICK_SIZE, c, max_label);
            let w = fonts.width(Style::Regular, TICK_SIZE, &c);
            (c, w)
        })
        .collect();
    let widest = shown.iter().map(|(_, w)| *w).fold(0.0, f32::max);
    let every = ((widest + 4.0) / slot).ceil().clamp(1.0, n as f32) as usize;
    for (i, (c, cw)) in shown.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let cx = left + (i as f32 + 0.5) * slot - cw / 2.0;
        // Keep the label inside the chart; one wider than the chart starts at its left.
        let cx = cx.min(x0 + width - cw).max(x0);
        out.push(text(
            cx,
            bottom + 10.0,
            TICK_SIZE,
            Style::Regular,
            palette::MUTED,
            c,
        ));
    }
    let mut y = bottom + f.xticks_h;
    if let Some(l) = &spec.x_label {
        let l = ellipsize(fonts, Style::Regular, 8.0, l, pw);
        let lw = fonts.width(Style::Regular, 8.0, &l);
        out.push(text(
            left + (pw - lw).max(0.0) / 2.0,
            y + 8.0,
            8.0,
            Style::Regular,
            palette::MUTED,
            &l,
        ));
        y += f.xlabel_h;
    }
    if !f.legend.is_empty() {
        y += 4.0;
        for row in &f.legend {
            for &(i, lx) in row {
                let s = &spec.series[i];
                out.push(Item::Rect {
                    x: x0 + lx,
                    y: y + 1.5,
                    w: 8.0,
                    h: 8.0,
                    fill: Some(series_color(opts, i)),
                    stroke: None,
                });
                let name = ellipsize(fonts, Style::Regular, 8.0, &s.name, (width - 12.0).max(0.0));
                out.push(text(
                    x0 + lx + 12.0,
                    y + 8.5,
                    8.0,
                    Style::Regular,
                    palette::TEXT,
                    &name,
                ));
            }
            y += LEGEND_LH;
        }
    }
    out
}

/// Row label column width and column width of a heatmap.
fn heatmap_columns(spec: &ChartSpec, fonts: &FontSet, width: f32) -> (f32, f32) {
    let widest = spec
        .rows
        .iter()
        .map(|r| fonts.width(Style::Regular, 8.0, r))
        .fold(0.0, f32::max);
    // 40 pt or more for the unit names, but never more than 40% of the chart (on a
    // chart narrower than 100 pt the 40% wins).
    let label_w = (widest + 10.0).max(40.0).min(width * 0.4).max(0.0);
    let col_w = (width - label_w) / spec.columns.len().max(1) as f32;
    (label_w, col_w)
}

fn header_lines(spec: &ChartSpec, fonts: &FontSet, width: f32) -> Vec<Vec<wrap::Line>> {
    let (_, col_w) = heatmap_columns(spec, fonts, width);
    spec.columns
        .iter()
        .map(|c| {
            wrap::wrap(
                fonts,
                &[Span {
                    text: c.clone(),
                    style: Style::Bold,
                }],
                7.5,
                col_w - 4.0,
            )
        })
        .collect()
}

/// Height of a heatmap's title and column header (repeated on each page it spans).
pub fn heatmap_header_height(spec: &ChartSpec, fonts: &FontSet, width: f32) -> f32 {
    let title_h = match &spec.title {
        Some(t) => {
            wrap::wrap(
                fonts,
                &[Span {
                    text: t.clone(),
                    style: Style::Bold,
                }],
                TITLE_SIZE,
                width,
            )
            .len() as f32
                * TITLE_LH
                + 2.0
        }
        None => 0.0,
    };
    let n = header_lines(spec, fonts, width)
        .iter()
        .map(|l| l.len())
        .max()
        .unwrap_or(1)
        .max(1);
    title_h + n as f32 * 9.5 + 6.0
}

/// Red, amber or green for a value against a column threshold.
pub fn rag(v: f64, t: &Threshold) -> Rgb {
    let lower_better = t.green < t.red;
    let (green, red) = if lower_better {
        (v <= t.green, v >= t.red)
    } else {
        (v >= t.green, v <= t.red)
    };
    if green {
        palette::GOOD
    } else if red {
        palette::BAD
    } else {
        palette::AMBER
    }
}

/// Draws heatmap rows `rows` (with title and column header) at (`x0`, `y0`).
#[allow(clippy::too_many_arguments)]
pub fn draw_heatmap(
    spec: &ChartSpec,
    fonts: &FontSet,
    opts: &DocumentOptions,
    x0: f32,
    y0: f32,
    width: f32,
    rows: Range<usize>,
) -> Vec<Item> {
    let mut out = Vec::new();
    let mut y = y0;
    y = draw_title(spec, fonts, x0, y, width, &mut out);
    let (label_w, col_w) = heatmap_columns(spec, fonts, width);
    let heads = header_lines(spec, fonts, width);
    let n = heads.iter().map(|l| l.len()).max().unwrap_or(1).max(1);
    let head_h = n as f32 * 9.5 + 6.0;
    for (c, lines) in heads.iter().enumerate() {
        let cx = x0 + label_w + c as f32 * col_w;
        // Bottom-align the column titles so short ones sit next to the cells.
        let mut ly = y + head_h - 4.0 - (lines.len() as f32 - 1.0) * 9.5;
        for line in lines {
            let lx = cx + (col_w - line.width) / 2.0;
            for p in &line.pieces {
                out.push(text(
                    lx + p.x,
                    ly - 1.5,
                    7.5,
                    p.style,
                    palette::TEXT,
                    p.text.trim_end(),
                ));
            }
            ly += 9.5;
        }
    }
    y += head_h;
    let decimals = spec.decimals.map(usize::from).unwrap_or(1);
    for r in rows {
        let Some(name) = spec.rows.get(r) else { break };
        // Shrink a long unit name to fit; only past 6 pt is it shortened with "…".
        let avail = label_w - 6.0;
        let mut size = 8.0;
        while size > 6.0 && fonts.width(Style::Regular, size, name) > avail {
            size -= 0.5;
        }
        let shown = ellipsize(fonts, Style::Regular, size, name, avail);
        out.push(text(
            x0,
            y + 11.0,
            size,
            Style::Regular,
            palette::TEXT,
            &shown,
        ));
        for c in 0..spec.columns.len() {
            let cx = x0 + label_w + c as f32 * col_w;
            let v = cell_value(spec, r, c);
            let t = spec.thresholds.get(c).copied().flatten();
            let (fill, label) = match v {
                None => (Rgb::from_u8(0xEE, 0xEE, 0xEE), DASH.to_string()),
                Some(v) => {
                    let fill = match &t {
                        Some(t) => rag(v, t).tint(0.55),
                        None => palette::STRIPE,
                    };
                    let label = cell_label(spec, r, c)
                        .unwrap_or_else(|| format_number(v, decimals, &opts.labels));
                    (fill, label)
                }
            };
            out.push(Item::Rect {
                x: cx + 0.75,
                y: y + 0.75,
                w: col_w - 1.5,
                h: HEATMAP_ROW_H - 1.5,
                fill: Some(fill),
                stroke: None,
            });
            let mut size = 8.0;
            while size > 5.0 && fonts.width(Style::Regular, size, &label) > col_w - 4.0 {
                size -= 0.5;
            }
            let lw = fonts.width(Style::Regular, size, &label);
            out.push(text(
                cx + (col_w - lw) / 2.0,
                y + 11.0,
                size,
                Style::Regular,
                palette::TEXT,
                &label,
            ));
        }
        y += HEATMAP_ROW_H;
    }
    out
}

/// The chart's title, wrapped to `width` from the top `y`; returns where the chart goes on.
/// Bar, line and heatmap charts share it, so their titles look and wrap alike.
fn draw_title(
    spec: &ChartSpec,
    fonts: &FontSet,
    x0: f32,
    mut y: f32,
    width: f32,
    out: &mut Vec<Item>,
) -> f32 {
    let Some(t) = &spec.title else { return y };
    let title = [Span {
        text: t.clone(),
        style: Style::Bold,
    }];
    for line in wrap::wrap(fonts, &title, TITLE_SIZE, width) {
        for p in &line.pieces {
            out.push(text(
                x0 + p.x,
                y + 12.0,
                TITLE_SIZE,
                p.style,
                palette::TEXT,
                p.text.trim_end(),
            ));
        }
        y += TITLE_LH;
    }
    y + 2.0
}

/// A piece of a chart laid out at the origin: items relative to its top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    /// Height it takes, pt.
    pub height: f32,
    /// Items, positioned from the piece's top-left corner.
    pub items: Vec<Item>,
}

/// A chart laid out once, `width` wide: a bar, line or stacked chart is one piece; a
/// heatmap is a header (title and column heads, repeated on each page it spans) and
/// one piece per row, so that it can break between rows.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartLayout {
    /// Placed whole.
    Xy(Drawn),
    /// Placed a row at a time under its header.
    Heatmap {
        /// Title and column heads.
        header: Drawn,
        /// The rows, each [`HEATMAP_ROW_H`] high.
        rows: Vec<Drawn>,
    },
}

/// Lays `spec` out `width` wide.
pub fn layout(
    spec: &ChartSpec,
    fonts: &FontSet,
    opts: &DocumentOptions,
    width: f32,
) -> ChartLayout {
    if spec.kind == ChartKind::Heatmap {
        let header_h = heatmap_header_height(spec, fonts, width);
        let header = draw_heatmap(spec, fonts, opts, 0.0, 0.0, width, 0..0);
        let n = header.len();
        let rows = (0..spec.rows.len())
            .map(|r| {
                let mut items = draw_heatmap(spec, fonts, opts, 0.0, -header_h, width, r..r + 1);
                items.drain(..n);
                Drawn {
                    height: HEATMAP_ROW_H,
                    items,
                }
            })
            .collect();
        ChartLayout::Heatmap {
            header: Drawn {
                height: header_h,
                items: header,
            },
            rows,
        }
    } else {
        ChartLayout::Xy(Drawn {
            height: xy_height(spec, fonts, width),
            items: draw_xy(spec, fonts, opts, 0.0, 0.0, width),
        })
    }
}
