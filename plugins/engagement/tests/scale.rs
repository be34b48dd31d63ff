//! The analysis must stay fast for 100,000 employees: linear passes only. A quadratic step
//! (e.g. scanning all responses per respondent or per unit) would take minutes here.

mod common;

use std::time::Instant;

use common::*;
use serde_json::json;
use werkt_engagement::analyze;

#[test]
fn one_hundred_thousand_employees_in_seconds() {
    // 1 + 20 + 400 units (three levels); every employee answered twice in 18 months.
    let mut units = vec![unit("org", None)];
    for d in 0..20 {
        units.push(unit(&format!("d{d}"), Some("org")));
        for t in 0..20 {
            units.push(unit(&format!("d{d}t{t}"), Some(&format!("d{d}"))));
        }
    }
    let mut rs = Vec::with_capacity(200_000);
    let mut x: u64 = 42;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for e in 0..100_000u64 {
        let unit = format!("d{}t{}", e % 20, (e / 20) % 20);
        for (date, shift) in [("2025-01-15", 0), ("2025-11-15", 1)] {
            let a: Vec<Option<i32>> = (0..9)
                .map(|_| Some(((next() % 5) as i32 + shift).min(6)))
                .collect();
            rs.push(resp(&format!("e{e}"), &unit, date, &a));
        }
    }
    let req = request(units, 9, rs, "2026-03", json!({}));
    let t = Instant::now();
    let out = analyze(&req).unwrap();
    let took = t.elapsed();
    eprintln!("engagement, 100,000 employees, 421 units, 13 periods: {took:?}");
    assert_eq!(value(&out, "org", "respondents"), Some(100_000.0));
}

/// The over-time rule publishes month by month from the first response: with answers in every
/// month of two years, every month is one to publish. Still linear per month.
#[test]
fn one_hundred_thousand_employees_answering_all_year_round() {
    let mut units = vec![unit("org", None)];
    for d in 0..20 {
        units.push(unit(&format!("d{d}"), Some("org")));
        for t in 0..20 {
            units.push(unit(&format!("d{d}t{t}"), Some(&format!("d{d}"))));
        }
    }
    let mut rs = Vec::with_capacity(100_000);
    let mut x: u64 = 7;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for e in 0..100_000u64 {
        let unit = format!("d{}t{}", e % 20, (e / 20) % 20);
        // One response on a day of the 24 months 2024-04 .. 2026-03.
        let m = (next() % 24) as u32;
        let date = format!(
            "{}-{:02}-{:02}",
            2024 + (3 + m) / 12,
            (3 + m) % 12 + 1,
            1 + next() % 28
        );
        let a: Vec<Option<i32>> = (0..9).map(|_| Some((next() % 7) as i32)).collect();
        rs.push(resp(&format!("e{e}"), &unit, &date, &a));
    }
    let req = request(units, 9, rs, "2026-03", json!({}));
    let t = Instant::now();
    let out = analyze(&req).unwrap();
    let took = t.elapsed();
    eprintln!("engagement, 100,000 employees answering in 24 months, 421 units: {took:?}");
    assert!(metric(&out, "org", "total").n.is_some_and(|n| n > 40_000));
}
