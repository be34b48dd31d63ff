//! Helpers that emit werkt's own fenced blocks: cover, KPI tiles, charts, notices, page breaks.
//! Every user string goes into the JSON body through serde (see `crate::markup`), so names with
//! quotes, backticks or newlines stay data.

use std::sync::Arc;

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, Renderable,
    StringOutput,
};
use serde_json::Value;

use super::figures::{Figure, Query, figure_text, format_for, lookup};
use super::text::metric_label;
use super::{
    Root, SUPPRESSED, Shared, err, hash_bool, hash_f64, hash_str, humanize, str_param, write_note,
};
use crate::formats::Kind;
use crate::markup::{
    self, ChartKind, ChartSpec, Cover, Good, Kpi, MAX_CATEGORIES, MAX_DECIMALS,
    MAX_HBAR_CATEGORIES, MAX_KPIS, MAX_REFERENCE_LINES, MAX_SERIES, ReferenceLine, Series,
    Threshold, Trend,
};
use crate::strings::interpolate;

pub(super) fn register(hb: &mut Handlebars<'static>, shared: &Arc<Shared>) {
    hb.register_helper("kpi", Box::new(KpiHelper(shared.clone())));
    hb.register_helper("kpis", Box::new(KpiRow));
    hb.register_helper("chart", Box::new(ChartHelper(shared.clone())));
    hb.register_helper("heatmap", Box::new(HeatmapHelper(shared.clone())));
    hb.register_helper("notice", Box::new(NoticeHelper));
    hb.register_helper("pagebreak", Box::new(PageBreak));
    hb.register_helper("cover", Box::new(CoverHelper));
}

fn write_fence<T: serde::Serialize>(out: &mut dyn Output, kind: &str, body: &T) -> HelperResult {
    let text = markup::fence(kind, body).map_err(|e| err(format!("{kind}: {e}")))?;
    out.write(&text)?;
    Ok(())
}

/// `{{kpi "plugin" "metric" label=... good="up|down" unit=... subject=... best="min|max"}}`:
/// one tile with the figure of the unit in view and its change against the previous period.
/// Prints nothing when the analysis is absent or did not succeed, so the summary shows the
/// tiles of the analyses that ran. `best` picks the subject (intervention) with the lowest or
/// highest value and names it in the label.
struct KpiHelper(Arc<Shared>);

impl KpiHelper {
    fn tile(
        &self,
        h: &Helper<'_>,
        root: &Root<'_>,
    ) -> Result<Option<Kpi>, handlebars::RenderError> {
        let plugin = str_param(h, 0, "a plugin name")?;
        let metric = str_param(h, 1, "a metric key")?;
        let analysis = &root.data["analysis"][plugin];
        if analysis["ok"] != Value::Bool(true) {
            return Ok(None);
        }
        let label = hash_str(h, "label")?
            .ok_or_else(|| err(format!("kpi \"{plugin}\" \"{metric}\": label= is required")))?;
        let good = match hash_str(h, "good")? {
            Some("up") => Good::Up,
            Some("down") => Good::Down,
            None | Some("neutral") => Good::Neutral,
            Some(o) => {
                return Err(err(format!(
                    "kpi: good=\"{o}\" must be up, down or neutral"
                )));
            }
        };
        let mut subject = hash_str(h, "subject")?.map(str::to_string);
        let mut label = label.to_string();
        if let Some(best) = hash_str(h, "best")? {
            let pick_min = match best {
                "min" => true,
                "max" => false,
                o => return Err(err(format!("kpi: best=\"{o}\" must be min or max"))),
            };
            let mut chosen: Option<(f64, String)> = None;
            for s in analysis["subjects"].as_array().into_iter().flatten() {
                let id = s["id"].as_str().unwrap_or_default();
                let q = Query {
                    plugin,
                    metric,
                    unit: None,
                    subject: Some(id),
                    previous: false,
                };
                if let Figure::Value(v, _) = lookup(&self.0, root, &q)? {
                    let better = chosen
                        .as_ref()
                        .is_none_or(|(c, _)| if pick_min { v < *c } else { v > *c });
                    if better {
                        chosen = Some((v, id.to_string()));
                    }
                }
            }
            if let Some((_, id)) = chosen {
                let name = analysis["subjects"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|s| s["id"] == id.as_str())
                    .and_then(|s| s["name"].as_str())
                    .unwrap_or(&id)
                    .to_string();
                label = format!("{label}: {name}");
                subject = Some(id);
            }
        }
        let unit = hash_str(h, "unit")?;
        let f = format_for(&self.0, h, plugin, metric)?;
        // best= without a subject that has a value (no interventions in view, none paid
        // back): a dash and no change, never the unit's figure of that name.
        let no_best = hash_str(h, "best")?.is_some() && subject.is_none();
        let figure = |previous: bool| -> Result<Figure, handlebars::RenderError> {
            if no_best || (previous && root.data["has_previous"] != Value::Bool(true)) {
                return Ok(Figure::Missing);
            }
            lookup(
                &self.0,
                root,
                &Query {
                    plugin,
                    metric,
                    unit,
                    subject: subject.as_deref(),
                    previous,
                },
            )
        };
        let (current, previous) = (figure(false)?, figure(true)?);
        let (change, trend) = match (current, previous) {
            (Figure::Value(c, _), Figure::Value(p, _)) => {
                let mut text = f.apply_change(root.lang, c - p);
                let zero = !text.bytes().any(|b| (b'1'..=b'9').contains(&b));
                // Percentages change in percentage points; other figures in their own unit.
                if f.kind == Kind::Percent {
                    text = format!("{text} {}", self.0.text(root.lang, "unit.pp")?);
                } else if let Some(key) = &f.suffix {
                    text = format!("{text} {}", self.0.text(root.lang, key)?);
                }
                let trend = if zero {
                    Trend::Flat
                } else if c > p {
                    Trend::Up
                } else {
                    Trend::Down
                };
                (Some(text), Some(trend))
            }
            _ => (None, None),
        };
        Ok(Some(Kpi {
            label,
            value: figure_text(&self.0, root.lang, &f, current)?,
            change,
            trend,
            good,
        }))
    }
}

impl HelperDef for KpiHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let root = Root::of(ctx)?;
        match self.tile(h, &root)? {
            Some(tile) => write_fence(out, "kpi", &[tile]),
            None => Ok(()),
        }
    }
}

/// `{{#kpis}}{{kpi ...}}{{kpi ...}}{{/kpis}}`: the tiles inside, in one row block (at most 12).
/// Prints nothing when none of the tiles applies.
struct KpiRow;

impl HelperDef for KpiRow {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let Some(t) = h.template() else {
            return Err(err("kpis is a block helper: {{#kpis}} ... {{/kpis}}"));
        };
        let mut inner = StringOutput::new();
        t.render(r, ctx, rc, &mut inner)?;
        let inner = inner.into_string()?;
        let mut tiles: Vec<Value> = Vec::new();
        for line in inner.lines().map(str::trim) {
            if line.is_empty() || line == "```kpi" || line == "```" {
                continue;
            }
            let parsed: Vec<Value> = serde_json::from_str(line).map_err(|_| {
                err(format!(
                    "kpis: only kpi tiles may stand inside {{{{#kpis}}}}, found: {line}"
                ))
            })?;
            tiles.extend(parsed);
        }
        for row in tiles.chunks(MAX_KPIS) {
            write_fence(out, "kpi", &row)?;
        }
        Ok(())
    }
}

fn chart_kind(s: &str) -> Result<ChartKind, handlebars::RenderError> {
    Ok(match s {
        "bar" => ChartKind::Bar,
        "hbar" => ChartKind::HBar,
        "line" => ChartKind::Line,
        "stacked_bar" => ChartKind::StackedBar,
        "heatmap" => ChartKind::Heatmap,
        o => {
            return Err(err(format!(
                "chart: kind \"{o}\" must be bar, hbar, line, stacked_bar or heatmap"
            )));
        }
    })
}

/// The options every chart takes from the helper's hash.
fn chart_options(h: &Helper<'_>, spec: &mut ChartSpec) -> Result<(), handlebars::RenderError> {
    spec.title = hash_str(h, "title")?.map(str::to_string);
    spec.x_label = hash_str(h, "x_label")?.map(str::to_string);
    spec.y_label = hash_str(h, "y_label")?.map(str::to_string);
    spec.unit = hash_str(h, "unit")?.map(str::to_string);
    spec.y_min = hash_f64(h, "y_min")?;
    spec.y_max = hash_f64(h, "y_max")?;
    spec.height_mm = hash_f64(h, "height_mm")?.map(|v| v as f32);
    spec.decimals = hash_f64(h, "decimals")?.map(|v| v.clamp(0.0, f64::from(MAX_DECIMALS)) as u8);
    spec.ordered = hash_bool(h, "ordered");
    if let Some(v) = hash_f64(h, "reference")? {
        spec.reference_lines.push(ReferenceLine {
            label: hash_str(h, "reference_label")?
                .unwrap_or_default()
                .to_string(),
            value: v,
        });
    }
    Ok(())
}

/// `{{chart "plugin" "series_key" title=... kind=... unit="%" reference=5.3 reference_label=...
/// focus_only=true optional=true ordered=true history_metric=...}}`: the chart of every series
/// with that key, data inline. Bars over units are drawn across (`hbar`) unless `kind` says
/// otherwise, a single series with the unit in view as a reference line; `ordered=true` says the series are
/// ordered classes (norm bands, duration classes). Without such a series, `history_metric="a b"` draws the unit in view's
/// lines of those metrics from the history store (12 periods).
struct ChartHelper(Arc<Shared>);

impl HelperDef for ChartHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let root = Root::of(ctx)?;
        let plugin = str_param(h, 0, "a plugin name")?;
        let key = str_param(h, 1, "a series key")?;
        let focus = root.data["focus"]["id"].as_str().unwrap_or_default();
        let focus_only = hash_bool(h, "focus_only");
        let mut series: Vec<&Value> = root.data["_series"][plugin][key]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| !focus_only || s["unit"].is_null() || s["unit"] == focus)
            .take(MAX_SERIES)
            .collect();
        // No series from the plugin: trend lines from the history store, when asked for.
        let mut from_history: Vec<Value> = Vec::new();
        if series.is_empty()
            && let Some(metrics) = hash_str(h, "history_metric")?
        {
            for metric in metrics.split([' ', ',']).filter(|m| !m.is_empty()) {
                if let Some(points) = root.data["_history"][plugin][metric].as_array()
                    && points.len() >= 2
                {
                    from_history.push(serde_json::json!({
                        "name": metric_label(&self.0, root.lang, plugin, metric)?,
                        "kind": "line",
                        "points": points,
                    }));
                }
            }
        }
        series.extend(from_history.iter());
        // Nothing to draw: no series, or every point hidden or undefined. An optional chart
        // (one the data often lacks, like a trend before there is history) is left out; any
        // other gets a note in its place.
        let drawable = series.iter().any(|s| {
            s["points"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["y"].is_number()))
        });
        if !drawable {
            if hash_bool(h, "optional") {
                return Ok(());
            }
            let title = match hash_str(h, "title")? {
                Some(t) => t.to_string(),
                None => humanize(key),
            };
            let mut args = std::collections::BTreeMap::new();
            args.insert("title".to_string(), title);
            let text = interpolate(self.0.text(root.lang, "chart.no_figures")?, &args)
                .map_err(|m| err(format!("chart.no_figures: {m}")))?;
            return write_note(out, &text);
        }
        // First-seen order, deduplicated through a set: `contains` on the list made a series
        // of distinct points quadratic (600,000 points took minutes).
        let mut categories: Vec<String> = Vec::new();
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for s in &series {
            for p in s["points"].as_array().into_iter().flatten() {
                let x = p["x"].as_str().unwrap_or_default();
                if seen.insert(x) {
                    categories.push(x.to_string());
                }
            }
        }
        // The renderer draws at most MAX_CATEGORIES; a longer series keeps its latest points.
        if categories.len() > MAX_CATEGORIES {
            categories.drain(..categories.len() - MAX_CATEGORIES);
        }
        let kind = match hash_str(h, "kind")? {
            Some(k) => chart_kind(k)?,
            None => match chart_kind(series[0]["kind"].as_str().unwrap_or("bar"))? {
                // Bars per unit go across the page, so every unit's name is printed (a
                // vertical chart could only label every other bar), while they fit a page.
                ChartKind::Bar
                    if categories.len() <= MAX_HBAR_CATEGORIES
                        && categories_are_units(&root, &categories) =>
                {
                    ChartKind::HBar
                }
                k => k,
            },
        };
        let mut spec = ChartSpec::new(kind);
        chart_options(h, &mut spec)?;
        let values_of = |s: &Value| -> Vec<Option<f64>> {
            categories
                .iter()
                .map(|c| {
                    s["points"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .find(|p| p["x"].as_str() == Some(c))
                        .and_then(|p| p["y"].as_f64())
                })
                .collect()
        };
        if kind == ChartKind::Heatmap {
            // Each series is a column; the categories are the rows.
            spec.columns = series
                .iter()
                .map(|s| s["name"].as_str().unwrap_or_default().to_string())
                .collect();
            let cols: Vec<Vec<Option<f64>>> = series.iter().map(|s| values_of(s)).collect();
            spec.values = (0..categories.len())
                .map(|r| cols.iter().map(|c| c[r]).collect())
                .collect();
            spec.rows = categories;
            if let (Some(green), Some(red)) = (hash_f64(h, "green")?, hash_f64(h, "red")?) {
                spec.thresholds = vec![Some(Threshold { green, red }); spec.columns.len()];
            }
        } else {
            spec.series = series
                .iter()
                .map(|s| Series {
                    name: s["name"].as_str().unwrap_or_default().to_string(),
                    values: values_of(s),
                })
                .collect();
            spec.categories = categories;
            if kind == ChartKind::HBar {
                organisation_as_reference(&root, &mut spec);
            }
        }
        write_fence(out, "chart", &spec)
    }
}

/// Whether every category is a unit in view, by name or id (the plugins' per-unit series
/// name their points by the unit's name). A hidden unit's point is still a unit: the view
/// has already emptied its values.
fn categories_are_units(root: &Root<'_>, categories: &[String]) -> bool {
    let units: std::collections::HashSet<&str> = root.data["units"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|u| [u["name"].as_str(), u["id"].as_str()])
        .flatten()
        .collect();
    !categories.is_empty() && categories.iter().all(|c| units.contains(c.as_str()))
}

/// The unit in view's own bar of a one-series hbar chart (per-unit series start with it:
/// the organisation, or the unit a burst report is about) becomes a vertical line
/// labelled with its name, which each unit's bar is read against, instead of a bar among
/// its own units. Only when it has a value (a hidden figure stays a dash in its row),
/// other units remain and the line fits the limit. With several series it stays the
/// first group of bars: its lines would all be the reference colour, and only their
/// labels, which crowd above the plot, would tell which series each belongs to.
fn organisation_as_reference(root: &Root<'_>, spec: &mut ChartSpec) {
    let Some(focus) = root.data["focus"]["name"].as_str() else {
        return;
    };
    let [series] = spec.series.as_mut_slice() else {
        return;
    };
    if spec.categories.len() < 2
        || spec.categories[0] != focus
        || spec.reference_lines.len() >= MAX_REFERENCE_LINES
    {
        return;
    }
    let Some(value) = series.values.first().copied().flatten() else {
        return;
    };
    series.values.remove(0);
    spec.reference_lines.push(ReferenceLine {
        label: focus.to_string(),
        value,
    });
    spec.categories.remove(0);
}

/// `{{heatmap "engagement" "vigour dedication absorption total" green=4.66 red=3.06}}`: units
/// in view by metrics, red-amber-green; cell texts formatted in the report's language, a
/// suppressed figure as the dash with the footnote marker.
struct HeatmapHelper(Arc<Shared>);

impl HelperDef for HeatmapHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let root = Root::of(ctx)?;
        let plugin = str_param(h, 0, "a plugin name")?;
        let metrics: Vec<&str> = str_param(h, 1, "metric keys (\"a b c\")")?
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .collect();
        let mut spec = ChartSpec::new(ChartKind::Heatmap);
        chart_options(h, &mut spec)?;
        spec.reference_lines.clear();
        for m in &metrics {
            spec.columns
                .push(metric_label(&self.0, root.lang, plugin, m)?);
        }
        let mut labels = Vec::new();
        for u in root.data["units"].as_array().into_iter().flatten() {
            let id = u["id"].as_str().unwrap_or_default();
            let mut values = Vec::new();
            let mut texts = Vec::new();
            for m in &metrics {
                let fig = lookup(
                    &self.0,
                    &root,
                    &Query {
                        plugin,
                        metric: m,
                        unit: Some(id),
                        subject: None,
                        previous: false,
                    },
                )?;
                let f = format_for(&self.0, h, plugin, m)?;
                values.push(match fig {
                    Figure::Value(v, _) => Some(v),
                    _ => None,
                });
                texts.push(match fig {
                    Figure::Suppressed => Some(SUPPRESSED.to_string()),
                    Figure::Value(..) => Some(figure_text(&self.0, root.lang, &f, fig)?),
                    _ => None,
                });
            }
            if values.iter().all(Option::is_none) && texts.iter().all(Option::is_none) {
                continue;
            }
            let depth = u["depth"].as_u64().unwrap_or(0) as usize;
            spec.rows.push(format!(
                "{}{}",
                "\u{a0}\u{a0}".repeat(depth),
                u["name"].as_str().unwrap_or(id)
            ));
            spec.values.push(values);
            labels.push(texts);
        }
        if spec.rows.is_empty() {
            return Ok(());
        }
        spec.labels = Some(labels);
        if let (Some(green), Some(red)) = (hash_f64(h, "green")?, hash_f64(h, "red")?) {
            spec.thresholds = vec![Some(Threshold { green, red }); spec.columns.len()];
        }
        write_fence(out, "chart", &spec)
    }
}

/// `{{#notice "warning"}}Markdown paragraphs and lists{{/notice}}` (or `"info"`).
struct NoticeHelper;

impl HelperDef for NoticeHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let level = match h.param(0).and_then(|p| p.value().as_str()) {
            None | Some("info") => "info",
            Some("warning") => "warning",
            Some(o) => {
                return Err(err(format!(
                    "notice: level \"{o}\" must be info or warning"
                )));
            }
        };
        let Some(t) = h.template() else {
            return Err(err(
                "notice is a block helper: {{#notice \"warning\"}} ... {{/notice}}",
            ));
        };
        let mut inner = StringOutput::new();
        t.render(r, ctx, rc, &mut inner)?;
        let inner = inner.into_string()?;
        // A fence line inside would end the notice early; values are escaped, so only template
        // text can do that.
        if inner.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("```") || l.starts_with("~~~")
        }) {
            return Err(err(
                "notice: the body holds paragraphs and lists only, no fenced blocks",
            ));
        }
        let body = inner.trim();
        if body.is_empty() {
            return Ok(());
        }
        out.write(&format!("```notice {level}\n{body}\n```\n"))?;
        Ok(())
    }
}

struct PageBreak;

impl HelperDef for PageBreak {
    fn call<'reg: 'rc, 'rc>(
        &self,
        _: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        out.write(markup::PAGE_BREAK)?;
        Ok(())
    }
}

/// `{{cover title=... subtitle=... period=... organisation=...}}`.
struct CoverHelper;

impl HelperDef for CoverHelper {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let cover = Cover {
            title: hash_str(h, "title")?
                .ok_or_else(|| err("cover: title= is required"))?
                .to_string(),
            subtitle: hash_str(h, "subtitle")?.map(str::to_string),
            period: hash_str(h, "period")?.map(str::to_string),
            organisation: hash_str(h, "organisation")?.map(str::to_string),
        };
        write_fence(out, "cover", &cover)
    }
}
