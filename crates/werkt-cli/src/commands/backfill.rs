//! `werkt backfill --from P --to Q`: compute past periods' figures from the data and store
//! them in the history, so the first report already has its trend lines. Writes no reports.

use anyhow::{Result, bail};
use tracing::{error, info};
use werkt_core::quality;
use werkt_model::Period;

use crate::cli::{BackfillArgs, GlobalArgs};
use crate::exit::Exit;
use crate::pipeline::Pipeline;

pub fn backfill(global: &GlobalArgs, args: &BackfillArgs) -> Result<Exit> {
    if args.from > args.to {
        bail!("--from {} is after --to {}", args.from, args.to);
    }
    let config = super::load_config_with(global, &args.data, args.out.as_deref())?;
    super::require_analyses(&config)?;
    if !config.history.enabled {
        bail!("history.enabled is false: there is no history store to fill");
    }
    let _lock = super::run::lock(&config.output.dir, false)?;
    let dirs = super::organisations(&config, &args.data)?;
    let shared = crate::pipeline::shared_ids(&dirs);
    let pipeline = Pipeline::new(config)?;
    let mut worst = Exit::Ok;
    for dir in &dirs {
        let key = super::organisation_key(dir);
        if let Some(&n) = shared.get(&key) {
            error!(
                "{}: {}; nothing backfilled",
                dir.display(),
                crate::pipeline::shared_id_error(&key, n)
            );
            worst = Exit::Partial;
            continue;
        }
        let loaded = match werkt_core::ingest::load_organisation(dir, &pipeline.config.data) {
            Ok(l) => l,
            Err(d) => {
                eprint!("{d}");
                error!("{}: invalid data, nothing backfilled", dir.display());
                worst = Exit::Partial;
                continue;
            }
        };
        let id = loaded.dataset.organisation.id.clone();
        let present = pipeline
            .with_history(|h| h.periods_present(&id))
            .unwrap_or_default();
        let todo: Vec<Period> = Period::range(args.from, args.to)
            .filter(|p| args.force || !present.contains(p))
            .collect();
        crate::pipeline::log_warnings(&loaded.warnings);
        let warnings = quality::summary(&loaded.warnings, pipeline.config.report.language);
        for &period in &todo {
            let metrics = pipeline.analyse(period, &loaded.dataset, warnings.clone());
            if metrics
                .analyses
                .values()
                .any(|a| a.status == werkt_model::Status::Failed)
            {
                worst = Exit::Partial;
            }
            pipeline.with_history(|h| h.replace_metrics(&id, period, &metrics));
        }
        info!(
            "{id}: {} period(s) computed, {} already in history",
            todo.len(),
            Period::range(args.from, args.to).count() - todo.len()
        );
    }
    Ok(worst)
}
