//! Running werkt every month without a person: when (cron expressions in a time zone, DST
//! included), on which period (`previous-month`), what to catch up after downtime, how to
//! install it (crontab, systemd, Kubernetes), the `werkt daemon` loop, the lock that keeps
//! two runs out of one output directory, and the notifications afterwards.
//!
//! The CLI owns all policy about organisations and history; this crate only decides times
//! and periods, so everything here is testable with a manual clock.

mod cron;
mod daemon;
pub mod emit;
mod error;
mod lock;
mod notify;
mod period_rule;
mod schedule;

pub use cron::{CronExpr, parse_timezone};
pub use daemon::{Action, Clock, Daemon, ManualClock, SystemClock, Wake, install_sigterm_flag};
pub use error::ScheduleError;
pub use lock::{LOCK_FILE, LockError, OutputLock};
pub use notify::{FailedOrg, NotifyError, RunSummary, notify, webhook};
pub use period_rule::{PeriodRule, missed_periods};
pub use schedule::{DEFAULT_CRON, DEFAULT_TIMEZONE, Schedule, next_runs};
