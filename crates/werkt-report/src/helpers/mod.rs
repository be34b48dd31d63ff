//! The Handlebars helpers of werkt's templates (see docs/templates.md for their use).
//!
//! Helpers that return a value (`t`, `number`, `metric`, ...) go through the registered Markdown
//! escape, so whatever they print is text. Helpers that emit markup of their own (`kpi`,
//! `chart`, `unit_table`, `notice`, ...) write it raw and escape every user string they embed
//! themselves: Markdown escaping in table cells, JSON in fences.

mod blocks;
mod figures;
mod text;

use std::collections::HashMap;
use std::sync::Arc;

use handlebars::{
    Context, Handlebars, Helper, HelperResult, PathAndJson, RenderError, RenderErrorReason,
};
use serde_json::Value;
use werkt_model::Language;

use crate::formats::Formats;
use crate::strings::Strings;

/// What the helpers share across renders: the strings of every language and the display rules.
pub(crate) struct Shared {
    pub strings: HashMap<Language, (Strings, [String; 12])>,
    pub formats: Formats,
    /// Analyses that have a section partial (`sections/<name>.hbs`): their metric labels must
    /// be translated, whereas a custom plugin without one falls back to its metric keys.
    pub sections: Vec<String>,
}

/// A dash instead of a figure that is hidden by the minimum group size, with the marker that
/// points at the footnote. Never the value.
pub const SUPPRESSED: &str = "–†";
/// A dash for a figure that is undefined (no respondents, alpha with n < 2, ...).
pub const UNDEFINED: &str = "–";

pub(crate) fn register(hb: &mut Handlebars<'static>, shared: Arc<Shared>) {
    text::register(hb, &shared);
    figures::register(hb, &shared);
    blocks::register(hb, &shared);
}

/// Per-render facts the helpers read from the root of the template data.
pub(crate) struct Root<'a> {
    pub data: &'a Value,
    pub lang: Language,
}

impl<'a> Root<'a> {
    pub fn of(ctx: &'a Context) -> Result<Root<'a>, RenderError> {
        let data = ctx.data();
        let lang = match data.get("lang").and_then(Value::as_str) {
            Some("en") => Language::En,
            Some("nl") => Language::Nl,
            other => {
                return Err(err(format!(
                    "the report context has no valid language ({other:?})"
                )));
            }
        };
        Ok(Root { data, lang })
    }
}

impl Shared {
    pub fn strings(&self, lang: Language) -> Result<&(Strings, [String; 12]), RenderError> {
        self.strings
            .get(&lang)
            .ok_or_else(|| err(format!("no strings file for language '{}'", lang.code())))
    }

    /// A translated string or a render error naming the key.
    pub fn text(&self, lang: Language, key: &str) -> Result<&str, RenderError> {
        self.counted(lang, key, None)
    }

    /// [`Shared::text`] for a count of `n`: the plural form that goes with it.
    pub fn counted(&self, lang: Language, key: &str, n: Option<f64>) -> Result<&str, RenderError> {
        self.strings(lang)?.0.plural(key, n).ok_or_else(|| {
            err(format!(
                "translation key '{key}' is missing from strings/{}.toml",
                lang.code()
            ))
        })
    }

    pub fn yes_no(&self, lang: Language) -> Result<(&str, &str), RenderError> {
        Ok((
            self.text(lang, "common.yes")?,
            self.text(lang, "common.no")?,
        ))
    }
}

/// The line that stands in for a table or chart without a figure to show (a unit without
/// respondents, every unit hidden), so the reader sees that the block is empty this month
/// rather than a heading over nothing.
pub(crate) fn write_note(out: &mut dyn handlebars::Output, text: &str) -> HelperResult {
    out.write(&format!("*{}*\n", crate::escape::markdown(text)))?;
    Ok(())
}

pub(crate) fn err(message: impl Into<String>) -> RenderError {
    RenderErrorReason::Other(message.into()).into()
}

/// Positional parameter `i` as a string, or an error naming the helper and what it expects.
pub(crate) fn str_param<'a>(
    h: &'a Helper<'_>,
    i: usize,
    what: &str,
) -> Result<&'a str, RenderError> {
    h.param(i)
        .and_then(|p| p.value().as_str())
        .ok_or_else(|| err(format!("{}: parameter {} must be {what}", h.name(), i + 1)))
}

pub(crate) fn hash_str<'a>(h: &'a Helper<'_>, key: &str) -> Result<Option<&'a str>, RenderError> {
    match h.hash_get(key).map(PathAndJson::value) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(err(format!(
            "{}: {key}= must be a string, not {other}",
            h.name()
        ))),
    }
}

pub(crate) fn hash_f64(h: &Helper<'_>, key: &str) -> Result<Option<f64>, RenderError> {
    match h.hash_get(key).map(PathAndJson::value) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or_else(|| err(format!("{}: {key}= must be a number, not {v}", h.name()))),
    }
}

pub(crate) fn hash_bool(h: &Helper<'_>, key: &str) -> bool {
    h.hash_get(key)
        .map(|v| match v.value() {
            Value::Bool(b) => *b,
            Value::Null => false,
            Value::String(s) => !s.is_empty() && s != "false",
            Value::Number(n) => n.as_f64() != Some(0.0),
            _ => true,
        })
        .unwrap_or(false)
}

/// "band_very_low_pct" -> "Band very low pct": a readable label for a custom plugin's metric
/// that the strings file does not know.
pub(crate) fn humanize(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut c = spaced.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
