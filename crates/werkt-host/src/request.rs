//! Cutting a request down to what a plugin's manifest declares: the tables it names, and of
//! those only the declared columns (docs/plugin-abi.md, "What a plugin receives").
//!
//! What "columns" means per table:
//! - **Required columns are always sent** when the table is: they are what makes a row a row
//!   (ids, dates, `fte`, `percentage`, the absence `reason`, an intervention's costs). A plugin
//!   cannot interpret the others without them.
//! - **Optional columns are sent only when declared** by their data-format name: `org_form`
//!   (units), `daily_cost` (employees), `horizon_years` and `performance_benefit_per_year`
//!   (interventions). Undeclared, they arrive empty, as if the file had left them out.
//! - **Survey item columns are sent only when declared**, by name (`uwes_3`) or by a prefix
//!   pattern ending in `*` (`cc_sys_*`; `*` alone is every item), **or named in the plugin's
//!   own configuration section**: a survey analysis maps its scales to columns in its settings
//!   (`items = {vigour = ["q1", ...]}`), which a static manifest cannot know, so any text value
//!   anywhere in the section that is an item column's name counts as declared. The operator
//!   writes that section, so this adds nothing a plugin can choose. `respondent_id`, `unit_id`
//!   and `date` are always sent.
//!
//! Names compare without regard to case. The organisation itself (id, name, form, sector) is
//! always sent.

use werkt_model::{AnalysisRequest, Dataset, Survey, SurveyResponse};
use werkt_plugin::{Manifest, Table};

/// The request as this plugin sees it: only the tables its manifest names and, of those, only
/// the declared columns (see the module documentation); its own config.
pub fn request_for(
    manifest: &Manifest,
    config: &serde_json::Value,
    request: &AnalysisRequest,
) -> AnalysisRequest {
    let declared = |t: Table| -> Option<Vec<&str>> {
        let needs: Vec<_> = manifest.inputs.iter().filter(|n| n.table == t).collect();
        (!needs.is_empty()).then(|| {
            needs
                .iter()
                .flat_map(|n| n.columns.iter().map(String::as_str))
                .collect()
        })
    };
    let has = |cols: &[&str], name: &str| cols.iter().any(|c| c.eq_ignore_ascii_case(name));
    let d = &request.data;
    let units = match declared(Table::Units) {
        None => Vec::new(),
        Some(cols) => {
            let org_form = has(&cols, "org_form");
            d.units
                .iter()
                .map(|u| werkt_model::Unit {
                    org_form: u.org_form.filter(|_| org_form),
                    ..u.clone()
                })
                .collect()
        }
    };
    let employees = match declared(Table::Employees) {
        None => Vec::new(),
        Some(cols) => {
            let daily_cost = has(&cols, "daily_cost");
            d.employees
                .iter()
                .map(|e| werkt_model::Employment {
                    daily_cost: e.daily_cost.filter(|_| daily_cost),
                    ..e.clone()
                })
                .collect()
        }
    };
    let absence = match declared(Table::Absence) {
        None => Vec::new(),
        // Every absence column is required (an empty `reason` would turn pregnancy leave
        // into sick leave), so the table goes whole.
        Some(_) => d.absence.clone(),
    };
    let survey = match (declared(Table::Survey), &d.survey) {
        (Some(cols), Some(s)) => Some(survey_for(s, &cols, config)),
        _ => None,
    };
    let interventions = match declared(Table::Interventions) {
        None => Vec::new(),
        Some(cols) => {
            let horizon = has(&cols, "horizon_years");
            let benefit = has(&cols, "performance_benefit_per_year");
            d.interventions
                .iter()
                .map(|i| werkt_model::Intervention {
                    horizon_years: i.horizon_years.filter(|_| horizon),
                    performance_benefit_per_year: i
                        .performance_benefit_per_year
                        .filter(|_| benefit),
                    ..i.clone()
                })
                .collect()
        }
    };
    AnalysisRequest {
        period: request.period,
        language: request.language,
        privacy: request.privacy,
        config: config.clone(),
        data: Dataset {
            organisation: d.organisation.clone(),
            units,
            employees,
            absence,
            survey,
            interventions,
        },
    }
}

/// The survey with only the item columns declared or named in the configuration.
fn survey_for(survey: &Survey, declared: &[&str], config: &serde_json::Value) -> Survey {
    let mut named = Vec::new();
    texts(config, &mut named);
    let wanted = |item: &str| {
        declared.iter().any(|c| match c.strip_suffix('*') {
            Some(prefix) => item
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix)),
            None => c.eq_ignore_ascii_case(item),
        }) || named.iter().any(|n| n.eq_ignore_ascii_case(item))
    };
    let keep: Vec<usize> = (0..survey.items.len())
        .filter(|&i| wanted(&survey.items[i]))
        .collect();
    Survey {
        items: keep.iter().map(|&i| survey.items[i].clone()).collect(),
        responses: survey
            .responses
            .iter()
            .map(|r| SurveyResponse {
                respondent: r.respondent.clone(),
                unit: r.unit.clone(),
                date: r.date,
                answers: keep
                    .iter()
                    .map(|&i| r.answers.get(i).copied().flatten())
                    .collect(),
            })
            .collect(),
    }
}

/// Every text value in a JSON value, at any depth.
fn texts<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(a) => a.iter().for_each(|v| texts(v, out)),
        serde_json::Value::Object(m) => m.values().for_each(|v| texts(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use werkt_model::{Employment, Intervention, OrgForm, Period, Privacy, Unit};
    use werkt_plugin::TableNeed;

    fn date(s: &str) -> werkt_model::Date {
        s.parse().unwrap()
    }

    fn request() -> AnalysisRequest {
        let items = [
            "uwes_1",
            "uwes_2",
            "q7",
            "acap_acq_1",
            "cc_sys_1",
            "cc_soc_2",
        ];
        let answers: Vec<Option<i32>> = (1..=items.len() as i32).map(Some).collect();
        let mut data = Dataset {
            units: vec![Unit {
                id: "org".into(),
                name: "Org".into(),
                parent: None,
                org_form: Some(OrgForm::Matrix),
            }],
            employees: vec![Employment {
                employee: "e1".into(),
                unit: "org".into(),
                fte: 1.0,
                start: date("2020-01-01"),
                end: None,
                daily_cost: Some(321.0),
            }],
            survey: Some(Survey {
                items: items.map(String::from).to_vec(),
                responses: vec![SurveyResponse {
                    respondent: "r1".into(),
                    unit: "org".into(),
                    date: date("2026-09-01"),
                    answers,
                }],
            }),
            interventions: vec![Intervention {
                id: "iv".into(),
                unit: "org".into(),
                name: "Iv".into(),
                start: date("2026-01-01"),
                investment: 1.0,
                annual_cost: 2.0,
                horizon_years: Some(5),
                performance_benefit_per_year: Some(7.0),
            }],
            ..Default::default()
        };
        data.organisation.org_form = Some(OrgForm::Functional);
        AnalysisRequest {
            period: Period::new(2026, 10).unwrap(),
            language: Default::default(),
            privacy: Privacy::default(),
            config: json!(null),
            data,
        }
    }

    fn manifest(inputs: Vec<(Table, &[&str])>) -> Manifest {
        Manifest {
            name: "p".into(),
            version: "1".into(),
            description: String::new(),
            inputs: inputs
                .into_iter()
                .map(|(table, cols)| TableNeed {
                    table,
                    columns: cols.iter().map(|c| c.to_string()).collect(),
                    required: true,
                })
                .collect(),
            config: vec![],
            metrics: vec![],
        }
    }

    fn items(r: &AnalysisRequest) -> (Vec<&str>, Vec<Option<i32>>) {
        let s = r.data.survey.as_ref().unwrap();
        (
            s.items.iter().map(String::as_str).collect(),
            s.responses[0].answers.clone(),
        )
    }

    #[test]
    fn survey_items_are_those_declared_by_name_or_prefix() {
        let m = manifest(vec![(
            Table::Survey,
            &["uwes_1", "uwes_2", "uwes_3", "cc_sys_*"],
        )]);
        let r = request_for(&m, &json!({}), &request());
        // The answers move with their items: uwes_1 = 1, uwes_2 = 2, cc_sys_1 = 5.
        assert_eq!(
            items(&r),
            (
                vec!["uwes_1", "uwes_2", "cc_sys_1"],
                vec![Some(1), Some(2), Some(5)]
            )
        );
        let s = r.data.survey.as_ref().unwrap();
        assert_eq!(s.responses[0].respondent, "r1");
        assert_eq!(s.responses[0].unit, "org");
    }

    #[test]
    fn survey_items_named_in_the_plugins_configuration_are_sent_too() {
        // An engagement analysis mapped to the export's own column q7 (case aside).
        let m = manifest(vec![(Table::Survey, &["uwes_1"])]);
        let config = json!({"instrument": "uwes-3", "items": {"vigour": ["Q7"], "x": [{"deep": "acap_acq_1"}]}});
        let r = request_for(&m, &config, &request());
        assert_eq!(
            items(&r),
            (
                vec!["uwes_1", "q7", "acap_acq_1"],
                vec![Some(1), Some(3), Some(4)]
            )
        );
        // Not declared and not named: nothing, though the table is sent.
        let m = manifest(vec![(Table::Survey, &[])]);
        assert_eq!(
            items(&request_for(&m, &json!({}), &request())),
            (vec![], vec![])
        );
        // `*` alone asks for every item.
        let m = manifest(vec![(Table::Survey, &["*"])]);
        assert_eq!(items(&request_for(&m, &json!({}), &request())).0.len(), 6);
    }

    #[test]
    fn optional_columns_arrive_only_when_declared() {
        let none = manifest(vec![
            (Table::Units, &[]),
            (Table::Employees, &["employee_id"]),
            (Table::Interventions, &[]),
        ]);
        let r = request_for(&none, &json!({}), &request());
        assert_eq!(r.data.units[0].org_form, None);
        assert_eq!(r.data.employees[0].daily_cost, None);
        assert_eq!(r.data.employees[0].fte, 1.0, "required columns always go");
        assert_eq!(r.data.interventions[0].horizon_years, None);
        assert_eq!(r.data.interventions[0].performance_benefit_per_year, None);
        assert_eq!(r.data.interventions[0].investment, 1.0);
        assert_eq!(r.data.organisation.org_form, Some(OrgForm::Functional));
        assert!(r.data.survey.is_none(), "an undeclared table is not sent");

        let all = manifest(vec![
            (Table::Units, &["ORG_FORM"]),
            (Table::Employees, &["daily_cost"]),
            (
                Table::Interventions,
                &["horizon_years", "performance_benefit_per_year"],
            ),
        ]);
        let r = request_for(&all, &json!({}), &request());
        assert_eq!(r.data.units[0].org_form, Some(OrgForm::Matrix));
        assert_eq!(r.data.employees[0].daily_cost, Some(321.0));
        assert_eq!(r.data.interventions[0].horizon_years, Some(5));
        assert_eq!(
            r.data.interventions[0].performance_benefit_per_year,
            Some(7.0)
        );
    }
}
