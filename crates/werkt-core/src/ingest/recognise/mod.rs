//! `werkt init --from DIR`: recognise HR exports by their headers and values, and write the
//! input profiles that read them.
//!
//! Each file (each sheet of a workbook) is matched against every table by its header row:
//! Dutch and English header synonyms ([`synonyms`]), the first 30 rows searched so title lines
//! are passed over. A table goes to the file where it matches best with all its required
//! columns. Then the values say the rest: the date layout every date fits, the number
//! separators every amount reads with, fte in percent, the return-date meaning of a
//! *hersteldatum*, the words for sick and pregnancy. What cannot be told is listed with the
//! key to set. The profiles are the same ones a user writes by hand: this module only writes
//! configuration, and ingest reads it like any other.

pub mod synonyms;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::format::{DateFormat, NumberFormat};
use super::sheet;
use super::table::{Row, Typed, read_text};
use crate::config::{
    DecimalSeparator, Delimiter, Encoding, EndDate, FteScale, TableProfile, ThousandsSeparator,
};
use crate::tables::{self, TableSpec, scale_of};

/// What was recognised in a directory of exports.
#[derive(Debug, Clone, Default)]
pub struct Recognised {
    /// The tables found, in werkt's table order.
    pub tables: Vec<FoundTable>,
    /// What was inferred, for the user to check: one sentence each.
    pub notes: Vec<String>,
    /// What could not be inferred, each naming the key to set.
    pub unresolved: Vec<String>,
    /// Whether the exports are Dutch (their headers), so the report can be too.
    pub dutch: bool,
}

/// One table found in an export.
#[derive(Debug, Clone)]
pub struct FoundTable {
    pub spec: &'static TableSpec,
    /// The file it was found in.
    pub file: String,
    /// Our column -> the export's header, where they differ.
    pub mapping: Vec<(&'static str, String)>,
    /// The profile that reads it (file pattern, sheet, encoding, layouts, maps, ...).
    pub profile: TableProfile,
}

/// One sheet of a workbook, or a text file, as rows.
struct Grid {
    file: String,
    sheet: Option<String>,
    first_sheet: bool,
    rows: Vec<Row>,
    encoding: Option<&'static str>,
    /// A text file's delimiter when it is not the one its first line suggests.
    delimiter: Option<u8>,
}

/// How many columns of its best table a file's header names.
fn score(rows: &[Row], scales: &BTreeMap<String, [i64; 2]>) -> usize {
    tables::TABLES
        .iter()
        .filter_map(|spec| best_header(spec, rows, scales))
        .map(|(_, h)| h.columns.len() + h.items.len())
        .max()
        .unwrap_or(0)
}

/// The file name extensions read as text exports.
const TEXT_EXTENSIONS: [&str; 3] = ["csv", "txt", "tsv"];

/// How many rows from the top are searched for a header (as ingest does).
const HEADER_SEARCH_ROWS: usize = 30;

/// Reads the exports in `dir` (none larger than `max_file_mb`) and recognises werkt's tables
/// in them. `scales` tells survey item columns apart from other columns.
pub fn recognise(
    dir: &Path,
    max_file_mb: u64,
    scales: &BTreeMap<String, [i64; 2]>,
) -> Result<Recognised, String> {
    let names = super::file_names(dir)?;
    let mut out = Recognised::default();
    let mut grids = Vec::new();
    for name in &names {
        let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let is_text = ext.as_deref().is_some_and(|e| TEXT_EXTENSIONS.contains(&e));
        if !is_text && !sheet::is_workbook(name) {
            continue;
        }
        let bytes = match super::read_limited(&dir.join(name), max_file_mb) {
            Ok(Some(b)) => b,
            Ok(None) => continue,
            Err(e) => {
                out.notes.push(format!("{name} was not read: it {e}"));
                continue;
            }
        };
        if is_text {
            // The delimiter that lets some table's header be found best (the first line's
            // guess first, so it wins a tie).
            let (rows, encoding) = match read_text(&bytes, Encoding::Auto, None) {
                Ok(g) => g,
                Err((line, e)) => {
                    out.notes
                        .push(format!("{name}:{line} was not read: it {e}"));
                    continue;
                }
            };
            let mut best = (score(&rows, scales), None, rows);
            for d in super::table::DELIMITERS {
                if let Ok((rows, _)) = read_text(&bytes, Encoding::Auto, Some(d)) {
                    let s = score(&rows, scales);
                    if s > best.0 {
                        best = (s, Some(d), rows);
                    }
                }
            }
            grids.push(Grid {
                file: name.clone(),
                sheet: None,
                first_sheet: true,
                rows: best.2,
                encoding,
                delimiter: best.1,
            });
            continue;
        }
        let sheets = match sheet::sheet_names(&bytes) {
            Ok(s) => s,
            Err(e) => {
                out.notes.push(format!("{name} was not read: it {e}"));
                continue;
            }
        };
        for (i, s) in sheets.iter().enumerate() {
            match sheet::read(&bytes, Some(s)) {
                Ok(grid) => grids.push(Grid {
                    file: name.clone(),
                    sheet: Some(grid.sheet),
                    first_sheet: i == 0,
                    rows: grid.rows,
                    encoding: None,
                    delimiter: None,
                }),
                Err(e) => out
                    .notes
                    .push(format!("{name}, sheet \"{s}\", was not read: it {e}")),
            }
        }
    }

    // Every (table, grid) pair with its best header row.
    let mut candidates: Vec<(usize, &'static TableSpec, usize, Header)> = Vec::new();
    for (g, grid) in grids.iter().enumerate() {
        for spec in &tables::TABLES {
            if let Some((row, header)) = best_header(spec, &grid.rows, scales) {
                candidates.push((g, spec, row, header));
            }
        }
    }
    // The most complete matches first; a table takes one export and an export one table.
    candidates.sort_by_key(|(g, spec, _, h)| {
        (
            std::cmp::Reverse(h.complete as usize),
            std::cmp::Reverse(h.columns.len() + h.items.len()),
            *g,
            spec.name,
        )
    });
    let mut taken_grids = Vec::new();
    let mut chosen: BTreeMap<&'static str, (usize, usize, Header)> = BTreeMap::new();
    for (g, spec, row, header) in candidates {
        if !header.complete || taken_grids.contains(&g) || chosen.contains_key(spec.name) {
            continue;
        }
        taken_grids.push(g);
        chosen.insert(spec.name, (g, row, header));
    }

    for spec in &tables::TABLES {
        match chosen.remove(spec.name) {
            Some((g, row, header)) => {
                let found = describe(spec, &grids[g], row, &header, &names, &mut out);
                out.tables.push(found);
            }
            None if spec.required_file => out.unresolved.push(format!(
                "no export has the columns of the {} table ({}); map your export's headers in [data.columns.{}] and name its file in data.{}.file",
                spec.name,
                spec.required.join(", "),
                spec.name,
                spec.name
            )),
            None => {
                // A survey export whose item columns have their own names: say how to map them.
                let itemless = spec.has_items
                    && grids.iter().any(|g| {
                        best_header(spec, &g.rows, scales).is_some_and(|(_, h)| {
                            spec.required
                                .iter()
                                .all(|r| h.columns.iter().any(|(c, _)| c == r))
                        })
                    });
                if itemless {
                    let prefixes: Vec<&str> = scales.keys().map(String::as_str).collect();
                    out.unresolved.push(format!(
                        "{}: an export has the respondent, unit and date columns, but no column starts with a scale prefix ({}); map each item column in [data.columns.{}] (e.g. uwes_1 = \"Q1\") and name the file in data.{}.file",
                        spec.name,
                        prefixes.join(", "),
                        spec.name,
                        spec.name
                    ));
                } else {
                    out.notes.push(format!(
                        "no export looks like the {} table (optional; it needs {})",
                        spec.name,
                        spec.required.join(", ")
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// A header row matched to one table.
#[derive(Debug, Clone)]
struct Header {
    /// Our column -> index of the export's column.
    columns: Vec<(&'static str, usize)>,
    /// Survey item columns.
    items: Vec<usize>,
    /// Every required column is there.
    complete: bool,
}

/// The row among the first ones that names most of the table's columns.
fn best_header(
    spec: &'static TableSpec,
    rows: &[Row],
    scales: &BTreeMap<String, [i64; 2]>,
) -> Option<(usize, Header)> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| r.fields.iter().any(|f| !f.is_empty()))
        .take(HEADER_SEARCH_ROWS)
        .map(|(i, r)| (i, match_row(spec, &r.fields, scales)))
        .filter(|(_, h)| !h.columns.is_empty())
        .max_by_key(|(i, h)| {
            (
                h.complete,
                h.columns.len() + h.items.len(),
                std::cmp::Reverse(*i),
            )
        })
}

fn match_row(
    spec: &'static TableSpec,
    fields: &[String],
    scales: &BTreeMap<String, [i64; 2]>,
) -> Header {
    let mut used = vec![false; fields.len()];
    let mut columns = Vec::new();
    for column in spec.columns() {
        let best = fields
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .filter_map(|(i, h)| synonyms::rank(spec.name, column, h).map(|r| (r, i)))
            .min();
        if let Some((_, i)) = best {
            used[i] = true;
            columns.push((column, i));
        }
    }
    let items = if spec.has_items {
        fields
            .iter()
            .enumerate()
            .filter(|(i, h)| !used[*i] && scale_of(&h.to_lowercase(), scales).is_some())
            .map(|(i, _)| i)
            .collect()
    } else {
        Vec::new()
    };
    let complete = spec
        .required
        .iter()
        .all(|r| columns.iter().any(|(c, _)| c == r))
        && (!spec.has_items || !items.is_empty());
    Header {
        columns,
        items,
        complete,
    }
}

/// The profile and mapping that read `grid` as `spec`, with what was inferred noted.
fn describe(
    spec: &'static TableSpec,
    grid: &Grid,
    header_at: usize,
    header: &Header,
    names: &[String],
    out: &mut Recognised,
) -> FoundTable {
    let head = &grid.rows[header_at];
    let data = &grid.rows[header_at + 1..];
    let headers = &head.fields;
    let header_of = |col: &str| {
        header
            .columns
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, i)| *i)
    };
    let values = |col: &str| -> Vec<(&str, Option<Typed>)> {
        header_of(col).map_or_else(Vec::new, |i| {
            data.iter()
                .filter_map(|r| {
                    let v = r.fields.get(i)?;
                    (!v.is_empty()).then(|| (v.as_str(), r.typed.get(i).copied().flatten()))
                })
                .collect()
        })
    };
    let place = match &grid.sheet {
        Some(s) => format!("{}, sheet \"{s}\"", grid.file),
        None => grid.file.clone(),
    };
    let t = spec.name;
    let mut profile = TableProfile {
        file: vec![file_pattern(&grid.file, names)],
        ..TableProfile::default()
    };
    out.notes.push(format!(
        "{t}: {place}, header in row {} ({} data rows)",
        head.line,
        data.len()
    ));
    if !grid.first_sheet {
        profile.sheet = grid.sheet.clone();
    }
    if let Some(d) = grid.delimiter {
        profile.delimiter = match d {
            b';' => Delimiter::Semicolon,
            b'\t' => Delimiter::Tab,
            b'|' => Delimiter::Pipe,
            _ => Delimiter::Comma,
        };
    }
    if grid.encoding == Some("Windows-1252") {
        profile.encoding = Encoding::Windows1252;
        out.notes.push(format!(
            "{t}: {} is not UTF-8; read as Windows-1252 (data.{t}.encoding)",
            grid.file
        ));
    }

    let mut mapping = Vec::new();
    for (col, i) in &header.columns {
        if synonyms::normalise(&headers[*i]) != synonyms::normalise(col) {
            mapping.push((*col, headers[*i].clone()));
        }
        if synonyms::is_dutch(&headers[*i]) {
            out.dutch = true;
        }
    }
    let known: Vec<usize> = header
        .columns
        .iter()
        .map(|(_, i)| *i)
        .chain(header.items.iter().copied())
        .collect();
    profile.ignore = headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.is_empty() && !known.contains(i))
        .map(|(_, h)| h.clone())
        .collect();
    if !profile.ignore.is_empty() {
        out.notes.push(format!(
            "{t}: columns werkt does not use, passed over: {} (data.{t}.ignore)",
            profile.ignore.join(", ")
        ));
    }

    // Dates written as text: the layout every one of them fits, across the table's date
    // columns (one layout per export).
    let date_columns = ["start_date", "end_date", "date"];
    let texts: Vec<&str> = date_columns
        .iter()
        .filter(|c| spec.knows(c))
        .flat_map(|c| values(c))
        .filter(|(_, typed)| typed.is_none())
        .map(|(v, _)| v)
        .collect();
    if !texts.is_empty() {
        let fits = DateFormat::fitting(texts.iter().copied());
        match fits.first() {
            None => out.unresolved.push(format!(
                "{t}: the dates in {place} (e.g. \"{}\") are in no layout werkt knows; set data.{t}.date_format (YYYY, MM, DD and a separator)",
                texts[0]
            )),
            Some(&"YYYY-MM-DD") => {}
            Some(first) => {
                let other_order = fits.iter().find(|f| f.find('D') != first.find('D'));
                if let Some(other) = other_order {
                    out.unresolved.push(format!(
                        "{t}: no date in {place} has a day above 12, so they read as {first} and as {other} alike; {first} was set: check data.{t}.date_format"
                    ));
                }
                profile.date_format = (*first).to_string();
                out.notes.push(format!("{t}: dates are written {first} (data.{t}.date_format)"));
            }
        }
    }

    // Amounts written as text: the separators every one of them reads with.
    let number_columns = [
        "fte",
        "daily_cost",
        "percentage",
        "investment",
        "annual_cost",
        "horizon_years",
        "performance_benefit_per_year",
    ];
    let amounts: Vec<&str> = number_columns
        .iter()
        .filter(|c| spec.knows(c))
        .flat_map(|c| values(c))
        .filter(|(_, typed)| typed.is_none())
        .map(|(v, _)| v.strip_suffix('%').unwrap_or(v).trim())
        .collect();
    let layouts = [
        (DecimalSeparator::Auto, ThousandsSeparator::None),
        (DecimalSeparator::Comma, ThousandsSeparator::Point),
        (DecimalSeparator::Point, ThousandsSeparator::Comma),
        (DecimalSeparator::Comma, ThousandsSeparator::Space),
        (DecimalSeparator::Point, ThousandsSeparator::Apostrophe),
    ];
    let fits = layouts.iter().find(|(d, th)| {
        amounts
            .iter()
            .all(|v| NumberFormat::new(*d, *th).read(v).is_some())
    });
    match fits {
        Some((DecimalSeparator::Auto, _)) => {}
        Some((d, th)) => {
            profile.decimal_separator = *d;
            profile.thousands_separator = *th;
            out.notes.push(format!(
                "{t}: amounts are written with \"{}\" between thousands and \"{}\" before decimals (data.{t}.thousands_separator, decimal_separator)",
                th.as_str(),
                d.as_str()
            ));
        }
        None => out.unresolved.push(format!(
            "{t}: some amounts in {place} read with no separators werkt knows; set data.{t}.decimal_separator and thousands_separator"
        )),
    }

    if t == "employees" {
        let fte = values("fte");
        if fte
            .iter()
            .any(|(v, typed)| typed.is_none() && v.ends_with('%'))
        {
            out.notes
                .push(format!("{t}: fte is written as a percentage (80%)"));
        } else {
            let numbers: Vec<f64> = fte
                .iter()
                .filter_map(|(v, typed)| match typed {
                    Some(Typed::Number(n)) => Some(*n),
                    _ => NumberFormat::new(profile.decimal_separator, profile.thousands_separator)
                        .read(v),
                })
                .collect();
            if numbers.iter().any(|n| *n > 1.5) && numbers.iter().all(|n| *n <= 150.0) {
                profile.fte_scale = FteScale::Percent;
                out.notes.push(format!(
                    "{t}: fte is written in percent (100 = full time) (data.{t}.fte_scale)"
                ));
            }
        }
    }
    if t == "absence"
        && let Some(i) = header_of("end_date")
        && synonyms::RETURN_DATE_HEADERS.contains(&synonyms::normalise(&headers[i]).as_str())
    {
        profile.end_date = EndDate::DayAfter;
        out.notes.push(format!(
            "{t}: \"{}\" is the return date, the first day fit again, so the last day of absence is the day before (data.{t}.end_date = \"day_after\")",
            headers[i]
        ));
    }

    // Words for werkt's values.
    for (col, ours) in [
        ("reason", &["sick", "pregnancy"][..]),
        ("org_form", &["functional", "divisional", "matrix"][..]),
    ] {
        if !spec.knows(col) {
            continue;
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (v, _) in values(col) {
            *counts.entry(v).or_default() += 1;
        }
        let mut map = BTreeMap::new();
        for (word, n) in counts {
            if ours.iter().any(|o| o.eq_ignore_ascii_case(word.trim())) {
                continue;
            }
            match synonyms::value(col, word) {
                Some(value) => {
                    map.insert(word.to_string(), value.to_string());
                }
                None => out.unresolved.push(format!(
                    "{t}: {col} \"{word}\" ({n} rows) means none of {} to werkt; say which under [data.{t}.values.{col}]",
                    ours.join(", ")
                )),
            }
        }
        if !map.is_empty() {
            let shown: Vec<String> = map.iter().map(|(w, o)| format!("{w} = {o}")).collect();
            out.notes.push(format!(
                "{t}: {col} values {} (data.{t}.values.{col})",
                shown.join(", ")
            ));
            profile.values.insert(col.to_string(), map);
        }
    }

    FoundTable {
        spec,
        file: grid.file.clone(),
        mapping,
        profile,
    }
}

/// The pattern for next month's export: the name with its runs of digits (dates, months)
/// replaced by `*` when that matches no other file here, else the name itself.
fn file_pattern(name: &str, names: &[String]) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut pattern = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            // Digits, and single separators between digits, are one wildcard.
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (matches!(chars[i], '-' | '_' | '.')
                        && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            pattern.push('*');
        } else {
            pattern.push_str(&glob::Pattern::escape(&chars[i].to_string()));
            i += 1;
        }
    }
    let exact = glob::Pattern::escape(name);
    if pattern == exact {
        return exact;
    }
    let Ok(p) = super::FilePattern::new(&pattern) else {
        return exact;
    };
    let others = names.iter().filter(|n| *n != name).any(|n| p.matches(n));
    if others { exact } else { pattern }
}

impl Recognised {
    /// The configuration that reads the exports in `organisations` (as written in the file:
    /// relative to the configuration's directory), with werkt's analyses enabled.
    pub fn config_toml(&self, organisations: &str, analyses: &str) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut t = String::new();
        let _ = writeln!(
            t,
            "# werkt configuration written by `werkt init --from`: it reads the exports in\n# {organisations} as they are. docs/configuration.md describes every key; the built-in\n# defaults apply to every key not written here (`werkt config show` prints them all).\n"
        );
        let _ = writeln!(t, "[data]\norganisations = [{}]\n", q(organisations));
        if self.dutch {
            let _ = writeln!(t, "[report]\nlanguage = \"nl\"\n");
        }
        for f in &self.tables {
            let name = f.spec.name;
            let _ = writeln!(t, "# The {name} table, found in {}.", f.file);
            let _ = writeln!(t, "[data.columns.{name}]");
            for (ours, theirs) in &f.mapping {
                let _ = writeln!(t, "{ours} = {}", q(theirs));
            }
            let p = &f.profile;
            let d = TableProfile::default();
            let _ = writeln!(t, "\n[data.{name}]");
            let files: Vec<String> = p.file.iter().map(|f| q(f)).collect();
            let _ = writeln!(t, "file = {}", files.join(", "));
            if let Some(s) = &p.sheet {
                let _ = writeln!(t, "sheet = {}", q(s));
            }
            if p.delimiter != d.delimiter {
                let _ = writeln!(t, "delimiter = {}", q(p.delimiter.as_str()));
            }
            if p.encoding != d.encoding {
                let _ = writeln!(t, "encoding = {}", q(p.encoding.as_str()));
            }
            if p.date_format != d.date_format {
                let _ = writeln!(t, "date_format = {}", q(&p.date_format));
            }
            if p.decimal_separator != d.decimal_separator {
                let _ = writeln!(t, "decimal_separator = {}", q(p.decimal_separator.as_str()));
            }
            if p.thousands_separator != d.thousands_separator {
                let _ = writeln!(
                    t,
                    "thousands_separator = {}",
                    q(p.thousands_separator.as_str())
                );
            }
            if p.fte_scale != d.fte_scale {
                let _ = writeln!(t, "fte_scale = {}", q(p.fte_scale.as_str()));
            }
            if p.end_date != d.end_date {
                let _ = writeln!(t, "end_date = {}", q(p.end_date.as_str()));
            }
            if !p.ignore.is_empty() {
                let ignore: Vec<String> = p.ignore.iter().map(|h| q(h)).collect();
                let _ = writeln!(t, "ignore = [{}]", ignore.join(", "));
            }
            for (col, map) in &p.values {
                let _ = writeln!(t, "\n[data.{name}.values.{col}]");
                for (theirs, ours) in map {
                    let _ = writeln!(t, "{} = {}", q(theirs), q(ours));
                }
            }
            t.push('\n');
        }
        t.push_str(analyses);
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_months_export_matches_the_pattern() {
        let names: Vec<String> = ["Verzuim_2026-11.csv", "Personeel.xlsx"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(file_pattern("Verzuim_2026-11.csv", &names), "Verzuim_*.csv");
        assert_eq!(file_pattern("Personeel.xlsx", &names), "Personeel.xlsx");
        assert_eq!(
            file_pattern("Personeel export november 2026.xlsx", &names),
            "Personeel export november *.xlsx"
        );
        // A pattern that would also take another file here is not used.
        let two: Vec<String> = ["Export1.csv", "Export2.csv"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(file_pattern("Export1.csv", &two), "Export1.csv");
        assert_eq!(file_pattern("a[1].csv", &[]), "a[[]*[]].csv");
    }
}
