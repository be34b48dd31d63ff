//! Problems found in an organisation's input files, each pointing at file, line and column.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::quality::WarningKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input cannot be used; nothing is written for this organisation.
    Error,
    /// Something is ignored or assumed; the run goes on. The kind lets outputs count warnings
    /// without repeating them (see [`crate::quality`]).
    Warning(WarningKind),
}

/// The column a diagnostic is about: our name, and the user's header when it is mapped to a
/// different one, so the user can find it in their own export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub header: Option<String>,
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.header {
            Some(h) => write!(f, "{} (header \"{}\")", clip(&self.name), clip(h)),
            None => write!(f, "{}", clip(&self.name)),
        }
    }
}

/// One problem, shown as `file:line: column: what is wrong (value)`, or for a workbook
/// `file:sheet!C14: ...`. The same problem in many rows is one diagnostic with a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based physical line where the CSV record starts (the header is line 1), or the
    /// sheet's row number.
    pub line: Option<u64>,
    /// For a workbook: the sheet, and the cell's column (0 = A) when the problem is in a cell.
    pub sheet: Option<(String, Option<u32>)>,
    pub column: Option<Column>,
    pub message: String,
    /// The offending value as written, when there is one.
    pub value: Option<String>,
    /// How many rows have this problem (same file, column and message): 1, or more when
    /// [`Diagnostics`] folded them into this one.
    pub count: usize,
    /// A few more of those rows, as examples after this one: line (or cell) and value.
    pub examples: Vec<(u64, Option<u32>, Option<String>)>,
}

/// How many rows a grouped diagnostic shows as examples.
const EXAMPLES: usize = 3;

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            sheet: None,
            column: None,
            message: message.into(),
            value: None,
            count: 1,
            examples: Vec::new(),
        }
    }

    pub fn warning(
        file: impl Into<PathBuf>,
        kind: WarningKind,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning(kind),
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, line: u64) -> Diagnostic {
        self.line = Some(line);
        self
    }

    /// Places the problem in a workbook's sheet, at a cell of column `cell` (0 = A) when given.
    pub fn in_sheet(mut self, sheet: &str, cell: Option<u32>) -> Diagnostic {
        self.sheet = Some((sheet.to_string(), cell));
        self
    }

    pub fn column(mut self, column: Column) -> Diagnostic {
        self.column = Some(column);
        self
    }

    pub fn value(mut self, value: impl Into<String>) -> Diagnostic {
        self.value = Some(value.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Values are shown as written, but cut short and with control characters escaped, so that a
/// binary file cannot garble the terminal.
fn show_value(v: &str) -> String {
    const MAX: usize = 60;
    if v.is_empty() {
        return "empty".into();
    }
    let mut s: String = v.chars().take(MAX).flat_map(char::escape_debug).collect();
    if v.chars().count() > MAX {
        s.push('…');
    }
    s
}

/// Column names and messages can quote a user's header line; a 10 MB header must not become
/// 10 MB of error output per missing column, nor garble the terminal.
fn clip_to(v: &str, max: usize) -> String {
    let mut s = String::new();
    for c in v.chars().take(max) {
        if c.is_control() {
            s.extend(c.escape_debug());
        } else {
            s.push(c);
        }
    }
    if v.chars().nth(max).is_some() {
        s.push('…');
    }
    s
}

fn clip(v: &str) -> String {
    clip_to(v, 60)
}

/// A column index as spreadsheets letter it: 0 = A, 25 = Z, 26 = AA.
fn column_letters(mut index: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Where a row is: `14` for a text file's line, `C14` for a workbook cell.
fn place(line: u64, cell: Option<u32>) -> String {
    match cell {
        Some(c) => format!("{}{line}", column_letters(c)),
        None => line.to_string(),
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        let cell = self.sheet.as_ref().and_then(|(_, c)| *c);
        match (&self.sheet, self.line) {
            (Some((sheet, _)), Some(l)) if self.count == 1 => match cell {
                Some(_) => write!(f, ":{}!{}", clip(sheet), place(l, cell))?,
                None => write!(f, ":{} row {l}", clip(sheet))?,
            },
            (Some((sheet, _)), _) => write!(f, ":{}", clip(sheet))?,
            (None, Some(l)) if self.count == 1 => write!(f, ":{l}")?,
            (None, _) => {}
        }
        write!(f, ": ")?;
        if !self.is_error() {
            write!(f, "warning: ")?;
        }
        if let Some(c) = &self.column {
            write!(f, "{c}: ")?;
        }
        if self.count > 1 {
            write!(f, "{} rows: ", self.count)?;
        }
        write!(f, "{}", clip_to(&self.message, 400))?;
        if self.count > 1 {
            let first = self.line.map(|l| (l, cell, self.value.clone()));
            let shown: Vec<String> = first
                .iter()
                .chain(&self.examples)
                .map(|(l, c, v)| {
                    let at = match (&self.sheet, c) {
                        (Some(_), Some(_)) => place(*l, *c),
                        (Some(_), None) => format!("row {l}"),
                        (None, _) => format!("line {l}"),
                    };
                    match v {
                        Some(v) => format!("{at} ({})", show_value(v)),
                        None => at,
                    }
                })
                .collect();
            let more = self.count.saturating_sub(shown.len());
            write!(f, "; e.g. {}", shown.join(", "))?;
            if more > 0 {
                write!(f, " and {more} more")?;
            }
        } else if let Some(v) = &self.value {
            write!(f, " ({})", show_value(v))?;
        }
        Ok(())
    }
}

/// The diagnostics of one organisation: every warning and error up to a limit each, and the
/// number of those left out beyond it. The same problem in many rows of one column (same file,
/// column and message) is kept once, with a count and a few examples, so one bad column does
/// not use up the limit and hide the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    limit: usize,
    errors: usize,
    warnings: usize,
    /// Problems left out beyond the limit: errors, warnings.
    dropped: (usize, usize),
    /// Kept row-level problems by what makes them the same problem -> index in `items`.
    groups: BTreeMap<GroupKey, usize>,
    /// All warnings found, by kind, including those beyond the limit.
    warning_kinds: BTreeMap<WarningKind, usize>,
}

type GroupKey = (Severity, PathBuf, Option<String>, Option<String>, String);

fn group_key(d: &Diagnostic) -> Option<GroupKey> {
    d.line?;
    Some((
        d.severity,
        d.file.clone(),
        d.sheet.as_ref().map(|(s, _)| s.clone()),
        d.column.as_ref().map(|c| c.name.clone()),
        d.message.clone(),
    ))
}

impl Default for Diagnostics {
    fn default() -> Self {
        Diagnostics::new(100)
    }
}

impl Diagnostics {
    /// Keeps up to `limit` errors and `limit` warnings (`data.max_errors`).
    pub fn new(limit: usize) -> Diagnostics {
        Diagnostics {
            items: Vec::new(),
            limit: limit.max(1),
            errors: 0,
            warnings: 0,
            dropped: (0, 0),
            groups: BTreeMap::new(),
            warning_kinds: BTreeMap::new(),
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        let (count, dropped) = match d.severity {
            Severity::Error => (&mut self.errors, &mut self.dropped.0),
            Severity::Warning(kind) => {
                *self.warning_kinds.entry(kind).or_default() += 1;
                (&mut self.warnings, &mut self.dropped.1)
            }
        };
        *count += 1;
        let key = group_key(&d);
        if let Some(&i) = key.as_ref().and_then(|k| self.groups.get(k)) {
            let kept = &mut self.items[i];
            kept.count += 1;
            if kept.examples.len() + 1 < EXAMPLES
                && let Some(line) = d.line
            {
                let cell = d.sheet.as_ref().and_then(|(_, c)| *c);
                kept.examples.push((line, cell, d.value));
            }
            return;
        }
        let kept = self
            .items
            .iter()
            .filter(|k| k.is_error() == d.is_error())
            .count();
        if kept < self.limit {
            if let Some(k) = key {
                self.groups.insert(k, self.items.len());
            }
            self.items.push(d);
        } else {
            *dropped += 1;
        }
    }

    /// The kept diagnostics, in order of file and line once [`Diagnostics::sort`] ran.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// All errors found, including those beyond the limit.
    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// All warnings found, including those beyond the limit.
    pub fn warning_count(&self) -> usize {
        self.warnings
    }

    /// How many warnings of each kind were found, including those beyond the limit, in kind
    /// order.
    pub fn warning_counts(&self) -> impl Iterator<Item = (WarningKind, usize)> + '_ {
        self.warning_kinds.iter().map(|(k, n)| (*k, *n))
    }

    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    pub fn is_empty(&self) -> bool {
        self.errors == 0 && self.warnings == 0
    }

    /// Orders by `file_rank` (the order the files are read in), then line, keeping the order
    /// found within a line.
    pub(crate) fn sort_by_file(&mut self, file_rank: impl Fn(&std::path::Path) -> usize) {
        self.items
            .sort_by_key(|d| (file_rank(&d.file), d.line.unwrap_or(0)));
        self.groups.clear();
        for (i, d) in self.items.iter().enumerate() {
            if let Some(k) = group_key(d) {
                self.groups.insert(k, i);
            }
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        for (more, what) in [(self.dropped.0, "error"), (self.dropped.1, "warning")] {
            if more > 0 {
                let s = if more == 1 { "" } else { "s" };
                writeln!(
                    f,
                    "... and {more} more {what}{s} (data.max_errors = {} limits the list)",
                    self.limit
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_file_line_column_message_and_value() {
        let d = Diagnostic::error("employees.csv", "is not a number")
            .at(3)
            .column(Column {
                name: "fte".into(),
                header: Some("Deeltijdfactor".into()),
            })
            .value("abc");
        assert_eq!(
            d.to_string(),
            "employees.csv:3: fte (header \"Deeltijdfactor\"): is not a number (abc)"
        );
        let w = Diagnostic::warning(
            "absence.csv",
            WarningKind::AbsenceOutsideEmployment,
            "outside employment",
        )
        .at(9);
        assert_eq!(w.to_string(), "absence.csv:9: warning: outside employment");
    }

    #[test]
    fn values_are_escaped_and_cut() {
        let d = Diagnostic::error("a.csv", "bad").value("\u{1b}[2J\0");
        assert_eq!(d.to_string(), "a.csv: bad (\\u{1b}[2J\\0)");
        let long = "x".repeat(100);
        let shown = Diagnostic::error("a.csv", "bad").value(long).to_string();
        assert!(shown.ends_with(&format!("{}…)", "x".repeat(60))), "{shown}");
    }

    #[test]
    fn a_huge_header_in_a_message_or_column_is_cut() {
        // Regression: a 10 MB single-line file printed its whole header once per missing
        // column (50 MB of errors).
        let huge = "a".repeat(10_000_000);
        let d = Diagnostic::error("e.csv", format!("the header line has: {huge}"))
            .at(1)
            .column(Column {
                name: huge.clone(),
                header: Some(huge),
            });
        let shown = d.to_string();
        assert!(shown.len() < 1000, "{} bytes", shown.len());
        assert!(shown.contains("the header line has: aaa"), "{shown}");
    }

    #[test]
    fn beyond_the_limit_only_counts() {
        let mut ds = Diagnostics::new(2);
        for i in 1..=5 {
            ds.push(Diagnostic::error("u.csv", format!("bad {i}")).at(i));
        }
        assert_eq!(ds.error_count(), 5);
        assert_eq!(ds.errors().count(), 2);
        assert_eq!(
            ds.to_string(),
            "u.csv:1: bad 1\nu.csv:2: bad 2\n... and 3 more errors (data.max_errors = 2 limits the list)\n"
        );
    }

    fn bad_date(line: u64, value: &str) -> Diagnostic {
        Diagnostic::error("e.csv", "is not a date written YYYY-MM-DD")
            .at(line)
            .column(Column {
                name: "start_date".into(),
                header: Some("Datum in dienst".into()),
            })
            .value(value)
    }

    #[test]
    fn one_problem_in_many_rows_is_one_message_with_a_count() {
        let mut ds = Diagnostics::new(2);
        for line in 2..=76 {
            ds.push(bad_date(line, &format!("{:02}-03-2022", line % 28 + 1)));
        }
        // A second problem still has room under the limit.
        ds.push(
            Diagnostic::error("e.csv", "is not a number")
                .at(9)
                .value("x"),
        );
        assert_eq!(ds.error_count(), 76);
        assert_eq!(ds.errors().count(), 2);
        assert_eq!(
            ds.to_string(),
            "e.csv: start_date (header \"Datum in dienst\"): 75 rows: is not a date written YYYY-MM-DD; e.g. line 2 (03-03-2022), line 3 (04-03-2022), line 4 (05-03-2022) and 72 more\ne.csv:9: is not a number (x)\n"
        );
    }

    #[test]
    fn workbook_cells_are_named_as_spreadsheets_do() {
        let d = bad_date(14, "x").in_sheet("Blad1", Some(2));
        assert_eq!(
            d.to_string(),
            "e.csv:Blad1!C14: start_date (header \"Datum in dienst\"): is not a date written YYYY-MM-DD (x)"
        );
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        let mut ds = Diagnostics::default();
        ds.push(bad_date(14, "x").in_sheet("Blad1", Some(2)));
        ds.push(bad_date(15, "y").in_sheet("Blad1", Some(2)));
        assert_eq!(
            ds.to_string(),
            "e.csv:Blad1: start_date (header \"Datum in dienst\"): 2 rows: is not a date written YYYY-MM-DD; e.g. C14 (x), C15 (y)\n"
        );
    }
}
