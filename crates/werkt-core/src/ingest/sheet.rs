//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) read with calamine into rows of cells, keeping
//! what the spreadsheet knows about each value: a date cell is a date and a number a number,
//! so they need no layout or separators.

use std::io::Cursor;

use calamine::{Data, Reader};
use werkt_model::Date;

use super::table::{Row, Typed};

/// The file extensions read as workbooks; everything else is read as delimited text.
pub const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether a file is read as a workbook, by its name's extension (any case).
pub(crate) fn is_workbook(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        WORKBOOK_EXTENSIONS
            .iter()
            .any(|w| w.eq_ignore_ascii_case(ext))
    })
}

/// One sheet's rows. `line` of a row is its row number in the sheet, and a field's index
/// plus `first_column` its column (0 = A), so diagnostics name the cell the user sees.
#[derive(Debug)]
pub(crate) struct Grid {
    pub sheet: String,
    pub first_column: u32,
    pub rows: Vec<Row>,
}

/// The names of a workbook's sheets, in order.
pub(crate) fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, String> {
    guarded(|| {
        let book = open(bytes)?;
        Ok(book.sheet_names())
    })
}

/// Reads the sheet named `sheet` (its name compared without regard to case), or the first.
pub(crate) fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Grid, String> {
    guarded(|| {
        let mut book = open(bytes)?;
        let names = book.sheet_names();
        let name = match sheet {
            Some(wanted) => names
                .iter()
                .find(|n| n.trim().eq_ignore_ascii_case(wanted.trim()))
                .cloned()
                .ok_or_else(|| {
                    format!(
                        "has no sheet \"{wanted}\"; its sheets are {}",
                        super::quoted(&names)
                    )
                })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| "has no sheets".to_string())?,
        };
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("sheet \"{name}\" cannot be read: {e}"))?;
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let (fields, typed) = cells.iter().map(cell).unzip();
                Row {
                    line: u64::from(first_row) + i as u64 + 1,
                    fields,
                    typed,
                }
            })
            .collect();
        Ok(Grid {
            sheet: name,
            first_column,
            rows,
        })
    })
}

fn open(bytes: &[u8]) -> Result<calamine::Sheets<Cursor<&[u8]>>, String> {
    calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        format!("cannot be read as a workbook ({e}); check that it is the spreadsheet itself and not damaged, or export it as CSV")
    })
}

/// Runs a calamine call so that a panic on a damaged file (a bug in the parser, but the input
/// is the user's) becomes an error for this file instead of ending the run.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err("cannot be read as a workbook (the reader failed on its contents); open it in a spreadsheet program and save it again, or export it as CSV".into())
    })
}

/// A cell as text (what the user sees, and what text columns such as ids take) and its type.
fn cell(d: &Data) -> (String, Option<Typed>) {
    match d {
        Data::Empty => (String::new(), None),
        Data::String(s) => (s.trim().to_string(), None),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.into(), None),
        Data::Int(i) => (i.to_string(), Some(Typed::Number(*i as f64))),
        Data::Float(f) => (number_text(*f), Some(Typed::Number(*f))),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            match Date::from_ymd_opt(i32::from(y), u32::from(m), u32::from(day)) {
                Some(date) => (date.to_string(), Some(Typed::Date(date))),
                None => (number_text(dt.as_f64()), Some(Typed::Error)),
            }
        }
        // A duration (a time of day) where a date belongs.
        Data::DateTime(dt) => (number_text(dt.as_f64()), Some(Typed::Error)),
        Data::DateTimeIso(s) => {
            let date = s
                .get(..10)
                .and_then(|d| super::format::DateFormat::ISO.read(d).ok());
            (s.clone(), date.map(Typed::Date))
        }
        Data::DurationIso(s) => (s.clone(), Some(Typed::Error)),
        Data::Error(e) => (e.to_string(), Some(Typed::Error)),
    }
}

/// A number as a spreadsheet shows it in a text column: whole numbers without a fraction
/// (an employee number 1001 is "1001", not "1001.0").
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbooks_are_told_by_their_extension() {
        for w in ["a.xlsx", "B.XLS", "c.ods", "d.xlsm", "x.y.xlsb"] {
            assert!(is_workbook(w), "{w}");
        }
        for t in ["a.csv", "xlsx", "a.txt", "a.xlsx.csv"] {
            assert!(!is_workbook(t), "{t}");
        }
    }

    #[test]
    fn a_file_that_is_no_workbook_is_refused_not_panicked_on() {
        let e = read(b"not a zip at all", None).unwrap_err();
        assert!(e.starts_with("cannot be read as a workbook"), "{e}");
        let e = read(b"PK\x03\x04garbage", None).unwrap_err();
        assert!(e.starts_with("cannot be read as a workbook"), "{e}");
    }

    #[test]
    fn numbers_show_as_a_spreadsheet_shows_them() {
        assert_eq!(number_text(1001.0), "1001");
        assert_eq!(number_text(0.8), "0.8");
        assert_eq!(number_text(-3.0), "-3");
    }
}
