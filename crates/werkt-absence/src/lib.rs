//! Sick leave and the return of interventions, as pure computation.
//!
//! Implements domain.md sections 3 (Dutch uniform standard for sick-leave figures, as used by
//! CBS and Vernet) and 4 (cost-benefit of interventions after Koningsveld, TNO). The
//! `sick_leave_roi` plugin turns the result into metrics, findings and series; this crate does
//! no IO and knows nothing of the plugin ABI, so it can be tested and benchmarked directly.
//!
//! Everything is day-exact but computed on intervals: each employment row, incapacity piece
//! and spell is split once over the months it touches (`totals`), so the work grows with the
//! number of intervals, not with employees times days.
//!
//! ```
//! use werkt_absence::{AbsenceConfig, analyse};
//! use werkt_model::{Dataset, Employment, Privacy, Unit, UnitTree};
//! let data = Dataset {
//!     units: vec![Unit { id: "org".into(), name: "Org".into(), parent: None, org_form: None }],
//!     employees: vec![Employment {
//!         employee: "e1".into(), unit: "org".into(), fte: 1.0,
//!         start: "2024-01-01".parse().unwrap(), end: None, daily_cost: None,
//!     }],
//!     ..Default::default()
//! };
//! let tree = UnitTree::new(&data.units).unwrap();
//! let a = analyse(&data, &tree, "2024-06".parse().unwrap(), Privacy::default(), &AbsenceConfig::default()).unwrap();
//! assert_eq!(a.units[tree.root()].absence_rate_pct, Some(0.0));
//! assert!(a.units[tree.root()].suppressed, "one employee is below the minimum group size");
//! ```

mod config;
mod days;
mod error;
mod figures;
mod interventions;
mod populations;
mod timeline;
mod totals;

pub use config::{AbsenceConfig, ConfigError, Control, MAX_DURATION_BOUNDS};
pub use error::AbsenceError;
pub use figures::{Group, MonthFigures, MonthUnit, ROLLING_MONTHS, SERIES_MONTHS, UnitFigures};
pub use interventions::{
    ControlRates, InterventionOutcome, InterventionStatus, Roi, Window, cost_benefit,
};

use werkt_model::{Dataset, Period, Privacy, UnitTree};

/// Everything the analysis computes for one organisation and period.
#[derive(Debug, Clone, PartialEq)]
pub struct AbsenceAnalysis {
    pub period: Period,
    /// Indexed by `UnitIx` of the tree passed in; figures before suppression, flag set.
    pub units: Vec<UnitFigures>,
    /// The 24 months ending with the period, oldest first.
    pub months: Vec<MonthFigures>,
    /// In the order of `Dataset::interventions`.
    pub interventions: Vec<InterventionOutcome>,
    /// Data problems that did not stop the analysis (absence outside employment).
    pub warnings: Vec<String>,
}

/// Computes the sick-leave figures of every unit for `period`, the monthly series, and the
/// evaluation of every intervention.
pub fn analyse(
    data: &Dataset,
    tree: &UnitTree,
    period: Period,
    privacy: Privacy,
    cfg: &AbsenceConfig,
) -> Result<AbsenceAnalysis, AbsenceError> {
    cfg.validate()?;
    let horizon = days::day(period.last_day());
    let (persons, outside) = timeline::build(data, tree, horizon)?;
    let mut warnings = Vec::new();
    if outside.segments > 0 {
        // Counts only: an employee id or an absence date would be health data about one
        // person in a file that may be shared. `werkt validate` lists the rows.
        warnings.push(format!(
            "{} absence segment(s) have {} day(s) up to {} outside any employment row; those days are ignored. Run `werkt validate` for the list.",
            outside.segments,
            outside.days,
            period.last_day(),
        ));
    }
    // Every month a figure over a window needs: the series with its rolling windows, and
    // each intervention's baseline year.
    let series_first = period.add_months(1 - (SERIES_MONTHS + ROLLING_MONTHS - 1) as i32);
    let first = data
        .interventions
        .iter()
        .map(|iv| Period::of(iv.start).add_months(-(ROLLING_MONTHS as i32)))
        .filter(|&p| p <= period)
        .fold(series_first, Period::min);
    let hiding = figures::MonthlyHiding::new(&persons, tree, first, period, privacy);
    let (units, months) = figures::unit_figures(&persons, tree, period, privacy, cfg, &hiding);
    let interventions = data
        .interventions
        .iter()
        .map(|iv| interventions::evaluate(iv, &persons, tree, period, cfg, &hiding, privacy))
        .collect();
    Ok(AbsenceAnalysis {
        period,
        units,
        months,
        interventions,
        warnings,
    })
}
