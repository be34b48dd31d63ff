//! The werkt plugin SDK.
//!
//! A plugin author implements [`Plugin`] for a type and invokes [`export_plugin!`] once; the
//! macro produces the C ABI entry point that `werkt` loads (see docs/plugin-abi.md). No
//! `unsafe` and no `extern "C"` in plugin code: everything that crosses the boundary is
//! serialized JSON, so a plugin built with another rustc than `werkt` works.

pub mod abi;
mod manifest;

pub use manifest::{ConfigKey, Manifest, MetricDoc, Table, TableNeed};
/// Re-exported so a plugin can write manifest defaults (`serde_json::json!`) without its own
/// dependency (and version) on serde_json.
pub use serde_json;
pub use werkt_model as model;
pub use werkt_model::{
    AnalysisOutput, AnalysisRequest, Dataset, Finding, Language, Metric, Period, Point, Population,
    Privacy, Series, SeriesKind, Severity, Suppression, UnitTree, suppress, suppress_within,
};

/// An analysis' own error: the host records it as `status: "failed"` with this message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginError(pub String);

impl std::fmt::Display for PluginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PluginError {}

impl PluginError {
    pub fn new(msg: impl Into<String>) -> Self {
        PluginError(msg.into())
    }
}

/// An analysis. The host calls [`Plugin::manifest`] to learn what to send, then
/// [`Plugin::analyze`] once per organisation and period, possibly from several threads.
pub trait Plugin: Send + Sync + 'static {
    /// Builds the plugin; called once per process.
    fn new() -> Self
    where
        Self: Sized;

    /// What the plugin is, what it needs and what it emits.
    fn manifest(&self) -> Manifest;

    /// Computes the figures for `request.period`. Returning an error marks this analysis as
    /// failed for this organisation; the run goes on.
    fn analyze(&self, request: &AnalysisRequest) -> Result<AnalysisOutput, PluginError>;
}

/// Reads the plugin's configuration section (`[plugins.<name>]`, host keys removed) into the
/// plugin's own type. An absent section (`null`) gives `T::default()`, so a plugin with only
/// defaulted keys works unconfigured; a wrong key or type is an error naming the problem.
pub fn read_config<T>(request: &AnalysisRequest) -> Result<T, PluginError>
where
    T: serde::de::DeserializeOwned + Default,
{
    if request.config.is_null() {
        return Ok(T::default());
    }
    T::deserialize(&request.config).map_err(|e| PluginError(format!("configuration: {e}")))
}
