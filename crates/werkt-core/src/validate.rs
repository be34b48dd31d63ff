//! The rules that relate rows to each other: unique ids, references that resolve, one unit
//! tree, employment rows that do not overlap, absence within employment. Per-value rules
//! (numbers, dates, ranges) are checked while reading, in `ingest`.

use std::collections::{BTreeMap, HashMap, HashSet};

use werkt_model::{Absence, AbsenceReason, Date, Employment, Intervention, SurveyResponse, Unit};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ingest::{Located, Table};
use crate::quality::WarningKind;

type AbsenceKey<'a> = (&'a str, Date, Option<Date>, u8, AbsenceReason);

fn show_interval(start: Date, end: Option<Date>) -> String {
    match end {
        Some(e) => format!("{start} to {e}"),
        None => format!("{start} onwards"),
    }
}

fn err(t: &Table, line: u64, col: &str, message: String, value: &str) -> Diagnostic {
    t.error(line, col, message, value)
}

/// The employees an absence row may name: their ids, the file they come from (for the
/// message) and whether an unknown one is an error (`data.strict`) or a warning.
pub(crate) struct Known<'a> {
    pub ids: &'a HashSet<&'a str>,
    pub file: &'a str,
    pub strict: bool,
}

/// Unit ids unique (also as file names on case-insensitive, normalising file systems),
/// parents known, exactly one root, no cycles.
pub(crate) fn units(t: &Table, units: &[Located<Unit>], diags: &mut Diagnostics) {
    let mut first: HashMap<&str, u64> = HashMap::new();
    let mut file_names: HashMap<String, (&str, u64)> = HashMap::new();
    let mut distinct: Vec<&Located<Unit>> = Vec::new();
    for u in units {
        match first.get(u.value.id.as_str()) {
            Some(&line) => diags.push(err(
                t,
                u.line,
                "unit_id",
                format!("duplicate unit id: line {line} has it too"),
                &u.value.id,
            )),
            None => {
                first.insert(&u.value.id, u.line);
                distinct.push(u);
                let key = crate::tables::file_name_key(&u.value.id);
                if let Some((other, line)) = file_names.get(&key) {
                    diags.push(err(
                        t,
                        u.line,
                        "unit_id",
                        format!(
                            "unit id '{other}' on line {line} names the same file on Windows and macOS (the ids differ only in upper and lower case, or in how an accented letter is encoded), so their per-unit reports would overwrite each other; rename one"
                        ),
                        &u.value.id,
                    ));
                } else {
                    file_names.insert(key, (&u.value.id, u.line));
                }
            }
        }
    }
    let mut known_parent = true;
    for u in &distinct {
        if let Some(p) = &u.value.parent {
            if !first.contains_key(p.as_str()) {
                known_parent = false;
                diags.push(err(t, u.line, "parent_id", "no unit has this id".into(), p));
            }
            if p == &u.value.id {
                diags.push(err(
                    t,
                    u.line,
                    "parent_id",
                    "a unit cannot be its own parent".into(),
                    p,
                ));
            }
        }
    }
    let roots: Vec<&&Located<Unit>> = distinct
        .iter()
        .filter(|u| u.value.parent.is_none())
        .collect();
    match roots.as_slice() {
        [] if !distinct.is_empty() => diags.push(t.whole(
            "there is no root unit: exactly one unit, the whole organisation, must have an empty parent_id",
        )),
        [_] | [] => {}
        [first_root, rest @ ..] => {
            for r in rest {
                diags.push(err(
                    t,
                    r.line,
                    "parent_id",
                    format!(
                        "a second root unit: {} (line {}) and {} both have an empty parent_id; exactly one unit may be the root",
                        first_root.value.id, first_root.line, r.value.id
                    ),
                    "",
                ));
            }
        }
    }
    if !known_parent {
        return;
    }
    // Cycles: follow parents from every unit; a unit met twice on one walk closes a cycle.
    let parent: HashMap<&str, &str> = distinct
        .iter()
        .filter_map(|u| u.value.parent.as_deref().map(|p| (u.value.id.as_str(), p)))
        .filter(|(u, p)| u != p)
        .collect();
    let mut done: HashSet<&str> = HashSet::new();
    // Positions on the current walk's path, looked up instead of searched: a search per step
    // was quadratic on a long chain listed deepest first.
    let mut on_path: HashMap<&str, usize> = HashMap::new();
    for u in &distinct {
        let mut path: Vec<&str> = Vec::new();
        on_path.clear();
        let mut at = u.value.id.as_str();
        loop {
            if done.contains(at) {
                break;
            }
            if let Some(&pos) = on_path.get(at) {
                let mut cycle: Vec<&str> = path[pos..].to_vec();
                // Start the cycle at the unit written first, so the message is stable.
                let start = (0..cycle.len())
                    .min_by_key(|&i| first.get(cycle[i]).copied().unwrap_or(0))
                    .unwrap_or(0);
                cycle.rotate_left(start);
                let line = first.get(cycle[0]).copied().unwrap_or(0);
                let mut names = cycle.clone();
                names.push(cycle[0]);
                diags.push(err(
                    t,
                    line,
                    "parent_id",
                    format!(
                        "the units {} form a cycle; every unit must lead up to the root",
                        names.join(" -> ")
                    ),
                    parent.get(cycle[0]).copied().unwrap_or(""),
                ));
                break;
            }
            on_path.insert(at, path.len());
            path.push(at);
            match parent.get(at) {
                Some(p) => at = p,
                None => break,
            }
        }
        done.extend(path);
    }
}

/// Units known, one employee's rows never overlapping.
pub(crate) fn employees(
    t: &Table,
    rows: &[Located<Employment>],
    unit_ids: &HashSet<&str>,
    units_file: &str,
    diags: &mut Diagnostics,
) {
    for e in rows {
        if !unit_ids.contains(e.value.unit.as_str()) {
            diags.push(err(
                t,
                e.line,
                "unit_id",
                format!("no unit in {units_file} has this id"),
                &e.value.unit,
            ));
        }
    }
    let mut by_employee: BTreeMap<&str, Vec<&Located<Employment>>> = BTreeMap::new();
    for e in rows {
        by_employee.entry(&e.value.employee).or_default().push(e);
    }
    let mut found = Vec::new();
    for (employee, mut list) in by_employee {
        list.sort_by_key(|e| (e.value.start, e.line));
        // The row reaching furthest so far; a later-starting row that begins on or before its
        // end overlaps it.
        let mut reach: Option<&Located<Employment>> = None;
        for e in list {
            if let Some(r) = reach {
                let overlaps = r.value.end.is_none_or(|end| e.value.start <= end);
                if overlaps {
                    let (a, b) = if r.line < e.line { (r, e) } else { (e, r) };
                    found.push(err(
                        t,
                        b.line,
                        "start_date",
                        format!(
                            "employee {employee}'s employment rows on lines {} and {} overlap ({} and {}); one employee's rows must not overlap",
                            a.line,
                            b.line,
                            show_interval(a.value.start, a.value.end),
                            show_interval(b.value.start, b.value.end)
                        ),
                        &b.value.start.to_string(),
                    ));
                }
                let further = match (r.value.end, e.value.end) {
                    (None, _) => false,
                    (Some(_), None) => true,
                    (Some(a), Some(b)) => b > a,
                };
                if further {
                    reach = Some(e);
                }
            } else {
                reach = Some(e);
            }
        }
    }
    found.sort_by_key(|d| d.line);
    found.into_iter().for_each(|d| diags.push(d));
}

/// Employees known, no segment twice; a warning for days outside every employment row.
pub(crate) fn absence(
    t: &Table,
    rows: &mut Vec<Located<Absence>>,
    employees: &Known<'_>,
    employment: &[Located<Employment>],
    diags: &mut Diagnostics,
) {
    let mut spans: HashMap<&str, Vec<(Date, Option<Date>)>> = HashMap::new();
    for e in employment {
        spans
            .entry(&e.value.employee)
            .or_default()
            .push((e.value.start, e.value.end));
    }
    for v in spans.values_mut() {
        v.sort();
    }
    // Rows of unknown employees are left out unless strict (then they are errors and nothing
    // is used anyway); the rest are checked.
    let mut unknown = Vec::new();
    for a in rows.iter() {
        if !employees.ids.contains(a.value.employee.as_str()) {
            let message = format!("no employee in {} has this id", employees.file);
            diags.push(if employees.strict {
                err(t, a.line, "employee_id", message, &a.value.employee)
            } else {
                t.warning(
                    WarningKind::AbsenceOfUnknownEmployee,
                    a.line,
                    "employee_id",
                    format!(
                        "{message}; the row is left out (data.strict = true makes this an error)"
                    ),
                    &a.value.employee,
                )
            });
            unknown.push(a.line);
        }
    }
    rows.retain(|a| !unknown.contains(&a.line));
    let mut seen: HashMap<AbsenceKey<'_>, u64> = HashMap::new();
    for a in rows.iter() {
        let key = (
            a.value.employee.as_str(),
            a.value.start,
            a.value.end,
            a.value.percentage,
            a.value.reason,
        );
        if let Some(&line) = seen.get(&key) {
            diags.push(err(
                t,
                a.line,
                "start_date",
                format!(
                    "the same absence as line {line} (same employee, dates, percentage and reason)"
                ),
                &a.value.start.to_string(),
            ));
            continue;
        }
        seen.insert(key, a.line);
        if let Some(s) = spans.get(a.value.employee.as_str())
            && let Some((from, to)) = first_gap(a.value.start, a.value.end, s)
        {
            diags.push(t.warning(
                WarningKind::AbsenceOutsideEmployment,
                a.line,
                "start_date",
                format!(
                    "absence of employee {} from {} is outside every employment row of that employee; those days are ignored",
                    a.value.employee,
                    show_interval(from, to)
                ),
                &a.value.start.to_string(),
            ));
        }
    }
}

/// The first stretch of [start, end] (end `None`: open) not covered by the sorted `spans`.
fn first_gap(
    start: Date,
    end: Option<Date>,
    spans: &[(Date, Option<Date>)],
) -> Option<(Date, Option<Date>)> {
    let mut at = start;
    for &(s, e) in spans {
        if end.is_some_and(|end| at > end) {
            return None;
        }
        if s > at {
            let gap_end = s.pred_opt().unwrap_or(s);
            return Some((at, Some(end.map_or(gap_end, |end| end.min(gap_end)))));
        }
        match e {
            None => return None,
            Some(e) if e >= at => at = e.succ_opt()?,
            Some(_) => {}
        }
    }
    if end.is_some_and(|end| at > end) {
        None
    } else {
        Some((at, end))
    }
}

/// Units known, one response per respondent and date.
pub(crate) fn survey(
    t: &Table,
    rows: &[Located<SurveyResponse>],
    unit_ids: &HashSet<&str>,
    units_file: &str,
    diags: &mut Diagnostics,
) {
    let mut seen: HashMap<(&str, Date), u64> = HashMap::new();
    for r in rows {
        if !unit_ids.contains(r.value.unit.as_str()) {
            diags.push(err(
                t,
                r.line,
                "unit_id",
                format!("no unit in {units_file} has this id"),
                &r.value.unit,
            ));
        }
        match seen.get(&(r.value.respondent.as_str(), r.value.date)) {
            Some(&line) => diags.push(err(
                t,
                r.line,
                "respondent_id",
                format!(
                    "respondent {} answered twice on {} (lines {line} and {})",
                    r.value.respondent, r.value.date, r.line
                ),
                &r.value.respondent,
            )),
            None => {
                seen.insert((&r.value.respondent, r.value.date), r.line);
            }
        }
    }
}

/// Ids unique, units known.
pub(crate) fn interventions(
    t: &Table,
    rows: &[Located<Intervention>],
    unit_ids: &HashSet<&str>,
    units_file: &str,
    diags: &mut Diagnostics,
) {
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for i in rows {
        if let Some(&line) = seen.get(i.value.id.as_str()) {
            diags.push(err(
                t,
                i.line,
                "intervention_id",
                format!("duplicate intervention id: line {line} has it too"),
                &i.value.id,
            ));
        } else {
            seen.insert(&i.value.id, i.line);
        }
        if !unit_ids.contains(i.value.unit.as_str()) {
            diags.push(err(
                t,
                i.line,
                "unit_id",
                format!("no unit in {units_file} has this id"),
                &i.value.unit,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn gaps_in_employment() {
        let spans = [
            (d("2025-01-01"), Some(d("2025-03-31"))),
            (d("2025-05-01"), None),
        ];
        assert_eq!(
            first_gap(d("2025-02-01"), Some(d("2025-02-10")), &spans),
            None
        );
        assert_eq!(
            first_gap(d("2025-03-30"), Some(d("2025-05-03")), &spans),
            Some((d("2025-04-01"), Some(d("2025-04-30"))))
        );
        assert_eq!(
            first_gap(d("2024-12-30"), Some(d("2025-01-02")), &spans),
            Some((d("2024-12-30"), Some(d("2024-12-31"))))
        );
        assert_eq!(first_gap(d("2025-06-01"), None, &spans), None);
        let ended = [(d("2025-01-01"), Some(d("2025-03-31")))];
        assert_eq!(
            first_gap(d("2025-03-01"), None, &ended),
            Some((d("2025-04-01"), None))
        );
    }
}
