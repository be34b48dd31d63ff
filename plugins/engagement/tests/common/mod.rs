//! Small hand-made requests for the engagement tests.
#![allow(dead_code)]

use serde_json::{Value, json};
use werkt_plugin::model::{Dataset, Metric, Organisation, Survey, SurveyResponse, Unit};
use werkt_plugin::{AnalysisOutput, AnalysisRequest, Language, Privacy};

pub fn unit(id: &str, parent: Option<&str>) -> Unit {
    Unit {
        id: id.into(),
        name: format!("Unit {}", id.to_uppercase()),
        parent: parent.map(Into::into),
        org_form: None,
    }
}

pub fn resp(who: &str, unit: &str, date: &str, answers: &[Option<i32>]) -> SurveyResponse {
    SurveyResponse {
        respondent: who.into(),
        unit: unit.into(),
        date: date.parse().unwrap(),
        answers: answers.to_vec(),
    }
}

/// All k items answered `x`.
pub fn all(x: i32, k: usize) -> Vec<Option<i32>> {
    vec![Some(x); k]
}

pub fn items(k: usize) -> Vec<String> {
    (1..=k).map(|i| format!("uwes_{i}")).collect()
}

pub fn request(
    units: Vec<Unit>,
    k: usize,
    responses: Vec<SurveyResponse>,
    period: &str,
    config: Value,
) -> AnalysisRequest {
    AnalysisRequest {
        period: period.parse().unwrap(),
        language: Language::En,
        privacy: Privacy::default(),
        config,
        data: Dataset {
            organisation: Organisation {
                id: "acme".into(),
                name: "Acme".into(),
                org_form: None,
                sector: None,
            },
            units,
            survey: Some(Survey {
                items: items(k),
                responses,
            }),
            ..Default::default()
        },
    }
}

pub fn default_config() -> Value {
    json!({})
}

pub fn metric<'a>(out: &'a AnalysisOutput, unit: &str, key: &str) -> &'a Metric {
    out.metrics
        .iter()
        .find(|m| m.unit == unit && m.metric == key)
        .unwrap_or_else(|| panic!("no metric {key} for unit {unit}"))
}

pub fn value(out: &AnalysisOutput, unit: &str, key: &str) -> Option<f64> {
    metric(out, unit, key).value
}

pub fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-12)
}
