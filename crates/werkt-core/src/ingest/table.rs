//! One export (a delimited text file or a workbook sheet) read into rows of fields, with its
//! header found and matched to our column names, and the profile's value maps applied.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use werkt_model::Date;

use super::format::Format;
use super::sheet;
use super::text::{decode, sniff_delimiter};
use crate::config::{Encoding, Headers, TableProfile};
use crate::diagnostic::{Column, Diagnostic, Diagnostics};
use crate::quality::WarningKind;
use crate::tables::{TableSpec, scale_of};

/// What a spreadsheet cell knew about its value beyond the text; text files have none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Typed {
    Number(f64),
    Date(Date),
    /// An error cell (`#N/A`), or a time where a value belongs: never a usable value.
    Error,
}

/// A row: its line (the physical line of a text record's start, or the sheet's row number)
/// and its trimmed fields; `typed` is empty for text, else one entry per field.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub line: u64,
    pub fields: Vec<String>,
    pub typed: Vec<Option<Typed>>,
}

/// A column found in the header: where it is and how the user called it.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub index: usize,
    pub column: Column,
}

/// A read export. `columns` holds every column of the spec that is present (after the
/// mapping); `items` the survey item columns, named as after the mapping.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The table's name (`employees`), for the configuration keys messages name.
    pub name: &'static str,
    pub file: PathBuf,
    /// The sheet, for a workbook, and the column of its first field (0 = A).
    pub sheet: Option<(String, u32)>,
    pub columns: BTreeMap<&'static str, Found>,
    pub items: Vec<(String, Found)>,
    pub rows: Vec<Row>,
    pub format: Format,
    /// Per date column, why its dates do not read (worked out once, from the whole column).
    pub date_messages: std::cell::RefCell<BTreeMap<String, String>>,
}

impl Table {
    /// The diagnostic column for one of our column names, whether or not it is present.
    pub fn col(&self, name: &str) -> Column {
        self.columns
            .get(name)
            .map(|f| f.column.clone())
            .unwrap_or_else(|| Column {
                name: name.to_string(),
                header: None,
            })
    }

    /// The field of a row in our column `name`; empty when the optional column is absent.
    pub fn field<'r>(&self, row: &'r Row, name: &str) -> &'r str {
        self.columns
            .get(name)
            .and_then(|f| row.fields.get(f.index))
            .map_or("", String::as_str)
    }

    /// What the spreadsheet knew about the field in our column `name`.
    pub fn typed(&self, row: &Row, name: &str) -> Option<Typed> {
        if row.typed.is_empty() {
            return None;
        }
        self.columns
            .get(name)
            .and_then(|f| row.typed.get(f.index).copied().flatten())
    }

    /// A problem at row `line` in the field `found`, placed as the user finds it: file and
    /// line, or workbook, sheet and cell.
    pub fn problem_at(&self, d: Diagnostic, line: u64, found: Option<&Found>) -> Diagnostic {
        let mut d = d.at(line);
        if let Some((sheet, first)) = &self.sheet {
            d = d.in_sheet(sheet, found.map(|f| *first + f.index as u32));
        }
        match found {
            Some(f) => d.column(f.column.clone()),
            None => d,
        }
    }

    /// An error about our column `col` of row `line`, with the value as written.
    pub fn error(
        &self,
        line: u64,
        col: &str,
        message: impl Into<String>,
        value: &str,
    ) -> Diagnostic {
        self.at(Diagnostic::error(&self.file, message), line, col)
            .value(value)
    }

    /// A warning of `kind` about our column `col` of row `line`.
    pub fn warning(
        &self,
        kind: WarningKind,
        line: u64,
        col: &str,
        message: impl Into<String>,
        value: &str,
    ) -> Diagnostic {
        self.at(Diagnostic::warning(&self.file, kind, message), line, col)
            .value(value)
    }

    fn at(&self, d: Diagnostic, line: u64, col: &str) -> Diagnostic {
        let found = self.columns.get(col);
        let d = self.problem_at(d, line, found);
        if found.is_none() {
            d.column(self.col(col))
        } else {
            d
        }
    }

    /// A problem with the file as a whole (no line).
    pub fn whole(&self, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::error(&self.file, message);
        match &self.sheet {
            Some((sheet, _)) => d.in_sheet(sheet, None),
            None => d,
        }
    }
}

/// How one table is read: its contract, its profile and its header mapping.
pub(crate) struct Reading<'a> {
    pub spec: &'static TableSpec,
    pub profile: &'a TableProfile,
    pub mapping: &'a BTreeMap<String, Headers>,
    pub scales: &'a BTreeMap<String, [i64; 2]>,
    pub strict: bool,
}

/// How many rows from the top are searched for the header: title lines and notes above it
/// are passed over, data rows are never taken for it.
const HEADER_SEARCH_ROWS: usize = 30;

/// Reads one export. Returns `None` (after reporting why) when its rows cannot be read at
/// all: not text or a workbook, no header, a required column missing. Row-level problems (a
/// wrong number of fields) are reported and the row is left out.
pub(crate) fn read_table(
    how: &Reading<'_>,
    file: &Path,
    bytes: &[u8],
    diags: &mut Diagnostics,
) -> Option<Table> {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let (rows, sheet) = if sheet::is_workbook(name) {
        match sheet::read(bytes, how.profile.sheet.as_deref()) {
            Ok(grid) => (grid.rows, Some((grid.sheet, grid.first_column))),
            Err(message) => {
                diags.push(Diagnostic::error(file, message));
                return None;
            }
        }
    } else {
        (text_rows(how, file, bytes, diags)?, None)
    };
    let mut table = Table {
        name: how.spec.name,
        file: file.to_path_buf(),
        sheet,
        columns: BTreeMap::new(),
        items: Vec::new(),
        rows: Vec::new(),
        format: Format::of(how.profile),
        date_messages: Default::default(),
    };
    let mut rows: Vec<Row> = rows
        .into_iter()
        // Rows of only empty fields (spreadsheets leave them at the end) are no rows.
        .filter(|r| r.fields.iter().any(|f| !f.is_empty()))
        .collect();

    let at = match how.profile.header_row {
        Some(n) => match rows.iter().position(|r| r.line == u64::from(n)) {
            Some(i) => i,
            None => {
                diags.push(table.whole(format!(
                    "row {n} (data.{}.header_row) is empty or beyond the end; the header is elsewhere, or leave header_row out to find it",
                    how.spec.name
                )));
                return None;
            }
        },
        // The first row with every required column; failing that, the row that names most
        // of the table's columns (so a wrong mapping is reported on the real header, not on a
        // title line above it).
        None => rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .position(|r| has_required(how, &r.fields))
            .or_else(|| {
                let best = rows
                    .iter()
                    .take(HEADER_SEARCH_ROWS)
                    .enumerate()
                    .max_by_key(|(i, r)| (named(how, &r.fields), std::cmp::Reverse(*i)))?;
                (named(how, &best.1.fields) > 0).then_some(best.0)
            })
            .unwrap_or(0),
    };
    if rows.is_empty() {
        diags.push(table.whole(format!(
            "is empty; it needs at least the header line: {}",
            how.spec.required.join(",")
        )));
        return None;
    }
    let header = rows.remove(at);
    // Lines above the header are titles and notes, not data.
    let rows: Vec<Row> = rows.split_off(at);

    let (columns, items) = match_header(how, &table, &header, diags)?;
    table.columns = columns;
    table.items = items;
    let width = header.fields.len();
    let mut kept = Vec::with_capacity(rows.len());
    for mut row in rows {
        if table.sheet.is_none() && row.fields.len() != width {
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "has {} fields but the header has {width}; check the quotes and delimiters on this line",
                        row.fields.len()
                    ),
                )
                .at(row.line),
            );
            continue;
        }
        map_values(&table, &mut row);
        kept.push(row);
    }
    table.rows = kept;
    Some(table)
}

/// The rows of a delimited text file, decoded by the profile's encoding; reports the
/// encoding when werkt had to choose it.
fn text_rows(
    how: &Reading<'_>,
    file: &Path,
    bytes: &[u8],
    diags: &mut Diagnostics,
) -> Option<Vec<Row>> {
    let read = match how.profile.delimiter.byte() {
        Some(d) => read_text(bytes, how.profile.encoding, Some(d)),
        None => read_guessing(how, bytes),
    };
    match read {
        Ok((rows, guessed)) => {
            if let Some(encoding) = guessed {
                diags.push(Diagnostic::warning(
                    file,
                    WarningKind::Encoding,
                    format!(
                        "is not UTF-8; read as {encoding}. If letters such as ë or € look wrong in the report, set encoding in [data.{}]",
                        how.spec.name
                    ),
                ));
            }
            Some(rows)
        }
        Err((line, message)) => {
            diags.push(Diagnostic::error(file, message).at(line));
            None
        }
    }
}

/// Reads a text file whose delimiter is not set: with the one its first line suggests, and
/// when no row then has the table's required columns (a title line above the header misled
/// the guess), with each other delimiter until one gives the header.
fn read_guessing(how: &Reading<'_>, bytes: &[u8]) -> Result<TextRows, (u64, String)> {
    let first = read_text(bytes, how.profile.encoding, None)?;
    let found = |rows: &[Row]| {
        rows.iter()
            .take(HEADER_SEARCH_ROWS)
            .any(|r| has_required(how, &r.fields))
    };
    if found(&first.0) {
        return Ok(first);
    }
    for d in DELIMITERS {
        if let Ok(other) = read_text(bytes, how.profile.encoding, Some(d))
            && found(&other.0)
        {
            return Ok(other);
        }
    }
    Ok(first)
}

/// The delimiters werkt reads: comma, semicolon, tab, bar.
pub(crate) const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// A text file's rows, and the encoding werkt chose when the bytes were not UTF-8.
pub(crate) type TextRows = (Vec<Row>, Option<&'static str>);

/// A delimited text file as rows. The delimiter is guessed from the first lines when not
/// given. `Err((line, message))`.
pub(crate) fn read_text(
    bytes: &[u8],
    encoding: Encoding,
    delimiter: Option<u8>,
) -> Result<TextRows, (u64, String)> {
    let decoded = decode(bytes, encoding)?;
    let text = decoded.text.as_ref();
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(text));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());

    // Physical lines are counted here from byte offsets: the csv crate's own line count does
    // not count a CRLF inside a quoted field. CR alone ends lines only in files without LF.
    let terminator = if text.contains('\n') { b'\n' } else { b'\r' };
    let ends: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == terminator)
        .map(|(i, _)| i)
        .collect();
    // After a CRLF the next record's position is the LF itself; an LF at the position is counted.
    let line_at = |byte: u64| ends.partition_point(|&e| (e as u64) <= byte) as u64 + 1;

    let mut record = csv::StringRecord::new();
    let mut rows = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| line_at(p.byte()));
                let fields: Vec<String> = record.iter().map(str::to_string).collect();
                rows.push(Row {
                    line,
                    fields,
                    typed: Vec::new(),
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                return Err((line, format!("cannot be read as CSV: {e}")));
            }
        }
    }
    Ok((rows, decoded.guessed))
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The headers our column `name` may have: its mapping, or its own name.
fn headers_of<'a>(how: &'a Reading<'_>, name: &'a str) -> Vec<&'a str> {
    match how.mapping.get(name) {
        Some(h) => h.iter().collect(),
        None => vec![name],
    }
}

/// How many of the table's columns a row names.
fn named(how: &Reading<'_>, fields: &[String]) -> usize {
    how.spec
        .columns()
        .filter(|name| {
            headers_of(how, name)
                .iter()
                .any(|h| fields.iter().any(|f| same(f, h)))
        })
        .count()
}

/// Whether a row has every required column of the table: then it is the header.
fn has_required(how: &Reading<'_>, fields: &[String]) -> bool {
    how.spec.required.iter().all(|name| {
        headers_of(how, name)
            .iter()
            .any(|h| fields.iter().any(|f| same(f, h)))
    })
}

/// Replaces the values the profile maps (`Ziek` -> `sick`) in one row.
fn map_values(table: &Table, row: &mut Row) {
    for (col, map) in &table.format.values {
        let Some(found) = table.columns.get(col.as_str()) else {
            continue;
        };
        if let Some(field) = row.fields.get_mut(found.index)
            && let Some(ours) = map.get(&field.trim().to_lowercase())
        {
            *field = ours.clone();
            if let Some(t) = row.typed.get_mut(found.index) {
                *t = None;
            }
        }
    }
}

type Matched = (BTreeMap<&'static str, Found>, Vec<(String, Found)>);

fn match_header(
    how: &Reading<'_>,
    table: &Table,
    header: &Row,
    diags: &mut Diagnostics,
) -> Option<Matched> {
    let spec = how.spec;
    let headers = &header.fields;
    let line = header.line;
    let mut ok = true;
    let place = |index: usize, column: Column| Found { index, column };

    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        if let Some(j) = headers[..i].iter().position(|p| same(p, h)) {
            diags.push(
                table
                    .problem_at(
                        Diagnostic::error(
                            &table.file,
                            format!(
                                "the header has this column twice (columns {} and {})",
                                j + 1,
                                i + 1
                            ),
                        ),
                        line,
                        None,
                    )
                    .value(h.clone()),
            );
            ok = false;
        }
    }

    let mut used = vec![false; headers.len()];
    let mut columns = BTreeMap::new();
    let mut missing: Vec<&'static str> = Vec::new();
    for name in spec.columns() {
        let candidates = headers_of(how, name);
        let found = headers
            .iter()
            .enumerate()
            .find(|(_, h)| candidates.iter().any(|c| same(h, c)));
        match found {
            Some((index, h)) => {
                used[index] = true;
                let column = Column {
                    name: name.to_string(),
                    header: (!same(h, name)).then(|| h.clone()),
                };
                columns.insert(name, place(index, column));
            }
            None if spec.required.contains(&name) => missing.push(name),
            None => {}
        }
    }

    if !missing.is_empty() {
        let shown: Vec<&str> = headers
            .iter()
            .map(String::as_str)
            .filter(|h| !h.is_empty())
            .collect();
        let advice = format!(
            "the header line has: {}. Map the export's headers in [data.columns.{}], or run `werkt init --from DIR` to have the mapping written",
            shown.join(", "),
            spec.name
        );
        // One message for the header: several columns missing are one mistake (a wrong
        // mapping, or no mapping), seen once.
        let d = match missing[..] {
            [one] => table
                .problem_at(
                    Diagnostic::error(&table.file, format!("required column is missing; {advice}")),
                    line,
                    None,
                )
                .column(Column {
                    name: one.to_string(),
                    header: how
                        .mapping
                        .get(one)
                        .map(|h| h.iter().collect::<Vec<_>>().join("\" or \"")),
                }),
            _ => table.problem_at(
                Diagnostic::error(
                    &table.file,
                    format!(
                        "{} required columns are missing ({}); {advice}",
                        missing.len(),
                        missing.join(", ")
                    ),
                ),
                line,
                None,
            ),
        };
        diags.push(d);
        ok = false;
    }

    let mut items: Vec<(String, Found)> = Vec::new();
    for (index, h) in headers.iter().enumerate() {
        if used[index] || h.is_empty() || how.profile.ignore.iter().any(|i| same(i, h)) {
            continue;
        }
        // With a required column missing, the other columns are most likely the mapping's
        // fault too: the missing columns say so, a warning per header would bury that.
        if !ok {
            continue;
        }
        let unknown = |message: String| {
            let d = if how.strict {
                Diagnostic::error(&table.file, message)
            } else {
                Diagnostic::warning(&table.file, WarningKind::UnusedColumn, message)
            };
            let cell = Found {
                index,
                column: Column {
                    name: h.clone(),
                    header: None,
                },
            };
            table.problem_at(d, line, Some(&cell))
        };
        let not_used = if how.strict {
            "data.strict is on, so it is an error; remove the column, or add it to data.{t}.ignore"
        } else {
            "it is not used (add it to data.{t}.ignore to say so, and this warning goes)"
        }
        .replace("{t}", spec.name);
        if spec.has_items {
            // A mapped item column takes our name; otherwise the header (lowercased) is the name.
            let mapped = how
                .mapping
                .iter()
                .find(|(ours, theirs)| !spec.knows(ours) && theirs.iter().any(|t| same(t, h)));
            let (item, header) = match mapped {
                Some((ours, _)) => (ours.clone(), Some(h.clone())),
                None => (h.to_lowercase(), None),
            };
            let column = Column {
                name: item.clone(),
                header,
            };
            if scale_of(&item, how.scales).is_none() {
                let prefixes: Vec<&str> = how.scales.keys().map(String::as_str).collect();
                diags.push(unknown(format!(
                    "not a survey item: no scale prefix ({}) matches it; {not_used}; an item column needs a mapping in [data.columns.survey] or its scale in [data.survey.scales]",
                    prefixes.join(", ")
                )));
                ok &= !how.strict;
            } else if let Some((_, other)) = items.iter().find(|(i, _)| *i == item) {
                diags.push(
                    table
                        .problem_at(
                            Diagnostic::error(
                                &table.file,
                                format!(
                                    "columns {} and {} are both the survey item {item}; check [data.columns.survey]",
                                    other.index + 1,
                                    index + 1
                                ),
                            ),
                            line,
                            None,
                        )
                        .value(h.clone()),
                );
                ok = false;
            } else {
                items.push((item, place(index, column)));
            }
        } else {
            diags.push(unknown(format!(
                "unknown column; {not_used}. The columns of the {} table are {} (map differently named headers in [data.columns.{}])",
                spec.name,
                spec.columns().collect::<Vec<_>>().join(", "),
                spec.name
            )));
            ok &= !how.strict;
        }
    }
    ok.then_some((columns, items))
}
