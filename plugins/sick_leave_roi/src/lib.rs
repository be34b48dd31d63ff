//! `sick_leave_roi`: the sick-leave section of the werkt report and the return of the
//! interventions made to reduce sick leave (domain.md sections 3 and 4; issue 5).
//!
//! The figures are computed by `werkt-absence`; this crate reads the configuration and the
//! CBS benchmarks, applies the privacy rule to what it emits, and words the findings in the
//! report's language. See docs/analyses/sick-leave.md for every definition and reading.

mod benchmarks;
mod config;
mod findings;
mod metrics;
mod series;
mod text;

use serde_json::json;
use werkt_absence::analyse;
use werkt_plugin::{
    AnalysisOutput, AnalysisRequest, ConfigKey, Manifest, MetricDoc, Plugin, PluginError, Table,
    TableNeed, UnitTree,
};

pub use benchmarks::{Benchmarks, Reference};
pub use config::Config;

/// The plugin. Stateless: every call works from its request alone.
pub struct SickLeaveRoi;

fn metric_docs() -> Vec<MetricDoc> {
    let d = |k: &str, t: &str| MetricDoc {
        key: k.into(),
        description: t.into(),
    };
    let mut v = vec![
        d(
            "absence_rate_pct",
            "Sick-leave rate in the period: fte-weighted sick days (times incapacity) / fte-weighted employed days, %.",
        ),
        d(
            "absence_rate_12m_pct",
            "The same over the 12 months ending with the period, %.",
        ),
        d(
            "frequency",
            "New spells (first day in the period) per average headcount, annualised (* 365 / days).",
        ),
        d(
            "frequency_12m",
            "The same over the 12 months ending with the period.",
        ),
        d(
            "mean_duration_days",
            "Mean calendar-day duration of the spells whose last day is in the period (days before it included).",
        ),
        d("spells_ended", "Spells whose last day is in the period."),
        d("open_spells", "Spells going on at the end of the period."),
    ];
    for (k, label) in ["1-14 days", "15-91 days", "92-365 days", "366+ days"]
        .iter()
        .enumerate()
    {
        v.push(d(
            &format!("duration_class_{}_pct", k + 1),
            &format!("Share of the spells ended in the period in duration class {} (default bounds: {label}), %.", k + 1),
        ));
    }
    v.extend([
        d("zero_absence_pct", "Of those employed in the unit every day of the 12 months ending with the period, the share without a sick day, %."),
        d("headcount_avg", "Average number of employees per day in the period."),
        d("fte_avg", "Average fte per day in the period."),
        d("sick_working_days", "Fte-weighted sick calendar days (times incapacity) * 5/7."),
        d("absence_cost", "Sick working days * cost per sick working day (employee's daily_cost or cost_per_sick_day), EUR."),
        d("absence_rate_pregnancy_pct", "Pregnancy and maternity leave rate, same formula, never part of the sick-leave rate, %."),
        d("baseline_rate_pct", "Intervention: the unit's rate over the 12 months before the start month, %."),
        d("followup_rate_pct", "Intervention: the unit's rate from the start month to the period (latest 12 months at most), %."),
        d("followup_months", "Intervention: months of follow-up used."),
        d("absence_saving_per_year", "Intervention: avoided sick calendar days a year * 5/7 * cost_per_sick_day, EUR."),
        d("performance_benefit_per_year", "Intervention: estimated performance benefit a year (input), EUR."),
        d("net_benefit_per_year", "Intervention: absence saving + performance benefit - annual cost, EUR."),
        d("payback_years", "Intervention: investment / net benefit a year; null when it never pays back."),
        d("roi", "Intervention: (H*benefit - investment - H*annual cost) / (investment + H*annual cost) over the horizon H."),
        d("npv", "Intervention: -investment + net benefit discounted over years 1..H, EUR."),
        d("performance_exceeds_absence", "Intervention: 1 when the performance benefit exceeds the absence saving, else 0."),
    ]);
    v
}

impl Plugin for SickLeaveRoi {
    fn new() -> Self {
        SickLeaveRoi
    }

    fn manifest(&self) -> Manifest {
        let key = |k: &str, default: serde_json::Value, t: &str| ConfigKey {
            key: k.into(),
            default,
            description: t.into(),
        };
        Manifest {
            name: "sick_leave_roi".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            description: "Sick leave per unit (Dutch uniform standard, as CBS and Vernet compute it) and the return of interventions (cost-benefit after Koningsveld, TNO).".into(),
            inputs: vec![
                TableNeed { table: Table::Units, columns: vec![], required: true },
                TableNeed {
                    table: Table::Employees,
                    columns: ["employee_id", "unit_id", "fte", "start_date", "end_date", "daily_cost"].map(String::from).to_vec(),
                    required: true,
                },
                TableNeed {
                    table: Table::Absence,
                    columns: ["employee_id", "start_date", "end_date", "percentage", "reason"].map(String::from).to_vec(),
                    required: true,
                },
                TableNeed {
                    table: Table::Interventions,
                    // The host sends optional columns only when they are declared.
                    columns: ["intervention_id", "unit_id", "name", "start_date", "investment", "annual_cost", "horizon_years", "performance_benefit_per_year"]
                        .map(String::from)
                        .to_vec(),
                    required: false,
                },
            ],
            config: vec![
                key("cost_per_sick_day", json!(250.0), "EUR per full-time sick working day; an employee's daily_cost overrides it."),
                key("duration_classes", json!([14, 91, 365]), "Upper bounds (days) of the duration classes; the rest is the last class."),
                key("discount_rate", json!(0.04), "Discount rate for the NPV of interventions."),
                key("default_horizon_years", json!(3), "Horizon of an intervention that does not give its own."),
                key("min_followup_months", json!(3), "Fewer months of follow-up: no return computed."),
                key("control", json!("none"), "\"none\" or \"rest_of_organisation\" (difference in differences)."),
                key("benchmarks", json!(null), "Path of a benchmarks file; default: the shipped CBS figures."),
                key("long_term_days", json!(91), "Open spells longer than this are reported as long-term cases."),
                key("high_frequency", json!(1.5), "Finding 'many short spells': 12-month frequency at least this ..."),
                key("short_duration_days", json!(7.0), "... and mean duration of the spells ended in those 12 months at most this."),
            ],
            metrics: metric_docs(),
        }
    }

    fn analyze(&self, request: &AnalysisRequest) -> Result<AnalysisOutput, PluginError> {
        let config = Config::from_request(request)?;
        let benchmarks = config.benchmarks()?;
        let data = &request.data;
        let tree =
            UnitTree::new(&data.units).map_err(|e| PluginError::new(format!("units: {e}")))?;
        let cfg = config.absence();
        let a = analyse(data, &tree, request.period, request.privacy, &cfg)
            .map_err(|e| PluginError::new(e.to_string()))?;
        let names: Vec<String> = (0..tree.len())
            .map(|u| {
                // UnitTree indexes units in input order; the id check guards that.
                data.units
                    .get(u)
                    .filter(|x| x.id == tree.id(u))
                    .map_or_else(|| tree.id(u).to_string(), |x| x.name.clone())
            })
            .collect();
        let mut metrics = metrics::unit_metrics(&a, &tree);
        metrics.extend(metrics::intervention_metrics(&a));
        let ctx = findings::Context {
            analysis: &a,
            tree: &tree,
            names: &names,
            config: &config,
            reference: benchmarks.reference(data.organisation.sector.as_deref(), request.period),
            privacy: request.privacy,
            lang: request.language,
        };
        let mut warnings = a.warnings.clone();
        for iv in &a.interventions {
            if iv.unit.is_none() {
                warnings.push(format!(
                    "intervention '{}' names unit '{}', which is not in units.csv; it is not evaluated",
                    iv.id, iv.unit_id
                ));
            }
        }
        Ok(AnalysisOutput {
            metrics,
            findings: findings::findings(&ctx),
            series: series::series(&a, &tree, &names, &cfg.duration_bounds, request.language),
            warnings,
        })
    }
}

werkt_plugin::export_plugin!(SickLeaveRoi);
