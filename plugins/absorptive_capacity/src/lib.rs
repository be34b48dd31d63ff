//! werkt analysis plugin: absorptive capacity (ACAP), exactly as shared/domain.md section 2
//! defines it.
//!
//! Per unit (each including its descendants): the four dimensions of Flatten et al. (2011),
//! potential (acquisition + assimilation) and realised (transformation + exploitation) ACAP,
//! efficiency = realised / potential, alpha per dimension and, when surveyed, the combinative
//! capabilities. Findings relate the figures to the organisational form (Van den Bosch et al.
//! 1999) and to the capabilities that raise each part (Jansen et al. 2005). The survey rules
//! live in `werkt-survey`, shared with the engagement plugin.

mod analysis;
mod config;
mod figures;
mod findings;

use serde_json::json;
use werkt_plugin::{
    AnalysisOutput, AnalysisRequest, ConfigKey, Manifest, MetricDoc, Plugin, PluginError, Table,
    TableNeed,
};

pub use analysis::analyze;
pub use config::AcapConfig;

/// The absorptive-capacity analysis as a werkt plugin.
pub struct AbsorptiveCapacity;

impl Plugin for AbsorptiveCapacity {
    fn new() -> Self {
        AbsorptiveCapacity
    }

    fn manifest(&self) -> Manifest {
        let metric = |key: &str, description: &str| MetricDoc {
            key: key.into(),
            description: description.into(),
        };
        let mut metrics = Vec::new();
        for d in config::DIMENSIONS {
            metrics.push(metric(
                d,
                "mean dimension score (1-7) over respondents with all four dimension scores",
            ));
        }
        metrics.push(metric(
            "potential",
            "mean potential ACAP (acquisition, assimilation)",
        ));
        metrics.push(metric(
            "realised",
            "mean realised ACAP (transformation, exploitation)",
        ));
        metrics.push(metric(
            "efficiency",
            "unit realised / unit potential ACAP (a ratio of means)",
        ));
        for d in config::DIMENSIONS {
            metrics.push(MetricDoc {
                key: format!("alpha_{d}"),
                description: format!("Cronbach's alpha of the {d} items"),
            });
        }
        metrics.push(metric(
            "respondents",
            "respondents with all four dimension scores in the window (latest response each)",
        ));
        for (c, _) in config::CAPABILITIES {
            metrics.push(MetricDoc {
                key: c.into(),
                description: format!(
                    "mean {c} capability score (1-7), when its items were surveyed"
                ),
            });
        }
        let mut columns: Vec<String> = Vec::new();
        for (code, k) in [("acq", 3), ("asm", 4), ("trf", 4), ("exp", 3)] {
            columns.extend((1..=k).map(|j| format!("acap_{code}_{j}")));
        }
        columns.extend(["cc_sys_*", "cc_coord_*", "cc_soc_*"].map(String::from));
        Manifest {
            name: "absorptive_capacity".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            description: "Absorptive capacity (potential, realised, efficiency) per unit, with organisational form and combinative capabilities".into(),
            inputs: vec![
                // org_form: the host sends optional columns only when they are declared.
                TableNeed { table: Table::Units, columns: vec!["org_form".into()], required: true },
                TableNeed { table: Table::Survey, columns, required: true },
            ],
            config: vec![
                ConfigKey { key: "window_months".into(), default: json!(12), description: "responses dated in the months ending with the period count (latest per respondent)".into() },
                ConfigKey {
                    key: "items".into(),
                    default: json!({
                        "acquisition": ["acap_acq_1", "acap_acq_2", "acap_acq_3"],
                        "assimilation": ["acap_asm_1", "acap_asm_2", "acap_asm_3", "acap_asm_4"],
                        "transformation": ["acap_trf_1", "acap_trf_2", "acap_trf_3", "acap_trf_4"],
                        "exploitation": ["acap_exp_1", "acap_exp_2", "acap_exp_3"]
                    }),
                    description: "dimension (or systems / coordination / socialisation) -> column names; capabilities default to the survey's cc_sys_*, cc_coord_*, cc_soc_* columns".into(),
                },
                ConfigKey { key: "efficiency_alert_below".into(), default: json!(config::DEFAULT_EFFICIENCY_ALERT), description: "efficiency below which the report says realised ACAP lags potential".into() },
            ],
            metrics,
        }
    }

    fn analyze(&self, request: &AnalysisRequest) -> Result<AnalysisOutput, PluginError> {
        analysis::analyze(request)
    }
}

werkt_plugin::export_plugin!(AbsorptiveCapacity);
