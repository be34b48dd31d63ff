//! `werkt run`: one period (or, scheduled with `catch_up`, every period missed since the last
//! successful one) over every organisation, under the output directory's lock.

use anyhow::{Context, Result};
use chrono::Utc;
use tracing::{info, warn};
use werkt_model::Period;
use werkt_schedule::{LockError, OutputLock, missed_periods};

use crate::cli::{GlobalArgs, RunArgs};
use crate::exit::{Exit, WithExit};
use crate::pipeline::{Pipeline, Summary};

pub fn run(global: &GlobalArgs, args: &RunArgs) -> Result<Exit> {
    let config = super::load_config_with(global, &args.data, args.out.as_deref())?;
    super::require_analyses(&config)?;
    let _lock = lock(&config.output.dir, args.wait)?;
    let mut dirs = super::organisations(&config, &args.data)?;
    let jobs = crate::pipeline::jobs(args.jobs.or(config.run.jobs));
    let mut pipeline = Pipeline::new(config)?;
    pipeline.force = args.force;
    pipeline.quiet = global.quiet;
    pipeline.shard = args.data.shard.map(|s| s.to_string());
    pipeline.stop =
        werkt_schedule::install_sigterm_flag().context("cannot install the SIGTERM handler")?;

    let periods = periods(&pipeline, args.period)?;
    if args.retry_failed {
        let period = *periods.last().expect("at least one period");
        let failed = pipeline
            .with_history(|h| h.failed(period))
            .unwrap_or_default();
        let ids: Vec<String> = failed.into_iter().map(|r| r.organisation).collect();
        if ids.is_empty() {
            info!("no organisation failed in the last run of {period}: nothing to retry");
            return Ok(Exit::Ok);
        }
        info!(
            "retrying {} failed organisation(s): {}",
            ids.len(),
            ids.join(", ")
        );
        dirs.retain(|d| ids.contains(&super::organisation_key(d)));
        pipeline.force = true;
    }
    let mut worst = Exit::Ok;
    for period in periods {
        let summary = pipeline.run_period(period, &dirs, jobs)?;
        notify(&pipeline, period, &summary);
        worst = worst.combine(exit_of(&summary));
        if pipeline.stop.load(std::sync::atomic::Ordering::SeqCst) {
            warn!("stopped on request; the organisations not started keep their previous reports");
            break;
        }
    }
    Ok(worst)
}

/// `--period`, else the schedule's period of now; with `schedule.catch_up`, every period
/// since the last successful one first (oldest first), so a missed month is not lost.
fn periods(pipeline: &Pipeline, flag: Option<Period>) -> Result<Vec<Period>> {
    if let Some(p) = flag {
        return Ok(vec![p]);
    }
    let s = &pipeline.config.schedule;
    let schedule =
        werkt_schedule::Schedule::new(&s.cron, &s.timezone, s.period.as_str(), s.catch_up)?;
    let current = schedule.period.period_at(schedule.tz, Utc::now());
    if !s.catch_up {
        return Ok(vec![current]);
    }
    let last = pipeline
        .with_history(|h| h.last_successful_period(None))
        .flatten();
    let periods = missed_periods(last, current);
    Ok(if periods.is_empty() {
        vec![current]
    } else {
        periods
    })
}

pub fn lock(out: &std::path::Path, wait: bool) -> Result<OutputLock> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create the output directory {}", out.display()))?;
    OutputLock::acquire(out, wait).map_err(|e| match e {
        e @ LockError::Held { .. } => anyhow::Error::new(WithExit {
            exit: Exit::Locked,
            message: format!("{e}; wait for it to finish, or pass --wait to queue behind it"),
        }),
        e => anyhow::Error::new(e),
    })
}

pub fn exit_of(s: &Summary) -> Exit {
    if s.outcomes.is_empty() || s.all_good() {
        Exit::Ok
    } else if s.only_invalid() {
        Exit::Invalid
    } else {
        Exit::Partial
    }
}

/// `[notify]`: the failure command after a run with failures, the success command after a
/// clean one, and the webhook after every run (its JSON says which). A notification that fails is logged; it never changes the
/// run's own exit status.
pub fn notify(pipeline: &Pipeline, period: Period, summary: &Summary) {
    let n = &pipeline.config.notify;
    let payload = summary.to_notification(period);
    let json = payload.to_json();
    let command = if payload.is_success() {
        n.on_success.as_deref()
    } else {
        n.on_failure.as_deref()
    };
    if let Some(cmd) = command
        && let Err(e) = werkt_schedule::notify(cmd, &json, std::time::Duration::from_secs(300))
    {
        warn!("notification command failed: {e}");
    }
    if let Some(url) = n.webhook.as_deref()
        && let Err(e) = werkt_schedule::webhook(url, &json, std::time::Duration::from_secs(30))
    {
        warn!("webhook failed: {e}");
    }
}
