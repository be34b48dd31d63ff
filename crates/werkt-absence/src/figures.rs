//! The sick-leave figures of each unit for one period, and the monthly points of the series.

use werkt_model::{Period, Privacy, UnitTree, suppress};

use crate::config::AbsenceConfig;
use crate::days::{Buckets, Day, OPEN, day, overlap, span_len};
use crate::timeline::Person;
use crate::totals::{Grid, Totals, accumulate, distinct_headcount};

/// Months of the series (the last 24 months).
pub const SERIES_MONTHS: usize = 24;
/// Months of the rolling window.
pub const ROLLING_MONTHS: usize = 12;

/// One unit's figures for the period (domain.md section 3), before suppression: the plugin
/// hides them when `suppressed`. Rates and shares are percentages; `None` where a figure is
/// undefined (nobody employed, no spell ended, nobody employed the whole year).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitFigures {
    /// Distinct employees employed in the unit on at least one day of the period: the count
    /// the minimum-group-size rule uses.
    pub headcount: u64,
    pub suppressed: bool,
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
    /// Employees employed in the unit on every day of the 12 months (zero-absence base).
    pub zero_absence_n: u64,
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
    pub suppressed: bool,
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

/// Figures of every unit for `period` and the series of the 24 months ending with it.
pub fn unit_figures(
    persons: &[Person],
    tree: &UnitTree,
    period: Period,
    privacy: Privacy,
    cfg: &AbsenceConfig,
) -> (Vec<UnitFigures>, Vec<MonthFigures>) {
    let units = tree.len();
    let span = SERIES_MONTHS + ROLLING_MONTHS - 1;
    let first = period.add_months(1 - span as i32);
    let grid: Grid =
        accumulate(persons, Buckets::months(first, period), units, cfg).rolled_up(tree);
    let series_first = period.add_months(1 - SERIES_MONTHS as i32);
    let heads = distinct_headcount(persons, &Buckets::months(series_first, period), tree);

    let mut months = Vec::with_capacity(SERIES_MONTHS);
    for k in 0..SERIES_MONTHS {
        let b = ROLLING_MONTHS - 1 + k;
        let counts = &heads[k * units..(k + 1) * units];
        let hidden = suppress(tree, counts, privacy);
        let us = (0..units)
            .map(|u| {
                let m = grid.cell(b, u);
                let y = grid.sum(u, b + 1 - ROLLING_MONTHS, b);
                MonthUnit {
                    headcount: counts[u],
                    suppressed: hidden[u],
                    rate_pct: pct(m.sick, m.fte_days),
                    rate_12m_pct: pct(y.sick, y.fte_days),
                }
            })
            .collect();
        months.push(MonthFigures {
            period: series_first.add_months(k as i32),
            units: us,
        });
    }

    let pend = day(period.last_day());
    let (eligible, zero) = zero_absence(persons, tree, day(period.window_start(12)), pend);
    let (open, long_open) = open_spells(persons, tree, pend, cfg.long_term_days);
    let last = grid.buckets.len() - 1;
    let days = grid.buckets.days(last) as f64;
    let now = months.last().expect("24 months");
    let figures = (0..units)
        .map(|u| {
            let m = grid.cell(last, u);
            let y = grid.sum(u, last + 1 - ROLLING_MONTHS, last);
            UnitFigures {
                headcount: now.units[u].headcount,
                suppressed: now.units[u].suppressed,
                absence_rate_pct: pct(m.sick, m.fte_days),
                absence_rate_12m_pct: pct(y.sick, y.fte_days),
                frequency: frequency(m),
                frequency_12m: frequency(&y),
                mean_duration_days: ratio(m.ended_days as f64, m.ended as f64),
                spells_ended: m.ended,
                open_spells: open[u],
                duration_class_pct: (0..cfg.classes())
                    .map(|k| pct(m.classes[k] as f64, m.ended as f64))
                    .collect(),
                zero_absence_pct: pct(zero[u] as f64, eligible[u] as f64),
                zero_absence_n: eligible[u],
                headcount_avg: m.head_days as f64 / days,
                fte_avg: m.fte_days / days,
                sick_working_days: m.sick * 5.0 / 7.0,
                absence_cost: m.sick_cost * 5.0 / 7.0,
                absence_rate_pregnancy_pct: pct(m.pregnancy, m.fte_days),
                long_term_open: long_open[u],
                mean_duration_12m_days: ratio(y.ended_days as f64, y.ended as f64),
                spells_ended_12m: y.ended,
            }
        })
        .collect();
    (figures, months)
}

/// Per unit (rolled up): employees employed in the unit's subtree on every day of
/// `[w0, w1]`, and how many of them had no sick day in it.
fn zero_absence(persons: &[Person], tree: &UnitTree, w0: Day, w1: Day) -> (Vec<u64>, Vec<u64>) {
    let units = tree.len();
    let full = span_len(w0, w1);
    let mut eligible = vec![0u64; units];
    let mut zero = vec![0u64; units];
    let mut cover: Vec<(usize, i64)> = Vec::new();
    for p in persons {
        cover.clear();
        for r in &p.rows {
            if let Some((a, b)) = overlap(r.start, r.end, w0, w1) {
                for u in tree.ancestors_or_self(r.unit) {
                    match cover.iter_mut().find(|c| c.0 == u) {
                        Some(c) => c.1 += span_len(a, b),
                        None => cover.push((u, span_len(a, b))),
                    }
                }
            }
        }
        if cover.is_empty() {
            continue;
        }
        let sick = p
            .sick
            .iter()
            .any(|pc| overlap(pc.start, pc.end, w0, w1).is_some());
        for &(u, d) in &cover {
            if d == full {
                eligible[u] += 1;
                if !sick {
                    zero[u] += 1;
                }
            }
        }
    }
    (eligible, zero)
}

/// Per unit (rolled up): spells open at the end of day `pend` (started on or before it, last
/// day after it or unknown), counted in the unit of that day; and those that have lasted more
/// than `long_term_days` by then.
fn open_spells(
    persons: &[Person],
    tree: &UnitTree,
    pend: Day,
    long_term_days: u32,
) -> (Vec<u64>, Vec<u64>) {
    let mut open = vec![0u64; tree.len()];
    let mut long = vec![0u64; tree.len()];
    for p in persons {
        for s in &p.spells {
            if s.first <= pend && (s.last == OPEN || s.last > pend) {
                let Some(r) = p.row_at(pend) else { continue };
                open[r.unit] += 1;
                if span_len(s.first, pend) > i64::from(long_term_days) {
                    long[r.unit] += 1;
                }
            }
        }
    }
    let add = |a: &mut u64, b: &u64| *a += *b;
    (tree.roll_up(&open, add), tree.roll_up(&long, add))
}
