//! Property: permuting respondents (response rows) or units (unit rows) changes no figure,
//! no sentence and no chart point.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::json;
use werkt_engagement::analyze;
use werkt_plugin::model::{SurveyResponse, Unit};

/// A random unit tree: unit i > 0 hangs under some unit before it.
fn units_strategy() -> impl Strategy<Value = Vec<Unit>> {
    prop::collection::vec(any::<prop::sample::Index>(), 0..7).prop_map(|parents| {
        let mut units = vec![unit("u0", None)];
        for (i, p) in parents.iter().enumerate() {
            let parent = format!("u{}", p.index(i + 1));
            units.push(unit(&format!("u{}", i + 1), Some(&parent)));
        }
        units
    })
}

fn responses_strategy()
-> impl Strategy<Value = Vec<(u8, prop::sample::Index, u8, Vec<Option<i32>>)>> {
    let answer = prop_oneof![6 => (0..=6i32).prop_map(Some), 1 => Just(None)];
    prop::collection::vec(
        (
            0u8..30,
            any::<prop::sample::Index>(),
            0u8..20,
            prop::collection::vec(answer, 9),
        ),
        0..80,
    )
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
        raw in responses_strategy(),
        unit_keys in prop::collection::vec(any::<u64>(), 8),
        resp_keys in prop::collection::vec(any::<u64>(), 80),
        min in 3u64..6,
    ) {
        let rs: Vec<SurveyResponse> = raw
            .iter()
            .map(|(who, u, month, a)| {
                let unit_id = units[u.index(units.len())].id.clone();
                // Dates over 20 months ending 2026-03, so windows and the trend both matter.
                let m = 2024 * 12 + 7 + u32::from(*month);
                let date = format!("{}-{:02}-{:02}", m / 12, m % 12 + 1, 1 + u32::from(*who) % 28);
                resp(&format!("r{who}"), &unit_id, &date, a)
            })
            .collect();
        let mut base = request(units.clone(), 9, rs.clone(), "2026-03", json!({}));
        base.privacy.min_group_size = min;
        let mut shuffled = base.clone();
        shuffled.data.units = permuted(&units, &unit_keys);
        shuffled.data.survey.as_mut().unwrap().responses = permuted(&rs, &resp_keys);
        let a = analyze(&base).unwrap();
        let b = analyze(&shuffled).unwrap();
        prop_assert_eq!(a, b);
    }
}
