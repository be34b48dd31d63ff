//! `organisation.toml`: who the organisation is.

use std::path::Path;

use werkt_model::{OrgForm, Organisation};

use crate::diagnostic::{Column, Diagnostic, Diagnostics};
use crate::tables::is_id;

const KEYS: [&str; 4] = ["id", "name", "org_form", "sector"];

/// The line a top-level `key = ...` is written on, for pointing at it.
fn line_of(text: &str, key: &str) -> Option<u64> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .or_else(|| l.strip_prefix(&format!("\"{key}\"")))
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i as u64 + 1)
}

/// Parses organisation.toml; every problem is reported, `None` when it cannot be used.
pub(crate) fn parse(file: &Path, text: &str, diags: &mut Diagnostics) -> Option<Organisation> {
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            let e: toml::de::Error = e;
            let line = e
                .span()
                .map(|s| crate::config::line_of_offset(text, s.start) as u64);
            let mut d =
                Diagnostic::error(file, format!("is not valid TOML: {}", e.message().trim()));
            d.line = line;
            diags.push(d);
            return None;
        }
    };
    let mut ok = true;
    let mut err = |key: &str, message: String, value: Option<String>| {
        let mut d = Diagnostic::error(file, message).column(Column {
            name: key.into(),
            header: None,
        });
        d.line = line_of(text, key);
        d.value = value;
        diags.push(d);
        ok = false;
    };
    let text_of =
        |key: &str, err: &mut dyn FnMut(&str, String, Option<String>)| -> Option<String> {
            match table.get(key) {
                None => None,
                Some(toml::Value::String(s)) => Some(s.trim().to_string()),
                Some(other) => {
                    err(
                        key,
                        "must be text in quotes".into(),
                        Some(other.to_string()),
                    );
                    None
                }
            }
        };

    for key in table.keys() {
        if !KEYS.contains(&key.as_str()) {
            err(
                key,
                format!("unknown key; organisation.toml has {}", KEYS.join(", ")),
                None,
            );
        }
    }
    let id = text_of("id", &mut err);
    let name = text_of("name", &mut err);
    let form = text_of("org_form", &mut err);
    let sector = text_of("sector", &mut err);

    match &id {
        None if !table.contains_key("id") => err(
            "id",
            "is missing; every organisation needs an id such as id = \"acme\" (it names the output directory)".into(),
            None,
        ),
        Some(id) if !is_id(id) => err(
            "id",
            "must be lowercase letters, digits, '-' and '_', starting with a letter or digit ([a-z0-9][a-z0-9_-]*), because it becomes a directory name".into(),
            Some(id.clone()),
        ),
        _ => {}
    }
    let org_form = match form.as_deref() {
        None | Some("") => None,
        Some(f) => {
            let found = OrgForm::ALL
                .into_iter()
                .find(|o| o.as_str().eq_ignore_ascii_case(f));
            if found.is_none() {
                err(
                    "org_form",
                    "is not a known organisational form; use functional, divisional or matrix"
                        .into(),
                    Some(f.to_string()),
                );
            }
            found
        }
    };
    let id = id?;
    if !ok {
        return None;
    }
    // A missing name is not worth refusing the data for: the report then shows the id.
    let name = name.filter(|n| !n.is_empty()).unwrap_or_else(|| id.clone());
    Some(Organisation {
        id,
        name,
        org_form,
        sector: sector.filter(|s| !s.is_empty()),
    })
}
