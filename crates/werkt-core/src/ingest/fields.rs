//! Typed fields: text to numbers and dates, with the messages users see when that fails.

use werkt_model::Date;

use super::table::{Found, Row, Table};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// A number as spreadsheets write it: `0.8`, or `0,8` (a decimal comma, as Dutch exports do).
/// Thousands separators are refused rather than guessed. NaN and infinities are not numbers.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let owned;
    let s = if !s.contains('.') && s.matches(',').count() == 1 {
        owned = s.replace(',', ".");
        owned.as_str()
    } else {
        s
    };
    let ok_chars = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if s.is_empty() || !ok_chars {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A whole number; `3`, `3.0` and `3,0` are all 3.
pub(crate) fn parse_whole(s: &str) -> Option<i64> {
    let v = parse_number(s)?;
    (v.fract() == 0.0 && v.abs() < 1e15).then_some(v as i64)
}

/// Why a date did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateError {
    Format,
    NoSuchDay,
}

impl DateError {
    pub fn message(self) -> &'static str {
        match self {
            DateError::Format => "is not a date written YYYY-MM-DD",
            DateError::NoSuchDay => "is not a calendar date (there is no such day)",
        }
    }
}

/// An ISO date, `YYYY-MM-DD`, strictly: other layouts are refused, not guessed, because
/// `01-02-2026` means different days in different countries.
pub(crate) fn parse_date(s: &str) -> Result<Date, DateError> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return Err(DateError::Format);
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    Date::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10)).ok_or(DateError::NoSuchDay)
}

/// Reads the fields of one row, reporting each problem; `failed` tells whether the row can be
/// used. Every field is checked even after a failure, so one pass reports them all.
pub(crate) struct RowReader<'a> {
    pub table: &'a Table,
    pub row: &'a Row,
    pub diags: &'a mut Diagnostics,
    pub failed: bool,
}

impl<'a> RowReader<'a> {
    pub fn new(table: &'a Table, row: &'a Row, diags: &'a mut Diagnostics) -> RowReader<'a> {
        RowReader {
            table,
            row,
            diags,
            failed: false,
        }
    }

    pub fn raw(&self, col: &str) -> &'a str {
        self.table.field(self.row, col)
    }

    /// Reports a problem with column `col` and marks the row unusable.
    pub fn error(&mut self, col: &str, message: impl Into<String>) {
        let value = self.raw(col).to_string();
        let d = Diagnostic::error(&self.table.file, message)
            .at(self.row.line)
            .column(self.table.col(col))
            .value(value);
        self.diags.push(d);
        self.failed = true;
    }

    /// Reports a problem with a survey item column.
    pub fn error_item(&mut self, found: &Found, value: &str, message: String) {
        let d = Diagnostic::error(&self.table.file, message)
            .at(self.row.line)
            .column(found.column.clone())
            .value(value);
        self.diags.push(d);
        self.failed = true;
    }

    /// A required text field.
    pub fn text(&mut self, col: &str) -> String {
        let v = self.raw(col);
        if v.is_empty() {
            self.error(col, "is empty; a value is required");
        }
        v.to_string()
    }

    /// An optional text field: `None` when blank or absent.
    pub fn opt_text(&self, col: &str) -> Option<String> {
        Some(self.raw(col))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    pub fn date(&mut self, col: &str) -> Option<Date> {
        let v = self.raw(col);
        if v.is_empty() {
            self.error(col, "is empty; a date YYYY-MM-DD is required");
            return None;
        }
        self.opt_date(col)
    }

    /// An optional date; `None` when blank (or unreadable, which is reported).
    pub fn opt_date(&mut self, col: &str) -> Option<Date> {
        let v = self.raw(col);
        if v.is_empty() {
            return None;
        }
        match parse_date(v) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(col, e.message());
                None
            }
        }
    }

    /// An optional number; `None` when blank or absent (or not a number, which is reported).
    pub fn opt_number(&mut self, col: &str) -> Option<f64> {
        let v = self.raw(col);
        if v.is_empty() {
            return None;
        }
        let n = parse_number(v);
        if n.is_none() {
            self.error(col, "is not a number");
        }
        n
    }

    pub fn number(&mut self, col: &str) -> Option<f64> {
        if self.raw(col).is_empty() {
            self.error(col, "is empty; a number is required");
            return None;
        }
        self.opt_number(col)
    }

    /// The end of an interval: blank means open; before `start` is an error.
    pub fn end_date(&mut self, col: &str, start: Option<Date>, start_col: &str) -> Option<Date> {
        let end = self.opt_date(col)?;
        if let Some(s) = start
            && end < s
        {
            self.error(col, format!("is before {start_col} {s}"));
        }
        Some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_a_decimal_point_or_comma() {
        assert_eq!(parse_number("0.8"), Some(0.8));
        assert_eq!(parse_number("0,8"), Some(0.8));
        assert_eq!(parse_number(" 1 "), Some(1.0));
        assert_eq!(parse_number("-2"), Some(-2.0));
        for bad in [
            "",
            "abc",
            "NaN",
            "nan",
            "inf",
            "-infinity",
            "1.000,50",
            "1,000,000",
            "1 000",
            "0x10",
        ] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(parse_whole("3"), Some(3));
        assert_eq!(parse_whole("3.0"), Some(3));
        assert_eq!(parse_whole("3.5"), None);
        assert_eq!(parse_whole("1e300"), None);
    }

    #[test]
    fn dates_are_iso_and_real() {
        assert_eq!(
            parse_date("2026-02-28"),
            Ok(Date::from_ymd_opt(2026, 2, 28).unwrap())
        );
        assert_eq!(parse_date("2026-02-30"), Err(DateError::NoSuchDay));
        assert_eq!(
            parse_date("2024-02-29").map(|d| d.to_string()),
            Ok("2024-02-29".into())
        );
        for bad in [
            "28-02-2026",
            "2026/02/28",
            "2026-2-28",
            "20260228",
            "",
            "2026-02-28T00:00",
            "２０２６-02-28",
        ] {
            assert_eq!(parse_date(bad), Err(DateError::Format), "{bad}");
        }
    }
}
