//! Figures as metrics.json rows: per unit, and per intervention, with suppression applied.

use werkt_absence::{AbsenceAnalysis, InterventionStatus, UnitFigures};
use werkt_plugin::{Metric, UnitTree};

/// The per-unit metric keys in output order (duration classes inserted after `open_spells`).
pub fn unit_keys(classes: usize) -> Vec<String> {
    let mut keys: Vec<String> = [
        "absence_rate_pct",
        "absence_rate_12m_pct",
        "frequency",
        "frequency_12m",
        "mean_duration_days",
        "spells_ended",
        "open_spells",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    keys.extend((1..=classes).map(|k| format!("duration_class_{k}_pct")));
    keys.extend(
        [
            "zero_absence_pct",
            "headcount_avg",
            "fte_avg",
            "sick_working_days",
            "absence_cost",
            "absence_rate_pregnancy_pct",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    keys
}

pub const INTERVENTION_KEYS: [&str; 10] = [
    "baseline_rate_pct",
    "followup_rate_pct",
    "followup_months",
    "absence_saving_per_year",
    "performance_benefit_per_year",
    "net_benefit_per_year",
    "payback_years",
    "roi",
    "npv",
    "performance_exceeds_absence",
];

fn unit_values(f: &UnitFigures) -> Vec<Option<f64>> {
    let mut v = vec![
        f.absence_rate_pct,
        f.absence_rate_12m_pct,
        f.frequency,
        f.frequency_12m,
        f.mean_duration_days,
        Some(f.spells_ended as f64),
        Some(f.open_spells as f64),
    ];
    v.extend(f.duration_class_pct.iter().copied());
    v.extend([
        f.zero_absence_pct,
        Some(f.headcount_avg),
        Some(f.fte_avg),
        Some(f.sick_working_days),
        Some(f.absence_cost),
        f.absence_rate_pregnancy_pct,
    ]);
    v
}

/// Whether a figure of unit `f` under `key` is hidden, and the size of its population: each
/// family of figures has its own population (domain.md section 0), hidden as werkt-absence
/// decided.
fn family(f: &UnitFigures, key: &str) -> (bool, u64) {
    match key {
        "absence_rate_12m_pct" | "frequency_12m" => (f.rolling_suppressed, f.headcount),
        "mean_duration_days" | "spells_ended" => (f.ended.hidden, f.ended.n),
        k if k.starts_with("duration_class_") => (f.ended.hidden, f.ended.n),
        "open_spells" => (f.open.hidden, f.open.n),
        "zero_absence_pct" => (f.zero_absence.hidden, f.zero_absence.n),
        _ => (f.suppressed, f.headcount),
    }
}

/// Every unit's figures, parents before children. A hidden figure is null and flagged, and
/// its `n` is left out.
pub fn unit_metrics(a: &AbsenceAnalysis, tree: &UnitTree) -> Vec<Metric> {
    let mut out = Vec::new();
    for &u in tree.preorder() {
        let f = &a.units[u];
        let keys = unit_keys(f.duration_class_pct.len());
        for (key, value) in keys.into_iter().zip(unit_values(f)) {
            let (hidden, n) = family(f, &key);
            out.push(Metric {
                unit: tree.id(u).to_string(),
                subject: None,
                metric: key,
                value: if hidden {
                    None
                } else {
                    value.filter(|x| x.is_finite())
                },
                n: (!hidden).then_some(n),
                suppressed: hidden,
                as_of: None,
            });
        }
    }
    out
}

/// The ROI rows of each evaluated intervention (none for those that could not be evaluated;
/// the findings say why). Hidden when the unit is hidden in a month of the windows.
pub fn intervention_metrics(a: &AbsenceAnalysis) -> Vec<Metric> {
    let mut out = Vec::new();
    for iv in &a.interventions {
        let InterventionStatus::Evaluated(r) = &iv.status else {
            continue;
        };
        let hidden = iv.suppressed;
        let values = [
            Some(r.baseline_rate_pct),
            Some(r.followup_rate_pct),
            Some(f64::from(r.followup_months)),
            Some(r.absence_saving_per_year),
            Some(r.performance_benefit_per_year),
            Some(r.net_benefit_per_year),
            r.payback_years,
            r.roi,
            Some(r.npv),
            Some(if r.performance_exceeds_absence {
                1.0
            } else {
                0.0
            }),
        ];
        for (key, value) in INTERVENTION_KEYS.iter().zip(values) {
            out.push(Metric {
                unit: iv.unit_id.clone(),
                subject: Some(iv.id.clone()),
                metric: key.to_string(),
                value: if hidden {
                    None
                } else {
                    value.filter(|x| x.is_finite())
                },
                n: None,
                suppressed: hidden,
                as_of: None,
            });
        }
    }
    out
}
