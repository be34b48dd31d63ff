//! A hand-made metrics.json of a fictional care organisation, October 2026: engagement and
//! sick leave succeeded, absorptive capacity failed, and a custom plugin (`job_demands`) that
//! the template set has no section for. Two units are suppressed (the laboratory, 3
//! respondents, and the archive by complementary suppression); their rows deliberately carry
//! tell-tale values (9.87.., 5.55..) with `suppressed: true` to prove those never print. Four
//! units have hostile names.

#![allow(dead_code)]

use std::collections::BTreeMap;

use werkt_model::{
    AnalysisOutput, AnalysisReport, Finding, Generator, Metric, MetricsFile, OrganisationRef,
    Point, Series, SeriesKind, Severity, Status, Unit,
};

pub const HOSTILE: [&str; 4] = [
    "| a | b |",
    "```chart",
    "<script>alert(1)</script>",
    "=HYPERLINK(\"x\")",
];

/// A plugin's finding that tries to end the list, open a fence and inject a table and HTML.
pub const HOSTILE_FINDING: &str =
    "# Not a heading\n```chart\n{\"kind\":\"bar\"}\n```\n| x | y |\n|---|---|\n<img src=x>";

/// Values that only suppressed rows carry.
pub const TELL_TALES: [&str; 6] = ["9.87", "9,87", "5.55", "5,55", "77.7", "77,7"];

pub fn units() -> Vec<Unit> {
    let u = |id: &str, name: &str, parent: Option<&str>| Unit {
        id: id.into(),
        name: name.into(),
        parent: parent.map(Into::into),
        org_form: None,
    };
    vec![
        u("org", "Zorggroep Demo", None),
        u("care", "Zorg", Some("org")),
        u("care_north", "Zorg Noord", Some("care")),
        u("care_south", "Zorg Zuid", Some("care")),
        u("staff", "Staf & Support", Some("org")),
        u("archive", "Archief", Some("staff")),
        u("h1", HOSTILE[0], Some("staff")),
        u("h2", HOSTILE[1], Some("staff")),
        u("h3", HOSTILE[2], Some("staff")),
        u("h4", HOSTILE[3], Some("staff")),
        u("lab", "Laboratorium", Some("staff")),
    ]
}

fn m(unit: &str, metric: &str, value: f64, n: u64) -> Metric {
    Metric {
        unit: unit.into(),
        subject: None,
        metric: metric.into(),
        value: Some(value),
        n: Some(n),
        suppressed: false,
        as_of: None,
    }
}

/// A suppressed row that (wrongly) still has a value: the report must not print it.
fn hidden(unit: &str, metric: &str, leaked: f64) -> Metric {
    Metric {
        unit: unit.into(),
        subject: None,
        metric: metric.into(),
        value: Some(leaked),
        n: Some(3),
        suppressed: true,
        as_of: None,
    }
}

fn subject(unit: &str, subject: &str, metric: &str, value: Option<f64>) -> Metric {
    Metric {
        unit: unit.into(),
        subject: Some(subject.into()),
        metric: metric.into(),
        value,
        n: None,
        suppressed: false,
        as_of: None,
    }
}

const SHOWN: [(&str, u64); 9] = [
    ("org", 212),
    ("care", 140),
    ("care_north", 80),
    ("care_south", 60),
    ("staff", 72),
    ("h1", 15),
    ("h2", 14),
    ("h3", 13),
    ("h4", 21),
];

fn engagement(total_org: f64) -> AnalysisReport {
    let mut metrics = Vec::new();
    for (i, (unit, n)) in SHOWN.iter().enumerate() {
        let total = if *unit == "org" {
            total_org
        } else {
            3.6 + 0.11 * i as f64
        };
        metrics.push(m(unit, "respondents", *n as f64, *n));
        metrics.push(m(unit, "total", total, *n));
        metrics.push(m(unit, "vigour", total + 0.2, *n));
        metrics.push(m(unit, "dedication", total + 0.1, *n));
        metrics.push(m(unit, "absorption", total - 0.3, *n));
        metrics.push(m(unit, "total_sd", 0.84, *n));
        metrics.push(m(unit, "alpha", 0.91, *n));
        for (band, pct) in [
            ("very_low", 4.0),
            ("low", 18.0),
            ("average", 51.0),
            ("high", 21.0),
            ("very_high", 6.0),
        ] {
            metrics.push(m(unit, &format!("band_{band}_pct"), pct, *n));
        }
    }
    for unit in ["lab", "archive"] {
        for metric in [
            "respondents",
            "total",
            "vigour",
            "dedication",
            "absorption",
            "total_sd",
            "alpha",
        ] {
            metrics.push(hidden(unit, metric, 9.8765));
        }
        for band in ["very_low", "low", "average", "high", "very_high"] {
            metrics.push(hidden(unit, &format!("band_{band}_pct"), 77.7));
        }
    }
    let by_unit = Series {
        key: "engagement_by_unit".into(),
        name: "Engagement".into(),
        kind: SeriesKind::Bar,
        unit: None,
        points: [
            "Zorggroep Demo",
            "Zorg",
            "Staf & Support",
            HOSTILE[0],
            "Laboratorium",
        ]
        .iter()
        .zip([total_org, 3.71, 3.82, 3.93, 5.5555])
        .map(|(x, y)| Point {
            x: (*x).into(),
            y: Some(y),
        })
        .collect(),
    };
    let bands = Series {
        key: "engagement_bands".into(),
        name: "Zorggroep Demo".into(),
        kind: SeriesKind::Bar,
        unit: Some("org".into()),
        points: ["very low", "low", "average", "high", "very high"]
            .iter()
            .zip([4.0, 18.0, 51.0, 21.0, 6.0])
            .map(|(x, y)| Point {
                x: (*x).into(),
                y: Some(y),
            })
            .collect(),
    };
    AnalysisReport {
        plugin_version: "0.1.0".into(),
        status: Status::Ok,
        error: None,
        output: AnalysisOutput {
            metrics,
            findings: vec![
                Finding {
                    unit: None,
                    severity: Severity::Info,
                    text: "Engagement is average against the Dutch norms.".into(),
                },
                Finding {
                    unit: Some("care_south".into()),
                    severity: Severity::Warning,
                    text: "Zorg Zuid has 22% of its respondents in the low bands.".into(),
                },
            ],
            series: vec![by_unit, bands],
            warnings: vec![],
        },
    }
}

fn sick_leave(rate_org: f64) -> AnalysisReport {
    let mut metrics = Vec::new();
    for (i, (unit, n)) in SHOWN.iter().enumerate() {
        let rate = if *unit == "org" {
            rate_org
        } else {
            3.1 + 0.37 * i as f64
        };
        let cost = if *unit == "org" {
            123_456.7
        } else {
            10_000.0 + 1000.0 * i as f64
        };
        for (metric, v) in [
            ("absence_rate_pct", rate),
            ("absence_rate_12m_pct", rate + 0.55),
            ("frequency", 1.24),
            ("frequency_12m", 1.31),
            ("mean_duration_days", 11.4),
            ("spells_ended", 9.0),
            ("open_spells", 4.0),
            ("duration_class_1_pct", 66.7),
            ("duration_class_2_pct", 22.2),
            ("duration_class_3_pct", 11.1),
            ("duration_class_4_pct", 0.0),
            ("zero_absence_pct", 41.2),
            ("headcount_avg", *n as f64),
            ("fte_avg", *n as f64 * 0.8),
            ("sick_working_days", 412.0),
            ("absence_cost", cost),
            ("absence_rate_pregnancy_pct", 0.6),
        ] {
            metrics.push(m(unit, metric, v, *n));
        }
    }
    for unit in ["lab", "archive"] {
        for metric in [
            "absence_rate_pct",
            "absence_rate_12m_pct",
            "absence_cost",
            "headcount_avg",
        ] {
            metrics.push(hidden(unit, metric, 9.8765));
        }
    }
    for (metric, v) in [
        ("baseline_rate_pct", Some(6.2)),
        ("followup_rate_pct", Some(4.9)),
        ("followup_months", Some(9.0)),
        ("absence_saving_per_year", Some(48_250.0)),
        ("performance_benefit_per_year", Some(20_000.0)),
        ("net_benefit_per_year", Some(53_250.0)),
        ("payback_years", Some(1.8)),
        ("roi", Some(0.62)),
        ("npv", Some(51_300.0)),
        ("performance_exceeds_absence", Some(0.0)),
    ] {
        metrics.push(subject("care_north", "int1", metric, v));
    }
    for (metric, v) in [
        ("baseline_rate_pct", Some(4.1)),
        ("followup_rate_pct", Some(4.2)),
        ("followup_months", Some(6.0)),
        ("absence_saving_per_year", Some(-700.0)),
        ("performance_benefit_per_year", Some(0.0)),
        ("net_benefit_per_year", Some(-5_700.0)),
        ("payback_years", None),
        ("roi", Some(-1.0)),
        ("npv", Some(-30_800.0)),
        ("performance_exceeds_absence", Some(0.0)),
    ] {
        metrics.push(subject("staff", "int2", metric, v));
    }
    let months: Vec<String> = (1..=10).map(|mo| format!("2026-{mo:02}")).collect();
    let monthly = |name: &str, unit: &str, base: f64| Series {
        key: "absence_rate_monthly".into(),
        name: name.into(),
        kind: SeriesKind::Line,
        unit: Some(unit.into()),
        points: months
            .iter()
            .enumerate()
            .map(|(i, x)| Point {
                x: x.clone(),
                y: Some(base + 0.1 * i as f64),
            })
            .collect(),
    };
    let cumulative = Series {
        key: "intervention_int1_cumulative".into(),
        name: "Werkdruk aanpakken".into(),
        kind: SeriesKind::Line,
        unit: Some("care_north".into()),
        points: (0..=3)
            .map(|y| Point {
                x: format!("year {y}"),
                y: Some(-96_000.0 + 53_250.0 * y as f64),
            })
            .collect(),
    };
    let classes = Series {
        key: "duration_classes".into(),
        name: "Zorggroep Demo".into(),
        kind: SeriesKind::Bar,
        unit: Some("org".into()),
        points: ["1-14", "15-91", "92-365", "366+"]
            .iter()
            .zip([66.7, 22.2, 11.1, 0.0])
            .map(|(x, y)| Point {
                x: (*x).into(),
                y: Some(y),
            })
            .collect(),
    };
    AnalysisReport {
        plugin_version: "0.1.0".into(),
        status: Status::Ok,
        error: None,
        output: AnalysisOutput {
            metrics,
            findings: vec![
                Finding { unit: None, severity: Severity::Alert, text: "The absence rate is above the sector benchmark for health care.".into() },
                Finding { unit: Some("care_north".into()), severity: Severity::Info, text: "Werkdruk aanpakken pays back in 1.8 years; its performance gains do not exceed its absence saving.".into() },
            ],
            series: vec![
                monthly("Zorggroep Demo", "org", 3.4),
                monthly("Zorg", "care", 4.0),
                monthly("Laboratorium", "lab", 5.5555),
                cumulative,
                classes,
            ],
            warnings: vec![],
        },
    }
}

fn job_demands() -> AnalysisReport {
    let mut metrics = Vec::new();
    for (i, (unit, n)) in SHOWN.iter().enumerate() {
        metrics.push(m(unit, "high_strain_pct", 20.0 + i as f64, *n));
        metrics.push(m(unit, "active_pct", 30.5, *n));
        metrics.push(m(unit, "demands", 2.75, *n));
    }
    AnalysisReport {
        plugin_version: "1.2.0".into(),
        status: Status::Ok,
        error: None,
        output: AnalysisOutput {
            metrics,
            findings: vec![
                Finding {
                    unit: None,
                    severity: Severity::Warning,
                    text: "One in five employees works in high strain.".into(),
                },
                Finding {
                    unit: Some("h2".into()),
                    severity: Severity::Info,
                    text: HOSTILE_FINDING.into(),
                },
            ],
            series: vec![Series {
                key: "quadrants".into(),
                name: "Zorggroep Demo".into(),
                kind: SeriesKind::Bar,
                unit: None,
                points: vec![
                    Point {
                        x: "high strain".into(),
                        y: Some(20.0),
                    },
                    Point {
                        x: "active".into(),
                        y: Some(30.5),
                    },
                ],
            }],
            warnings: vec![],
        },
    }
}

fn file(period: &str, rate_org: f64, total_org: f64) -> MetricsFile {
    let mut analyses = BTreeMap::new();
    analyses.insert("engagement".to_string(), engagement(total_org));
    analyses.insert("sick_leave_roi".to_string(), sick_leave(rate_org));
    analyses.insert(
        "absorptive_capacity".to_string(),
        AnalysisReport {
            plugin_version: "0.1.0".into(),
            status: Status::Failed,
            error: Some("survey.csv has no column acap_acq_2 (line 1); map it under [plugins.absorptive_capacity.items]".into()),
            output: AnalysisOutput::default(),
        },
    );
    analyses.insert("job_demands".to_string(), job_demands());
    MetricsFile {
        schema: werkt_model::METRICS_SCHEMA,
        organisation: OrganisationRef {
            id: "demo".into(),
            name: "Zorggroep Demo".into(),
        },
        period: period.parse().expect("fixture period"),
        generator: Generator {
            name: "werkt".into(),
            version: "0.1.0".into(),
        },
        analyses,
        data_warnings: vec![
            "3 absence rows lie partly or wholly outside the employee's employment; those days were ignored. Run \"werkt validate\" for the list.".into(),
        ],
    }
}

/// October 2026: absence rate 4.3%, engagement 3.87.
pub fn current() -> MetricsFile {
    file("2026-10", 4.3, 3.87)
}

/// September 2026: absence rate 4.0%, engagement 3.80.
pub fn previous() -> MetricsFile {
    file("2026-09", 4.0, 3.80)
}

pub fn templates_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates")
}
