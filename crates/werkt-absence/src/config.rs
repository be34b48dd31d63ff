//! The parameters of the analysis, with the defaults of issue 5 and their validation.

use std::fmt;

/// Most duration class bounds accepted (so at most this many + 1 classes). Keeps the
/// per-unit class counts in a fixed array.
pub const MAX_DURATION_BOUNDS: usize = 9;

/// Control group for the difference in differences of an intervention's effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Control {
    /// The unit's own change from baseline to follow-up.
    #[default]
    None,
    /// The unit's change minus the change of every employee outside the unit's subtree over
    /// the same windows.
    RestOfOrganisation,
}

/// Parameters of the sick-leave figures and the intervention evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct AbsenceConfig {
    /// EUR per full-time sick working day, unless an employment row has its own `daily_cost`.
    pub cost_per_sick_day: f64,
    /// Upper bounds (days, inclusive) of the duration classes; the rest is the last class.
    pub duration_bounds: Vec<u32>,
    /// An open spell that has lasted more than this many days at the end of the period is a
    /// long-term case.
    pub long_term_days: u32,
    pub discount_rate: f64,
    pub default_horizon_years: u32,
    pub min_followup_months: u32,
    pub control: Control,
}

impl Default for AbsenceConfig {
    fn default() -> Self {
        AbsenceConfig {
            cost_per_sick_day: 250.0,
            duration_bounds: vec![14, 91, 365],
            long_term_days: 91,
            discount_rate: 0.04,
            default_horizon_years: 3,
            min_followup_months: 3,
            control: Control::None,
        }
    }
}

/// A configuration value the analysis cannot work with.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl AbsenceConfig {
    /// Checks every value; the message names the key and what is allowed.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let err = |m: String| Err(ConfigError(m));
        if !self.cost_per_sick_day.is_finite() || self.cost_per_sick_day < 0.0 {
            return err(format!(
                "cost_per_sick_day is {}; it must be a non-negative amount in EUR",
                self.cost_per_sick_day
            ));
        }
        let b = &self.duration_bounds;
        if b.is_empty() || b.len() > MAX_DURATION_BOUNDS {
            return err(format!(
                "duration_classes has {} bounds; give 1 to {MAX_DURATION_BOUNDS} upper bounds in days, e.g. [14, 91, 365]",
                b.len()
            ));
        }
        if b[0] < 1 || b.windows(2).any(|w| w[0] >= w[1]) {
            return err(format!(
                "duration_classes {b:?} must be increasing whole days of at least 1, e.g. [14, 91, 365]"
            ));
        }
        if !self.discount_rate.is_finite() || self.discount_rate <= -1.0 {
            return err(format!(
                "discount_rate is {}; it must be a fraction above -1, e.g. 0.04",
                self.discount_rate
            ));
        }
        if self.default_horizon_years < 1 || self.default_horizon_years > 100 {
            return err(format!(
                "default_horizon_years is {}; it must be between 1 and 100",
                self.default_horizon_years
            ));
        }
        if self.min_followup_months < 1 || self.min_followup_months > 12 {
            return err(format!(
                "min_followup_months is {}; it must be between 1 and 12 (follow-up uses the latest 12 months at most)",
                self.min_followup_months
            ));
        }
        Ok(())
    }

    /// Number of duration classes (bounds + 1).
    pub fn classes(&self) -> usize {
        self.duration_bounds.len() + 1
    }

    /// The class (0-based) of a spell of `days` calendar days.
    pub fn class_of(&self, days: i64) -> usize {
        self.duration_bounds
            .partition_point(|&b| i64::from(b) < days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_include_their_upper_bound() {
        let c = AbsenceConfig::default();
        assert_eq!(c.class_of(1), 0);
        assert_eq!(c.class_of(14), 0);
        assert_eq!(c.class_of(15), 1);
        assert_eq!(c.class_of(91), 1);
        assert_eq!(c.class_of(92), 2);
        assert_eq!(c.class_of(365), 2);
        assert_eq!(c.class_of(366), 3);
        assert!(c.validate().is_ok());
    }

    #[test]
    fn rejects_bad_values() {
        let bad = [
            AbsenceConfig {
                cost_per_sick_day: -1.0,
                ..Default::default()
            },
            AbsenceConfig {
                duration_bounds: vec![],
                ..Default::default()
            },
            AbsenceConfig {
                duration_bounds: vec![14, 14],
                ..Default::default()
            },
            AbsenceConfig {
                discount_rate: f64::NAN,
                ..Default::default()
            },
            AbsenceConfig {
                min_followup_months: 0,
                ..Default::default()
            },
        ];
        for c in bad {
            assert!(c.validate().is_err(), "{c:?}");
        }
    }
}
