//! The monthly run of one period over many organisations: per organisation (in parallel)
//! ingest, analyse, render, then write metrics.json, report.pdf and manifest.json and record
//! the run in the history store.
//!
//! Organisations are independent: one that fails (invalid data, a failed analysis, a full
//! disk) does not stop the others. A stop request (SIGTERM) is honoured between
//! organisations, never in the middle of one's writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use tracing::{error, info, warn};
use werkt_core::config::Config;
use werkt_core::quality;
use werkt_history::{History, RunRecord, RunStatus};
use werkt_host::{LoadProblem, ProblemSeverity, Registry};
use werkt_model::{
    AnalysisOutput, AnalysisReport, AnalysisRequest, Dataset, Generator, METRICS_SCHEMA,
    MetricsFile, OrganisationRef, Period, Status,
};
use werkt_plugin::Table;

use crate::inputs::{Inputs, PluginInput, SharedInputs, sha256_hex, sha256_tree};
use crate::manifest::{self, Timings};
use crate::output::{Batch, remove_leftovers};
use crate::report::Reporter;

/// How one organisation's run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Written {
        id: String,
        failed_analyses: Vec<String>,
    },
    /// Unchanged since the last complete run: nothing to do.
    Skipped {
        id: String,
    },
    Invalid {
        id: String,
        errors: usize,
    },
    Failed {
        id: String,
        error: String,
    },
    /// Not started: a stop was requested.
    Cancelled,
}

/// What a period's run did, for the log line, the exit status and notifications.
#[derive(Debug, Default)]
pub struct Summary {
    pub outcomes: Vec<Outcome>,
}

impl Summary {
    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.outcomes.iter().filter(|o| f(o)).count()
    }

    pub fn written(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Written { .. }))
    }

    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped { .. }))
    }

    pub fn partial(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Written { failed_analyses, .. } if !failed_analyses.is_empty()))
    }

    pub fn invalid(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Invalid { .. }))
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed { .. }))
    }

    pub fn cancelled(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Cancelled))
    }

    /// Every organisation written completely or unchanged.
    pub fn all_good(&self) -> bool {
        self.written() + self.skipped() == self.outcomes.len() && self.partial() == 0
    }

    /// Nothing written at all, and only because the data was invalid.
    pub fn only_invalid(&self) -> bool {
        !self.outcomes.is_empty() && self.invalid() == self.outcomes.len()
    }

    pub fn to_notification(&self, period: Period) -> werkt_schedule::RunSummary {
        let mut s = werkt_schedule::RunSummary::new(period);
        for o in &self.outcomes {
            match o {
                Outcome::Written {
                    id,
                    failed_analyses,
                } if failed_analyses.is_empty() => s.done.push(id.clone()),
                Outcome::Written {
                    id,
                    failed_analyses,
                } => s.failed.push(werkt_schedule::FailedOrg {
                    organisation: id.clone(),
                    error: format!("failed analyses: {}", failed_analyses.join(", ")),
                }),
                Outcome::Skipped { id } => s.skipped.push(id.clone()),
                Outcome::Invalid { id, errors } => s.failed.push(werkt_schedule::FailedOrg {
                    organisation: id.clone(),
                    error: format!("{errors} error(s) in the data"),
                }),
                Outcome::Failed { id, error } => s.failed.push(werkt_schedule::FailedOrg {
                    organisation: id.clone(),
                    error: error.clone(),
                }),
                Outcome::Cancelled => {}
            }
        }
        s
    }
}

/// Everything a run loads once and shares between organisations and periods.
pub struct Pipeline {
    pub config: Config,
    registry: Registry,
    /// Required plugins that failed to load: every organisation records them as failed.
    unloaded: Vec<LoadProblem>,
    reporter: Reporter,
    shared: SharedInputs,
    history: Option<Mutex<History>>,
    run_id: String,
    pub force: bool,
    pub shard: Option<String>,
    pub quiet: bool,
    pub stop: std::sync::Arc<AtomicBool>,
}

impl Pipeline {
    pub fn new(config: Config) -> Result<Pipeline> {
        let (registry, problems) = crate::commands::plugins::load(&config)?;
        let mut unloaded = Vec::new();
        for p in problems {
            match p.severity {
                ProblemSeverity::Warning => warn!("plugin '{}' skipped: {}", p.plugin, p.message),
                ProblemSeverity::Error => {
                    error!("plugin '{}': {}", p.plugin, p.message);
                    unloaded.push(p);
                }
            }
        }
        let reporter = Reporter::new(&config)?;
        let shared = SharedInputs {
            werkt_version: env!("CARGO_PKG_VERSION").into(),
            config: sha256_hex(config.to_toml().as_bytes()),
            templates: sha256_tree(reporter.templates_dir())?,
            plugins: registry
                .plugins()
                .map(|p| {
                    (
                        p.name.clone(),
                        PluginInput {
                            version: p.version.clone(),
                            sha256: p.sha256.clone(),
                        },
                    )
                })
                .collect(),
        };
        let history = if config.history.enabled {
            let path = config.history_path();
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            Some(Mutex::new(History::open(&path).with_context(|| {
                format!("cannot open the history store {}", path.display())
            })?))
        } else {
            None
        };
        Ok(Pipeline {
            config,
            registry,
            unloaded,
            reporter,
            shared,
            history,
            run_id: format!(
                "{}-{}",
                Utc::now().format("%Y%m%dT%H%M%SZ"),
                std::process::id()
            ),
            force: false,
            shard: None,
            quiet: false,
            stop: std::sync::Arc::new(AtomicBool::new(false)),
        })
    }

    /// Runs `f` on the history store, if there is one; a history error is logged, not fatal:
    /// the report itself is already written.
    pub fn with_history<T>(
        &self,
        f: impl FnOnce(&mut History) -> Result<T, werkt_history::HistoryError>,
    ) -> Option<T> {
        let h = self.history.as_ref()?;
        let mut guard = h.lock().unwrap_or_else(|p| p.into_inner());
        match f(&mut guard) {
            Ok(v) => Some(v),
            Err(e) => {
                error!("history store: {e}");
                None
            }
        }
    }

    /// One period over the given organisation directories, in parallel.
    pub fn run_period(&self, period: Period, dirs: &[PathBuf], jobs: usize) -> Result<Summary> {
        info!("reporting on {period} for {} organisation(s)", dirs.len());
        let jobs_list = Job::list(dirs);
        let bar = progress(jobs_list.len(), self.quiet);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build()
            .context("cannot start worker threads")?;
        let outcomes = pool.install(|| {
            jobs_list
                .par_iter()
                .map(|job| {
                    if self.stop.load(Ordering::SeqCst) {
                        return Outcome::Cancelled;
                    }
                    let started = Utc::now();
                    let outcome = match job {
                        Job::Organisation(dir) => self.organisation(period, dir),
                        Job::SharedId { id, dirs } => Outcome::Failed {
                            id: id.clone(),
                            error: shared_id_error(id, *dirs),
                        },
                    };
                    self.record(period, started, &outcome);
                    bar.inc(1);
                    outcome
                })
                .collect()
        });
        bar.finish_and_clear();
        let summary = Summary { outcomes };
        log_summary(&summary, &self.config.output.dir);
        Ok(summary)
    }

    fn record(&self, period: Period, started: DateTime<Utc>, outcome: &Outcome) {
        let (id, status, error, input_hash) = match outcome {
            Outcome::Written {
                id,
                failed_analyses,
            } if failed_analyses.is_empty() => (id, RunStatus::Done, None, None),
            Outcome::Written {
                id,
                failed_analyses,
            } => (
                id,
                RunStatus::Failed,
                Some(format!("failed analyses: {}", failed_analyses.join(", "))),
                None,
            ),
            Outcome::Skipped { id } => (id, RunStatus::Skipped, None, None),
            Outcome::Invalid { id, errors } => (
                id,
                RunStatus::Failed,
                Some(format!("{errors} error(s) in the data")),
                None,
            ),
            Outcome::Failed { id, error } => {
                (id, RunStatus::Failed, Some(error.clone()), None::<String>)
            }
            Outcome::Cancelled => return,
        };
        let out_dir = self.config.output.dir.join(id).join(period.to_string());
        let input_hash = input_hash
            .or_else(|| manifest::read(&out_dir).map(|m| m.fingerprint))
            .unwrap_or_default();
        let record = RunRecord {
            run_id: self.run_id.clone(),
            organisation: id.clone(),
            period,
            started,
            finished: Utc::now(),
            status,
            error,
            input_hash,
            plugin_versions: self
                .shared
                .plugins
                .iter()
                .map(|(k, v)| (k.clone(), v.version.clone()))
                .collect(),
            werkt_version: self.shared.werkt_version.clone(),
            shard: self.shard.clone(),
        };
        self.with_history(|h| h.record_run(&record));
    }

    fn organisation(&self, period: Period, dir: &Path) -> Outcome {
        let started = Instant::now();
        let dir_name = || {
            dir.file_name().map_or_else(
                || dir.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        };
        // Hashed before reading as well, so a file that changes while it is read and validated
        // (which takes seconds for a large organisation) is caught, not only a later change.
        let before = data_hashes(dir, &self.config.data);
        let loaded = match werkt_core::ingest::load_organisation(dir, &self.config.data) {
            Ok(l) => l,
            Err(diagnostics) => {
                eprint!("{diagnostics}");
                error!(
                    "{}: {} error(s) in the data; no report written (`werkt validate` lists them too)",
                    dir.display(),
                    diagnostics.error_count()
                );
                let id = werkt_core::ingest::read_organisation(dir)
                    .map(|o| o.id)
                    .unwrap_or_else(|_| dir_name());
                return Outcome::Invalid {
                    id,
                    errors: diagnostics.error_count(),
                };
            }
        };
        let id = loaded.dataset.organisation.id.clone();
        let failed = |e: anyhow::Error| {
            error!("{id}: {e:#}");
            Outcome::Failed {
                id: id.clone(),
                error: format!("{e:#}"),
            }
        };
        let out_dir = self.config.output.dir.join(&id).join(period.to_string());
        let inputs = match Inputs::of(&self.shared, &period.to_string(), &loaded.files) {
            Ok(i) => i,
            Err(e) => return failed(e),
        };
        if before.is_some_and(|b| b != inputs.data) {
            return failed(anyhow::anyhow!(
                "the data files changed while they were read; nothing was written, run again once the data is complete"
            ));
        }
        if !self.force && manifest::unchanged(&out_dir, &inputs) {
            info!("{id}: unchanged since the last complete run, skipped (--force renders anyway)");
            return Outcome::Skipped { id };
        }
        log_warnings(&loaded.warnings);
        let mut timings = Timings {
            ingest_ms: ms(started),
            ..Timings::default()
        };
        let data_warnings = quality::summary(&loaded.warnings, self.config.report.language);
        let data = loaded.dataset;

        let t = Instant::now();
        let metrics = self.analyse(period, &data, data_warnings);
        timings.analyse_ms = ms(t);
        let failed_analyses: Vec<String> = metrics
            .analyses
            .iter()
            .filter(|(_, a)| a.status == Status::Failed)
            .map(|(k, _)| k.clone())
            .collect();
        if let Err(e) = self.write(
            &data,
            &metrics,
            &out_dir,
            inputs,
            &loaded.files,
            failed_analyses.is_empty(),
            &mut timings,
        ) {
            return failed(e);
        }
        // Figures go into history only once the report that shows them is on disk. When they
        // cannot be stored, the run is marked incomplete, so the next one does it again
        // instead of skipping the organisation as unchanged with the period missing from the
        // trend lines for ever.
        if self.history.is_some()
            && self
                .with_history(|h| h.replace_metrics(&id, period, &metrics))
                .is_none()
        {
            if let Err(e) = manifest::mark_incomplete(&out_dir) {
                error!("{id}: {e:#}");
            }
            return Outcome::Failed {
                id,
                error: "the report was written, but its figures could not be stored in the history (the terminal says why); the next run does it again".into(),
            };
        }
        info!("{id}: written to {}", out_dir.display());
        Outcome::Written {
            id,
            failed_analyses,
        }
    }

    /// Runs every configured analysis. One request is built per organisation; the host cuts
    /// it down to what each plugin's manifest asks for. `data_warnings` go into metrics.json
    /// as they are: counts by kind from [`quality::summary`], never the rows.
    pub fn analyse(
        &self,
        period: Period,
        data: &Dataset,
        data_warnings: Vec<String>,
    ) -> MetricsFile {
        let request = AnalysisRequest {
            period,
            language: self.config.report.language,
            privacy: self.config.privacy(),
            config: serde_json::Value::Null,
            data: data.clone(),
        };
        let mut analyses = BTreeMap::new();
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
                    output: AnalysisOutput {
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
                        failed_report(p.version.clone(), f.message.clone())
                    }
                }
            };
            analyses.insert(p.name.clone(), report);
        }
        for p in &self.unloaded {
            analyses.insert(
                p.plugin.clone(),
                failed_report(String::new(), p.message.clone()),
            );
        }
        MetricsFile {
            schema: METRICS_SCHEMA,
            organisation: OrganisationRef {
                id: data.organisation.id.clone(),
                name: data.organisation.name.clone(),
            },
            period,
            generator: Generator {
                name: "werkt".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            analyses,
            data_warnings,
        }
    }

    /// Renders first and writes after, so a report that cannot be rendered leaves the previous
    /// outputs untouched; all files are staged before any replaces its target, and
    /// manifest.json goes last: it vouches for the files before it.
    #[allow(
        clippy::too_many_arguments,
        reason = "one call site; the files are re-hashed last"
    )]
    fn write(
        &self,
        data: &Dataset,
        metrics: &MetricsFile,
        dir: &Path,
        inputs: Inputs,
        files: &[PathBuf],
        complete: bool,
        timings: &mut Timings,
    ) -> Result<()> {
        let t = Instant::now();
        let json = serde_json::to_vec(metrics).context("cannot serialize metrics.json")?;
        let trends = self.trends(&data.organisation.id, metrics.period);
        let pdf = self.reporter.render(metrics, data, None, &trends)?;
        let mut units = Vec::new();
        if self.config.report.burst {
            units = data
                .units
                .par_iter()
                .map(|u| {
                    Ok((
                        u.id.clone(),
                        self.reporter.render(metrics, data, Some(&u.id), &trends)?,
                    ))
                })
                .collect::<Result<Vec<_>>>()?;
        }
        timings.render_ms = ms(t);
        let t = Instant::now();
        remove_leftovers(dir);
        let mut batch = Batch::new();
        let mut outputs = BTreeMap::new();
        let mut stage = |rel: String, bytes: &[u8]| -> Result<()> {
            batch.add(&dir.join(&rel), bytes)?;
            outputs.insert(rel, sha256_hex(bytes));
            Ok(())
        };
        stage("metrics.json".into(), &json)?;
        stage("report.pdf".into(), &pdf)?;
        for (id, pdf) in units {
            stage(format!("units/{id}.pdf"), &pdf)?;
        }
        timings.write_ms = ms(t);
        batch.add(
            &dir.join(manifest::FILE),
            &manifest::to_json(inputs.clone(), complete, outputs, timings)?,
        )?;
        // The data may have changed while the analyses ran (an export landing mid-run): the
        // report would not be what manifest.json says it was made from, and the next run
        // would skip it as unchanged. Hashed again last, so nothing is replaced then.
        let now = Inputs::of(&self.shared, &inputs.period, files)?;
        if now.data != inputs.data {
            let changed: Vec<&str> = now
                .data
                .iter()
                .filter(|(name, hash)| inputs.data.get(*name) != Some(*hash))
                .map(|(name, _)| name.as_str())
                .collect();
            anyhow::bail!(
                "the data files changed during the run ({}); nothing was written, run again once the data is complete",
                changed.join(", ")
            );
        }
        batch.commit()
    }

    /// The 11 periods before `period` from the history store, for the report's trend lines.
    fn trends(&self, org: &str, period: Period) -> Vec<werkt_report::TrendPoint> {
        let Some(lines) = self.with_history(|h| h.trends(org, period.pred(), 11)) else {
            return Vec::new();
        };
        let mut points = Vec::new();
        for (key, line) in lines {
            for (p, value, suppressed) in line {
                points.push(werkt_report::TrendPoint {
                    period: p,
                    plugin: key.analysis.clone(),
                    unit: key.unit.clone(),
                    subject: key.subject.clone(),
                    metric: key.metric.clone(),
                    value,
                    suppressed,
                });
            }
        }
        points
    }
}

/// sha256 of each data file present in `dir`, keyed like [`Inputs::data`]; `None` when one
/// cannot be read (ingest then reports why).
fn data_hashes(
    dir: &Path,
    data: &werkt_core::config::DataConfig,
) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for path in werkt_core::ingest::input_files(dir, data).ok()? {
        let name = path.file_name()?.to_string_lossy().into_owned();
        if path.is_file() {
            out.insert(name, crate::inputs::sha256_file(&path).ok()?);
        }
    }
    Some(out)
}

/// The rows behind the data-quality counts, for the operator's terminal only: they name
/// employees, dates and files, so no output carries them (werkt_core::quality).
pub fn log_warnings(warnings: &werkt_core::Diagnostics) {
    for line in warnings.to_string().lines() {
        warn!("{line}");
    }
}

/// Workers for a run: as configured, else two per core. A worker spends part of each
/// organisation waiting for its files to reach the disk (fsync before the rename); a second
/// worker per core uses that time (measured in docs/performance.md: the 500-organisation
/// programme went from 8.2 s to 6.6 s with four workers on two cores).
/// The id an organisation directory is known by: its organisation.toml id, or the directory
/// name when that file cannot be read (so its problems are still reported once).
pub fn organisation_key(dir: &Path) -> String {
    werkt_core::ingest::read_organisation(dir)
        .map(|o| o.id)
        .unwrap_or_else(|_| {
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
}

/// What a run does for each organisation id.
enum Job<'a> {
    Organisation(&'a Path),
    /// Several directories have this id: they would write one output directory, so the id
    /// fails (once) and the others go on.
    SharedId {
        id: String,
        dirs: usize,
    },
}

impl<'a> Job<'a> {
    fn list(dirs: &'a [PathBuf]) -> Vec<Job<'a>> {
        let shared = shared_ids(dirs);
        let mut failed = std::collections::BTreeSet::new();
        dirs.iter()
            .filter_map(|dir| {
                let id = organisation_key(dir);
                match shared.get(&id) {
                    None => Some(Job::Organisation(dir)),
                    Some(&n) => failed
                        .insert(id.clone())
                        .then_some(Job::SharedId { id, dirs: n }),
                }
            })
            .collect()
    }
}

/// The ids that more than one of `dirs` has, with how many have each.
pub fn shared_ids(dirs: &[PathBuf]) -> BTreeMap<String, usize> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for d in dirs {
        *count.entry(organisation_key(d)).or_default() += 1;
    }
    count.retain(|_, n| *n > 1);
    count
}

/// The failure of an id that several organisation directories share. It names no path: the
/// message goes into the history and notifications; the terminal lists the directories.
pub fn shared_id_error(id: &str, dirs: usize) -> String {
    format!(
        "{dirs} organisation directories have the id '{id}', which names the output directory: give each its own id in its organisation.toml (the directories are listed on the terminal)"
    )
}

pub fn jobs(configured: Option<usize>) -> usize {
    configured.unwrap_or_else(|| 2 * std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn failed_report(plugin_version: String, error: String) -> AnalysisReport {
    AnalysisReport {
        plugin_version,
        status: Status::Failed,
        error: Some(error),
        output: AnalysisOutput::default(),
    }
}

fn log_summary(s: &Summary, out: &Path) {
    let mut line = format!(
        "{} of {} report(s) written to {}",
        s.written(),
        s.outcomes.len(),
        out.display()
    );
    for (n, what) in [
        (
            s.skipped(),
            "unchanged since the last run, skipped (--force renders anyway)",
        ),
        (s.partial(), "with failed analyses"),
        (s.invalid(), "with invalid data"),
        (s.failed(), "failed"),
        (s.cancelled(), "not started because a stop was requested"),
    ] {
        if n > 0 {
            line.push_str(&format!("; {n} {what}"));
        }
    }
    info!("{line}");
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
