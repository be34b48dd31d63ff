//! The loaded plugins of one configuration, and running their analyses.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use werkt_model::{AnalysisOutput, AnalysisRequest};
use werkt_plugin::Manifest;
use werkt_plugin::abi::{self, first_non_finite};

use crate::child::ProcessPool;
use crate::failure::{FailureKind, LoadProblem, PluginFailure, ProblemSeverity};
use crate::frame;
use crate::library::{CallError, Library, OpenError, STATUS_TOO_LARGE};
use crate::privacy;
use crate::request::request_for;
use crate::resolve::{Expected, find_library, library_file_name, sha256_file};
use crate::spec::{HostCommand, Isolation, MEMORY_LIMIT_ENV, OutputLimits, PluginSpec};

/// What `werkt plugins list|info` shows about a loaded plugin.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginInfo {
    pub name: String,
    pub version: String,
    /// The plugin's ABI (major, minor).
    pub abi: (u32, u32),
    pub file: PathBuf,
    /// Lower-case hex SHA-256 of `file`, to paste into `sha256 = "..."` as a pin.
    pub sha256: String,
    pub isolation: Isolation,
    pub optional: bool,
    pub timeout: Duration,
    pub manifest: Manifest,
}

enum Runner {
    InProcess(Library),
    Process(ProcessPool),
}

struct Loaded {
    info: PluginInfo,
    spec: PluginSpec,
    runner: Runner,
}

/// The plugins that loaded, in configuration order. Safe to share between threads:
/// [`Registry::analyze`] may be called concurrently (each concurrent call of a process-isolated
/// plugin gets a plugin host process of its own).
pub struct Registry {
    plugins: Vec<Loaded>,
}

impl Registry {
    /// Loads every enabled spec: resolves the file (`spec.path`, else the first of `dirs`
    /// holding `libwerkt_<name>.so`), checks the sha256 pin, loads the library (in this process
    /// or in a plugin host started with `host`), checks its ABI and reads its manifest.
    ///
    /// Plugins that fail are left out and reported as problems: an error for a required
    /// plugin or a pin mismatch, a warning for an optional plugin.
    pub fn load(
        specs: &[PluginSpec],
        dirs: &[PathBuf],
        host: &HostCommand,
    ) -> (Registry, Vec<LoadProblem>) {
        let mut plugins = Vec::new();
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for spec in specs.iter().filter(|s| s.enabled) {
            if !seen.insert(spec.name.clone()) {
                problems.push(problem(
                    spec,
                    ProblemSeverity::Error,
                    "is configured twice".to_string(),
                ));
                continue;
            }
            match load_one(spec, dirs, host) {
                Ok(loaded) => plugins.push(loaded),
                Err((severity, message)) => problems.push(problem(spec, severity, message)),
            }
        }
        (Registry { plugins }, problems)
    }

    /// The loaded plugins, in configuration order.
    pub fn plugins(&self) -> impl Iterator<Item = &PluginInfo> {
        self.plugins.iter().map(|p| &p.info)
    }

    pub fn get(&self, name: &str) -> Option<&PluginInfo> {
        self.find(name).map(|p| &p.info)
    }

    fn find(&self, name: &str) -> Option<&Loaded> {
        self.plugins.iter().find(|p| p.info.name == name)
    }

    /// Runs one analysis. The request's dataset is cut down to the tables and columns the plugin's
    /// manifest asks for and its `config` is replaced by the plugin's own section, so callers
    /// build one request per organisation and period and pass it to every plugin.
    pub fn analyze(
        &self,
        name: &str,
        request: &AnalysisRequest,
    ) -> Result<AnalysisOutput, PluginFailure> {
        let Some(p) = self.find(name) else {
            return Err(PluginFailure::new(
                name,
                FailureKind::NotLoaded,
                "is not loaded (see the load problems)",
            ));
        };
        self.run(p, name, request)
            .map_err(|failure| privacy::redact_failure(failure, request))
    }

    /// [`Registry::analyze`] before a failure's message is checked for people's ids.
    fn run(
        &self,
        p: &Loaded,
        name: &str,
        request: &AnalysisRequest,
    ) -> Result<AnalysisOutput, PluginFailure> {
        let cut = request_for(&p.info.manifest, &p.spec.config, request);
        let bytes = serde_json::to_vec(&cut).map_err(|e| {
            PluginFailure::new(
                name,
                FailureKind::BadRequest,
                format!("cannot serialize the request: {e}"),
            )
        })?;
        let reply = match &p.runner {
            Runner::InProcess(lib) => lib
                .analyze(&bytes, p.spec.max_response_bytes)
                .map_err(|e| call_failure(name, e)),
            Runner::Process(pool) => pool
                .call(frame::ANALYZE, &bytes, "analyze")
                .and_then(|r| reply_bytes(name, r)),
        }?;
        let mut output = decode_output(name, &reply)?;
        check_limits(name, &output, &p.spec.limits)?;
        check_units(name, &output, request)?;
        let enforced = privacy::enforce(&mut output, request);
        if !enforced.is_empty() {
            tracing::warn!(
                plugin = name,
                hidden_metrics = enforced.hidden_metrics,
                dropped_naming_a_person = enforced.dropped_naming_a_person,
                "the host applied the privacy rule again: the plugin returned figures about too few people or output naming a person"
            );
        }
        Ok(output)
    }

    /// For a process-isolated plugin: how many plugin host processes were started so far
    /// (the first one and every restart) and how many are idle now.
    pub fn process_stats(&self, name: &str) -> Option<(usize, usize)> {
        match &self.find(name)?.runner {
            Runner::Process(pool) => Some((pool.processes_started(), pool.idle_processes())),
            Runner::InProcess(_) => None,
        }
    }
}

fn problem(spec: &PluginSpec, severity: ProblemSeverity, message: String) -> LoadProblem {
    LoadProblem {
        plugin: spec.name.clone(),
        severity,
        message,
    }
}

fn load_one(
    spec: &PluginSpec,
    dirs: &[PathBuf],
    host: &HostCommand,
) -> Result<Loaded, (ProblemSeverity, String)> {
    let soft = if spec.optional {
        ProblemSeverity::Warning
    } else {
        ProblemSeverity::Error
    };
    let skipped = if spec.optional {
        "; the optional plugin is skipped"
    } else {
        ""
    };
    let file = match &spec.path {
        Some(p) if p.is_file() => p.clone(),
        Some(p) => return Err((soft, format!("its file {} does not exist{skipped}", p.display()))),
        None => find_library(&spec.name, dirs).ok_or_else(|| {
            let searched: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            let msg = format!(
                "no file {} in the plugin directories ({}); build the plugin, or set `path` under [plugins.{}]{skipped}",
                library_file_name(&spec.name),
                searched.join(", "),
                spec.name
            );
            (soft, msg)
        })?,
    };
    let sha256 = sha256_file(&file).map_err(|e| {
        (
            soft,
            format!("cannot read {}: {e}{skipped}", file.display()),
        )
    })?;
    // Every later load (the in-process one below, every plugin host process, however late it
    // starts) must find this file: the pinned one, or the one hashed now.
    let expected = Expected {
        plugin: spec.name.clone(),
        sha256: spec.sha256.clone().unwrap_or_else(|| sha256.clone()),
        pinned: spec.sha256.is_some(),
    };
    // A pin mismatch is refused even for optional plugins: it may be a tampered file.
    expected
        .check(&file, &sha256)
        .map_err(|msg| (ProblemSeverity::Error, msg))?;
    let fail = |m: String| (soft, format!("{m}{skipped}"));
    let (runner, name, version, abi, manifest_bytes) = match spec.isolation {
        Isolation::InProcess => {
            let lib = Library::open_verified(&file, &expected).map_err(|e| match e {
                // Changed since it was hashed a moment ago: a tampered file, never a warning.
                OpenError::Refused(m) => (ProblemSeverity::Error, m),
                OpenError::Failed(m) => fail(m),
            })?;
            let manifest = lib.describe(spec.max_response_bytes).map_err(|e| {
                fail(format!(
                    "describe failed: {}",
                    call_failure(&spec.name, e).message
                ))
            })?;
            let (name, version, abi) = (
                lib.name.clone(),
                lib.version.clone(),
                (lib.abi_major, lib.abi_minor),
            );
            (Runner::InProcess(lib), name, version, abi, manifest)
        }
        Isolation::Process => {
            let mut host = host.clone();
            if let Some(limit) = spec.memory_limit_bytes {
                host.env
                    .push((MEMORY_LIMIT_ENV.into(), limit.to_string().into()));
                // The werkt executable allocates with mimalloc, which reserves 1 GiB of address
                // space up front: under a limit of 1 GiB or less nothing else, not even the
                // plugin library, could be mapped. Small reservations keep the limit about the
                // memory the plugin uses; mimalloc reserves more as it needs it.
                host.env
                    .push(("MIMALLOC_ARENA_RESERVE".into(), "64MiB".into()));
            }
            let pool = ProcessPool::new(
                host,
                &spec.name,
                file.clone(),
                expected,
                spec.timeout,
                spec.max_response_bytes,
            );
            let info = pool.start().map_err(|e| match e.kind {
                FailureKind::Refused => (ProblemSeverity::Error, e.message),
                _ => fail(e.message),
            })?;
            let manifest = pool
                .call(frame::DESCRIBE, &[], "describe")
                .and_then(|r| reply_bytes(&spec.name, r))
                .map_err(|e| fail(format!("describe failed: {}", e.message)))?;
            (
                Runner::Process(pool),
                info.name,
                info.version,
                (info.abi_major, info.abi_minor),
                manifest,
            )
        }
    };
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| {
        fail(format!(
            "{}: its manifest is not valid: {e}",
            file.display()
        ))
    })?;
    if name != spec.name || manifest.name != spec.name {
        return Err(fail(format!(
            "{} is the plugin '{}' (manifest '{}'), not '{}'; check `path` under [plugins.{}]",
            file.display(),
            name,
            manifest.name,
            spec.name,
            spec.name
        )));
    }
    let info = PluginInfo {
        name,
        version,
        abi,
        file,
        sha256,
        isolation: spec.isolation,
        optional: spec.optional,
        timeout: spec.timeout,
        manifest,
    };
    Ok(Loaded {
        info,
        spec: spec.clone(),
        runner,
    })
}

/// Turns a plugin status and message into a failure naming the plugin.
fn call_failure(plugin: &str, e: CallError) -> PluginFailure {
    let (kind, what) = match e.status {
        abi::STATUS_ANALYSIS_ERROR => (FailureKind::Analysis, "failed"),
        abi::STATUS_PANIC => (FailureKind::Panic, "panicked"),
        abi::STATUS_BAD_REQUEST => (FailureKind::BadRequest, "could not read the request"),
        abi::STATUS_BAD_OUTPUT => (FailureKind::BadOutput, "produced invalid output"),
        STATUS_TOO_LARGE => (FailureKind::TooLarge, "produced too much output"),
        s if s == i32::from(frame::STATUS_LOAD_FAILED) => {
            (FailureKind::Protocol, "could not be loaded")
        }
        s if s == i32::from(frame::STATUS_REFUSED) => (FailureKind::Refused, "was refused"),
        s if s == i32::from(frame::STATUS_PROTOCOL) => {
            (FailureKind::Protocol, "broke the plugin host protocol")
        }
        _ => (FailureKind::Protocol, "returned an unknown status code"),
    };
    let message = if e.message.is_empty() {
        format!("{what} (status {})", e.status)
    } else {
        format!("{what}: {}", e.message)
    };
    PluginFailure::new(plugin, kind, message)
}

fn reply_bytes(plugin: &str, (status, payload): (u8, Vec<u8>)) -> Result<Vec<u8>, PluginFailure> {
    if status == 0 {
        return Ok(payload);
    }
    let message = String::from_utf8_lossy(&payload).into_owned();
    Err(call_failure(
        plugin,
        CallError {
            status: i32::from(status),
            message,
        },
    ))
}

/// Parses and checks a plugin's response: valid JSON of the output shape, finite numbers.
/// Public so the fuzz target (fuzz/) can feed it arbitrary bytes; never panics.
pub fn decode_output(plugin: &str, bytes: &[u8]) -> Result<AnalysisOutput, PluginFailure> {
    let output: AnalysisOutput = serde_json::from_slice(bytes).map_err(|e| {
        let start = String::from_utf8_lossy(&bytes[..bytes.len().min(60)]).into_owned();
        let msg = format!(
            "produced invalid output: not the JSON analysis output ({e}); it starts with {start:?}"
        );
        PluginFailure::new(plugin, FailureKind::BadOutput, msg)
    })?;
    if let Some(problem) = first_non_finite(&output) {
        return Err(PluginFailure::new(
            plugin,
            FailureKind::BadOutput,
            format!("produced invalid output: {problem}"),
        ));
    }
    Ok(output)
}

/// Refuses a response that says more than [`OutputLimits`] allow: too many findings or
/// warnings, a finding or warning too long, too many series, a series with too many points.
/// The message names the key that raises the limit.
fn check_limits(
    plugin: &str,
    output: &AnalysisOutput,
    limits: &OutputLimits,
) -> Result<(), PluginFailure> {
    let refuse = |what: String, limit: usize, key: &str| {
        Err(PluginFailure::new(
            plugin,
            FailureKind::TooLarge,
            format!(
                "produced too much output: {what}, more than the {limit} allowed \
                 (plugin_host.{key}); the analysis is left out of the report. \
                 If the plugin is right to say that much, raise plugin_host.{key}"
            ),
        ))
    };
    let (f, w) = (output.findings.len(), output.warnings.len());
    if f > limits.max_findings {
        return refuse(format!("{f} findings"), limits.max_findings, "max_findings");
    }
    if w > limits.max_findings {
        return refuse(format!("{w} warnings"), limits.max_findings, "max_findings");
    }
    let texts = output
        .findings
        .iter()
        .map(|f| ("a finding", f.text.as_str()))
        .chain(output.warnings.iter().map(|w| ("a warning", w.as_str())));
    for (what, text) in texts {
        // Counting stops at the limit: a 60 MB text is not walked to the end.
        let n = text.chars().take(limits.max_finding_chars + 1).count();
        if n > limits.max_finding_chars {
            return refuse(
                format!("{what} of over {} characters", limits.max_finding_chars),
                limits.max_finding_chars,
                "max_finding_chars",
            );
        }
    }
    let s = output.series.len();
    if s > limits.max_series {
        return refuse(format!("{s} series"), limits.max_series, "max_series");
    }
    if let Some(big) = output
        .series
        .iter()
        .find(|s| s.points.len() > limits.max_series_points)
    {
        return refuse(
            format!(
                "series '{}' with {} points",
                big.key.chars().take(60).collect::<String>(),
                big.points.len()
            ),
            limits.max_series_points,
            "max_series_points",
        );
    }
    Ok(())
}

/// Refuses output about units the organisation does not have: the report would show figures
/// under names nobody can check, and a unit id becomes a file name (`units/<id>.pdf`). Checked
/// against the whole request, since a plugin may report on units whose table it did not ask
/// for (the tree is everyone's). An empty unit table (never after validation) checks nothing.
fn check_units(
    plugin: &str,
    output: &AnalysisOutput,
    request: &AnalysisRequest,
) -> Result<(), PluginFailure> {
    let units: HashSet<&str> = request.data.units.iter().map(|u| u.id.as_str()).collect();
    if units.is_empty() {
        return Ok(());
    }
    let unknown = output
        .metrics
        .iter()
        .map(|m| (format!("metric '{}'", m.metric), Some(&m.unit)))
        .chain(
            output
                .findings
                .iter()
                .map(|f| ("a finding".to_string(), f.unit.as_ref())),
        )
        .chain(
            output
                .series
                .iter()
                .map(|s| (format!("series '{}'", s.key), s.unit.as_ref())),
        )
        .find_map(|(what, unit)| {
            unit.filter(|u| !units.contains(u.as_str()))
                .map(|u| (what, u))
        });
    match unknown {
        None => Ok(()),
        Some((what, unit)) => Err(PluginFailure::new(
            plugin,
            FailureKind::BadOutput,
            format!(
                "produced invalid output: {what} is for unit '{unit}', which organisation '{}' does not have",
                request.data.organisation.id
            ),
        )),
    }
}

/// The default plugin directories: next to the running executable, then `./plugins`.
pub fn default_plugin_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::current_exe()
        .ok()
        .as_deref()
        .and_then(Path::parent)
    {
        dirs.push(dir.to_path_buf());
    }
    dirs.push(PathBuf::from("plugins"));
    dirs
}
