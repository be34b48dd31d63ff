//! Builders for small hand-made datasets.
#![allow(dead_code)]

use werkt_model::{
    Absence, AbsenceReason, Dataset, Date, Employment, Intervention, Organisation, Unit,
};

pub fn date(s: &str) -> Date {
    s.parse().unwrap()
}

pub fn unit(id: &str, parent: Option<&str>) -> Unit {
    Unit {
        id: id.into(),
        name: id.to_uppercase(),
        parent: parent.map(Into::into),
        org_form: None,
    }
}

/// Org with children a and b; a has child a1.
pub fn units() -> Vec<Unit> {
    vec![
        unit("org", None),
        unit("a", Some("org")),
        unit("b", Some("org")),
        unit("a1", Some("a")),
    ]
}

pub fn job(emp: &str, unit: &str, fte: f64, start: &str, end: Option<&str>) -> Employment {
    Employment {
        employee: emp.into(),
        unit: unit.into(),
        fte,
        start: date(start),
        end: end.map(date),
        daily_cost: None,
    }
}

pub fn sick(emp: &str, start: &str, end: Option<&str>, pct: u8) -> Absence {
    Absence {
        employee: emp.into(),
        start: date(start),
        end: end.map(date),
        percentage: pct,
        reason: AbsenceReason::Sick,
    }
}

pub fn pregnant(emp: &str, start: &str, end: Option<&str>, pct: u8) -> Absence {
    Absence {
        employee: emp.into(),
        start: date(start),
        end: end.map(date),
        percentage: pct,
        reason: AbsenceReason::Pregnancy,
    }
}

pub fn intervention(
    id: &str,
    unit: &str,
    start: &str,
    investment: f64,
    annual_cost: f64,
    perf: f64,
) -> Intervention {
    Intervention {
        id: id.into(),
        unit: unit.into(),
        name: format!("Intervention {id}"),
        start: date(start),
        investment,
        annual_cost,
        horizon_years: None,
        performance_benefit_per_year: Some(perf),
    }
}

pub fn dataset(employees: Vec<Employment>, absence: Vec<Absence>) -> Dataset {
    Dataset {
        organisation: Organisation {
            id: "t".into(),
            name: "T".into(),
            org_form: None,
            sector: None,
        },
        units: units(),
        employees,
        absence,
        survey: None,
        interventions: Vec::new(),
    }
}

/// Relative comparison: |a - b| <= tol * max(|a|, |b|), exact for zero.
pub fn close(a: f64, b: f64, tol: f64) -> bool {
    a == b || (a - b).abs() <= tol * a.abs().max(b.abs())
}

#[track_caller]
pub fn assert_close(a: f64, b: f64) {
    assert!(close(a, b, 1e-12), "{a} != {b}");
}

#[track_caller]
pub fn assert_some_close(a: Option<f64>, b: f64) {
    match a {
        Some(a) => assert_close(a, b),
        None => panic!("None, expected {b}"),
    }
}
