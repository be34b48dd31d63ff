//! Report templating: metrics.json plus report settings in, report markup out.
//!
//! werkt's report is written as Handlebars templates (`templates/<name>/`) that produce the
//! markup werkt-render lays out: CommonMark with GFM tables and the fenced blocks `cover`,
//! `kpi`, `chart`, `notice` and `pagebreak` (docs/report-markup.md). This crate loads a template
//! set once ([`Templates::load`]) and renders it for one organisation, period, language and,
//! for burst reports, one unit ([`Templates::render`] with a [`ReportContext`]).
//!
//! Two rules hold whatever a template does: user strings are escaped for where they land
//! (Markdown in the text flow, JSON inside fences), and a figure hidden by the minimum group
//! size is dropped before the template sees the data, so it can only print as a dash.
//! docs/templates.md explains how to write a template or a custom plugin's section.

mod context;
mod error;
pub mod escape;
pub mod format;
mod formats;
mod helpers;
pub mod markup;
mod strings;
mod templates;
mod view;

pub use context::{ReportContext, TrendPoint};
pub use error::ReportError;
pub use formats::{Kind as FormatKind, MetricFormat};
pub use helpers::{SUPPRESSED, UNDEFINED};
pub use templates::Templates;
