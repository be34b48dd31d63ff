//! What the outputs say about the quality of the input data: how many rows had each kind of
//! problem, never the rows themselves.
//!
//! A validation warning names an employee, their dates and the file it was found in, which is
//! what the operator needs to fix the data, and exactly what a report must not carry: sick
//! leave is health data, and reports, metrics.json and the history store are shared more
//! widely than the data directory (domain.md section 0, "Reports never show individual-level
//! data"). So the terminal (`werkt validate`, the run's log) gets the rows, and every output
//! gets [`summary`]: one sentence per kind with its count, in the report's language.

use werkt_model::Language;

use crate::diagnostic::Diagnostics;

/// What a warning is about. Every warning has one, so that outputs can count them by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// Days of an absence row outside every employment row of its employee; the analyses
    /// ignore those days.
    AbsenceOutsideEmployment,
    /// An absence row of an employee the employees export does not have; the row is left out
    /// (an error under `data.strict`).
    AbsenceOfUnknownEmployee,
    /// A column werkt does not use; it is passed over (an error under `data.strict`).
    UnusedColumn,
    /// A text file that was not UTF-8 and was read as Windows-1252.
    Encoding,
}

impl WarningKind {
    /// The sentence outputs carry for `count` warnings of this kind: what happened and what
    /// werkt did, plus where the operator finds the rows. No ids, dates or paths. `None` for
    /// kinds that change no figure (an unused column, an encoding werkt recognised): those
    /// are for the operator's terminal only.
    pub fn sentence(self, count: usize, language: Language) -> Option<String> {
        let one = count == 1;
        let s = match (self, language) {
            (WarningKind::AbsenceOutsideEmployment, Language::En) => format!(
                "{count} absence {} partly or wholly outside the employee's employment; those days were ignored. Run \"werkt validate\" for the list.",
                if one { "row lies" } else { "rows lie" }
            ),
            (WarningKind::AbsenceOutsideEmployment, Language::Nl) => format!(
                "{count} {} geheel of gedeeltelijk buiten het dienstverband van de medewerker; die dagen zijn niet meegeteld. \"werkt validate\" geeft de lijst.",
                if one {
                    "verzuimregel valt"
                } else {
                    "verzuimregels vallen"
                }
            ),
            (WarningKind::AbsenceOfUnknownEmployee, Language::En) => format!(
                "{count} absence {} an employee who is not in the employment data; {} left out. Run \"werkt validate\" for the list.",
                if one { "row names" } else { "rows name" },
                if one { "it was" } else { "they were" }
            ),
            (WarningKind::AbsenceOfUnknownEmployee, Language::Nl) => format!(
                "{count} {} een medewerker die niet in de personeelsgegevens staat; {} niet meegeteld. \"werkt validate\" geeft de lijst.",
                if one {
                    "verzuimregel noemt"
                } else {
                    "verzuimregels noemen"
                },
                if one { "die is" } else { "die zijn" }
            ),
            (WarningKind::UnusedColumn | WarningKind::Encoding, _) => return None,
        };
        Some(s)
    }
}

/// The data-quality sentences of one organisation's outputs (metrics.json `data_warnings`, the
/// report's notice), one per kind of warning that changes a figure, in kind order. Counts
/// include the warnings beyond `data.max_errors`, which the terminal list leaves out.
pub fn summary(diagnostics: &Diagnostics, language: Language) -> Vec<String> {
    diagnostics
        .warning_counts()
        .filter_map(|(kind, count)| kind.sentence(count, language))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn outside(line: u64) -> Diagnostic {
        Diagnostic::warning(
            "/data/acme/absence.csv",
            WarningKind::AbsenceOutsideEmployment,
            "absence of employee E0001 from 2026-03-02 to 2026-03-04 is outside every employment row",
        )
        .at(line)
        .value("2026-03-02")
    }

    #[test]
    fn counts_every_warning_of_a_kind_even_beyond_the_list_limit() {
        let mut ds = Diagnostics::new(2);
        for line in 2..50 {
            ds.push(outside(line));
        }
        assert_eq!(
            ds.warnings().count(),
            1,
            "the terminal list has the problem once, with its count"
        );
        assert_eq!(
            summary(&ds, Language::En),
            [
                "48 absence rows lie partly or wholly outside the employee's employment; those days were ignored. Run \"werkt validate\" for the list."
            ]
        );
        assert_eq!(
            summary(&ds, Language::Nl),
            [
                "48 verzuimregels vallen geheel of gedeeltelijk buiten het dienstverband van de medewerker; die dagen zijn niet meegeteld. \"werkt validate\" geeft de lijst."
            ]
        );
    }

    #[test]
    fn one_row_is_singular_and_nothing_individual_is_repeated() {
        let mut ds = Diagnostics::default();
        ds.push(outside(7));
        for language in [Language::En, Language::Nl] {
            let s = summary(&ds, language);
            assert_eq!(s.len(), 1);
            assert!(s[0].starts_with("1 "), "{}", s[0]);
            assert!(
                s[0].contains("regel valt") || s[0].contains("row lies"),
                "{}",
                s[0]
            );
            for private in ["E0001", "2026", "/data", "absence.csv", ":7"] {
                assert!(!s[0].contains(private), "{private} in {}", s[0]);
            }
        }
    }

    #[test]
    fn errors_and_no_warnings_say_nothing() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error("/data/acme/units.csv", "bad").at(2));
        assert!(summary(&ds, Language::En).is_empty());
    }
}
