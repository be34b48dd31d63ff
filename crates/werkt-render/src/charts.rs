//! Charts drawn as vector items: axes, nice ticks, gridlines, bars (up, or across for
//! named categories such as units), lines with markers, legends, reference lines, and a
//! red-amber-green heatmap. Missing values are gaps or "–", never zero.
//!
//! A chart is laid out once, at the origin ([`layout`]). An x-y chart first computes its
//! `Plot`: where the title, plot area, axis labels and legend go, the value scale, the
//! category slots and the colours. Every drawing step (value axis, bars, stacks, lines,
//! axis lines, reference lines, category axis, legend) reads that one struct, and the
//! chart's height is the plot's bottom edge plus the strips it placed under it, so the
//! height the page layout reserves is always the height the items take. A heatmap is a
//! header (title and column heads, repeated on every page it spans) and one piece per
//! row, each measured by laying it out.

use crate::{
    color::{Rgb, palette},
    fences::{Chart, Heatmap, Threshold, XyChart, XyKind},
    fonts::FontSet,
    markup::Span,
    options::{DocumentOptions, Labels},
    page::Item,
    style::{self, TextStyle},
    wrap,
};

/// Height of one heatmap row: one line of cell text.
pub const HEATMAP_ROW_H: f32 = style::HEATMAP_CELL.line_height;
/// Baseline of a heatmap row's texts, from the row's top.
const HEATMAP_BASELINE: f32 = 11.0;
/// Space a title leaves below its last line.
const TITLE_GAP: f32 = 2.0;
/// Baseline of a title line, from the line's top.
const TITLE_BASELINE: f32 = 12.0;
/// Strip above a vertical plot: with a value label it holds the label, without it is a
/// gap that keeps the top tick label clear of the title.
const Y_LABEL_STRIP: f32 = 17.0;
const PLOT_TOP_GAP: f32 = 6.0;
/// Gap between the x axis strips and the legend.
const LEGEND_GAP: f32 = 4.0;
/// Legend swatch size, and the distance from a swatch to its name.
const SWATCH: f32 = 8.0;
const SWATCH_ADVANCE: f32 = 12.0;
/// Space after a legend entry's name.
const LEGEND_ENTRY_GAP: f32 = 14.0;
const DASH: &str = "–";
const ELLIPSIS: &str = "…";
/// Category labels are cut to the wider of their slot and this (1 inch, about 17
/// characters), so a long unit name neither overflows the chart nor thins out every
/// other label.
const CATEGORY_LABEL_MAX: f32 = 72.0;
/// Colour of reference lines and their labels: darker than the grid, unlike any series.
const REFERENCE_COLOR: Rgb = Rgb::from_u8(0x44, 0x44, 0x44);

fn text(x: f32, y: f32, style: TextStyle, color: Rgb, s: &str) -> Item {
    Item::Text {
        x,
        y,
        size: style.size,
        style: style.face,
        color,
        text: s.to_string(),
    }
}

/// `style` at another size (a heatmap text shrunk to fit its cell).
fn sized(style: TextStyle, size: f32) -> TextStyle {
    TextStyle { size, ..style }
}

fn text_width(fonts: &FontSet, style: TextStyle, s: &str) -> f32 {
    fonts.width(style.face, style.size, s)
}

/// `s` as drawn in at most `max_w` points: whole when it fits, else cut at a character
/// and ended with "…" (just "…" when not even one character fits). Linear in the text.
/// Charts cut labels instead of overflowing or failing; the full text is in the report's
/// tables.
fn ellipsize(fonts: &FontSet, style: TextStyle, s: &str, max_w: f32) -> String {
    if text_width(fonts, style, s) <= max_w {
        return s.to_string();
    }
    let room = max_w - text_width(fonts, style, ELLIPSIS);
    let mut used = 0.0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        used += fonts.char_width(style.face, style.size, c);
        if used > room {
            break;
        }
        end = i + c.len_utf8();
    }
    format!("{}{ELLIPSIS}", s[..end].trim_end())
}

/// Largest size from `style.size` down to `min`, in half points, at which `s` fits
/// `max_w` (`min` when none does).
fn shrink(fonts: &FontSet, style: TextStyle, min: f32, s: &str, max_w: f32) -> TextStyle {
    let mut size = style.size;
    while size > min && fonts.width(style.face, size, s) > max_w {
        size -= 0.5;
    }
    sized(style, size)
}

/// Colour of series `i` of chart `c`: the ordered ramp when its series are ordered
/// classes (two or more), else the accent colour first, then the categorical palette.
fn series_color(c: &XyChart, opts: &DocumentOptions, i: usize) -> Rgb {
    // One series has no order to show; it keeps the accent colour.
    if c.ordered && c.series.len() > 1 {
        palette::ordered(i, c.series.len())
    } else if i == 0 {
        opts.accent
    } else {
        palette::SERIES[(i - 1) % palette::SERIES.len()]
    }
}

/// Formats a number with the report language's separators (from the labels) and a real
/// minus sign, by the report's one formatter, so a chart label rounds as the table beside
/// it does.
pub fn format_number(v: f64, decimals: usize, labels: &Labels) -> String {
    let style = werkt_model::format::NumberStyle {
        decimal: labels.decimal_separator,
        thousands: labels.thousands_separator,
    };
    werkt_model::format::number_in(style, v, decimals)
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

/// The chart's text alternative (a Figure's /Alt in the tagged PDF), made from its data
/// in the report's language: the kind, the title, then every value with its category
/// (per series when there are several, per row for a heatmap), e.g. "Bar chart: Absence
/// by unit. Nursing A 7.2%, Nursing B 8.4%." A missing value reads as "No data".
pub fn alt_text(chart: &Chart, labels: &Labels) -> String {
    let (kind, title, unit) = match chart {
        Chart::Xy(c) => {
            let kind = match c.kind {
                // Bars either way read the same: a value per category.
                XyKind::Bar | XyKind::HBar => &labels.chart_kinds[0],
                XyKind::Line => &labels.chart_kinds[1],
                XyKind::StackedBar => &labels.chart_kinds[2],
            };
            (kind, &c.title, &c.unit)
        }
        Chart::Heatmap(h) => (&labels.chart_kinds[3], &h.title, &h.unit),
    };
    let mut out = kind.clone();
    if let Some(t) = title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        out.push_str(": ");
        out.push_str(t.trim_end_matches('.'));
    }
    let value = |v: Option<f64>, decimals: usize| match v {
        Some(v) => format!("{}{unit}", format_number(v, decimals, labels)),
        None => labels.no_data.clone(),
    };
    let mut groups: Vec<String> = Vec::new();
    match chart {
        Chart::Xy(c) => {
            // The axis labels say what the numbers and categories are ("euro; years since
            // the start"), in the template's words.
            let values = value_label(c, labels);
            let axes: Vec<&str> = [values.as_deref(), c.x_label.as_deref()]
                .into_iter()
                .flatten()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            if !axes.is_empty() {
                out.push_str(&format!(" ({})", axes.join("; ")));
            }
            let decimals = c.decimals.unwrap_or_else(|| {
                decimals_shown(
                    c.series
                        .iter()
                        .flat_map(|s| s.values.iter().flatten().copied()),
                )
            });
            for s in &c.series {
                let values: Vec<String> = c
                    .categories
                    .iter()
                    .enumerate()
                    .map(|(i, cat)| {
                        format!(
                            "{cat} {}",
                            value(s.values.get(i).copied().flatten(), decimals)
                        )
                    })
                    .collect();
                if c.series.len() > 1 {
                    groups.push(format!("{}: {}", s.name, values.join(", ")));
                } else {
                    groups.push(values.join(", "));
                }
            }
            for r in &c.reference_lines {
                groups.push(format!(
                    "{} {}",
                    r.label,
                    value(Some(r.value), decimals.max(1))
                ));
            }
        }
        Chart::Heatmap(h) => {
            for (r, row) in h.rows.iter().enumerate() {
                let cells: Vec<String> = h
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(c, col)| {
                        let shown = match h.cell(r, c) {
                            Some((_, Some(label))) => label.to_string(),
                            Some((v, None)) => value(Some(v), h.decimals),
                            None => value(None, h.decimals),
                        };
                        format!("{col} {shown}")
                    })
                    .collect();
                groups.push(format!("{row}: {}", cells.join(", ")));
            }
        }
    }
    out.push('.');
    if !groups.is_empty() {
        out.push(' ');
        out.push_str(&groups.join("; "));
        out.push('.');
    }
    out
}

/// Where the strips under a plot end whose bottom axis is at `bottom`: the tick labels,
/// then the axis label if there is one.
fn axis_strips(bottom: f32, labelled: bool) -> (f32, f32) {
    let below_ticks = bottom + style::CHART_TICK.line_height;
    let label = if labelled {
        style::CHART_AXIS_LABEL.line_height
    } else {
        0.0
    };
    (below_ticks, below_ticks + label)
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

/// Lays `chart` out `width` wide. Its heights are those of the items it placed, so
/// measuring a chart is laying it out.
pub fn layout(chart: &Chart, fonts: &FontSet, opts: &DocumentOptions, width: f32) -> ChartLayout {
    match chart {
        Chart::Xy(c) => ChartLayout::Xy(layout_xy(c, fonts, opts, width)),
        Chart::Heatmap(h) => layout_heatmap(h, fonts, opts, width),
    }
}

/// Sets `title` wrapped to `width` from the top; returns the height it took (nothing
/// without a title). X-y charts and heatmaps share it, so their titles look and wrap
/// alike.
fn title(title: Option<&str>, fonts: &FontSet, width: f32, out: &mut Vec<Item>) -> f32 {
    let Some(t) = title else { return 0.0 };
    let style = style::CHART_TITLE;
    let spans = [Span {
        text: t.to_string(),
        style: style.face,
    }];
    let mut y = 0.0;
    for line in wrap::wrap(fonts, &spans, style.size, width) {
        for p in &line.pieces {
            out.push(text(
                p.x,
                y + TITLE_BASELINE,
                style,
                palette::TEXT,
                p.text.trim_end(),
            ));
        }
        y += style.line_height;
    }
    y + TITLE_GAP
}

/// Where everything of an x-y chart goes, computed once from the chart and its width.
/// The drawing steps only read it; `height` is where the last strip under the plot ends.
/// A vertical chart has its categories along the x axis and its values up; an hbar
/// chart (`horizontal`) turns that a quarter: categories down the left in bands, values
/// along the bottom. The value axis then maps to x ([`Plot::at`]) and the slots run
/// down, so bars, gridlines and reference lines are drawn by the same steps.
struct Plot {
    /// Whether the categories run down the left (hbar).
    horizontal: bool,
    /// The chart's width.
    width: f32,
    /// Top of the strip above the plot (under the title).
    below_title: f32,
    /// The plot area: between the value labels and the reference-line gutter,
    /// `plot_height` high.
    top: f32,
    bottom: f32,
    left: f32,
    right: f32,
    /// Width of the plot area, at least 10 pt even when labels take everything.
    plot_width: f32,
    plot_height: f32,
    /// What the values are ([`value_label`]).
    value_label: Option<String>,
    /// The value scale.
    ticks: Ticks,
    /// Tick values with their labels, lowest first.
    tick_labels: Vec<(f64, String)>,
    /// Decimals of the tick labels.
    decimals: usize,
    /// Reference lines inside the scale with their labels: highest first, or, across
    /// an hbar chart, left to right.
    references: Vec<(f64, String)>,
    /// Across an hbar chart: where each reference label goes, its row above the plot
    /// (labels that would overlap go a row higher) and its x; and the top of those rows.
    reference_places: Vec<(usize, f32)>,
    references_top: f32,
    /// An hbar chart's category labels, one or two lines each, and the column they fill.
    category_lines: Vec<Vec<String>>,
    category_column: f32,
    /// Width of one category's slot along the category axis (an hbar chart's band).
    slot: f32,
    /// Where the value 0, or the bound nearest to it, sits on the value axis.
    zero: f32,
    /// Whether any value is present (else the plot says "No data").
    has_data: bool,
    /// Colour of each series.
    colors: Vec<Rgb>,
    /// Top of the strip under the labels below the plot (that strip holds the x label,
    /// or an hbar chart's value label).
    below_ticks: f32,
    /// Legend rows: the series in each with their x offsets; empty without a legend.
    legend: Vec<Vec<(usize, f32)>>,
    /// Top of the first legend row.
    legend_top: f32,
    /// Total height of the chart.
    height: f32,
}

impl Plot {
    /// The plot of `c` laid out `width` wide under a title `title_h` high.
    fn new(c: &XyChart, fonts: &FontSet, opts: &DocumentOptions, width: f32, title_h: f32) -> Plot {
        let data = data_range(c);
        let ticks = value_ticks(c, data);
        let decimals = ticks.decimals();
        let tick_labels: Vec<(f64, String)> = ticks
            .values()
            .into_iter()
            .filter(|v| *v >= ticks.lo - 1e-9 && *v <= ticks.hi + 1e-9)
            .map(|v| {
                let l = format!("{}{}", format_number(v, decimals, &opts.labels), c.unit);
                (v, l)
            })
            .collect();
        let label_w = tick_labels
            .iter()
            .map(|(_, l)| text_width(fonts, style::CHART_TICK, l))
            .fold(0.0, f32::max);
        let horizontal = c.kind == XyKind::HBar;
        let value_label = value_label(c, &opts.labels);
        // Reference lines are labelled where they cannot cover data: in a gutter right
        // of a vertical plot, in rows above an hbar plot.
        let mut references: Vec<(f64, String)> = c
            .reference_lines
            .iter()
            .filter(|r| r.value >= ticks.lo && r.value <= ticks.hi)
            .map(|r| {
                let d = c.decimals.unwrap_or(decimals.max(1));
                let value = format_number(r.value, d, &opts.labels);
                (r.value, format!("{} {value}{}", r.label, c.unit))
            })
            .collect();
        references.sort_by(|a, b| b.0.total_cmp(&a.0));
        let legend = legend_rows(c, fonts, width);
        let legend_h = if legend.is_empty() {
            0.0
        } else {
            legend.len() as f32 * style::CHART_LEGEND.line_height + LEGEND_GAP
        };
        let n = c.categories.len().max(1);
        let mut plot = if horizontal {
            references.reverse();
            let hb = HBar::new(c, fonts, opts, width, references, ticks, decimals);
            let references_top = title_h
                + if c.x_label.is_some() {
                    style::CHART_AXIS_LABEL.line_height
                } else {
                    0.0
                };
            let rows = hb
                .reference_places
                .iter()
                .map(|p| p.0 + 1)
                .max()
                .unwrap_or(0);
            let top =
                references_top + rows as f32 * style::CHART_REFERENCE.line_height + PLOT_TOP_GAP;
            let plot_height = hb.band * n as f32;
            let bottom = top + plot_height;
            let (below_ticks, below_value_label) = axis_strips(bottom, value_label.is_some());
            Plot {
                horizontal,
                width,
                below_title: title_h,
                top,
                bottom,
                left: hb.left,
                right: hb.right,
                plot_width: hb.right - hb.left,
                plot_height,
                value_label,
                ticks,
                tick_labels,
                decimals,
                references: hb.references,
                reference_places: hb.reference_places,
                references_top,
                category_lines: hb.category_lines,
                category_column: hb.category_column,
                slot: hb.band,
                zero: 0.0,
                has_data: data.is_some(),
                colors: Vec::new(),
                below_ticks,
                legend,
                legend_top: below_value_label + LEGEND_GAP,
                height: below_value_label + legend_h,
            }
        } else {
            let gutter = references
                .iter()
                .map(|(_, l)| text_width(fonts, style::CHART_REFERENCE, l) + 6.0)
                .fold(0.0, f32::max)
                .min(width * 0.3);
            let top = title_h
                + if value_label.is_some() {
                    Y_LABEL_STRIP
                } else {
                    PLOT_TOP_GAP
                };
            let bottom = top + c.plot_height;
            let left = label_w + 6.0;
            let right = width - 2.0 - gutter;
            let plot_width = (right - left).max(10.0);
            let (below_ticks, below_x_label) = axis_strips(bottom, c.x_label.is_some());
            Plot {
                horizontal,
                width,
                below_title: title_h,
                top,
                bottom,
                left,
                right,
                plot_width,
                plot_height: c.plot_height,
                value_label,
                ticks,
                tick_labels,
                decimals,
                references,
                reference_places: Vec::new(),
                references_top: top,
                category_lines: Vec::new(),
                category_column: 0.0,
                slot: plot_width / n as f32,
                zero: 0.0,
                has_data: data.is_some(),
                colors: Vec::new(),
                below_ticks,
                legend,
                legend_top: below_x_label + LEGEND_GAP,
                height: below_x_label + legend_h,
            }
        };
        plot.colors = (0..c.series.len())
            .map(|i| series_color(c, opts, i))
            .collect();
        // Set from the plot's own scale, so 0 sits where `at` puts it.
        plot.zero = plot.at(0.0f64.clamp(ticks.lo, ticks.hi));
        plot
    }

    /// Where value `v` sits on the value axis, clamped to the scale: a y going up, or
    /// across an hbar chart an x going right.
    fn at(&self, v: f64) -> f32 {
        let span = self.ticks.hi - self.ticks.lo;
        let share = ((v.clamp(self.ticks.lo, self.ticks.hi) - self.ticks.lo) / span) as f32;
        if self.horizontal {
            self.left + share * self.plot_width
        } else {
            self.bottom - share * self.plot_height
        }
    }

    /// Where category `i`'s slot starts along the category axis: its left edge, or an
    /// hbar band's top.
    fn slot_left(&self, i: usize) -> f32 {
        let start = if self.horizontal { self.top } else { self.left };
        start + i as f32 * self.slot
    }

    /// Centre of category `i`'s slot.
    fn slot_centre(&self, i: usize) -> f32 {
        self.slot_left(i) + 0.5 * self.slot
    }

    /// Colour of series `k`.
    fn color(&self, k: usize) -> Rgb {
        self.colors[k]
    }
}

/// Thickness of one bar of an hbar chart, pt.
const HBAR_BAR: f32 = 9.0;
/// Space between the bar groups of an hbar chart's bands, pt.
const HBAR_GAP: f32 = 5.0;
/// Widest an hbar chart's category column gets: 130 pt (about 24 characters a line), and
/// never more than this share of the chart; longer names wrap to a second line, then
/// end in "…".
const HBAR_LABEL_MAX: f32 = 130.0;
const HBAR_LABEL_SHARE: f32 = 0.35;
/// Tallest an hbar plot gets (the tallest plot a spec may ask for): past it the bands
/// narrow, so that [`werkt_markup::MAX_HBAR_CATEGORIES`] still fit one page.
const HBAR_MAX_PLOT: f32 = 180.0 * crate::layout::MM;

/// The across-the-page geometry of an hbar chart, worked out before its plot is placed:
/// the category column and its labels, the band per category, the plot's left and right
/// (room for value labels at the bar ends) and where the reference labels go.
struct HBar {
    left: f32,
    right: f32,
    band: f32,
    category_lines: Vec<Vec<String>>,
    category_column: f32,
    references: Vec<(f64, String)>,
    reference_places: Vec<(usize, f32)>,
}

impl HBar {
    /// `references` lowest first.
    fn new(
        c: &XyChart,
        fonts: &FontSet,
        opts: &DocumentOptions,
        width: f32,
        references: Vec<(f64, String)>,
        ticks: Ticks,
        decimals: usize,
    ) -> HBar {
        let value_style = style::CHART_VALUE;
        let value_decimals = c.decimals.unwrap_or(decimals.max(1));
        let values = || c.series.iter().flat_map(|s| s.values.iter().flatten());
        let value_w = values()
            .map(|v| {
                let l = format_number(*v, value_decimals, &opts.labels);
                text_width(fonts, value_style, &l)
            })
            .fold(0.0, f32::max);
        // Negative bars end on the left, so their labels need room there too.
        let negative_room = if values().any(|v| *v < 0.0) {
            value_w + 3.0
        } else {
            0.0
        };
        let cat = style::CHART_CATEGORY;
        let widest = c
            .categories
            .iter()
            .map(|l| text_width(fonts, cat, l))
            .fold(0.0, f32::max);
        let column = widest
            .min(HBAR_LABEL_MAX)
            .min(width * HBAR_LABEL_SHARE)
            .max(0.0);
        let wrapped: Vec<Vec<String>> = c
            .categories
            .iter()
            .map(|l| {
                let spans = [Span {
                    text: l.clone(),
                    style: cat.face,
                }];
                wrap::wrap(fonts, &spans, cat.size, column)
                    .iter()
                    .map(|line| {
                        let t: String = line.pieces.iter().map(|p| p.text.as_str()).collect();
                        t.trim().to_string()
                    })
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .collect();
        let lines = if wrapped.iter().any(|w| w.len() > 1) {
            2
        } else {
            1
        };
        let n = c.categories.len().max(1) as f32;
        let group = c.series.len().max(1) as f32 * HBAR_BAR;
        let natural = group.max(lines as f32 * cat.line_height) + HBAR_GAP;
        let band = natural.min(HBAR_MAX_PLOT / n);
        // A narrowed band keeps one line per label.
        let lines = if band >= 2.0 * cat.line_height + 1.0 {
            lines
        } else {
            1
        };
        let category_lines = wrapped
            .into_iter()
            .map(|w| {
                if w.len() <= lines {
                    return w
                        .into_iter()
                        .map(|l| ellipsize(fonts, cat, &l, column))
                        .collect();
                }
                let mut kept: Vec<String> = w[..lines - 1].to_vec();
                kept.push(ellipsize(fonts, cat, &w[lines - 1..].join(" "), column));
                kept
            })
            .collect();
        let last_tick = ticks_label_width(c, fonts, opts, ticks, decimals);
        let left = column + 6.0 + negative_room;
        let right = (width - 2.0 - (value_w + 3.0).max(last_tick / 2.0)).max(left + 10.0);
        // Reference labels centred over their lines, inside the chart, each in the
        // lowest row where it clears the labels already there.
        let style = style::CHART_REFERENCE;
        let span = ticks.hi - ticks.lo;
        let mut row_ends: Vec<f32> = Vec::new();
        let mut places = Vec::new();
        let references: Vec<(f64, String)> = references
            .into_iter()
            .map(|(v, l)| (v, ellipsize(fonts, style, &l, (right - left).max(0.0))))
            .collect();
        for (v, l) in &references {
            let x = left + ((v - ticks.lo) / span) as f32 * (right - left);
            let lw = text_width(fonts, style, l);
            let lx = (x - lw / 2.0).min(width - lw).max(0.0);
            let row = match row_ends.iter().position(|end| *end + 4.0 <= lx) {
                Some(r) => r,
                None => {
                    row_ends.push(0.0);
                    row_ends.len() - 1
                }
            };
            row_ends[row] = lx + lw;
            places.push((row, lx));
        }
        HBar {
            left,
            right,
            band,
            category_lines,
            category_column: column,
            references,
            reference_places: places,
        }
    }
}

/// Width of the highest tick label, which an hbar chart centres on the plot's right end.
fn ticks_label_width(
    c: &XyChart,
    fonts: &FontSet,
    opts: &DocumentOptions,
    ticks: Ticks,
    decimals: usize,
) -> f32 {
    let l = format!(
        "{}{}",
        format_number(ticks.hi, decimals, &opts.labels),
        c.unit
    );
    text_width(fonts, style::CHART_TICK, &l)
}

/// Bar, line or stacked bar chart, laid out at the origin.
fn layout_xy(c: &XyChart, fonts: &FontSet, opts: &DocumentOptions, width: f32) -> Drawn {
    let mut out = Vec::new();
    let title_h = title(c.title.as_deref(), fonts, width, &mut out);
    let plot = Plot::new(c, fonts, opts, width, title_h);
    let mut labels = Vec::new();
    value_axis(&plot, fonts, &mut out);
    if !plot.has_data {
        let msg = &opts.labels.no_data;
        let style = style::CHART_NO_DATA;
        let mw = text_width(fonts, style, msg);
        out.push(text(
            plot.left + (plot.plot_width - mw) / 2.0,
            plot.top + plot.plot_height / 2.0,
            style,
            palette::MUTED,
            msg,
        ));
    }
    match c.kind {
        XyKind::Bar | XyKind::HBar => bars(c, &plot, fonts, opts, &mut out, &mut labels),
        XyKind::StackedBar => stacks(c, &plot, fonts, &mut out),
        XyKind::Line => lines(c, &plot, &mut out),
    }
    axis_lines(&plot, &mut out);
    reference_lines(&plot, fonts, &mut out);
    out.append(&mut labels);
    category_axis(c, &plot, fonts, &mut out);
    legend(c, &plot, fonts, &mut out);
    Drawn {
        height: plot.height,
        items: out,
    }
}

/// Share of a pinned value range below which a line chart's data count as a flat line
/// in a corner of it: then the axis is fitted to the data instead (see [`given_up_scale`]).
const FLAT_SHARE: f64 = 0.25;

/// The range drawn on the value axis: the data and reference lines (`None`: no data).
fn drawn_range(c: &XyChart, data: Option<(f64, f64)>) -> (f64, f64) {
    let (mut lo, mut hi) = data.unwrap_or((0.0, 1.0));
    for r in &c.reference_lines {
        lo = lo.min(r.value);
        hi = hi.max(r.value);
    }
    (lo, hi)
}

/// The pinned range (`y_min`, `y_max`) a line chart does not draw, because its data
/// would be a flat line in a corner of it: when the data (and reference lines) span less
/// than [`FLAT_SHARE`] of the range from the pins (a missing pin stands at the data's
/// end), the axis is fitted to the data and, when both pins were given, the label names
/// the scale's range instead. `None` when the pins are kept or there are none to give
/// up. Bars always keep theirs: a bar's length is its value.
fn given_up_scale(c: &XyChart) -> Option<(f64, f64)> {
    if c.kind != XyKind::Line || (c.y_min.is_none() && c.y_max.is_none()) {
        return None;
    }
    let data = data_range(c)?;
    let (lo, hi) = drawn_range(c, Some(data));
    let (a, b) = (c.y_min.unwrap_or(lo), c.y_max.unwrap_or(hi));
    (b > a && hi - lo < FLAT_SHARE * (b - a)).then_some((a, b))
}

/// The value axis's ticks. A line chart spans its data with nice ticks (not from 0);
/// its pins hold unless [`given_up_scale`] gives them up, and then the axis shows a
/// quarter of the scale or more around the data. Bars stand on zero and keep
/// their pins, which replace the data's ends; the step is chosen for the range shown.
fn value_ticks(c: &XyChart, data: Option<(f64, f64)>) -> Ticks {
    let (mut lo, mut hi) = drawn_range(c, data);
    if c.kind == XyKind::Line {
        if let Some((a, b)) = given_up_scale(c) {
            // At least FLAT_SHARE of the scale, around the data and inside the scale:
            // the line leaves its corner without blowing a wobble up into a swing.
            let span = FLAT_SHARE * (b - a);
            let centre = (lo + hi) / 2.0;
            let from = (centre - span / 2.0).min(b - span).max(a);
            return Ticks::nice(from.min(lo), (from + span).max(hi));
        }
        if c.y_min.is_none() && c.y_max.is_none() {
            return Ticks::nice(lo, hi);
        }
    } else {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let lo = c.y_min.unwrap_or(lo);
    let hi = c.y_max.unwrap_or(hi).max(lo + 1e-9);
    let mut ticks = Ticks::nice(lo, hi);
    if let Some(v) = c.y_min {
        ticks.lo = v;
    }
    if let Some(v) = c.y_max {
        ticks.hi = v;
    }
    if ticks.hi <= ticks.lo {
        ticks = Ticks::nice(ticks.lo, ticks.lo + 1.0);
    }
    ticks
}

/// What the values are, as printed by the value axis and read out in the alt text: the
/// template's `y_label`, plus the range of a pinned scale (both ends given) the axis
/// gave up ("score (scale 0–6)"), so a reader still knows where the figures sit on it.
fn value_label(c: &XyChart, labels: &Labels) -> Option<String> {
    let label = c
        .y_label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    // A lone pin is a floor or ceiling (absence from 0), not a scale to name.
    let (Some((a, b)), true) = (given_up_scale(c), c.y_min.is_some() && c.y_max.is_some()) else {
        return label.map(str::to_string);
    };
    let d = decimals_shown([a, b].into_iter());
    let scale = format!(
        "{} {}–{}",
        labels.scale,
        format_number(a, d, labels),
        format_number(b, d, labels)
    );
    Some(match label {
        Some(l) => format!("{l} ({scale})"),
        None => scale,
    })
}

/// The lowest and highest value drawn (a stack's sums of negative and positive values),
/// `None` without any value.
fn data_range(c: &XyChart) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut any = false;
    match c.kind {
        XyKind::StackedBar => {
            for i in 0..c.categories.len() {
                let (mut pos, mut neg) = (0.0, 0.0);
                for v in c
                    .series
                    .iter()
                    .filter_map(|s| s.values.get(i).copied().flatten())
                {
                    any = true;
                    if v >= 0.0 { pos += v } else { neg += v }
                }
                lo = lo.min(neg);
                hi = hi.max(pos);
            }
        }
        XyKind::Bar | XyKind::HBar | XyKind::Line => {
            for v in c.series.iter().flat_map(|s| s.values.iter().flatten()) {
                any = true;
                lo = lo.min(*v);
                hi = hi.max(*v);
            }
        }
    }
    any.then_some((lo, hi))
}

/// Legend rows `width` wide: an entry (swatch, name) per series, wrapped like words. Only
/// charts with several series, and stacks (whose parts need naming), have one.
fn legend_rows(c: &XyChart, fonts: &FontSet, width: f32) -> Vec<Vec<(usize, f32)>> {
    let mut rows: Vec<Vec<(usize, f32)>> = Vec::new();
    if c.series.len() < 2 && c.kind != XyKind::StackedBar {
        return rows;
    }
    let mut row: Vec<(usize, f32)> = Vec::new();
    let mut x = 0.0;
    for (i, s) in c.series.iter().enumerate() {
        let name_w = text_width(fonts, style::CHART_LEGEND, &s.name).min(width - SWATCH_ADVANCE);
        let w = SWATCH_ADVANCE + name_w + LEGEND_ENTRY_GAP;
        if x + w > width && !row.is_empty() {
            rows.push(std::mem::take(&mut row));
            x = 0.0;
        }
        row.push((i, x));
        x += w;
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows
}

/// Under the data: the value label, gridlines and tick labels; above and left of a
/// vertical plot, under an hbar plot (tick labels thinned out there so they never
/// overlap).
fn value_axis(plot: &Plot, fonts: &FontSet, out: &mut Vec<Item>) {
    if plot.horizontal {
        return value_axis_across(plot, fonts, out);
    }
    if let Some(l) = &plot.value_label {
        let style = style::CHART_AXIS_LABEL;
        let l = ellipsize(fonts, style, l, plot.width.max(0.0));
        out.push(text(0.0, plot.below_title + 7.0, style, palette::MUTED, &l));
    }
    let style = style::CHART_TICK;
    for (v, l) in &plot.tick_labels {
        let ty = plot.at(*v);
        out.push(Item::Line {
            points: vec![(plot.left, ty), (plot.right, ty)],
            color: palette::GRID,
            width: 0.5,
            dashed: false,
        });
        let lw = text_width(fonts, style, l);
        out.push(text(
            plot.left - 4.0 - lw,
            ty + 2.6,
            style,
            palette::MUTED,
            l,
        ));
    }
}

/// An hbar chart's value axis: gridlines down the plot, tick labels under it, then the
/// value label centred under those.
fn value_axis_across(plot: &Plot, fonts: &FontSet, out: &mut Vec<Item>) {
    let style = style::CHART_TICK;
    let widest = plot
        .tick_labels
        .iter()
        .map(|(_, l)| text_width(fonts, style, l))
        .fold(0.0, f32::max);
    let spacing = plot.plot_width * (plot.ticks.step / (plot.ticks.hi - plot.ticks.lo)) as f32;
    let every = ((widest + 6.0) / spacing.max(1e-3))
        .ceil()
        .clamp(1.0, plot.tick_labels.len().max(1) as f32) as usize;
    for (i, (v, l)) in plot.tick_labels.iter().enumerate() {
        let tx = plot.at(*v);
        out.push(Item::Line {
            points: vec![(tx, plot.top), (tx, plot.bottom)],
            color: palette::GRID,
            width: 0.5,
            dashed: false,
        });
        if i % every == 0 {
            let lw = text_width(fonts, style, l);
            let lx = (tx - lw / 2.0).min(plot.width - lw).max(0.0);
            out.push(text(lx, plot.bottom + 10.0, style, palette::MUTED, l));
        }
    }
    if let Some(l) = &plot.value_label {
        let style = style::CHART_AXIS_LABEL;
        let l = ellipsize(fonts, style, l, plot.width.max(0.0));
        let lw = text_width(fonts, style, &l);
        let lx = (plot.left + (plot.plot_width - lw) / 2.0)
            .min(plot.width - lw)
            .max(0.0);
        out.push(text(lx, plot.below_ticks + 8.0, style, palette::MUTED, &l));
    }
}

/// The dash of a missing bar, centred on a bar `w` wide at `x` just above zero; across
/// an hbar chart, a bar `w` high at `x` down, just right of zero.
fn missing(plot: &Plot, fonts: &FontSet, x: f32, w: f32) -> Item {
    let style = style::CHART_MISSING;
    if plot.horizontal {
        return text(
            plot.zero + 3.0,
            x + w / 2.0 + style.size * 0.3,
            style,
            palette::MUTED,
            DASH,
        );
    }
    let dw = text_width(fonts, style, DASH);
    text(
        x + (w - dw) / 2.0,
        plot.zero - 4.0,
        style,
        palette::MUTED,
        DASH,
    )
}

/// Grouped bars from zero, each with its value when there are few enough bars to read;
/// across an hbar chart every bar has its value, at its end. The values go to `labels`,
/// drawn after the reference lines so that none strikes a figure through.
fn bars(
    c: &XyChart,
    plot: &Plot,
    fonts: &FontSet,
    opts: &DocumentOptions,
    out: &mut Vec<Item>,
    labels: &mut Vec<Item>,
) {
    let n = c.categories.len().max(1);
    let s_count = c.series.len().max(1);
    let group = if plot.horizontal {
        (s_count as f32 * HBAR_BAR)
            .min(plot.slot - HBAR_GAP)
            .max(0.5)
    } else {
        plot.slot * 0.72
    };
    let bw = group / s_count as f32;
    let label_values = plot.horizontal || n * s_count <= 16;
    let decimals = c.decimals.unwrap_or(plot.decimals.max(1));
    let style = style::CHART_VALUE;
    for i in 0..c.categories.len() {
        let gx = plot.slot_left(i) + (plot.slot - group) / 2.0;
        for (k, s) in c.series.iter().enumerate() {
            let bx = gx + k as f32 * bw;
            let Some(v) = s.values.get(i).copied().flatten() else {
                out.push(missing(plot, fonts, bx, bw));
                continue;
            };
            let end = plot.at(v);
            let (from, length) = (end.min(plot.zero), (end - plot.zero).abs());
            out.push(if plot.horizontal {
                Item::Rect {
                    x: from,
                    y: bx + 0.5,
                    w: length.max(0.3),
                    h: (bw - 1.0).max(0.5),
                    fill: Some(plot.color(k)),
                    stroke: None,
                }
            } else {
                Item::Rect {
                    x: bx + 0.5,
                    y: from,
                    w: (bw - 1.0).max(0.5),
                    h: length.max(0.3),
                    fill: Some(plot.color(k)),
                    stroke: None,
                }
            });
            if !label_values {
                continue;
            }
            let l = format_number(v, decimals, &opts.labels);
            let lw = text_width(fonts, style, &l);
            if plot.horizontal {
                let lx = if v >= 0.0 { end + 3.0 } else { end - 3.0 - lw };
                let ly = bx + bw / 2.0 + style.size * 0.35;
                // On white, so a gridline or reference line behind it does not strike
                // the figure through.
                labels.push(Item::Rect {
                    x: lx - 1.0,
                    y: ly - style.size * 0.8,
                    w: lw + 2.0,
                    h: style.size,
                    fill: Some(palette::WHITE),
                    stroke: None,
                });
                labels.push(text(lx, ly, style, palette::TEXT, &l));
            } else if lw <= bw + 4.0 {
                let ly = if v >= 0.0 { end - 2.5 } else { end + 8.0 };
                labels.push(text(bx + (bw - lw) / 2.0, ly, style, palette::TEXT, &l));
            }
        }
    }
}

/// Stacked bars: positive values stack up from zero, negative ones down.
fn stacks(c: &XyChart, plot: &Plot, fonts: &FontSet, out: &mut Vec<Item>) {
    let bw = plot.slot * 0.6;
    for i in 0..c.categories.len() {
        let bx = plot.slot_left(i) + (plot.slot - bw) / 2.0;
        let (mut pos, mut neg) = (0.0f64, 0.0f64);
        let mut any = false;
        for (k, s) in c.series.iter().enumerate() {
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
            let (ya, yb) = (plot.at(a), plot.at(b));
            out.push(Item::Rect {
                x: bx,
                y: ya.min(yb),
                w: bw,
                h: (ya - yb).abs().max(0.3),
                fill: Some(plot.color(k)),
                stroke: Some((palette::WHITE, 0.5)),
            });
        }
        if !any {
            out.push(missing(plot, fonts, bx, bw));
        }
    }
}

/// Lines through the values, broken at missing ones, with a marker per value whose
/// shape (square, diamond, triangle) tells series apart without colour.
fn lines(c: &XyChart, plot: &Plot, out: &mut Vec<Item>) {
    for (k, s) in c.series.iter().enumerate() {
        let color = plot.color(k);
        let mut run: Vec<(f32, f32)> = Vec::new();
        let mut runs = Vec::new();
        for i in 0..c.categories.len() {
            match s.values.get(i).copied().flatten() {
                Some(v) => run.push((plot.slot_centre(i), plot.at(v))),
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
                let points = match k % 3 {
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
                    points,
                    fill: color,
                });
            }
        }
    }
}

/// The value axis and the zero line, on top of the data: the axis up the left and zero
/// across, or across an hbar chart the axis along the bottom and zero down.
fn axis_lines(plot: &Plot, out: &mut Vec<Item>) {
    let (axis, zero) = if plot.horizontal {
        (
            vec![(plot.left, plot.bottom), (plot.right, plot.bottom)],
            vec![(plot.zero, plot.top), (plot.zero, plot.bottom)],
        )
    } else {
        (
            vec![(plot.left, plot.top), (plot.left, plot.bottom)],
            vec![(plot.left, plot.zero), (plot.right, plot.zero)],
        )
    };
    out.push(Item::Line {
        points: axis,
        color: palette::RULE,
        width: 0.8,
        dashed: false,
    });
    out.push(Item::Line {
        points: zero,
        color: palette::MUTED,
        width: 0.8,
        dashed: false,
    });
}

/// Dashed reference lines with their labels in the gutter, top to bottom, kept a line
/// apart when the lines are close; across an hbar chart the lines run down the plot
/// and their labels stand above it, in rows where they would overlap.
fn reference_lines(plot: &Plot, fonts: &FontSet, out: &mut Vec<Item>) {
    let style = style::CHART_REFERENCE;
    if plot.horizontal {
        let rows = plot.reference_places.iter().map(|p| p.0 + 1).max();
        for ((v, l), (row, lx)) in plot.references.iter().zip(&plot.reference_places) {
            let x = plot.at(*v);
            out.push(Item::Line {
                points: vec![(x, plot.top), (x, plot.bottom)],
                color: REFERENCE_COLOR,
                width: 1.0,
                dashed: true,
            });
            // Row 0 is the one nearest the plot.
            let from_top = rows.unwrap_or(1) - 1 - row;
            let ly = plot.references_top + (from_top + 1) as f32 * style.line_height - 2.0;
            out.push(text(*lx, ly, style, REFERENCE_COLOR, l));
        }
        return;
    }
    let room = (plot.width - plot.right - 4.0).max(0.0);
    let mut prev: Option<f32> = None;
    for (v, l) in &plot.references {
        let ry = plot.at(*v);
        out.push(Item::Line {
            points: vec![(plot.left, ry), (plot.right, ry)],
            color: REFERENCE_COLOR,
            width: 1.0,
            dashed: true,
        });
        let mut ly = ry + 2.5;
        if let Some(prev) = prev {
            ly = ly.max(prev + style.line_height);
        }
        prev = Some(ly);
        let label = ellipsize(fonts, style, l, room);
        out.push(text(plot.right + 4.0, ly, style, REFERENCE_COLOR, &label));
    }
}

/// Category labels under the plot, cut with "…" when wider than their slot (or 1 inch)
/// and the chart, and thinned out so they never overlap; then the x label. Across an
/// hbar chart every category is labelled, down the left.
fn category_axis(c: &XyChart, plot: &Plot, fonts: &FontSet, out: &mut Vec<Item>) {
    if plot.horizontal {
        return category_axis_down(c, plot, fonts, out);
    }
    let style = style::CHART_TICK;
    let n = c.categories.len().max(1);
    let max_label = (plot.slot - 4.0)
        .max(CATEGORY_LABEL_MAX)
        .min(plot.width)
        .max(0.0);
    let shown: Vec<(String, f32)> = c
        .categories
        .iter()
        .map(|cat| {
            let cat = ellipsize(fonts, style, cat, max_label);
            let w = text_width(fonts, style, &cat);
            (cat, w)
        })
        .collect();
    let widest = shown.iter().map(|(_, w)| *w).fold(0.0, f32::max);
    let every = ((widest + 4.0) / plot.slot).ceil().clamp(1.0, n as f32) as usize;
    for (i, (cat, cw)) in shown.iter().enumerate().step_by(every) {
        let cx = plot.slot_centre(i) - cw / 2.0;
        // Keep the label inside the chart; one wider than the chart starts at its left.
        let cx = cx.min(plot.width - cw).max(0.0);
        out.push(text(cx, plot.bottom + 10.0, style, palette::MUTED, cat));
    }
    if let Some(l) = &c.x_label {
        let style = style::CHART_AXIS_LABEL;
        let l = ellipsize(fonts, style, l, plot.plot_width);
        let lw = text_width(fonts, style, &l);
        out.push(text(
            plot.left + (plot.plot_width - lw).max(0.0) / 2.0,
            plot.below_ticks + 8.0,
            style,
            palette::MUTED,
            &l,
        ));
    }
}

/// An hbar chart's category labels, right-aligned to the plot and centred on their
/// bands, one or two lines each; the x label (what the categories are) stands above
/// them, under the title.
fn category_axis_down(c: &XyChart, plot: &Plot, fonts: &FontSet, out: &mut Vec<Item>) {
    let style = style::CHART_CATEGORY;
    for (i, lines) in plot.category_lines.iter().enumerate() {
        let first = plot.slot_centre(i) - lines.len() as f32 * style.line_height / 2.0;
        for (j, line) in lines.iter().enumerate() {
            let lw = text_width(fonts, style, line);
            let lx = (plot.category_column - lw).max(0.0);
            let ly = first + (j + 1) as f32 * style.line_height - 2.0;
            out.push(text(lx, ly, style, palette::TEXT, line));
        }
    }
    if let Some(l) = &c.x_label {
        let style = style::CHART_AXIS_LABEL;
        let l = ellipsize(fonts, style, l, plot.width.max(0.0));
        out.push(text(0.0, plot.below_title + 8.5, style, palette::MUTED, &l));
    }
}

/// The legend rows: a swatch in the series' colour, then its name.
fn legend(c: &XyChart, plot: &Plot, fonts: &FontSet, out: &mut Vec<Item>) {
    let style = style::CHART_LEGEND;
    let mut y = plot.legend_top;
    for row in &plot.legend {
        for &(i, lx) in row {
            out.push(Item::Rect {
                x: lx,
                y: y + 1.5,
                w: SWATCH,
                h: SWATCH,
                fill: Some(plot.color(i)),
                stroke: None,
            });
            let name = ellipsize(
                fonts,
                style,
                &c.series[i].name,
                (plot.width - SWATCH_ADVANCE).max(0.0),
            );
            out.push(text(
                lx + SWATCH_ADVANCE,
                y + 8.5,
                style,
                palette::TEXT,
                &name,
            ));
        }
        y += style.line_height;
    }
}

/// Red, amber or green for a value against a column threshold.
fn rag(v: f64, t: &Threshold) -> Rgb {
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

/// Fill of a heatmap cell without a value.
const MISSING_FILL: Rgb = Rgb::from_u8(0xEE, 0xEE, 0xEE);

/// A heatmap's column grid `width` wide: the row label column, then equal columns.
struct Grid {
    label_w: f32,
    col_w: f32,
}

impl Grid {
    fn new(h: &Heatmap, fonts: &FontSet, width: f32) -> Grid {
        let widest = h
            .rows
            .iter()
            .map(|r| text_width(fonts, style::HEATMAP_ROW_LABEL, r))
            .fold(0.0, f32::max);
        // 40 pt or more for the unit names, but never more than 40% of the chart (on a
        // chart narrower than 100 pt the 40% wins).
        let label_w = (widest + 10.0).max(40.0).min(width * 0.4).max(0.0);
        let col_w = (width - label_w) / h.columns.len().max(1) as f32;
        Grid { label_w, col_w }
    }

    /// Left edge of column `c`.
    fn column_left(&self, c: usize) -> f32 {
        self.label_w + c as f32 * self.col_w
    }
}

/// A heatmap laid out at the origin: the header (title, column heads bottom-aligned so
/// short ones sit next to the cells) and each row on its own.
fn layout_heatmap(h: &Heatmap, fonts: &FontSet, opts: &DocumentOptions, width: f32) -> ChartLayout {
    let mut items = Vec::new();
    let title_h = title(h.title.as_deref(), fonts, width, &mut items);
    let grid = Grid::new(h, fonts, width);
    let style = style::HEATMAP_HEAD;
    let heads: Vec<Vec<wrap::Line>> = h
        .columns
        .iter()
        .map(|c| {
            let spans = [Span {
                text: c.clone(),
                style: style.face,
            }];
            wrap::wrap(fonts, &spans, style.size, grid.col_w - 4.0)
        })
        .collect();
    let n = heads.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let head_h = n as f32 * style.line_height + 6.0;
    for (c, lines) in heads.iter().enumerate() {
        let cx = grid.column_left(c);
        let mut ly = title_h + head_h - 4.0 - (lines.len() as f32 - 1.0) * style.line_height;
        for line in lines {
            let lx = cx + (grid.col_w - line.width) / 2.0;
            for p in &line.pieces {
                let piece = p.text.trim_end();
                items.push(text(lx + p.x, ly - 1.5, style, palette::TEXT, piece));
            }
            ly += style.line_height;
        }
    }
    let header = Drawn {
        height: title_h + head_h,
        items,
    };
    let rows = (0..h.rows.len())
        .map(|r| heatmap_row(h, &grid, r, fonts, opts))
        .collect();
    ChartLayout::Heatmap { header, rows }
}

/// Row `r` of a heatmap at the origin: its label (shrunk, then cut, to fit) and its
/// cells, coloured by their column's threshold.
fn heatmap_row(
    h: &Heatmap,
    grid: &Grid,
    r: usize,
    fonts: &FontSet,
    opts: &DocumentOptions,
) -> Drawn {
    let mut items = Vec::new();
    let name = &h.rows[r];
    let avail = grid.label_w - 6.0;
    let style = shrink(
        fonts,
        style::HEATMAP_ROW_LABEL,
        style::HEATMAP_ROW_LABEL_MIN_SIZE,
        name,
        avail,
    );
    let shown = ellipsize(fonts, style, name, avail);
    items.push(text(0.0, HEATMAP_BASELINE, style, palette::TEXT, &shown));
    for c in 0..h.columns.len() {
        let cx = grid.column_left(c);
        let (fill, label) = match h.cell(r, c) {
            None => (MISSING_FILL, DASH.to_string()),
            Some((v, label)) => {
                let fill = match h.threshold(c) {
                    Some(t) => rag(v, &t).tint(0.55),
                    None => palette::STRIPE,
                };
                let label = label
                    .map(str::to_string)
                    .unwrap_or_else(|| format_number(v, h.decimals, &opts.labels));
                (fill, label)
            }
        };
        items.push(Item::Rect {
            x: cx + 0.75,
            y: 0.75,
            w: grid.col_w - 1.5,
            h: HEATMAP_ROW_H - 1.5,
            fill: Some(fill),
            stroke: None,
        });
        let style = shrink(
            fonts,
            style::HEATMAP_CELL,
            style::HEATMAP_CELL_MIN_SIZE,
            &label,
            grid.col_w - 4.0,
        );
        let lw = text_width(fonts, style, &label);
        items.push(text(
            cx + (grid.col_w - lw) / 2.0,
            HEATMAP_BASELINE,
            style,
            palette::TEXT,
            &label,
        ));
    }
    Drawn {
        height: HEATMAP_ROW_H,
        items,
    }
}
