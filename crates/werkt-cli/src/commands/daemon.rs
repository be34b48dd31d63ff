//! `werkt daemon`: the schedule without cron. Sleeps until the next scheduled time, runs the
//! due period (and, with `catch_up`, every period missed during downtime, oldest first), and
//! stops cleanly on SIGTERM: between organisations, never in the middle of one's writes.

use std::sync::atomic::Ordering;

use anyhow::{Context, Result};
use tracing::{info, warn};
use werkt_schedule::{Action, Daemon, Schedule, SystemClock, Wake};

use crate::cli::{DataArgs, GlobalArgs};
use crate::exit::Exit;
use crate::pipeline::Pipeline;

pub fn daemon(global: &GlobalArgs) -> Result<Exit> {
    let config = super::load_config(global)?;
    super::require_analyses(&config)?;
    let s = &config.schedule;
    let schedule = Schedule::new(&s.cron, &s.timezone, s.period.as_str(), s.catch_up)?;
    let stop =
        werkt_schedule::install_sigterm_flag().context("cannot install the SIGTERM handler")?;
    let mut daemon = Daemon::new(schedule, SystemClock);
    info!(
        "werkt daemon started; schedule \"{}\" in {}",
        config.schedule.cron, config.schedule.timezone
    );
    let jobs = crate::pipeline::jobs(config.run.jobs);
    loop {
        // Plugins, templates and the organisation list are loaded afresh for every run, so a
        // new plugin build or a new organisation is picked up without a restart.
        let last = {
            let p = Pipeline::new(config.clone())?;
            p.with_history(|h| h.last_successful_period(None)).flatten()
        };
        match daemon.step(last)? {
            Action::Sleep { until } => {
                info!("next run at {until}");
                if daemon.sleep_until(until, &stop) == Wake::Stopped {
                    info!("stopping on request");
                    return Ok(Exit::Ok);
                }
            }
            Action::Run { periods } => {
                let _lock = super::run::lock(&config.output.dir, true)?;
                let dirs = super::organisations(&config, &DataArgs::default())?;
                let mut pipeline = Pipeline::new(config.clone())?;
                pipeline.quiet = true;
                pipeline.stop = stop.clone();
                for period in periods {
                    let summary = pipeline.run_period(period, &dirs, jobs)?;
                    super::run::notify(&pipeline, period, &summary);
                    if stop.load(Ordering::SeqCst) {
                        warn!("stopped on request after {period}");
                        return Ok(Exit::Ok);
                    }
                }
            }
        }
    }
}
