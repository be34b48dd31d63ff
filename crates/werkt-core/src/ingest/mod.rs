//! From organisation directories to validated [`Dataset`]s.
//!
//! [`discover`] finds the organisation directories; [`load_organisation`] reads one and checks
//! the whole of it (per-value rules while reading, cross-row rules in `crate::validate`),
//! returning either the dataset or every problem found. [`parse`] does the same from bytes in
//! memory, which is what the tests use.

mod discover;
mod fields;
mod format;
mod organisation;
pub mod recognise;
mod rows;
mod sheet;
mod source;
mod table;
mod text;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use werkt_model::{Dataset, Survey};

use crate::config::Encoding;
pub use discover::{DiscoverError, discover};
pub use format::{DateFormat, KNOWN_DATE_FORMATS};
pub(crate) use rows::Located;
pub use sheet::WORKBOOK_EXTENSIONS;
pub use source::FilePattern;
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
    /// The data files by name (`units.csv`, `Verzuim_2026-11.csv`, ...); which table each
    /// holds is decided by the input profiles when they are parsed.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl RawFiles {
    pub fn new(dir: impl Into<PathBuf>) -> RawFiles {
        RawFiles {
            dir: dir.into(),
            ..RawFiles::default()
        }
    }

    /// Adds a file by name (`organisation.toml`, `units.csv`, `Personeel.xlsx`, ...).
    pub fn with(mut self, name: &str, bytes: impl Into<Vec<u8>>) -> RawFiles {
        if name == ORGANISATION_FILE {
            self.organisation = Some(bytes.into());
        } else {
            self.files.insert(name.to_string(), bytes.into());
        }
        self
    }
}

/// Names for a message: `"a", "b"`.
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The file of each table among `names`, by the input profiles, in table order.
fn pick_all<'n>(
    names: &'n [String],
    cfg: &'n DataConfig,
) -> impl Iterator<Item = (&'static TableSpec, source::Pick<'n>)> {
    tables::TABLES.iter().map(move |spec| {
        let default = crate::config::TableProfile::default();
        let profile = cfg.profile(spec.name).unwrap_or(&default);
        (
            spec,
            source::pick(spec, profile, names.iter().map(String::as_str)),
        )
    })
}

/// The names of the entries of `dir` that are not directories: files, and also FIFOs,
/// devices and links, so that one where an export belongs is refused by name when read.
/// Names that are not Unicode cannot be named in a configuration and are passed over.
fn file_names(dir: &Path) -> Result<Vec<String>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot be read: {e}"))?;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    Ok(names)
}

/// What the input profiles pick among `names`: the names read as the organisation (its
/// `organisation.toml` and the file of each table found), and the messages of tables that
/// more than one file could be.
fn input_names<'n>(names: &'n [String], cfg: &'n DataConfig) -> (Vec<&'n str>, Vec<String>) {
    let mut wanted = vec![ORGANISATION_FILE];
    let mut ambiguous = Vec::new();
    for (_, pick) in pick_all(names, cfg) {
        match pick {
            source::Pick::Found(name) => wanted.push(name),
            source::Pick::Ambiguous(message) => ambiguous.push(message),
            source::Pick::Missing(_) => {}
        }
    }
    (wanted, ambiguous)
}

/// The files of `dir` that [`load_organisation`] reads (those that are there), so a caller
/// can fingerprint exactly those before reading, by the same rule.
pub fn input_files(dir: &Path, cfg: &DataConfig) -> Result<Vec<PathBuf>, String> {
    let names = file_names(dir)?;
    let mut out: Vec<PathBuf> = Vec::new();
    for name in input_names(&names, cfg).0 {
        let path = dir.join(name);
        if path.exists() && !out.contains(&path) {
            out.push(path);
        }
    }
    Ok(out)
}

/// Reads and checks the organisation in `dir`.
pub fn load_organisation(dir: &Path, cfg: &DataConfig) -> Result<Loaded, Diagnostics> {
    let mut raw = RawFiles::new(dir);
    let mut diags = Diagnostics::new(cfg.max_errors);
    let mut files = Vec::new();
    let names = match file_names(dir) {
        Ok(n) => n,
        Err(message) => {
            diags.push(Diagnostic::error(dir, message));
            return Err(diags);
        }
    };
    let (wanted, ambiguous) = input_names(&names, cfg);
    // Two candidates for one table are reported here: parse sees only the files read.
    for message in ambiguous {
        diags.push(Diagnostic::error(dir, message));
    }
    for name in wanted {
        let path = dir.join(name);
        match read_limited(&path, cfg.max_file_mb) {
            Ok(Some(bytes)) => {
                if !files.contains(&path) {
                    files.push(path);
                }
                raw = raw.with(name, bytes);
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
        Some(bytes) => match text::decode(bytes, Encoding::Utf8) {
            Ok(t) => organisation::parse(&path(ORGANISATION_FILE), &t.text, &mut diags),
            Err((line, msg)) => {
                diags.push(Diagnostic::error(path(ORGANISATION_FILE), msg).at(line));
                None
            }
        },
    };

    let names: Vec<String> = raw.files.keys().cloned().collect();
    let mut chosen: Vec<String> = Vec::new();
    let mut by_table: BTreeMap<&'static str, Table> = BTreeMap::new();
    let no_mapping = BTreeMap::new();
    for (spec, pick) in pick_all(&names, cfg) {
        match pick {
            source::Pick::Found(name) => {
                chosen.push(name.to_string());
                let default = crate::config::TableProfile::default();
                let how = table::Reading {
                    spec,
                    profile: cfg.profile(spec.name).unwrap_or(&default),
                    mapping: cfg.columns.table(spec.name).unwrap_or(&no_mapping),
                    scales: &cfg.survey.scales,
                    strict: cfg.strict,
                };
                if let Some(t) = table::read_table(&how, &path(name), &raw.files[name], &mut diags)
                {
                    by_table.insert(spec.name, t);
                }
            }
            source::Pick::Missing(said) if spec.required_file => {
                let columns = spec.columns().collect::<Vec<_>>().join(",");
                let configured = cfg.profile(spec.name).is_some_and(|p| !p.file.is_empty());
                diags.push(if configured {
                    Diagnostic::error(
                        &raw.dir,
                        format!(
                            "has no {} table: {said} is missing; it is required, with the columns {columns}",
                            spec.name
                        ),
                    )
                } else {
                    Diagnostic::error(
                        path(spec.file),
                        format!(
                            "is missing; it is required, with the header line {columns} (a workbook of the same name, .xlsx, .xlsm, .xlsb, .xls or .ods, does too; exports with other names are set in data.{}.file)",
                            spec.name
                        ),
                    )
                });
            }
            source::Pick::Missing(_) => {}
            source::Pick::Ambiguous(message) => diags.push(Diagnostic::error(&raw.dir, message)),
        }
    }
    let units_t = by_table.remove(tables::UNITS.name);
    let employees_t = by_table.remove(tables::EMPLOYEES.name);
    let absence_t = by_table.remove(tables::ABSENCE.name);
    let survey_t = by_table.remove(tables::SURVEY.name);
    let interventions_t = by_table.remove(tables::INTERVENTIONS.name);

    for (t, what) in [
        (&units_t, "at least the root unit, the whole organisation"),
        (&employees_t, "at least one employment row"),
    ] {
        if let Some(t) = t
            && t.rows.is_empty()
        {
            diags.push(t.whole(format!("has no rows; it needs {what}")));
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
    let mut absence = absence_t
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
    let file_of = |t: &Option<Table>| {
        t.as_ref()
            .and_then(|t| t.file.file_name())
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    };
    let (units_file, employees_file) = (file_of(&units_t), file_of(&employees_t));
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
        validate::employees(t, &employees, &unit_set, &units_file, &mut diags);
    }
    if let (Some(t), Some(_)) = (&absence_t, &employees_t) {
        let known = validate::Known {
            ids: &employee_set,
            file: &employees_file,
            strict: cfg.strict,
        };
        validate::absence(t, &mut absence, &known, &employees, &mut diags);
    }
    if let (Some(t), Some(_)) = (&survey_t, &units_t) {
        validate::survey(t, &survey, &unit_set, &units_file, &mut diags);
    }
    if let (Some(t), Some(_)) = (&interventions_t, &units_t) {
        validate::interventions(t, &interventions, &unit_set, &units_file, &mut diags);
    }

    let rank = |p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        std::iter::once(ORGANISATION_FILE)
            .chain(chosen.iter().map(String::as_str))
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
    let text = match text::decode(&bytes, Encoding::Utf8) {
        Ok(t) => t.text,
        Err((line, message)) => {
            diags.push(Diagnostic::error(&path, message).at(line));
            return Err(diags);
        }
    };
    match organisation::parse(&path, &text, &mut diags) {
        Some(o) if !diags.has_errors() => Ok(o),
        _ => Err(diags),
    }
}
