//! The host's second check of the privacy rule on every plugin response (domain.md section 0:
//! "plugins cannot opt out").
//!
//! A plugin is expected to suppress its own figures with `werkt_model::suppress`; this check
//! does not trust it to. What the host can verify without the plugin's populations it enforces
//! here, before anything reaches metrics.json, the history or a report:
//! - a metric flagged `suppressed` loses its value (and its `n` when that is below the minimum);
//! - a metric whose `n` is below the minimum is hidden the same way;
//! - a finding, series, metric subject or warning that names a person of the request (an
//!   employee or respondent id) is dropped;
//! - a failed analysis' message that names a person is replaced (the message goes into
//!   metrics.json and the report); the original goes to the operator's terminal only.

use std::collections::HashSet;

use werkt_model::{AnalysisOutput, AnalysisRequest};

use crate::PluginFailure;

/// What the check changed, for the operator's log (it names no person).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enforced {
    /// Metrics whose value the host removed (flagged suppressed, or `n` below the minimum).
    pub hidden_metrics: usize,
    /// Findings, series, metrics and warnings dropped because they named a person.
    pub dropped_naming_a_person: usize,
}

impl Enforced {
    pub fn is_empty(&self) -> bool {
        *self == Enforced::default()
    }
}

/// Applies the privacy rule again to `output`, a response to `request`.
pub fn enforce(output: &mut AnalysisOutput, request: &AnalysisRequest) -> Enforced {
    let privacy = request.privacy;
    let mut done = Enforced::default();
    for m in &mut output.metrics {
        let small = m.n.is_some_and(|n| !privacy.allows(n));
        if small || (m.suppressed && m.value.is_some()) {
            done.hidden_metrics += 1;
        }
        if small || m.suppressed {
            m.suppressed = true;
            m.value = None;
            m.as_of = None;
            if small {
                m.n = None;
            }
        }
    }
    let people = People::of(request);
    if people.is_empty() {
        return done;
    }
    let before =
        output.findings.len() + output.series.len() + output.metrics.len() + output.warnings.len();
    output.findings.retain(|f| !people.named_in(&f.text));
    output.series.retain(|s| {
        !people.named_in(&s.name)
            && !people.named_in(&s.key)
            && !s.points.iter().any(|p| people.named_in(&p.x))
    });
    output
        .metrics
        .retain(|m| !m.subject.as_deref().is_some_and(|s| people.named_in(s)));
    output.warnings.retain(|w| !people.named_in(w));
    done.dropped_naming_a_person = before
        - (output.findings.len()
            + output.series.len()
            + output.metrics.len()
            + output.warnings.len());
    done
}

/// A failure whose message names a person of `request` gets a message without it; the
/// original is logged for the operator.
pub fn redact_failure(mut failure: PluginFailure, request: &AnalysisRequest) -> PluginFailure {
    if People::of(request).named_in(&failure.message) {
        tracing::warn!(
            plugin = failure.plugin.as_str(),
            "analysis failed: {} (this message names a person, so the report only says that it failed)",
            failure.message
        );
        failure.message =
            "failed; its message named a person of the data, so it is only in the run's log on the operator's terminal".into();
    }
    failure
}

/// The ids of the people in a request, as they could appear in a sentence.
struct People<'a> {
    ids: HashSet<&'a str>,
}

impl<'a> People<'a> {
    /// Employee and respondent ids. Short purely numeric ids ("7", "112") are left out: they
    /// cannot be told from the figures in a sentence, and checking them would drop every
    /// finding that mentions such a number.
    fn of(request: &'a AnalysisRequest) -> People<'a> {
        let d = &request.data;
        let ids = d
            .employees
            .iter()
            .map(|e| e.employee.as_str())
            .chain(d.absence.iter().map(|a| a.employee.as_str()))
            .chain(
                d.survey
                    .iter()
                    .flat_map(|s| s.responses.iter().map(|r| r.respondent.as_str())),
            )
            .filter(|id| !id.is_empty())
            .filter(|id| id.len() >= 4 || !id.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        People { ids }
    }

    fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether `text` holds one of the ids as a word: a maximal run of letters, digits and
    /// `-_./`, or that run without its trailing punctuation.
    fn named_in(&self, text: &str) -> bool {
        let id_char = |c: char| c.is_alphanumeric() || "-_./".contains(c);
        text.split(|c: char| !id_char(c))
            .filter(|w| !w.is_empty())
            .any(|w| {
                self.ids.contains(w)
                    || self
                        .ids
                        .contains(w.trim_end_matches(|c: char| !c.is_alphanumeric()))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use werkt_model::{
        Dataset, Employment, Finding, Metric, Period, Point, Privacy, Series, SeriesKind, Severity,
    };

    fn request() -> AnalysisRequest {
        let job = |id: &str| Employment {
            employee: id.into(),
            unit: "org".into(),
            fte: 1.0,
            start: "2024-01-01".parse().unwrap(),
            end: None,
            daily_cost: None,
        };
        AnalysisRequest {
            period: "2026-10".parse::<Period>().unwrap(),
            language: Default::default(),
            privacy: Privacy::default(),
            config: serde_json::Value::Null,
            data: Dataset {
                employees: vec![job("E0001"), job("7")],
                ..Default::default()
            },
        }
    }

    fn metric(n: Option<u64>, value: f64, suppressed: bool) -> Metric {
        Metric {
            unit: "org".into(),
            subject: None,
            metric: "x".into(),
            value: Some(value),
            n,
            suppressed,
            as_of: None,
        }
    }

    #[test]
    fn small_and_suppressed_metrics_lose_their_values() {
        let mut out = AnalysisOutput {
            metrics: vec![
                metric(Some(1), 42.4, false),
                metric(Some(12), 42.4, true),
                metric(Some(12), 3.0, false),
                metric(None, 3.0, false),
            ],
            ..Default::default()
        };
        let done = enforce(&mut out, &request());
        let got: Vec<_> = out
            .metrics
            .iter()
            .map(|m| (m.value, m.n, m.suppressed))
            .collect();
        assert_eq!(
            got,
            [
                (None, None, true),
                (None, Some(12), true),
                (Some(3.0), Some(12), false),
                (Some(3.0), None, false)
            ]
        );
        assert_eq!(done.hidden_metrics, 2);
    }

    #[test]
    fn a_failure_naming_a_person_is_redacted() {
        let f = PluginFailure::new(
            "x",
            crate::FailureKind::Analysis,
            "failed: employee E0001 has no unit",
        );
        let f = redact_failure(f, &request());
        assert!(!f.message.contains("E0001"), "{}", f.message);
        let g = PluginFailure::new("x", crate::FailureKind::Analysis, "failed: 3 rows");
        assert_eq!(redact_failure(g.clone(), &request()), g);
    }

    #[test]
    fn output_naming_a_person_is_dropped() {
        let finding = |text: &str| Finding {
            unit: None,
            severity: Severity::Info,
            text: text.into(),
        };
        let mut out = AnalysisOutput {
            findings: vec![
                finding("Employee E0001 was sick for 40 days."),
                finding("(E0001)"),
                finding("7 employees were sick; E00012 is not a person here."),
            ],
            series: vec![Series {
                key: "k".into(),
                name: "s".into(),
                kind: SeriesKind::Bar,
                unit: None,
                points: vec![Point {
                    x: "E0001".into(),
                    y: Some(1.0),
                }],
            }],
            warnings: vec!["row of E0001 ignored".into(), "3 rows ignored".into()],
            ..Default::default()
        };
        let done = enforce(&mut out, &request());
        let texts: Vec<_> = out.findings.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(
            texts,
            ["7 employees were sick; E00012 is not a person here."]
        );
        assert!(out.series.is_empty());
        assert_eq!(out.warnings, ["3 rows ignored"]);
        assert_eq!(done.dropped_naming_a_person, 4);
    }
}
