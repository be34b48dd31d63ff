use std::path::PathBuf;

use werkt_model::{Language, MetricsFile, Organisation, Period, Unit};

/// Everything one report is made from. Built by the caller (werkt-cli) per organisation, period,
/// language and, for burst reports, per unit.
#[derive(Debug, Clone)]
pub struct ReportContext<'a> {
    pub metrics: &'a MetricsFile,
    pub language: Language,
    /// `privacy.min_group_size`, printed on the methods page.
    pub min_group_size: u64,
    /// Name, sector and organisational form for the cover and the ACAP section.
    pub organisation: Organisation,
    /// The units with names and parents; the report lists them in tree order (parents first,
    /// children by id) with indented names. When empty, units are listed as they appear in
    /// metrics.json, unindented, with their ids as names.
    pub units: &'a [Unit],
    /// Last period's metrics.json, for the change shown on KPI tiles.
    pub previous: Option<&'a MetricsFile>,
    /// Earlier periods' figures from the history store; used for changes when `previous` is
    /// absent.
    pub history: Option<&'a [TrendPoint]>,
    /// Burst reports: the unit whose view this report is (it and its descendants).
    pub unit_filter: Option<String>,
    /// Path of the logo for the cover, passed through to the renderer.
    pub logo: Option<PathBuf>,
    /// Display names of subjects (intervention id -> intervention name).
    pub subject_names: std::collections::BTreeMap<String, String>,
}

impl<'a> ReportContext<'a> {
    /// A context with the defaults: the organisation from metrics.json, minimum group size 5,
    /// no previous period, no units (see [`ReportContext::units`]).
    pub fn new(metrics: &'a MetricsFile, language: Language) -> ReportContext<'a> {
        ReportContext {
            metrics,
            language,
            min_group_size: werkt_model::Privacy::default().min_group_size,
            organisation: Organisation {
                id: metrics.organisation.id.clone(),
                name: metrics.organisation.name.clone(),
                org_form: None,
                sector: None,
            },
            units: &[],
            previous: None,
            history: None,
            unit_filter: None,
            logo: None,
            subject_names: Default::default(),
        }
    }
}

/// One earlier figure from the history store.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrendPoint {
    pub period: Period,
    pub plugin: String,
    pub unit: String,
    #[serde(default)]
    pub subject: Option<String>,
    pub metric: String,
    pub value: Option<f64>,
    #[serde(default)]
    pub suppressed: bool,
}
