use std::fmt;

/// Why one analysis by one plugin produced no output. The run goes on without it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// The plugin is not loaded (unknown, disabled, or its load failed).
    NotLoaded,
    /// The plugin's `analyze` returned an error.
    Analysis,
    /// The plugin panicked (caught at the boundary).
    Panic,
    /// The plugin could not read the request (an SDK/host version mismatch).
    BadRequest,
    /// The response was not valid JSON output, or held NaN/infinite numbers.
    BadOutput,
    /// The response was larger than `max_response_bytes`.
    TooLarge,
    /// The plugin host process died (segfault, abort, out of memory, exit).
    Crashed,
    /// The call took longer than the plugin's timeout; the host process was killed.
    Timeout,
    /// The plugin host process wrote something that is not the protocol, or could not be
    /// started.
    Protocol,
    /// A plugin host process refused to load the library: its sha256 is no longer the pinned
    /// one, or the one the run loaded first (the file was replaced during the run).
    Refused,
}

/// One failed analysis: which plugin, what kind of failure, and a message for the report and
/// metrics.json (`status: "failed"`, `error`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginFailure {
    pub plugin: String,
    pub kind: FailureKind,
    pub message: String,
}

impl PluginFailure {
    pub(crate) fn new(
        plugin: &str,
        kind: FailureKind,
        message: impl Into<String>,
    ) -> PluginFailure {
        PluginFailure {
            plugin: plugin.to_string(),
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for PluginFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "plugin '{}': {}", self.plugin, self.message)
    }
}

impl std::error::Error for PluginFailure {}

/// How serious a load problem is: an error fails `werkt plugins check` and a run that needs
/// the plugin; a warning (optional plugins) is reported and the plugin skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProblemSeverity {
    Warning,
    Error,
}

/// A plugin that could not be loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    pub plugin: String,
    pub severity: ProblemSeverity,
    pub message: String,
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            ProblemSeverity::Warning => "warning",
            ProblemSeverity::Error => "error",
        };
        write!(f, "{level}: plugin '{}': {}", self.plugin, self.message)
    }
}
