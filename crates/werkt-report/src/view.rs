//! The data a template sees: metrics.json reshaped for printing.
//!
//! Templates get lists in the order they print them (units in tree order with their depth,
//! analyses in section order, findings of the units in view) and helpers get lookup tables
//! (`_m`, `_p`, `_s`, `_series`) keyed by plugin, unit and metric. The one privacy rule enforced
//! here: a suppressed figure's value is dropped while building these tables, so no template or
//! helper can print it, whatever it asks for.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_json::{Map, Value, json};
use werkt_model::{AnalysisReport, MetricsFile, Status, UnitTree};

use crate::{ReportContext, ReportError};

/// Most findings the summary lists; the sections list them all.
const MAX_HIGHLIGHTS: usize = 5;

/// Units in tree order with their depth below the unit in view.
pub(crate) struct UnitsInView {
    pub list: Vec<(String, String, usize)>,
    pub names: HashMap<String, String>,
    /// Ids of the unit in view and its descendants.
    pub in_view: BTreeSet<String>,
    pub focus: String,
}

fn units_in_view(ctx: &ReportContext<'_>) -> Result<UnitsInView, ReportError> {
    let mut names: HashMap<String, String> = HashMap::new();
    let mut all: Vec<(String, usize)> = Vec::new();
    if ctx.units.is_empty() {
        let mut seen = BTreeSet::new();
        for a in ctx.metrics.analyses.values() {
            for m in &a.output.metrics {
                if seen.insert(m.unit.clone()) {
                    all.push((m.unit.clone(), 0));
                }
            }
        }
        if let Some(pos) = all
            .iter()
            .position(|(id, _)| *id == ctx.metrics.organisation.id)
        {
            let root = all.remove(pos);
            all.insert(0, root);
        }
    } else {
        let tree = UnitTree::new(ctx.units).map_err(|e| ReportError::Units(e.to_string()))?;
        // Depths in one pass (a parent comes before its children in pre-order), not by
        // walking every unit's ancestors, which is quadratic on a deep tree.
        let mut depth = vec![0usize; tree.len()];
        for &u in tree.preorder() {
            depth[u] = tree.parent(u).map_or(0, |p| depth[p] + 1);
            all.push((tree.id(u).to_string(), depth[u]));
        }
        for u in ctx.units {
            names.insert(u.id.clone(), u.name.clone());
        }
    }
    for (id, _) in &all {
        names.entry(id.clone()).or_insert_with(|| id.clone());
    }
    let focus = match &ctx.unit_filter {
        Some(f) => {
            if !all.iter().any(|(id, _)| id == f) {
                return Err(ReportError::UnknownUnit(f.clone()));
            }
            f.clone()
        }
        None => all
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_else(|| ctx.metrics.organisation.id.clone()),
    };
    // The subtree of the focus is the contiguous run after it in pre-order with greater depth.
    let mut list = Vec::new();
    let mut in_view = BTreeSet::new();
    if let Some(start) = all.iter().position(|(id, _)| *id == focus) {
        let base = all[start].1;
        for (i, (id, depth)) in all.iter().enumerate().skip(start) {
            if i > start && *depth <= base {
                break;
            }
            list.push((id.clone(), names[id].clone(), depth - base));
            in_view.insert(id.clone());
        }
    } else {
        in_view.insert(focus.clone());
    }
    Ok(UnitsInView {
        list,
        names,
        in_view,
        focus,
    })
}

fn cell(m: &werkt_model::Metric) -> Value {
    // The value of a suppressed figure never enters the view, nor its n. A figure kept as last
    // published carries the period it was computed on (`a`), which the report prints with it.
    if m.suppressed {
        json!({"v": null, "s": true})
    } else {
        match m.as_of {
            Some(p) => json!({"v": m.value, "n": m.n, "s": false, "a": p.to_string()}),
            None => json!({"v": m.value, "n": m.n, "s": false}),
        }
    }
}

/// `{plugin: {unit: {metric: cell}}}` for unit rows and `{plugin: {subject: {metric: cell}}}`
/// for subject rows, restricted to the units in view.
fn index(file: &MetricsFile, in_view: &BTreeSet<String>) -> (Value, Value) {
    let mut units = Map::new();
    let mut subjects = Map::new();
    for (plugin, report) in &file.analyses {
        let mut u = Map::new();
        let mut s = Map::new();
        for m in &report.output.metrics {
            if !in_view.contains(&m.unit) {
                continue;
            }
            let target = match &m.subject {
                None => u.entry(m.unit.clone()),
                Some(sub) => s.entry(sub.clone()),
            }
            .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(o) = target {
                o.insert(m.metric.clone(), cell(m));
                if m.subject.is_some() {
                    o.insert("@unit".into(), Value::String(m.unit.clone()));
                }
            }
        }
        units.insert(plugin.clone(), Value::Object(u));
        subjects.insert(plugin.clone(), Value::Object(s));
    }
    (Value::Object(units), Value::Object(subjects))
}

/// The previous period's figures from the history points of the period before `ctx`'s.
fn history_file(ctx: &ReportContext<'_>) -> Option<MetricsFile> {
    let points = ctx.history?;
    let want = ctx.metrics.period.pred();
    let mut file = MetricsFile {
        analyses: BTreeMap::new(),
        period: want,
        ..ctx.metrics.clone()
    };
    let mut any = false;
    for p in points.iter().filter(|p| p.period == want) {
        any = true;
        let report = file
            .analyses
            .entry(p.plugin.clone())
            .or_insert_with(|| AnalysisReport {
                plugin_version: String::new(),
                status: Status::Ok,
                error: None,
                output: Default::default(),
            });
        report.output.metrics.push(werkt_model::Metric {
            unit: p.unit.clone(),
            subject: p.subject.clone(),
            metric: p.metric.clone(),
            value: p.value,
            n: None,
            suppressed: p.suppressed,
            as_of: None,
        });
    }
    any.then_some(file)
}

fn status_str(s: Status) -> &'static str {
    match s {
        Status::Ok => "ok",
        Status::NoData => "no_data",
        Status::Failed => "failed",
    }
}

/// Builds the template data. `has_section(name)` says whether the template set has a section
/// partial for an analysis.
pub(crate) fn build(
    ctx: &ReportContext<'_>,
    section_order: &[String],
    has_section: impl Fn(&str) -> bool,
) -> Result<Value, ReportError> {
    let units = units_in_view(ctx)?;
    let file = ctx.metrics;
    let (m_index, s_index) = index(file, &units.in_view);
    let previous_owned;
    let previous = match ctx.previous {
        Some(p) => Some(p),
        None => {
            previous_owned = history_file(ctx);
            previous_owned.as_ref()
        }
    };
    let p_index = previous.map(|p| index(p, &units.in_view));

    let mut order: Vec<&String> = section_order
        .iter()
        .filter(|n| file.analyses.contains_key(*n))
        .collect();
    for name in file.analyses.keys() {
        if !order.contains(&name) {
            order.push(name);
        }
    }

    let mut analyses = Vec::new();
    let mut by_name = Map::new();
    let mut series_index = Map::new();
    let mut all_suppressed: BTreeSet<String> = BTreeSet::new();
    for name in order {
        let report = &file.analyses[name];
        let v = analysis_view(name, report, &units, ctx, has_section(name));
        for s in v["suppressed_units"].as_array().into_iter().flatten() {
            if let Some(s) = s.as_str() {
                all_suppressed.insert(s.to_string());
            }
        }
        series_index.insert(name.clone(), series_view(report, &units));
        by_name.insert(name.clone(), v.clone());
        analyses.push(v);
    }
    // The summary's "what stands out": alerts before warnings, at most MAX_HIGHLIGHTS, so the
    // summary stays one page; the rest is in the sections.
    let mut highlights: Vec<Value> = Vec::new();
    for severity in ["alert", "warning"] {
        for a in &analyses {
            if a["ok"] != Value::Bool(true) {
                continue;
            }
            for f in a["findings"].as_array().into_iter().flatten() {
                if f["severity"] == severity {
                    let mut f = f.clone();
                    f["analysis"] = a["name"].clone();
                    highlights.push(f);
                }
            }
        }
    }
    let more_highlights = highlights.len().saturating_sub(MAX_HIGHLIGHTS);
    highlights.truncate(MAX_HIGHLIGHTS);

    // Suppressed units in tree order, by name only.
    let suppressed_names: Vec<Value> = units
        .list
        .iter()
        .filter(|(_, name, _)| all_suppressed.contains(name))
        .map(|(_, name, _)| Value::String(name.clone()))
        .collect();

    let unit_list: Vec<Value> = units
        .list
        .iter()
        .map(|(id, name, depth)| json!({"id": id, "name": name, "depth": depth}))
        .collect();
    let org = &ctx.organisation;
    Ok(json!({
        "lang": ctx.language.code(),
        "organisation": {
            "id": org.id,
            "name": if org.name.is_empty() { &file.organisation.name } else { &org.name },
            "sector": org.sector,
            "org_form": org.org_form.map(|f| f.as_str()),
        },
        "period": file.period.to_string(),
        "previous_period": previous.map(|p| p.period.to_string()),
        "has_previous": previous.is_some(),
        "generator": {"name": file.generator.name, "version": file.generator.version},
        "logo": ctx.logo.as_ref().map(|p| p.display().to_string()),
        "min_group_size": ctx.min_group_size,
        "burst": ctx.unit_filter.is_some(),
        "focus": {"id": units.focus, "name": units.names.get(&units.focus).cloned().unwrap_or_else(|| units.focus.clone())},
        "units": unit_list,
        "analyses": analyses,
        "analysis": by_name,
        "highlights": highlights,
        "more_highlights": more_highlights,
        "data_warnings": file.data_warnings,
        "has_data_warnings": !file.data_warnings.is_empty(),
        "suppressed_units": suppressed_names,
        "has_suppressed": !suppressed_names.is_empty(),
        "_m": m_index,
        "_s": s_index,
        "_p": p_index.as_ref().map(|p| p.0.clone()),
        "_ps": p_index.map(|p| p.1),
        "_series": series_index,
        "_history": history_view(ctx, &units.focus),
        "_names": units.names,
    }))
}

fn analysis_view(
    name: &str,
    report: &AnalysisReport,
    units: &UnitsInView,
    ctx: &ReportContext<'_>,
    has_section: bool,
) -> Value {
    let unit_name = |id: &str| {
        units
            .names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    let in_view = |u: &Option<String>| match u {
        Some(u) => units.in_view.contains(u),
        None => true,
    };
    let findings: Vec<Value> = report
        .output
        .findings
        .iter()
        .filter(|f| in_view(&f.unit))
        .map(|f| {
            json!({
                "unit": f.unit,
                "unit_name": f.unit.as_deref().map(unit_name),
                "severity": format!("{:?}", f.severity).to_lowercase(),
                "text": f.text,
            })
        })
        .collect();
    let mut metric_keys: Vec<&str> = Vec::new();
    let mut subject_keys: Vec<&str> = Vec::new();
    let mut subjects: Vec<Value> = Vec::new();
    let mut seen_subjects = BTreeSet::new();
    let mut suppressed: BTreeSet<&str> = BTreeSet::new();
    for m in &report.output.metrics {
        // Keys over all units, so a template's lookup of a known metric works in every burst
        // view; subjects and suppressed units only for the units in view.
        match &m.subject {
            None if !metric_keys.contains(&m.metric.as_str()) => metric_keys.push(&m.metric),
            Some(_) if !subject_keys.contains(&m.metric.as_str()) => subject_keys.push(&m.metric),
            _ => {}
        }
        if !units.in_view.contains(&m.unit) {
            continue;
        }
        match &m.subject {
            None => {
                if m.suppressed {
                    suppressed.insert(&m.unit);
                }
            }
            Some(s) => {
                if seen_subjects.insert(s.clone()) {
                    subjects.push(json!({
                        "id": s,
                        "name": ctx.subject_names.get(s).cloned().unwrap_or_else(|| s.clone()),
                        "unit": m.unit,
                        "unit_name": unit_name(&m.unit),
                    }));
                }
                if m.suppressed {
                    suppressed.insert(&m.unit);
                }
            }
        }
    }
    let suppressed_units: Vec<String> = units
        .list
        .iter()
        .filter(|(id, _, _)| suppressed.contains(id.as_str()))
        .map(|(_, n, _)| n.clone())
        .collect();
    let mut series_keys: Vec<&str> = Vec::new();
    for s in &report.output.series {
        if !series_keys.contains(&s.key.as_str()) {
            series_keys.push(&s.key);
        }
    }
    json!({
        "name": name,
        "plugin_version": report.plugin_version,
        "status": status_str(report.status),
        "ok": report.status == Status::Ok,
        "failed": report.status == Status::Failed,
        "no_data": report.status == Status::NoData,
        "error": report.error,
        "section": if has_section { Value::String(format!("sections/{name}")) } else { Value::Null },
        "findings": findings,
        "has_findings": !findings.is_empty(),
        "metric_keys": metric_keys,
        "subject_metric_keys": subject_keys,
        "subjects": subjects,
        "has_subjects": !subjects.is_empty(),
        "series_keys": series_keys,
        "suppressed_units": suppressed_units,
        "has_suppressed": !suppressed_units.is_empty(),
        "warnings": report.output.warnings,
    })
}

/// Series grouped by key, restricted to the units in view, with every point of a unit whose
/// figures are all suppressed in this analysis emptied (defence in depth: a plugin's chart
/// data must not leak what its table hides). A unit with some figures hidden and others shown
/// (each family of figures has its own population) keeps its series: the plugin hides each
/// point by that point's own rule.
fn series_view(report: &AnalysisReport, units: &UnitsInView) -> Value {
    let mut unit_rows: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for m in report.output.metrics.iter().filter(|m| m.subject.is_none()) {
        let (all, hidden) = unit_rows.entry(m.unit.as_str()).or_default();
        *all += 1;
        *hidden += usize::from(m.suppressed);
    }
    let suppressed: BTreeSet<&str> = unit_rows
        .into_iter()
        .filter(|(_, (all, hidden))| all == hidden)
        .map(|(u, _)| u)
        .collect();
    // Labels looked up in sets built once: scanning every unit for every point was quadratic
    // in the units (a per-unit series has a point per unit).
    let hidden_labels: HashSet<&str> = suppressed
        .iter()
        .flat_map(|u| {
            [*u].into_iter()
                .chain(units.names.get(*u).map(String::as_str))
        })
        .collect();
    let hidden_label = |x: &str| hidden_labels.contains(x);
    // A label that is a unit's id is that unit; else a unit name, in view when any unit of
    // that name is.
    let mut label_in_view: HashMap<&str, bool> = HashMap::new();
    for (id, name) in &units.names {
        *label_in_view.entry(name.as_str()).or_default() |= units.in_view.contains(id);
    }
    for id in units.names.keys() {
        label_in_view.insert(id.as_str(), units.in_view.contains(id));
    }
    let out_of_view = |x: &str| label_in_view.get(x).is_some_and(|v| !v);
    let mut by_key = Map::new();
    for s in &report.output.series {
        if let Some(u) = &s.unit
            && !units.in_view.contains(u)
        {
            continue;
        }
        let series_hidden = s.unit.as_deref().is_some_and(|u| suppressed.contains(u));
        let points: Vec<Value> = s
            .points
            .iter()
            .filter(|p| !out_of_view(&p.x))
            .map(|p| {
                let y = if series_hidden || hidden_label(&p.x) {
                    None
                } else {
                    p.y
                };
                json!({"x": p.x, "y": y})
            })
            .collect();
        let kind = serde_json::to_value(s.kind).unwrap_or(Value::Null);
        let entry = by_key
            .entry(s.key.clone())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(a) = entry {
            a.push(json!({"name": s.name, "kind": kind, "unit": s.unit, "points": points}));
        }
    }
    Value::Object(by_key)
}

/// The unit in view's figures over the 12 periods ending with the report's, per plugin and
/// metric (`{plugin: {metric: [{x: period, y}]}}`), from the history points plus this
/// period's metrics. A suppressed point has no value. Lets a template draw a trend line when
/// a plugin emits no trend series of its own.
fn history_view(ctx: &ReportContext<'_>, focus: &str) -> Value {
    let Some(points) = ctx.history else {
        return Value::Object(Map::new());
    };
    let period = ctx.metrics.period;
    let first = period.add_months(-11);
    let mut lines: BTreeMap<(&str, &str), BTreeMap<werkt_model::Period, Option<f64>>> =
        BTreeMap::new();
    for p in points {
        if p.unit == focus && p.subject.is_none() && p.period >= first && p.period < period {
            let v = if p.suppressed { None } else { p.value };
            lines
                .entry((&p.plugin, &p.metric))
                .or_default()
                .insert(p.period, v);
        }
    }
    for (plugin, report) in &ctx.metrics.analyses {
        for m in &report.output.metrics {
            if m.unit == focus && m.subject.is_none() {
                let v = if m.suppressed { None } else { m.value };
                if let Some(line) = lines.get_mut(&(plugin.as_str(), m.metric.as_str())) {
                    line.insert(period, v);
                }
            }
        }
    }
    let mut out = Map::new();
    for ((plugin, metric), line) in lines {
        let pts: Vec<Value> = line
            .iter()
            .map(|(p, v)| json!({"x": p.to_string(), "y": v}))
            .collect();
        if let Value::Object(o) = out
            .entry(plugin.to_string())
            .or_insert_with(|| Value::Object(Map::new()))
        {
            o.insert(metric.to_string(), Value::Array(pts));
        }
    }
    Value::Object(out)
}
