//! Plugins as a user meets them through `werkt run`: a crashing plugin costs its analysis
//! and not the run, pins and ABI checks refuse the wrong file, and a plugin made with
//! `cargo xtask new-plugin` reaches metrics.json (issue 3).

use std::fs;
use std::path::Path;
use std::process::Command;

use werkt_e2e::*;

/// A configuration over the example organisation with the given plugin sections.
fn config(dir: &Path, plugins: &str) -> std::path::PathBuf {
    write_config(
        dir,
        &format!(
            "[data]\norganisations = [{:?}]\n[output]\ndir = \"out\"\n{plugins}\n",
            example_org().display().to_string()
        ),
    )
}

fn metrics(dir: &Path) -> serde_json::Value {
    let p = dir.join("out/zorgcentrum-rivierzicht/2026-10/metrics.json");
    serde_json::from_slice(&fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .unwrap()
}

fn run_period(cfg: &Path) -> std::process::Output {
    run(werkt()
        .args(["run", "--config"])
        .arg(cfg)
        .args(["--period", "2026-10"]))
}

#[test]
fn a_plugin_that_segfaults_or_aborts_costs_its_analysis_not_the_run() {
    for behaviour in ["segfault", "abort", "panic"] {
        let tmp = tempfile::tempdir().unwrap();
        let cfg = config(
            tmp.path(),
            &format!(
                "[plugins.test_misbehave]\nbehaviour = \"{behaviour}\"\n[plugins.test_counter]\n"
            ),
        );
        let o = run_period(&cfg);
        assert_eq!(o.status.code(), Some(3), "{behaviour}: {}", stderr(&o));
        let m = metrics(tmp.path());
        assert_eq!(
            m["analyses"]["test_misbehave"]["status"], "failed",
            "{behaviour}"
        );
        assert!(
            m["analyses"]["test_misbehave"]["error"]
                .as_str()
                .is_some_and(|e| !e.is_empty())
        );
        assert_eq!(
            m["analyses"]["test_counter"]["status"], "ok",
            "{behaviour}: the other analysis ran"
        );
        assert!(
            tmp.path()
                .join("out/zorgcentrum-rivierzicht/2026-10/report.pdf")
                .exists()
        );
    }
}

#[test]
fn a_missing_required_plugin_fails_its_analysis_and_a_missing_optional_one_is_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = config(
        tmp.path(),
        "[plugins.no_such_plugin]\n[plugins.test_counter]\n",
    );
    let o = run_period(&cfg);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("libwerkt_no_such_plugin"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        metrics(tmp.path())["analyses"]["no_such_plugin"]["status"],
        "failed"
    );

    let tmp = tempfile::tempdir().unwrap();
    let cfg = config(
        tmp.path(),
        "[plugins.no_such_plugin]\noptional = true\n[plugins.test_counter]\n",
    );
    let o = run_period(&cfg);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no_such_plugin"),
        "the skip is said: {}",
        stderr(&o)
    );
    assert!(
        metrics(tmp.path())["analyses"]
            .get("no_such_plugin")
            .is_none()
    );
}

#[test]
fn a_pinned_hash_that_differs_is_refused_and_the_right_one_loads() {
    let lib = bin_dir().join("libwerkt_test_counter.so");
    let tmp = tempfile::tempdir().unwrap();
    let wrong = "0".repeat(64);
    let cfg = config(
        tmp.path(),
        &format!("[plugins.test_counter]\nsha256 = \"{wrong}\"\n"),
    );
    let o = run_period(&cfg);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("sha256") && stderr(&o).contains(&wrong),
        "{}",
        stderr(&o)
    );

    let o = run(werkt()
        .args(["plugins", "list", "--config"])
        .arg(config(tmp.path(), "[plugins.test_counter]\n")));
    let listed = stdout(&o);
    let actual = listed
        .lines()
        .find(|l| l.starts_with("test_counter"))
        .and_then(|l| l.split_whitespace().find(|w| w.len() == 64))
        .unwrap_or_else(|| panic!("no sha256 in:\n{listed}"))
        .to_string();
    assert!(listed.contains(&lib.display().to_string()), "{listed}");
    let cfg = config(
        tmp.path(),
        &format!("[plugins.test_counter]\nsha256 = \"{actual}\"\n"),
    );
    let o = run_period(&cfg);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_plugin_of_another_abi_major_is_refused_with_a_clear_message() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = bin_dir().join("libwerkt_test_future_abi.so");
    let cfg = config(
        tmp.path(),
        &format!(
            "[plugins.test_future_abi]\npath = {:?}\n",
            lib.display().to_string()
        ),
    );
    let o = run(werkt().args(["plugins", "check", "--config"]).arg(&cfg));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("libwerkt_test_future_abi.so") && err.contains("2.") && err.contains("1."),
        "{err}"
    );
}

#[test]
fn plugins_info_shows_the_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = config(tmp.path(), "[plugins.sick_leave_roi]\n");
    let o = run(werkt()
        .args(["plugins", "info", "sick_leave_roi", "--config"])
        .arg(&cfg));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "cost_per_sick_day",
        "absence_rate_pct",
        "payback_years",
        "absence",
    ] {
        assert!(out.contains(needle), "{needle} missing from:\n{out}");
    }
}

/// The tutorial's path: scaffold out of tree, build, configure, run. Builds a crate with its
/// own target directory, so it takes a while (about 15 s on two cores).
#[test]
fn a_scaffolded_plugin_builds_and_its_metric_reaches_metrics_json() {
    let tmp = tempfile::tempdir().unwrap();
    let xtask = bin_dir().join("xtask");
    assert!(
        xtask.exists(),
        "{} is missing: run `cargo build --workspace` first",
        xtask.display()
    );
    let o = run(Command::new(&xtask)
        .args(["new-plugin", "team_size"])
        .arg(tmp.path()));
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let crate_dir = tmp.path().join("team_size");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let o = run(Command::new(cargo)
        .arg("build")
        .arg("--quiet")
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", tmp.path().join("target")));
    assert!(
        o.status.success(),
        "the scaffolded plugin does not build:\n{}",
        stderr(&o)
    );
    let lib = tmp.path().join("target/debug/libwerkt_team_size.so");
    let cfg = config(
        tmp.path(),
        &format!(
            "[plugins.team_size]\npath = {:?}\n",
            lib.display().to_string()
        ),
    );
    let o = run_period(&cfg);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = metrics(tmp.path());
    let rows = m["analyses"]["team_size"]["metrics"].as_array().unwrap();
    assert!(
        rows.iter().any(|r| r["metric"] == "headcount"
            && r["unit"] == "org"
            && r["value"].as_f64().unwrap() > 0.0),
        "{rows:?}"
    );
}

/// Issue 13: plugins got whole tables, so the engagement analysis received the
/// absorptive-capacity answers. The bundled analyses' own manifests, read from the built
/// libraries, now get only their declared columns: their items by name or prefix, the items
/// their configuration maps, and the optional columns they declare.
#[test]
fn the_bundled_analyses_receive_only_their_declared_columns() {
    use werkt_host::{HostCommand, Isolation, PluginSpec, Registry, request_for};
    use werkt_model::{
        AnalysisRequest, Dataset, Employment, OrgForm, Period, Privacy, Survey, SurveyResponse,
        Unit,
    };

    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|d| d.parent()).unwrap();
    let specs: Vec<PluginSpec> = ["sick_leave_roi", "engagement", "absorptive_capacity"]
        .into_iter()
        .map(|name| PluginSpec {
            isolation: Isolation::InProcess,
            ..PluginSpec::new(name)
        })
        .collect();
    let host = HostCommand::new("werkt-not-used-in-process", Vec::<String>::new());
    let (registry, problems) = Registry::load(&specs, &[dir.to_path_buf()], &host);
    assert!(
        problems.is_empty(),
        "{problems:?}: run cargo build --workspace first"
    );
    let manifest = |name: &str| registry.get(name).unwrap().manifest.clone();

    let mut items: Vec<String> = (1..=9).map(|i| format!("uwes_{i}")).collect();
    items.extend(
        [
            "acap_acq_1",
            "acap_exp_3",
            "cc_sys_1",
            "cc_soc_3",
            "q1",
            "q2",
            "q3",
        ]
        .map(String::from),
    );
    let date = |s: &str| s.parse::<werkt_model::Date>().unwrap();
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
            daily_cost: Some(400.0),
        }],
        survey: Some(Survey {
            responses: vec![SurveyResponse {
                respondent: "r1".into(),
                unit: "org".into(),
                date: date("2026-09-01"),
                answers: (0..items.len() as i32).map(Some).collect(),
            }],
            items,
        }),
        ..Default::default()
    };
    data.organisation.id = "acme".into();
    let request = AnalysisRequest {
        period: Period::new(2026, 10).unwrap(),
        language: Default::default(),
        privacy: Privacy::default(),
        config: serde_json::Value::Null,
        data,
    };
    let items_of = |name: &str, config: serde_json::Value| -> Vec<String> {
        let r = request_for(&manifest(name), &config, &request);
        r.data.survey.map(|s| s.items).unwrap_or_default()
    };

    let uwes: Vec<String> = (1..=9).map(|i| format!("uwes_{i}")).collect();
    assert_eq!(items_of("engagement", serde_json::json!({})), uwes);
    assert_eq!(
        items_of("absorptive_capacity", serde_json::json!({})),
        ["acap_acq_1", "acap_exp_3", "cc_sys_1", "cc_soc_3"]
    );
    assert!(items_of("sick_leave_roi", serde_json::json!({})).is_empty());
    // An engagement survey under the export's own column names: the mapped columns go too.
    let mapped = serde_json::json!({"instrument": "uwes-3",
        "items": {"vigour": ["q1"], "dedication": ["q2"], "absorption": ["q3"]}});
    let got = items_of("engagement", mapped);
    assert!(
        got.ends_with(&["q1".into(), "q2".into(), "q3".into()]),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|i| i.starts_with("acap") || i.starts_with("cc_"))
    );

    // Optional columns: the unit's form for the analysis that uses it, daily costs for the one
    // that uses them, for nobody else.
    let cut = |name: &str| request_for(&manifest(name), &serde_json::Value::Null, &request);
    assert_eq!(
        cut("absorptive_capacity").data.units[0].org_form,
        Some(OrgForm::Matrix)
    );
    assert_eq!(cut("engagement").data.units[0].org_form, None);
    assert_eq!(
        cut("sick_leave_roi").data.employees[0].daily_cost,
        Some(400.0)
    );
    assert!(cut("engagement").data.employees.is_empty());
}

#[test]
fn plugins_list_also_shows_plugins_found_but_not_configured() {
    // A new user with no [plugins.*] section saw an empty list and no hint of what werkt
    // ships with.
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), "[plugins.test_counter]\n");
    let o = run(werkt().args(["plugins", "list", "--config"]).arg(&cfg));
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (configured, found) = out
        .split_once("found, not configured")
        .unwrap_or_else(|| panic!("{out}"));
    assert!(configured.contains("test_counter"), "{out}");
    for bundled in ["engagement", "absorptive_capacity", "sick_leave_roi"] {
        assert!(found.contains(bundled), "{bundled} in\n{out}");
    }
    assert!(!found.contains("test_counter "), "{out}");
}
