//! `[plugins.<name>]`: a few keys the host reads, the rest belongs to the plugin.

use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::Isolation;

/// The keys of a plugin section that the host reads; they are not forwarded to the plugin.
pub const HOST_KEYS: [&str; 7] = [
    "path",
    "sha256",
    "enabled",
    "optional",
    "isolation",
    "timeout_s",
    "max_memory_mb",
];

/// One `[plugins.<name>]` section.
///
/// The section is free-form: besides the host's keys it holds the plugin's own settings, kept as
/// JSON so they can be forwarded to the plugin unchanged ([`PluginConfig::settings`]). Values
/// from environment variables or overrides arrive as text; the host keys therefore accept
/// `"true"`/`"false"` and numbers written as text.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginConfig {
    /// The plugin library; unset: found by name in `plugin_host.dirs`.
    pub path: Option<PathBuf>,
    /// Expected SHA-256 of the library, lowercase hex.
    pub sha256: Option<String>,
    pub enabled: bool,
    /// When true, a missing or failing plugin does not make the run fail.
    pub optional: bool,
    pub isolation: Option<Isolation>,
    pub timeout_s: Option<u64>,
    /// Overrides `plugin_host.max_memory_mb` for this plugin.
    pub max_memory_mb: Option<u64>,
    /// The plugin's own keys, forwarded to it.
    pub settings: Map<String, Value>,
}

impl Default for PluginConfig {
    fn default() -> Self {
        PluginConfig {
            path: None,
            sha256: None,
            enabled: true,
            optional: false,
            isolation: None,
            timeout_s: None,
            max_memory_mb: None,
            settings: Map::new(),
        }
    }
}

impl PluginConfig {
    /// The plugin's own settings as one JSON object, for `AnalysisRequest::config`.
    pub fn settings_value(&self) -> Value {
        Value::Object(self.settings.clone())
    }

    /// Builds the section from its raw key/value map; the error names the offending key.
    pub fn from_map(mut map: Map<String, Value>) -> Result<PluginConfig, String> {
        let mut p = PluginConfig::default();
        if let Some(v) = map.remove("path") {
            p.path = Some(PathBuf::from(text(&v, "path")?));
        }
        if let Some(v) = map.remove("sha256") {
            p.sha256 = Some(text(&v, "sha256")?);
        }
        if let Some(v) = map.remove("enabled") {
            p.enabled = boolean(&v, "enabled")?;
        }
        if let Some(v) = map.remove("optional") {
            p.optional = boolean(&v, "optional")?;
        }
        if let Some(v) = map.remove("isolation") {
            let t = text(&v, "isolation")?;
            p.isolation = Some(t.parse().map_err(|e| format!("isolation: {e}"))?);
        }
        if let Some(v) = map.remove("timeout_s") {
            p.timeout_s = Some(whole(&v, "timeout_s", "seconds")?);
        }
        if let Some(v) = map.remove("max_memory_mb") {
            p.max_memory_mb = Some(whole(&v, "max_memory_mb", "MiB")?);
        }
        p.settings = map;
        Ok(p)
    }

    fn to_map(&self) -> Map<String, Value> {
        let mut m = self.settings.clone();
        if let Some(path) = &self.path {
            m.insert(
                "path".into(),
                Value::String(path.to_string_lossy().into_owned()),
            );
        }
        if let Some(s) = &self.sha256 {
            m.insert("sha256".into(), Value::String(s.clone()));
        }
        m.insert("enabled".into(), Value::Bool(self.enabled));
        m.insert("optional".into(), Value::Bool(self.optional));
        if let Some(i) = self.isolation {
            m.insert("isolation".into(), Value::String(i.as_str().into()));
        }
        if let Some(t) = self.timeout_s {
            m.insert("timeout_s".into(), Value::from(t));
        }
        if let Some(mb) = self.max_memory_mb {
            m.insert("max_memory_mb".into(), Value::from(mb));
        }
        m
    }
}

fn text(v: &Value, key: &str) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        other => Err(format!("{key}: expected text, found {other}")),
    }
}

fn boolean(v: &Value, key: &str) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        other => Err(format!("{key}: expected true or false, found {other}")),
    }
}

fn whole(v: &Value, key: &str, unit: &str) -> Result<u64, String> {
    let n = match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    n.ok_or_else(|| format!("{key}: expected a whole number of {unit}, found {v}"))
}

impl<'de> Deserialize<'de> for PluginConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = Map::<String, Value>::deserialize(d)?;
        PluginConfig::from_map(map).map_err(serde::de::Error::custom)
    }
}

impl Serialize for PluginConfig {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_map().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn host_keys_are_taken_out_and_the_rest_is_forwarded() {
        let Value::Object(m) = json!({"path": "p.so", "enabled": "false", "timeout_s": "30",
            "isolation": "in-process", "max_memory_mb": "512", "cost_per_sick_day": 250})
        else {
            unreachable!()
        };
        let p = PluginConfig::from_map(m).unwrap();
        assert_eq!(p.path, Some(PathBuf::from("p.so")));
        assert!(!p.enabled);
        assert_eq!(p.timeout_s, Some(30));
        assert_eq!(p.isolation, Some(Isolation::InProcess));
        assert_eq!(p.max_memory_mb, Some(512));
        assert_eq!(p.settings_value(), json!({"cost_per_sick_day": 250}));
    }

    #[test]
    fn bad_host_values_name_the_key() {
        let Value::Object(m) = json!({"enabled": "sometimes"}) else {
            unreachable!()
        };
        assert_eq!(
            PluginConfig::from_map(m).unwrap_err(),
            "enabled: expected true or false, found \"sometimes\""
        );
    }
}
