use std::collections::HashMap;
use std::ops::RangeInclusive;

use werkt_model::{Survey, SurveyResponse, UnitIx, UnitTree};

use crate::SurveyError;

/// Looks the configured column names up in the survey's item columns.
/// `context` names the configuration entry in messages, e.g. "engagement subscale vigour".
pub fn resolve_columns(
    items: &[String],
    names: &[String],
    context: &str,
) -> Result<Vec<usize>, SurveyError> {
    let index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    names
        .iter()
        .map(|n| {
            index.get(n.as_str()).copied().ok_or_else(|| {
                SurveyError::new(format!(
                    "{context}: column '{n}' is not in the survey (its item columns are: {}); \
                     map your export's column names in the plugin's `items` setting",
                    preview(items)
                ))
            })
        })
        .collect()
}

fn preview(items: &[String]) -> String {
    const MAX: usize = 30;
    let mut s = items
        .iter()
        .take(MAX)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > MAX {
        s.push_str(&format!(", ... ({} in all)", items.len()));
    }
    if s.is_empty() { "none".into() } else { s }
}

/// Checks every response: one answer per item column, and the answers in `columns` within
/// `range`. Ingest rejects such rows already; this keeps an analysis from scoring data it was
/// not meant to see (an error, never a clamp). `instrument` names the scale in the message.
pub fn check_answers(
    survey: &Survey,
    columns: &[usize],
    range: RangeInclusive<i32>,
    instrument: &str,
) -> Result<(), SurveyError> {
    let k = survey.items.len();
    for (row, r) in survey.responses.iter().enumerate() {
        if r.answers.len() != k {
            return Err(SurveyError::new(format!(
                "survey response {} (respondent '{}', {}) has {} answers for {} item columns; \
                 the survey table is malformed",
                row + 1,
                r.respondent,
                r.date,
                r.answers.len(),
                k
            )));
        }
        for &c in columns {
            if let Some(a) = r.answers[c]
                && !range.contains(&a)
            {
                return Err(SurveyError::new(format!(
                    "survey response {} (respondent '{}', {}), column '{}': answer {a} is outside \
                     {}..{} of the {instrument} scale; correct the survey data",
                    row + 1,
                    r.respondent,
                    r.date,
                    survey.items[c],
                    range.start(),
                    range.end()
                )));
            }
        }
    }
    Ok(())
}

/// The unit of every response row (a respondent belongs to the unit on their response row).
pub fn response_units(
    tree: &UnitTree,
    responses: &[SurveyResponse],
) -> Result<Vec<UnitIx>, SurveyError> {
    responses
        .iter()
        .enumerate()
        .map(|(row, r)| {
            tree.index_of(&r.unit).ok_or_else(|| {
                SurveyError::new(format!(
                    "survey response {} (respondent '{}', {}) names unit '{}', which is not in units.csv",
                    row + 1,
                    r.respondent,
                    r.date,
                    r.unit
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use werkt_model::Date;

    fn survey(answers: Vec<Vec<Option<i32>>>) -> Survey {
        Survey {
            items: vec!["a".into(), "b".into()],
            responses: answers
                .into_iter()
                .map(|a| SurveyResponse {
                    respondent: "r1".into(),
                    unit: "u".into(),
                    date: "2026-01-05".parse::<Date>().unwrap(),
                    answers: a,
                })
                .collect(),
        }
    }

    #[test]
    fn unknown_columns_are_named() {
        let items = vec!["a".to_string(), "b".to_string()];
        assert_eq!(
            resolve_columns(&items, &["b".into(), "a".into()], "x").unwrap(),
            vec![1, 0]
        );
        let e = resolve_columns(&items, &["c".into()], "engagement subscale vigour").unwrap_err();
        assert!(
            e.0.contains("'c'") && e.0.contains("vigour") && e.0.contains("a, b"),
            "{e}"
        );
    }

    #[test]
    fn out_of_range_answers_are_errors() {
        let ok = survey(vec![vec![Some(0), Some(6)], vec![None, Some(3)]]);
        assert!(check_answers(&ok, &[0, 1], 0..=6, "UWES").is_ok());
        let bad = survey(vec![vec![Some(0), Some(6)], vec![Some(7), None]]);
        let e = check_answers(&bad, &[0, 1], 0..=6, "UWES").unwrap_err();
        assert!(
            e.0.contains("response 2") && e.0.contains("'a'") && e.0.contains("answer 7"),
            "{e}"
        );
        // Columns the analysis does not use are not its business.
        assert!(check_answers(&bad, &[1], 0..=6, "UWES").is_ok());
        let short = survey(vec![vec![Some(1)]]);
        assert!(check_answers(&short, &[0], 0..=6, "UWES").is_err());
    }
}
