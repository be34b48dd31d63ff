//! Attempts to learn a small group's figures from werkt's outputs, through the real binary.
//!
//! The crafted organisation has two larger teams and one team, `tiny`, of four people with a
//! distinctive sick leave (13 of 31 days in October, 100%) and all-six survey answers. With
//! `min_group_size = 5` tiny is below the minimum. The same data run with `min_group_size = 3`
//! (the floor) shows tiny's figures: that "oracle" run tells the test which numbers and texts
//! are tiny's, and proves that the search below finds them when they are there. Then every
//! output of the real run (metrics.json, findings, chart series, report.pdf, the per-unit
//! PDFs, the history store) is searched for them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use werkt_e2e::*;

const PERIOD: &str = "2026-10";
const ORG: &str = "privacy-test";

/// (unit, people). `big1` and `big2` clear the minimum of 5, tiny (4) does not.
const TEAMS: [(&str, usize); 3] = [("big1", 9), ("big2", 7), ("tiny", 4)];

/// Writes the organisation. `moved`: one employee of big1 moved to tiny from 2026-10-01.
fn write_org(dir: &Path, moved: bool) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join("organisation.toml"),
        format!("id = \"{ORG}\"\nname = \"Privacy Test\"\n"),
    )
    .unwrap();
    let mut units = String::from("unit_id,name,parent_id\norg,Whole organisation,\n");
    let mut employees = String::from("employee_id,unit_id,fte,start_date,end_date,daily_cost\n");
    let mut absence = String::from("employee_id,start_date,end_date,percentage,reason\n");
    let mut survey = String::from("respondent_id,unit_id,date");
    for i in 1..=9 {
        survey.push_str(&format!(",uwes_{i}"));
    }
    survey.push('\n');
    for (t, (unit, people)) in TEAMS.iter().enumerate() {
        units.push_str(&format!("{unit},Team {unit},org\n"));
        for p in 0..*people {
            let id = format!("{unit}-{p}");
            if moved && *unit == "big1" && p == 0 {
                employees.push_str(&format!("{id},big1,1,2024-01-01,2026-09-30,\n"));
                employees.push_str(&format!("{id},tiny,1,2026-10-01,,\n"));
            } else {
                employees.push_str(&format!("{id},{unit},1,2024-01-01,,\n"));
            }
            let answer = if *unit == "tiny" {
                // Sick 13 of October's 31 days, and in two earlier months, for the series.
                absence.push_str(&format!("{id},2026-10-01,2026-10-13,100,sick\n"));
                absence.push_str(&format!("{id},2026-03-02,2026-03-12,100,sick\n"));
                absence.push_str(&format!("{id},2026-06-08,2026-06-20,100,sick\n"));
                6
            } else {
                // A few short spells spread over the larger teams.
                if p % 3 == 0 {
                    let day = 3 + t * 5 + p;
                    absence.push_str(&format!(
                        "{id},2026-10-{day:02},2026-10-{:02},100,sick\n",
                        day + 1
                    ));
                    absence.push_str(&format!(
                        "{id},2026-05-{day:02},2026-05-{:02},100,sick\n",
                        day + 2
                    ));
                }
                2 + (p % 3) as i32
            };
            survey.push_str(&format!("{id},{unit},2026-09-15"));
            for _ in 1..=9 {
                survey.push_str(&format!(",{answer}"));
            }
            survey.push('\n');
        }
    }
    let interventions = "intervention_id,unit_id,name,start_date,investment,annual_cost,horizon_years,performance_benefit_per_year\n\
        iv-tiny,tiny,Tiny team coaching,2026-01-01,4000,500,3,\n\
        iv-big,big1,Big team rostering,2026-01-01,8000,1000,3,\n";
    fs::write(dir.join("units.csv"), units).unwrap();
    fs::write(dir.join("employees.csv"), employees).unwrap();
    fs::write(dir.join("absence.csv"), absence).unwrap();
    fs::write(dir.join("survey.csv"), survey).unwrap();
    fs::write(dir.join("interventions.csv"), interventions).unwrap();
}

struct RunOut {
    dir: PathBuf,
    metrics: Value,
}

fn run_werkt(tmp: &Path, name: &str, org: &Path, min_group_size: u64) -> RunOut {
    let out = tmp.join(format!("out-{name}"));
    let cfg = tmp.join(format!("{name}.toml"));
    fs::write(
        &cfg,
        format!(
            "[report]\nlanguage = \"en\"\nburst = true\n\
             [privacy]\nmin_group_size = {min_group_size}\n\
             [plugins.engagement]\ninstrument = \"uwes-9\"\n\
             [plugins.sick_leave_roi]\ncost_per_sick_day = 250\n"
        ),
    )
    .unwrap();
    let o = run(werkt()
        .args(["run", "--config"])
        .arg(&cfg)
        .args(["--period", PERIOD, "--data"])
        .arg(org)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
    let dir = out.join(ORG).join(PERIOD);
    let metrics = serde_json::from_slice(&fs::read(dir.join("metrics.json")).unwrap()).unwrap();
    RunOut { dir, metrics }
}

type Key = (String, String, String, Option<String>);

/// (plugin, unit, metric, subject) -> metric object.
fn metric_map(m: &Value) -> BTreeMap<Key, Value> {
    let mut out = BTreeMap::new();
    for (plugin, a) in m["analyses"].as_object().unwrap() {
        for x in a["metrics"].as_array().unwrap() {
            let key = (
                plugin.clone(),
                x["unit"].as_str().unwrap().to_string(),
                x["metric"].as_str().unwrap().to_string(),
                x["subject"].as_str().map(String::from),
            );
            out.insert(key, x.clone());
        }
    }
    out
}

/// Every text a reader of the run's outputs sees: the PDFs, findings and chart series.
fn all_texts(run: &RunOut) -> Vec<(String, String)> {
    let mut texts = vec![(
        "report.pdf".to_string(),
        pdf_text(&run.dir.join("report.pdf")),
    )];
    for e in fs::read_dir(run.dir.join("units")).unwrap() {
        let p = e.unwrap().path();
        texts.push((
            format!("units/{}", p.file_name().unwrap().to_string_lossy()),
            pdf_text(&p),
        ));
    }
    texts.push((
        "metrics.json".into(),
        fs::read_to_string(run.dir.join("metrics.json")).unwrap(),
    ));
    texts
}

/// Every number in metrics.json outside the metric objects' `n`: values, series points,
/// plus every number in findings texts.
fn all_numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.push(n.as_f64().unwrap()),
        Value::Array(a) => a.iter().for_each(|x| all_numbers(x, out)),
        Value::Object(o) => {
            for (k, x) in o {
                if k != "n" {
                    all_numbers(x, out);
                }
            }
        }
        _ => {}
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

#[test]
fn a_small_groups_figures_appear_nowhere_in_any_output() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    write_org(&org, false);
    let oracle = run_werkt(tmp.path(), "oracle", &org, 3);
    let real = run_werkt(tmp.path(), "real", &org, 5);
    let oracle_m = metric_map(&oracle.metrics);
    let real_m = metric_map(&real.metrics);

    // The oracle shows tiny: the data really is distinctive.
    let tiny_rate = oracle_m[&(
        "sick_leave_roi".into(),
        "tiny".into(),
        "absence_rate_pct".into(),
        None,
    )]["value"]
        .as_f64()
        .expect("the oracle shows tiny's absence rate");
    assert!(close(tiny_rate, 100.0 * 13.0 / 31.0), "{tiny_rate}");
    let tiny_engagement =
        oracle_m[&("engagement".into(), "tiny".into(), "total".into(), None)]["value"]
            .as_f64()
            .expect("the oracle shows tiny's engagement");
    assert!(close(tiny_engagement, 6.0));

    // 1. Every figure based on fewer than 5 people is suppressed, with no value.
    let mut hidden: Vec<(Key, f64)> = Vec::new();
    for (key, m) in &real_m {
        let n = oracle_m
            .get(key)
            .and_then(|o| o["n"].as_u64())
            .or_else(|| m["n"].as_u64());
        if m["suppressed"] == true || n.is_some_and(|n| n < 5) {
            assert_eq!(m["suppressed"], true, "{key:?} is about {n:?} people: {m}");
            assert!(
                m["value"].is_null(),
                "{key:?} is suppressed but has a value: {m}"
            );
            if let Some(v) = oracle_m.get(key).and_then(|o| o["value"].as_f64()) {
                hidden.push((key.clone(), v));
            }
        }
    }
    assert!(
        hidden.iter().any(|(k, _)| k.1 == "tiny"),
        "nothing of tiny is hidden"
    );

    // 2. No hidden value reappears as a number anywhere in metrics.json (values, series,
    // findings' figures), unless an oracle figure of a unit shown in the real run has it too.
    let shown_values: Vec<f64> = oracle_m
        .iter()
        .filter(|(k, _)| real_m.get(*k).is_some_and(|m| m["suppressed"] == false))
        .filter_map(|(_, m)| m["value"].as_f64())
        .collect();
    let mut numbers = Vec::new();
    all_numbers(&real.metrics, &mut numbers);
    for (key, v) in &hidden {
        if *v == 0.0 || shown_values.iter().any(|s| close(*s, *v)) {
            continue;
        }
        assert!(
            !numbers.iter().any(|x| close(*x, *v)),
            "hidden {key:?} = {v} appears in metrics.json"
        );
    }

    // 3. Tiny's figures as a reader would see them (1 and 2 decimals, as in the findings and
    // tables) appear in the oracle's outputs, which proves the search works, and in none of
    // the real run's: not in report.pdf, not in units/*.pdf, not in metrics.json's texts.
    let needles: Vec<String> = [tiny_rate, tiny_engagement]
        .iter()
        .flat_map(|v| [format!("{v:.1}%"), format!("{v:.2}")])
        .filter(|s| s != "6.00")
        .collect();
    let oracle_text: String = all_texts(&oracle)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        needles.iter().any(|n| oracle_text.contains(n.as_str())),
        "the oracle's outputs show none of {needles:?}: the search would prove nothing"
    );
    for (file, text) in all_texts(&real) {
        for n in &needles {
            assert!(!text.contains(n.as_str()), "{file} shows tiny's figure {n}");
        }
    }
    // The per-unit report for tiny exists but shows none of its figures (checked above).
    assert!(real.dir.join("units/tiny.pdf").is_file());

    // 4. The findings name no intervention result of tiny's four people.
    for a in real.metrics["analyses"].as_object().unwrap().values() {
        for f in a["findings"].as_array().unwrap() {
            let text = f["text"].as_str().unwrap();
            assert!(
                !text.contains("Tiny team coaching") || !text.contains('%'),
                "a finding gives figures of the small team's intervention: {text}"
            );
        }
    }

    // 5. The history store holds no hidden value either (SQLite stores REAL big-endian).
    let history = fs::read(
        real.dir
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .join("history.sqlite"),
    );
    if let Ok(bytes) = history {
        for (key, v) in &hidden {
            if *v == 0.0 || shown_values.iter().any(|s| close(*s, *v)) {
                continue;
            }
            let be = v.to_be_bytes();
            assert!(
                !bytes.windows(8).any(|w| w == be),
                "hidden {key:?} = {v} is in history.sqlite"
            );
        }
    }
}

#[test]
fn subtraction_cannot_recover_the_small_group() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    write_org(&org, false);
    let oracle = metric_map(&run_werkt(tmp.path(), "oracle", &org, 3).metrics);
    let real = metric_map(&run_werkt(tmp.path(), "real", &org, 5).metrics);
    let children = ["big1", "big2", "tiny"];

    // Structurally: under a shown parent, never exactly one hidden child, for every figure.
    let mut figures: Vec<(String, String, Option<String>)> = real
        .keys()
        .map(|(p, _, m, s)| (p.clone(), m.clone(), s.clone()))
        .collect();
    figures.sort();
    figures.dedup();
    for (plugin, metric, subject) in &figures {
        let get = |u: &str| real.get(&(plugin.clone(), u.into(), metric.clone(), subject.clone()));
        let Some(parent) = get("org") else { continue };
        if parent["suppressed"] == true {
            continue;
        }
        let hidden = children
            .iter()
            .filter(|c| get(c).is_some_and(|m| m["suppressed"] == true))
            .count();
        assert_ne!(
            hidden, 1,
            "{plugin}/{metric}: exactly one child hidden under a shown parent"
        );
    }

    // Numerically: the fte-weighted absence rate of the whole minus the shown teams is not
    // tiny's rate.
    let v = |u: &str, m: &str| {
        real[&("sick_leave_roi".into(), u.into(), m.into(), None)]["value"].as_f64()
    };
    let tiny = oracle[&(
        "sick_leave_roi".into(),
        "tiny".into(),
        "absence_rate_pct".into(),
        None,
    )]["value"]
        .as_f64()
        .unwrap();
    let (Some(org_rate), Some(org_fte)) = (v("org", "absence_rate_pct"), v("org", "fte_avg"))
    else {
        panic!("the organisation's absence rate and fte are shown");
    };
    let mut rest_rate = org_rate * org_fte;
    let mut rest_fte = org_fte;
    for c in ["big1", "big2"] {
        if let (Some(r), Some(f)) = (v(c, "absence_rate_pct"), v(c, "fte_avg")) {
            rest_rate -= r * f;
            rest_fte -= f;
        }
    }
    let derived = rest_rate / rest_fte;
    assert!(
        !close(derived, tiny) && (derived - tiny).abs() > 0.05,
        "org minus the shown teams gives tiny's rate {tiny} ({derived})"
    );
    // ... and the same for engagement, weighted by respondents.
    let e = |u: &str| {
        let m = &real[&("engagement".into(), u.into(), "total".into(), None)];
        (m["value"].as_f64(), m["n"].as_f64())
    };
    let (Some(org_e), Some(org_n)) = e("org") else {
        panic!("the organisation's engagement is shown");
    };
    let (mut sum, mut n) = (org_e * org_n, org_n);
    for c in ["big1", "big2"] {
        if let (Some(x), Some(k)) = e(c) {
            sum -= x * k;
            n -= k;
        }
    }
    assert!(
        (sum / n - 6.0).abs() > 0.05,
        "org minus the shown teams gives tiny's engagement ({})",
        sum / n
    );
}

/// What werkt can promise about running "the same period with a slightly different
/// selection": the same data gives the same figures and the same suppression however it is
/// selected (another data directory, `--org`), so re-running offers nothing to difference;
/// and when the data itself changes (one person moves into the small team), every run on
/// its own still hides what is below the minimum. Differencing two *different* datasets
/// (before and after a person moved) is outside what suppression can prevent; SECURITY.md
/// says so.
#[test]
fn another_selection_of_the_same_data_gives_the_same_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let parent = tmp.path().join("orgs");
    let org = parent.join("a");
    write_org(&org, false);
    let first = metric_map(&run_werkt(tmp.path(), "first", &org, 5).metrics);

    // The same data through the parent directory and --org.
    let out = tmp.path().join("out-second");
    let cfg = tmp.path().join("first.toml");
    let o = run(werkt()
        .args(["run", "--config"])
        .arg(&cfg)
        .args(["--period", PERIOD, "--org", ORG, "--data"])
        .arg(&parent)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let second: Value =
        serde_json::from_slice(&fs::read(out.join(ORG).join(PERIOD).join("metrics.json")).unwrap())
            .unwrap();
    assert_eq!(
        first,
        metric_map(&second),
        "another selection changed figures"
    );

    // One person moved into tiny: tiny (5 now) may be shown, and still nothing below five is.
    let moved = tmp.path().join("moved");
    write_org(&moved, true);
    let after = metric_map(&run_werkt(tmp.path(), "moved", &moved, 5).metrics);
    for (key, m) in &after {
        if m["n"].as_u64().is_some_and(|n| n < 5) {
            assert_eq!(m["suppressed"], true, "{key:?}: {m}");
            assert!(m["value"].is_null(), "{key:?}: {m}");
        }
    }
}

#[test]
fn the_host_applies_the_rule_again_to_a_plugin_that_ignores_it() {
    // Leak 9: a plugin returned a figure with n = 1, a "suppressed" figure with its value
    // still in it, and a finding, a series and a warning naming an employee. The host
    // published all of it.
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    write_org(&org, false);
    let out = tmp.path().join("out");
    let cfg = write_config(
        tmp.path(),
        "[report]\nburst = true\n[privacy]\nmin_group_size = 5\n\
         [plugins.test_misbehave]\nbehaviour = \"leak\"\nperson = \"tiny-0\"\n",
    );
    let o = run(werkt()
        .args(["run", "--config"])
        .arg(&cfg)
        .args(["--period", PERIOD, "--data"])
        .arg(&org)
        .arg("--out")
        .arg(&out));
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr(&o));
    let dir = out.join(ORG).join(PERIOD);
    let metrics = fs::read_to_string(dir.join("metrics.json")).unwrap();
    let m: Value = serde_json::from_str(&metrics).unwrap();
    let leak = &m["analyses"]["test_misbehave"];
    assert_eq!(leak["status"], "ok", "{leak}");
    for x in leak["metrics"].as_array().unwrap() {
        assert!(x["value"].is_null() && x["suppressed"] == true, "{x}");
        assert!(x["n"].is_null(), "{x}");
    }
    for needle in ["41.7", "42.4", "tiny-0", "43 days"] {
        assert!(!metrics.contains(needle), "{needle} in metrics.json");
    }
    for (file, text) in all_texts(&RunOut {
        dir: dir.clone(),
        metrics: m.clone(),
    }) {
        for needle in ["41.7", "41,7", "42.4", "42,4", "tiny-0", "43 days"] {
            assert!(!text.contains(needle), "{needle} in {file}");
        }
    }
    // The operator learns about it on the terminal, without the person.
    let err = stderr(&o);
    assert!(err.contains("applied the privacy rule again"), "{err}");
}
