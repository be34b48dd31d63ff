//! Helpers that print figures from metrics.json: single values and tables of units or subjects.

use std::sync::Arc;

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, RenderError,
    ScopedJson,
};
use serde_json::Value;
use werkt_model::{Language, Period};

use super::text::metric_label;
use super::{
    Root, SUPPRESSED, Shared, UNDEFINED, err, hash_bool, hash_f64, hash_str, str_param, write_note,
};
use crate::escape::markdown;
use crate::formats::{Kind, MetricFormat};
use crate::strings::interpolate;

pub(super) fn register(hb: &mut Handlebars<'static>, shared: &Arc<Shared>) {
    hb.register_helper("metric", Box::new(MetricText(shared.clone())));
    hb.register_helper("metric_value", Box::new(MetricValue(shared.clone())));
    hb.register_helper("has_metric", Box::new(HasMetric));
    hb.register_helper("unit_table", Box::new(UnitTable(shared.clone())));
    hb.register_helper("subject_table", Box::new(SubjectTable(shared.clone())));
    hb.register_helper("metrics_table", Box::new(MetricsTable(shared.clone())));
}

/// What a lookup found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Figure {
    /// No row for this unit/subject (or no previous period).
    Missing,
    /// A row whose value is undefined.
    Undefined,
    /// Hidden by the minimum group size; the value never reached the view.
    Suppressed,
    /// A value, and the period it was computed on when that is earlier than the report's (a
    /// survey figure kept until enough responses changed).
    Value(f64, Option<Period>),
}

/// Which figure a helper asks for.
pub(crate) struct Query<'a> {
    pub plugin: &'a str,
    pub metric: &'a str,
    /// `None`: the unit in view (the organisation, or the burst unit).
    pub unit: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub previous: bool,
}

impl<'a> Query<'a> {
    pub fn from_helper(h: &'a Helper<'_>) -> Result<Query<'a>, RenderError> {
        Ok(Query {
            plugin: str_param(h, 0, "a plugin name, e.g. \"engagement\"")?,
            metric: str_param(h, 1, "a metric key, e.g. \"total\"")?,
            unit: hash_str(h, "unit")?,
            subject: hash_str(h, "subject")?,
            previous: hash_bool(h, "prev"),
        })
    }
}

/// Looks a figure up in the view's index. A figure the data does not have this time (no
/// intervention paid back, a unit without respondents, a metric the host dropped) is
/// [`Figure::Missing`] and prints as a dash: one block's missing data never fails the report.
/// A metric key that is neither emitted nor labelled (`metric.<plugin>.<metric>` in the
/// strings files) is an error whatever the data, so a typo in a template shows at once
/// instead of printing a dash forever; so is an analysis that is not in metrics.json.
pub(crate) fn lookup(
    shared: &Shared,
    root: &Root<'_>,
    q: &Query<'_>,
) -> Result<Figure, RenderError> {
    let analysis = root
        .data
        .pointer(&format!("/analysis/{}", pointer_escape(q.plugin)))
        .ok_or_else(|| {
            err(format!(
                "analysis '{}' is not in metrics.json; guard the lookup with {{{{#if analysis.{}.ok}}}}",
                q.plugin, q.plugin
            ))
        })?;
    let keys = if q.subject.is_some() {
        "subject_metric_keys"
    } else {
        "metric_keys"
    };
    let emitted = analysis[keys]
        .as_array()
        .is_some_and(|a| a.iter().any(|k| k.as_str() == Some(q.metric)));
    let labelled = shared
        .strings(root.lang)?
        .0
        .get(&format!("metric.{}.{}", q.plugin, q.metric))
        .is_some();
    if !emitted && !labelled && analysis["ok"] == Value::Bool(true) {
        return Err(err(format!(
            "analysis '{}' has no {}metric '{}' and the strings files no label metric.{}.{} (a typo?)",
            q.plugin,
            if q.subject.is_some() {
                "per-subject "
            } else {
                ""
            },
            q.metric,
            q.plugin,
            q.metric
        )));
    }
    let (table, row) = match q.subject {
        Some(s) => (if q.previous { "_ps" } else { "_s" }, s),
        None => (
            if q.previous { "_p" } else { "_m" },
            match q.unit {
                Some(u) => u,
                None => root.data["focus"]["id"].as_str().unwrap_or_default(),
            },
        ),
    };
    let cell = root
        .data
        .get(table)
        .and_then(|t| t.get(q.plugin))
        .and_then(|p| p.get(row))
        .and_then(|r| r.get(q.metric));
    Ok(match cell {
        None => Figure::Missing,
        Some(c) if c["s"] == Value::Bool(true) => Figure::Suppressed,
        Some(c) => c["v"].as_f64().map_or(Figure::Undefined, |v| {
            Figure::Value(v, c["a"].as_str().and_then(|a| a.parse().ok()))
        }),
    })
}

fn pointer_escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The display rule for a query: the template set's rule, overridden by `format=`/`decimals=`.
pub(crate) fn format_for(
    shared: &Shared,
    h: &Helper<'_>,
    plugin: &str,
    metric: &str,
) -> Result<MetricFormat, RenderError> {
    let mut f = shared.formats.of(plugin, metric).clone();
    if let Some(kind) = hash_str(h, "format")? {
        f.kind = match kind {
            "number" => Kind::Number,
            "integer" => Kind::Integer,
            "percent" => Kind::Percent,
            "money" => Kind::Money,
            "yesno" => Kind::Yesno,
            other => {
                return Err(err(format!(
                    "{}: unknown format=\"{other}\" (number, integer, percent, money, yesno)",
                    h.name()
                )));
            }
        };
    }
    if let Some(d) = hash_f64(h, "decimals")? {
        f.decimals = Some(d.clamp(0.0, 10.0) as usize);
    }
    Ok(f)
}

/// A figure as text: formatted with its suffix, a dash with the footnote marker when
/// suppressed, a plain dash when undefined or missing.
pub(crate) fn figure_text(
    shared: &Shared,
    lang: Language,
    f: &MetricFormat,
    figure: Figure,
) -> Result<String, RenderError> {
    let text = value_text(shared, lang, f, figure)?;
    Ok(match figure {
        Figure::Value(_, Some(p)) => format!("{text} ({})", as_of_text(shared, lang, p)?),
        _ => text,
    })
}

/// A figure as [`figure_text`] prints it, without the month of a kept figure (a table row
/// states it once).
fn value_text(
    shared: &Shared,
    lang: Language,
    f: &MetricFormat,
    figure: Figure,
) -> Result<String, RenderError> {
    Ok(match figure {
        Figure::Suppressed => SUPPRESSED.to_string(),
        Figure::Missing | Figure::Undefined => UNDEFINED.to_string(),
        Figure::Value(v, _) => {
            let text = f.apply(lang, v, shared.yes_no(lang)?);
            match &f.suffix {
                Some(key) => format!("{text} {}", shared.text(lang, key)?),
                None => text,
            }
        }
    })
}

/// "as of 2026-09": the month a kept survey figure was computed on.
fn as_of_text(shared: &Shared, lang: Language, p: Period) -> Result<String, RenderError> {
    let args = [("period".to_string(), p.to_string())].into();
    interpolate(shared.text(lang, "common.as_of")?, &args)
        .map_err(|m| err(format!("common.as_of: {m}")))
}

/// `{{metric "engagement" "total" unit=... subject=... prev=true format=... decimals=...}}`.
struct MetricText(Arc<Shared>);

impl HelperDef for MetricText {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let root = Root::of(ctx)?;
        let q = Query::from_helper(h)?;
        let f = format_for(&self.0, h, q.plugin, q.metric)?;
        let text = figure_text(&self.0, root.lang, &f, lookup(&self.0, &root, &q)?)?;
        Ok(ScopedJson::Derived(Value::String(text)))
    }
}

/// `(metric_value "engagement" "total")`: the number for comparisons (`gt`, `lt`), null when
/// suppressed, undefined or missing.
struct MetricValue(Arc<Shared>);

impl HelperDef for MetricValue {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let root = Root::of(ctx)?;
        let q = Query::from_helper(h)?;
        Ok(ScopedJson::Derived(match lookup(&self.0, &root, &q)? {
            Figure::Value(v, _) => {
                serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
            }
            _ => Value::Null,
        }))
    }
}

/// `(has_metric "absorptive_capacity" "coordination")`: whether the analysis is present and
/// emits that metric for some unit (optional metrics such as the combinative capabilities).
struct HasMetric;

impl HelperDef for HasMetric {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let root = Root::of(ctx)?;
        let plugin = str_param(h, 0, "a plugin name")?;
        let metric = str_param(h, 1, "a metric key")?;
        let analysis = &root.data["analysis"][plugin];
        let found = ["metric_keys", "subject_metric_keys"].iter().any(|k| {
            analysis[*k]
                .as_array()
                .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(metric)))
        });
        Ok(ScopedJson::Derived(Value::Bool(found)))
    }
}

/// Metric keys from a helper parameter: a string of keys separated by spaces or commas, or an
/// array of strings (e.g. `analysis.x.metric_keys`).
fn metric_list(h: &Helper<'_>, i: usize) -> Result<Vec<String>, RenderError> {
    match h.param(i).map(|p| p.value()) {
        Some(Value::String(s)) => Ok(s
            .split([' ', ','])
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| err(format!("{}: metric keys must be strings", h.name())))
            })
            .collect(),
        _ => Err(err(format!(
            "{}: parameter {} must list metric keys (\"a b c\")",
            h.name(),
            i + 1
        ))),
    }
}

/// Writes one GFM table: `text_columns` left-aligned name columns, then right-aligned figure
/// columns.
fn write_table(
    out: &mut dyn Output,
    header: &[String],
    text_columns: usize,
    rows: &[Vec<String>],
) -> HelperResult {
    let mut s = String::new();
    s.push('|');
    for h in header {
        s.push(' ');
        s.push_str(&markdown(h));
        s.push_str(" |");
    }
    s.push_str("\n|");
    for i in 0..header.len() {
        s.push_str(if i < text_columns {
            " :--- |"
        } else {
            " ---: |"
        });
    }
    s.push('\n');
    for row in rows {
        s.push('|');
        for c in row {
            s.push(' ');
            s.push_str(c);
            s.push_str(" |");
        }
        s.push('\n');
    }
    out.write(&s)?;
    Ok(())
}

/// Indentation for a unit name at `depth` below the unit in view: non-breaking spaces, which
/// Markdown keeps (ordinary leading spaces in a table cell are trimmed).
/// At most 12 levels are indented: three spaces per level would make the table of a
/// 10,000-unit chain hold 150 million of them (quadratic in the depth).
fn indent(depth: u64) -> String {
    const MAX_LEVELS: u64 = 12;
    "\u{a0}\u{a0}\u{a0}".repeat(depth.min(MAX_LEVELS) as usize)
}

fn unit_rows(
    shared: &Shared,
    h: &Helper<'_>,
    root: &Root<'_>,
    plugin: &str,
    metrics: &[String],
) -> Result<Vec<Vec<String>>, RenderError> {
    let mut rows = Vec::new();
    for u in root.data["units"].as_array().into_iter().flatten() {
        let id = u["id"].as_str().unwrap_or_default();
        let name = u["name"].as_str().unwrap_or(id);
        let mut row = vec![format!(
            "{}{}",
            indent(u["depth"].as_u64().unwrap_or(0)),
            markdown(name)
        )];
        let mut figures = Vec::with_capacity(metrics.len());
        for m in metrics {
            let q = Query {
                plugin,
                metric: m,
                unit: Some(id),
                subject: None,
                previous: false,
            };
            figures.push((lookup(shared, root, &q)?, format_for(shared, h, plugin, m)?));
        }
        if figures.iter().all(|(fig, _)| *fig == Figure::Missing) {
            continue;
        }
        // A row whose figures were all kept from one earlier month says so once, after the
        // unit's name, rather than in every cell.
        let months: Vec<Option<Period>> = figures
            .iter()
            .filter_map(|(fig, _)| match fig {
                Figure::Value(_, p) => Some(*p),
                _ => None,
            })
            .collect();
        let row_month = match months.first() {
            Some(&Some(p)) if months.iter().all(|&m| m == Some(p)) => Some(p),
            _ => None,
        };
        if let Some(p) = row_month {
            row[0] = format!(
                "{} ({})",
                row[0],
                markdown(&as_of_text(shared, root.lang, p)?)
            );
        }
        for (fig, f) in figures {
            let text = match row_month {
                Some(_) => value_text(shared, root.lang, &f, fig)?,
                None => figure_text(shared, root.lang, &f, fig)?,
            };
            row.push(markdown(&text));
        }
        rows.push(row);
    }
    Ok(rows)
}

/// `{{unit_table "engagement" "respondents total vigour"}}`: one row per unit in view that has
/// figures, in tree order with indented names.
struct UnitTable(Arc<Shared>);

impl HelperDef for UnitTable {
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
        let metrics = metric_list(h, 1)?;
        write_unit_table(&self.0, h, &root, plugin, &metrics, out)
    }
}

fn write_unit_table(
    shared: &Shared,
    h: &Helper<'_>,
    root: &Root<'_>,
    plugin: &str,
    metrics: &[String],
    out: &mut dyn Output,
) -> HelperResult {
    let mut header = vec![shared.text(root.lang, "table.unit")?.to_string()];
    for m in metrics {
        header.push(metric_label(shared, root.lang, plugin, m)?);
    }
    let rows = unit_rows(shared, h, root, plugin, metrics)?;
    if rows.is_empty() {
        return write_note(out, shared.text(root.lang, "table.no_figures")?);
    }
    write_table(out, &header, 1, &rows)
}

fn write_subject_table(
    shared: &Shared,
    h: &Helper<'_>,
    root: &Root<'_>,
    plugin: &str,
    metrics: &[String],
    out: &mut dyn Output,
) -> HelperResult {
    let mut header = vec![
        shared.text(root.lang, "table.subject")?.to_string(),
        shared.text(root.lang, "table.unit")?.to_string(),
    ];
    for m in metrics {
        header.push(metric_label(shared, root.lang, plugin, m)?);
    }
    let subjects = root
        .data
        .pointer(&format!("/analysis/{}/subjects", pointer_escape(plugin)));
    let mut rows = Vec::new();
    for s in subjects.and_then(Value::as_array).into_iter().flatten() {
        let id = s["id"].as_str().unwrap_or_default();
        let mut row = vec![
            markdown(s["name"].as_str().unwrap_or(id)),
            markdown(s["unit_name"].as_str().unwrap_or_default()),
        ];
        for m in metrics {
            let q = Query {
                plugin,
                metric: m,
                unit: None,
                subject: Some(id),
                previous: false,
            };
            let f = format_for(shared, h, plugin, m)?;
            row.push(markdown(&figure_text(
                shared,
                root.lang,
                &f,
                lookup(shared, root, &q)?,
            )?));
        }
        rows.push(row);
    }
    if !rows.is_empty() {
        write_table(out, &header, 2, &rows)?;
    }
    Ok(())
}

/// `{{subject_table "sick_leave_roi" "payback_years roi"}}`: one row per subject (intervention)
/// of the units in view, with its unit.
struct SubjectTable(Arc<Shared>);

impl HelperDef for SubjectTable {
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
        let metrics = metric_list(h, 1)?;
        write_subject_table(&self.0, h, &root, plugin, &metrics, out)
    }
}

/// `{{metrics_table "my_plugin"}}`: every metric of an analysis, as unit tables (and subject
/// tables) of at most `columns=` (default 5) figures each, so a plugin with many metrics still
/// fits the page. The generic section of a custom plugin is built on this.
struct MetricsTable(Arc<Shared>);

impl HelperDef for MetricsTable {
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
        let per = hash_f64(h, "columns")?.unwrap_or(5.0).clamp(1.0, 12.0) as usize;
        let analysis = root
            .data
            .pointer(&format!("/analysis/{}", pointer_escape(plugin)))
            .ok_or_else(|| {
                err(format!(
                    "metrics_table: analysis '{plugin}' is not in metrics.json"
                ))
            })?;
        let keys = |k: &str| -> Vec<String> {
            analysis[k]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let mut first = true;
        for chunk in keys("metric_keys").chunks(per) {
            if !first {
                out.write("\n")?;
            }
            first = false;
            write_unit_table(&self.0, h, &root, plugin, chunk, out)?;
        }
        for chunk in keys("subject_metric_keys").chunks(per) {
            if !first {
                out.write("\n")?;
            }
            first = false;
            write_subject_table(&self.0, h, &root, plugin, chunk, out)?;
        }
        Ok(())
    }
}
