use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use handlebars::Handlebars;
use werkt_model::Language;

use crate::formats::Formats;
use crate::helpers::{self, Shared};
use crate::strings::{Strings, literal_keys};
use crate::{ReportContext, ReportError, escape, view};

/// Keys the helpers themselves print, so every strings file must have them.
const HELPER_KEYS: &[&str] = &[
    "common.yes",
    "common.no",
    "common.as_of",
    "table.unit",
    "table.subject",
    "table.no_figures",
    "chart.no_figures",
    "unit.pp",
];

/// A loaded template set (`templates/<name>/`): its templates and partials, strings files and
/// display rules, with werkt's helpers registered. Load once, render many reports (it is
/// `Send + Sync`, so burst reports can render in parallel).
pub struct Templates {
    hb: Handlebars<'static>,
    shared: Arc<Shared>,
    dir: PathBuf,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// Reads a file of a template set. Only regular files are read, never through a symbolic link
/// or from a device: a partial linked to absence.csv would print the raw absence rows into
/// every report.
pub(crate) fn read_source(path: &Path) -> Result<String, ReportError> {
    let refuse = |what: &str| ReportError::Template {
        path: path.to_path_buf(),
        message: format!(
            "is {what}; a template set is read only from regular files inside its directory (copy the file in instead)"
        ),
    };
    let meta = std::fs::symlink_metadata(path).map_err(|source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.file_type().is_symlink() {
        return Err(refuse("a symbolic link"));
    }
    if !meta.is_file() {
        return Err(refuse("not a regular file"));
    }
    std::fs::read_to_string(path).map_err(|source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn hbs_files(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), ReportError> {
    let io = |source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        let kind = e.file_type().map_err(io)?;
        if kind.is_symlink() && path.extension().is_none_or(|x| x == "hbs" || x == "toml") {
            return Err(ReportError::Template {
                path,
                message: "is a symbolic link; a template set is read only from regular files inside its directory (copy the file in instead)".into(),
            });
        }
        if kind.is_dir() {
            hbs_files(&path, base, out)?;
        } else if path.extension().is_some_and(|x| x == "hbs") {
            let rel = path.strip_prefix(base).unwrap_or(&path).with_extension("");
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, path));
        }
    }
    Ok(())
}

impl Templates {
    /// Loads `dir/name/`: every `.hbs` file below it becomes a template usable as a partial
    /// under its relative path without extension (`main`, `sections/engagement`), each
    /// `strings/<lang>.toml` a language, and `template.toml` the display rules. Fails on a
    /// template syntax error, a strings key missing from one language but present in another,
    /// or a key a template uses (`t "..."` with a literal key) that a strings file lacks.
    pub fn load(dir: &Path, name: &str) -> Result<Templates, ReportError> {
        let root = dir.join(name);
        if !root.is_dir() {
            return Err(ReportError::NoTemplateSet {
                name: name.to_string(),
                dir: root,
            });
        }
        let mut files = Vec::new();
        hbs_files(&root, &root, &mut files)?;
        if !files.iter().any(|(n, _)| n == "main") {
            return Err(ReportError::Template {
                path: root.join("main.hbs"),
                message: "missing: every template set starts at main.hbs".into(),
            });
        }

        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.set_prevent_indent(true);
        hb.register_escape_fn(escape::markdown);
        let mut used_keys: Vec<(String, String)> = Vec::new();
        let mut sections = Vec::new();
        for (tname, path) in &files {
            let source = read_source(path)?;
            hb.register_template_string(tname, &source)
                .map_err(|e| ReportError::Template {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
            for k in literal_keys(&source) {
                used_keys.push((k, format!("{tname}.hbs")));
            }
            if let Some(s) = tname.strip_prefix("sections/") {
                sections.push(s.to_string());
                used_keys.push((
                    format!("analysis.{s}.title"),
                    format!("{tname}.hbs (its section title)"),
                ));
            }
        }

        let formats = Formats::load(&root.join("template.toml"))?;
        for k in formats.suffix_keys() {
            used_keys.push((k.to_string(), "template.toml".into()));
        }
        for k in HELPER_KEYS {
            used_keys.push((k.to_string(), "werkt's helpers".into()));
        }
        for m in 1..=12 {
            used_keys.push((format!("month.{m}"), "the date helper".into()));
        }

        let mut strings = HashMap::new();
        let strings_dir = root.join("strings");
        for (lang, code) in [(Language::En, "en"), (Language::Nl, "nl")] {
            let path = strings_dir.join(format!("{code}.toml"));
            if path.exists() {
                strings.insert(lang, (code, Strings::load(&path)?));
            }
        }
        if strings.is_empty() {
            return Err(ReportError::Strings {
                path: strings_dir,
                message: "no strings files (expected en.toml and/or nl.toml)".into(),
            });
        }
        // Every language must know every key any language knows, and every key in use.
        let all: BTreeSet<String> = strings
            .values()
            .flat_map(|(_, s)| s.keys().map(str::to_string))
            .collect();
        for (code, s) in strings.values() {
            for k in &all {
                if s.get(k).is_none() {
                    let other = strings
                        .values()
                        .find(|(_, o)| o.get(k).is_some())
                        .map(|(c, _)| *c)
                        .unwrap_or("?");
                    return Err(ReportError::MissingKey {
                        key: k.clone(),
                        language: code.to_string(),
                        used_in: format!("strings/{other}.toml"),
                    });
                }
            }
            for (k, used_in) in &used_keys {
                if s.get(k).is_none() {
                    return Err(ReportError::MissingKey {
                        key: k.clone(),
                        language: code.to_string(),
                        used_in: used_in.clone(),
                    });
                }
            }
        }
        let mut by_lang = HashMap::new();
        for (lang, (code, s)) in strings {
            let months = s.months().map_err(|k| ReportError::MissingKey {
                key: k,
                language: code.to_string(),
                used_in: "the date helper".into(),
            })?;
            by_lang.insert(lang, (s, months));
        }
        let shared = Arc::new(Shared {
            strings: by_lang,
            formats,
            sections,
        });
        helpers::register(&mut hb, shared.clone());
        Ok(Templates {
            hb,
            shared,
            dir: root,
        })
    }

    /// The report markup for one context (see docs/report-markup.md for the format).
    pub fn render(&self, ctx: &ReportContext<'_>) -> Result<String, ReportError> {
        if !self.shared.strings.contains_key(&ctx.language) {
            return Err(ReportError::NoLanguage(ctx.language.code().to_string()));
        }
        let data = view::build(ctx, &self.shared.formats.section_order, |n| {
            self.shared.sections.iter().any(|s| s == n)
        })?;
        let markup = self
            .hb
            .render("main", &data)
            .map_err(ReportError::from_render)?;
        Ok(tidy(&markup))
    }

    /// Analyses that have a section partial in this set.
    pub fn sections(&self) -> &[String] {
        &self.shared.sections
    }
}

/// Collapses runs of blank lines (left by `{{#if}}` blocks) into one and ends with a newline,
/// so the markup reads cleanly; blank lines carry no meaning beyond separating blocks.
fn tidy(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut blank = true;
    for line in markup.lines() {
        let is_blank = line.trim().is_empty();
        if is_blank && blank {
            continue;
        }
        out.push_str(if is_blank { "" } else { line.trim_end() });
        out.push('\n');
        blank = is_blank;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_can_be_shared_across_threads() {
        // Burst reports render one PDF per unit, possibly in parallel from one loaded set.
        fn shared<T: Send + Sync>() {}
        shared::<Templates>();
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("\n\na\n\n\n\nb  \n\n"), "a\n\nb\n");
    }
}
