//! The example organisation (examples/zorgcentrum-rivierzicht, written by `cargo xtask
//! gen-data`): its report must show the absence section and the intervention that lowered
//! absence, with its payback (issue 5, "Done when"). The CSVs are read here with the csv crate
//! directly, so this test does not depend on werkt-core's ingest.

use std::path::PathBuf;

use werkt_plugin::model::{
    Absence, AbsenceReason, Date, Employment, Intervention, Organisation, Unit,
};
use werkt_plugin::{AnalysisRequest, Dataset, Language, Plugin, Privacy};
use werkt_sick_leave_roi::SickLeaveRoi;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/zorgcentrum-rivierzicht")
}

fn rows(file: &str) -> Vec<csv::StringRecord> {
    let path = dir().join(file);
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records().map(|x| x.unwrap()).collect()
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

fn load() -> Dataset {
    let org = std::fs::read_to_string(dir().join("organisation.toml")).unwrap();
    let sector = org
        .lines()
        .find_map(|l| l.strip_prefix("sector = "))
        .map(|s| s.trim_matches('"').to_string());
    Dataset {
        organisation: Organisation {
            id: "zorgcentrum-rivierzicht".into(),
            name: "Zorgcentrum Rivierzicht".into(),
            org_form: None,
            sector,
        },
        units: rows("units.csv")
            .iter()
            .map(|r| Unit {
                id: r[0].into(),
                name: r[1].into(),
                parent: opt(&r[2]).map(Into::into),
                org_form: None,
            })
            .collect(),
        employees: rows("employees.csv")
            .iter()
            .map(|r| Employment {
                employee: r[0].into(),
                unit: r[1].into(),
                fte: r[2].parse().unwrap(),
                start: date(&r[3]),
                end: opt(&r[4]).map(date),
                daily_cost: opt(&r[5]).map(|x| x.parse().unwrap()),
            })
            .collect(),
        absence: rows("absence.csv")
            .iter()
            .map(|r| Absence {
                employee: r[0].into(),
                start: date(&r[1]),
                end: opt(&r[2]).map(date),
                percentage: r[3].parse().unwrap(),
                reason: if &r[4] == "pregnancy" {
                    AbsenceReason::Pregnancy
                } else {
                    AbsenceReason::Sick
                },
            })
            .collect(),
        survey: None,
        interventions: rows("interventions.csv")
            .iter()
            .map(|r| Intervention {
                id: r[0].into(),
                unit: r[1].into(),
                name: r[2].into(),
                start: date(&r[3]),
                investment: r[4].parse().unwrap(),
                annual_cost: r[5].parse().unwrap(),
                horizon_years: opt(&r[6]).map(|x| x.parse().unwrap()),
                performance_benefit_per_year: opt(&r[7]).map(|x| x.parse().unwrap()),
            })
            .collect(),
    }
}

#[test]
fn the_example_shows_absence_and_the_intervention_that_paid_back() {
    let request = AnalysisRequest {
        period: "2026-10".parse().unwrap(),
        language: Language::En,
        privacy: Privacy::default(),
        config: serde_json::Value::Null,
        data: load(),
    };
    let out = SickLeaveRoi::new().analyze(&request).unwrap();
    for f in &out.findings {
        eprintln!("{:?} {:?}: {}", f.severity, f.unit, f.text);
    }
    let get = |subject: Option<&str>, key: &str| {
        out.metrics
            .iter()
            .find(|m| {
                m.subject.as_deref() == subject
                    && m.metric == key
                    && (subject.is_some() || m.unit == "org")
            })
            .and_then(|m| m.value)
    };
    let rate = get(None, "absence_rate_12m_pct").expect("organisation's 12-month rate");
    assert!(rate > 0.0 && rate < 100.0, "{rate}");
    let base = get(Some("iv-1"), "baseline_rate_pct").expect("iv-1 evaluated and shown");
    let follow = get(Some("iv-1"), "followup_rate_pct").unwrap();
    assert!(follow < base, "iv-1 lowered absence: {base} -> {follow}");
    assert!(
        get(Some("iv-1"), "payback_years").is_some(),
        "iv-1 pays back"
    );
    assert!(
        out.findings
            .iter()
            .any(|f| f.text.contains("Workload redesign") && f.text.contains("pays back in"))
    );
    assert!(
        out.series
            .iter()
            .any(|s| s.key == "intervention_iv-1_cumulative")
    );
    assert_eq!(
        out.series
            .iter()
            .filter(|s| s.key == "absence_rate_monthly")
            .count(),
        8
    );
}
