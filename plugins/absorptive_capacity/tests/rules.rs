//! Hand-computed small cases for the ACAP rules, through the plugin's output.

mod common;

use common::*;
use serde_json::json;
use werkt_absorptive_capacity::analyze;
use werkt_plugin::Language;
use werkt_plugin::model::OrgForm;

/// Five respondents: acquisition 5,6,7,5,6 (mean 5.8), assimilation 5 throughout,
/// transformation 3,4,5,3,4 (3.8), exploitation 4 throughout. PACAP (5.8 + 5) / 2 = 5.4,
/// RACAP (3.8 + 4) / 2 = 3.9, efficiency 3.9 / 5.4. Acquisition items move together: alpha 1;
/// assimilation has no variance: alpha null.
#[test]
fn org_figures_by_hand() {
    let rows = [(5, 3), (6, 4), (7, 5), (5, 3), (6, 4)];
    let rs = rows
        .iter()
        .enumerate()
        .map(|(i, &(a, t))| {
            resp(
                &format!("r{i}"),
                "org",
                "2026-01-10",
                answers(a, 5, t, 4, &[]),
            )
        })
        .collect();
    let out = analyze(&request(vec![unit("org", None)], &[], rs, None, json!({}))).unwrap();
    assert!(close(value(&out, "org", "acquisition"), 5.8));
    assert!(close(value(&out, "org", "assimilation"), 5.0));
    assert!(close(value(&out, "org", "transformation"), 3.8));
    assert!(close(value(&out, "org", "potential"), 5.4));
    assert!(close(value(&out, "org", "realised"), 3.9));
    assert!(close(value(&out, "org", "efficiency"), 3.9 / 5.4));
    assert!(close(value(&out, "org", "alpha_acquisition"), 1.0));
    assert_eq!(value(&out, "org", "alpha_assimilation"), None);
    assert_eq!(metric(&out, "org", "alpha_assimilation").n, Some(5));
    assert_eq!(value(&out, "org", "respondents"), Some(5.0));
    assert!(
        out.metrics
            .iter()
            .all(|m| m.metric != "systems" && m.metric != "coordination")
    );
    // Efficiency 0.72 is well below 1: realised lags potential, and socialisation is advised.
    assert!(
        out.findings
            .iter()
            .any(|f| f.text.contains("lags potential"))
    );
    assert!(
        out.findings
            .iter()
            .any(|f| f.text.contains("socialisation capabilities"))
    );
}

/// Dimensions need two thirds of their items; respondents need all four dimensions.
#[test]
fn two_thirds_rule_and_all_four_dimensions() {
    let mut rs: Vec<_> = (0..5)
        .map(|i| {
            resp(
                &format!("r{i}"),
                "org",
                "2026-01-10",
                answers(4, 4, 4, 4, &[]),
            )
        })
        .collect();
    // Acquisition 1 of 3 answered: not counted.
    let mut a = answers(7, 7, 7, 7, &[]);
    a[0] = None;
    a[1] = None;
    rs.push(resp("x", "org", "2026-01-10", a));
    // Assimilation 3 of 4: counted, all scores 7 -> assimilation mean (5*4 + 7) / 6 = 4.5.
    let mut b = answers(7, 7, 7, 7, &[]);
    b[3] = None;
    rs.push(resp("y", "org", "2026-01-10", b));
    let out = analyze(&request(vec![unit("org", None)], &[], rs, None, json!({}))).unwrap();
    assert_eq!(value(&out, "org", "respondents"), Some(6.0));
    assert!(close(value(&out, "org", "assimilation"), 4.5));
    // y lacks an assimilation item, so that alpha is over the five complete respondents.
    assert_eq!(metric(&out, "org", "alpha_assimilation").n, Some(5));
    assert_eq!(metric(&out, "org", "alpha_acquisition").n, Some(6));
    assert!(
        out.warnings
            .iter()
            .any(|w| w.starts_with("1 respondent(s)"))
    );
}

/// Capability columns present in the survey are scored (two-thirds rule) over the counted
/// respondents that have them.
#[test]
fn combinative_capabilities_when_surveyed() {
    let caps = ["cc_coord_1", "cc_coord_2", "cc_coord_3", "cc_soc_1"];
    let rs = (0..5)
        .map(|i| {
            // coordination: 1 + i on two of three items (the third unanswered for i even).
            let third = if i % 2 == 0 { None } else { Some(1 + i) };
            resp(
                &format!("r{i}"),
                "org",
                "2026-02-01",
                answers(5, 5, 5, 5, &[Some(1 + i), Some(1 + i), third, Some(2)]),
            )
        })
        .collect();
    let out = analyze(&request(
        vec![unit("org", None)],
        &caps,
        rs,
        None,
        json!({}),
    ))
    .unwrap();
    assert!(close(value(&out, "org", "coordination"), 3.0));
    assert!(close(value(&out, "org", "socialisation"), 2.0));
    // Systems was not surveyed: its row exists, undefined.
    assert_eq!(value(&out, "org", "systems"), None);
    assert!(!metric(&out, "org", "systems").suppressed);
    // Efficiency exactly 1: potential is not the weaker part, coordination is advised.
    assert!(close(value(&out, "org", "efficiency"), 1.0));
    let advice = out
        .findings
        .iter()
        .find(|f| f.text.contains("Jansen"))
        .unwrap();
    assert!(
        advice.text.contains("coordination capabilities") && advice.text.contains("measured: 3.00"),
        "{}",
        advice.text
    );
}

/// Roll-up over the tree, suppression and complementary suppression; the organisational-form
/// finding compares only shown units.
#[test]
fn roll_up_suppression_and_form_findings() {
    let mut units = vec![
        unit("org", None),
        unit("a", Some("org")),
        unit("b", Some("org")),
        unit("m", Some("org")),
        unit("m1", Some("m")),
    ];
    units[3].org_form = Some(OrgForm::Matrix);
    let mut rs = Vec::new();
    let mut add = |u: &str, n: usize, acq: i32, trf: i32| {
        for i in 0..n {
            rs.push(resp(
                &format!("{u}{i}"),
                u,
                "2025-12-01",
                answers(acq, acq, trf, trf, &[]),
            ));
        }
    };
    add("a", 2, 4, 2); // hidden: 2 < 5
    add("b", 6, 4, 4); // hidden: smallest sibling of a
    add("m", 3, 6, 6);
    add("m1", 4, 6, 5); // hidden (4), m's only child; m = 7 shown
    let out = analyze(&request(
        units,
        &[],
        rs,
        Some(OrgForm::Functional),
        json!({}),
    ))
    .unwrap();
    // org PACAP (2*4 + 6*4 + 7*6) / 15 = 74/15; RACAP (2*2 + 6*4 + 3*6 + 4*5) / 15 = 66/15.
    assert!(close(value(&out, "org", "potential"), 74.0 / 15.0));
    assert!(close(value(&out, "org", "realised"), 66.0 / 15.0));
    // m includes m1: RACAP (3*6 + 4*5) / 7 = 38/7.
    assert!(close(value(&out, "m", "realised"), 38.0 / 7.0));
    // A hidden unit keeps only its place: no value and no n (b's 6 with org's 15 and m's 7
    // would give a's 2 respondents).
    for u in ["a", "b", "m1"] {
        assert!(metric(&out, u, "potential").suppressed);
        assert_eq!(value(&out, u, "potential"), None);
        assert_eq!(metric(&out, u, "respondents").n, None, "{u}");
    }
    let bars: Vec<_> = out
        .series
        .iter()
        .filter(|s| s.key == "acap_by_unit")
        .collect();
    assert_eq!(bars.len(), 2);
    assert_eq!(
        bars[0]
            .points
            .iter()
            .map(|p| p.x.as_str())
            .collect::<Vec<_>>(),
        ["Unit ORG", "Unit A", "Unit B", "Unit M", "Unit M1"]
    );
    assert_eq!(bars[1].points[2].y, None);
    // Matrix unit m: more ACAP expected than the functional organisation, and measured more.
    let m = out
        .findings
        .iter()
        .find(|f| f.unit.as_deref() == Some("m"))
        .expect("form finding for m");
    assert!(
        m.text.contains("matrix") && m.text.contains("in line with"),
        "{}",
        m.text
    );
    assert!(
        out.findings
            .iter()
            .any(|f| f.text.contains("functional form") && f.text.contains("poor"))
    );
    for f in &out.findings {
        assert!(
            f.unit
                .as_deref()
                .is_none_or(|u| !["a", "b", "m1"].contains(&u)),
            "{f:?}"
        );
        assert!(
            !f.text.contains("Unit A") && !f.text.contains("Unit B") && !f.text.contains("Unit M1"),
            "{}",
            f.text
        );
    }
}

#[test]
fn bad_data_and_settings_are_errors() {
    let units = || vec![unit("org", None)];
    let mut a = answers(4, 4, 4, 4, &[]);
    a[2] = Some(0);
    let e = analyze(&request(
        units(),
        &[],
        vec![resp("r", "org", "2026-01-01", a)],
        None,
        json!({}),
    ))
    .unwrap_err();
    assert!(
        e.0.contains("acap_acq_3") && e.0.contains("answer 0"),
        "{e}"
    );
    let e = analyze(&request(
        units(),
        &["cc_soc_1"],
        vec![resp(
            "r",
            "org",
            "2026-01-01",
            answers(4, 4, 4, 4, &[Some(8)]),
        )],
        None,
        json!({}),
    ))
    .unwrap_err();
    assert!(e.0.contains("cc_soc_1"), "{e}");
    assert!(
        analyze(&request(
            units(),
            &[],
            vec![],
            None,
            json!({"window_months": "x"})
        ))
        .is_err()
    );
    assert!(
        analyze(&request(
            units(),
            &[],
            vec![],
            None,
            json!({"items": {"acquisition": ["nope"]}})
        ))
        .is_err()
    );
}

#[test]
fn dutch_findings_and_trend() {
    let rs = (0..5)
        .map(|i| {
            resp(
                &format!("r{i}"),
                "org",
                "2025-11-20",
                answers(6, 6, 3, 3, &[]),
            )
        })
        .collect();
    let mut req = request(
        vec![unit("org", None)],
        &[],
        rs,
        Some(OrgForm::Matrix),
        json!({}),
    );
    req.language = Language::Nl;
    let out = analyze(&req).unwrap();
    assert!(
        out.findings
            .iter()
            .any(|f| f.text.contains("efficiëntie 0,50")),
        "{:?}",
        out.findings
    );
    assert!(
        out.findings
            .iter()
            .any(|f| f.text.contains("matrix vorm") && f.text.contains("een goed"))
    );
    let trend: Vec<_> = out
        .series
        .iter()
        .filter(|s| s.key == "acap_trend")
        .collect();
    assert_eq!(trend.len(), 2);
    let ys: Vec<_> = trend[0].points.iter().map(|p| p.y).collect();
    // 2025-04 .. 2025-10 have no responses (null), 2025-11 .. 2026-03 PACAP 6.
    assert_eq!(ys[..7], [None; 7]);
    assert_eq!(ys[7..], [Some(6.0); 5]);
    assert_eq!(trend[0].points[0].x, "2025-04");
}

/// A unit of a form expected to absorb less that measures more is reported as contrary to the
/// expectation; a sub-unit inheriting the same form is not repeated.
#[test]
fn form_expectation_contradicted() {
    let mut units = vec![
        unit("org", None),
        unit("d", Some("org")),
        unit("d1", Some("d")),
        unit("e", Some("org")),
    ];
    units[1].org_form = Some(OrgForm::Divisional);
    let mut rs = Vec::new();
    for i in 0..5 {
        rs.push(resp(
            &format!("d{i}"),
            "d",
            "2026-02-01",
            answers(6, 6, 6, 6, &[]),
        ));
        rs.push(resp(
            &format!("d1{i}"),
            "d1",
            "2026-02-01",
            answers(6, 6, 5, 5, &[]),
        ));
        rs.push(resp(
            &format!("e{i}"),
            "e",
            "2026-02-01",
            answers(3, 3, 3, 3, &[]),
        ));
    }
    let out = analyze(&request(units, &[], rs, Some(OrgForm::Matrix), json!({}))).unwrap();
    let d = out
        .findings
        .iter()
        .find(|f| f.unit.as_deref() == Some("d"))
        .expect("finding for d");
    assert!(
        d.text.contains("divisional") && d.text.contains("less") && d.text.contains("contrary to"),
        "{}",
        d.text
    );
    assert_eq!(d.severity, werkt_plugin::Severity::Warning);
    // Form findings: the organisation's and d's only (not d1, which inherits d's form, nor e).
    let form: Vec<_> = out
        .findings
        .iter()
        .filter(|f| f.text.contains(" form"))
        .collect();
    assert_eq!(
        form.iter().map(|f| f.unit.as_deref()).collect::<Vec<_>>(),
        [Some("org"), Some("d")]
    );
}
