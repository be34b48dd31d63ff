//! The sick-leave figures of each unit for one period, and the monthly points of the series.

use werkt_model::{Period, Population, Privacy, Suppression, UnitTree, suppress, suppress_within};

use crate::config::AbsenceConfig;
use crate::days::{Buckets, day};
use crate::populations;
use crate::timeline::Person;
use crate::totals::{Grid, Totals, accumulate};

/// Months of the series (the last 24 months).
pub const SERIES_MONTHS: usize = 24;
/// Months of the rolling window.
pub const ROLLING_MONTHS: usize = 12;

/// The population of one family of figures in one unit, and whether the privacy rule hides
/// that family there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Group {
    /// Distinct people of the population in the unit's subtree.
    pub n: u64,
    pub hidden: bool,
}

/// One unit's figures for the period (domain.md section 3), before suppression: the plugin
/// hides each family of figures as its flag says. Rates and shares are percentages; `None`
/// where a figure is undefined (nobody employed, no spell ended, nobody employed the whole
/// year).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitFigures {
    /// Distinct employees employed in the unit on at least one day of the period: the count
    /// the minimum-group-size rule uses for the month's figures (rate, frequency, cost,
    /// headcount).
    pub headcount: u64,
    /// The month's figures are hidden.
    pub suppressed: bool,
    /// The figures over the 12 months ending with the period are hidden (one of the months
    /// is hidden for the unit).
    pub rolling_suppressed: bool,
    /// The employees whose spells ended in the period: mean duration, duration classes,
    /// spells ended.
    pub ended: Group,
    /// The employees whose spells ended in the 12 months: the 12-month mean duration.
    pub ended_12m: Group,
    /// The employees with a spell open at the end of the period.
    pub open: Group,
    /// The employees with a spell open for more than `long_term_days` at the end of the period.
    pub long_term: Group,
    /// The employees employed in the unit on every day of the 12 months: zero absence.
    pub zero_absence: Group,
    pub absence_rate_pct: Option<f64>,
    pub absence_rate_12m_pct: Option<f64>,
    pub frequency: Option<f64>,
    pub frequency_12m: Option<f64>,
    pub mean_duration_days: Option<f64>,
    pub spells_ended: u64,
    pub open_spells: u64,
    /// Share of the spells ended in the period per duration class.
    pub duration_class_pct: Vec<Option<f64>>,
    pub zero_absence_pct: Option<f64>,
    pub headcount_avg: f64,
    pub fte_avg: f64,
    pub sick_working_days: f64,
    pub absence_cost: f64,
    pub absence_rate_pregnancy_pct: Option<f64>,
    /// Open spells at the end of the period that have lasted more than `long_term_days`.
    pub long_term_open: u64,
    /// Mean duration of the spells ended in the 12 months ending with the period.
    pub mean_duration_12m_days: Option<f64>,
    pub spells_ended_12m: u64,
}

/// One unit in one month of the series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthUnit {
    pub headcount: u64,
    /// The month's rate is hidden.
    pub suppressed: bool,
    /// The 12-month rate ending with this month is hidden (one of its months is).
    pub rolling_suppressed: bool,
    pub rate_pct: Option<f64>,
    pub rate_12m_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonthFigures {
    pub period: Period,
    /// Indexed by unit.
    pub units: Vec<MonthUnit>,
}

pub(crate) fn ratio(num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| num / den)
}

fn pct(num: f64, den: f64) -> Option<f64> {
    ratio(num, den).map(|r| 100.0 * r)
}

/// Annualised frequency: new spells / average headcount * 365 / days, which is
/// new spells * 365 / employee-days.
fn frequency(t: &Totals) -> Option<f64> {
    ratio(t.new_spells as f64 * 365.0, t.head_days as f64)
}

/// The privacy rule applied to every month of a span: which units each month hides, for
/// the figures over windows (domain.md section 0, over time).
pub struct MonthlyHiding {
    first: Period,
    /// Per month from `first`: the employed population and its suppression.
    months: Vec<(Population, Suppression)>,
}

impl MonthlyHiding {
    /// The rule for every month from `first` to `last`.
    pub fn new(
        persons: &[Person],
        tree: &UnitTree,
        first: Period,
        last: Period,
        privacy: Privacy,
    ) -> MonthlyHiding {
        let pops = populations::employed(persons, &Buckets::months(first, last), tree.len());
        let months = pops
            .into_iter()
            .map(|p| {
                let s = suppress(tree, &p, privacy);
                (p, s)
            })
            .collect();
        MonthlyHiding { first, months }
    }

    fn month(&self, p: Period) -> Option<&(Population, Suppression)> {
        let k = p.months_since(self.first);
        usize::try_from(k).ok().and_then(|k| self.months.get(k))
    }

    /// Whether `unit` is hidden in one of the months `from..=to` (a month outside the span
    /// counts as hidden: nothing vouches for it).
    pub fn hidden_in_any(&self, unit: usize, from: Period, to: Period) -> bool {
        Period::range(from, to).any(|p| self.month(p).is_none_or(|m| m.1.hidden[unit]))
    }

    /// Whether, in one of the months `from..=to`, the people employed outside the units
    /// `inside` accepts number 1 to the minimum - 1: a figure about "the rest of the
    /// organisation" would then be about too few.
    pub fn rest_too_small(
        &self,
        inside: impl Fn(usize) -> bool,
        from: Period,
        to: Period,
        privacy: Privacy,
    ) -> bool {
        Period::range(from, to).any(|p| {
            self.month(p).is_none_or(|m| {
                let n = m.0.people_in(|u| !inside(u));
                n > 0 && !privacy.allows(n)
            })
        })
    }
}

/// Figures of every unit for `period` and the series of the 24 months ending with it.
/// `hiding` must span the 35 months the series and its rolling windows need.
pub fn unit_figures(
    persons: &[Person],
    tree: &UnitTree,
    period: Period,
    privacy: Privacy,
    cfg: &AbsenceConfig,
    hiding: &MonthlyHiding,
) -> (Vec<UnitFigures>, Vec<MonthFigures>) {
    let units = tree.len();
    let span = SERIES_MONTHS + ROLLING_MONTHS - 1;
    let first = period.add_months(1 - span as i32);
    let grid: Grid =
        accumulate(persons, Buckets::months(first, period), units, cfg).rolled_up(tree);
    let series_first = period.add_months(1 - SERIES_MONTHS as i32);
    let month_of = |p: Period| {
        hiding
            .month(p)
            .map(|m| &m.1)
            .expect("the hiding spans the series and its windows")
    };

    let mut months = Vec::with_capacity(SERIES_MONTHS);
    for k in 0..SERIES_MONTHS {
        let b = ROLLING_MONTHS - 1 + k;
        let mp = series_first.add_months(k as i32);
        let sup = month_of(mp);
        let us = (0..units)
            .map(|u| {
                let m = grid.cell(b, u);
                let y = grid.sum(u, b + 1 - ROLLING_MONTHS, b);
                MonthUnit {
                    headcount: sup.counts[u],
                    suppressed: sup.hidden[u],
                    rolling_suppressed: hiding.hidden_in_any(
                        u,
                        mp.add_months(1 - ROLLING_MONTHS as i32),
                        mp,
                    ),
                    rate_pct: pct(m.sick, m.fte_days),
                    rate_12m_pct: pct(y.sick, y.fte_days),
                }
            })
            .collect();
        months.push(MonthFigures {
            period: mp,
            units: us,
        });
    }

    let now = month_of(period);
    let rolling: Vec<bool> = (0..units)
        .map(|u| months[SERIES_MONTHS - 1].units[u].rolling_suppressed)
        .collect();
    let (pstart, pend) = (day(period.first_day()), day(period.last_day()));
    let year_start = day(period.window_start(12));
    let group = |pop: &Population, already: &[bool]| suppress_within(tree, pop, privacy, already);
    let ended = group(
        &populations::spells_ended(persons, units, pstart, pend),
        &now.hidden,
    );
    let ended_12m = group(
        &populations::spells_ended(persons, units, year_start, pend),
        &rolling,
    );
    let (open_pop, long_pop) = populations::open_spells(persons, units, pend, cfg.long_term_days);
    let open = group(&open_pop, &now.hidden);
    let long = group(&long_pop, &now.hidden);
    let (eligible_pop, sick) = populations::employed_throughout(persons, tree, year_start, pend);
    let zero_absence = group(&eligible_pop, &rolling);
    let zero = zero_absent(tree, &eligible_pop, &sick);
    let as_group = |s: &Suppression, u: usize| Group {
        n: s.counts[u],
        hidden: s.hidden[u],
    };
    let last = grid.buckets.len() - 1;
    let days = grid.buckets.days(last) as f64;
    let figures = (0..units)
        .map(|u| {
            let m = grid.cell(last, u);
            let y = grid.sum(u, last + 1 - ROLLING_MONTHS, last);
            UnitFigures {
                headcount: now.counts[u],
                suppressed: now.hidden[u],
                rolling_suppressed: rolling[u],
                ended: as_group(&ended, u),
                ended_12m: as_group(&ended_12m, u),
                open: as_group(&open, u),
                long_term: as_group(&long, u),
                zero_absence: as_group(&zero_absence, u),
                absence_rate_pct: pct(m.sick, m.fte_days),
                absence_rate_12m_pct: pct(y.sick, y.fte_days),
                frequency: frequency(m),
                frequency_12m: frequency(&y),
                mean_duration_days: ratio(m.ended_days as f64, m.ended as f64),
                spells_ended: m.ended,
                open_spells: open.counts[u],
                duration_class_pct: (0..cfg.classes())
                    .map(|k| pct(m.classes[k] as f64, m.ended as f64))
                    .collect(),
                zero_absence_pct: pct(zero[u] as f64, zero_absence.counts[u] as f64),
                headcount_avg: m.head_days as f64 / days,
                fte_avg: m.fte_days / days,
                sick_working_days: m.sick * 5.0 / 7.0,
                absence_cost: m.sick_cost * 5.0 / 7.0,
                absence_rate_pregnancy_pct: pct(m.pregnancy, m.fte_days),
                long_term_open: long.counts[u],
                mean_duration_12m_days: ratio(y.ended_days as f64, y.ended as f64),
                spells_ended_12m: y.ended,
            }
        })
        .collect();
    (figures, months)
}

/// Per unit (rolled up): the people of the zero-absence population without a sick day.
fn zero_absent(tree: &UnitTree, eligible: &Population, sick: &[bool]) -> Vec<u64> {
    let mut direct = vec![0u64; tree.len()];
    for (u, d) in direct.iter_mut().enumerate() {
        *d = eligible
            .direct(u)
            .iter()
            .filter(|&&p| !sick[p as usize])
            .count() as u64;
    }
    tree.roll_up(&direct, |a, b| *a += *b)
}
