use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use werkt_model::Period;

use crate::ScheduleError;

/// Which period a scheduled run reports on, as `[schedule] period` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeriodRule {
    /// The last complete calendar month in the schedule's time zone: a run on 2 November
    /// reports on October. The default, because a month's figures are final only after it.
    #[default]
    PreviousMonth,
    /// The month the run happens in (a month-to-date report).
    CurrentMonth,
}

impl PeriodRule {
    /// The period a run at instant `at` reports on. The month is taken in `tz`, not UTC:
    /// 23:30 UTC on 31 October is already 1 November in Amsterdam, so previous-month gives
    /// October there.
    pub fn period_at(self, tz: Tz, at: DateTime<Utc>) -> Period {
        let month = Period::of(at.with_timezone(&tz).date_naive());
        match self {
            PeriodRule::PreviousMonth => month.pred(),
            PeriodRule::CurrentMonth => month,
        }
    }
}

impl FromStr for PeriodRule {
    type Err = ScheduleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "previous-month" => Ok(PeriodRule::PreviousMonth),
            "current-month" => Ok(PeriodRule::CurrentMonth),
            other => Err(ScheduleError::PeriodRule {
                value: other.to_string(),
            }),
        }
    }
}

impl fmt::Display for PeriodRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PeriodRule::PreviousMonth => "previous-month",
            PeriodRule::CurrentMonth => "current-month",
        })
    }
}

/// The periods to run after downtime: every period after `last_success` up to and including
/// `current`, oldest first, so trend lines fill in order and a report never precedes the one
/// before it. Without any successful period only `current` runs (there is nothing to catch
/// up with; `werkt backfill` fills history on purpose). Nothing when `current` is done.
pub fn missed_periods(last_success: Option<Period>, current: Period) -> Vec<Period> {
    match last_success {
        None => vec![current],
        Some(last) => Period::range(last.succ(), current).collect(),
    }
}
