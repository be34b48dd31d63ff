//! The plugin end to end through its trait: metrics with suppression, findings in both
//! languages, series, configuration errors.

use serde_json::json;
use werkt_plugin::model::{
    Absence, AbsenceReason, Date, Employment, Intervention, Organisation, Unit,
};
use werkt_plugin::{AnalysisOutput, AnalysisRequest, Dataset, Language, Plugin, Privacy};
use werkt_sick_leave_roi::SickLeaveRoi;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn unit(id: &str, name: &str, parent: Option<&str>) -> Unit {
    Unit {
        id: id.into(),
        name: name.into(),
        parent: parent.map(Into::into),
        org_form: None,
    }
}

fn job(e: &str, u: &str) -> Employment {
    Employment {
        employee: e.into(),
        unit: u.into(),
        fte: 1.0,
        start: d("2023-01-01"),
        end: None,
        daily_cost: None,
    }
}

fn sick(e: &str, s: &str, end: &str) -> Absence {
    Absence {
        employee: e.into(),
        start: d(s),
        end: Some(d(end)),
        percentage: 100,
        reason: AbsenceReason::Sick,
    }
}

/// Production (10 people), Office (6), Lab (2: below the minimum, so Office, the smallest
/// sibling, is hidden too). Production: much sick leave in 2024, rising March-June 2025.
fn data() -> Dataset {
    let mut employees = Vec::new();
    for i in 0..10 {
        employees.push(job(&format!("p{i}"), "prod"));
    }
    for i in 0..6 {
        employees.push(job(&format!("o{i}"), "office"));
    }
    for i in 0..2 {
        employees.push(job(&format!("l{i}"), "lab"));
    }
    let mut absence = vec![
        sick("p0", "2024-02-01", "2024-03-31"),
        sick("p1", "2024-05-01", "2024-06-15"),
        sick("p2", "2024-09-01", "2024-10-31"),
        sick("p3", "2025-03-03", "2025-03-04"),
        sick("p3", "2025-04-07", "2025-04-10"),
        sick("p3", "2025-05-05", "2025-05-10"),
        sick("p3", "2025-06-02", "2025-06-09"),
        sick("l0", "2025-06-01", "2025-06-30"),
        sick("o1", "2025-01-10", "2025-06-30"),
    ];
    absence.push(Absence {
        reason: AbsenceReason::Pregnancy,
        ..sick("o2", "2025-05-01", "2025-07-31")
    });
    let iv = |id: &str, start: &str, perf: f64| Intervention {
        id: id.into(),
        unit: "prod".into(),
        name: format!("Workplace innovation {id}"),
        start: d(start),
        investment: 20_000.0,
        annual_cost: 2_000.0,
        horizon_years: None,
        performance_benefit_per_year: Some(perf),
    };
    Dataset {
        organisation: Organisation {
            id: "acme".into(),
            name: "Acme".into(),
            org_form: None,
            sector: Some("Industry".into()),
        },
        units: vec![
            unit("org", "Acme", None),
            unit("prod", "Production", Some("org")),
            unit("office", "Office", Some("org")),
            unit("lab", "Lab", Some("org")),
        ],
        employees,
        absence,
        survey: None,
        interventions: vec![
            iv("iv1", "2025-01-01", 30_000.0),
            iv("iv2", "2025-05-20", 0.0),
        ],
    }
}

fn request(config: serde_json::Value, language: Language) -> AnalysisRequest {
    AnalysisRequest {
        period: "2025-06".parse().unwrap(),
        language,
        privacy: Privacy::default(),
        config,
        data: data(),
    }
}

fn run(config: serde_json::Value, language: Language) -> AnalysisOutput {
    SickLeaveRoi::new()
        .analyze(&request(config, language))
        .unwrap()
}

fn metric(out: &AnalysisOutput, unit: &str, subject: Option<&str>, key: &str) -> Option<f64> {
    out.metrics
        .iter()
        .find(|m| m.unit == unit && m.subject.as_deref() == subject && m.metric == key)
        .unwrap_or_else(|| panic!("no metric {unit} {subject:?} {key}"))
        .value
}

#[test]
fn emits_every_unit_metric_and_suppresses_small_units() {
    let out = run(json!({}), Language::En);
    let keys = [
        "absence_rate_pct",
        "absence_rate_12m_pct",
        "frequency",
        "frequency_12m",
        "mean_duration_days",
        "spells_ended",
        "open_spells",
        "duration_class_1_pct",
        "duration_class_2_pct",
        "duration_class_3_pct",
        "duration_class_4_pct",
        "zero_absence_pct",
        "headcount_avg",
        "fte_avg",
        "sick_working_days",
        "absence_cost",
        "absence_rate_pregnancy_pct",
    ];
    for u in ["org", "prod", "office", "lab"] {
        let got: Vec<&str> = out
            .metrics
            .iter()
            .filter(|m| m.unit == u && m.subject.is_none())
            .map(|m| m.metric.as_str())
            .collect();
        assert_eq!(got, keys, "{u}");
    }
    for u in ["office", "lab"] {
        assert!(
            out.metrics
                .iter()
                .filter(|m| m.unit == u)
                .all(|m| m.suppressed && m.value.is_none() && m.n.is_none()),
            "{u}"
        );
    }
    // Production in June 2025: p3 sick 8 of 30 days among 10 full-timers.
    let rate = metric(&out, "prod", None, "absence_rate_pct").unwrap();
    assert!((rate - 100.0 * 8.0 / 300.0).abs() < 1e-12, "{rate}");
    let org_preg = metric(&out, "org", None, "absence_rate_pregnancy_pct").unwrap();
    assert!((org_preg - 100.0 * 30.0 / (18.0 * 30.0)).abs() < 1e-12);
    // Nobody has a spell open at the end of June: a count about no people is not shown.
    assert_eq!(metric(&out, "org", None, "open_spells"), None);
}

#[test]
fn evaluates_interventions_and_reports_insufficient_follow_up() {
    let out = run(json!({}), Language::En);
    let payback = metric(&out, "prod", Some("iv1"), "payback_years").unwrap();
    let net = metric(&out, "prod", Some("iv1"), "net_benefit_per_year").unwrap();
    assert!((payback - 20_000.0 / net).abs() < 1e-9);
    assert_eq!(
        metric(&out, "prod", Some("iv1"), "followup_months"),
        Some(6.0)
    );
    assert_eq!(
        metric(&out, "prod", Some("iv1"), "performance_exceeds_absence"),
        Some(1.0)
    );
    assert!(
        out.metrics
            .iter()
            .all(|m| m.subject.as_deref() != Some("iv2")),
        "no ROI rows for iv2"
    );
    let texts: Vec<&str> = out.findings.iter().map(|f| f.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("iv2")
                && t.contains("insufficient follow-up (2 of at least 3 months)")),
        "{texts:#?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("iv1") && t.contains("pays back in") && t.contains("14 of the 18")),
        "{texts:#?}"
    );
    let curve = out
        .series
        .iter()
        .find(|s| s.key == "intervention_iv1_cumulative")
        .unwrap();
    let ys: Vec<f64> = curve.points.iter().map(|p| p.y.unwrap()).collect();
    assert_eq!(ys.len(), 4);
    assert_eq!(ys[0], -20_000.0);
    assert!(ys[3] > 0.0, "pays back within the horizon: {ys:?}");
}

#[test]
fn findings_cover_benchmark_and_rising_and_never_name_hidden_units() {
    for lang in [Language::En, Language::Nl] {
        let out = run(json!({}), lang);
        for f in &out.findings {
            assert!(
                !f.text.contains("Lab") && !f.text.contains("Office"),
                "{}",
                f.text
            );
            assert!(!matches!(f.unit.as_deref(), Some("lab" | "office")));
        }
        let texts: Vec<&str> = out.findings.iter().map(|f| f.text.as_str()).collect();
        let (rose, bench) = match lang {
            Language::En => ("rose three months in a row", "CBS benchmark of 5.9%"),
            Language::Nl => ("steeg drie maanden op rij", "CBS-referentie van 5,9%"),
        };
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Production") && t.contains(rose)),
            "{texts:#?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Acme") && t.contains(bench)),
            "{texts:#?}"
        );
    }
}

#[test]
fn series_have_24_months_and_hide_suppressed_points() {
    let out = run(json!({}), Language::En);
    let monthly: Vec<_> = out
        .series
        .iter()
        .filter(|s| s.key == "absence_rate_monthly")
        .collect();
    assert_eq!(monthly.len(), 4);
    assert!(monthly.iter().all(|s| s.points.len() == 24
        && s.points[23].x == "2025-06"
        && s.points[0].x == "2023-07"));
    let lab = monthly
        .iter()
        .find(|s| s.unit.as_deref() == Some("lab"))
        .unwrap();
    assert!(lab.points.iter().all(|p| p.y.is_none()));
    assert_eq!(
        out.series
            .iter()
            .filter(|s| s.key == "absence_rate_rolling")
            .count(),
        4
    );
    let classes: Vec<_> = out
        .series
        .iter()
        .filter(|s| s.key == "duration_classes")
        .collect();
    assert_eq!(
        classes.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["1-14 days", "15-91 days", "92-365 days", "366+ days"]
    );
    assert!(serde_json::to_string(&out).is_ok());
}

#[test]
fn control_group_and_custom_classes_are_configurable() {
    let out = run(
        json!({"control": "rest_of_organisation", "duration_classes": [7, 30], "cost_per_sick_day": 300}),
        Language::En,
    );
    assert!(
        out.metrics
            .iter()
            .any(|m| m.metric == "duration_class_3_pct")
    );
    assert!(
        !out.metrics
            .iter()
            .any(|m| m.metric == "duration_class_4_pct")
    );
    assert!(
        out.findings
            .iter()
            .any(|f| f.text.contains("rest of the organisation"))
    );
}

#[test]
fn bad_configuration_is_a_clear_error() {
    let p = SickLeaveRoi::new();
    for (config, needle) in [
        (json!({"cost_per_sick_dag": 250}), "cost_per_sick_dag"),
        (json!({"control": "placebo"}), "placebo"),
        (json!({"duration_classes": [91, 14]}), "duration_classes"),
        (
            json!({"benchmarks": "/nonexistent/bench.toml"}),
            "/nonexistent/bench.toml",
        ),
    ] {
        let e = p.analyze(&request(config, Language::En)).unwrap_err();
        assert!(e.0.contains(needle), "{e}");
    }
}

#[test]
fn a_benchmarks_file_can_replace_the_shipped_one() {
    let dir = std::env::temp_dir().join(format!("werkt-sick-leave-roi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bench.toml");
    std::fs::write(&path, "dataset = 'Own survey'\n[sectors]\nindustry = ['industry']\n[[rate]]\nsector = 'industry'\nperiod = '2024'\nrate_pct = 0.5\n").unwrap();
    let out = run(json!({"benchmarks": path.to_str().unwrap()}), Language::En);
    assert!(
        out.findings
            .iter()
            .any(|f| f.text.contains("benchmark of 0.5%") && f.text.contains("Own survey"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn manifest_names_the_plugin_and_its_keys() {
    let m = SickLeaveRoi::new().manifest();
    assert_eq!(m.name, "sick_leave_roi");
    let keys: Vec<&str> = m.config.iter().map(|k| k.key.as_str()).collect();
    for k in [
        "cost_per_sick_day",
        "duration_classes",
        "discount_rate",
        "default_horizon_years",
        "min_followup_months",
        "control",
        "benchmarks",
    ] {
        assert!(keys.contains(&k), "{k}");
    }
    assert!(
        m.metrics
            .iter()
            .any(|d| d.key == "performance_exceeds_absence")
    );
}

#[test]
fn short_spells_and_long_term_cases_are_found() {
    let cfg = json!({"high_frequency": 0.1, "short_duration_days": 30, "long_term_days": 20});
    let mut req = request(cfg.clone(), Language::En);
    // One person on long-term leave, and short spells for two people only: both are figures
    // about fewer than five people and say nothing (leak 8 of issue 12).
    req.data.absence.push(Absence {
        end: None,
        ..sick("p4", "2025-05-01", "2025-05-01")
    });
    let out = SickLeaveRoi::new().analyze(&req).unwrap();
    let texts: Vec<&str> = out.findings.iter().map(|f| f.text.as_str()).collect();
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("open for more than") || t.contains("many short spells")),
        "{texts:#?}"
    );
    // Five on long-term leave and short spells of five people are shown.
    let mut req = request(cfg, Language::En);
    for p in ["p4", "p5", "p6", "p7", "p8"] {
        req.data.absence.push(Absence {
            end: None,
            ..sick(p, "2025-05-01", "2025-05-01")
        });
    }
    // Short spells ended in the year: Production's people p2, p3, p5-p7, and in the rest of
    // the organisation o1, o3-o5 and l0, so that the rest is not one or two people that
    // Acme minus Production would give.
    for p in ["p5", "p6", "p7", "o3", "o4", "o5"] {
        req.data.absence.push(sick(p, "2024-11-04", "2024-11-05"));
    }
    let out = SickLeaveRoi::new().analyze(&req).unwrap();
    let texts: Vec<&str> = out.findings.iter().map(|f| f.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Production: many short spells")),
        "{texts:#?}"
    );
    assert!(
        texts.iter().any(|t| t.starts_with(
            "Production: 5 sick-leave case(s) open for more than 20 days on 2025-06-30"
        )),
        "{texts:#?}"
    );
    // With the defaults neither threshold is reached.
    let out = run(json!({}), Language::En);
    assert!(
        !out.findings
            .iter()
            .any(|f| f.text.contains("many short spells") || f.text.contains("open for more than"))
    );
}

#[test]
fn an_intervention_in_a_hidden_unit_shows_no_figures() {
    let mut req = request(json!({}), Language::Nl);
    req.data.interventions[0].unit = "lab".into();
    let out = SickLeaveRoi::new().analyze(&req).unwrap();
    let rows: Vec<_> = out
        .metrics
        .iter()
        .filter(|m| m.subject.as_deref() == Some("iv1"))
        .collect();
    assert_eq!(rows.len(), 10);
    assert!(rows.iter().all(|m| m.suppressed && m.value.is_none()));
    assert!(
        !out.series
            .iter()
            .any(|s| s.key == "intervention_iv1_cumulative")
    );
    let f = out
        .findings
        .iter()
        .find(|f| f.unit.as_deref() == Some("lab"))
        .unwrap();
    assert!(
        f.text.contains("worden niet getoond") && !f.text.contains('%'),
        "{}",
        f.text
    );
}
