use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

/// Where a plugin's code runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Isolation {
    /// In a child process (`werkt plugin-host`): a crash, abort or endless loop costs one
    /// analysis, not the run. The default, because plugins are third-party code.
    #[default]
    Process,
    /// In `werkt` itself: no process round trip, but a crash takes `werkt` down and a timeout
    /// cannot be enforced. For trusted plugins only.
    InProcess,
}

impl Isolation {
    /// The spelling in the configuration (`isolation = "process" | "in-process"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Isolation::Process => "process",
            Isolation::InProcess => "in-process",
        }
    }

    /// Parses the configuration spelling; `None` for anything else.
    pub fn parse(s: &str) -> Option<Isolation> {
        match s {
            "process" => Some(Isolation::Process),
            "in-process" | "in_process" | "inprocess" => Some(Isolation::InProcess),
            _ => None,
        }
    }
}

impl std::fmt::Display for Isolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `[plugins.<name>]` section, as the configuration declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginSpec {
    /// `[a-z0-9_]+`; also the file name stem (`libwerkt_<name>.so`).
    pub name: String,
    /// An explicit library file; without it the plugin directories are searched.
    pub path: Option<PathBuf>,
    /// Hex SHA-256 the file must have; a differing file is refused.
    pub sha256: Option<String>,
    /// A disabled plugin is neither loaded nor run.
    pub enabled: bool,
    /// A missing or unloadable optional plugin is skipped with a warning instead of an error.
    pub optional: bool,
    pub isolation: Isolation,
    /// Longest one call (load, describe, analyze) may take under process isolation.
    pub timeout: Duration,
    /// Longest response accepted from the plugin; a larger one is refused unread.
    pub max_response_bytes: usize,
    /// The plugin's own keys (the section minus the host's keys), sent as the request's `config`.
    pub config: serde_json::Value,
    /// The most findings, series and points one response may hold; more fails the analysis.
    pub limits: OutputLimits,
    /// Under process isolation on Unix: the most address space a plugin host may use
    /// (`RLIMIT_AS`), so a runaway plugin fails its analysis instead of driving the machine
    /// into the OOM killer. `None`: no limit beyond the system's.
    pub memory_limit_bytes: Option<u64>,
}

impl PluginSpec {
    /// Default timeout: generous for an analysis over a large organisation, short enough that
    /// a stuck plugin does not stall a monthly run for long.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
    /// Default response limit: far above any real report's figures, far below a runaway loop.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

    /// A spec with every host key at its default.
    pub fn new(name: impl Into<String>) -> PluginSpec {
        PluginSpec {
            name: name.into(),
            path: None,
            sha256: None,
            enabled: true,
            optional: false,
            isolation: Isolation::default(),
            timeout: Self::DEFAULT_TIMEOUT,
            max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
            limits: OutputLimits::default(),
            config: serde_json::Value::Null,
            memory_limit_bytes: None,
        }
    }
}

/// How much one analysis may say. A response within `max_response_bytes` can still hold
/// 100,000 findings (more pages than a report may have) or a series of 600,000 points (minutes
/// to lay out), which would cost the organisation its whole report; the host refuses such a
/// response as that analysis' failure instead. The defaults are far above what the bundled
/// analyses return for a 10,000-unit organisation (two series per unit, one point per unit).
/// Configured in `[plugin_host]` under the key names of the fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputLimits {
    /// Findings per analysis (`plugin_host.max_findings`); warnings are held to it as well.
    pub max_findings: usize,
    /// Characters in one finding or warning (`plugin_host.max_finding_chars`).
    pub max_finding_chars: usize,
    /// Series per analysis (`plugin_host.max_series`).
    pub max_series: usize,
    /// Points in one series (`plugin_host.max_series_points`).
    pub max_series_points: usize,
}

impl OutputLimits {
    pub const DEFAULT_MAX_FINDINGS: usize = 10_000;
    pub const DEFAULT_MAX_FINDING_CHARS: usize = 2_000;
    pub const DEFAULT_MAX_SERIES: usize = 50_000;
    pub const DEFAULT_MAX_SERIES_POINTS: usize = 20_000;
}

impl Default for OutputLimits {
    fn default() -> Self {
        OutputLimits {
            max_findings: Self::DEFAULT_MAX_FINDINGS,
            max_finding_chars: Self::DEFAULT_MAX_FINDING_CHARS,
            max_series: Self::DEFAULT_MAX_SERIES,
            max_series_points: Self::DEFAULT_MAX_SERIES_POINTS,
        }
    }
}

/// The command that starts a plugin host process; it must speak the protocol of
/// docs/plugin-abi.md on its stdin/stdout (i.e. end up calling [`crate::serve_stdio`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// Extra environment for the plugin host (the host adds [`MEMORY_LIMIT_ENV`] itself).
    pub env: Vec<(OsString, OsString)>,
}

/// Environment variable through which the host tells a plugin host its memory limit in bytes.
pub const MEMORY_LIMIT_ENV: &str = "WERKT_PLUGIN_HOST_MEMORY_LIMIT";

impl HostCommand {
    pub fn new(
        program: impl Into<PathBuf>,
        args: impl IntoIterator<Item = impl Into<OsString>>,
    ) -> HostCommand {
        HostCommand {
            program: program.into(),
            args: args.into_iter().map(Into::into).collect(),
            env: Vec::new(),
        }
    }

    /// `<this executable> plugin-host`: what `werkt` itself uses.
    pub fn current_exe_plugin_host() -> std::io::Result<HostCommand> {
        Ok(HostCommand::new(std::env::current_exe()?, ["plugin-host"]))
    }
}
