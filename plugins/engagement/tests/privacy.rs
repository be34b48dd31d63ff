//! Issue 12, survey side: the subtraction routes of domain.md section 0 tried on the
//! engagement output. Each case recovered a small group's (or one person's) engagement before.

mod common;

use common::*;
use serde_json::json;
use werkt_engagement::analyze;
use werkt_plugin::AnalysisOutput;
use werkt_plugin::model::SurveyResponse;

/// `n` respondents `<unit>-<i>` in `unit` answering every UWES-9 item `x` on `date`.
fn group(rs: &mut Vec<SurveyResponse>, unit: &str, n: usize, x: i32, date: &str) {
    for i in 0..n {
        rs.push(resp(&format!("{unit}-{i}"), unit, date, &all(x, 9)));
    }
}

fn hidden(out: &AnalysisOutput, unit: &str) -> bool {
    out.metrics
        .iter()
        .filter(|m| m.unit == unit && m.metric != "alpha" && !m.metric.starts_with("alpha_"))
        .all(|m| m.suppressed && m.value.is_none() && m.n.is_none())
}

/// Nothing of a hidden unit in a chart or a sentence.
fn nowhere_else(out: &AnalysisOutput, unit: &str) {
    let name = format!("Unit {}", unit.to_uppercase());
    for s in &out.series {
        for p in &s.points {
            assert!(
                p.x != name || p.y.is_none(),
                "{} shows {name}: {p:?}",
                s.key
            );
        }
    }
    for f in &out.findings {
        assert!(f.unit.as_deref() != Some(unit), "{f:?}");
        assert!(!f.text.contains(&name), "{}", f.text);
    }
}

fn trend(out: &AnalysisOutput) -> Vec<Option<f64>> {
    out.series
        .iter()
        .find(|s| s.key == "engagement_trend")
        .expect("trend")
        .points
        .iter()
        .map(|p| p.y)
        .collect()
}

/// Leak 2: org = big 10 + tiny 3 + a team with no respondents. The empty team is no second
/// hidden part: org - big would be tiny's three, so big is hidden too.
#[test]
fn an_empty_sibling_protects_nothing() {
    let units = vec![
        unit("org", None),
        unit("big", Some("org")),
        unit("empty", Some("org")),
        unit("tiny", Some("org")),
    ];
    let mut rs = Vec::new();
    group(&mut rs, "big", 10, 4, "2026-03-02");
    group(&mut rs, "tiny", 3, 1, "2026-03-02");
    let out = analyze(&request(units, 9, rs, "2026-03", default_config())).unwrap();
    assert_eq!(metric(&out, "org", "total").n, Some(13));
    for u in ["tiny", "big", "empty"] {
        assert!(hidden(&out, u), "{u}");
        nowhere_else(&out, u);
    }
}

/// Leak 3: hidden parts that add up to fewer than the minimum. Two 1-person units hidden
/// together are two people; a hidden child of 3 plus 1 person placed directly in the parent
/// are four.
#[test]
fn hidden_parts_must_reach_the_minimum_together() {
    let units = vec![
        unit("org", None),
        unit("a", Some("org")),
        unit("b", Some("org")),
        unit("one", Some("org")),
        unit("two", Some("org")),
    ];
    let mut rs = Vec::new();
    group(&mut rs, "a", 8, 3, "2026-03-02");
    group(&mut rs, "b", 9, 4, "2026-03-02");
    group(&mut rs, "one", 1, 0, "2026-03-02");
    group(&mut rs, "two", 1, 6, "2026-03-02");
    let out = analyze(&request(units, 9, rs, "2026-03", default_config())).unwrap();
    // org - b - a would be the two; a (8) is the smaller of the shown children.
    for u in ["one", "two", "a"] {
        assert!(hidden(&out, u), "{u}");
        nowhere_else(&out, u);
    }
    assert!(!hidden(&out, "b") && !hidden(&out, "org"));

    let units = vec![
        unit("org", None),
        unit("a", Some("org")),
        unit("b", Some("org")),
        unit("small", Some("org")),
    ];
    let mut rs = Vec::new();
    group(&mut rs, "org", 1, 0, "2026-03-02");
    group(&mut rs, "a", 8, 3, "2026-03-02");
    group(&mut rs, "b", 9, 4, "2026-03-02");
    group(&mut rs, "small", 3, 6, "2026-03-02");
    let out = analyze(&request(units, 9, rs, "2026-03", default_config())).unwrap();
    for u in ["small", "a"] {
        assert!(hidden(&out, u), "{u}");
        nowhere_else(&out, u);
    }
    assert_eq!(metric(&out, "org", "total").n, Some(21));
    assert_eq!(metric(&out, "b", "total").n, Some(9));
}

/// Leak 8: alpha is about the respondents who answered every item. Over 2-4 of them it is
/// hidden, and a unit's alpha is hidden too when the parent's minus it would be such a group.
#[test]
fn alpha_over_few_complete_respondents_is_hidden() {
    let units = vec![
        unit("org", None),
        unit("a", Some("org")),
        unit("b", Some("org")),
    ];
    let mut rs = Vec::new();
    // a: five complete respondents.
    for i in 0..5 {
        let a: Vec<Option<i32>> = (0..9).map(|j| Some((i * 2 + j * 3) % 7)).collect();
        rs.push(resp(&format!("a{i}"), "a", "2026-03-02", &a));
    }
    // b: six counted respondents, two complete; the others skip uwes_9 (absorption keeps
    // two of its three items, so they still have a total).
    for i in 0..6 {
        let mut a = all(2 + i % 3, 9);
        if i >= 2 {
            a[8] = None;
        }
        rs.push(resp(&format!("b{i}"), "b", "2026-03-02", &a));
    }
    let out = analyze(&request(units, 9, rs, "2026-03", default_config())).unwrap();
    // The unit figures are shown: every respondent has a total.
    assert_eq!(metric(&out, "b", "total").n, Some(6));
    assert_eq!(metric(&out, "org", "total").n, Some(11));
    // b's alpha over two, and a's (org - a = b's two): hidden. The absorption alpha likewise.
    for u in ["a", "b"] {
        for key in ["alpha", "alpha_absorption"] {
            let m = metric(&out, u, key);
            assert!(m.suppressed && m.value.is_none() && m.n.is_none(), "{m:?}");
        }
    }
    // org's alpha over seven is shown; vigour's over all eleven in a and b too.
    assert_eq!(metric(&out, "org", "alpha").n, Some(7));
    assert!(!metric(&out, "org", "alpha").suppressed);
    assert_eq!(metric(&out, "b", "alpha_vigour").n, Some(6));

    // One unit, four complete respondents of six: the only alpha is hidden, and no sentence
    // names it (over these four it is -6.84, below 0.70, so a sentence would).
    let mut rs = Vec::new();
    for i in 0..6 {
        let mut a: Vec<Option<i32>> = (0..9).map(|j| Some((i * 5 + j * 2) % 7)).collect();
        if i >= 4 {
            a[8] = None;
        }
        rs.push(resp(&format!("r{i}"), "org", "2026-03-02", &a));
    }
    let out = analyze(&request(
        vec![unit("org", None)],
        9,
        rs,
        "2026-03",
        default_config(),
    ))
    .unwrap();
    assert!(metric(&out, "org", "alpha").suppressed);
    assert_eq!(metric(&out, "org", "alpha").n, None);
    assert!(
        out.findings.iter().all(|f| !f.text.contains("alpha")),
        "{:?}",
        out.findings
    );
}

/// Leak 7: the window moves a month and one late respondent enters. 11 x mean(Aug) -
/// 10 x mean(Jul) would be their engagement; August shows July's figures, dated July.
#[test]
fn a_late_respondent_does_not_change_the_published_figure() {
    let units = vec![unit("org", None)];
    let mut rs = Vec::new();
    for i in 0..10 {
        rs.push(resp(
            &format!("r{i}"),
            "org",
            "2026-07-06",
            &all(2 + i % 3, 9),
        ));
    }
    let jul = analyze(&request(
        units.clone(),
        9,
        rs.clone(),
        "2026-07",
        default_config(),
    ))
    .unwrap();
    rs.push(resp("late", "org", "2026-08-12", &all(6, 9)));
    let aug = analyze(&request(units, 9, rs, "2026-08", default_config())).unwrap();
    for key in ["total", "vigour", "total_sd", "band_low_pct", "respondents"] {
        let (j, a) = (metric(&jul, "org", key), metric(&aug, "org", key));
        assert_eq!(a.value, j.value, "{key}");
        assert_eq!(a.n, Some(10), "{key}");
        assert_eq!(j.as_of, None, "{key}");
        assert_eq!(a.as_of, "2026-07".parse().ok(), "{key}");
    }
    // The trend's July and August points are the same publication.
    let t = trend(&aug);
    assert_eq!(t[10], t[11]);
    assert!(t[11].is_some());
    // The sentence says which window the figures are from.
    assert!(
        aug.findings
            .iter()
            .any(|f| f.text.contains("2025-08 to 2026-07")
                && f.text.contains("published for 2026-07")),
        "{:?}",
        aug.findings
    );
}

/// The same route through answers given again: three people re-answering are six responses
/// entered or left, but a figure recomputed on them would differ from July's by three people.
#[test]
fn people_answering_again_count_once() {
    let mut rs = Vec::new();
    for i in 0..10 {
        rs.push(resp(&format!("r{i}"), "org", "2026-07-06", &all(3, 9)));
    }
    for i in 0..3 {
        rs.push(resp(&format!("r{i}"), "org", "2026-08-06", &all(6, 9)));
    }
    let out = analyze(&request(
        vec![unit("org", None)],
        9,
        rs,
        "2026-08",
        default_config(),
    ))
    .unwrap();
    assert!(close(value(&out, "org", "total"), 3.0));
    assert_eq!(metric(&out, "org", "total").as_of, "2026-07".parse().ok());
}

/// When at least the minimum of people entered or left the window since the last
/// publication, the figures are recomputed and carry no earlier date: one late respondent in
/// August keeps July's figures, four more in September make five and recompute them.
#[test]
fn enough_new_responses_recompute_the_figure() {
    let mut rs = Vec::new();
    for i in 0..10 {
        rs.push(resp(&format!("r{i}"), "org", "2026-07-06", &all(3, 9)));
    }
    rs.push(resp("late", "org", "2026-08-06", &all(6, 9)));
    for i in 0..4 {
        rs.push(resp(&format!("n{i}"), "org", "2026-09-06", &all(6, 9)));
    }
    let out = analyze(&request(
        vec![unit("org", None)],
        9,
        rs,
        "2026-09",
        default_config(),
    ))
    .unwrap();
    assert!(close(value(&out, "org", "total"), 4.0));
    assert_eq!(metric(&out, "org", "total").n, Some(15));
    assert_eq!(metric(&out, "org", "total").as_of, None);
    let t = trend(&out);
    assert!(
        close(t[9], 3.0) && close(t[10], 3.0) && close(t[11], 4.0),
        "{t:?}"
    );
}

/// A parent recomputed over a child that kept its figures: org(Aug) - b(Aug) - a(Jul) would be
/// a's late respondent, so a is hidden that month.
#[test]
fn a_recomputed_parent_never_differs_from_its_shown_parts_by_a_few_people() {
    let units = vec![
        unit("org", None),
        unit("a", Some("org")),
        unit("b", Some("org")),
    ];
    let mut rs = Vec::new();
    group(&mut rs, "a", 10, 2, "2026-07-01");
    group(&mut rs, "b", 10, 4, "2026-07-01");
    rs.push(resp("late", "a", "2026-08-01", &all(6, 9)));
    for i in 0..5 {
        rs.push(resp(&format!("bnew{i}"), "b", "2026-08-01", &all(5, 9)));
    }
    let out = analyze(&request(units, 9, rs, "2026-08", default_config())).unwrap();
    assert_eq!(metric(&out, "org", "total").n, Some(26));
    assert_eq!(metric(&out, "b", "total").n, Some(15));
    assert!(hidden(&out, "a"));
    nowhere_else(&out, "a");
}

/// Domain.md section 0: per respondent the latest response *that answers the instrument's
/// items*. A later response to other questions of the same survey does not displace it.
#[test]
fn a_later_response_to_other_items_does_not_count() {
    // uwes_10 is no UWES-9 item.
    let mut rs = Vec::new();
    for i in 0..5 {
        let mut a = all(4, 9);
        a.push(None);
        rs.push(resp(&format!("r{i}"), "org", "2026-01-10", &a));
        let mut other = vec![None; 9];
        other.push(Some(3));
        rs.push(resp(&format!("r{i}"), "org", "2026-02-10", &other));
    }
    let out = analyze(&request(
        vec![unit("org", None)],
        10,
        rs,
        "2026-03",
        json!({}),
    ))
    .unwrap();
    assert_eq!(metric(&out, "org", "total").n, Some(5));
    assert!(close(value(&out, "org", "total"), 4.0));
    assert!(out.warnings.iter().all(|w| !w.contains("no UWES-9 total")));
}
