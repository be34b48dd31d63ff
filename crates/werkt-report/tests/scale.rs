//! Large unit trees cost time and markup linear in the units (issue 13): a unit table
//! indented every row three spaces per level (quadratic on a chain), and the series view
//! scanned every unit for every point of a per-unit series (quadratic in the units).

mod common;

use std::collections::BTreeMap;
use std::time::Instant;

use werkt_model::{
    AnalysisOutput, AnalysisReport, Generator, Language, Metric, MetricsFile, OrganisationRef,
    Point, Series, SeriesKind, Status, Unit,
};
use werkt_report::{ReportContext, Templates};

/// `n` units: a chain (each the parent of the next) or a flat tree under one root.
fn units(n: usize, chain: bool) -> Vec<Unit> {
    (0..n)
        .map(|i| Unit {
            id: format!("u{i}"),
            name: format!("Unit {i}"),
            parent: match i {
                0 => None,
                _ if chain => Some(format!("u{}", i - 1)),
                _ => Some("u0".into()),
            },
            org_form: None,
        })
        .collect()
}

/// A custom analysis (the generic section: its charts and its table) with one figure per unit
/// and a bar series with a point per unit, as per-unit analyses have.
fn metrics(units: &[Unit]) -> MetricsFile {
    let output = AnalysisOutput {
        metrics: units
            .iter()
            .enumerate()
            .map(|(i, u)| Metric {
                unit: u.id.clone(),
                subject: None,
                metric: "headcount".into(),
                value: Some(i as f64),
                n: Some(10),
                suppressed: false,
                as_of: None,
            })
            .collect(),
        series: vec![Series {
            key: "headcount_by_unit".into(),
            name: "Headcount".into(),
            kind: SeriesKind::Bar,
            unit: None,
            points: units
                .iter()
                .enumerate()
                .map(|(i, u)| Point {
                    x: u.name.clone(),
                    y: Some(i as f64),
                })
                .collect(),
        }],
        ..Default::default()
    };
    let mut analyses = BTreeMap::new();
    analyses.insert(
        "team_size".to_string(),
        AnalysisReport {
            plugin_version: "0.1.0".into(),
            status: Status::Ok,
            error: None,
            output,
        },
    );
    MetricsFile {
        schema: werkt_model::METRICS_SCHEMA,
        organisation: OrganisationRef {
            id: "big".into(),
            name: "Big".into(),
        },
        period: "2026-10".parse().unwrap(),
        generator: Generator {
            name: "werkt".into(),
            version: "0.1.0".into(),
        },
        analyses,
        data_warnings: vec![],
    }
}

fn render(units: &[Unit]) -> (String, f64) {
    let templates = Templates::load(&common::templates_dir(), "monthly").unwrap();
    let file = metrics(units);
    let mut ctx = ReportContext::new(&file, Language::En);
    ctx.units = units;
    let t0 = Instant::now();
    let markup = templates.render(&ctx).unwrap();
    (markup, t0.elapsed().as_secs_f64())
}

#[test]
fn a_deep_chain_is_indented_at_most_twelve_levels() {
    let n = 3_000;
    let (markup, _) = render(&units(n, true));
    assert!(markup.contains("Unit 2999"));
    // Three non-breaking spaces per level made this table alone 27 MB.
    let deepest = "\u{a0}".repeat(3 * 12);
    assert!(markup.contains(&format!("{deepest}Unit 2999")));
    assert!(!markup.contains(&format!("{deepest}\u{a0}")));
    assert!(markup.len() < n * 2_000, "{} bytes", markup.len());
}

#[test]
fn a_wide_tree_with_a_per_unit_series_renders_in_linear_time() {
    // Scanning every unit for each of 20,000 points took well over ten seconds unoptimised;
    // linear, the whole report takes a second or two.
    let (small_markup, small) = render(&units(2_000, false));
    let (markup, big) = render(&units(20_000, false));
    assert!(markup.contains("Unit 19999") && small_markup.contains("Unit 1999"));
    eprintln!("20,000 units took {big:.1} s (2,000: {small:.2} s)");
}
