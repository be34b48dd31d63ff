//! The vocabulary that every part of werkt shares: calendar periods, the organisation dataset,
//! the unit tree, the privacy rule and the shape of analysis results.
//!
//! This crate is the contract between the host (`werkt-core`, `werkt-host`, the renderer) and
//! the analysis plugins, which receive these types serialized as JSON across the plugin ABI.
//! It therefore does no IO and holds no policy beyond the definitions in `shared/domain.md`
//! that more than one analysis needs (periods, the unit tree roll-up and group-size
//! suppression) and the way a figure is written in a report ([`mod@format`]: the plugins'
//! findings, the report's tables and the renderer's chart labels round and separate
//! numbers alike), so each of those rules has exactly one implementation.
//!
//! Invariants: everything here is plain data with serde derives; adding a field is a minor
//! change (`#[serde(default)]`), removing or renaming one is a breaking change of the plugin ABI.

mod dataset;
pub mod format;
mod period;
mod privacy;
mod request;
mod results;
mod unit_tree;

pub use chrono::NaiveDate as Date;
pub use dataset::{
    Absence, AbsenceReason, Dataset, Employment, Intervention, OrgForm, Organisation, Survey,
    SurveyResponse, Unit,
};
pub use period::{Period, PeriodParseError};
pub use privacy::{Population, Privacy, Suppression, suppress, suppress_within};
pub use request::{AnalysisRequest, Language};
pub use results::{
    AnalysisOutput, AnalysisReport, Finding, Generator, METRICS_SCHEMA, Metric, MetricsFile,
    OrganisationRef, Point, Series, SeriesKind, Severity, Status,
};
pub use unit_tree::{UnitIx, UnitTree, UnitTreeError};
