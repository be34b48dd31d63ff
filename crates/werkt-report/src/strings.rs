//! The per-language strings files (`strings/<lang>.toml`) that hold every word a template prints.
//!
//! A template never contains prose of its own; it asks for `{{t "cover.title"}}`. Missing keys
//! are errors, never blanks: at load every language must define the same keys and every literal
//! key a template uses, and at render a key computed at run time must exist too.
//!
//! A string that counts something has plural forms: `more_findings = { one = "1 more
//! finding …", other = "{n} more findings …" }`, chosen by the `n` the template passes (one
//! for exactly 1, other for everything else, as English and Dutch count).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::ReportError;

/// One language's strings, flattened to dotted keys (`[cover] title = ".."` is `cover.title`).
#[derive(Debug, Clone, Default)]
pub struct Strings {
    map: BTreeMap<String, String>,
}

impl Strings {
    pub fn load(path: &Path) -> Result<Strings, ReportError> {
        let text = crate::templates::read_source(path)?;
        Strings::parse(&text).map_err(|message| ReportError::Strings {
            path: path.to_path_buf(),
            message,
        })
    }

    pub fn parse(text: &str) -> Result<Strings, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut map = BTreeMap::new();
        flatten("", &table, &mut map)?;
        Ok(Strings { map })
    }

    /// The string of `key`; for a key with plural forms, its `other` form.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.plural(key, None)
    }

    /// The string of `key` for a count of `n`: a key with plural forms gives its `one`
    /// form for exactly 1 (when it has one) and its `other` form otherwise.
    pub fn plural(&self, key: &str, n: Option<f64>) -> Option<&str> {
        if let Some(s) = self.map.get(key) {
            return Some(s);
        }
        let form = |f: &str| self.map.get(&format!("{key}.{f}")).map(String::as_str);
        match n {
            Some(1.0) => form("one").or_else(|| form("other")),
            _ => form("other"),
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// The twelve month names `month.1` .. `month.12`, which the date helper needs.
    pub fn months(&self) -> Result<[String; 12], String> {
        let mut out: [String; 12] = Default::default();
        for (i, slot) in out.iter_mut().enumerate() {
            let key = format!("month.{}", i + 1);
            *slot = self.get(&key).ok_or(key)?.to_string();
        }
        Ok(out)
    }
}

fn flatten(
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out)?,
            other => {
                return Err(format!(
                    "'{key}' is a {}, but every entry must be a string or a table of strings",
                    other.type_str()
                ));
            }
        }
    }
    Ok(())
}

/// Replaces `{name}` placeholders in `template` with `args[name]`. A placeholder without a value
/// is an error (it would otherwise print as a literal `{name}` in a board report).
pub fn interpolate(template: &str, args: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("unclosed '{{' in \"{template}\""))?;
        let name = &after[..close];
        let value = args.get(name).ok_or_else(|| {
            format!("placeholder {{{name}}} in \"{template}\" has no value; pass {name}=...")
        })?;
        out.push_str(value);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Every literal key a template passes to the `t` helper (`t "a.b"` or `t 'a.b'`), with the
/// template's name, for the load-time check.
pub fn literal_keys(source: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut i = 0;
    while let Some(pos) = source[i..].find("t ") {
        let at = i + pos;
        i = at + 2;
        // `t` must be a helper name: preceded by `{{`, `(` or whitespace after `{{~`.
        let before = source[..at].trim_end_matches('~');
        if !(before.ends_with("{{") || before.ends_with('(')) {
            continue;
        }
        let after = source[at + 2..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = after[1..].find(quote) {
            keys.insert(after[1..1 + end].to_string());
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_forms_follow_the_count() {
        let s = Strings::parse(
            "[summary]\nmore = { one = \"Nog 1 bevinding\", other = \"Nog {n} bevindingen\" }\nplain = \"x\"",
        )
        .unwrap();
        assert_eq!(s.plural("summary.more", Some(1.0)), Some("Nog 1 bevinding"));
        assert_eq!(
            s.plural("summary.more", Some(2.0)),
            Some("Nog {n} bevindingen")
        );
        assert_eq!(
            s.plural("summary.more", Some(0.0)),
            Some("Nog {n} bevindingen")
        );
        assert_eq!(s.get("summary.more"), Some("Nog {n} bevindingen"));
        assert_eq!(s.plural("summary.plain", Some(1.0)), Some("x"));
        assert_eq!(s.get("summary.missing"), None);
    }

    #[test]
    fn flattens_and_interpolates() {
        let s = Strings::parse("[a]\nb = \"x {n} y\"\n[a.c]\nd = \"z\"").unwrap();
        assert_eq!(s.get("a.b"), Some("x {n} y"));
        assert_eq!(s.get("a.c.d"), Some("z"));
        let args = BTreeMap::from([("n".to_string(), "5".to_string())]);
        assert_eq!(interpolate(s.get("a.b").unwrap(), &args).unwrap(), "x 5 y");
        assert!(interpolate("x {m}", &args).is_err());
        assert!(Strings::parse("a = 1").is_err());
    }

    #[test]
    fn finds_literal_keys() {
        let keys = literal_keys(
            "{{t \"a.b\"}} {{kpi x label=(t 'c.d')}} {{~t \"e\" n=1}} {{at \"no\"}} {{t var}}",
        );
        assert_eq!(keys.into_iter().collect::<Vec<_>>(), ["a.b", "c.d", "e"]);
    }
}
