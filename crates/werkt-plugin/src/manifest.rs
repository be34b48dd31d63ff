use serde::{Deserialize, Serialize};

/// A plugin's self-description, returned by `describe` across the ABI as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// `[a-z0-9_]+`, the key under `[plugins.<name>]` and in metrics.json.
    pub name: String,
    /// Semantic version of the plugin.
    pub version: String,
    pub description: String,
    /// The tables and columns the plugin reads. The host sends only these tables, and of them
    /// the required columns, the declared optional ones and the declared survey items (by name,
    /// by a `prefix*` pattern, or named in the plugin's configuration); docs/plugin-abi.md.
    pub inputs: Vec<TableNeed>,
    /// The plugin's configuration keys with their defaults.
    #[serde(default)]
    pub config: Vec<ConfigKey>,
    /// The metric keys it emits.
    #[serde(default)]
    pub metrics: Vec<MetricDoc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Table {
    Units,
    Employees,
    Absence,
    Survey,
    Interventions,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableNeed {
    pub table: Table,
    #[serde(default)]
    pub columns: Vec<String>,
    /// A required table that is missing or empty gives `status: "no_data"`.
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigKey {
    pub key: String,
    pub default: serde_json::Value,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricDoc {
    pub key: String,
    pub description: String,
}
