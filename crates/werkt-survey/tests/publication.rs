//! Property: what `publish` shows, month after month, never lets a subtraction isolate fewer
//! than the minimum of people. The figures here are the shown response rows themselves, so every
//! check counts the people a difference is about directly.

use std::collections::BTreeSet;

use proptest::prelude::*;
use werkt_model::{Date, Period, Privacy, SurveyResponse, Unit, UnitTree};
use werkt_survey::{Published, Respondents, RowRole, SurveyInput, publish, response_units};

const MIN: u64 = 5;

#[derive(Debug, Clone)]
struct Spec {
    parents: Vec<usize>,
    /// (respondent, unit, month 0..20, day, in own population 0)
    responses: Vec<(u8, usize, u32, u32, bool)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..8).prop_flat_map(|units| {
        (
            (1..units.max(2))
                .map(|i| 0..i)
                .collect::<Vec<_>>()
                .prop_map(move |p| p.into_iter().take(units - 1).collect::<Vec<_>>()),
            prop::collection::vec(
                (0u8..30, 0..units, 0u32..20, 1u32..28, any::<bool>()),
                0..70,
            ),
        )
            .prop_map(|(parents, responses)| Spec { parents, responses })
    })
}

fn month(i: u32) -> Period {
    Period::new(2025, 1).unwrap().add_months(i as i32)
}

struct Case {
    tree: UnitTree,
    responses: Vec<SurveyResponse>,
    roles: Vec<RowRole>,
    person: Vec<u32>,
}

impl Case {
    fn new(s: &Spec) -> Case {
        let mut units = vec![Unit {
            id: "u0".into(),
            name: "u0".into(),
            parent: None,
            org_form: None,
        }];
        for (i, &p) in s.parents.iter().enumerate() {
            units.push(Unit {
                id: format!("u{}", i + 1),
                name: String::new(),
                parent: Some(format!("u{p}")),
                org_form: None,
            });
        }
        let tree = UnitTree::new(&units).unwrap();
        let mut responses = Vec::new();
        let mut roles = Vec::new();
        for &(who, u, m, d, own) in &s.responses {
            let p = month(m);
            responses.push(SurveyResponse {
                respondent: format!("r{who}"),
                unit: format!("u{u}"),
                date: Date::from_ymd_opt(p.year(), p.month(), d).unwrap(),
                answers: vec![Some(i32::from(who % 7))],
            });
            roles.push(RowRole::Counted(u64::from(own)));
        }
        let respondents = Respondents::new(&responses);
        let person = (0..responses.len())
            .map(|i| respondents.of_row(i).unwrap())
            .collect();
        Case {
            tree,
            responses,
            roles,
            person,
        }
    }

    /// Per unit, the shown rows (counted responses of its subtree) of each month.
    fn publish(&self, months: &[Period]) -> Published<BTreeSet<usize>> {
        let units = response_units(&self.tree, &self.responses).unwrap();
        let respondents = Respondents::new(&self.responses);
        let input = SurveyInput {
            tree: &self.tree,
            responses: &self.responses,
            units: &units,
            respondents: &respondents,
            roles: &self.roles,
            own_populations: 1,
            window_months: 6,
            privacy: Privacy {
                min_group_size: MIN,
            },
        };
        publish(
            &input,
            months,
            BTreeSet::new(),
            |acc, row| {
                acc.insert(row);
            },
            |a, b| a.extend(b.iter().copied()),
        )
    }

    fn under(&self, x: usize, u: usize) -> bool {
        x != u && self.tree.ancestors_or_self(x).any(|a| a == u)
    }

    /// People whose rows are on one side only of `a` minus the union of `bs`.
    fn people_differing(&self, a: &BTreeSet<usize>, bs: &[&BTreeSet<usize>]) -> u64 {
        let b: BTreeSet<usize> = bs.iter().flat_map(|s| s.iter().copied()).collect();
        a.symmetric_difference(&b)
            .map(|&r| self.person[r])
            .collect::<BTreeSet<_>>()
            .len() as u64
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn no_subtraction_within_or_across_months_isolates_few_people(s in spec()) {
        let c = Case::new(&s);
        let months: Vec<Period> = (0..22).map(month).collect();
        let published = c.publish(&months);
        let own = |row: &usize| c.roles[*row] == RowRole::Counted(1);
        for (i, &m) in months.iter().enumerate() {
            let shown: Vec<usize> = (0..c.tree.len())
                .filter(|&u| published.shown(m, u).is_some())
                .collect();
            for &u in &shown {
                let su = published.shown(m, u).unwrap();
                let rows = su.figures();
                // n is the people of the shown rows, at least the minimum.
                prop_assert_eq!(su.n(), c.people_differing(rows, &[]));
                prop_assert!(su.n() >= MIN);
                // The unit minus any set of its shown descendants (an antichain), whatever
                // months they show; for the main population and for the own one.
                let desc: Vec<usize> = shown.iter().copied().filter(|&x| c.under(x, u)).collect();
                let own_rows = |x: usize| -> BTreeSet<usize> {
                    published.shown(m, x).unwrap().figures().iter().copied().filter(own).collect()
                };
                for mask in 0u32..(1 << desc.len()) {
                    let set: Vec<usize> =
                        (0..desc.len()).filter(|i| mask >> i & 1 == 1).map(|i| desc[i]).collect();
                    if !set.iter().all(|&a| set.iter().all(|&b| a == b || !c.under(a, b))) {
                        continue;
                    }
                    let bs: Vec<&BTreeSet<usize>> =
                        set.iter().map(|&f| published.shown(m, f).unwrap().figures()).collect();
                    let n = c.people_differing(rows, &bs);
                    prop_assert!(n == 0 || n >= MIN, "{m}: u{u} minus {set:?} differ by {n}");
                    if su.own_shown(0)
                        && set.iter().all(|&x| published.shown(m, x).unwrap().own_shown(0))
                    {
                        let theirs: Vec<BTreeSet<usize>> = set.iter().map(|&x| own_rows(x)).collect();
                        let n = c.people_differing(&own_rows(u), &theirs.iter().collect::<Vec<_>>());
                        prop_assert!(n == 0 || n >= MIN, "{m}: own u{u} minus {set:?} differ by {n}");
                    }
                }
                // Against the month before: the same publication or at least MIN people apart.
                if i > 0
                    && let Some(before) = published.shown(months[i - 1], u)
                    && !before.same_publication(su)
                {
                    let n = c.people_differing(rows, &[before.figures()]);
                    prop_assert!(n >= MIN, "{m}: u{u} recomputed after {n} people changed");
                }
            }
        }
    }
}
