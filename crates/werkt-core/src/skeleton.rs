//! `werkt init DIR`: a configuration and an empty organisation to fill in.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::DEFAULT_TOML;
use crate::tables::{ORGANISATION_FILE, TABLES};

/// The configuration file `werkt init` writes.
pub const CONFIG_FILE: &str = "werkt.toml";
/// Where the new organisation goes, relative to DIR; `data.organisations` points at its parent.
pub const ORGANISATION_DIR: &str = "data/my-organisation";

#[derive(Debug, thiserror::Error)]
pub enum SkeletonError {
    #[error("{} already exists; werkt init never overwrites files (choose an empty directory)", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

const ORGANISATION_TOML: &str = r#"# The organisation these files describe. Replace the placeholders.
# id: lowercase letters, digits, '-' and '_'; it names the output directory.
id = "my-organisation"
name = "My organisation"
# Organisational form: functional, divisional or matrix (optional).
# org_form = "functional"
# Sector, for the benchmarks (optional).
# sector = "health care"
"#;

/// An `organisation.toml` for exports that came without one (`werkt init --from`): the id
/// made from `name` (lowercase, other characters as '-'), and the name itself.
pub fn organisation_toml(name: &str) -> String {
    let slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let mut id = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if !crate::tables::is_id(&id) {
        id = "organisation".into();
    }
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    format!(
        "# The organisation these exports describe, written by `werkt init --from`.\n# id: lowercase letters, digits, '-' and '_'; it names the output directory.\nid = {}\nname = {}\n# Organisational form: functional, divisional or matrix (optional).\n# org_form = \"functional\"\n# Sector, for the benchmarks (optional).\n# sector = \"health care\"\n",
        q(&id),
        q(name)
    )
}

/// The analyses werkt ships with, enabled with the keys a first report needs: without them a
/// first `werkt run` had nothing to report on.
pub const BUNDLED_ANALYSES: &str = r#"
# The analyses werkt ships with, all enabled (docs/analyses/ describes each and its keys).
[plugins.engagement]
# The UWES version of your survey: "uwes-17", "uwes-9" or "uwes-3".
instrument = "uwes-9"

[plugins.absorptive_capacity]

[plugins.sick_leave_roi]
# What one sick working day costs (EUR).
cost_per_sick_day = 250
"#;

/// The configuration `werkt init` writes: the commented defaults, reading `data/`, with the
/// bundled analyses enabled.
pub fn config_text() -> String {
    let header = "# werkt configuration written by `werkt init`. It starts as a copy of the built-in\n\
                  # defaults; change what you need and delete the rest if you like.\n\n";
    let body = DEFAULT_TOML.replacen("organisations = []", "organisations = [\"data\"]", 1);
    format!("{header}{body}{BUNDLED_ANALYSES}")
}

/// The files of the skeleton, as (path relative to DIR, contents).
pub fn files() -> Vec<(PathBuf, String)> {
    let org = Path::new(ORGANISATION_DIR);
    let mut out = vec![
        (PathBuf::from(CONFIG_FILE), config_text()),
        (org.join(ORGANISATION_FILE), ORGANISATION_TOML.to_string()),
    ];
    for t in TABLES {
        out.push((
            org.join(t.file),
            format!("{}\n", t.columns().collect::<Vec<_>>().join(",")),
        ));
    }
    out
}

/// Writes a commented `werkt.toml` and an empty organisation (`organisation.toml` with
/// placeholders, every CSV with just its header) under `dir`. Refuses, before writing
/// anything, when any of those files exists. Returns the paths written.
pub fn write_skeleton(dir: &Path) -> Result<Vec<PathBuf>, SkeletonError> {
    let files = files();
    for (rel, _) in &files {
        let path = dir.join(rel);
        if path.exists() {
            return Err(SkeletonError::Exists(path));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        let write_err = |source| SkeletonError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_err)?;
        }
        // create_new: a file appearing between the check and now is still not overwritten.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    SkeletonError::Exists(path.clone())
                } else {
                    write_err(e)
                }
            })?;
        f.write_all(text.as_bytes()).map_err(write_err)?;
        written.push(path);
    }
    Ok(written)
}
