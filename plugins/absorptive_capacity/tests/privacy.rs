//! Issue 12, survey side: the subtraction routes of domain.md section 0 tried on the
//! absorptive-capacity output. Each case recovered a small group's (or one person's) scores
//! before.

mod common;

use common::*;
use serde_json::json;
use werkt_absorptive_capacity::analyze;
use werkt_plugin::AnalysisOutput;
use werkt_plugin::model::SurveyResponse;

fn hidden(out: &AnalysisOutput, unit: &str, key: &str) -> bool {
    let m = metric(out, unit, key);
    m.suppressed && m.value.is_none() && m.n.is_none()
}

fn group(rs: &mut Vec<SurveyResponse>, unit: &str, n: usize, date: &str, caps: &[Option<i32>]) {
    for i in 0..n {
        rs.push(resp(
            &format!("{unit}-{i}"),
            unit,
            date,
            answers(5, 4 + (i % 3) as i32, 4, 3, caps),
        ));
    }
}

/// Leak 8: a combinative-capability score is about the respondents who have it. With one of
/// six it was shown (n = 1) in the table and in the capability sentence.
#[test]
fn a_capability_score_of_one_respondent_is_hidden_everywhere() {
    let caps = ["cc_sys_1", "cc_sys_2", "cc_soc_1"];
    let mut rs = Vec::new();
    group(&mut rs, "org", 5, "2026-02-01", &[None, None, Some(4)]);
    rs.push(resp(
        "only",
        "org",
        "2026-02-01",
        answers(5, 5, 4, 3, &[Some(7), Some(6), Some(4)]),
    ));
    let out = analyze(&request(
        vec![unit("org", None)],
        &caps,
        rs,
        None,
        json!({}),
    ))
    .unwrap();
    assert_eq!(metric(&out, "org", "potential").n, Some(6));
    assert!(hidden(&out, "org", "systems"));
    assert_eq!(metric(&out, "org", "socialisation").n, Some(6));
    let advice = out
        .findings
        .iter()
        .find(|f| f.text.contains("Jansen"))
        .expect("capability advice");
    assert!(
        !advice.text.contains("systems") && advice.text.contains("socialisation 4.00"),
        "{}",
        advice.text
    );
    // Nothing with the one respondent's 6.50 anywhere.
    for f in &out.findings {
        assert!(!f.text.contains("6.50"), "{}", f.text);
    }
}

/// A capability score hidden in one unit hides it in the smallest sibling too, when the
/// parent's score minus the sibling's would be the hidden group's.
#[test]
fn a_capability_score_is_suppressed_on_its_own_population() {
    let units = vec![
        unit("org", None),
        unit("a", Some("org")),
        unit("b", Some("org")),
    ];
    let caps = ["cc_soc_1"];
    let mut rs = Vec::new();
    group(&mut rs, "a", 6, "2026-02-01", &[Some(5)]);
    group(&mut rs, "b", 5, "2026-02-01", &[None]);
    rs.push(resp(
        "b-one",
        "b",
        "2026-02-01",
        answers(5, 5, 4, 3, &[Some(1)]),
    ));
    let out = analyze(&request(units, &caps, rs, None, json!({}))).unwrap();
    // The unit figures are shown everywhere (a 6, b 6, org 12)...
    for u in ["org", "a", "b"] {
        assert!(!metric(&out, u, "potential").suppressed, "{u}");
    }
    // ... the socialisation score only for org (7 people): b's is one person's, and
    // org's minus a's would be that person's too.
    assert!(hidden(&out, "b", "socialisation"));
    assert!(hidden(&out, "a", "socialisation"));
    assert_eq!(metric(&out, "org", "socialisation").n, Some(7));
}

/// Leak 2 for absorptive capacity: an empty team is no hidden part that protects a small one.
#[test]
fn an_empty_sibling_protects_nothing() {
    let units = vec![
        unit("org", None),
        unit("big", Some("org")),
        unit("empty", Some("org")),
        unit("tiny", Some("org")),
    ];
    let mut rs = Vec::new();
    group(&mut rs, "big", 10, "2026-02-01", &[]);
    group(&mut rs, "tiny", 3, "2026-02-01", &[]);
    let out = analyze(&request(units, &[], rs, None, json!({}))).unwrap();
    assert_eq!(metric(&out, "org", "potential").n, Some(13));
    for u in ["big", "tiny", "empty"] {
        assert!(
            hidden(&out, u, "potential") && hidden(&out, u, "respondents"),
            "{u}"
        );
        let name = format!("Unit {}", u.to_uppercase());
        for s in &out.series {
            assert!(s.points.iter().all(|p| p.x != name || p.y.is_none()));
        }
        for f in &out.findings {
            assert!(!f.text.contains(&name), "{}", f.text);
        }
    }
}

/// Leak 7 for absorptive capacity: one late respondent in August; August shows July's
/// figures (dated July), the trend's two points are one publication.
#[test]
fn a_late_respondent_does_not_change_the_published_figure() {
    let mut rs = Vec::new();
    group(&mut rs, "org", 10, "2026-07-03", &[]);
    let mut req = request(vec![unit("org", None)], &[], rs.clone(), None, json!({}));
    req.period = "2026-07".parse().unwrap();
    let jul = analyze(&req).unwrap();
    rs.push(resp("late", "org", "2026-08-20", answers(1, 1, 7, 7, &[])));
    let mut req = request(vec![unit("org", None)], &[], rs, None, json!({}));
    req.period = "2026-08".parse().unwrap();
    let aug = analyze(&req).unwrap();
    for key in [
        "potential",
        "realised",
        "efficiency",
        "acquisition",
        "respondents",
    ] {
        let (j, a) = (metric(&jul, "org", key), metric(&aug, "org", key));
        assert_eq!(a.value, j.value, "{key}");
        assert_eq!(a.n, Some(10), "{key}");
        assert_eq!(a.as_of, "2026-07".parse().ok(), "{key}");
    }
    let trend = aug
        .series
        .iter()
        .find(|s| s.key == "acap_trend")
        .expect("trend");
    assert_eq!(trend.points[10].y, trend.points[11].y);
    assert!(trend.points[11].y.is_some());
    assert!(
        aug.findings
            .iter()
            .any(|f| f.text.contains("2025-08 to 2026-07")),
        "{:?}",
        aug.findings
    );

    // Five new respondents: recomputed, no earlier date.
    let mut rs2 = Vec::new();
    group(&mut rs2, "org", 10, "2026-07-03", &[]);
    for i in 0..5 {
        rs2.push(resp(
            &format!("new{i}"),
            "org",
            "2026-08-20",
            answers(1, 1, 7, 7, &[]),
        ));
    }
    let mut req = request(vec![unit("org", None)], &[], rs2, None, json!({}));
    req.period = "2026-08".parse().unwrap();
    let out = analyze(&req).unwrap();
    assert_eq!(metric(&out, "org", "potential").n, Some(15));
    assert_eq!(metric(&out, "org", "potential").as_of, None);
}
