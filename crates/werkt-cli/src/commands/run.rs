//! `werkt run`: for every organisation, validate, analyse, write metrics.json and the report.
//!
//! Organisations are independent: one that fails (invalid data, a failed analysis) does not
//! stop the others, and the exit status says what happened (0 all written, 1 nothing written
//! because the input is invalid, 3 partly failed).

use std::path::Path;

use std::time::Instant;

use anyhow::{Context, Result};
use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use tracing::{error, info, warn};
use werkt_core::config::Config;
use werkt_host::{LoadProblem, ProblemSeverity, Registry};
use werkt_model::{
    AnalysisReport, AnalysisRequest, Dataset, Generator, METRICS_SCHEMA, MetricsFile,
    OrganisationRef, Period, Status,
};
use werkt_plugin::Table;

use crate::cli::{GlobalArgs, RunArgs};
use crate::exit::Exit;
use crate::inputs::{Inputs, PluginInput, SharedInputs, sha256_hex, sha256_tree};
use crate::manifest::{self, Timings};
use crate::output::write_atomic;
use crate::period::last_complete_month;
use crate::report::Reporter;

/// Everything a run loads once and shares between organisations.
struct Run {
    config: Config,
    force: bool,
    shared: SharedInputs,
    period: Period,
    registry: Registry,
    /// Required plugins that failed to load: every organisation records them as failed.
    unloaded: Vec<LoadProblem>,
    reporter: Reporter,
}

enum Outcome {
    Written {
        failed_analyses: usize,
    },
    /// Unchanged since the last complete run: nothing to do.
    Skipped,
    Invalid,
    Failed,
}

pub fn run(global: &GlobalArgs, args: &RunArgs) -> Result<Exit> {
    let mut config = super::load_config(global)?;
    if let Some(out) = &args.out {
        config.output.dir = out.clone();
    }
    let period = match args.period {
        Some(p) => p,
        None => last_complete_month(&config.schedule.timezone, Utc::now())?,
    };
    let dirs = super::organisations(&config, &args.data)?;
    let (registry, problems) = super::plugins::load(&config)?;
    let mut unloaded = Vec::new();
    for p in problems {
        match p.severity {
            ProblemSeverity::Warning => warn!("{p}"),
            ProblemSeverity::Error => {
                error!("{p}");
                unloaded.push(p);
            }
        }
    }
    let reporter = Reporter::new(&config)?;
    let jobs = config.run.jobs.unwrap_or(0);
    let shared = SharedInputs {
        werkt_version: env!("CARGO_PKG_VERSION").into(),
        config: sha256_hex(config.to_toml().as_bytes()),
        templates: sha256_tree(reporter.templates_dir())?,
        plugins: registry
            .plugins()
            .map(|p| {
                let input = PluginInput {
                    version: p.version.clone(),
                    sha256: p.sha256.clone(),
                };
                (p.name.clone(), input)
            })
            .collect(),
    };
    let run = Run {
        config,
        force: args.force,
        shared,
        period,
        registry,
        unloaded,
        reporter,
    };
    info!("reporting on {period} for {} organisation(s)", dirs.len());

    let bar = progress(dirs.len(), global.quiet);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;
    let outcomes: Vec<Outcome> = pool.install(|| {
        dirs.par_iter()
            .map(|dir| {
                let outcome = run.organisation(dir);
                bar.inc(1);
                outcome
            })
            .collect()
    });
    bar.finish_and_clear();
    let count = |f: fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let written = count(|o| matches!(o, Outcome::Written { .. }));
    let skipped = count(|o| matches!(o, Outcome::Skipped));
    let partial =
        count(|o| matches!(o, Outcome::Written { failed_analyses } if *failed_analyses > 0));
    let invalid = count(|o| matches!(o, Outcome::Invalid));
    let failed = count(|o| matches!(o, Outcome::Failed));
    let mut summary = format!(
        "{written} of {} report(s) written to {}",
        outcomes.len(),
        run.config.output.dir.display()
    );
    for (n, what) in [
        (
            skipped,
            "unchanged since the last run, skipped (--force renders anyway)",
        ),
        (partial, "with failed analyses"),
        (invalid, "with invalid data"),
        (failed, "failed"),
    ] {
        if n > 0 {
            summary.push_str(&format!("; {n} {what}"));
        }
    }
    info!("{summary}");
    Ok(if outcomes.is_empty() {
        Exit::Ok
    } else if written + skipped == 0 && failed == 0 {
        Exit::Invalid
    } else if written + skipped == outcomes.len() && partial == 0 {
        Exit::Ok
    } else {
        Exit::Partial
    })
}

fn progress(len: usize, quiet: bool) -> ProgressBar {
    use std::io::IsTerminal;
    if len < 2 || quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} organisations, {eta} left",
        )
        .expect("a valid progress template")
        .progress_chars("=> "),
    );
    bar
}

impl Run {
    fn organisation(&self, dir: &Path) -> Outcome {
        let started = Instant::now();
        let loaded = match werkt_core::ingest::load_organisation(dir, &self.config.data) {
            Ok(l) => l,
            Err(diagnostics) => {
                for d in diagnostics.iter() {
                    eprintln!("{d}");
                }
                error!(
                    "{}: {} error(s) in the data; no report written (`werkt validate` lists them too)",
                    dir.display(),
                    diagnostics.error_count()
                );
                return Outcome::Invalid;
            }
        };
        let id = loaded.dataset.organisation.id.clone();
        let out_dir = self
            .config
            .output
            .dir
            .join(&id)
            .join(self.period.to_string());
        let inputs = match Inputs::of(&self.shared, &self.period.to_string(), &loaded.files) {
            Ok(i) => i,
            Err(e) => {
                error!("{id}: {e:#}");
                return Outcome::Failed;
            }
        };
        if !self.force && manifest::unchanged(&out_dir, &inputs) {
            info!("{id}: unchanged since the last complete run, skipped (--force renders anyway)");
            return Outcome::Skipped;
        }
        for w in loaded.warnings.iter() {
            warn!("{w}");
        }
        let mut timings = Timings {
            ingest_ms: ms(started),
            ..Timings::default()
        };
        let data_warnings = loaded.warnings.iter().map(|w| w.to_string()).collect();
        let data = loaded.dataset;

        let t = Instant::now();
        let metrics = self.analyse(&data, data_warnings);
        timings.analyse_ms = ms(t);
        let failed_analyses = metrics
            .analyses
            .values()
            .filter(|a| a.status == Status::Failed)
            .count();
        match self.write(
            &data,
            &metrics,
            &out_dir,
            inputs,
            failed_analyses == 0,
            &mut timings,
        ) {
            Ok(()) => {
                info!("{id}: written to {}", out_dir.display());
                Outcome::Written { failed_analyses }
            }
            Err(e) => {
                error!("{id}: {e:#}");
                Outcome::Failed
            }
        }
    }

    /// Runs every configured analysis. One request is built per organisation; the host cuts
    /// it down to what each plugin's manifest asks for.
    fn analyse(&self, data: &Dataset, data_warnings: Vec<String>) -> MetricsFile {
        let request = AnalysisRequest {
            period: self.period,
            language: self.config.report.language,
            privacy: self.config.privacy(),
            config: serde_json::Value::Null,
            data: data.clone(),
        };
        let mut analyses = std::collections::BTreeMap::new();
        for p in self.registry.plugins() {
            let missing: Vec<&str> = p
                .manifest
                .inputs
                .iter()
                .filter(|t| t.required && table_is_empty(data, t.table))
                .map(|t| table_name(t.table))
                .collect();
            let report = if !missing.is_empty() {
                AnalysisReport {
                    plugin_version: p.version.clone(),
                    status: Status::NoData,
                    error: None,
                    output: werkt_model::AnalysisOutput {
                        warnings: vec![format!("no data in {}", missing.join(", "))],
                        ..Default::default()
                    },
                }
            } else {
                match self.registry.analyze(&p.name, &request) {
                    Ok(output) => AnalysisReport {
                        plugin_version: p.version.clone(),
                        status: Status::Ok,
                        error: None,
                        output,
                    },
                    Err(f) => {
                        error!("{}: {f}", data.organisation.id);
                        AnalysisReport {
                            plugin_version: p.version.clone(),
                            status: Status::Failed,
                            error: Some(f.message.clone()),
                            output: Default::default(),
                        }
                    }
                }
            };
            analyses.insert(p.name.clone(), report);
        }
        for p in &self.unloaded {
            analyses.insert(
                p.plugin.clone(),
                AnalysisReport {
                    plugin_version: String::new(),
                    status: Status::Failed,
                    error: Some(p.message.clone()),
                    output: Default::default(),
                },
            );
        }
        MetricsFile {
            schema: METRICS_SCHEMA,
            organisation: OrganisationRef {
                id: data.organisation.id.clone(),
                name: data.organisation.name.clone(),
            },
            period: self.period,
            generator: Generator {
                name: "werkt".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            analyses,
            data_warnings,
        }
    }

    /// Renders first and writes after, so a report that cannot be rendered leaves the previous
    /// outputs untouched; each file is replaced atomically, and manifest.json goes last: it
    /// vouches for the two files before it.
    fn write(
        &self,
        data: &Dataset,
        metrics: &MetricsFile,
        dir: &Path,
        inputs: Inputs,
        complete: bool,
        timings: &mut Timings,
    ) -> Result<()> {
        let t = Instant::now();
        let json = serde_json::to_vec_pretty(metrics).context("cannot serialize metrics.json")?;
        let pdf = self.reporter.render(metrics, data, None)?;
        let mut units = Vec::new();
        if self.config.report.burst {
            for u in &data.units {
                units.push((
                    u.id.clone(),
                    self.reporter.render(metrics, data, Some(&u.id))?,
                ));
            }
        }
        timings.render_ms = ms(t);
        let t = Instant::now();
        write_atomic(&dir.join("metrics.json"), &json)?;
        write_atomic(&dir.join("report.pdf"), &pdf)?;
        for (id, pdf) in units {
            write_atomic(&dir.join("units").join(format!("{id}.pdf")), &pdf)?;
        }
        timings.write_ms = ms(t);
        manifest::write(dir, inputs, complete, timings)
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn table_is_empty(d: &Dataset, t: Table) -> bool {
    match t {
        Table::Units => d.units.is_empty(),
        Table::Employees => d.employees.is_empty(),
        Table::Absence => d.absence.is_empty(),
        Table::Survey => d.survey.as_ref().is_none_or(|s| s.responses.is_empty()),
        Table::Interventions => d.interventions.is_empty(),
    }
}

fn table_name(t: Table) -> &'static str {
    match t {
        Table::Units => "units",
        Table::Employees => "employees",
        Table::Absence => "absence",
        Table::Survey => "survey",
        Table::Interventions => "interventions",
    }
}
