//! One CSV file read into rows of text, with its header matched to our column names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::text::{decode, sniff_delimiter};
use crate::diagnostic::{Column, Diagnostic, Diagnostics};
use crate::tables::{TableSpec, scale_of};

/// A data row: its physical line (of the record's start) and its trimmed fields.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub line: u64,
    pub fields: Vec<String>,
}

/// A column found in the header: where it is and how the user called it.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub index: usize,
    pub column: Column,
}

/// A read CSV file. `columns` holds every column of the spec that is present (after the
/// mapping); `items` the survey item columns, named as after the mapping.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub file: PathBuf,
    pub columns: BTreeMap<&'static str, Found>,
    pub items: Vec<(String, Found)>,
    pub rows: Vec<Row>,
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
}

/// Reads one CSV file. Returns `None` (after reporting why) when its rows cannot be read at
/// all: not text, no header, a required column missing, unknown columns. Row-level problems
/// (a wrong number of fields) are reported and the row is left out.
pub(crate) fn read_table(
    spec: &'static TableSpec,
    file: &Path,
    bytes: &[u8],
    mapping: &BTreeMap<String, String>,
    scales: &BTreeMap<String, [i64; 2]>,
    diags: &mut Diagnostics,
) -> Option<Table> {
    let text = match decode(bytes) {
        Ok(t) => t,
        Err((line, msg)) => {
            diags.push(Diagnostic::error(file, msg).at(line));
            return None;
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text))
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
    let mut header: Option<(u64, Vec<String>)> = None;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| line_at(p.byte()));
                let fields: Vec<String> = record.iter().map(str::to_string).collect();
                // Lines of only delimiters (spreadsheets leave them at the end) are no rows.
                if fields.iter().all(String::is_empty) {
                    continue;
                }
                if header.is_none() {
                    header = Some((line, fields));
                } else {
                    rows.push(Row { line, fields });
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(p.byte()));
                diags.push(Diagnostic::error(file, format!("cannot be read as CSV: {e}")).at(line));
                return None;
            }
        }
    }

    let Some((header_line, headers)) = header else {
        diags.push(Diagnostic::error(
            file,
            format!(
                "is empty; it needs at least the header line: {}",
                spec.required.join(",")
            ),
        ));
        return None;
    };

    let columns = match_header(spec, file, header_line, &headers, mapping, scales, diags)?;
    let (columns, items) = columns;
    let width = headers.len();
    let mut kept = Vec::with_capacity(rows.len());
    for row in rows {
        if row.fields.len() != width {
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
        } else {
            kept.push(row);
        }
    }
    Some(Table {
        file: file.to_path_buf(),
        columns,
        items,
        rows: kept,
    })
}

type Matched = (BTreeMap<&'static str, Found>, Vec<(String, Found)>);

fn match_header(
    spec: &'static TableSpec,
    file: &Path,
    line: u64,
    headers: &[String],
    mapping: &BTreeMap<String, String>,
    scales: &BTreeMap<String, [i64; 2]>,
    diags: &mut Diagnostics,
) -> Option<Matched> {
    let mut ok = true;
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());

    for (i, h) in headers.iter().enumerate() {
        if let Some(j) = headers[..i].iter().position(|p| same(p, h)) {
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "the header has this column twice (columns {} and {})",
                        j + 1,
                        i + 1
                    ),
                )
                .at(line)
                .value(h.clone()),
            );
            ok = false;
        }
    }

    let mut used = vec![false; headers.len()];
    let mut columns = BTreeMap::new();
    for name in spec.columns() {
        let mapped = mapping.get(name).filter(|h| !same(h, name));
        let expected = mapped.map_or(name, String::as_str);
        let column = Column {
            name: name.to_string(),
            header: mapped.cloned(),
        };
        match headers.iter().position(|h| same(h, expected)) {
            Some(index) => {
                used[index] = true;
                columns.insert(name, Found { index, column });
            }
            None if spec.required.contains(&name) => {
                diags.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "required column is missing; the header line has: {}",
                            headers.join(", ")
                        ),
                    )
                    .at(line)
                    .column(column),
                );
                ok = false;
            }
            None => {}
        }
    }

    let mut items: Vec<(String, Found)> = Vec::new();
    for (index, h) in headers.iter().enumerate() {
        if used[index] {
            continue;
        }
        if spec.has_items {
            // A mapped item column takes our name; otherwise the header (lowercased) is the name.
            let mapped = mapping
                .iter()
                .find(|(ours, theirs)| !spec.knows(ours) && same(theirs, h));
            let (item, header) = match mapped {
                Some((ours, _)) => (ours.clone(), Some(h.clone())),
                None => (h.to_lowercase(), None),
            };
            let column = Column {
                name: item.clone(),
                header,
            };
            if scale_of(&item, scales).is_none() {
                let prefixes: Vec<&str> = scales.keys().map(String::as_str).collect();
                diags.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "unknown survey column: no scale prefix ({}) matches it; map it in [data.columns.survey] or add its scale to [data.survey.scales]",
                            prefixes.join(", ")
                        ),
                    )
                    .at(line)
                    .column(column),
                );
                ok = false;
            } else if let Some((_, other)) = items.iter().find(|(i, _)| *i == item) {
                diags.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "columns {} and {} are both the survey item {item}; check [data.columns.survey]",
                            other.index + 1,
                            index + 1
                        ),
                    )
                    .at(line)
                    .value(h.clone()),
                );
                ok = false;
            } else {
                items.push((item, Found { index, column }));
            }
        } else {
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "unknown column; the columns of {} are {} (map differently named headers in [data.columns.{}])",
                        spec.file,
                        spec.columns().collect::<Vec<_>>().join(", "),
                        spec.name
                    ),
                )
                .at(line)
                .value(h.clone()),
            );
            ok = false;
        }
    }
    ok.then_some((columns, items))
}
