//! `werkt status`: per organisation, how its latest run of a period ended. Reads one history
//! store or several (one per shard) and reports the whole.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use chrono::Utc;
use werkt_history::{History, OrgStatus, RunStatus};

use crate::cli::{GlobalArgs, StatusArgs};
use crate::exit::Exit;

pub fn status(global: &GlobalArgs, args: &StatusArgs) -> Result<Exit> {
    let config = super::load_config_with(global, &args.data, None)?;
    let period = match args.period {
        Some(p) => p,
        None => {
            let s = &config.schedule;
            let schedule =
                werkt_schedule::Schedule::new(&s.cron, &s.timezone, s.period.as_str(), s.catch_up)?;
            schedule.period.period_at(schedule.tz, Utc::now())
        }
    };
    let files = if args.history.is_empty() {
        vec![config.history_path()]
    } else {
        args.history.clone()
    };
    // The latest run per organisation over every store: shards never share organisations,
    // but a re-run on another shard layout may, and then the newest record wins.
    let mut latest: BTreeMap<String, OrgStatus> = BTreeMap::new();
    for f in &files {
        if !f.exists() {
            anyhow::bail!(
                "no history store at {}: nothing has run with this output directory yet",
                f.display()
            );
        }
        let h = History::open(f).with_context(|| format!("cannot open {}", f.display()))?;
        for s in h.status(period)? {
            if latest
                .get(&s.organisation)
                .is_none_or(|old| old.finished < s.finished)
            {
                latest.insert(s.organisation.clone(), s);
            }
        }
    }
    let dirs = super::organisations(&config, &args.data).unwrap_or_default();
    let known: Vec<String> = dirs.iter().map(|d| super::organisation_key(d)).collect();
    let mut ids: Vec<String> = known
        .iter()
        .cloned()
        .chain(latest.keys().cloned())
        .collect();
    ids.sort();
    ids.dedup();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    outln!("period {period}");
    for id in &ids {
        let (word, detail) = match latest.get(id) {
            None => ("never-run", String::new()),
            Some(s) => (
                s.status.as_str(),
                match (&s.status, &s.error) {
                    (RunStatus::Failed, Some(e)) => format!("  {e}"),
                    _ => format!("  {}", s.finished.format("%Y-%m-%d %H:%M UTC")),
                },
            ),
        };
        *counts.entry(word).or_default() += 1;
        outln!("{word:<10} {id}{detail}");
    }
    let total: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    outln!("{} organisation(s): {}", ids.len(), total.join(", "));
    Ok(if counts.contains_key("failed") {
        crate::exit::Exit::Partial
    } else {
        Exit::Ok
    })
}
