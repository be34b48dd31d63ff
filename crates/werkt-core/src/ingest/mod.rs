//! From organisation directories to validated [`Dataset`]s.
//!
//! [`discover`] finds the organisation directories; [`load_organisation`] reads one and checks
//! the whole of it (per-value rules while reading, cross-row rules in `crate::validate`),
//! returning either the dataset or every problem found. [`parse`] does the same from bytes in
//! memory, which is what the tests use.

mod discover;
mod fields;
mod organisation;
mod rows;
mod table;
mod text;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use werkt_model::{Dataset, Survey};

pub use discover::{DiscoverError, discover};
pub(crate) use rows::Located;
pub(crate) use table::Table;

use crate::config::DataConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::tables::{self, ORGANISATION_FILE, TableSpec, scale_of};
use crate::validate;

/// A successfully read organisation.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    /// Problems that do not stop the run (absence outside employment).
    pub warnings: Diagnostics,
    /// Every input file that was read, in reading order (the CLI records their checksums).
    pub files: Vec<PathBuf>,
}

/// The files of one organisation directory, as bytes. Absent files are `None`.
#[derive(Debug, Clone, Default)]
pub struct RawFiles {
    /// Prefixed to file names in diagnostics.
    pub dir: PathBuf,
    pub organisation: Option<Vec<u8>>,
    /// By file name (`units.csv`, ...).
    pub tables: BTreeMap<&'static str, Vec<u8>>,
}

impl RawFiles {
    pub fn new(dir: impl Into<PathBuf>) -> RawFiles {
        RawFiles {
            dir: dir.into(),
            ..RawFiles::default()
        }
    }

    /// Adds a file by name (`organisation.toml`, `units.csv`, ...). Unknown names are ignored,
    /// because no part of werkt would read them.
    pub fn with(mut self, name: &str, bytes: impl Into<Vec<u8>>) -> RawFiles {
        if name == ORGANISATION_FILE {
            self.organisation = Some(bytes.into());
        } else if let Some(spec) = tables::TABLES.iter().find(|t| t.file == name) {
            self.tables.insert(spec.file, bytes.into());
        }
        self
    }
}

/// Reads and checks the organisation in `dir`.
pub fn load_organisation(dir: &Path, cfg: &DataConfig) -> Result<Loaded, Diagnostics> {
    let mut raw = RawFiles::new(dir);
    let mut diags = Diagnostics::new(cfg.max_errors);
    let mut files = Vec::new();
    let names = std::iter::once(ORGANISATION_FILE).chain(tables::TABLES.iter().map(|t| t.file));
    for name in names {
        let path = dir.join(name);
        match read_limited(&path, cfg.max_file_mb) {
            Ok(Some(bytes)) => {
                raw = raw.with(name, bytes);
                files.push(path);
            }
            Ok(None) => {}
            Err(message) => diags.push(Diagnostic::error(&path, message)),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let mut loaded = parse(&raw, cfg)?;
    loaded.files = files;
    Ok(loaded)
}

/// Reads and checks an organisation from bytes in memory; `files` of the result is empty.
pub fn parse(raw: &RawFiles, cfg: &DataConfig) -> Result<Loaded, Diagnostics> {
    let mut diags = Diagnostics::new(cfg.max_errors);
    let path = |name: &str| raw.dir.join(name);

    let organisation = match &raw.organisation {
        None => {
            diags.push(Diagnostic::error(
                path(ORGANISATION_FILE),
                "is missing; every organisation directory needs one, with at least id = \"...\" and name = \"...\"",
            ));
            None
        }
        Some(bytes) => match text::decode(bytes) {
            Ok(t) => organisation::parse(&path(ORGANISATION_FILE), t, &mut diags),
            Err((line, msg)) => {
                diags.push(Diagnostic::error(path(ORGANISATION_FILE), msg).at(line));
                None
            }
        },
    };

    let read = |spec: &'static TableSpec, diags: &mut Diagnostics| -> Option<Table> {
        let mapping = cfg.columns.table(spec.name).cloned().unwrap_or_default();
        match raw.tables.get(spec.file) {
            Some(bytes) => table::read_table(
                spec,
                &path(spec.file),
                bytes,
                &mapping,
                &cfg.survey.scales,
                diags,
            ),
            None => {
                if spec.required_file {
                    diags.push(Diagnostic::error(
                        path(spec.file),
                        format!(
                            "is missing; it is required, with the header line {}",
                            spec.columns().collect::<Vec<_>>().join(",")
                        ),
                    ));
                }
                None
            }
        }
    };
    let units_t = read(&tables::UNITS, &mut diags);
    let employees_t = read(&tables::EMPLOYEES, &mut diags);
    let absence_t = read(&tables::ABSENCE, &mut diags);
    let survey_t = read(&tables::SURVEY, &mut diags);
    let interventions_t = read(&tables::INTERVENTIONS, &mut diags);

    for (t, what) in [
        (&units_t, "at least the root unit, the whole organisation"),
        (&employees_t, "at least one employment row"),
    ] {
        if let Some(t) = t
            && t.rows.is_empty()
        {
            diags.push(Diagnostic::error(
                &t.file,
                format!("has no rows; it needs {what}"),
            ));
        }
    }

    let (units, unit_ids) = units_t
        .as_ref()
        .map(|t| rows::units(t, &mut diags))
        .unwrap_or_default();
    let (employees, employee_ids) = employees_t
        .as_ref()
        .map(|t| rows::employees(t, &mut diags))
        .unwrap_or_default();
    let absence = absence_t
        .as_ref()
        .map(|t| rows::absence(t, &mut diags))
        .unwrap_or_default();
    let item_scales: Vec<(String, [i64; 2])> = survey_t
        .as_ref()
        .map(|t| {
            t.items
                .iter()
                .filter_map(|(item, _)| {
                    scale_of(item, &cfg.survey.scales).map(|(p, r)| (p.to_string(), *r))
                })
                .collect()
        })
        .unwrap_or_default();
    let survey = survey_t
        .as_ref()
        .map(|t| rows::survey(t, &item_scales, &mut diags))
        .unwrap_or_default();
    let interventions = interventions_t
        .as_ref()
        .map(|t| rows::interventions(t, &mut diags))
        .unwrap_or_default();

    // Cross-row rules. Ids of rows with other problems still count as known, so one mistake
    // is reported once, not again at every reference to it. A table that could not be read at
    // all is not checked against, for the same reason.
    let unit_set: HashSet<&str> = unit_ids.iter().map(String::as_str).collect();
    let employee_set: HashSet<&str> = employee_ids.iter().map(String::as_str).collect();
    if let Some(t) = &units_t {
        validate::units(t, &units, &mut diags);
        if units.len() as u64 > cfg.max_units {
            diags.push(Diagnostic::error(
                &t.file,
                format!(
                    "has {} units, more than data.max_units = {}: a report lists every unit, so such a report would run to thousands of pages; report on a part of the organisation, or raise data.max_units",
                    units.len(),
                    cfg.max_units
                ),
            ));
        }
    }
    if let (Some(t), Some(_)) = (&employees_t, &units_t) {
        validate::employees(t, &employees, &unit_set, &mut diags);
    }
    if let (Some(t), Some(_)) = (&absence_t, &employees_t) {
        validate::absence(t, &absence, &employee_set, &employees, &mut diags);
    }
    if let (Some(t), Some(_)) = (&survey_t, &units_t) {
        validate::survey(t, &survey, &unit_set, &mut diags);
    }
    if let (Some(t), Some(_)) = (&interventions_t, &units_t) {
        validate::interventions(t, &interventions, &unit_set, &mut diags);
    }

    let rank = |p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        std::iter::once(ORGANISATION_FILE)
            .chain(tables::TABLES.iter().map(|t| t.file))
            .position(|f| f == name)
            .unwrap_or(usize::MAX)
    };
    diags.sort_by_file(rank);
    if diags.has_errors() {
        return Err(diags);
    }
    let Some(organisation) = organisation else {
        return Err(diags);
    };
    let dataset = Dataset {
        organisation,
        units: units.into_iter().map(|l| l.value).collect(),
        employees: employees.into_iter().map(|l| l.value).collect(),
        absence: absence.into_iter().map(|l| l.value).collect(),
        survey: survey_t.map(|t| Survey {
            items: t.items.into_iter().map(|(item, _)| item).collect(),
            responses: survey.into_iter().map(|l| l.value).collect(),
        }),
        interventions: interventions.into_iter().map(|l| l.value).collect(),
    };
    Ok(Loaded {
        dataset,
        warnings: diags,
        files: Vec::new(),
    })
}

/// The most of `organisation.toml` read when only its id is wanted (it is a few lines).
const ORGANISATION_FILE_MAX_MB: u64 = 1;

/// Reads an input file (data, or a font or logo the configuration names) whole, if it is there (`Ok(None)`: it is not), refusing what is not a
/// regular file and what is larger than `max_mb` MiB with a message that says what to do.
/// Reads at most one byte past the limit, so a file that grows while it is read, or a link to
/// a device that never ends, is refused too instead of filling the memory.
pub fn read_limited(path: &Path, max_mb: u64) -> Result<Option<Vec<u8>>, String> {
    use std::io::Read;
    // The kind is checked before opening: opening a FIFO waits for a writer.
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot be read: {e}")),
    };
    if !meta.is_file() {
        return Err(
            "is not a regular file (a device, a FIFO or a link to one); put the export itself here"
                .into(),
        );
    }
    let max = max_mb.saturating_mul(1 << 20);
    let too_large = || {
        format!(
            "is larger than {max_mb} MiB (data.max_file_mb); check that it is the right export, or raise data.max_file_mb"
        )
    };
    if meta.len() > max {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(Some(bytes))
}

/// Reads only `organisation.toml` of `dir`: enough to select organisations by id (`--org`,
/// `--shard`) before paying for loading the whole dataset.
pub fn read_organisation(dir: &Path) -> Result<werkt_model::Organisation, Diagnostics> {
    let path = dir.join(ORGANISATION_FILE);
    let mut diags = Diagnostics::new(10);
    let bytes = match read_limited(&path, ORGANISATION_FILE_MAX_MB) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            diags.push(Diagnostic::error(
                &path,
                "is missing; every organisation directory needs one, with at least id = \"...\" and name = \"...\"",
            ));
            return Err(diags);
        }
        Err(message) => {
            diags.push(Diagnostic::error(&path, message));
            return Err(diags);
        }
    };
    let text = match text::decode(&bytes) {
        Ok(t) => t,
        Err((line, message)) => {
            diags.push(Diagnostic::error(&path, message).at(line));
            return Err(diags);
        }
    };
    match organisation::parse(&path, text, &mut diags) {
        Some(o) if !diags.has_errors() => Ok(o),
        _ => Err(diags),
    }
}
