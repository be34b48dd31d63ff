//! Additive sums per unit and bucket, from which every rate, frequency and mean is a ratio.
//!
//! Everything that domain.md defines as a sum over employees and days is accumulated here per
//! bucket (month or window) and per unit of the day, in one pass over the intervals. A window
//! of several months is then the sum of its months, and a unit's figure the sum over its
//! subtree (`UnitTree::roll_up`), because all these quantities are additive.

use werkt_model::UnitTree;

use crate::config::{AbsenceConfig, MAX_DURATION_BOUNDS};
use crate::days::{Buckets, OPEN};
use crate::timeline::Person;

/// Sums for one unit over one bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Totals {
    /// Sum over employed days of fte (denominator of the absence rate).
    pub fte_days: f64,
    /// Employee-days employed (average headcount = this / days).
    pub head_days: u64,
    /// Sum over employed days of fte * sick incapacity (0..1): fte-weighted sick calendar days.
    pub sick: f64,
    /// The same for pregnancy and maternity leave.
    pub pregnancy: f64,
    /// Sum of fte * sick incapacity * cost per sick working day (row's `daily_cost` or the
    /// configured one); times 5/7 it is the absence cost.
    pub sick_cost: f64,
    /// Spells whose first day is in the bucket (unit on that day).
    pub new_spells: u64,
    /// Spells whose last day is in the bucket (unit on that day).
    pub ended: u64,
    /// Their total duration in calendar days, days before the bucket included.
    pub ended_days: u64,
    /// Ended spells per duration class.
    pub classes: [u64; MAX_DURATION_BOUNDS + 1],
}

impl Totals {
    pub fn add(&mut self, o: &Totals) {
        self.fte_days += o.fte_days;
        self.head_days += o.head_days;
        self.sick += o.sick;
        self.pregnancy += o.pregnancy;
        self.sick_cost += o.sick_cost;
        self.new_spells += o.new_spells;
        self.ended += o.ended;
        self.ended_days += o.ended_days;
        for (a, b) in self.classes.iter_mut().zip(o.classes.iter()) {
            *a += b;
        }
    }
}

/// Direct (not rolled-up) totals, `cells[bucket * units + unit]`.
#[derive(Debug, Clone)]
pub struct Grid {
    pub buckets: Buckets,
    pub units: usize,
    pub cells: Vec<Totals>,
}

impl Grid {
    pub fn cell(&self, bucket: usize, unit: usize) -> &Totals {
        &self.cells[bucket * self.units + unit]
    }

    /// Each bucket rolled up the tree: a unit's totals include its descendants'.
    pub fn rolled_up(&self, tree: &UnitTree) -> Grid {
        let mut cells = Vec::with_capacity(self.cells.len());
        for b in 0..self.buckets.len() {
            let slice = &self.cells[b * self.units..(b + 1) * self.units];
            cells.extend(tree.roll_up(slice, |p, c| p.add(c)));
        }
        Grid {
            buckets: self.buckets.clone(),
            units: self.units,
            cells,
        }
    }

    /// Sum of `unit`'s cells over buckets `from..=to`.
    pub fn sum(&self, unit: usize, from: usize, to: usize) -> Totals {
        let mut t = Totals::default();
        for b in from..=to {
            t.add(self.cell(b, unit));
        }
        t
    }
}

/// One pass over all intervals of all persons.
pub fn accumulate(persons: &[Person], buckets: Buckets, units: usize, cfg: &AbsenceConfig) -> Grid {
    let n = buckets.len();
    let mut cells = vec![Totals::default(); n * units];
    for p in persons {
        for r in &p.rows {
            buckets.chunks(r.start, r.end, |b, days| {
                let c = &mut cells[b * units + r.unit];
                c.fte_days += r.fte * days as f64;
                c.head_days += days as u64;
            });
        }
        for pc in &p.sick {
            let r = &p.rows[pc.row as usize];
            let cost = r.daily_cost.unwrap_or(cfg.cost_per_sick_day);
            buckets.chunks(pc.start, pc.end, |b, days| {
                let c = &mut cells[b * units + r.unit];
                let w = r.fte * (f64::from(pc.pct) * days as f64) / 100.0;
                c.sick += w;
                c.sick_cost += w * cost;
            });
        }
        for pc in &p.pregnancy {
            let r = &p.rows[pc.row as usize];
            buckets.chunks(pc.start, pc.end, |b, days| {
                cells[b * units + r.unit].pregnancy +=
                    r.fte * (f64::from(pc.pct) * days as f64) / 100.0;
            });
        }
        for s in &p.spells {
            if let Some(b) = buckets.index_of(s.first) {
                cells[b * units + p.rows[s.row_first as usize].unit].new_spells += 1;
            }
            if s.last != OPEN
                && let Some(b) = buckets.index_of(s.last)
            {
                let c = &mut cells[b * units + p.rows[s.row_last as usize].unit];
                let days = i64::from(s.last) - i64::from(s.first) + 1;
                c.ended += 1;
                c.ended_days += days as u64;
                c.classes[cfg.class_of(days)] += 1;
            }
        }
    }
    Grid {
        buckets,
        units,
        cells,
    }
}
