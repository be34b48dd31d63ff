//! Standard 5-field cron expressions, evaluated in an IANA time zone.
//!
//! The accepted grammar is the one crontab, systemd (after conversion) and Kubernetes all
//! understand: per field `*`, numbers, names (`JAN`..`DEC`, `SUN`..`SAT`), lists `a,b`,
//! ranges `a-b` and steps `*/n`, `a-b/n`; day-of-week 0 and 7 are Sunday. Extensions that
//! only some schedulers know (`L`, `W`, `#`, `?`, seconds, years, `@monthly`) are refused,
//! so a schedule that `werkt schedule` shows can be emitted as any of the three units.
//!
//! As in cron, when both day-of-month and day-of-week are restricted (neither is `*`), a
//! day matches if either matches.
//!
//! Evaluation is croner's, which follows Vixie cron around daylight-saving changes:
//! * a job at a fixed wall-clock time (single minute and hour) that falls in the
//!   spring-forward gap is shifted to the first instant after the gap (`30 2 * * *` in
//!   Europe/Amsterdam on the last Sunday of March runs at 03:00 CEST), and one that falls in
//!   the fall-back overlap runs once, at the first occurrence (02:30 CEST, not again at
//!   02:30 CET);
//! * a job with several minutes or hours (`*/15 * * * *`) follows the clock: times in the
//!   gap do not exist and are skipped, and the repeated hour runs again.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeZone};
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};

use crate::ScheduleError;

/// One field's legal values and names.
struct FieldSpec {
    name: &'static str,
    min: u32,
    max: u32,
    /// Names for `min`, `min + 1`, … (month and weekday fields).
    names: &'static [&'static str],
}

const MINUTE: FieldSpec = FieldSpec {
    name: "minute",
    min: 0,
    max: 59,
    names: &[],
};
const HOUR: FieldSpec = FieldSpec {
    name: "hour",
    min: 0,
    max: 23,
    names: &[],
};
const DOM: FieldSpec = FieldSpec {
    name: "day-of-month",
    min: 1,
    max: 31,
    names: &[],
};
const MONTH: FieldSpec = FieldSpec {
    name: "month",
    min: 1,
    max: 12,
    names: &[
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ],
};
const DOW: FieldSpec = FieldSpec {
    name: "day-of-week",
    min: 0,
    max: 7,
    names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"],
};

/// The expanded value sets of the five fields, which the unit emitters convert from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fields {
    pub minute: BTreeSet<u32>,
    pub hour: BTreeSet<u32>,
    pub dom: BTreeSet<u32>,
    pub month: BTreeSet<u32>,
    /// 0 = Sunday … 6 = Saturday (7 is folded into 0).
    pub dow: BTreeSet<u32>,
    /// The field was literally `*`: cron's either-day rule only applies to restricted fields.
    pub dom_star: bool,
    pub dow_star: bool,
}

/// A parsed, validated cron expression.
#[derive(Debug, Clone)]
pub struct CronExpr {
    source: String,
    fields: Fields,
    cron: Cron,
}

impl PartialEq for CronExpr {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl fmt::Display for CronExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl FromStr for CronExpr {
    type Err = ScheduleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CronExpr::parse(s)
    }
}

fn value(text: &str, spec: &FieldSpec) -> Result<u32, String> {
    let upper = text.to_ascii_uppercase();
    if let Some(i) = spec.names.iter().position(|n| *n == upper) {
        return Ok(spec.min + i as u32);
    }
    let v: u32 = text
        .parse()
        .map_err(|_| format!("{} value '{text}' is not a number", spec.name))?;
    if v < spec.min || v > spec.max {
        return Err(format!(
            "{} value {v} is outside {}-{}",
            spec.name, spec.min, spec.max
        ));
    }
    Ok(v)
}

fn field(text: &str, spec: &FieldSpec) -> Result<BTreeSet<u32>, String> {
    let mut out = BTreeSet::new();
    for item in text.split(',') {
        let (base, step) = match item.split_once('/') {
            Some((base, step)) => {
                let step: u32 = step.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                    format!("{} step '{step}' is not a positive number", spec.name)
                })?;
                (base, step)
            }
            None => (item, 1),
        };
        let (lo, hi) = if base == "*" {
            (spec.min, spec.max)
        } else if let Some((a, b)) = base.split_once('-') {
            let (a, b) = (value(a, spec)?, value(b, spec)?);
            // `FRI-SUN`: Sunday closing a weekday range is day 7, not day 0.
            let b = if spec.max == 7 && b == 0 && a > 0 {
                7
            } else {
                b
            };
            if a > b {
                return Err(format!(
                    "{} range '{base}' runs backwards; write it from low to high",
                    spec.name
                ));
            }
            (a, b)
        } else if item.contains('/') {
            return Err(format!(
                "{} item '{item}' steps from a single value; write '*/n' or 'a-b/n'",
                spec.name
            ));
        } else if base.is_empty() {
            return Err(format!("{} field has an empty list item", spec.name));
        } else {
            let v = value(base, spec)?;
            (v, v)
        };
        out.extend((lo..=hi).step_by(step as usize));
    }
    Ok(out)
}

/// Greatest day each month can have (February in a leap year).
const MONTH_DAYS: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

impl CronExpr {
    /// Parses and validates `expr`, naming the expression and the offending field in errors.
    pub fn parse(expr: &str) -> Result<CronExpr, ScheduleError> {
        let bad = |reason: String| ScheduleError::Cron {
            expr: expr.to_string(),
            reason,
        };
        if let Some(c) = expr.chars().find(|c| {
            !(c.is_ascii_alphanumeric() || matches!(c, '*' | ',' | '-' | '/' | ' ' | '\t'))
        }) {
            return Err(bad(format!(
                "'{c}' is not standard cron syntax (use numbers, names, '*', ',', '-' and '/')"
            )));
        }
        let parts: Vec<&str> = expr.split_whitespace().collect();
        if parts.len() != 5 {
            return Err(bad(format!("it has {} fields, not 5", parts.len())));
        }
        let mut dow = field(parts[4], &DOW).map_err(bad)?;
        if dow.remove(&7) {
            dow.insert(0);
        }
        let fields = Fields {
            minute: field(parts[0], &MINUTE).map_err(bad)?,
            hour: field(parts[1], &HOUR).map_err(bad)?,
            dom: field(parts[2], &DOM).map_err(bad)?,
            month: field(parts[3], &MONTH).map_err(bad)?,
            dow,
            dom_star: parts[2] == "*",
            dow_star: parts[4] == "*",
        };
        // Only the day of month can make an expression impossible (`0 0 30 2 *`), and only
        // when the day of week does not also allow days.
        if fields.dow_star
            && !fields
                .month
                .iter()
                .any(|m| fields.dom.iter().any(|d| *d <= MONTH_DAYS[*m as usize - 1]))
        {
            return Err(ScheduleError::NeverRuns {
                expr: expr.to_string(),
                reason: "none of its days of month exists in any of its months".into(),
            });
        }
        let normalized = parts.join(" ");
        let cron = CronParser::builder()
            .seconds(Seconds::Disallowed)
            .year(Year::Disallowed)
            .build()
            .parse(&normalized)
            .map_err(|e| bad(e.to_string()))?;
        Ok(CronExpr {
            source: normalized,
            fields,
            cron,
        })
    }

    /// The expression with its fields separated by single spaces.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub(crate) fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The first run strictly after `after`, in `after`'s time zone.
    pub fn next_after<Z: TimeZone>(&self, after: &DateTime<Z>) -> Result<DateTime<Z>, ScheduleError>
    where
        Z::Offset: fmt::Display,
    {
        self.cron
            .find_next_occurrence(after, false)
            .map_err(|e| ScheduleError::Search {
                expr: self.source.clone(),
                after: after.to_rfc3339(),
                reason: e.to_string(),
            })
    }
}

/// Parses an IANA time zone name (`Europe/Amsterdam`, `UTC`).
pub fn parse_timezone(name: &str) -> Result<Tz, ScheduleError> {
    name.parse().map_err(|_| ScheduleError::Timezone {
        name: name.to_string(),
    })
}

impl CronExpr {
    /// The latest run at or before `at` (`None` when there was none since year 1).
    pub fn previous_at_or_before<Z: TimeZone>(
        &self,
        at: &DateTime<Z>,
    ) -> Result<Option<DateTime<Z>>, ScheduleError>
    where
        Z::Offset: fmt::Display,
    {
        match self.cron.find_previous_occurrence(at, true) {
            Ok(t) => Ok(Some(t)),
            Err(croner::errors::CronError::TimeSearchLimitExceeded) => Ok(None),
            Err(e) => Err(ScheduleError::Search {
                expr: self.source.clone(),
                after: at.to_rfc3339(),
                reason: e.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, Duration, Timelike, Utc};

    use super::*;

    /// Cron's matching rule over the expanded fields, as the unit emitters read them.
    fn fields_match(f: &Fields, t: &DateTime<Utc>) -> bool {
        let dom = f.dom.contains(&t.day());
        let dow = f.dow.contains(&t.weekday().num_days_from_sunday());
        let day = match (f.dom_star, f.dow_star) {
            (false, false) => dom || dow,
            _ => dom && dow,
        };
        day && f.minute.contains(&t.minute())
            && f.hour.contains(&t.hour())
            && f.month.contains(&t.month())
    }

    /// The field expansion the systemd conversion uses must agree with croner, which
    /// computes the run times, minute by minute over a year.
    #[test]
    fn expanded_fields_agree_with_croner() {
        let exprs = [
            "0 6 2 * *",
            "*/15 6-8 1,15 * MON-FRI",
            "0 9 13 * FRI",
            "5 4 * * sun",
            "0 0 1 */3 *",
            "10-50/20 22 * jan-mar,oct 5-7",
            "0 12 29 2 *",
            "30 1 1-7 * 1",
        ];
        let start = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        for expr in exprs {
            let c = CronExpr::parse(expr).unwrap();
            let mut t = start;
            let mut hits = 0;
            while t < start + Duration::days(366) {
                let ours = fields_match(c.fields(), &t);
                assert_eq!(ours, c.cron.is_time_matching(&t).unwrap(), "{expr} at {t}");
                hits += usize::from(ours);
                t += Duration::minutes(1);
            }
            assert!(hits > 0 || expr == "0 12 29 2 *", "{expr} never matched");
        }
    }
}
