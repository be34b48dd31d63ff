//! A well-behaved test plugin: counts employment rows per unit, and reports which tables and
//! which configuration it received so the host's filtering can be checked.

use werkt_plugin::{
    AnalysisOutput, AnalysisRequest, ConfigKey, Manifest, Metric, MetricDoc, Plugin, PluginError,
    Table, TableNeed,
};

struct Counter;

#[derive(Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default)]
    label: Option<String>,
}

impl Plugin for Counter {
    fn new() -> Self {
        Counter
    }

    fn manifest(&self) -> Manifest {
        Manifest {
            name: "test_counter".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            description: "Counts employment rows per unit (test plugin).".into(),
            inputs: vec![
                TableNeed {
                    table: Table::Units,
                    columns: vec![],
                    required: true,
                },
                TableNeed {
                    table: Table::Employees,
                    columns: vec!["unit".into()],
                    required: true,
                },
            ],
            config: vec![ConfigKey {
                key: "label".into(),
                default: werkt_plugin::serde_json::Value::Null,
                description: "Echoed back as a warning".into(),
            }],
            metrics: vec![MetricDoc {
                key: "rows".into(),
                description: "Employment rows in the unit".into(),
            }],
        }
    }

    fn analyze(&self, request: &AnalysisRequest) -> Result<AnalysisOutput, PluginError> {
        let config: Config = werkt_plugin::read_config(request)?;
        let d = &request.data;
        let metrics = d
            .units
            .iter()
            .map(|u| Metric {
                unit: u.id.clone(),
                subject: None,
                metric: "rows".into(),
                value: Some(d.employees.iter().filter(|e| e.unit == u.id).count() as f64),
                n: None,
                suppressed: false,
                as_of: None,
            })
            .collect();
        let mut warnings = vec![format!(
            "tables: units={} employees={} absence={} survey={} interventions={}",
            d.units.len(),
            d.employees.len(),
            d.absence.len(),
            d.survey.is_some(),
            d.interventions.len()
        )];
        if let Some(label) = config.label {
            warnings.push(format!("label: {label}"));
        }
        Ok(AnalysisOutput {
            metrics,
            warnings,
            ..Default::default()
        })
    }
}

werkt_plugin::export_plugin!(Counter);
