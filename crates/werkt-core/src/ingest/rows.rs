//! Each table's rows into the model's types, field by field (the per-value rules of the data
//! contract). Rules that relate rows to each other live in `crate::validate`.

use werkt_model::{
    Absence, AbsenceReason, Date, Employment, Intervention, OrgForm, SurveyResponse, Unit,
};

use super::fields::{RowReader, whole};
use super::table::Table;
use super::table::Typed;
use crate::diagnostic::Diagnostics;

/// A value and the line it was read from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located<T> {
    pub line: u64,
    pub value: T,
}

/// The part-time factor's upper bound: overtime contracts go up to 1.5.
const MAX_FTE: f64 = 1.5;

fn org_form(r: &mut RowReader<'_>, col: &str) -> Option<OrgForm> {
    let v = r.raw(col);
    if v.is_empty() {
        return None;
    }
    let form = OrgForm::ALL
        .into_iter()
        .find(|f| f.as_str().eq_ignore_ascii_case(v));
    if form.is_none() {
        r.error(
            col,
            "is not a known organisational form; use functional, divisional or matrix, or map your export's words in [data.units.values.org_form]",
        );
    }
    form
}

/// Units, and the id of every row, usable or not (so that references to a unit whose row has
/// another problem are not reported as unknown too).
pub(crate) fn units(t: &Table, diags: &mut Diagnostics) -> (Vec<Located<Unit>>, Vec<String>) {
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for row in &t.rows {
        let mut r = RowReader::new(t, row, diags);
        let id = r.text("unit_id");
        if let Some(problem) = crate::tables::unit_id_problem(&id) {
            r.error("unit_id", problem);
        }
        // An empty name is allowed: the report then shows the id.
        let name = r.opt_text("name").unwrap_or_else(|| id.clone());
        let parent = r.opt_text("parent_id");
        let form = org_form(&mut r, "org_form");
        if !id.is_empty() {
            ids.push(id.clone());
        }
        if !r.failed {
            out.push(Located {
                line: row.line,
                value: Unit {
                    id,
                    name,
                    parent,
                    org_form: form,
                },
            });
        }
    }
    (out, ids)
}

pub(crate) fn employees(
    t: &Table,
    diags: &mut Diagnostics,
) -> (Vec<Located<Employment>>, Vec<String>) {
    let mut out = Vec::new();
    let mut ids = Vec::new();
    for row in &t.rows {
        let mut r = RowReader::new(t, row, diags);
        let employee = r.text("employee_id");
        let unit = r.text("unit_id");
        let fte = r.fte("fte");
        if fte.is_some_and(|f| f <= 0.0 || f > MAX_FTE) {
            r.error(
                "fte",
                "must be more than 0 and at most 1.5 (the part-time factor; 1 = full time)",
            );
        }
        let start = r.date("start_date");
        let end = r.end_date("end_date", start, "start_date");
        let daily_cost = r.opt_number("daily_cost");
        if daily_cost.is_some_and(|c| c < 0.0) {
            r.error("daily_cost", "must not be negative");
        }
        if !employee.is_empty() {
            ids.push(employee.clone());
        }
        if let (false, Some(fte), Some(start)) = (r.failed, fte, start) {
            out.push(Located {
                line: row.line,
                value: Employment {
                    employee,
                    unit,
                    fte,
                    start,
                    end,
                    daily_cost,
                },
            });
        }
    }
    (out, ids)
}

pub(crate) fn absence(t: &Table, diags: &mut Diagnostics) -> Vec<Located<Absence>> {
    let mut out = Vec::new();
    for row in &t.rows {
        let mut r = RowReader::new(t, row, diags);
        let employee = r.text("employee_id");
        let start = r.date("start_date");
        let end = r.end_date("end_date", start, "start_date");
        let percentage = match r.opt_percent(
            "percentage",
            "must be a whole number from 1 to 100 (the incapacity in percent)",
        ) {
            Some(None) => Some(100),
            Some(Some(p)) if (1..=100).contains(&p) => Some(p as u8),
            Some(Some(_)) => {
                r.error(
                    "percentage",
                    "must be a whole number from 1 to 100 (the incapacity in percent)",
                );
                None
            }
            None => None,
        };
        let reason = match r.raw("reason").to_ascii_lowercase().as_str() {
            "" | "sick" => Some(AbsenceReason::Sick),
            "pregnancy" => Some(AbsenceReason::Pregnancy),
            _ => {
                r.error(
                    "reason",
                    "is not a known reason; use sick or pregnancy, or map your export's words in [data.absence.values.reason]",
                );
                None
            }
        };
        if let (false, Some(start), Some(percentage), Some(reason)) =
            (r.failed, start, percentage, reason)
        {
            out.push(Located {
                line: row.line,
                value: Absence {
                    employee,
                    start,
                    end,
                    percentage,
                    reason,
                },
            });
        }
    }
    out
}

/// Survey responses; `scale` gives each item column's `[lowest, highest]`, aligned with
/// `t.items`.
pub(crate) fn survey(
    t: &Table,
    scales: &[(String, [i64; 2])],
    diags: &mut Diagnostics,
) -> Vec<Located<SurveyResponse>> {
    let mut out = Vec::new();
    for row in &t.rows {
        let mut r = RowReader::new(t, row, diags);
        let respondent = r.text("respondent_id");
        let unit = r.text("unit_id");
        let date: Option<Date> = r.date("date");
        let mut answers = Vec::with_capacity(t.items.len());
        for ((_, found), (prefix, [lo, hi])) in t.items.iter().zip(scales) {
            let v = row.fields.get(found.index).map_or("", String::as_str);
            if v.is_empty() {
                answers.push(None);
                continue;
            }
            let bad = |what: &str| format!("{what} on the scale {prefix} ({lo} to {hi})");
            let number = match row.typed.get(found.index).copied().flatten() {
                Some(Typed::Number(n)) => Some(n),
                Some(_) => None,
                None => t.format.number.read(v),
            };
            let answer = match number.and_then(whole) {
                None => {
                    r.error_item(
                        found,
                        v,
                        bad("is not a whole number; answers are whole numbers"),
                    );
                    None
                }
                Some(a) if a < *lo || a > *hi => {
                    r.error_item(found, v, bad("is outside the range of answers"));
                    None
                }
                Some(a) => i32::try_from(a).ok(),
            };
            answers.push(answer);
        }
        if let (false, Some(date)) = (r.failed, date) {
            out.push(Located {
                line: row.line,
                value: SurveyResponse {
                    respondent,
                    unit,
                    date,
                    answers,
                },
            });
        }
    }
    out
}

pub(crate) fn interventions(t: &Table, diags: &mut Diagnostics) -> Vec<Located<Intervention>> {
    let mut out = Vec::new();
    for row in &t.rows {
        let mut r = RowReader::new(t, row, diags);
        let id = r.text("intervention_id");
        let unit = r.text("unit_id");
        let name = r.text("name");
        let start = r.date("start_date");
        let money = |r: &mut RowReader<'_>, col: &str| {
            let v = r.number(col);
            if v.is_some_and(|v| v < 0.0) {
                r.error(col, "must not be negative");
            }
            v
        };
        let investment = money(&mut r, "investment");
        let annual_cost = money(&mut r, "annual_cost");
        let message = "must be a whole number of years, 1 or more";
        let horizon_years = match r.opt_whole("horizon_years", message) {
            Some(Some(h)) => {
                let h = u32::try_from(h).ok().filter(|&h| h >= 1);
                if h.is_none() {
                    r.error("horizon_years", message);
                }
                h
            }
            _ => None,
        };
        let benefit = r.opt_number("performance_benefit_per_year");
        if let (false, Some(start), Some(investment), Some(annual_cost)) =
            (r.failed, start, investment, annual_cost)
        {
            out.push(Located {
                line: row.line,
                value: Intervention {
                    id,
                    unit,
                    name,
                    start,
                    investment,
                    annual_cost,
                    horizon_years,
                    performance_benefit_per_year: benefit,
                },
            });
        }
    }
    out
}
