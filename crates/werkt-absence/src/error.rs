use std::fmt;

/// Why the analysis could not run on this data. The input is validated before it gets here,
/// so these are guards against a host that skipped validation, not expected outcomes.
#[derive(Debug, Clone, PartialEq)]
pub enum AbsenceError {
    UnknownUnit { employee: String, unit: String },
    BadFte { employee: String, fte: f64 },
    Config(crate::ConfigError),
}

impl fmt::Display for AbsenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AbsenceError::UnknownUnit { employee, unit } => write!(
                f,
                "employment row of employee '{employee}' names unit '{unit}', which is not in units.csv; add the unit or correct the row"
            ),
            AbsenceError::BadFte { employee, fte } => write!(
                f,
                "employment row of employee '{employee}' has part-time factor {fte}; it must be a number above 0"
            ),
            AbsenceError::Config(e) => write!(f, "configuration: {e}"),
        }
    }
}

impl std::error::Error for AbsenceError {}

impl From<crate::ConfigError> for AbsenceError {
    fn from(e: crate::ConfigError) -> Self {
        AbsenceError::Config(e)
    }
}
