//! `werkt schedule`: when the configured schedule runs next, or a unit that runs it.

use anyhow::{Context, Result};
use chrono::Utc;
use werkt_schedule::Schedule;
use werkt_schedule::emit::{Invocation, KubernetesOptions, crontab, kubernetes, systemd};

use crate::cli::{Emit, GlobalArgs};
use crate::exit::Exit;

pub fn schedule(global: &GlobalArgs, emit: Option<Emit>) -> Result<Exit> {
    let config = super::load_config(global)?;
    let s = &config.schedule;
    let schedule = Schedule::new(&s.cron, &s.timezone, s.period.as_str(), s.catch_up)?;
    let Some(emit) = emit else {
        outln!(
            "schedule: \"{}\" in {} (reports on the {})",
            s.cron,
            s.timezone,
            s.period.as_str()
        );
        for t in schedule.next_runs(Utc::now(), 5)? {
            let period = schedule
                .period
                .period_at(schedule.tz, t.with_timezone(&Utc));
            outln!(
                "{}  reports on {period}",
                t.format("%Y-%m-%d %H:%M %Z (%:z)")
            );
        }
        return Ok(Exit::Ok);
    };
    let werkt = std::env::current_exe().context("cannot find the werkt executable")?;
    let config_path = super::config_file(global)
        .map(|c| std::path::absolute(&c).unwrap_or(c))
        .context("--config is needed: the unit runs `werkt run --config <file>`")?;
    let run = Invocation::new(
        werkt.display().to_string(),
        config_path.display().to_string(),
    );
    match emit {
        Emit::Crontab => out!("{}", crontab(&schedule, &run)),
        Emit::Systemd => {
            let units = systemd(&schedule, &run, "werkt");
            outln!("# /etc/systemd/system/werkt.service\n{}", units.service);
            outln!("# /etc/systemd/system/werkt.timer\n{}", units.timer);
            outln!("# then: systemctl daemon-reload && systemctl enable --now werkt.timer");
        }
        Emit::Kubernetes => out!(
            "{}",
            kubernetes(&schedule, &run, &KubernetesOptions::default())
        ),
    }
    Ok(Exit::Ok)
}
