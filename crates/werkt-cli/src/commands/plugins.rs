//! `werkt plugins list|info|check`, and how the configuration becomes plugin specs.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use werkt_core::config::Config;
use werkt_host::{HostCommand, Isolation, LoadProblem, PluginSpec, ProblemSeverity, Registry};

use crate::cli::{GlobalArgs, PluginsAction};
use crate::exit::Exit;

/// The `[plugins.*]` sections as the host wants them; host-wide settings fill what a section
/// leaves out.
pub fn specs(config: &Config) -> Vec<PluginSpec> {
    config
        .plugins
        .iter()
        .map(|(name, p)| {
            let mut spec = PluginSpec::new(name.clone());
            spec.path = p.path.clone();
            spec.sha256 = p.sha256.clone();
            spec.enabled = p.enabled;
            spec.optional = p.optional;
            spec.isolation = match config.plugin_isolation(name) {
                werkt_core::config::Isolation::Process => Isolation::Process,
                werkt_core::config::Isolation::InProcess => Isolation::InProcess,
            };
            spec.timeout = Duration::from_secs(config.plugin_timeout_s(name));
            spec.memory_limit_bytes =
                Some(config.plugin_max_memory_mb(name).saturating_mul(1 << 20));
            spec.max_response_bytes =
                (config.plugin_host.max_response_mb as usize).saturating_mul(1 << 20);
            let limit = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
            spec.limits = werkt_host::OutputLimits {
                max_findings: limit(config.plugin_host.max_findings),
                max_finding_chars: limit(config.plugin_host.max_finding_chars),
                max_series: limit(config.plugin_host.max_series),
                max_series_points: limit(config.plugin_host.max_series_points),
            };
            spec.config = p.settings_value();
            spec
        })
        .collect()
}

pub fn dirs(config: &Config) -> Vec<PathBuf> {
    if config.plugin_host.dirs.is_empty() {
        werkt_host::default_plugin_dirs()
    } else {
        config.plugin_host.dirs.clone()
    }
}

/// Loads every enabled plugin once per run; problems are returned for the caller to report.
pub fn load(config: &Config) -> Result<(Registry, Vec<LoadProblem>)> {
    let host = HostCommand::current_exe_plugin_host()
        .context("cannot find the werkt executable to start plugin hosts")?;
    Ok(Registry::load(&specs(config), &dirs(config), &host))
}

pub fn plugins(global: &GlobalArgs, action: PluginsAction) -> Result<Exit> {
    let config = super::load_config(global)?;
    let (registry, problems) = load(&config)?;
    for p in &problems {
        eprintln!("{p}");
    }
    match action {
        PluginsAction::List => {
            outln!(
                "{:<22} {:<9} {:<5} {:<11} {:<64} file",
                "name",
                "version",
                "abi",
                "isolation",
                "sha256"
            );
            for p in registry.plugins() {
                outln!(
                    "{:<22} {:<9} {:<5} {:<11} {:<64} {}",
                    p.name,
                    p.version,
                    format!("{}.{}", p.abi.0, p.abi.1),
                    p.isolation.as_str(),
                    p.sha256,
                    p.file.display()
                );
            }
            // Plugins that are there but not configured: a new user sees what can be added.
            let unconfigured: Vec<(String, PathBuf)> = werkt_host::libraries_in(&dirs(&config))
                .into_iter()
                .filter(|(name, _)| !config.plugins.contains_key(name))
                .collect();
            if !unconfigured.is_empty() {
                outln!("\nfound, not configured (add [plugins.<name>] to use one):");
                for (name, file) in unconfigured {
                    outln!("{name:<22} {}", file.display());
                }
            }
        }
        PluginsAction::Info { name } => {
            let Some(p) = registry.plugins().find(|p| p.name == name) else {
                bail!(
                    "no loaded plugin is called '{name}'; `werkt plugins list` shows the loaded ones"
                );
            };
            let m = &p.manifest;
            outln!("{} {}: {}", m.name, m.version, m.description);
            outln!(
                "file: {}\nsha256: {}\nabi: {}.{}",
                p.file.display(),
                p.sha256,
                p.abi.0,
                p.abi.1
            );
            outln!("\nreads:");
            for t in &m.inputs {
                let table = serde_json::to_value(t.table)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default();
                outln!(
                    "  {table}{} {}",
                    if t.required { " (required)" } else { "" },
                    t.columns.join(", ")
                );
            }
            outln!("\nconfiguration [plugins.{}]:", m.name);
            for k in &m.config {
                outln!("  {} = {}    # {}", k.key, k.default, k.description);
            }
            outln!("\nmetrics:");
            for k in &m.metrics {
                outln!("  {:<28} {}", k.key, k.description);
            }
        }
        PluginsAction::Check => {
            for p in registry.plugins() {
                outln!("ok: {} {} ({})", p.name, p.version, p.file.display());
            }
        }
    }
    let failed = problems
        .iter()
        .any(|p| p.severity == ProblemSeverity::Error);
    Ok(if failed { Exit::Invalid } else { Exit::Ok })
}
