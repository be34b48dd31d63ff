//! The effective configuration: typed, layered and checked.
//!
//! Layers, later ones win: the built-in defaults (`config/default.toml`, compiled in) < the file
//! given with `--config` < environment variables `WERKT_<SECTION>__<KEY>` < command-line
//! overrides. Each layer is checked against the schema on its own before merging, so an unknown
//! key is reported with the place it came from (the file, or the variable's name). The merge
//! itself is done by the `config` crate; the merged tree is deserialized into [`Config`] with
//! `deny_unknown_fields` everywhere except the free-form `[plugins.<name>]` sections, and then
//! the values are checked ([`Config::load`] never returns a config that breaks a rule here).

#[macro_use]
mod text_enum;
mod check;
mod error;
mod load;
mod plugin;
mod profile;
mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use werkt_model::{Language, Privacy};

pub use error::{ConfigError, InvalidValue, UnknownKey};
pub use load::LoadOptions;
pub(crate) use load::line_of_offset;
pub use plugin::{HOST_KEYS, PluginConfig};
pub use profile::{
    DecimalSeparator, Delimiter, Encoding, EndDate, FteScale, TableProfile, ThousandsSeparator,
};

/// The built-in defaults, also the commented reference a user can read.
pub const DEFAULT_TOML: &str = include_str!("../../../../config/default.toml");

/// werkt's effective configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub data: DataConfig,
    pub privacy: PrivacyConfig,
    pub report: ReportConfig,
    pub output: OutputConfig,
    pub plugin_host: PluginHostConfig,
    /// `[plugins.<name>]`, by plugin name.
    #[serde(default)]
    pub plugins: BTreeMap<String, PluginConfig>,
    pub schedule: ScheduleConfig,
    pub history: HistoryConfig,
    pub notify: NotifyConfig,
    pub run: RunConfig,
}

/// `[data]`: where the organisations are and how to read them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataConfig {
    /// Organisation directories, or directories whose subdirectories are organisations.
    #[serde(default)]
    pub organisations: Vec<PathBuf>,
    #[serde(default)]
    pub columns: ColumnMapping,
    /// How many errors are listed before the rest are only counted.
    pub max_errors: usize,
    /// The largest input file read, in MiB: a larger one (or a device, FIFO or a link to one)
    /// is refused with this key named instead of being read into memory.
    pub max_file_mb: u64,
    /// The most units one organisation may have: a report lists every unit.
    pub max_units: u64,
    /// Whether columns werkt does not know, and absence rows of employees it does not know,
    /// are errors (`true`) or warnings that leave them out (`false`).
    pub strict: bool,
    #[serde(default)]
    pub units: TableProfile,
    #[serde(default)]
    pub employees: TableProfile,
    #[serde(default)]
    pub absence: TableProfile,
    /// The survey's profile, and its answer scales (`[data.survey.scales]`).
    #[serde(default)]
    pub survey: TableProfile,
    #[serde(default)]
    pub interventions: TableProfile,
}

impl DataConfig {
    /// The input profile of one table by its name (`units`, `employees`, ...).
    pub fn profile(&self, name: &str) -> Option<&TableProfile> {
        match name {
            "units" => Some(&self.units),
            "employees" => Some(&self.employees),
            "absence" => Some(&self.absence),
            "survey" => Some(&self.survey),
            "interventions" => Some(&self.interventions),
            _ => None,
        }
    }
}

/// `[data.columns.<table>]`: our column name -> the header in the user's export, or a list of
/// headers any one of which it may have (exports change their headers between versions).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    #[serde(default)]
    pub units: BTreeMap<String, Headers>,
    #[serde(default)]
    pub employees: BTreeMap<String, Headers>,
    #[serde(default)]
    pub absence: BTreeMap<String, Headers>,
    #[serde(default)]
    pub survey: BTreeMap<String, Headers>,
    #[serde(default)]
    pub interventions: BTreeMap<String, Headers>,
}

impl ColumnMapping {
    /// The mapping of one table by its name (`units`, `employees`, ...).
    pub fn table(&self, name: &str) -> Option<&BTreeMap<String, Headers>> {
        match name {
            "units" => Some(&self.units),
            "employees" => Some(&self.employees),
            "absence" => Some(&self.absence),
            "survey" => Some(&self.survey),
            "interventions" => Some(&self.interventions),
            _ => None,
        }
    }
}

/// The header (or the alternative headers) one column may have in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Headers {
    One(String),
    Any(Vec<String>),
}

impl Headers {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let list: &[String] = match self {
            Headers::One(h) => std::slice::from_ref(h),
            Headers::Any(v) => v,
        };
        list.iter().map(String::as_str)
    }
}

/// `[privacy]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyConfig {
    /// Never below [`Privacy::FLOOR`]; loading refuses smaller values.
    pub min_group_size: u64,
}

/// `[report]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    #[serde(deserialize_with = "language")]
    pub language: Language,
    pub template: String,
    /// Unset: the CLI finds the templates/ directory it ships with.
    #[serde(default)]
    pub templates_dir: Option<PathBuf>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub font: Option<PathBuf>,
    #[serde(default)]
    pub font_bold: Option<PathBuf>,
    #[serde(default)]
    pub logo: Option<PathBuf>,
    /// `#rrggbb`.
    pub accent_color: String,
    pub burst: bool,
    pub paper: Paper,
    /// Seconds one report (the organisation's, or one unit's) may take to lay out and write;
    /// past it that report fails instead of holding a worker.
    pub max_render_s: u64,
}

/// Paper size of the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A3,
    A4,
    A5,
    Letter,
    Legal,
}

text_enum!(Paper { A3 => "A3", A4 => "A4", A5 => "A5", Letter => "Letter", Legal => "Legal" });

impl Paper {
    /// Width and height in millimetres, portrait.
    pub fn size_mm(self) -> (f64, f64) {
        match self {
            Paper::A3 => (297.0, 420.0),
            Paper::A4 => (210.0, 297.0),
            Paper::A5 => (148.0, 210.0),
            Paper::Letter => (215.9, 279.4),
            Paper::Legal => (215.9, 355.6),
        }
    }
}

/// `[output]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    pub dir: PathBuf,
}

/// `[plugin_host]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginHostConfig {
    /// Empty: the werkt executable's directory and `./plugins` (the CLI decides).
    #[serde(default)]
    pub dirs: Vec<PathBuf>,
    pub isolation: Isolation,
    pub timeout_s: u64,
    pub max_response_mb: u64,
    /// Findings (and warnings) one analysis may return.
    pub max_findings: u64,
    /// Characters in one finding or warning.
    pub max_finding_chars: u64,
    /// Series one analysis may return.
    pub max_series: u64,
    /// Points in one series.
    pub max_series_points: u64,
    /// Address space, in MiB, one plugin host process may use under process isolation
    /// (Unix); past it allocations fail and that analysis fails.
    pub max_memory_mb: u64,
}

/// How a plugin is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// In a child process: a crash or a hang cannot take werkt down.
    Process,
    /// Loaded into werkt's own process: faster, no protection.
    InProcess,
}

text_enum!(Isolation { Process => "process", InProcess => "in-process" });

/// `[schedule]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleConfig {
    /// Five-field cron expression (minute hour day-of-month month day-of-week).
    pub cron: String,
    /// IANA time zone name; checked on load.
    pub timezone: String,
    pub period: SchedulePeriod,
    pub catch_up: bool,
}

/// Which period a scheduled run reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchedulePeriod {
    PreviousMonth,
    CurrentMonth,
}

text_enum!(SchedulePeriod { PreviousMonth => "previous-month", CurrentMonth => "current-month" });

/// `[history]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryConfig {
    /// Unset: `<output.dir>/history.sqlite`, see [`Config::history_path`].
    #[serde(default)]
    pub path: Option<PathBuf>,
    pub enabled: bool,
}

/// `[notify]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyConfig {
    #[serde(default)]
    pub on_failure: Option<String>,
    #[serde(default)]
    pub on_success: Option<String>,
    /// `http://` or `https://` URL.
    #[serde(default)]
    pub webhook: Option<String>,
}

/// `[run]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    /// Organisations processed at once; unset: one per CPU core.
    #[serde(default)]
    pub jobs: Option<usize>,
}

impl Config {
    /// The built-in defaults alone (no file, no environment, no overrides).
    pub fn builtin() -> Result<Config, ConfigError> {
        Config::load(&LoadOptions::default())
    }

    /// The effective configuration as TOML, for `werkt config show`. Unset optional keys are
    /// left out (TOML has no null); loading the output again gives the same configuration.
    pub fn to_toml(&self) -> String {
        // Serializing plain data with string keys into TOML cannot fail except for values TOML
        // cannot hold (none of ours); the fallback keeps `config show` from panicking anyway.
        let mut text = toml::to_string(self)
            .unwrap_or_else(|e| format!("# cannot show the configuration as TOML: {e}\n"));
        let unset = self.unset_keys();
        if !unset.is_empty() {
            text.push_str("\n# Not set (their defaults apply, see docs/configuration.md):\n");
            for key in unset {
                text.push_str(&format!("#   {key}\n"));
            }
        }
        text
    }

    /// The optional keys without a value, dotted, so `config show` can list them.
    pub fn unset_keys(&self) -> Vec<String> {
        fn walk(v: &serde_json::Value, prefix: &mut Vec<String>, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Null => out.push(prefix.join(".")),
                serde_json::Value::Object(m) => {
                    for (k, v) in m {
                        prefix.push(k.clone());
                        walk(v, prefix, out);
                        prefix.pop();
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        if let Ok(v) = serde_json::to_value(self) {
            walk(&v, &mut Vec::new(), &mut out);
        }
        out
    }

    /// The privacy settings handed to every analysis.
    pub fn privacy(&self) -> Privacy {
        Privacy {
            min_group_size: self.privacy.min_group_size,
        }
    }

    /// The history database: `history.path`, or `<output.dir>/history.sqlite` when unset.
    pub fn history_path(&self) -> PathBuf {
        self.history
            .path
            .clone()
            .unwrap_or_else(|| self.output.dir.join("history.sqlite"))
    }

    /// A plugin's effective isolation: its own override, else `plugin_host.isolation`.
    pub fn plugin_isolation(&self, name: &str) -> Isolation {
        self.plugins
            .get(name)
            .and_then(|p| p.isolation)
            .unwrap_or(self.plugin_host.isolation)
    }

    /// A plugin's effective timeout in seconds: its own override, else `plugin_host.timeout_s`.
    pub fn plugin_timeout_s(&self, name: &str) -> u64 {
        self.plugins
            .get(name)
            .and_then(|p| p.timeout_s)
            .unwrap_or(self.plugin_host.timeout_s)
    }

    /// A plugin's effective memory limit in MiB: its own override, else
    /// `plugin_host.max_memory_mb`.
    pub fn plugin_max_memory_mb(&self, name: &str) -> u64 {
        self.plugins
            .get(name)
            .and_then(|p| p.max_memory_mb)
            .unwrap_or(self.plugin_host.max_memory_mb)
    }
}

/// `report.language` with a message that lists the languages (the model's own derive would
/// let the `config` crate report a bare "no variant").
fn language<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Language, D::Error> {
    let s = String::deserialize(d)?;
    [Language::En, Language::Nl]
        .into_iter()
        .find(|l| l.code() == s)
        .ok_or_else(|| {
            serde::de::Error::custom(format!("unknown value \"{s}\", expected \"en\" or \"nl\""))
        })
}

/// Joins a relative `path` to `base` and removes `.` and `..` components lexically, so paths
/// read from a configuration file mean the same wherever werkt is started from.
pub(crate) fn resolve_path(base: &Path, path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                match last {
                    Some(Component::Normal(_)) => {
                        out.pop();
                    }
                    Some(Component::RootDir | Component::Prefix(_)) => {}
                    _ => out.push(".."),
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}
