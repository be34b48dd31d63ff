//! werkt's front end: everything between the user's files and the analyses.
//!
//! - [`config`]: the layered, checked configuration ([`Config::load`]).
//! - [`ingest`]: finding organisation directories and reading one into a
//!   [`werkt_model::Dataset`], checking the whole of it first ([`ingest::load_organisation`]).
//! - [`diagnostic`]: the problems found in input data, each with file, line and column.
//! - [`quality`]: what outputs say about those problems instead: counts by kind, no rows.
//! - [`skeleton`]: the files `werkt init` writes.
//! - [`tables`]: the data contract (files and columns) that all of the above share.
//!
//! IO stays at the edges: parsing works on text and bytes, so everything is testable without
//! files; only `Config::load`, `ingest::discover`, `ingest::load_organisation` and
//! `skeleton::write_skeleton` touch the file system.

pub mod config;
pub mod diagnostic;
pub mod ingest;
pub mod quality;
pub mod skeleton;
pub mod tables;
mod validate;

pub use config::{Config, ConfigError, LoadOptions};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use ingest::{Loaded, discover, load_organisation};
pub use quality::WarningKind;
