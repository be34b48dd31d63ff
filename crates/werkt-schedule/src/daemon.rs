//! The core of `werkt daemon`: decides, from the clock and the last successful period, whether
//! to run (and which periods, oldest first) or how long to sleep. It does no IO itself, so the
//! CLI wires in the real clock, the real run and signal handling, and tests use a manual clock.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use werkt_model::Period;

use crate::{Schedule, ScheduleError, missed_periods};

/// Where the daemon gets the time from and how it waits.
pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
    fn sleep(&self, duration: Duration);
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// A clock that only moves when told to (or when slept on), for tests of code built on the
/// daemon. Clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> ManualClock {
        ManualClock(Arc::new(Mutex::new(start)))
    }

    pub fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = t;
    }

    pub fn advance(&self, d: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn sleep(&self, duration: Duration) {
        self.advance(duration);
    }
}

/// What the daemon should do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Run these periods, oldest first, then call [`Daemon::step`] again.
    Run { periods: Vec<Period> },
    /// Nothing is due: sleep until this instant (see [`Daemon::sleep_until`]), then step again.
    Sleep { until: DateTime<Utc> },
}

/// How [`Daemon::sleep_until`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The instant was reached.
    Due,
    /// The stop flag was set (SIGTERM); the daemon should exit.
    Stopped,
}

/// The longest single sleep: how quickly a stop request or a clock jump (suspend, NTP) is
/// noticed while waiting weeks for the next run.
const SLEEP_SLICE: Duration = Duration::from_secs(1);

/// The daemon's decisions. The CLI's loop around it:
///
/// ```
/// # use std::sync::atomic::AtomicBool;
/// # use chrono::{TimeZone, Utc};
/// # use werkt_schedule::{Action, Daemon, ManualClock, Schedule, Wake};
/// # let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap());
/// # let stop = AtomicBool::new(false);
/// let mut last_success = "2026-07".parse().ok(); // from the history store
/// let mut daemon = Daemon::new(Schedule::default(), clock);
/// let mut ran = Vec::new();
/// loop {
///     match daemon.step(last_success).unwrap() {
///         Action::Run { periods } => {
///             for period in periods {
///                 ran.push(period.to_string()); // werkt run for every organisation;
///                 last_success = Some(period); // check the stop flag between them
///             }
///         }
///         Action::Sleep { until } => {
///             # if ran.len() == 4 { break; }
///             if daemon.sleep_until(until, &stop) == Wake::Stopped {
///                 break;
///             }
///         }
///     }
/// }
/// assert_eq!(ran, ["2026-08", "2026-09", "2026-10", "2026-11"]);
/// ```
pub struct Daemon<C: Clock> {
    schedule: Schedule,
    clock: C,
    /// The scheduled instant whose run was already started, so a failing run is retried at
    /// the next scheduled time rather than in a tight loop.
    handled: Option<DateTime<Utc>>,
}

impl<C: Clock> Daemon<C> {
    pub fn new(schedule: Schedule, clock: C) -> Daemon<C> {
        Daemon {
            schedule,
            clock,
            handled: None,
        }
    }

    pub fn clock(&self) -> &C {
        &self.clock
    }

    /// Decides what to do now, given the latest period that ran successfully.
    ///
    /// A run is due when a scheduled instant has passed that was not yet handled; at start-up
    /// that is the latest scheduled instant before now, so a daemon started after downtime
    /// catches up at once. The period of that instant (per `[schedule] period`) is the newest
    /// to run; with `catch_up`, every period since `last_success` comes first, oldest first.
    /// Before the first scheduled instant of a month has passed, that month's period is not
    /// run early: the schedule's day is when its data is complete.
    pub fn step(&mut self, last_success: Option<Period>) -> Result<Action, ScheduleError> {
        let now = self.clock.now();
        let local_now = now.with_timezone(&self.schedule.tz);
        if let Some(due) = self.schedule.cron.previous_at_or_before(&local_now)? {
            let due = due.with_timezone(&Utc);
            if self.handled.is_none_or(|h| h < due) {
                self.handled = Some(due);
                let current = self.schedule.period.period_at(self.schedule.tz, due);
                let periods = if self.schedule.catch_up {
                    missed_periods(last_success, current)
                } else if last_success.is_some_and(|l| l >= current) {
                    Vec::new()
                } else {
                    vec![current]
                };
                if !periods.is_empty() {
                    return Ok(Action::Run { periods });
                }
            }
        }
        let next = self.schedule.cron.next_after(&local_now)?;
        Ok(Action::Sleep {
            until: next.with_timezone(&Utc),
        })
    }

    /// Sleeps until `until` in short slices, returning early when `stop` is set.
    pub fn sleep_until(&self, until: DateTime<Utc>, stop: &AtomicBool) -> Wake {
        loop {
            if stop.load(Ordering::SeqCst) {
                return Wake::Stopped;
            }
            let left = until - self.clock.now();
            let Ok(left) = left.to_std() else {
                return Wake::Due; // negative: the instant has passed
            };
            if left.is_zero() {
                return Wake::Due;
            }
            self.clock.sleep(left.min(SLEEP_SLICE));
        }
    }
}

/// Registers SIGTERM and SIGINT to set the returned flag instead of killing the process, so
/// the daemon (or a long `werkt run`) can stop between organisations, never mid-write.
/// A second signal while the flag is set still terminates at once, for a stuck process.
pub fn install_sigterm_flag() -> std::io::Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGINT] {
        // Order matters: the conditional shutdown is registered first, so it sees the flag
        // as it was before this signal set it.
        flag::register_conditional_shutdown(signal, 1, Arc::clone(&stop))?;
        flag::register(signal, Arc::clone(&stop))?;
    }
    Ok(stop)
}
