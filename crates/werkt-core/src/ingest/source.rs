//! Which file of an organisation directory holds which table: the profile's file names and
//! patterns (`Verzuim*.csv`), or `<table>.csv`, `.xlsx`, `.xls`, `.ods` by default.

use crate::config::TableProfile;
use crate::tables::{ORGANISATION_FILE, TableSpec};

use super::sheet::WORKBOOK_EXTENSIONS;

/// A file name or a pattern with `*` and `?` (and `[...]`), matched against the names in an
/// organisation directory without regard to case (Windows exports write `VERZUIM.CSV`).
#[derive(Debug, Clone)]
pub struct FilePattern(glob::Pattern);

impl FilePattern {
    pub fn new(pattern: &str) -> Result<FilePattern, String> {
        if pattern.trim().is_empty() {
            return Err("a file name or pattern must not be empty".into());
        }
        if pattern.contains(['/', '\\']) {
            return Err(format!(
                "\"{pattern}\" has a directory in it; name the file inside each organisation directory (e.g. \"Verzuim*.csv\")"
            ));
        }
        glob::Pattern::new(pattern)
            .map(FilePattern)
            .map_err(|e| format!("\"{pattern}\" is not a file pattern werkt reads: {e}"))
    }

    pub fn matches(&self, name: &str) -> bool {
        self.0.matches_with(
            name,
            glob::MatchOptions {
                case_sensitive: false,
                require_literal_separator: true,
                require_literal_leading_dot: true,
            },
        )
    }
}

/// The patterns a table's file is found by, and how to say them in a message.
fn patterns(spec: &TableSpec, profile: &TableProfile) -> (Vec<FilePattern>, String) {
    if profile.file.is_empty() {
        let stem = spec.file.trim_end_matches(".csv");
        let names: Vec<String> = std::iter::once("csv")
            .chain(WORKBOOK_EXTENSIONS)
            .map(|ext| format!("{stem}.{ext}"))
            .collect();
        let said = format!("{} (or {stem}.xlsx, .xlsm, .xlsb, .xls, .ods)", spec.file);
        let patterns = names
            .iter()
            .filter_map(|n| FilePattern::new(n).ok())
            .collect();
        (patterns, said)
    } else {
        // The configuration check refused patterns that do not compile.
        let patterns = profile
            .file
            .iter()
            .filter_map(|p| FilePattern::new(p).ok())
            .collect();
        let said = format!(
            "a file matching data.{}.file ({})",
            spec.name,
            super::quoted(&profile.file)
        );
        (patterns, said)
    }
}

/// What was found for one table among `names`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Pick<'n> {
    Found(&'n str),
    /// None matches; the string says what was looked for.
    Missing(String),
    /// More than one matches: the message says which and what to do.
    Ambiguous(String),
}

/// The file among `names` (the directory's file names) that holds the table.
pub(crate) fn pick<'n>(
    spec: &TableSpec,
    profile: &TableProfile,
    names: impl Iterator<Item = &'n str>,
) -> Pick<'n> {
    let (patterns, said) = patterns(spec, profile);
    let found: Vec<&str> = names
        .filter(|n| *n != ORGANISATION_FILE && patterns.iter().any(|p| p.matches(n)))
        .collect();
    match found[..] {
        [] => Pick::Missing(said),
        [one] => Pick::Found(one),
        _ => Pick::Ambiguous(format!(
            "{} files could be the {} table ({said}): {}; keep one export per table in the directory, or set data.{}.file to the one to read",
            found.len(),
            spec.name,
            found.join(", "),
            spec.name
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables;

    fn profile(files: &[&str]) -> TableProfile {
        TableProfile {
            file: files.iter().map(|f| f.to_string()).collect(),
            ..TableProfile::default()
        }
    }

    #[test]
    fn patterns_match_without_case_and_inside_the_directory_only() {
        let p = FilePattern::new("Verzuim*.csv").unwrap();
        assert!(p.matches("Verzuim_2026-11.csv"));
        assert!(p.matches("VERZUIM.CSV"));
        assert!(!p.matches("verzuim.xlsx"));
        assert!(!p.matches("Oud/Verzuim.csv"));
        assert!(FilePattern::new("../x.csv").is_err());
        assert!(FilePattern::new("").is_err());
        assert!(FilePattern::new("[").is_err());
    }

    #[test]
    fn the_default_names_include_workbooks() {
        let names = [
            "organisation.toml",
            "units.csv",
            "Employees.XLSX",
            "absence.ods",
        ];
        let pick = |spec| pick(spec, &TableProfile::default(), names.iter().copied());
        assert_eq!(pick(&tables::UNITS), Pick::Found("units.csv"));
        assert_eq!(pick(&tables::EMPLOYEES), Pick::Found("Employees.XLSX"));
        assert_eq!(pick(&tables::ABSENCE), Pick::Found("absence.ods"));
        assert!(matches!(pick(&tables::SURVEY), Pick::Missing(m) if m.starts_with("survey.csv")));
    }

    #[test]
    fn two_candidates_are_refused_with_their_names() {
        let names = ["Verzuim_okt.csv", "Verzuim_nov.csv"];
        let p = pick(
            &tables::ABSENCE,
            &profile(&["Verzuim*.csv"]),
            names.iter().copied(),
        );
        let Pick::Ambiguous(m) = p else {
            panic!("{p:?}")
        };
        assert!(m.contains("Verzuim_okt.csv, Verzuim_nov.csv"), "{m}");
        assert!(m.contains("data.absence.file"), "{m}");
    }
}
