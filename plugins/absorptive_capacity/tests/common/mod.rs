//! Small hand-made requests for the absorptive-capacity tests.
#![allow(dead_code)]

use serde_json::Value;
use werkt_plugin::model::{Dataset, Metric, OrgForm, Organisation, Survey, SurveyResponse, Unit};
use werkt_plugin::{AnalysisOutput, AnalysisRequest, Language, Privacy};

pub fn unit(id: &str, parent: Option<&str>) -> Unit {
    Unit {
        id: id.into(),
        name: format!("Unit {}", id.to_uppercase()),
        parent: parent.map(Into::into),
        org_form: None,
    }
}

/// Flatten et al. columns, then the given capability columns.
pub fn items(caps: &[&str]) -> Vec<String> {
    let mut v = Vec::new();
    for (code, k) in [("acq", 3), ("asm", 4), ("trf", 4), ("exp", 3)] {
        v.extend((1..=k).map(|j| format!("acap_{code}_{j}")));
    }
    v.extend(caps.iter().map(|s| s.to_string()));
    v
}

/// Every item of a dimension answered with that dimension's value; capabilities as given.
pub fn answers(acq: i32, asm: i32, trf: i32, exp: i32, caps: &[Option<i32>]) -> Vec<Option<i32>> {
    let mut v = Vec::new();
    for (x, k) in [(acq, 3), (asm, 4), (trf, 4), (exp, 3)] {
        v.extend(std::iter::repeat_n(Some(x), k));
    }
    v.extend_from_slice(caps);
    v
}

pub fn resp(who: &str, unit: &str, date: &str, answers: Vec<Option<i32>>) -> SurveyResponse {
    SurveyResponse {
        respondent: who.into(),
        unit: unit.into(),
        date: date.parse().unwrap(),
        answers,
    }
}

pub fn request(
    units: Vec<Unit>,
    caps: &[&str],
    responses: Vec<SurveyResponse>,
    form: Option<OrgForm>,
    config: Value,
) -> AnalysisRequest {
    AnalysisRequest {
        period: "2026-03".parse().unwrap(),
        language: Language::En,
        privacy: Privacy::default(),
        config,
        data: Dataset {
            organisation: Organisation {
                id: "acme".into(),
                name: "Acme".into(),
                org_form: form,
                sector: None,
            },
            units,
            survey: Some(Survey {
                items: items(caps),
                responses,
            }),
            ..Default::default()
        },
    }
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
