//! Hand-computed small cases for every rule, through the plugin's output.

mod common;

use common::*;
use serde_json::json;
use werkt_engagement::analyze;

/// Five respondents answering every UWES-9 item with 1, 2, 3, 4 and 5.
/// Total mean 3, sample SD sqrt(2.5); items are perfectly consistent, so alpha = 1:
/// var_i = 2.5 each (sum 22.5), var_total = 81 * 2.5 = 202.5, 9/8 * (1 - 22.5/202.5) = 1.
/// UWES-9 norms 1.77 / 2.88 / 4.66 / 5.50: 1 very low, 2 low, 3 and 4 average, 5 high.
#[test]
fn org_figures_by_hand() {
    let rs = (1..=5)
        .map(|x| resp(&format!("r{x}"), "org", "2026-02-10", &all(x, 9)))
        .collect();
    let out = analyze(&request(
        vec![unit("org", None)],
        9,
        rs,
        "2026-03",
        default_config(),
    ))
    .unwrap();
    assert!(close(value(&out, "org", "total"), 3.0));
    assert!(close(value(&out, "org", "vigour"), 3.0));
    assert!(close(value(&out, "org", "total_sd"), 2.5f64.sqrt()));
    assert!(close(value(&out, "org", "alpha"), 1.0));
    assert!(close(value(&out, "org", "alpha_absorption"), 1.0));
    assert_eq!(value(&out, "org", "respondents"), Some(5.0));
    assert_eq!(metric(&out, "org", "total").n, Some(5));
    assert_eq!(value(&out, "org", "band_very_low_pct"), Some(20.0));
    assert_eq!(value(&out, "org", "band_low_pct"), Some(20.0));
    assert_eq!(value(&out, "org", "band_average_pct"), Some(40.0));
    assert_eq!(value(&out, "org", "band_high_pct"), Some(20.0));
    assert_eq!(value(&out, "org", "band_very_high_pct"), Some(0.0));
    assert!(out.metrics.iter().all(|m| !m.suppressed));
}

/// Subscales need two thirds of their items; the total needs all three subscales and is the
/// mean of every answered item.
#[test]
fn two_thirds_rule_through_the_plugin() {
    // UWES-9 columns: vigour 1,2,5; dedication 3,4,7; absorption 6,8,9.
    let mut rs: Vec<_> = (1..=4)
        .map(|i| resp(&format!("r{i}"), "org", "2026-03-01", &all(4, 9)))
        .collect();
    // r5: absorption items 6 and 9 missing (1 of 3): no absorption score, no total: not counted.
    let mut a = all(0, 9);
    a[5] = None;
    a[8] = None;
    rs.push(resp("r5", "org", "2026-03-01", &a));
    // r6: one item of each subscale missing (2 of 3 each): scored, total = 6 answered items.
    // Answers uwes_1..9 = 6, _, 6, _, 6, 6, 6, 6, _ -> every score 6.
    let b = [
        Some(6),
        None,
        Some(6),
        None,
        Some(6),
        Some(6),
        Some(6),
        Some(6),
        None,
    ];
    rs.push(resp("r6", "org", "2026-03-01", &b));
    let out = analyze(&request(
        vec![unit("org", None)],
        9,
        rs,
        "2026-03",
        default_config(),
    ))
    .unwrap();
    assert_eq!(value(&out, "org", "respondents"), Some(5.0));
    // (4 * 4 + 6) / 5 = 4.4
    assert!(close(value(&out, "org", "total"), 4.4));
    assert!(close(value(&out, "org", "absorption"), 4.4));
    // Alpha is about its own population, the four respondents who answered every item: fewer
    // than five, so it is hidden (its row keeps its place, without value or n).
    assert!(metric(&out, "org", "alpha").suppressed);
    assert_eq!(metric(&out, "org", "alpha").n, None);
    assert_eq!(value(&out, "org", "alpha"), None);
    // Vigour has every item from all five counted respondents (r6 lacks uwes_2, a vigour
    // item, so four): hidden as well; dedication's three items are answered by four too.
    assert!(metric(&out, "org", "alpha_vigour").suppressed);
    assert!(
        out.warnings
            .iter()
            .any(|w| w.starts_with("1 respondent(s)")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn uwes_3_needs_its_one_item_and_has_no_norms_or_subscale_alpha() {
    let cfg = json!({"instrument": "uwes-3"});
    let mut rs: Vec<_> = (0..5)
        .map(|i| {
            resp(
                &format!("r{i}"),
                "org",
                "2026-03-01",
                &[Some(i), Some(i), Some(i + 1)],
            )
        })
        .collect();
    rs.push(resp("x", "org", "2026-03-01", &[Some(6), None, Some(6)]));
    let out = analyze(&request(vec![unit("org", None)], 3, rs, "2026-03", cfg)).unwrap();
    assert_eq!(value(&out, "org", "respondents"), Some(5.0));
    // Totals (2i + i + 1) / 3 for i = 0..4: mean (3 * 2 + 1) / 3 = 7/3.
    assert!(close(value(&out, "org", "total"), 7.0 / 3.0));
    assert!(close(value(&out, "org", "absorption"), 3.0));
    assert_eq!(value(&out, "org", "band_low_pct"), None);
    assert!(out.metrics.iter().all(|m| m.metric != "alpha_vigour"));
    assert!(out.series.iter().all(|s| s.key != "engagement_bands"));
    assert!(
        out.findings
            .iter()
            .any(|f| f.text.contains("no UWES-3 norms"))
    );
}

/// Responses count when dated within the 12 months ending with the period, the latest per
/// respondent, in the unit on that row.
#[test]
fn latest_response_inside_the_window_counts() {
    let units = vec![
        unit("org", None),
        unit("a", Some("org")),
        unit("b", Some("org")),
    ];
    let mut rs = Vec::new();
    for i in 0..5 {
        // Every respondent first answered 1 in a, then 5 in b: the later row counts.
        rs.push(resp(&format!("r{i}"), "a", "2025-06-01", &all(1, 9)));
        rs.push(resp(&format!("r{i}"), "b", "2026-01-31", &all(5, 9)));
        // Before the window (2025-04-01 ..= 2026-03-31): these five leave it in 2026-03, enough
        // people for the figures to be recomputed (over-time rule).
        rs.push(resp(&format!("old{i}"), "a", "2025-03-31", &all(0, 9)));
    }
    // After the window: ignored, although later.
    rs.push(resp("r0", "a", "2026-04-01", &all(0, 9)));
    let out = analyze(&request(units, 9, rs, "2026-03", default_config())).unwrap();
    assert_eq!(value(&out, "org", "respondents"), Some(5.0));
    assert!(close(value(&out, "org", "total"), 5.0));
    assert_eq!(metric(&out, "org", "total").as_of, None);
    // Everyone now belongs to b; a has nobody. An empty unit protects nothing and org - b is
    // nobody, so b is shown (its figures unchanged since 2026-01, when its five answered).
    assert_eq!(metric(&out, "b", "respondents").n, Some(5));
    assert_eq!(metric(&out, "b", "total").as_of, "2026-01".parse().ok());
    assert_eq!(metric(&out, "a", "respondents").n, None);
    assert!(metric(&out, "a", "total").suppressed && !metric(&out, "b", "total").suppressed);
    // With a 2-month window only the April... none: 2026-02..03 holds no response.
    let out2 = analyze(&request(
        vec![unit("org", None)],
        9,
        vec![resp("r", "org", "2026-01-31", &all(3, 9))],
        "2026-03",
        json!({"window_months": 2}),
    ))
    .unwrap();
    assert_eq!(metric(&out2, "org", "respondents").n, None);
    assert!(metric(&out2, "org", "respondents").suppressed);
}

/// A unit's figure includes its descendants; small units are suppressed and, when one child
/// of a shown parent is, its smallest sibling too. Suppressed rows keep their place with
/// value null and n only when at least the minimum group size.
#[test]
fn roll_up_suppression_and_complementary_suppression() {
    let units = vec![
        unit("org", None),
        unit("a", Some("org")),
        unit("b", Some("org")),
        unit("c", Some("org")),
        unit("c1", Some("c")),
    ];
    let mut rs = Vec::new();
    let mut add = |unit: &str, count: usize, x: i32| {
        for i in 0..count {
            let who = format!("{unit}-{i}");
            rs.push(resp(&who, unit, "2026-03-15", &all(x, 9)));
        }
    };
    add("a", 5, 2); // 5: at the minimum, but hidden as b's smallest sibling
    add("b", 3, 6); // 3: below the minimum
    add("c", 3, 1); // c direct 3 plus c1 4 = 7
    add("c1", 4, 3); // 4: below the minimum; c's only child, nothing else to hide under c
    let out = analyze(&request(units, 9, rs, "2026-03", default_config())).unwrap();
    // org: (5*2 + 3*6 + 3*1 + 4*3) / 15 = 43/15.
    assert!(close(value(&out, "org", "total"), 43.0 / 15.0));
    assert_eq!(value(&out, "org", "respondents"), Some(15.0));
    // c includes c1: (3*1 + 4*3) / 7 = 15/7.
    assert!(close(value(&out, "c", "total"), 15.0 / 7.0));
    assert_eq!(metric(&out, "c", "total").n, Some(7));
    // Hidden units keep only their place: no value and no n (a's 5 with org's 15 and c's 7
    // would give b's 3 respondents).
    for u in ["a", "b", "c1"] {
        for m in out.metrics.iter().filter(|m| m.unit == u) {
            assert!(m.suppressed && m.value.is_none() && m.n.is_none(), "{m:?}");
        }
    }
    // Every unit keeps every row.
    assert_eq!(out.metrics.len(), 5 * 15);
    // Charts: unit names on x, null for suppressed units.
    let bars = out
        .series
        .iter()
        .find(|s| s.key == "engagement_by_unit")
        .unwrap();
    let xs: Vec<_> = bars.points.iter().map(|p| p.x.as_str()).collect();
    assert_eq!(xs, ["Unit ORG", "Unit A", "Unit B", "Unit C", "Unit C1"]);
    assert_eq!(bars.points[1].y, None);
    assert_eq!(bars.points[2].y, None);
    assert!(bars.points[3].y.is_some());
    assert_eq!(
        out.series
            .iter()
            .filter(|s| s.key == "engagement_bands")
            .count(),
        5
    );
    // Findings never name a suppressed unit.
    for f in &out.findings {
        for hidden in ["Unit A", "Unit B", "Unit C1"] {
            assert!(!f.text.contains(&format!("{hidden}:")), "{}", f.text);
        }
        assert!(
            f.unit
                .as_deref()
                .is_none_or(|u| !["a", "b", "c1"].contains(&u)),
            "{f:?}"
        );
    }
    // c is shown and its mean 15/7 = 2.14 lies in the UWES-9 low band (1.77, 2.88].
    assert!(
        out.findings
            .iter()
            .any(|f| f.unit.as_deref() == Some("c") && f.text.contains("low band"))
    );
}

/// A band holds the totals above the previous bound up to and including its own.
#[test]
fn band_boundaries_are_inclusive() {
    let dir = std::env::temp_dir().join(format!("werkt-engagement-norms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("norms.toml");
    std::fs::write(
        &path,
        "source = \"test\"\n[norms.uwes-9]\ntotal = [1.0, 2.0, 3.0, 4.0]\n",
    )
    .unwrap();
    let cfg = json!({"norms": path.to_str().unwrap()});
    // Totals exactly 1, 2, 3, 4 and 37/9 = 4.11.
    let mut rs: Vec<_> = (1..=4)
        .map(|x| resp(&format!("r{x}"), "org", "2026-03-01", &all(x, 9)))
        .collect();
    let mut a = all(4, 9);
    a[0] = Some(5);
    rs.push(resp("r5", "org", "2026-03-01", &a));
    let out = analyze(&request(vec![unit("org", None)], 9, rs, "2026-03", cfg)).unwrap();
    for key in ["very_low", "low", "average", "high", "very_high"] {
        assert_eq!(
            value(&out, "org", &format!("band_{key}_pct")),
            Some(20.0),
            "{key}"
        );
    }
    // And with the shipped norms, a total of exactly 5.50 (44 / 8 items) is high, not very high.
    let mut b = vec![Some(6); 9];
    b[8] = None;
    b[0] = Some(4);
    b[1] = Some(4);
    let rs: Vec<_> = (0..5)
        .map(|i| resp(&format!("r{i}"), "org", "2026-03-01", &b))
        .collect();
    let out = analyze(&request(
        vec![unit("org", None)],
        9,
        rs,
        "2026-03",
        default_config(),
    ))
    .unwrap();
    assert!(close(value(&out, "org", "total"), 5.5));
    assert_eq!(value(&out, "org", "band_high_pct"), Some(100.0));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_data_is_an_error_not_a_panic() {
    let units = || vec![unit("org", None)];
    let mut a = all(3, 9);
    a[4] = Some(7);
    let e = analyze(&request(
        units(),
        9,
        vec![resp("r", "org", "2026-03-01", &a)],
        "2026-03",
        default_config(),
    ))
    .unwrap_err();
    assert!(e.0.contains("uwes_5") && e.0.contains("answer 7"), "{e}");
    a[4] = Some(-1);
    assert!(
        analyze(&request(
            units(),
            9,
            vec![resp("r", "org", "2026-03-01", &a)],
            "2026-03",
            default_config()
        ))
        .is_err()
    );
    let e = analyze(&request(
        units(),
        9,
        vec![resp("r", "nowhere", "2026-03-01", &all(3, 9))],
        "2026-03",
        default_config(),
    ))
    .unwrap_err();
    assert!(e.0.contains("nowhere"), "{e}");
    let e = analyze(&request(
        units(),
        9,
        vec![resp("r", "org", "2026-03-01", &all(3, 4))],
        "2026-03",
        default_config(),
    ))
    .unwrap_err();
    assert!(e.0.contains("4 answers"), "{e}");
    // A configured column the survey lacks.
    let e = analyze(&request(units(), 8, vec![], "2026-03", default_config())).unwrap_err();
    assert!(e.0.contains("uwes_9"), "{e}");
    let e = analyze(&request(
        units(),
        9,
        vec![],
        "2026-03",
        json!({"instrument": "uwes-17"}),
    ))
    .unwrap_err();
    assert!(e.0.contains("uwes_12"), "{e}");
    let mut r = request(units(), 9, vec![], "2026-03", default_config());
    r.data.survey = None;
    assert!(analyze(&r).is_err());
}

/// The trend holds the organisation figure of each of the last 12 periods, each computed from
/// its own window; the band-shift finding compares with the previous window.
#[test]
fn trend_and_previous_window() {
    let mut rs = Vec::new();
    for i in 0..5 {
        // Previous window (12 months ending 2025-03): everyone at 2 (low band).
        rs.push(resp(&format!("r{i}"), "org", "2024-10-01", &all(2, 9)));
        // Current window: everyone at 5 (high band), answered in 2025-12.
        rs.push(resp(&format!("r{i}"), "org", "2025-12-01", &all(5, 9)));
    }
    let mut req = request(vec![unit("org", None)], 9, rs, "2026-03", default_config());
    req.language = werkt_plugin::Language::Nl;
    let out = analyze(&req).unwrap();
    let trend = out
        .series
        .iter()
        .find(|s| s.key == "engagement_trend")
        .unwrap();
    let xs: Vec<_> = trend.points.iter().map(|p| p.x.as_str()).collect();
    assert_eq!(xs.first(), Some(&"2025-04"));
    assert_eq!(xs.last(), Some(&"2026-03"));
    assert_eq!(xs.len(), 12);
    // 2025-04 .. 2025-09: the window still holds the 2024-10 answers (2); 2025-10 and 2025-11
    // hold none (suppressed: fewer than 5); from 2025-12 on the new answers (5).
    let ys: Vec<_> = trend.points.iter().map(|p| p.y).collect();
    assert_eq!(ys[..6], [Some(2.0); 6]);
    assert_eq!(ys[6..8], [None, None]);
    assert_eq!(ys[8..], [Some(5.0); 4]);
    let shift = out
        .findings
        .iter()
        .find(|f| f.text.contains("vorige periode"))
        .expect("band shift finding");
    assert!(shift.text.contains("van 100% naar 0%"), "{}", shift.text);
    assert!(
        out.findings
            .iter()
            .any(|f| f.text.contains("gemiddeld 5,00")),
        "{:?}",
        out.findings
    );
}
