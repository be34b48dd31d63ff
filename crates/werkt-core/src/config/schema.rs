//! Which keys exist: every key of the built-in defaults, plus the free-form places.
//!
//! The schema is derived from [`Config`] itself (its defaults serialized to JSON, where unset
//! options appear as null), so a new field cannot be forgotten here. Checking each layer on its
//! own, before the merge, is what lets an unknown key be reported with its source.

use std::sync::OnceLock;

use serde_json::Value;

use super::{Config, DEFAULT_TOML};

/// Places under which any key is accepted at this level: the column mappings and value maps
/// (their keys are checked against the tables' columns later, with the scales known), the
/// scales, the plugins.
const OPEN: [&[&str]; 12] = [
    &["data", "columns", "units"],
    &["data", "columns", "employees"],
    &["data", "columns", "absence"],
    &["data", "columns", "survey"],
    &["data", "columns", "interventions"],
    &["data", "units", "values"],
    &["data", "employees", "values"],
    &["data", "absence", "values"],
    &["data", "survey", "values"],
    &["data", "interventions", "values"],
    &["data", "survey", "scales"],
    &["plugins"],
];

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        // The defaults are part of the program and tested to parse; should that ever break, an
        // empty schema makes every key "unknown" instead of panicking.
        toml::from_str::<Config>(DEFAULT_TOML)
            .ok()
            .and_then(|c| serde_json::to_value(c).ok())
            .unwrap_or(Value::Object(Default::default()))
    })
}

/// Checks one dotted key. `Err((unknown, expected))`: the shortest unknown prefix of the key and
/// the keys that are known at that place.
pub(crate) fn check_key(path: &[String]) -> Result<(), (String, Vec<String>)> {
    let mut node = schema();
    for (i, seg) in path.iter().enumerate() {
        if OPEN
            .iter()
            .any(|open| open.len() == i && open.iter().zip(path).all(|(a, b)| a == b))
        {
            return Ok(());
        }
        let unknown = || path[..=i].join(".");
        match node {
            Value::Object(map) => match map.get(seg) {
                Some(child) => node = child,
                None => return Err((unknown(), map.keys().cloned().collect())),
            },
            // A value where a table was written (or a table key below a plain value).
            _ => return Err((unknown(), Vec::new())),
        }
    }
    Ok(())
}

/// Every leaf key of a TOML table, as paths. Empty tables count as keys themselves, so that
/// `[privacy.typo]` alone is still reported.
pub(crate) fn toml_keys(table: &toml::Table) -> Vec<Vec<String>> {
    fn walk(t: &toml::Table, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        if t.is_empty() && !prefix.is_empty() {
            out.push(prefix.clone());
        }
        for (k, v) in t {
            prefix.push(k.clone());
            match v {
                toml::Value::Table(inner) => walk(inner, prefix, out),
                _ => out.push(prefix.clone()),
            }
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    walk(table, &mut Vec::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Vec<String> {
        s.split('.').map(String::from).collect()
    }

    #[test]
    fn known_optional_and_free_form_keys_pass() {
        for k in [
            "privacy.min_group_size",
            "report.title",
            "history.path",
            "run.jobs",
            "data.columns.employees.fte",
            "data.survey.scales.q_",
            "plugins.absence.cost_per_sick_day",
            "plugins.x",
        ] {
            assert_eq!(check_key(&key(k)), Ok(()), "{k}");
        }
    }

    #[test]
    fn unknown_keys_are_named_with_what_is_known() {
        let (k, expected) = check_key(&key("privacy.min_groupsize")).unwrap_err();
        assert_eq!(k, "privacy.min_groupsize");
        assert_eq!(expected, vec!["min_group_size"]);
        assert_eq!(
            check_key(&key("data.columns.staff.fte")).unwrap_err().0,
            "data.columns.staff"
        );
        assert_eq!(
            check_key(&key("reports.language")).unwrap_err().0,
            "reports"
        );
        assert_eq!(
            check_key(&key("privacy.min_group_size.x")).unwrap_err().0,
            "privacy.min_group_size.x"
        );
    }
}
