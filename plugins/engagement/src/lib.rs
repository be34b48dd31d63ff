//! werkt analysis plugin: work engagement, measured with the Utrecht Work Engagement Scale
//! (Schaufeli & Bakker), exactly as shared/domain.md section 1 defines it.
//!
//! Per unit (each including its descendants): the mean total and subscale scores over the
//! respondents with a total score, the SD of the total, Cronbach's alpha, and the shares per
//! Dutch norm band (UWES manual v1.1, 2004; shipped as data in `norms/`). The survey rules
//! themselves (window, latest response, two-thirds rule, alpha, roll-up, suppression) live in
//! `werkt-survey`, shared with the absorptive-capacity plugin.

mod analysis;
mod config;
mod figures;
mod findings;
mod norms;
mod text;

use serde_json::json;
use werkt_plugin::{
    AnalysisOutput, AnalysisRequest, ConfigKey, Manifest, MetricDoc, Plugin, PluginError, Table,
    TableNeed,
};

pub use analysis::analyze;
pub use config::{EngagementConfig, Instrument};
pub use norms::NormTable;

/// The engagement analysis as a werkt plugin.
pub struct Engagement;

impl Plugin for Engagement {
    fn new() -> Self {
        Engagement
    }

    fn manifest(&self) -> Manifest {
        let metric = |key: &str, description: &str| MetricDoc {
            key: key.into(),
            description: description.into(),
        };
        let mut metrics = vec![
            metric(
                "total",
                "mean UWES total score (0-6) over the respondents with a total score",
            ),
            metric("vigour", "mean vigour score (0-6)"),
            metric("dedication", "mean dedication score (0-6)"),
            metric("absorption", "mean absorption score (0-6)"),
            metric("total_sd", "sample standard deviation of the total score"),
            metric(
                "alpha",
                "Cronbach's alpha of all items, over respondents who answered every item",
            ),
            metric(
                "alpha_vigour",
                "Cronbach's alpha of the vigour items (UWES-17/9 only)",
            ),
            metric(
                "alpha_dedication",
                "Cronbach's alpha of the dedication items (UWES-17/9 only)",
            ),
            metric(
                "alpha_absorption",
                "Cronbach's alpha of the absorption items (UWES-17/9 only)",
            ),
            metric(
                "respondents",
                "respondents with a total score in the window (latest response each)",
            ),
        ];
        for b in werkt_survey::Band::ALL {
            metrics.push(MetricDoc {
                key: format!("band_{}_pct", b.key()),
                description: format!(
                    "percentage of respondents whose total falls in the {} norm band",
                    b.label(werkt_plugin::Language::En)
                ),
            });
        }
        Manifest {
            name: "engagement".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            description: "Work engagement (UWES-17/9/3) per unit with Dutch norm bands, reliability and trend".into(),
            inputs: vec![
                TableNeed { table: Table::Units, columns: vec![], required: true },
                TableNeed {
                    table: Table::Survey,
                    columns: (1..=17).map(|i| format!("uwes_{i}")).collect(),
                    required: true,
                },
            ],
            config: vec![
                ConfigKey { key: "instrument".into(), default: json!("uwes-9"), description: "uwes-17 | uwes-9 | uwes-3".into() },
                ConfigKey { key: "window_months".into(), default: json!(12), description: "responses dated in the months ending with the period count (latest per respondent)".into() },
                ConfigKey {
                    key: "items".into(),
                    default: json!({"vigour": ["uwes_1", "uwes_2", "uwes_5"], "dedication": ["uwes_3", "uwes_4", "uwes_7"], "absorption": ["uwes_6", "uwes_8", "uwes_9"]}),
                    description: "subscale -> column names, in the instrument's item order (defaults per instrument: uwes_1..uwes_k)".into(),
                },
                ConfigKey { key: "norms".into(), default: json!(null), description: "path of a norm table (TOML); default: the shipped UWES manual v1.1 (2004) Dutch norms".into() },
            ],
            metrics,
        }
    }

    fn analyze(&self, request: &AnalysisRequest) -> Result<AnalysisOutput, PluginError> {
        analysis::analyze(request)
    }
}

werkt_plugin::export_plugin!(Engagement);
