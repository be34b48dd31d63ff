//! Each employee's history as intervals: employment rows, the per-day incapacity as a step
//! function clipped to employment, and the sick spells.
//!
//! This is the one place where segments become spells (domain.md section 3): overlapping
//! segments count the highest incapacity per day (never above 100), days outside every
//! employment row are dropped (and reported), and a spell is a maximal run of consecutive sick
//! days, which is exactly a chain of segments each starting at the latest the day after the
//! previous one ends.

use std::collections::HashMap;

use werkt_model::{AbsenceReason, Dataset, UnitIx, UnitTree};

use crate::days::{Day, OPEN, day, end_day, overlap, span_len};
use crate::error::AbsenceError;

/// One employment row.
#[derive(Debug, Clone)]
pub struct Row {
    pub start: Day,
    pub end: Day,
    pub unit: UnitIx,
    pub fte: f64,
    pub daily_cost: Option<f64>,
}

/// A stretch of days at one incapacity inside one employment row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    pub start: Day,
    pub end: Day,
    pub pct: u8,
    /// Index into the person's rows.
    pub row: u32,
}

/// A sick spell: first and last day (the last is [`OPEN`] while it goes on), and the rows
/// holding those days, which give the unit the spell counts in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spell {
    pub first: Day,
    pub last: Day,
    pub row_first: u32,
    pub row_last: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Person {
    pub rows: Vec<Row>,
    pub sick: Vec<Piece>,
    pub pregnancy: Vec<Piece>,
    pub spells: Vec<Spell>,
}

impl Person {
    /// The employment row covering day `d`.
    pub fn row_at(&self, d: Day) -> Option<&Row> {
        let i = self.rows.partition_point(|r| r.start <= d);
        let r = self.rows.get(i.checked_sub(1)?)?;
        (d <= r.end).then_some(r)
    }
}

/// Absence that fell outside employment, for the warning.
#[derive(Debug, Clone, Default)]
pub struct Outside {
    pub segments: u64,
    pub days: i64,
}

/// Builds every employee's timeline. `horizon` is the last day that matters (the period's
/// last day): absence days after it are not counted as "outside employment".
pub fn build(
    data: &Dataset,
    tree: &UnitTree,
    horizon: Day,
) -> Result<(Vec<Person>, Outside), AbsenceError> {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(data.employees.len());
    let mut persons: Vec<Person> = Vec::new();
    for e in &data.employees {
        let unit = tree
            .index_of(&e.unit)
            .ok_or_else(|| AbsenceError::UnknownUnit {
                employee: e.employee.clone(),
                unit: e.unit.clone(),
            })?;
        if !(e.fte.is_finite() && e.fte > 0.0) {
            return Err(AbsenceError::BadFte {
                employee: e.employee.clone(),
                fte: e.fte,
            });
        }
        let next = persons.len();
        let p = *index.entry(e.employee.as_str()).or_insert(next);
        if p == next {
            persons.push(Person::default());
        }
        persons[p].rows.push(Row {
            start: day(e.start),
            end: end_day(e.end),
            unit,
            fte: e.fte,
            daily_cost: e.daily_cost,
        });
    }
    for p in &mut persons {
        p.rows.sort_by_key(|r| r.start);
    }

    type Seg = (Day, Day, u8);
    let mut sick: Vec<Vec<Seg>> = vec![Vec::new(); persons.len()];
    let mut pregnancy: Vec<Vec<Seg>> = vec![Vec::new(); persons.len()];
    let mut outside = Outside::default();
    let no_rows: Vec<Row> = Vec::new();
    for a in &data.absence {
        let (s, e) = (day(a.start), end_day(a.end));
        let pct = a.percentage.min(100);
        let who = index.get(a.employee.as_str()).copied();
        let rows = who.map_or(&no_rows, |p| &persons[p].rows);
        let outside_days = days_outside(rows, s, e, horizon);
        if outside_days > 0 {
            outside.segments += 1;
            outside.days += outside_days;
        }
        if let (Some(p), true) = (who, pct > 0) {
            match a.reason {
                AbsenceReason::Sick => sick[p].push((s, e, pct)),
                AbsenceReason::Pregnancy => pregnancy[p].push((s, e, pct)),
            }
        }
    }

    for (i, p) in persons.iter_mut().enumerate() {
        if !sick[i].is_empty() {
            p.sick = clip(&max_profile(&mut sick[i]), &p.rows);
            p.spells = spells(&p.sick);
        }
        if !pregnancy[i].is_empty() {
            p.pregnancy = clip(&max_profile(&mut pregnancy[i]), &p.rows);
        }
    }
    Ok((persons, outside))
}

/// Days of `[s, e]` up to `horizon` that no employment row covers.
fn days_outside(rows: &[Row], s: Day, e: Day, horizon: Day) -> i64 {
    let Some((s, e)) = overlap(s, e, Day::MIN, horizon) else {
        return 0;
    };
    let covered: i64 = rows
        .iter()
        .filter_map(|r| overlap(s, e, r.start, r.end))
        .map(|(a, b)| span_len(a, b))
        .sum();
    span_len(s, e) - covered
}

/// The per-day highest incapacity of possibly overlapping segments, as non-overlapping
/// pieces in day order (`row` not yet set).
fn max_profile(segs: &mut [(Day, Day, u8)]) -> Vec<(Day, Day, u8)> {
    segs.sort_unstable();
    // Common case: no overlaps, the segments are the profile.
    if segs.windows(2).all(|w| w[0].1 != OPEN && w[1].0 > w[0].1) {
        return segs.to_vec();
    }
    // Sweep over boundaries keeping a count of active segments per percentage.
    let mut events: Vec<(Day, bool, u8)> = Vec::with_capacity(segs.len() * 2);
    for &(s, e, pct) in segs.iter() {
        events.push((s, true, pct));
        if e != OPEN {
            events.push((e + 1, false, pct));
        }
    }
    events.sort_unstable_by_key(|ev| ev.0);
    let mut active = [0u32; 101];
    let mut out: Vec<(Day, Day, u8)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let at = events[i].0;
        while i < events.len() && events[i].0 == at {
            let (_, start, pct) = events[i];
            let slot = &mut active[usize::from(pct)];
            if start {
                *slot += 1;
            } else {
                *slot -= 1;
            }
            i += 1;
        }
        let top = (1..=100u8).rev().find(|&p| active[usize::from(p)] > 0);
        let until = events.get(i).map_or(OPEN, |ev| ev.0 - 1);
        if let Some(pct) = top {
            match out.last_mut() {
                Some(last) if last.2 == pct && last.1 != OPEN && last.1 + 1 == at => last.1 = until,
                _ => out.push((at, until, pct)),
            }
        }
    }
    out
}

/// Intersects the profile with the employment rows; days outside every row are dropped.
fn clip(profile: &[(Day, Day, u8)], rows: &[Row]) -> Vec<Piece> {
    let mut out = Vec::with_capacity(profile.len());
    let mut r0 = 0;
    for &(s, e, pct) in profile {
        while r0 < rows.len() && rows[r0].end < s {
            r0 += 1;
        }
        for (ri, r) in rows.iter().enumerate().skip(r0) {
            if r.start > e {
                break;
            }
            if let Some((a, b)) = overlap(s, e, r.start, r.end) {
                out.push(Piece {
                    start: a,
                    end: b,
                    pct,
                    row: ri as u32,
                });
            }
        }
    }
    out
}

/// Maximal runs of consecutive sick days.
fn spells(pieces: &[Piece]) -> Vec<Spell> {
    let mut out: Vec<Spell> = Vec::new();
    for p in pieces {
        match out.last_mut() {
            Some(s) if s.last != OPEN && p.start <= s.last + 1 => {
                // `max` only matters for overlapping employment rows, which validation
                // excludes; it keeps the spell whole if such data slips through.
                if p.end >= s.last {
                    s.last = p.end;
                    s.row_last = p.row;
                }
            }
            _ => out.push(Spell {
                first: p.start,
                last: p.end,
                row_first: p.row,
                row_last: p.row,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_takes_the_highest_percentage() {
        let mut segs = vec![(10, 20, 50), (15, 30, 100), (25, OPEN, 40)];
        assert_eq!(
            max_profile(&mut segs),
            vec![(10, 14, 50), (15, 30, 100), (31, OPEN, 40)]
        );
        let mut same = vec![(1, 5, 60), (3, 8, 60)];
        assert_eq!(max_profile(&mut same), vec![(1, 8, 60)]);
    }

    #[test]
    fn adjacent_pieces_make_one_spell_and_a_gap_two() {
        let p = |s, e| Piece {
            start: s,
            end: e,
            pct: 50,
            row: 0,
        };
        assert_eq!(spells(&[p(1, 3), p(4, 6)]).len(), 1);
        assert_eq!(spells(&[p(1, 3), p(5, 6)]).len(), 2);
    }
}
