//! Typed fields: text (or spreadsheet cells) to numbers and dates, by the table's profile,
//! with the messages users see when that fails.

use werkt_model::Date;

use super::format::{DateError, DateFormat, excel_serial_date};
use super::table::{Found, Row, Table, Typed};
use crate::config::{EndDate, FteScale};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// A whole number; `3`, `3.0` and `3,0` are all 3.
pub(crate) fn whole(v: f64) -> Option<i64> {
    (v.fract() == 0.0 && v.abs() < 1e15).then_some(v as i64)
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
        let d = self.table.error(self.row.line, col, message, self.raw(col));
        self.diags.push(d);
        self.failed = true;
    }

    /// Reports a problem with a survey item column.
    pub fn error_item(&mut self, found: &Found, value: &str, message: String) {
        let d = self
            .table
            .problem_at(
                Diagnostic::error(&self.table.file, message),
                self.row.line,
                Some(found),
            )
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
        if self.raw(col).is_empty() {
            let format = self.table.format.date_pattern.clone();
            self.error(col, format!("is empty; a date {format} is required"));
            return None;
        }
        self.opt_date(col)
    }

    /// An optional date; `None` when blank (or unreadable, which is reported). A date cell is
    /// a date; a number in a spreadsheet is taken as Excel's day number; text is read in the
    /// profile's layout.
    pub fn opt_date(&mut self, col: &str) -> Option<Date> {
        let v = self.raw(col);
        if v.is_empty() {
            return None;
        }
        let read = match self.table.typed(self.row, col) {
            Some(Typed::Date(d)) => Ok(d),
            Some(Typed::Number(n)) => match excel_serial_date(n) {
                Some(d) => Ok(d),
                None => {
                    self.error(
                        col,
                        "is a number, not a date: give the column date cells, or text in the layout of data.<table>.date_format"
                            .replace("<table>", self.table.name),
                    );
                    return None;
                }
            },
            Some(Typed::Error) => Err(DateError::Format),
            None => self.table.format.date.read(v),
        };
        match read {
            Ok(d) => Some(d),
            Err(DateError::NoSuchDay) => {
                self.error(col, "is not a calendar date (there is no such day)");
                None
            }
            Err(DateError::Format) => {
                let message = self.date_message(col);
                self.error(col, message);
                None
            }
        }
    }

    /// Why a date did not read, with the layout the whole column fits when there is one: the
    /// usual cause is a whole column in another layout, and then the fix is one setting. The
    /// column is looked at once; its other rows reuse the message.
    fn date_message(&self, col: &str) -> String {
        let t = self.table;
        if let Some(m) = t.date_messages.borrow().get(col) {
            return m.clone();
        }
        let message = self.date_message_of_column(col);
        t.date_messages
            .borrow_mut()
            .insert(col.to_string(), message.clone());
        message
    }

    fn date_message_of_column(&self, col: &str) -> String {
        let t = self.table;
        let configured = &t.format.date_pattern;
        let mut message = format!("is not a date written {configured}");
        let values = t
            .rows
            .iter()
            .filter(|r| t.typed(r, col).is_none())
            .map(|r| t.field(r, col));
        let fits = DateFormat::fitting(values);
        let key = format!("data.{}.date_format", t.name);
        match fits.as_slice() {
            [] => {}
            [one, ..] if fits.iter().all(|f| same_order(f, one)) => message.push_str(&format!(
                "; every date in this column fits {one}: set {key} = \"{one}\""
            )),
            several => message.push_str(&format!(
                "; the dates in this column fit {} alike (no day is above 12): set {key} to the layout your system writes",
                several.join(" and ")
            )),
        }
        message
    }

    /// An optional number; `None` when blank or absent (or not a number, which is reported).
    pub fn opt_number(&mut self, col: &str) -> Option<f64> {
        let v = self.raw(col);
        if v.is_empty() {
            return None;
        }
        let n = match self.table.typed(self.row, col) {
            Some(Typed::Number(n)) => Some(n),
            Some(Typed::Date(_)) => {
                self.error(col, "is a date, not a number");
                return None;
            }
            Some(Typed::Error) => None,
            None => self.table.format.number.read(v),
        };
        if n.is_none() {
            // Digits and separators only: an amount written with thousands separators.
            let amount_like = v.chars().any(|c| c.is_ascii_digit())
                && v.chars()
                    .all(|c| c.is_ascii_digit() || ".,' \u{a0}\u{202f}-+".contains(c))
                && v.matches(['.', ',', ' ', '\'', '\u{a0}', '\u{202f}'])
                    .count()
                    > 1;
            let message = if amount_like {
                format!(
                    "is not a number; if it is written with separators between thousands, set data.{t}.thousands_separator and data.{t}.decimal_separator (\".\" and \",\" for 12.500,00)",
                    t = self.table.name
                )
            } else {
                "is not a number".to_string()
            };
            self.error(col, message);
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

    /// A part-time factor: `0.8`, `80%`, or `80` when the profile says fte is in percent.
    pub fn fte(&mut self, col: &str) -> Option<f64> {
        let v = self.raw(col);
        if let Some(percent) = v.strip_suffix('%')
            && self.table.typed(self.row, col).is_none()
        {
            let n = self.table.format.number.read(percent.trim());
            if n.is_none() {
                self.error(col, "is not a percentage");
            }
            return n.map(|p| p / 100.0);
        }
        let n = self.number(col)?;
        Some(match self.table.format.fte_scale {
            FteScale::Factor => n,
            FteScale::Percent => n / 100.0,
        })
    }

    /// An optional whole number, reported with `message` when it is not one.
    pub fn opt_whole(&mut self, col: &str, message: &str) -> Option<Option<i64>> {
        self.read_whole(col, message, |n| n)
    }

    /// An optional whole percentage (`50`, `50%`), where a spreadsheet cell formatted as a
    /// percentage holds the fraction: 50% is 0.5.
    pub fn opt_percent(&mut self, col: &str, message: &str) -> Option<Option<i64>> {
        self.read_whole(col, message, |n| {
            if n > 0.0 && n <= 1.0 {
                (n * 100.0 * 1e6).round() / 1e6
            } else {
                n
            }
        })
    }

    /// A whole number from the text, or from a spreadsheet's number cell through `cell`.
    fn read_whole(
        &mut self,
        col: &str,
        message: &str,
        cell: impl Fn(f64) -> f64,
    ) -> Option<Option<i64>> {
        let v = self.raw(col);
        if v.is_empty() {
            return Some(None);
        }
        let n = match self.table.typed(self.row, col) {
            Some(Typed::Number(n)) => Some(cell(n)),
            Some(_) => None,
            None => self
                .table
                .format
                .number
                .read(v.strip_suffix('%').unwrap_or(v).trim()),
        };
        match n.and_then(whole) {
            Some(w) => Some(Some(w)),
            None => {
                self.error(col, message);
                None
            }
        }
    }

    /// The end of an interval: blank means open; before `start` is an error. When the
    /// profile says the export writes the first day after (a return date), the last day is
    /// the day before; a return on the first day itself counts as that one day.
    pub fn end_date(&mut self, col: &str, start: Option<Date>, start_col: &str) -> Option<Date> {
        let end = self.opt_date(col)?;
        if let Some(s) = start
            && end < s
        {
            self.error(col, format!("is before {start_col} {s}"));
        }
        Some(match self.table.format.end_date {
            EndDate::LastDay => end,
            EndDate::DayAfter => end
                .pred_opt()
                .filter(|last| start.is_none_or(|s| *last >= s))
                .unwrap_or(end),
        })
    }
}

/// Whether two layouts read day, month and year in the same order (`DD-MM-YYYY` and
/// `D-M-YYYY` do; `DD/MM/YYYY` and `MM/DD/YYYY` do not).
fn same_order(a: &str, b: &str) -> bool {
    let order = |p: &str| {
        p.chars()
            .filter(|c| matches!(c, 'Y' | 'M' | 'D'))
            .fold(String::new(), |mut s, c| {
                if !s.ends_with(c) {
                    s.push(c);
                }
                s
            })
    };
    order(a) == order(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers() {
        assert_eq!(whole(3.0), Some(3));
        assert_eq!(whole(3.5), None);
        assert_eq!(whole(1e300), None);
    }

    #[test]
    fn layouts_in_the_same_order() {
        assert!(same_order("DD-MM-YYYY", "D-M-YYYY"));
        assert!(same_order("DD-MM-YYYY", "DD/MM/YYYY"));
        assert!(!same_order("DD/MM/YYYY", "MM/DD/YYYY"));
    }
}
