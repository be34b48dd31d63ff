//! The daemon's decisions under a manual clock.

use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};
use werkt_model::Period;
use werkt_schedule::{Action, Clock, Daemon, ManualClock, Schedule, Wake};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

fn run(periods: &[&str]) -> Action {
    Action::Run {
        periods: periods.iter().map(|s| p(s)).collect(),
    }
}

fn sleep(until: &str) -> Action {
    Action::Sleep { until: utc(until) }
}

#[test]
fn after_three_months_down_the_missed_periods_run_oldest_first_then_it_sleeps() {
    // The last good run was the 2026-07 report (2 August). The machine was down from
    // mid-August until 20 November, so the runs of 2 September, October and November were
    // missed: periods 2026-08, 2026-09 and 2026-10.
    let clock = ManualClock::new(utc("2026-11-20T10:00:00Z"));
    let mut daemon = Daemon::new(Schedule::default(), clock.clone());
    assert_eq!(
        daemon.step(Some(p("2026-07"))).unwrap(),
        run(&["2026-08", "2026-09", "2026-10"])
    );
    // All three succeeded: sleep until 2 December 06:00 CET.
    assert_eq!(
        daemon.step(Some(p("2026-10"))).unwrap(),
        sleep("2026-12-02T05:00:00Z")
    );

    let stop = AtomicBool::new(false);
    assert_eq!(
        daemon.sleep_until(utc("2026-12-02T05:00:00Z"), &stop),
        Wake::Due
    );
    assert_eq!(clock.now(), utc("2026-12-02T05:00:00Z"));
    assert_eq!(daemon.step(Some(p("2026-10"))).unwrap(), run(&["2026-11"]));
    assert_eq!(
        daemon.step(Some(p("2026-11"))).unwrap(),
        sleep("2027-01-02T05:00:00Z")
    );
}

#[test]
fn a_failed_run_waits_for_the_next_scheduled_time_instead_of_looping() {
    let clock = ManualClock::new(utc("2026-11-02T05:00:30Z"));
    let mut daemon = Daemon::new(Schedule::default(), clock.clone());
    assert_eq!(daemon.step(Some(p("2026-09"))).unwrap(), run(&["2026-10"]));
    // The run failed: history still says 2026-09. No immediate rerun.
    clock.set(utc("2026-11-02T05:10:00Z"));
    assert_eq!(
        daemon.step(Some(p("2026-09"))).unwrap(),
        sleep("2026-12-02T05:00:00Z")
    );
    // At the next scheduled time the failed period comes first.
    clock.set(utc("2026-12-02T05:00:00Z"));
    assert_eq!(
        daemon.step(Some(p("2026-09"))).unwrap(),
        run(&["2026-10", "2026-11"])
    );
}

#[test]
fn a_month_is_not_run_before_its_scheduled_day() {
    // 1 November: the October report is due on 2 November, not yet.
    let clock = ManualClock::new(utc("2026-11-01T12:00:00Z"));
    let mut daemon = Daemon::new(Schedule::default(), clock);
    assert_eq!(
        daemon.step(Some(p("2026-09"))).unwrap(),
        sleep("2026-11-02T05:00:00Z")
    );
}

#[test]
fn without_catch_up_only_the_latest_period_runs() {
    let schedule = Schedule::new("0 6 2 * *", "Europe/Amsterdam", "previous-month", false).unwrap();
    let clock = ManualClock::new(utc("2026-11-20T10:00:00Z"));
    let mut daemon = Daemon::new(schedule, clock);
    assert_eq!(daemon.step(Some(p("2026-07"))).unwrap(), run(&["2026-10"]));
}

#[test]
fn a_first_start_without_history_runs_the_latest_period() {
    let clock = ManualClock::new(utc("2026-11-20T10:00:00Z"));
    let mut daemon = Daemon::new(Schedule::default(), clock);
    assert_eq!(daemon.step(None).unwrap(), run(&["2026-10"]));
}

#[test]
fn a_stop_request_ends_the_sleep() {
    let clock = ManualClock::new(utc("2026-11-20T10:00:00Z"));
    let daemon = Daemon::new(Schedule::default(), clock.clone());
    let stop = AtomicBool::new(true);
    assert_eq!(
        daemon.sleep_until(utc("2026-12-02T05:00:00Z"), &stop),
        Wake::Stopped
    );
    assert_eq!(clock.now(), utc("2026-11-20T10:00:00Z"), "no time slept");
}
