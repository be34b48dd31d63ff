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

/// One problem, shown as `file:line: column: what is wrong (value)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based physical line where the CSV record starts; the header is line 1.
    pub line: Option<u64>,
    pub column: Option<Column>,
    pub message: String,
    /// The offending value as written, when there is one.
    pub value: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            value: None,
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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        write!(f, ": ")?;
        if !self.is_error() {
            write!(f, "warning: ")?;
        }
        if let Some(c) = &self.column {
            write!(f, "{c}: ")?;
        }
        write!(f, "{}", clip_to(&self.message, 400))?;
        if let Some(v) = &self.value {
            write!(f, " ({})", show_value(v))?;
        }
        Ok(())
    }
}

/// The diagnostics of one organisation: every warning and error up to a limit each, and the
/// number of those left out beyond it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    limit: usize,
    errors: usize,
    warnings: usize,
    /// All warnings found, by kind, including those beyond the limit.
    warning_kinds: BTreeMap<WarningKind, usize>,
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
            warning_kinds: BTreeMap::new(),
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        let count = match d.severity {
            Severity::Error => &mut self.errors,
            Severity::Warning(kind) => {
                *self.warning_kinds.entry(kind).or_default() += 1;
                &mut self.warnings
            }
        };
        *count += 1;
        if *count <= self.limit {
            self.items.push(d);
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
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        for (n, what) in [(self.errors, "error"), (self.warnings, "warning")] {
            if n > self.limit {
                let more = n - self.limit;
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
            ds.push(Diagnostic::error("u.csv", "bad").at(i));
        }
        assert_eq!(ds.error_count(), 5);
        assert_eq!(ds.errors().count(), 2);
        assert_eq!(
            ds.to_string(),
            "u.csv:1: bad\nu.csv:2: bad\n... and 3 more errors (data.max_errors = 2 limits the list)\n"
        );
    }
}
