//! The attacker's property test of the privacy rule (domain.md section 0; SECURITY.md).
//!
//! It generates organisations with the shapes that broke the rule before (empty units, people
//! placed directly in a parent, transfers, newcomers, small groups, partial years, survey
//! answers over several months, an intervention), runs the three bundled analyses (the built
//! libraries, loaded by the host in process, so the host's own check is part of what is
//! published) for two consecutive months, and then tries every subtraction an attacker can
//! make from what they publish:
//!
//! - any shown unit minus any set of its shown descendants (an antichain), per figure: the
//!   people that difference is about, computed here from the data itself (not with werkt's
//!   code), must be none or at least the minimum group size;
//! - across windows: a shown figure over 12 months must have every one of its months shown,
//!   and an intervention's figures need the minimum in every month of its windows;
//! - across consecutive periods: a survey figure recomputed between two months must rest on
//!   at least the minimum of responses that entered or left its window;
//! - every shown figure's `n` is at least the minimum, and no output names a person.
//!
//! `PROPTEST_CASES` sets the number of cases (default 256 here, so that `cargo test` stays
//! quick; the 10,000-case run is `PROPTEST_CASES=10000 cargo test -p werkt-e2e --test
//! adversary --release`). Failing cases proptest finds are kept in
//! `tests/tests/adversary.proptest-regressions` and run first every time.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use proptest::prelude::*;
use werkt_host::{HostCommand, Isolation, PluginSpec, Registry};
use werkt_model::{
    Absence, AbsenceReason, AnalysisOutput, AnalysisRequest, Dataset, Date, Employment,
    Intervention, Language, Organisation, Period, Privacy, Survey, SurveyResponse, Unit,
};

const MIN: u64 = 5;

/// The report period; the month before it is published too.
fn period() -> Period {
    Period::new(2026, 10).unwrap()
}

/// Month 0 of the generated history.
fn base() -> Period {
    Period::new(2024, 5).unwrap()
}

fn day_of(month: u32, day: u32) -> Date {
    let p = base().add_months(month as i32);
    p.first_day() + chrono::Days::new(u64::from(day.min(27)))
}

#[derive(Debug, Clone)]
struct PersonSpec {
    unit: usize,
    start: (u32, u32),
    /// Moves to another unit on this (month, day).
    moves: Option<(usize, (u32, u32))>,
    leaves: Option<(u32, u32)>,
    /// (month, day, length in days; 0 = still going on).
    sick: Vec<(u32, u32, u32)>,
    /// (month, day, answer level): all items answered around the level.
    responses: Vec<(u32, u32, i32)>,
}

#[derive(Debug, Clone)]
struct OrgSpec {
    /// parents[i] is the parent of unit i + 1 (an earlier unit).
    parents: Vec<usize>,
    people: Vec<PersonSpec>,
    intervention: Option<(usize, u32)>,
}

fn person(units: usize) -> impl Strategy<Value = PersonSpec> {
    let date = (0u32..30, 0u32..28);
    (
        0..units,
        prop_oneof![Just((0u32, 0u32)), date.clone()],
        proptest::option::weighted(0.3, (0..units, date.clone())),
        proptest::option::weighted(0.15, date.clone()),
        proptest::collection::vec((0u32..30, 0u32..28, 0u32..60), 0..3),
        proptest::collection::vec((16u32..30, 0u32..28, 0i32..7), 0..3),
    )
        .prop_map(|(unit, start, moves, leaves, sick, responses)| PersonSpec {
            unit,
            start,
            moves,
            leaves,
            sick,
            responses,
        })
}

fn org() -> impl Strategy<Value = OrgSpec> {
    (1usize..7)
        .prop_flat_map(|units| {
            (
                (1..units.max(2))
                    .map(|i| 0..i)
                    .collect::<Vec<_>>()
                    .prop_map(move |p| p.into_iter().take(units - 1).collect::<Vec<_>>()),
                proptest::collection::vec(person(units), 0..26),
                proptest::option::weighted(0.5, (0..units, 10u32..30)),
            )
        })
        .prop_map(|(parents, people, intervention)| OrgSpec {
            parents,
            people,
            intervention,
        })
}

const UWES: usize = 9;
const ACAP: usize = 14;

fn items() -> Vec<String> {
    let mut items: Vec<String> = (1..=UWES).map(|i| format!("uwes_{i}")).collect();
    for (code, k) in [("acq", 3), ("asm", 4), ("trf", 4), ("exp", 3)] {
        items.extend((1..=k).map(|i| format!("acap_{code}_{i}")));
    }
    items
}

/// The generated organisation as werkt's dataset (what ingest would have produced).
fn dataset(spec: &OrgSpec) -> Dataset {
    let units: Vec<Unit> = (0..=spec.parents.len())
        .map(|i| Unit {
            id: format!("u{i}"),
            name: format!("Unit {i}"),
            parent: (i > 0).then(|| format!("u{}", spec.parents[i - 1])),
            org_form: None,
        })
        .collect();
    let mut data = Dataset {
        organisation: Organisation {
            id: "adv".into(),
            name: "Adversary".into(),
            org_form: None,
            sector: None,
        },
        units,
        survey: Some(Survey {
            items: items(),
            responses: Vec::new(),
        }),
        ..Default::default()
    };
    let horizon = period().last_day();
    for (i, p) in spec.people.iter().enumerate() {
        let who = format!("emp{i:03}");
        let start = day_of(p.start.0, p.start.1);
        let leaves = p.leaves.map(|(m, d)| day_of(m, d)).filter(|&l| l >= start);
        let moves = p
            .moves
            .map(|(u, (m, d))| (u, day_of(m, d)))
            .filter(|&(u, at)| u != p.unit && at > start && leaves.is_none_or(|l| at <= l));
        let row = |unit: usize, s: Date, e: Option<Date>| Employment {
            employee: who.clone(),
            unit: format!("u{unit}"),
            fte: 1.0,
            start: s,
            end: e,
            daily_cost: None,
        };
        match moves {
            Some((u, at)) => {
                data.employees
                    .push(row(p.unit, start, Some(at.pred_opt().unwrap())));
                data.employees.push(row(u, at, leaves));
            }
            None => data.employees.push(row(p.unit, start, leaves)),
        }
        let last_employed = leaves.unwrap_or(horizon).min(horizon);
        // Sick segments inside employment, at least two days apart: each is one spell.
        let mut segs: Vec<(Date, Option<Date>)> = p
            .sick
            .iter()
            .map(|&(m, d, len)| {
                let s = day_of(m, d);
                (
                    s,
                    (len > 0).then(|| s + chrono::Days::new(u64::from(len - 1))),
                )
            })
            .filter(|&(s, _)| s >= start && s <= last_employed)
            .collect();
        segs.sort();
        let mut last_end: Option<Date> = None;
        for (s, e) in segs {
            if last_end.is_some_and(|le| s <= le + chrono::Days::new(1)) {
                continue;
            }
            let e = e.map(|e| e.min(last_employed)).or(if leaves.is_some() {
                Some(last_employed)
            } else {
                None
            });
            data.absence.push(Absence {
                employee: who.clone(),
                start: s,
                end: e,
                percentage: 100,
                reason: AbsenceReason::Sick,
            });
            match e {
                Some(e) => last_end = Some(e),
                None => break,
            }
        }
        // Survey answers while employed, in the unit of that day.
        let dataset_rows = data.employees.clone();
        for &(m, d, level) in &p.responses {
            let date = day_of(m, d);
            let Some(row) = dataset_rows
                .iter()
                .find(|r| r.employee == who && r.start <= date && r.end.is_none_or(|e| e >= date))
            else {
                continue;
            };
            let mut answers: Vec<Option<i32>> = (0..UWES)
                .map(|k| Some((level + k as i32 % 2).min(6)))
                .collect();
            answers.extend((0..ACAP).map(|k| Some((level + 1 + k as i32 % 3).min(7))));
            data.survey
                .as_mut()
                .unwrap()
                .responses
                .push(SurveyResponse {
                    respondent: who.clone(),
                    unit: row.unit.clone(),
                    date,
                    answers,
                });
        }
    }
    if let Some((u, m)) = spec.intervention {
        data.interventions.push(Intervention {
            id: "iv".into(),
            unit: format!("u{u}"),
            name: "Programme".into(),
            start: day_of(m, 0),
            investment: 5000.0,
            annual_cost: 500.0,
            horizon_years: None,
            performance_benefit_per_year: None,
        });
    }
    data
}

/// The organisation as the attacker knows it: the tree and who was where when.
struct Truth<'a> {
    data: &'a Dataset,
    /// parent of each unit index; units are `u0..`.
    parent: Vec<Option<usize>>,
}

impl<'a> Truth<'a> {
    fn new(data: &'a Dataset) -> Truth<'a> {
        let ix = |id: &str| id[1..].parse::<usize>().unwrap();
        let parent = data
            .units
            .iter()
            .map(|u| u.parent.as_deref().map(ix))
            .collect();
        Truth { data, parent }
    }

    fn unit_ix(id: &str) -> usize {
        id[1..].parse().unwrap()
    }

    fn units(&self) -> usize {
        self.parent.len()
    }

    /// Whether `u` is `a` or below it.
    fn under(&self, mut u: usize, a: usize) -> bool {
        loop {
            if u == a {
                return true;
            }
            match self.parent[u] {
                Some(p) => u = p,
                None => return false,
            }
        }
    }

    /// The unit each employee was directly in on some day of `[a, b]`.
    fn placed(&self, a: Date, b: Date) -> BTreeMap<&'a str, BTreeSet<usize>> {
        let mut out: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for r in &self.data.employees {
            if r.start <= b && r.end.is_none_or(|e| e >= a) {
                out.entry(r.employee.as_str())
                    .or_default()
                    .insert(Self::unit_ix(&r.unit));
            }
        }
        out
    }

    fn unit_on(&self, who: &str, d: Date) -> Option<usize> {
        self.data
            .employees
            .iter()
            .find(|r| r.employee == who && r.start <= d && r.end.is_none_or(|e| e >= d))
            .map(|r| Self::unit_ix(&r.unit))
    }
}

/// People by the units they were placed in, for one figure's population.
type Placed<'a> = BTreeMap<&'a str, BTreeSet<usize>>;

/// The people an attacker isolates with `u` minus the antichain `minus`: those placed in u's
/// subtree somewhere outside the subtrees of `minus`.
fn residual(t: &Truth, pop: &Placed, u: usize, minus: &[usize]) -> u64 {
    pop.values()
        .filter(|units| {
            units
                .iter()
                .any(|&x| t.under(x, u) && !minus.iter().any(|&m| t.under(x, m)))
        })
        .count() as u64
}

/// Every set of `u`'s shown descendants of which none lies under another (the empty set
/// too): what an attacker can subtract from `u`'s figure.
fn antichains(t: &Truth, shown: impl IntoIterator<Item = usize>, u: usize) -> Vec<Vec<usize>> {
    let below: Vec<usize> = shown
        .into_iter()
        .filter(|&x| x != u && t.under(x, u))
        .collect();
    (0u32..(1 << below.len()))
        .map(|mask| {
            (0..below.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| below[i])
                .collect::<Vec<_>>()
        })
        .filter(|set| {
            set.iter()
                .all(|&a| set.iter().all(|&b| a == b || !t.under(a, b)))
        })
        .collect()
}

/// Checks every shown unit minus every antichain of its shown descendants.
fn no_subtraction_isolates_few(
    t: &Truth,
    shown: &BTreeSet<usize>,
    pop: &Placed,
    what: &str,
) -> Result<(), TestCaseError> {
    for &u in shown {
        for set in antichains(t, shown.iter().copied(), u) {
            let n = residual(t, pop, u, &set);
            prop_assert!(
                n == 0 || n >= MIN,
                "{what}: u{u} minus {set:?} is about {n} people"
            );
        }
    }
    Ok(())
}

/// Units whose metric `key` has a value, grouped by the period it was computed on.
fn shown_by_period(
    out: &AnalysisOutput,
    key: &str,
    p: Period,
) -> BTreeMap<Period, BTreeSet<usize>> {
    let mut by: BTreeMap<Period, BTreeSet<usize>> = BTreeMap::new();
    for m in &out.metrics {
        if m.metric == key && m.subject.is_none() && m.value.is_some() {
            by.entry(m.as_of.unwrap_or(p))
                .or_default()
                .insert(Truth::unit_ix(&m.unit));
        }
    }
    by
}

fn shown(out: &AnalysisOutput, key: &str) -> BTreeSet<usize> {
    out.metrics
        .iter()
        .filter(|m| m.metric == key && m.subject.is_none() && m.value.is_some())
        .map(|m| Truth::unit_ix(&m.unit))
        .collect()
}

/// The three bundled analyses, built by `cargo build --workspace` into this test's target
/// directory, loaded once.
fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let exe = std::env::current_exe().expect("test executable path");
        let dir = exe.parent().and_then(|d| d.parent()).expect("target dir");
        let spec = |name: &str, config: serde_json::Value| PluginSpec {
            isolation: Isolation::InProcess,
            config,
            ..PluginSpec::new(name)
        };
        let specs = [
            spec(
                "sick_leave_roi",
                serde_json::json!({"control": "rest_of_organisation"}),
            ),
            spec("engagement", serde_json::json!({"instrument": "uwes-9"})),
            spec("absorptive_capacity", serde_json::Value::Null),
        ];
        let host = HostCommand::new("werkt-not-used-in-process", Vec::<String>::new());
        let (registry, problems) = Registry::load(&specs, &[dir.to_path_buf()], &host);
        assert!(
            problems.is_empty(),
            "{problems:?}: run cargo build --workspace first"
        );
        registry
    })
}

struct Outputs {
    absence: AnalysisOutput,
    engagement: AnalysisOutput,
    acap: AnalysisOutput,
}

fn analyse(data: &Dataset, p: Period) -> Outputs {
    let request = AnalysisRequest {
        period: p,
        language: Language::En,
        privacy: Privacy {
            min_group_size: MIN,
        },
        config: serde_json::Value::Null,
        data: data.clone(),
    };
    let run = |name: &str| {
        registry()
            .analyze(name, &request)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    Outputs {
        absence: run("sick_leave_roi"),
        engagement: run("engagement"),
        acap: run("absorptive_capacity"),
    }
}

/// Every output of an analysis: shown figures have n >= MIN, nothing names a person.
fn nothing_individual(
    out: &AnalysisOutput,
    data: &Dataset,
    what: &str,
) -> Result<(), TestCaseError> {
    for m in &out.metrics {
        if m.value.is_some()
            && let Some(n) = m.n
        {
            prop_assert!(n >= MIN, "{what}: {m:?}");
        }
    }
    let ids: BTreeSet<&str> = data.employees.iter().map(|e| e.employee.as_str()).collect();
    let texts = out
        .findings
        .iter()
        .map(|f| f.text.as_str())
        .chain(out.warnings.iter().map(String::as_str))
        .chain(out.series.iter().map(|s| s.name.as_str()))
        .chain(
            out.series
                .iter()
                .flat_map(|s| s.points.iter().map(|p| p.x.as_str())),
        );
    for t in texts {
        for id in &ids {
            prop_assert!(!t.contains(id), "{what} names {id}: {t}");
        }
    }
    Ok(())
}

fn check_absence(t: &Truth, out: &AnalysisOutput, p: Period) -> Result<(), TestCaseError> {
    let (first, last) = (p.first_day(), p.last_day());
    let year = p.window_start(12);
    let month = t.placed(first, last);
    for key in [
        "absence_rate_pct",
        "frequency",
        "absence_cost",
        "sick_working_days",
    ] {
        no_subtraction_isolates_few(t, &shown(out, key), &month, &format!("{p} {key}"))?;
    }
    let rolling = t.placed(year, last);
    for key in ["absence_rate_12m_pct", "frequency_12m"] {
        no_subtraction_isolates_few(t, &shown(out, key), &rolling, &format!("{p} {key}"))?;
    }
    // Spells ended in the period, in the unit of their last day; open ones at its end.
    let mut ended: Placed = BTreeMap::new();
    let mut open: Placed = BTreeMap::new();
    for a in &t.data.absence {
        match a.end {
            Some(e) if e >= first && e <= last => {
                if let Some(u) = t.unit_on(&a.employee, e) {
                    ended.entry(a.employee.as_str()).or_default().insert(u);
                }
            }
            e if a.start <= last && e.is_none_or(|e| e > last) => {
                if let Some(u) = t.unit_on(&a.employee, last) {
                    open.entry(a.employee.as_str()).or_default().insert(u);
                }
            }
            _ => {}
        }
    }
    for key in ["mean_duration_days", "spells_ended", "duration_class_1_pct"] {
        no_subtraction_isolates_few(t, &shown(out, key), &ended, &format!("{p} {key}"))?;
    }
    no_subtraction_isolates_few(t, &shown(out, "open_spells"), &open, &format!("{p} open"))?;
    // Zero absence: a person counts for a unit when employed in its subtree every day of the
    // year; the attacker isolates those in u's population and in none of the antichain's.
    let zero_shown = shown(out, "zero_absence_pct");
    let eligible = |u: usize, who: &str| {
        let mut d = year;
        while d <= last {
            if !t.unit_on(who, d).is_some_and(|x| t.under(x, u)) {
                return false;
            }
            d = d.succ_opt().unwrap();
        }
        true
    };
    let people: BTreeSet<&str> = t
        .data
        .employees
        .iter()
        .map(|e| e.employee.as_str())
        .collect();
    let pops: Vec<BTreeSet<&str>> = (0..t.units())
        .map(|u| people.iter().copied().filter(|w| eligible(u, w)).collect())
        .collect();
    for &u in &zero_shown {
        for set in antichains(t, zero_shown.iter().copied(), u) {
            let n = pops[u]
                .iter()
                .filter(|w| !set.iter().any(|&s| pops[s].contains(*w)))
                .count() as u64;
            prop_assert!(
                n == 0 || n >= MIN,
                "{p} zero absence: u{u} minus {set:?} is about {n} people"
            );
        }
    }
    // Windows: a shown rolling point needs each of its months shown.
    let series = |key: &str, u: usize| {
        out.series
            .iter()
            .find(|s| s.key == key && s.unit.as_deref() == Some(format!("u{u}").as_str()))
            .map(|s| s.points.clone())
            .unwrap_or_default()
    };
    for u in 0..t.units() {
        let monthly = series("absence_rate_monthly", u);
        let rolling = series("absence_rate_rolling", u);
        for (k, point) in rolling.iter().enumerate() {
            if point.y.is_none() {
                continue;
            }
            for month in &monthly[k.saturating_sub(11)..=k] {
                prop_assert!(
                    month.y.is_some(),
                    "{p}: u{u}'s rolling rate of {} is shown but its month {} is not",
                    point.x,
                    month.x
                );
            }
        }
    }
    // An intervention's figures need the minimum in every month of both windows, in the unit
    // and in the rest of the organisation (its control group).
    for iv in &t.data.interventions {
        let evaluated = out
            .metrics
            .iter()
            .any(|m| m.subject.as_deref() == Some(iv.id.as_str()) && m.value.is_some());
        if !evaluated {
            continue;
        }
        let u = Truth::unit_ix(&iv.unit);
        let s = Period::of(iv.start);
        let months = p.months_since(s).min(11);
        for m in Period::range(s.add_months(-12), s.pred())
            .chain(Period::range(p.add_months(-months), p))
        {
            let placed = t.placed(m.first_day(), m.last_day());
            let inside = placed
                .values()
                .filter(|us| us.iter().any(|&x| t.under(x, u)))
                .count() as u64;
            let rest = placed
                .values()
                .filter(|us| us.iter().any(|&x| !t.under(x, u)))
                .count() as u64;
            prop_assert!(
                inside >= MIN,
                "{p}: intervention shown with {inside} people in {m}"
            );
            prop_assert!(
                rest == 0 || rest >= MIN,
                "{p}: control group of {rest} in {m}"
            );
        }
    }
    Ok(())
}

/// The respondents counted for period `c`: per respondent the latest response in the 12
/// months ending with `c`, placed in its unit; and per unit (subtree) each respondent's
/// counted response row, for the over-time check.
fn respondents<'a>(
    t: &Truth<'a>,
    c: Period,
) -> (Placed<'a>, BTreeMap<usize, BTreeMap<&'a str, usize>>) {
    let survey = t.data.survey.as_ref().unwrap();
    let (a, b) = (c.window_start(12), c.last_day());
    let mut latest: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, r) in survey.responses.iter().enumerate() {
        if r.date < a || r.date > b {
            continue;
        }
        let e = latest.entry(r.respondent.as_str()).or_insert(i);
        let cur = &survey.responses[*e];
        if (r.date, &r.unit, &r.answers) > (cur.date, &cur.unit, &cur.answers) {
            *e = i;
        }
    }
    let mut placed: Placed = BTreeMap::new();
    let mut rows: BTreeMap<usize, BTreeMap<&str, usize>> = BTreeMap::new();
    for (who, &i) in &latest {
        let u = Truth::unit_ix(&survey.responses[i].unit);
        placed.entry(who).or_default().insert(u);
        for x in 0..t.units() {
            if t.under(u, x) {
                rows.entry(x).or_default().insert(who, i);
            }
        }
    }
    (placed, rows)
}

fn check_survey(
    t: &Truth,
    now: &AnalysisOutput,
    before: &AnalysisOutput,
    p: Period,
    key: &str,
) -> Result<(), TestCaseError> {
    // Units may show figures of different months (kept as last published). U (of month cu)
    // minus its shown descendants S (each of its month cs) is about the people of U's
    // subtree outside S in month cu, plus, per s, those whose counted response in s's subtree
    // differs between cu and cs.
    let mut computed_on: BTreeMap<usize, Period> = BTreeMap::new();
    for (c, units) in shown_by_period(now, key, p) {
        for u in units {
            computed_on.insert(u, c);
        }
    }
    let mut by_period: BTreeMap<Period, _> = BTreeMap::new();
    for &c in computed_on.values() {
        by_period.entry(c).or_insert_with(|| respondents(t, c));
    }
    let empty = BTreeMap::new();
    for (&u, &cu) in &computed_on {
        for set in antichains(t, computed_on.keys().copied(), u) {
            let (pop_u, rows_u) = &by_period[&cu];
            let mut people: BTreeSet<&str> = pop_u
                .iter()
                .filter(|(_, units)| {
                    units
                        .iter()
                        .any(|&x| t.under(x, u) && !set.iter().any(|&m| t.under(x, m)))
                })
                .map(|(who, _)| *who)
                .collect();
            for &sx in &set {
                let (_, rows_s) = &by_period[&computed_on[&sx]];
                let (a, b) = (
                    rows_u.get(&sx).unwrap_or(&empty),
                    rows_s.get(&sx).unwrap_or(&empty),
                );
                people.extend(
                    a.keys()
                        .chain(b.keys())
                        .filter(|who| a.get(*who) != b.get(*who)),
                );
            }
            let n = people.len() as u64;
            prop_assert!(
                n == 0 || n >= MIN,
                "{p} {key}: u{u} ({cu}) minus {set:?} is about {n} people"
            );
        }
    }
    // Between the two months, a unit's figure is either the same publication or rests on at
    // least MIN responses that entered or left its window.
    let when = |out: &AnalysisOutput, q: Period| -> BTreeMap<usize, (Period, Option<f64>)> {
        out.metrics
            .iter()
            .filter(|m| m.metric == key && m.subject.is_none() && m.value.is_some())
            .map(|m| (Truth::unit_ix(&m.unit), (m.as_of.unwrap_or(q), m.value)))
            .collect()
    };
    let (a, b) = (when(before, p.pred()), when(now, p));
    for (u, (cb, vb)) in &b {
        let Some((ca, va)) = a.get(u) else { continue };
        if ca == cb {
            prop_assert_eq!(va, vb, "{} u{} same publication, other value", key, u);
            continue;
        }
        let (_, ra) = respondents(t, *ca);
        let (_, rb) = respondents(t, *cb);
        let empty = BTreeMap::new();
        let (ra, rb) = (ra.get(u).unwrap_or(&empty), rb.get(u).unwrap_or(&empty));
        // People whose counted response entered, left or was replaced by a newer one.
        let changed = ra
            .keys()
            .chain(rb.keys())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter(|who| ra.get(*who) != rb.get(*who))
            .count() as u64;
        prop_assert!(
            changed >= MIN,
            "{key} u{u} recomputed ({ca} -> {cb}) after {changed} people's responses changed"
        );
    }
    Ok(())
}

fn check(spec: &OrgSpec) -> Result<(), TestCaseError> {
    let data = dataset(spec);
    let t = Truth::new(&data);
    let p = period();
    let before = analyse(&data, p.pred());
    let now = analyse(&data, p);
    for (out, what) in [
        (&now.absence, "sick_leave_roi"),
        (&now.engagement, "engagement"),
        (&now.acap, "absorptive_capacity"),
        (&before.absence, "sick_leave_roi before"),
        (&before.engagement, "engagement before"),
        (&before.acap, "absorptive_capacity before"),
    ] {
        nothing_individual(out, &data, what)?;
    }
    check_absence(&t, &now.absence, p)?;
    check_absence(&t, &before.absence, p.pred())?;
    for key in ["total", "vigour", "total_sd"] {
        check_survey(&t, &now.engagement, &before.engagement, p, key)?;
    }
    for key in ["potential", "realised", "efficiency"] {
        check_survey(&t, &now.acap, &before.acap, p, key)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_subtraction_recovers_a_small_group(spec in org()) {
        check(&spec)?;
    }
}
