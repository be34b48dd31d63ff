//! The subtraction routes of issue 12, each on the smallest organisation that showed it: every
//! test recovered a small group's figure from the plugin's output before the privacy rule was
//! rewritten over sets of people, populations and windows (domain.md section 0).

use werkt_plugin::model::{Absence, AbsenceReason, Date, Employment, Intervention, Unit};
use werkt_plugin::{AnalysisOutput, AnalysisRequest, Dataset, Language, Plugin, Privacy};
use werkt_sick_leave_roi::SickLeaveRoi;

const PERIOD: &str = "2026-10";

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[derive(Default)]
struct Org {
    units: Vec<Unit>,
    employees: Vec<Employment>,
    absence: Vec<Absence>,
    interventions: Vec<Intervention>,
}

impl Org {
    /// Units as (id, parent); the first is the root.
    fn new(units: &[(&str, Option<&str>)]) -> Org {
        Org {
            units: units
                .iter()
                .map(|(id, p)| Unit {
                    id: (*id).into(),
                    name: format!("Unit {id}"),
                    parent: p.map(Into::into),
                    org_form: None,
                })
                .collect(),
            ..Default::default()
        }
    }

    fn job(&mut self, who: &str, unit: &str, start: &str, end: Option<&str>) -> &mut Org {
        self.employees.push(Employment {
            employee: who.into(),
            unit: unit.into(),
            fte: 1.0,
            start: d(start),
            end: end.map(d),
            daily_cost: None,
        });
        self
    }

    /// `n` people in `unit` employed since 2024, named `<unit>-<i>`.
    fn team(&mut self, unit: &str, n: usize) -> &mut Org {
        for i in 0..n {
            self.job(&format!("{unit}-{i}"), unit, "2024-01-01", None);
        }
        self
    }

    fn sick(&mut self, who: &str, start: &str, end: &str) -> &mut Org {
        self.absence.push(Absence {
            employee: who.into(),
            start: d(start),
            end: Some(d(end)),
            percentage: 100,
            reason: AbsenceReason::Sick,
        });
        self
    }

    fn run(&self) -> AnalysisOutput {
        let request = AnalysisRequest {
            period: PERIOD.parse().unwrap(),
            language: Language::En,
            privacy: Privacy::default(),
            config: serde_json::json!({}),
            data: Dataset {
                units: self.units.clone(),
                employees: self.employees.clone(),
                absence: self.absence.clone(),
                interventions: self.interventions.clone(),
                ..Default::default()
            },
        };
        SickLeaveRoi::new().analyze(&request).unwrap()
    }
}

/// The value of a per-unit metric (None: hidden or undefined), asserting that a hidden one is
/// flagged.
fn value(out: &AnalysisOutput, unit: &str, key: &str) -> Option<f64> {
    let m = out
        .metrics
        .iter()
        .find(|m| m.unit == unit && m.subject.is_none() && m.metric == key)
        .unwrap_or_else(|| panic!("no metric {unit} {key}"));
    assert!(m.value.is_some() || m.suppressed || m.n.is_some(), "{m:?}");
    m.value
}

fn shown(out: &AnalysisOutput, unit: &str, key: &str) -> bool {
    value(out, unit, key).is_some()
}

fn flat(children: &[&'static str]) -> Org {
    let mut spec = vec![("org", None)];
    spec.extend(children.iter().map(|c| (*c, Some("org"))));
    Org::new(&spec)
}

#[test]
fn an_empty_team_is_no_second_hidden_part() {
    // Leak 2: org = big 10 + tiny 3 + a team without people. org - big was tiny's rate.
    let mut org = flat(&["big", "empty", "tiny"]);
    org.team("big", 10).team("tiny", 3);
    org.sick("tiny-0", "2026-10-01", "2026-10-13");
    let out = org.run();
    assert!(shown(&out, "org", "absence_rate_pct"));
    for unit in ["big", "tiny", "empty"] {
        for key in ["absence_rate_pct", "absence_cost", "sick_working_days"] {
            assert!(!shown(&out, unit, key), "{unit} {key}");
        }
    }
}

#[test]
fn hidden_parts_together_must_reach_the_minimum() {
    // Leak 3: two one-person teams hidden together, and a hidden team of 3 plus one person
    // placed directly in the parent: each time org - the shown teams was 2 or 4 people.
    let mut org = flat(&["a", "b", "one", "two"]);
    org.team("a", 8).team("b", 9).team("one", 1).team("two", 1);
    let out = org.run();
    assert!(!shown(&out, "a", "absence_rate_pct"));
    assert!(shown(&out, "b", "absence_rate_pct"));

    let mut org = flat(&["a", "b", "small"]);
    org.team("a", 8)
        .team("b", 9)
        .team("small", 3)
        .team("org", 1);
    let out = org.run();
    assert!(!shown(&out, "a", "absence_rate_pct"));
    assert!(shown(&out, "b", "absence_rate_pct"));
}

#[test]
fn a_newcomer_placed_in_the_parent_then_a_team_is_protected() {
    // Leak 4: the newcomer spent ten days in d itself before joining d1. Counting d minus its
    // teams gave 0 people, yet d - d1 - d2 was those ten days of one person.
    let mut org = Org::new(&[
        ("org", None),
        ("d", Some("org")),
        ("d1", Some("d")),
        ("d2", Some("d")),
    ]);
    org.team("d1", 6).team("d2", 9);
    org.job("new", "d", "2026-10-01", Some("2026-10-10"));
    org.job("new", "d1", "2026-10-11", None);
    org.sick("new", "2026-10-02", "2026-10-06");
    let out = org.run();
    assert!(shown(&out, "d", "absence_rate_pct"));
    assert!(!shown(&out, "d1", "absence_rate_pct"));
    assert!(shown(&out, "d2", "absence_rate_pct"));
}

#[test]
fn zero_absence_has_complementary_suppression_of_its_own() {
    // Leak 5: five long-serving people in a, and in b four newcomers and one long-serving
    // person. org - a gave that one person's zero-absence status.
    let mut org = flat(&["a", "b"]);
    org.team("a", 5);
    org.job("b-old", "b", "2020-01-01", None);
    for i in 0..4 {
        org.job(&format!("b-new{i}"), "b", "2026-06-01", None);
    }
    org.sick("b-old", "2026-03-02", "2026-03-03");
    let out = org.run();
    assert!(shown(&out, "b", "absence_rate_pct"), "b's month is shown");
    assert!(shown(&out, "org", "zero_absence_pct"));
    assert!(!shown(&out, "a", "zero_absence_pct"));
    assert!(!shown(&out, "b", "zero_absence_pct"));
}

#[test]
fn figures_over_windows_are_hidden_when_a_month_of_them_is() {
    // Leak 6: team t had one person in the year before its intervention and six since.
    // Its baseline rate, and its rolling 12-month rate, were that one person's.
    let mut org = flat(&["rest", "t"]);
    org.team("rest", 12);
    org.job("t-old", "t", "2024-01-01", None);
    for i in 0..5 {
        org.job(&format!("t-{i}"), "t", "2026-01-01", None);
    }
    org.sick("t-old", "2025-05-05", "2025-05-20");
    org.interventions.push(Intervention {
        id: "iv".into(),
        unit: "t".into(),
        name: "Coaching".into(),
        start: d("2026-01-15"),
        investment: 1000.0,
        annual_cost: 100.0,
        horizon_years: None,
        performance_benefit_per_year: None,
    });
    let out = org.run();
    assert!(shown(&out, "t", "absence_rate_pct"), "this month t has 6");
    assert!(!shown(&out, "t", "absence_rate_12m_pct"));
    assert!(
        out.metrics
            .iter()
            .filter(|m| m.subject.as_deref() == Some("iv"))
            .all(|m| m.value.is_none() && m.suppressed),
        "the intervention's baseline is one person's"
    );
    let rolling = out
        .series
        .iter()
        .find(|s| s.key == "absence_rate_rolling" && s.unit.as_deref() == Some("t"))
        .unwrap();
    assert!(rolling.points.iter().all(|p| p.y.is_none()));
}

#[test]
fn a_duration_is_about_the_people_whose_spells_ended() {
    // Leak 8: one spell ended in October in a team of 10: its mean duration and duration class
    // were that person's.
    let mut org = flat(&["a", "b"]);
    org.team("a", 10).team("b", 10);
    org.sick("a-0", "2026-09-20", "2026-10-04");
    let out = org.run();
    assert!(shown(&out, "a", "absence_rate_pct"));
    for unit in ["org", "a"] {
        for key in ["mean_duration_days", "spells_ended", "duration_class_2_pct"] {
            assert!(!shown(&out, unit, key), "{unit} {key}");
        }
    }
    let classes = out.series.iter().filter(|s| s.key == "duration_classes");
    assert!(classes.flat_map(|s| &s.points).all(|p| p.y.is_none()));
}
