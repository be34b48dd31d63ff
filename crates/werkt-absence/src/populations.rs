//! Who each sick-leave figure is about, as the privacy rule counts them (domain.md section 0):
//! the employees employed in a month, those whose spells ended, those with a spell open at the
//! end of the period, and those employed all year. Each is a [`Population`] of distinct people
//! (a person's number is their index in the timelines), placed in every unit they were in.

use werkt_model::{Population, UnitIx, UnitTree};

use crate::days::{Buckets, Day, OPEN, overlap, span_len};
use crate::timeline::Person;

/// Per bucket: the employees employed on at least one day of it, placed in the unit of each
/// employment row that touches it. The population of every absence figure of a month.
pub fn employed(persons: &[Person], buckets: &Buckets, units: usize) -> Vec<Population> {
    let mut pops = vec![Population::new(units); buckets.len()];
    for (i, p) in persons.iter().enumerate() {
        for r in &p.rows {
            buckets.chunks(r.start, r.end, |b, _| pops[b].place(r.unit, i as u32));
        }
    }
    pops
}

/// The employees whose spells ended in `[from, to]` (the population of the mean duration and
/// the duration classes), placed in the unit of each such spell's last day.
pub fn spells_ended(persons: &[Person], units: usize, from: Day, to: Day) -> Population {
    let mut pop = Population::new(units);
    for (i, p) in persons.iter().enumerate() {
        for s in &p.spells {
            if s.last != OPEN && s.last >= from && s.last <= to {
                pop.place(p.rows[s.row_last as usize].unit, i as u32);
            }
        }
    }
    pop
}

/// The employees with a spell open at the end of day `end` (started on or before it, last
/// day after it or unknown), placed in their unit of that day; and those of them whose spell
/// had lasted more than `long_term_days` by then.
pub fn open_spells(
    persons: &[Person],
    units: usize,
    end: Day,
    long_term_days: u32,
) -> (Population, Population) {
    let mut open = Population::new(units);
    let mut long = Population::new(units);
    for (i, p) in persons.iter().enumerate() {
        for s in &p.spells {
            if s.first <= end && (s.last == OPEN || s.last > end) {
                let Some(r) = p.row_at(end) else { continue };
                open.place(r.unit, i as u32);
                if span_len(s.first, end) > i64::from(long_term_days) {
                    long.place(r.unit, i as u32);
                }
            }
        }
    }
    (open, long)
}

/// The employees employed on every day of `[w0, w1]` in some unit's subtree (the population of
/// zero absence), each placed in the deepest unit whose subtree held them all those days: they
/// count for that unit and its ancestors, and for no unit below it. Also returns, per person,
/// whether they had a sick day in the window.
pub fn employed_throughout(
    persons: &[Person],
    tree: &UnitTree,
    w0: Day,
    w1: Day,
) -> (Population, Vec<bool>) {
    let full = span_len(w0, w1);
    let mut pop = Population::new(tree.len());
    let mut sick = vec![false; persons.len()];
    let depth = tree.depths();
    for (i, p) in persons.iter().enumerate() {
        // One person's rows never overlap, so a unit's subtree held them on every day exactly
        // when the rows in the window cover every day and all lie in that subtree: the
        // deepest such unit is the nearest common ancestor of the rows' units. (Summing each
        // row into all its ancestors was quadratic in the depth per person.)
        let mut covered = 0;
        let mut deepest: Option<UnitIx> = None;
        for r in &p.rows {
            if let Some((a, b)) = overlap(r.start, r.end, w0, w1) {
                covered += span_len(a, b);
                deepest = Some(match deepest {
                    None => r.unit,
                    Some(u) => common_ancestor(tree, &depth, u, r.unit),
                });
            }
        }
        if let Some(u) = deepest.filter(|_| covered == full) {
            pop.place(u, i as u32);
            sick[i] = p
                .sick
                .iter()
                .any(|pc| overlap(pc.start, pc.end, w0, w1).is_some());
        }
    }
    (pop, sick)
}

/// The deepest unit whose subtree holds both `a` and `b`.
fn common_ancestor(tree: &UnitTree, depth: &[usize], mut a: UnitIx, mut b: UnitIx) -> UnitIx {
    let up = |u: UnitIx| tree.parent(u).unwrap_or(u);
    while depth[a] > depth[b] {
        a = up(a);
    }
    while depth[b] > depth[a] {
        b = up(b);
    }
    while a != b {
        (a, b) = (up(a), up(b));
    }
    a
}
