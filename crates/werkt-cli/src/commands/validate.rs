//! `werkt validate`: read every organisation, report every problem, write nothing.

use anyhow::Result;

use crate::cli::{DataArgs, GlobalArgs};
use crate::exit::Exit;

pub fn validate(global: &GlobalArgs, args: &DataArgs) -> Result<Exit> {
    let config = super::load_config_with(global, args, None)?;
    let dirs = super::organisations(&config, args)?;
    let shared = crate::pipeline::shared_ids(&dirs);
    let mut invalid = 0;
    for dir in &dirs {
        let id = super::organisation_key(dir);
        if let Some(&n) = shared.get(&id) {
            invalid += 1;
            eprintln!(
                "invalid: {}: {}",
                dir.display(),
                crate::pipeline::shared_id_error(&id, n)
            );
            continue;
        }
        match werkt_core::ingest::load_organisation(dir, &config.data) {
            Ok(loaded) => {
                eprint!("{}", loaded.warnings);
                let d = &loaded.dataset;
                outln!(
                    "ok: {} ({}): {} units, {} employment rows, {} absence rows, {} survey responses, {} interventions{}",
                    d.organisation.id,
                    dir.display(),
                    d.units.len(),
                    d.employees.len(),
                    d.absence.len(),
                    d.survey.as_ref().map_or(0, |s| s.responses.len()),
                    d.interventions.len(),
                    match loaded.warnings.warning_count() {
                        0 => String::new(),
                        n => format!(", {n} warning(s)"),
                    }
                );
            }
            Err(diagnostics) => {
                invalid += 1;
                eprint!("{diagnostics}");
                eprintln!(
                    "invalid: {}: {} error(s); fix them and run `werkt validate` again",
                    dir.display(),
                    diagnostics.error_count()
                );
            }
        }
    }
    Ok(if invalid == 0 {
        Exit::Ok
    } else {
        Exit::Invalid
    })
}
