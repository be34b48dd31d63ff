//! The exact-sum implementations agree with the textbook two-pass formulas of domain.md
//! section 0 on random data.

use proptest::prelude::*;
use werkt_survey::{AlphaSums, Score, ScoreSums, cronbach_alpha};

fn sample_var(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0)
}

fn naive_alpha(rows: &[Vec<Option<i32>>]) -> Option<f64> {
    let complete: Vec<Vec<f64>> = rows
        .iter()
        .filter(|r| r.iter().all(Option::is_some))
        .map(|r| r.iter().map(|a| f64::from(a.unwrap())).collect())
        .collect();
    let k = rows.first()?.len();
    if k < 2 || complete.len() < 2 {
        return None;
    }
    let items: f64 = (0..k)
        .map(|i| sample_var(&complete.iter().map(|r| r[i]).collect::<Vec<_>>()))
        .sum();
    let total = sample_var(&complete.iter().map(|r| r.iter().sum()).collect::<Vec<_>>());
    if total == 0.0 {
        return None;
    }
    let k = k as f64;
    Some(k / (k - 1.0) * (1.0 - items / total))
}

proptest! {
    #[test]
    fn alpha_matches_the_two_pass_formula(
        k in 1usize..7,
        rows in prop::collection::vec(prop::collection::vec(prop_oneof![5 => (0..=6i32).prop_map(Some), 1 => Just(None)], 6), 0..40),
    ) {
        let rows: Vec<Vec<Option<i32>>> = rows.into_iter().map(|r| r[..k].to_vec()).collect();
        let fast = cronbach_alpha(&rows);
        let slow = naive_alpha(&rows);
        match (fast, slow) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9, "{a} vs {b}"),
            (a, b) => prop_assert_eq!(a, b),
        }
        // Split into two groups and merged: the same sums.
        let mut all = AlphaSums::new(k);
        let (mut x, mut y) = (AlphaSums::new(k), AlphaSums::new(k));
        for (i, r) in rows.iter().enumerate().filter(|(_, r)| r.iter().all(Option::is_some)) {
            let it = || r.iter().map(|a| a.unwrap());
            all.add(it());
            if i % 3 == 0 { x.add(it()) } else { y.add(it()) }
        }
        y.merge(&x);
        prop_assert_eq!(y, all);
    }

    #[test]
    fn mean_and_sd_match_the_two_pass_formula(
        scores in prop::collection::vec((1u32..18, 0u32..=6), 0..60),
    ) {
        let scores: Vec<Score> = scores.iter().map(|&(c, m)| Score { sum: i64::from(m * c) - i64::from(c % 3).min(i64::from(m * c)), answered: c }).collect();
        let mut sums = ScoreSums::default();
        scores.iter().for_each(|&s| sums.add(s));
        let xs: Vec<f64> = scores.iter().map(|s| s.value()).collect();
        if xs.is_empty() {
            prop_assert_eq!(sums.mean(), None);
        } else {
            let m = xs.iter().sum::<f64>() / xs.len() as f64;
            prop_assert!((sums.mean().unwrap() - m).abs() < 1e-12);
        }
        if xs.len() < 2 {
            prop_assert_eq!(sums.sample_sd(), None);
        } else {
            prop_assert!((sums.sample_sd().unwrap() - sample_var(&xs).sqrt()).abs() < 1e-9);
        }
    }
}
