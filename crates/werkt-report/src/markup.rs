//! The fenced blocks of werkt's report markup (docs/report-markup.md). Their JSON bodies are
//! werkt-markup's types, the ones werkt-render reads, so both sides share one schema and its
//! limits; a spec is built as data and written with [`crate::escape::fence_json`], never
//! spliced together as text.

use serde::Serialize;

pub use werkt_markup::{
    ChartKind, ChartSpec, Cover, Good, Kpi, MAX_CATEGORIES, MAX_DECIMALS, MAX_HBAR_CATEGORIES,
    MAX_KPIS, MAX_REFERENCE_LINES, MAX_SERIES, ReferenceLine, Series, Threshold, Trend,
};

use crate::escape::fence_json;

/// A fenced block with a JSON body: three backticks, the kind, one line of JSON, three
/// backticks. The JSON has no backticks or tildes, so it cannot end the fence early.
pub fn fence<T: Serialize>(kind: &str, body: &T) -> Result<String, serde_json::Error> {
    Ok(format!("```{kind}\n{}\n```\n", fence_json(body)?))
}

/// The page break block.
pub const PAGE_BREAK: &str = "```pagebreak\n```\n";
