//! Property: permuting respondents (response rows) or units (unit rows) changes no figure,
//! no sentence and no chart point.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::json;
use werkt_absorptive_capacity::analyze;
use werkt_plugin::model::{OrgForm, SurveyResponse, Unit};

fn units_strategy() -> impl Strategy<Value = Vec<Unit>> {
    prop::collection::vec((any::<prop::sample::Index>(), 0u8..4), 0..7).prop_map(|parents| {
        let mut units = vec![unit("u0", None)];
        for (i, (p, form)) in parents.iter().enumerate() {
            let parent = format!("u{}", p.index(i + 1));
            let mut u = unit(&format!("u{}", i + 1), Some(&parent));
            u.org_form = [
                None,
                Some(OrgForm::Functional),
                Some(OrgForm::Divisional),
                Some(OrgForm::Matrix),
            ][*form as usize];
            units.push(u);
        }
        units
    })
}

fn permuted<T: Clone>(v: &[T], keys: &[u64]) -> Vec<T> {
    let mut ix: Vec<usize> = (0..v.len()).collect();
    ix.sort_by_key(|&i| (keys.get(i).copied().unwrap_or(0), i));
    ix.into_iter().map(|i| v[i].clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn permuting_respondents_or_units_changes_nothing(
        units in units_strategy(),
        raw in prop::collection::vec(
            (0u8..30, any::<prop::sample::Index>(), 0u8..20,
             prop::collection::vec(prop_oneof![6 => (1..=7i32).prop_map(Some), 1 => Just(None)], 14 + 3)),
            0..80),
        unit_keys in prop::collection::vec(any::<u64>(), 8),
        resp_keys in prop::collection::vec(any::<u64>(), 80),
    ) {
        let caps = ["cc_coord_1", "cc_coord_2", "cc_soc_1"];
        let rs: Vec<SurveyResponse> = raw
            .iter()
            .map(|(who, u, month, a)| {
                let unit_id = units[u.index(units.len())].id.clone();
                let m = 2024 * 12 + 7 + u32::from(*month);
                let date = format!("{}-{:02}-{:02}", m / 12, m % 12 + 1, 1 + u32::from(*who) % 28);
                resp(&format!("r{who}"), &unit_id, &date, a.clone())
            })
            .collect();
        let base = request(units.clone(), &caps, rs.clone(), Some(OrgForm::Divisional), json!({"window_months": 6}));
        let mut shuffled = base.clone();
        shuffled.data.units = permuted(&units, &unit_keys);
        shuffled.data.survey.as_mut().unwrap().responses = permuted(&rs, &resp_keys);
        prop_assert_eq!(analyze(&base).unwrap(), analyze(&shuffled).unwrap());
    }
}
