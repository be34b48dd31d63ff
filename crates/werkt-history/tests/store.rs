//! The history store against a real file in a temporary directory.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use werkt_history::{History, HistoryError, MetricKey, RunRecord, RunStatus, SCHEMA_VERSION};
use werkt_model::{
    AnalysisOutput, AnalysisReport, Generator, METRICS_SCHEMA, Metric, MetricsFile,
    OrganisationRef, Period, Status,
};

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

fn metric(
    unit: &str,
    subject: Option<&str>,
    name: &str,
    value: Option<f64>,
    suppressed: bool,
) -> Metric {
    Metric {
        unit: unit.into(),
        subject: subject.map(Into::into),
        metric: name.into(),
        value,
        n: Some(12),
        suppressed,
        as_of: None,
    }
}

fn file(org: &str, period: &str, analyses: &[(&str, Vec<Metric>)]) -> MetricsFile {
    MetricsFile {
        schema: METRICS_SCHEMA,
        organisation: OrganisationRef {
            id: org.into(),
            name: org.to_uppercase(),
        },
        period: p(period),
        generator: Generator {
            name: "werkt".into(),
            version: "0.1.0".into(),
        },
        analyses: analyses
            .iter()
            .map(|(name, metrics)| {
                (
                    name.to_string(),
                    AnalysisReport {
                        plugin_version: "1.0.0".into(),
                        status: Status::Ok,
                        error: None,
                        output: AnalysisOutput {
                            metrics: metrics.clone(),
                            ..Default::default()
                        },
                    },
                )
            })
            .collect(),
        data_warnings: vec![],
    }
}

fn run(id: &str, org: &str, period: &str, day: u32, status: RunStatus, hash: &str) -> RunRecord {
    RunRecord {
        run_id: id.into(),
        organisation: org.into(),
        period: p(period),
        started: Utc.with_ymd_and_hms(2026, 11, day, 5, 0, 0).unwrap(),
        finished: Utc.with_ymd_and_hms(2026, 11, day, 5, 3, 0).unwrap(),
        status,
        error: (status == RunStatus::Failed).then(|| format!("plugin crashed in {id}")),
        input_hash: hash.into(),
        plugin_versions: BTreeMap::from([("absence".to_string(), "1.2.0".to_string())]),
        werkt_version: "0.1.0".into(),
        shard: None,
    }
}

fn open() -> (tempfile::TempDir, History) {
    let dir = tempfile::tempdir().unwrap();
    let h = History::open(dir.path().join("history.sqlite")).unwrap();
    (dir, h)
}

#[test]
fn rerunning_a_period_replaces_its_figures_without_duplicates() {
    let (_dir, mut h) = open();
    let first = file(
        "acme",
        "2026-10",
        &[(
            "absence",
            vec![
                metric("root", None, "rate", Some(4.5), false),
                metric("sales", None, "rate", None, true),
                metric("root", Some("iv-1"), "effect", Some(0.2), false),
            ],
        )],
    );
    h.replace_metrics("acme", p("2026-10"), &first).unwrap();
    h.replace_metrics("acme", p("2026-10"), &first).unwrap();
    let trends = h.trends("acme", p("2026-10"), 1).unwrap();
    assert_eq!(trends.len(), 3, "{trends:?}");
    assert!(trends.values().all(|line| line.len() == 1), "{trends:?}");

    // The second run changes one value and no longer produces the intervention figure.
    let second = file(
        "acme",
        "2026-10",
        &[(
            "absence",
            vec![
                metric("root", None, "rate", Some(5.0), false),
                metric("sales", None, "rate", None, true),
            ],
        )],
    );
    h.replace_metrics("acme", p("2026-10"), &second).unwrap();
    let trends = h.trends("acme", p("2026-10"), 1).unwrap();
    assert_eq!(trends.len(), 2);
    let root = MetricKey {
        analysis: "absence".into(),
        unit: "root".into(),
        subject: None,
        metric: "rate".into(),
    };
    assert_eq!(trends[&root], vec![(p("2026-10"), Some(5.0), false)]);
    let sales = MetricKey {
        unit: "sales".into(),
        ..root.clone()
    };
    assert_eq!(trends[&sales], vec![(p("2026-10"), None, true)]);
}

#[test]
fn other_organisations_and_periods_are_untouched_by_a_replace() {
    let (_dir, mut h) = open();
    for (org, period, v) in [
        ("acme", "2026-09", 1.0),
        ("acme", "2026-10", 2.0),
        ("beta", "2026-10", 3.0),
    ] {
        h.replace_metrics(
            org,
            p(period),
            &file(
                org,
                period,
                &[(
                    "absence",
                    vec![metric("root", None, "rate", Some(v), false)],
                )],
            ),
        )
        .unwrap();
    }
    h.replace_metrics("acme", p("2026-10"), &file("acme", "2026-10", &[]))
        .unwrap();
    assert_eq!(h.periods_present("acme").unwrap(), vec![p("2026-09")]);
    assert_eq!(h.periods_present("beta").unwrap(), vec![p("2026-10")]);
    assert_eq!(
        h.trend(
            "beta",
            &key("absence", "root", None, "rate"),
            p("2026-01"),
            p("2026-12")
        )
        .unwrap(),
        vec![(p("2026-10"), Some(3.0), false)]
    );
}

#[test]
fn replace_refuses_a_file_of_another_run_and_duplicate_figures() {
    let (_dir, mut h) = open();
    let good = file(
        "acme",
        "2026-10",
        &[(
            "absence",
            vec![metric("root", None, "rate", Some(1.0), false)],
        )],
    );
    h.replace_metrics("acme", p("2026-10"), &good).unwrap();

    let err = h.replace_metrics("beta", p("2026-10"), &good).unwrap_err();
    assert!(matches!(err, HistoryError::Mismatch { .. }), "{err}");
    assert!(
        err.to_string().contains("'acme'") && err.to_string().contains("'beta'"),
        "{err}"
    );

    let dup = file(
        "acme",
        "2026-10",
        &[(
            "absence",
            vec![
                metric("root", Some("x"), "rate", Some(2.0), false),
                metric("root", Some("x"), "rate", Some(3.0), false),
            ],
        )],
    );
    let err = h.replace_metrics("acme", p("2026-10"), &dup).unwrap_err();
    assert!(err.to_string().contains("subject 'x'"), "{err}");
    // The refused replace left the previous figures in place.
    assert_eq!(
        h.trend(
            "acme",
            &key("absence", "root", None, "rate"),
            p("2026-10"),
            p("2026-10")
        )
        .unwrap(),
        vec![(p("2026-10"), Some(1.0), false)]
    );
}

#[test]
fn trend_returns_stored_periods_in_range_oldest_first() {
    let (_dir, mut h) = open();
    for (i, period) in ["2025-11", "2026-01", "2026-02", "2026-03"]
        .iter()
        .enumerate()
    {
        let v = (i == 2).then_some(0.0).or(Some(i as f64 + 0.5));
        h.replace_metrics(
            "acme",
            p(period),
            &file(
                "acme",
                period,
                &[(
                    "survey",
                    vec![metric(
                        "u1",
                        Some("q7"),
                        "mean",
                        if i == 1 { None } else { v },
                        i == 1,
                    )],
                )],
            ),
        )
        .unwrap();
    }
    let line = h
        .trend(
            "acme",
            &key("survey", "u1", Some("q7"), "mean"),
            p("2025-12"),
            p("2026-02"),
        )
        .unwrap();
    assert_eq!(
        line,
        vec![(p("2026-01"), None, true), (p("2026-02"), Some(0.0), false)]
    );
    // The subject is part of the key: asking without it finds nothing.
    assert!(
        h.trend(
            "acme",
            &key("survey", "u1", None, "mean"),
            p("2025-01"),
            p("2026-12")
        )
        .unwrap()
        .is_empty()
    );

    // 3 months ending 2026-03: 2026-01..=2026-03, so 2025-11 is outside.
    let all = h.trends("acme", p("2026-03"), 3).unwrap();
    let key = MetricKey {
        analysis: "survey".into(),
        unit: "u1".into(),
        subject: Some("q7".into()),
        metric: "mean".into(),
    };
    let periods: Vec<Period> = all[&key].iter().map(|t| t.0).collect();
    assert_eq!(periods, vec![p("2026-01"), p("2026-02"), p("2026-03")]);
    assert_eq!(all[&key][2], (p("2026-03"), Some(3.5), false));
    assert_eq!(h.trends("acme", p("2026-03"), 24).unwrap()[&key].len(), 4);
}

#[test]
fn runs_round_trip_and_last_success_ignores_failures_and_skips() {
    let (_dir, mut h) = open();
    assert!(!h.has_runs().unwrap());
    let mut done = run("r1", "acme", "2026-10", 2, RunStatus::Done, "aaaa");
    done.shard = Some("1/2".into());
    h.record_run(&done).unwrap();
    h.record_run(&run("r2", "acme", "2026-10", 3, RunStatus::Skipped, "aaaa"))
        .unwrap();
    h.record_run(&run("r3", "acme", "2026-10", 4, RunStatus::Failed, "bbbb"))
        .unwrap();
    assert!(h.has_runs().unwrap());
    assert_eq!(
        h.last_success("acme", p("2026-10")).unwrap(),
        Some(done.clone())
    );
    assert_eq!(h.last_success("acme", p("2026-09")).unwrap(), None);
    assert_eq!(h.last_success("beta", p("2026-10")).unwrap(), None);

    // A later done run wins; recording the same run again replaces, never duplicates.
    let later = run("r4", "acme", "2026-10", 5, RunStatus::Done, "cccc");
    h.record_run(&later).unwrap();
    h.record_run(&later).unwrap();
    assert_eq!(
        h.last_success("acme", p("2026-10"))
            .unwrap()
            .unwrap()
            .input_hash,
        "cccc"
    );
}

#[test]
fn status_and_failed_use_each_organisations_latest_run() {
    let (_dir, mut h) = open();
    h.record_run(&run("r1", "acme", "2026-10", 2, RunStatus::Failed, "a"))
        .unwrap();
    h.record_run(&run("r1", "beta", "2026-10", 2, RunStatus::Failed, "b"))
        .unwrap();
    h.record_run(&run("r1", "gamma", "2026-10", 2, RunStatus::Done, "c"))
        .unwrap();
    // The retry fixed acme only; another period's failure does not count.
    h.record_run(&run("r2", "acme", "2026-10", 3, RunStatus::Done, "a"))
        .unwrap();
    h.record_run(&run("r2", "acme", "2026-09", 3, RunStatus::Failed, "a"))
        .unwrap();

    let status = h.status(p("2026-10")).unwrap();
    let summary: Vec<(&str, RunStatus, &str)> = status
        .iter()
        .map(|s| (s.organisation.as_str(), s.status, s.run_id.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("acme", RunStatus::Done, "r2"),
            ("beta", RunStatus::Failed, "r1"),
            ("gamma", RunStatus::Done, "r1")
        ]
    );
    assert_eq!(status[1].error.as_deref(), Some("plugin crashed in r1"));

    let failed: Vec<String> = h
        .failed(p("2026-10"))
        .unwrap()
        .into_iter()
        .map(|r| r.organisation)
        .collect();
    assert_eq!(failed, vec!["beta"]);
    assert!(h.status(p("2026-08")).unwrap().is_empty());
}

#[test]
fn last_successful_period_per_organisation_and_overall() {
    let (_dir, mut h) = open();
    assert_eq!(h.last_successful_period(None).unwrap(), None);
    h.record_run(&run("r1", "acme", "2026-07", 2, RunStatus::Done, "a"))
        .unwrap();
    h.record_run(&run("r2", "acme", "2026-08", 2, RunStatus::Skipped, "a"))
        .unwrap();
    h.record_run(&run("r3", "acme", "2026-09", 2, RunStatus::Failed, "a"))
        .unwrap();
    h.record_run(&run("r3", "beta", "2026-09", 2, RunStatus::Done, "b"))
        .unwrap();
    assert_eq!(
        h.last_successful_period(Some("acme")).unwrap(),
        Some(p("2026-08"))
    );
    assert_eq!(
        h.last_successful_period(Some("beta")).unwrap(),
        Some(p("2026-09"))
    );
    assert_eq!(h.last_successful_period(None).unwrap(), Some(p("2026-09")));
    assert_eq!(h.last_successful_period(Some("nobody")).unwrap(), None);
}

#[test]
fn data_survives_reopening_and_the_schema_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    {
        let mut h = History::open(&path).unwrap();
        h.record_run(&run("r1", "acme", "2026-10", 2, RunStatus::Done, "abc"))
            .unwrap();
    }
    let h = History::open(&path).unwrap();
    assert_eq!(h.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        h.last_success("acme", p("2026-10"))
            .unwrap()
            .unwrap()
            .input_hash,
        "abc"
    );
}

#[test]
fn opening_in_a_missing_directory_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/dir/h.sqlite");
    let err = History::open(&path).unwrap_err();
    assert!(err.to_string().contains("no/such/dir/h.sqlite"), "{err}");
}

#[test]
fn threads_with_their_own_history_share_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h.sqlite");
    History::open(&path).unwrap();
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut h = History::open(&path).unwrap();
                let org = format!("org{t}");
                for m in 1..=12u32 {
                    let period = format!("2025-{m:02}");
                    let metrics: Vec<Metric> = (0..20)
                        .map(|u| metric(&format!("u{u}"), None, "rate", Some(f64::from(m)), false))
                        .collect();
                    h.replace_metrics(
                        &org,
                        p(&period),
                        &file(&org, &period, &[("absence", metrics)]),
                    )
                    .unwrap();
                    h.record_run(&run(
                        &format!("r{m}"),
                        &org,
                        &period,
                        2,
                        RunStatus::Done,
                        "h",
                    ))
                    .unwrap();
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let h = History::open(&path).unwrap();
    for t in 0..4 {
        let org = format!("org{t}");
        assert_eq!(h.periods_present(&org).unwrap().len(), 12);
        let trends = h.trends(&org, p("2025-12"), 12).unwrap();
        assert_eq!(trends.len(), 20);
        assert!(trends.values().all(|line| line.len() == 12));
        assert_eq!(
            h.last_successful_period(Some(&org)).unwrap(),
            Some(p("2025-12"))
        );
    }
}

fn key(
    analysis: &str,
    unit: &str,
    subject: Option<&str>,
    metric: &str,
) -> werkt_history::MetricKey {
    werkt_history::MetricKey {
        analysis: analysis.into(),
        unit: unit.into(),
        subject: subject.map(Into::into),
        metric: metric.into(),
    }
}

#[test]
fn a_failed_analysis_keeps_its_previous_figures_for_the_period() {
    let (_dir, mut h) = open();
    let good = file(
        "acme",
        "2026-10",
        &[
            (
                "absence",
                vec![metric("root", None, "rate", Some(4.0), false)],
            ),
            (
                "survey",
                vec![metric("root", None, "mean", Some(3.5), false)],
            ),
        ],
    );
    h.replace_metrics("acme", p("2026-10"), &good).unwrap();

    let mut rerun = file(
        "acme",
        "2026-10",
        &[
            (
                "absence",
                vec![metric("root", None, "rate", Some(4.5), false)],
            ),
            (
                "survey",
                vec![metric("root", None, "partial", Some(1.0), false)],
            ),
        ],
    );
    let survey = rerun.analyses.get_mut("survey").unwrap();
    survey.status = Status::Failed;
    survey.error = Some("plugin crashed".into());
    h.replace_metrics("acme", p("2026-10"), &rerun).unwrap();

    let trends = h.trends("acme", p("2026-10"), 1).unwrap();
    let keys: Vec<(&str, &str)> = trends
        .keys()
        .map(|k| (k.analysis.as_str(), k.metric.as_str()))
        .collect();
    assert_eq!(
        keys,
        vec![("absence", "rate"), ("survey", "mean")],
        "no partial figures of a failed analysis"
    );
    assert_eq!(
        h.trend(
            "acme",
            &key("survey", "root", None, "mean"),
            p("2026-10"),
            p("2026-10")
        )
        .unwrap(),
        vec![(p("2026-10"), Some(3.5), false)]
    );
    assert_eq!(
        h.trend(
            "acme",
            &key("absence", "root", None, "rate"),
            p("2026-10"),
            p("2026-10")
        )
        .unwrap(),
        vec![(p("2026-10"), Some(4.5), false)]
    );
}
