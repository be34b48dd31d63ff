//! Helpers that print words and numbers: translations and per-language formatting.

use std::collections::BTreeMap;
use std::sync::Arc;

use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;

use super::{Root, Shared, err, hash_f64, humanize, str_param};
use crate::format;
use crate::strings::interpolate;

pub(super) fn register(hb: &mut Handlebars<'static>, shared: &Arc<Shared>) {
    hb.register_helper("t", Box::new(Translate(shared.clone())));
    hb.register_helper("has_t", Box::new(HasTranslation(shared.clone())));
    hb.register_helper("date", Box::new(DateHelper(shared.clone())));
    hb.register_helper("metric_label", Box::new(MetricLabel(shared.clone())));
    hb.register_helper("analysis_title", Box::new(AnalysisTitle(shared.clone())));
    hb.register_helper("concat", Box::new(Concat));
    for kind in [NumberKind::Number, NumberKind::Percent, NumberKind::Money] {
        hb.register_helper(kind.name(), Box::new(kind));
    }
}

/// Renders a hash value as the text that replaces a `{placeholder}`: numbers print as they are
/// (format them with `number` first when they need separators).
fn arg_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `{{t "key" name=value ...}}`: the string of the report's language, with `{name}` filled in;
/// a numeric `n` picks the plural form of a key that has them.
struct Translate(Arc<Shared>);

impl HelperDef for Translate {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let root = Root::of(ctx)?;
        let key = str_param(h, 0, "a translation key")?;
        let n = h.hash_get("n").and_then(|v| v.value().as_f64());
        let text = self.0.counted(root.lang, key, n)?;
        let args: BTreeMap<String, String> = h
            .hash()
            .iter()
            .map(|(k, v)| (k.to_string(), arg_text(v.value())))
            .collect();
        let out = interpolate(text, &args).map_err(|m| err(format!("t \"{key}\": {m}")))?;
        Ok(ScopedJson::Derived(Value::String(out)))
    }
}

/// `{{#if (has_t "key")}}`: whether a key exists, for optional texts (e.g. a custom plugin's
/// description).
struct HasTranslation(Arc<Shared>);

impl HelperDef for HasTranslation {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let root = Root::of(ctx)?;
        let key = str_param(h, 0, "a translation key")?;
        let found = self.0.strings(root.lang)?.0.get(key).is_some();
        Ok(ScopedJson::Derived(Value::Bool(found)))
    }
}

/// `{{date period}}`: `2026-10` as "October 2026" / "oktober 2026"; a full date with its day.
struct DateHelper(Arc<Shared>);

impl HelperDef for DateHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let root = Root::of(ctx)?;
        let text = str_param(h, 0, "a period (YYYY-MM) or date (YYYY-MM-DD)")?;
        let months = &self.0.strings(root.lang)?.1;
        let out = format::date(text, months)
            .ok_or_else(|| err(format!("date: '{text}' is neither YYYY-MM nor YYYY-MM-DD")))?;
        Ok(ScopedJson::Derived(Value::String(out)))
    }
}

#[derive(Clone, Copy)]
enum NumberKind {
    Number,
    Percent,
    Money,
}

impl NumberKind {
    fn name(self) -> &'static str {
        match self {
            NumberKind::Number => "number",
            NumberKind::Percent => "percent",
            NumberKind::Money => "money",
        }
    }
}

/// `{{number x decimals=1}}`, `{{percent x}}` (x in percent), `{{money x}}` (euros). A null
/// prints as a dash.
impl HelperDef for NumberKind {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let root = Root::of(ctx)?;
        let value = match h.param(0).map(|p| p.value()) {
            Some(Value::Null) => None,
            Some(v) => Some(
                v.as_f64()
                    .ok_or_else(|| err(format!("{}: expected a number, got {v}", self.name())))?,
            ),
            None => return Err(err(format!("{}: expected a number", self.name()))),
        };
        let decimals = hash_f64(h, "decimals")?.map(|d| d.clamp(0.0, 10.0) as usize);
        let out = match value {
            None => super::UNDEFINED.to_string(),
            Some(v) => match self {
                NumberKind::Number => format::number(root.lang, v, decimals.unwrap_or(0)),
                NumberKind::Percent => format::percent(root.lang, v, decimals.unwrap_or(1)),
                NumberKind::Money => format::money(root.lang, v, decimals.unwrap_or(0)),
            },
        };
        Ok(ScopedJson::Derived(Value::String(out)))
    }
}

/// The label of a metric: `metric.<plugin>.<metric>` from the strings file. For an analysis
/// with a section partial the key must exist; a custom plugin without one falls back to its
/// metric key made readable, so its generic section still prints.
pub(crate) fn metric_label(
    shared: &Shared,
    lang: werkt_model::Language,
    plugin: &str,
    metric: &str,
) -> Result<String, RenderError> {
    let key = format!("metric.{plugin}.{metric}");
    if shared.sections.iter().any(|s| s == plugin) {
        return shared.text(lang, &key).map(str::to_string);
    }
    Ok(shared
        .strings(lang)?
        .0
        .get(&key)
        .map(str::to_string)
        .unwrap_or_else(|| humanize(metric)))
}

struct MetricLabel(Arc<Shared>);

impl HelperDef for MetricLabel {
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
        let label = metric_label(&self.0, root.lang, plugin, metric)?;
        Ok(ScopedJson::Derived(Value::String(label)))
    }
}

/// `{{analysis_title name}}`: `analysis.<name>.title`, required for analyses with a section
/// partial, else the plugin name made readable.
struct AnalysisTitle(Arc<Shared>);

impl HelperDef for AnalysisTitle {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let root = Root::of(ctx)?;
        let plugin = str_param(h, 0, "a plugin name")?;
        let key = format!("analysis.{plugin}.title");
        let title = if self.0.sections.iter().any(|s| s == plugin) {
            self.0.text(root.lang, &key)?.to_string()
        } else {
            self.0
                .strings(root.lang)?
                .0
                .get(&key)
                .map(str::to_string)
                .unwrap_or_else(|| humanize(plugin))
        };
        Ok(ScopedJson::Derived(Value::String(title)))
    }
}

/// `(concat "intervention_" id "_cumulative")`: joins its parameters, for computed keys.
struct Concat;

impl HelperDef for Concat {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let joined: String = h.params().iter().map(|p| arg_text(p.value())).collect();
        Ok(ScopedJson::Derived(Value::String(joined)))
    }
}
