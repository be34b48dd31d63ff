//! Reading the layers and merging them with the `config` crate.

use std::path::{Path, PathBuf};

use config::{FileFormat, Map, Value, ValueKind};

use super::error::{ConfigError, UnknownKey};
use super::{Config, DEFAULT_TOML, check, resolve_path, schema};

/// Keys whose values are lists of paths: from the environment they are written comma-separated,
/// on the command line each occurrence of the key adds one entry.
const PATH_LIST_KEYS: [&str; 2] = ["data.organisations", "plugin_host.dirs"];

/// Keys whose values are paths. In a file they are relative to the file's directory.
const PATH_KEYS: [&str; 6] = [
    "report.templates_dir",
    "report.font",
    "report.font_bold",
    "report.logo",
    "output.dir",
    "history.path",
];

/// The prefix of configuration variables; `WERKT_<SECTION>__<KEY>`.
const ENV_PREFIX: &str = "WERKT_";
const ENV_SEPARATOR: &str = "__";

/// What [`Config::load`] layers over the built-in defaults.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The file given with `--config`.
    pub file: Option<PathBuf>,
    /// The environment, injectable so tests need not change the process's. Only variables named
    /// `WERKT_<SECTION>__<KEY>` are read; other `WERKT_...` names without `__` (such as
    /// variables the CLI itself reads) are left alone.
    pub env: Vec<(String, String)>,
    /// Command-line overrides as (dotted key, value), e.g. `("output.dir", "reports")`. Values
    /// are text and converted to the key's type; for a list key (`data.organisations`,
    /// `plugin_host.dirs`) each occurrence adds one entry and together they replace the list.
    pub overrides: Vec<(String, String)>,
}

impl LoadOptions {
    pub fn new(file: Option<PathBuf>) -> LoadOptions {
        LoadOptions {
            file,
            ..LoadOptions::default()
        }
    }

    pub fn with_env(mut self, env: impl IntoIterator<Item = (String, String)>) -> LoadOptions {
        self.env = env.into_iter().collect();
        self
    }

    /// Takes the process's environment (names and values that are not UTF-8 are converted
    /// lossily; no configuration variable needs anything but ASCII names).
    pub fn with_process_env(self) -> LoadOptions {
        let env = std::env::vars_os().map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        });
        self.with_env(env)
    }

    pub fn with_override(
        mut self,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> LoadOptions {
        self.overrides.push((key.into(), value.into()));
        self
    }
}

/// One layer: a tree of values ready for the `config` crate, and where each key came from.
#[derive(Debug, Clone, Default)]
struct Layer {
    table: Map<String, Value>,
    /// (dotted key, source) of every key set in this layer.
    keys: Vec<(Vec<String>, String)>,
}

impl config::Source for Layer {
    fn clone_into_box(&self) -> Box<dyn config::Source + Send + Sync> {
        Box::new(self.clone())
    }

    fn collect(&self) -> Result<Map<String, Value>, config::ConfigError> {
        Ok(self.table.clone())
    }
}

impl Layer {
    fn unknown_keys(&self) -> Vec<UnknownKey> {
        let mut out: Vec<UnknownKey> = Vec::new();
        for (path, source) in &self.keys {
            if let Err((key, expected)) = schema::check_key(path)
                && !out.iter().any(|u| u.key == key && &u.source == source)
            {
                out.push(UnknownKey {
                    key,
                    source: source.clone(),
                    expected,
                });
            }
        }
        out
    }

    fn insert(&mut self, path: &[String], value: Value) {
        let mut table = &mut self.table;
        for seg in &path[..path.len() - 1] {
            let entry = table
                .entry(seg.clone())
                .or_insert_with(|| Value::new(None, Map::<String, Value>::new()));
            if !matches!(entry.kind, ValueKind::Table(_)) {
                *entry = Value::new(None, Map::<String, Value>::new());
            }
            let ValueKind::Table(inner) = &mut entry.kind else {
                unreachable!("made a table above")
            };
            table = inner;
        }
        table.insert(path[path.len() - 1].clone(), value);
    }
}

impl Config {
    /// Loads the effective configuration: defaults < file < environment < overrides.
    pub fn load(opts: &LoadOptions) -> Result<Config, ConfigError> {
        let file = match &opts.file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                file_layer(path, &text)?
            }
            None => Layer::default(),
        };
        let env = env_layer(&opts.env)?;
        let overrides = override_layer(&opts.overrides)?;
        let layers = [file, env, overrides];

        let unknown: Vec<UnknownKey> = layers.iter().flat_map(Layer::unknown_keys).collect();
        if !unknown.is_empty() {
            return Err(ConfigError::UnknownKeys(unknown));
        }

        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(DEFAULT_TOML, FileFormat::Toml));
        for layer in &layers {
            builder = builder.add_source(layer.clone());
        }
        let origin = |key: &str| -> Option<String> {
            let path: Vec<&str> = key.split('.').collect();
            layers.iter().rev().find_map(|l| {
                l.keys
                    .iter()
                    .find(|(k, _)| {
                        k.len() >= path.len() && k.iter().zip(&path).all(|(a, b)| a == b)
                    })
                    .map(|(_, s)| s.clone())
            })
        };
        let type_error =
            |e: config::ConfigError| ConfigError::Type(with_origin(e.to_string(), &origin));
        let merged = builder.build().map_err(type_error)?;
        let config: Config = merged.try_deserialize().map_err(type_error)?;
        let problems = check::check(&config, &origin);
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError::Invalid(problems))
        }
    }
}

/// The 1-based line of a byte offset (clamped, and safe at any offset).
pub(crate) fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Adds where the offending key was set when the `config` crate's message does not say.
fn with_origin(message: String, origin: &dyn Fn(&str) -> Option<String>) -> String {
    let key = message
        .split_once("for key `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(k, _)| k.to_string());
    match key.and_then(|k| origin(&k)) {
        Some(o) if !message.contains(&o) => format!("{message} in {o}"),
        _ => message,
    }
}

/// The `--config` file: parsed, relative paths resolved against its directory.
fn file_layer(path: &Path, text: &str) -> Result<Layer, ConfigError> {
    // Windows editors like to start UTF-8 files with a byte-order mark; TOML does not allow it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut table: toml::Table =
        text.parse()
            .map_err(|e: toml::de::Error| ConfigError::Syntax {
                path: path.to_path_buf(),
                line: e.span().map(|s| line_of_offset(text, s.start)),
                message: e.message().trim().to_string(),
            })?;
    let base = std::path::absolute(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    resolve_paths(&mut table, &base);

    let source = path.display().to_string();
    let mut layer = Layer::default();
    for key in schema::toml_keys(&table) {
        layer.keys.push((key, source.clone()));
    }
    for (k, v) in table {
        layer.table.insert(k, from_toml(v, &source));
    }
    Ok(layer)
}

fn resolve_paths(table: &mut toml::Table, base: &Path) {
    let fix = |v: &mut toml::Value| {
        if let toml::Value::String(s) = v {
            *s = resolve_path(base, Path::new(s.as_str()))
                .to_string_lossy()
                .into_owned();
        }
    };
    for key in PATH_KEYS {
        if let Some(v) = lookup(table, key) {
            fix(v);
        }
    }
    for key in PATH_LIST_KEYS {
        if let Some(toml::Value::Array(items)) = lookup(table, key) {
            items.iter_mut().for_each(fix);
        }
    }
    if let Some(toml::Value::Table(plugins)) = table.get_mut("plugins") {
        for (_, section) in plugins.iter_mut() {
            if let Some(p) = section.as_table_mut().and_then(|t| t.get_mut("path")) {
                fix(p);
            }
        }
    }
}

fn lookup<'a>(table: &'a mut toml::Table, dotted: &str) -> Option<&'a mut toml::Value> {
    let (section, key) = dotted.split_once('.')?;
    table.get_mut(section)?.as_table_mut()?.get_mut(key)
}

fn from_toml(v: toml::Value, origin: &String) -> Value {
    let kind: ValueKind = match v {
        toml::Value::String(s) => ValueKind::String(s),
        toml::Value::Integer(i) => ValueKind::I64(i),
        toml::Value::Float(f) => ValueKind::Float(f),
        toml::Value::Boolean(b) => ValueKind::Boolean(b),
        toml::Value::Datetime(d) => ValueKind::String(d.to_string()),
        toml::Value::Array(a) => {
            ValueKind::Array(a.into_iter().map(|v| from_toml(v, origin)).collect())
        }
        toml::Value::Table(t) => ValueKind::Table(
            t.into_iter()
                .map(|(k, v)| (k, from_toml(v, origin)))
                .collect(),
        ),
    };
    Value::new(Some(origin), kind)
}

/// Splits a dotted key into its parts; each part is `[A-Za-z0-9_-]+`.
fn key_path(key: &str) -> Option<Vec<String>> {
    let parts: Vec<String> = key.split('.').map(str::to_string).collect();
    let ok = parts.iter().all(|p| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    });
    ok.then_some(parts)
}

/// Converts text from the environment or the command line. Plain keys stay text: the typed
/// deserialization converts it ("7" to 7, "true" to true) and gives a clear error naming the
/// key when it cannot. Free-form places (plugin settings, scales) have no type to convert to,
/// so their text is read as a TOML value when it is one (250, true, [0, 6]), else kept as text.
fn typed_value(path: &[String], text: &str, origin: &String) -> Value {
    let free_form = matches!(path.first().map(String::as_str), Some("plugins"))
        || path.starts_with(&["data".into(), "survey".into(), "scales".into()]);
    if free_form
        && let Ok(mut t) = format!("v = {text}").parse::<toml::Table>()
        && t.len() == 1
        && let Some(v) = t.remove("v")
    {
        return from_toml(v, origin);
    }
    Value::new(Some(origin), ValueKind::String(text.to_string()))
}

fn env_layer(env: &[(String, String)]) -> Result<Layer, ConfigError> {
    let mut layer = Layer::default();
    let mut vars: Vec<&(String, String)> = env
        .iter()
        .filter(|(name, _)| {
            name.len() > ENV_PREFIX.len()
                && name[..ENV_PREFIX.len()].eq_ignore_ascii_case(ENV_PREFIX)
                && name.contains(ENV_SEPARATOR)
        })
        // An empty variable counts as unset, as shells make unsetting awkward.
        .filter(|(_, value)| !value.is_empty())
        .collect();
    vars.sort();
    for (name, value) in vars {
        let dotted = name[ENV_PREFIX.len()..]
            .to_lowercase()
            .replace(ENV_SEPARATOR, ".");
        let path = key_path(&dotted).ok_or_else(|| ConfigError::BadSetting {
            origin: format!("environment variable {name}"),
            message: "not a valid configuration variable name; write WERKT_<SECTION>__<KEY>, e.g. WERKT_PRIVACY__MIN_GROUP_SIZE".into(),
        })?;
        let origin = format!("environment variable {name}");
        let v = if PATH_LIST_KEYS.contains(&dotted.as_str()) {
            let items = value
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::new(Some(&origin), ValueKind::String(s.into())))
                .collect::<Vec<_>>();
            Value::new(Some(&origin), ValueKind::Array(items))
        } else {
            typed_value(&path, value, &origin)
        };
        layer.insert(&path, v);
        layer.keys.push((path, origin));
    }
    Ok(layer)
}

fn override_layer(overrides: &[(String, String)]) -> Result<Layer, ConfigError> {
    let mut layer = Layer::default();
    let origin = "the command line".to_string();
    let mut lists: Vec<(Vec<String>, Vec<Value>)> = Vec::new();
    for (key, value) in overrides {
        let path = key_path(key).ok_or_else(|| ConfigError::BadSetting {
            origin: origin.clone(),
            message: format!("`{key}` is not a configuration key (keys are dotted names such as privacy.min_group_size)"),
        })?;
        if PATH_LIST_KEYS.contains(&key.as_str()) {
            let item = Value::new(Some(&origin), ValueKind::String(value.clone()));
            match lists.iter_mut().find(|(p, _)| *p == path) {
                Some((_, items)) => items.push(item),
                None => lists.push((path.clone(), vec![item])),
            }
        } else {
            layer.insert(&path, typed_value(&path, value, &origin));
        }
        layer.keys.push((path, origin.clone()));
    }
    for (path, items) in lists {
        layer.insert(&path, Value::new(Some(&origin), ValueKind::Array(items)));
    }
    Ok(layer)
}
