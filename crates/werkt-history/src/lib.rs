//! werkt's run history: an embedded SQLite file that keeps every run's figures per
//! organisation, period, analysis, unit, subject and metric, and one record per organisation
//! and run (status, error, input hash, versions).
//!
//! It serves four needs of unattended monthly operation: trend lines in reports (`trends`),
//! skipping a run whose inputs are unchanged (`last_success`), `werkt status` and
//! `--retry-failed` (`status`, `failed`), and catch-up after downtime
//! (`last_successful_period`).
//!
//! The file is shared by shard processes: it runs in WAL mode with a busy timeout, and each
//! call is one short statement or transaction. Open one [`History`] per thread.

mod error;
mod record;
mod schema;
mod store;

pub use error::HistoryError;
pub use record::{MetricKey, OrgStatus, RunRecord, RunStatus, TrendPoint};
pub use schema::SCHEMA_VERSION;
pub use store::History;
