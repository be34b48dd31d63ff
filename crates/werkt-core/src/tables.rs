//! The input files of an organisation directory and their columns: the data contract of
//! docs/data-format.md in one place, so ingest, the configuration's column mapping and the
//! `werkt init` skeleton cannot disagree about it.

/// One CSV file of the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableSpec {
    /// The table's name, as used in `[data.columns.<name>]`.
    pub name: &'static str,
    /// The file name inside the organisation directory.
    pub file: &'static str,
    /// Whether the file must exist.
    pub required_file: bool,
    /// Columns that must be present, in the contract's order.
    pub required: &'static [&'static str],
    /// Columns that may be left out.
    pub optional: &'static [&'static str],
    /// Whether further columns are survey items (checked against the scales) rather than errors.
    pub has_items: bool,
}

impl TableSpec {
    /// Every named column, required first, in the contract's order.
    pub fn columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.required.iter().chain(self.optional.iter()).copied()
    }

    pub fn knows(&self, column: &str) -> bool {
        self.columns().any(|c| c == column)
    }
}

pub const UNITS: TableSpec = TableSpec {
    name: "units",
    file: "units.csv",
    required_file: true,
    required: &["unit_id", "name", "parent_id"],
    optional: &["org_form"],
    has_items: false,
};

pub const EMPLOYEES: TableSpec = TableSpec {
    name: "employees",
    file: "employees.csv",
    required_file: true,
    required: &["employee_id", "unit_id", "fte", "start_date", "end_date"],
    optional: &["daily_cost"],
    has_items: false,
};

pub const ABSENCE: TableSpec = TableSpec {
    name: "absence",
    file: "absence.csv",
    required_file: true,
    required: &["employee_id", "start_date", "end_date"],
    optional: &["percentage", "reason"],
    has_items: false,
};

pub const SURVEY: TableSpec = TableSpec {
    name: "survey",
    file: "survey.csv",
    required_file: false,
    required: &["respondent_id", "unit_id", "date"],
    optional: &[],
    has_items: true,
};

pub const INTERVENTIONS: TableSpec = TableSpec {
    name: "interventions",
    file: "interventions.csv",
    required_file: false,
    required: &[
        "intervention_id",
        "unit_id",
        "name",
        "start_date",
        "investment",
        "annual_cost",
    ],
    optional: &["horizon_years", "performance_benefit_per_year"],
    has_items: false,
};

/// All tables, in the order they are read and reported.
pub const TABLES: [TableSpec; 5] = [UNITS, EMPLOYEES, ABSENCE, SURVEY, INTERVENTIONS];

/// The organisation's description file.
pub const ORGANISATION_FILE: &str = "organisation.toml";

pub fn table(name: &str) -> Option<&'static TableSpec> {
    TABLES.iter().find(|t| t.name == name)
}

/// Whether `id` is a valid identifier that may become a path component: `[a-z0-9][a-z0-9_-]*`,
/// and not a name Windows reserves for a device (`con`, `nul`, `com1`, ...).
pub fn is_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && !is_reserved_name(id)
}

/// Device names Windows reserves in every directory, with any extension (`CON.pdf` too).
/// Windows also reserves COM and LPT with a superscript digit (`COM¹`).
fn is_reserved_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    let numbered = |prefix: &str| {
        upper.strip_prefix(prefix).is_some_and(|rest| {
            let mut c = rest.chars();
            matches!((c.next(), c.next()), (Some(d), None) if d.is_ascii_digit() || "¹²³".contains(d))
        })
    };
    matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || numbered("COM")
        || numbered("LPT")
}

/// Characters that change the direction text is shown in (U+202E RIGHT-TO-LEFT OVERRIDE and
/// its kin): a unit name with one can display as another name, in a file listing or a report.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The form of a unit id that case-insensitive and normalising file systems (Windows, macOS)
/// compare: Unicode NFC, lower case. Two ids with the same key would write the same per-unit
/// PDF.
pub fn file_name_key(id: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    id.nfc().collect::<String>().to_lowercase().nfc().collect()
}

/// Why a unit id cannot become a file name (`units/<unit_id>.pdf` when reports are burst per
/// unit), or `None` when it can. Unit ids keep their free form otherwise (HR systems use
/// upper case, spaces and dots), so only what could leave the directory, confuse a file
/// system or hide in a terminal is refused.
pub fn unit_id_problem(id: &str) -> Option<&'static str> {
    if id.chars().any(char::is_control) {
        Some(
            "contains a control character (such as a tab or line break); unit ids become file names",
        )
    } else if id.chars().any(is_bidi_control) {
        Some(
            "contains a bidirectional control character (such as U+202E), which makes a name display as another; unit ids become file names",
        )
    } else if id.contains(['/', '\\']) {
        Some("contains a path separator ('/' or '\\'); unit ids become file names")
    } else if id.contains(['<', '>', ':', '"', '|', '?', '*']) {
        Some(
            "contains one of < > : \" | ? *, which file systems refuse; unit ids become file names",
        )
    } else if id == "." || id == ".." {
        Some("is '.' or '..', which are not file names; unit ids become file names")
    } else if id.starts_with('.') || id.ends_with(['.', ' ']) {
        Some(
            "starts with a dot or ends with a dot or space, which file systems hide or drop; unit ids become file names",
        )
    } else if is_reserved_name(id) {
        Some(
            "is a device name Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also with ¹²³); unit ids become file names",
        )
    } else if id.len() > 200 {
        Some("is longer than 200 bytes; unit ids become file names")
    } else {
        None
    }
}

/// The scale an item column belongs to: the longest prefix of `item` among `scales`.
pub fn scale_of<'a, V>(
    item: &str,
    scales: impl IntoIterator<Item = (&'a String, V)>,
) -> Option<(&'a str, V)> {
    scales
        .into_iter()
        .filter(|(prefix, _)| item.starts_with(prefix.as_str()))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(p, v)| (p.as_str(), v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn ids_that_one_file_system_takes_for_one_name_share_a_key() {
        assert_eq!(file_name_key("TEAM"), file_name_key("team"));
        // é precomposed (NFC) and as e + combining acute (NFD, as macOS writes it).
        assert_eq!(file_name_key("caf\u{e9}"), file_name_key("cafe\u{301}"));
        assert_ne!(file_name_key("team-a"), file_name_key("team-b"));
    }

    #[test]
    fn ids_are_lowercase_path_safe_names() {
        for ok in ["acme", "a", "0", "acme-zorg_2"] {
            assert!(is_id(ok), "{ok}");
        }
        for bad in [
            "", "Acme", "-acme", "_a", "a b", "a/b", "..", "é", "con", "nul", "com1", "lpt9",
        ] {
            assert!(!is_id(bad), "{bad}");
        }
    }

    #[test]
    fn unit_ids_that_cannot_be_file_names_are_refused() {
        for ok in [
            "ward-a",
            "Afd 12",
            "W.A",
            "zorg & welzijn",
            "console",
            "com10",
            "com¹0",
            "Ünit",
        ] {
            assert_eq!(unit_id_problem(ok), None, "{ok}");
        }
        for bad in [
            "a/b",
            "../x",
            "..\\x",
            ".",
            "..",
            ".hidden",
            "a.",
            "a ",
            "tab\there",
            "nl\nx",
            "esc\u{1b}[31m",
            "CON",
            "nul",
            "Com1",
            "LPT3.txt",
            "aux.pdf",
            "a:b",
            "a|b",
            "a*",
            "COM¹",
            "lpt³.pdf",
            "team\u{202E}fdp.exe",
            "a\u{2066}b",
            "\u{200F}x",
        ] {
            assert!(unit_id_problem(bad).is_some(), "{bad:?}");
        }
        assert!(unit_id_problem(&"x".repeat(201)).is_some());
    }

    #[test]
    fn the_longest_scale_prefix_wins() {
        let scales: BTreeMap<String, [i64; 2]> = [
            ("acap_".to_string(), [1, 7]),
            ("acap_acq_".to_string(), [1, 5]),
        ]
        .into();
        assert_eq!(
            scale_of("acap_acq_1", &scales),
            Some(("acap_acq_", &[1, 5]))
        );
        assert_eq!(scale_of("acap_trf_1", &scales), Some(("acap_", &[1, 7])));
        assert_eq!(scale_of("uwes_1", &scales), None);
    }
}
