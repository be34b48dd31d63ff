use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::{CronExpr, PeriodRule, ScheduleError, parse_timezone};

/// `[schedule]`'s defaults: 06:00 on the 2nd of every month in Amsterdam, reporting on the
/// previous month (one day late, so data exports of the 1st are in).
pub const DEFAULT_CRON: &str = "0 6 2 * *";
pub const DEFAULT_TIMEZONE: &str = "Europe/Amsterdam";

/// A validated `[schedule]`: when to run, in which time zone, and on which period.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub cron: CronExpr,
    pub tz: Tz,
    pub period: PeriodRule,
    /// Run every period missed since the last successful one, oldest first.
    pub catch_up: bool,
}

impl Schedule {
    /// Validates the configuration's strings; errors name the bad value.
    pub fn new(
        cron: &str,
        timezone: &str,
        period: &str,
        catch_up: bool,
    ) -> Result<Schedule, ScheduleError> {
        Ok(Schedule {
            cron: CronExpr::parse(cron)?,
            tz: parse_timezone(timezone)?,
            period: period.parse()?,
            catch_up,
        })
    }

    /// The next `n` run times strictly after `after`, in the schedule's time zone.
    pub fn next_runs(
        &self,
        after: DateTime<Utc>,
        n: usize,
    ) -> Result<Vec<DateTime<Tz>>, ScheduleError> {
        let mut out = Vec::with_capacity(n);
        let mut t = after.with_timezone(&self.tz);
        for _ in 0..n {
            t = self.cron.next_after(&t)?;
            out.push(t);
        }
        Ok(out)
    }
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule::new(DEFAULT_CRON, DEFAULT_TIMEZONE, "previous-month", true)
            .expect("the built-in schedule is valid")
    }
}

/// The next `n` runs of `expr` in time zone `tz` strictly after `after` (what
/// `werkt schedule` prints).
pub fn next_runs(
    expr: &str,
    tz: &str,
    after: DateTime<Utc>,
    n: usize,
) -> Result<Vec<DateTime<Tz>>, ScheduleError> {
    let schedule = Schedule {
        cron: CronExpr::parse(expr)?,
        tz: parse_timezone(tz)?,
        period: PeriodRule::default(),
        catch_up: false,
    };
    schedule.next_runs(after, n)
}
