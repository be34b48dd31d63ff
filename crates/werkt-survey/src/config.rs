use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::SurveyError;

/// Reads a plugin's configuration section (`request.config`): missing keys take defaults,
/// unknown keys and invalid values are errors that name the key and what is allowed.
pub struct ConfigReader<'a> {
    section: String,
    map: Option<&'a Map<String, Value>>,
}

static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();

impl<'a> ConfigReader<'a> {
    /// `plugin` is the section name (`engagement`), `allowed` the keys the plugin knows.
    pub fn new(
        plugin: &str,
        config: &'a Value,
        allowed: &[&str],
    ) -> Result<ConfigReader<'a>, SurveyError> {
        let section = format!("[plugins.{plugin}]");
        let map = match config {
            Value::Null => None,
            Value::Object(m) => Some(m),
            other => {
                return Err(SurveyError::new(format!(
                    "{section} must be a table of settings, not {other}"
                )));
            }
        };
        if let Some(m) = map {
            let mut unknown: Vec<&str> = m
                .keys()
                .map(String::as_str)
                .filter(|k| !allowed.contains(k))
                .collect();
            if !unknown.is_empty() {
                unknown.sort_unstable();
                return Err(SurveyError::new(format!(
                    "{section}: unknown setting(s) {}; known settings are {}",
                    unknown.join(", "),
                    allowed.join(", ")
                )));
            }
        }
        Ok(ConfigReader { section, map })
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map
            .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
            .get(key)
            .filter(|v| !v.is_null())
    }

    fn invalid(&self, key: &str, want: &str, got: &Value) -> SurveyError {
        SurveyError::new(format!(
            "{} {key} = {got} is invalid: expected {want}",
            self.section
        ))
    }

    /// `window_months`: whole months, 1..=120; default 12.
    pub fn window_months(&self) -> Result<u32, SurveyError> {
        match self.get("window_months") {
            None => Ok(12),
            Some(v) => v
                .as_u64()
                .filter(|m| (1..=120).contains(m))
                .map(|m| m as u32)
                .ok_or_else(|| {
                    self.invalid("window_months", "a whole number of months from 1 to 120", v)
                }),
        }
    }

    /// An optional string setting.
    pub fn string(&self, key: &str) -> Result<Option<&'a str>, SurveyError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.as_str())),
            Some(v) => Err(self.invalid(key, "a non-empty string", v)),
        }
    }

    /// An optional number setting within `range` (inclusive).
    pub fn number(&self, key: &str, min: f64, max: f64) -> Result<Option<f64>, SurveyError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .filter(|x| (min..=max).contains(x))
                .map(Some)
                .ok_or_else(|| self.invalid(key, &format!("a number from {min} to {max}"), v)),
        }
    }

    /// `items`: a table from scale name (one of `names`) to a non-empty list of column names.
    /// Scales left out keep their defaults, so only the keys given are returned. A column may
    /// serve one scale only.
    pub fn items(&self, names: &[&str]) -> Result<BTreeMap<String, Vec<String>>, SurveyError> {
        let Some(v) = self.get("items") else {
            return Ok(BTreeMap::new());
        };
        let Value::Object(m) = v else {
            return Err(self.invalid("items", "a table of scale = [\"column\", ...]", v));
        };
        let mut out = BTreeMap::new();
        let mut seen = HashSet::new();
        for (scale, cols) in m {
            if !names.contains(&scale.as_str()) {
                return Err(SurveyError::new(format!(
                    "{} items: unknown scale '{scale}'; known scales are {}",
                    self.section,
                    names.join(", ")
                )));
            }
            let list: Option<Vec<String>> =
                cols.as_array().filter(|a| !a.is_empty()).and_then(|a| {
                    a.iter()
                        .map(|c| c.as_str().filter(|s| !s.is_empty()).map(String::from))
                        .collect()
                });
            let list = list.ok_or_else(|| {
                self.invalid(
                    &format!("items.{scale}"),
                    "a non-empty list of column names",
                    cols,
                )
            })?;
            for c in &list {
                if !seen.insert(c.clone()) {
                    return Err(SurveyError::new(format!(
                        "{} items: column '{c}' is listed twice; each column belongs to one scale",
                        self.section
                    )));
                }
            }
            out.insert(scale.clone(), list);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_and_errors() {
        let empty = Value::Null;
        let c = ConfigReader::new("engagement", &empty, &["window_months"]).unwrap();
        assert_eq!(c.window_months().unwrap(), 12);
        assert!(c.items(&["vigour"]).unwrap().is_empty());

        let cfg = json!({"window_months": 6, "items": {"vigour": ["v1", "v2"]}});
        let c = ConfigReader::new("engagement", &cfg, &["window_months", "items"]).unwrap();
        assert_eq!(c.window_months().unwrap(), 6);
        assert_eq!(c.items(&["vigour"]).unwrap()["vigour"], vec!["v1", "v2"]);
        assert!(c.items(&["dedication"]).is_err());

        let unknown = json!({"windw_months": 6});
        let e = ConfigReader::new("engagement", &unknown, &["window_months"])
            .err()
            .unwrap();
        assert!(e.0.contains("windw_months"), "{e}");
        for bad in [
            json!({"window_months": 0}),
            json!({"window_months": 1.5}),
            json!({"window_months": "12"}),
        ] {
            let c = ConfigReader::new("x", &bad, &["window_months"]).unwrap();
            assert!(c.window_months().is_err(), "{bad}");
        }
        let dup = json!({"items": {"a": ["c1"], "b": ["c1"]}});
        let c = ConfigReader::new("x", &dup, &["items"]).unwrap();
        assert!(c.items(&["a", "b"]).is_err());
        let empty_list = json!({"items": {"a": []}});
        assert!(
            ConfigReader::new("x", &empty_list, &["items"])
                .unwrap()
                .items(&["a"])
                .is_err()
        );
        assert!(ConfigReader::new("x", &json!([1]), &[]).is_err());
    }
}
