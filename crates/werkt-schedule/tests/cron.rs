//! Cron evaluation in Europe/Amsterdam, with expectations worked out by hand from the
//! calendar: CEST (UTC+2) runs from the last Sunday of March 02:00 CET to the last Sunday of
//! October 03:00 CEST; in 2026 those are 29 March and 25 October.

use chrono::{DateTime, TimeZone, Utc};
use werkt_model::Period;
use werkt_schedule::{
    CronExpr, PeriodRule, Schedule, ScheduleError, missed_periods, next_runs, parse_timezone,
};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn runs(expr: &str, tz: &str, after: &str, n: usize) -> Vec<String> {
    next_runs(expr, tz, utc(after), n)
        .unwrap()
        .iter()
        .map(|t| t.to_rfc3339())
        .collect()
}

#[test]
fn default_schedule_next_five_runs_cross_the_autumn_change() {
    assert_eq!(
        runs("0 6 2 * *", "Europe/Amsterdam", "2026-09-15T00:00:00Z", 5),
        [
            "2026-10-02T06:00:00+02:00",
            "2026-11-02T06:00:00+01:00",
            "2026-12-02T06:00:00+01:00",
            "2027-01-02T06:00:00+01:00",
            "2027-02-02T06:00:00+01:00",
        ]
    );
    // And across the spring change: 2 April 2027 is after 28 March 2027 (CEST again).
    assert_eq!(
        runs("0 6 2 * *", "Europe/Amsterdam", "2027-02-02T05:00:00Z", 2),
        ["2027-03-02T06:00:00+01:00", "2027-04-02T06:00:00+02:00"]
    );
}

#[test]
fn the_run_instant_itself_is_not_repeated() {
    // `after` exactly at a run: the next one is a month later.
    assert_eq!(
        runs("0 6 2 * *", "Europe/Amsterdam", "2026-11-02T05:00:00Z", 1),
        ["2026-12-02T06:00:00+01:00"]
    );
}

#[test]
fn a_fixed_time_in_the_spring_gap_is_shifted_to_the_end_of_the_gap() {
    // 29 March 2026: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that day.
    assert_eq!(
        runs("30 2 * * *", "Europe/Amsterdam", "2026-03-28T12:00:00Z", 2),
        ["2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"]
    );
}

#[test]
fn a_fixed_time_in_the_autumn_overlap_runs_once() {
    // 25 October 2026: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice; the job
    // runs at the first (00:30 UTC), not again at 01:30 UTC.
    assert_eq!(
        runs("30 2 * * *", "Europe/Amsterdam", "2026-10-24T12:00:00Z", 2),
        ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"]
    );
}

#[test]
fn an_interval_job_follows_the_clock_through_the_overlap() {
    // Two times in the repeated hour: the clock shows each twice, and each runs twice.
    assert_eq!(
        runs(
            "0,30 2 * * *",
            "Europe/Amsterdam",
            "2026-10-24T12:00:00Z",
            5
        ),
        [
            "2026-10-25T02:00:00+02:00",
            "2026-10-25T02:30:00+02:00",
            "2026-10-25T02:00:00+01:00",
            "2026-10-25T02:30:00+01:00",
            "2026-10-26T02:00:00+01:00",
        ]
    );
}

#[test]
fn day_of_month_or_day_of_week_when_both_are_given() {
    // The 13th, or any Friday: October 2026 starts on a Thursday.
    assert_eq!(
        runs("0 9 13 * FRI", "UTC", "2026-10-01T00:00:00Z", 4),
        [
            "2026-10-02T09:00:00+00:00",
            "2026-10-09T09:00:00+00:00",
            "2026-10-13T09:00:00+00:00",
            "2026-10-16T09:00:00+00:00",
        ]
    );
}

#[test]
fn names_ranges_steps_and_sunday_as_seven() {
    // Weekdays Friday to Sunday (7), first quarter, every 20 minutes past 23h.
    assert_eq!(
        runs("*/20 23 * jan-mar FRI-7", "UTC", "2027-03-27T23:30:00Z", 4),
        [
            "2027-03-27T23:40:00+00:00",
            "2027-03-28T23:00:00+00:00",
            "2027-03-28T23:20:00+00:00",
            "2027-03-28T23:40:00+00:00",
        ]
    );
    // After the last March weekend the next is in January.
    assert_eq!(
        runs("0 0 * JAN-MAR SUN", "UTC", "2027-03-28T12:00:00Z", 1),
        ["2028-01-02T00:00:00+00:00"]
    );
}

#[test]
fn bad_expressions_name_the_expression_and_the_problem() {
    let cases = [
        ("0 6 32 * *", "day-of-month value 32 is outside 1-31"),
        ("0 6 2 * * *", "it has 6 fields, not 5"),
        ("0 6 L * *", "day-of-month value 'L' is not a number"),
        ("@monthly", "'@' is not standard cron syntax"),
        ("0 6 ? * *", "'?' is not standard cron syntax"),
        ("0 18-6 * * *", "hour range '18-6' runs backwards"),
        ("*/0 * * * *", "minute step '0' is not a positive number"),
        ("5/10 * * * *", "steps from a single value"),
        ("0 6 1,,2 * *", "empty list item"),
        ("", "it has 0 fields, not 5"),
    ];
    for (expr, reason) in cases {
        let err = CronExpr::parse(expr).unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, ScheduleError::Cron { .. }), "{expr}: {text}");
        assert!(
            text.contains(&format!("'{expr}'")) && text.contains(reason),
            "{expr}: {text}"
        );
    }
    let err = CronExpr::parse("0 0 30 2 *").unwrap_err();
    assert!(matches!(err, ScheduleError::NeverRuns { .. }), "{err}");
    assert!(err.to_string().contains("'0 0 30 2 *'"), "{err}");
    // 29 February exists, every four years.
    assert_eq!(
        runs("0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z", 1),
        ["2028-02-29T00:00:00+00:00"]
    );
}

#[test]
fn bad_timezones_and_period_rules_name_the_value() {
    let err = parse_timezone("Europe/Amsterdm").unwrap_err();
    assert!(err.to_string().contains("'Europe/Amsterdm'"), "{err}");
    assert!(next_runs("0 6 2 * *", "CEST", utc("2026-01-01T00:00:00Z"), 1).is_err());
    let err = Schedule::new("0 6 2 * *", "UTC", "last-month", true).unwrap_err();
    assert!(err.to_string().contains("'last-month'"), "{err}");
}

#[test]
fn the_reported_period_is_taken_in_the_schedule_timezone() {
    let ams = parse_timezone("Europe/Amsterdam").unwrap();
    // 23:30 UTC on 31 October is 00:30 on 1 November in Amsterdam.
    let t = utc("2026-10-31T23:30:00Z");
    assert_eq!(
        PeriodRule::PreviousMonth.period_at(ams, t).to_string(),
        "2026-10"
    );
    assert_eq!(
        PeriodRule::PreviousMonth
            .period_at(chrono_tz::UTC, t)
            .to_string(),
        "2026-09"
    );
    assert_eq!(
        PeriodRule::CurrentMonth.period_at(ams, t).to_string(),
        "2026-11"
    );
    // January reports on December of the year before.
    assert_eq!(
        PeriodRule::PreviousMonth
            .period_at(ams, utc("2027-01-02T05:00:00Z"))
            .to_string(),
        "2026-12"
    );
    assert_eq!(
        "current-month".parse::<PeriodRule>().unwrap(),
        PeriodRule::CurrentMonth
    );
}

#[test]
fn missed_periods_oldest_first() {
    let p = |s: &str| s.parse::<Period>().unwrap();
    assert_eq!(
        missed_periods(Some(p("2026-07")), p("2026-10")),
        [p("2026-08"), p("2026-09"), p("2026-10")]
    );
    assert_eq!(
        missed_periods(Some(p("2025-11")), p("2026-02")),
        [p("2025-12"), p("2026-01"), p("2026-02")]
    );
    assert!(missed_periods(Some(p("2026-10")), p("2026-10")).is_empty());
    assert!(missed_periods(Some(p("2026-12")), p("2026-10")).is_empty());
    assert_eq!(missed_periods(None, p("2026-10")), [p("2026-10")]);
}

#[test]
fn the_default_schedule_is_the_documented_one() {
    let s = Schedule::default();
    assert_eq!(s.cron.as_str(), "0 6 2 * *");
    assert_eq!(s.tz.name(), "Europe/Amsterdam");
    assert_eq!(s.period, PeriodRule::PreviousMonth);
    let t = Utc.with_ymd_and_hms(2026, 11, 2, 5, 0, 0).unwrap();
    assert_eq!(
        s.next_runs(t - chrono::Duration::seconds(1), 1).unwrap()[0].with_timezone(&Utc),
        t
    );
}

#[test]
fn an_interval_job_skips_times_in_the_spring_gap() {
    // 02:00 and 02:30 do not exist on 29 March 2026; the next are the day after.
    assert_eq!(
        runs(
            "0,30 2 * * *",
            "Europe/Amsterdam",
            "2026-03-28T12:00:00Z",
            2
        ),
        ["2026-03-30T02:00:00+02:00", "2026-03-30T02:30:00+02:00"]
    );
}
