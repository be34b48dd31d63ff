//! Monthly operation as a scheduler sees it: idempotent re-runs, the output lock, retrying
//! failures, status, backfilled trends and the schedule (issue 7).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use werkt_e2e::*;

/// Two organisations (the example and a renamed copy) in `dir/data`, and a configuration
/// that runs `test_misbehave` (behaving unless told otherwise) and reads them.
fn setup(dir: &Path, plugin_config: &str) -> PathBuf {
    let data = dir.join("data");
    copy_dir(&example_org(), &data.join("a"));
    copy_dir(&example_org(), &data.join("b"));
    let toml = data.join("b/organisation.toml");
    let text = fs::read_to_string(&toml)
        .unwrap()
        .replace("zorgcentrum-rivierzicht", "second-org");
    fs::write(&toml, text).unwrap();
    write_config(
        dir,
        &format!(
            "[data]\norganisations = [\"data\"]\n[output]\ndir = \"out\"\n[plugins.test_misbehave]\n{plugin_config}\n"
        ),
    )
}

fn mtime(p: &Path) -> SystemTime {
    fs::metadata(p).unwrap().modified().unwrap()
}

fn run_cfg(cfg: &Path, extra: &[&str]) -> std::process::Output {
    run(werkt()
        .args(["run", "--config"])
        .arg(cfg)
        .args(["--period", "2026-10"])
        .args(extra))
}

#[test]
fn unchanged_inputs_skip_a_changed_file_reruns_that_organisation_and_force_renders() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = setup(tmp.path(), "behaviour = \"ok\"");
    let out = tmp.path().join("out");
    let report = |org: &str| out.join(org).join("2026-10/report.pdf");

    let o = run_cfg(&cfg, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (a1, b1) = (
        mtime(&report("zorgcentrum-rivierzicht")),
        mtime(&report("second-org")),
    );

    let o = run_cfg(&cfg, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 unchanged since the last run"),
        "{}",
        stderr(&o)
    );
    assert_eq!(mtime(&report("zorgcentrum-rivierzicht")), a1);
    assert_eq!(mtime(&report("second-org")), b1);

    // One data file of one organisation changes: only that organisation runs again.
    let absence = tmp.path().join("data/b/absence.csv");
    let mut text = fs::read_to_string(&absence).unwrap();
    text.push_str("E00001,2026-10-05,2026-10-06,100,sick\n");
    fs::write(&absence, text).unwrap();
    let o = run_cfg(&cfg, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 of 2 report(s) written") && stderr(&o).contains("1 unchanged"),
        "{}",
        stderr(&o)
    );
    assert_eq!(mtime(&report("zorgcentrum-rivierzicht")), a1);
    assert_ne!(mtime(&report("second-org")), b1);

    let o = run_cfg(&cfg, &["--force"]);
    assert!(
        stderr(&o).contains("2 of 2 report(s) written"),
        "{}",
        stderr(&o)
    );
    assert_ne!(mtime(&report("zorgcentrum-rivierzicht")), a1);
}

#[test]
fn a_second_run_is_refused_while_another_holds_the_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = setup(tmp.path(), "behaviour = \"ok\"");
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).unwrap();
    let held = werkt_schedule::OutputLock::acquire(&out, false).unwrap();
    let o = run_cfg(&cfg, &[]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("--wait"), "{}", stderr(&o));
    assert!(
        !out.join("zorgcentrum-rivierzicht").exists(),
        "the refused run wrote something"
    );
    drop(held);
    let o = run_cfg(&cfg, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn retry_failed_redoes_only_the_failures_and_status_tells_which() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = setup(
        tmp.path(),
        "behaviour = \"ok\"\nby_organisation = { second-org = \"panic\" }",
    );
    let o = run_cfg(&cfg, &[]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "a failed analysis is a partial failure: {}",
        stderr(&o)
    );

    let status = |cfg: &Path| {
        let o = run(werkt()
            .args(["status", "--config"])
            .arg(cfg)
            .args(["--period", "2026-10"]));
        stdout(&o)
    };
    let s = status(&cfg);
    assert!(
        s.lines().any(|l| l.starts_with("failed")
            && l.contains("second-org")
            && l.contains("test_misbehave")),
        "{s}"
    );
    assert!(
        s.lines()
            .any(|l| l.starts_with("done") && l.contains("zorgcentrum-rivierzicht")),
        "{s}"
    );

    // The plugin is fixed; only the failed organisation runs again.
    let cfg = setup(&tmp.path().join("fixed"), "behaviour = \"ok\"");
    let fixed = fs::read_to_string(&cfg)
        .unwrap()
        .replace("\"data\"", &format!("{:?}", tmp.path().join("data")))
        .replace("\"out\"", &format!("{:?}", tmp.path().join("out")));
    fs::write(&cfg, fixed).unwrap();
    let before = mtime(
        &tmp.path()
            .join("out/zorgcentrum-rivierzicht/2026-10/report.pdf"),
    );
    let o = run_cfg(&cfg, &["--retry-failed"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("retrying 1 failed organisation(s): second-org"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        mtime(
            &tmp.path()
                .join("out/zorgcentrum-rivierzicht/2026-10/report.pdf")
        ),
        before
    );
    let s = status(&cfg);
    assert!(
        s.lines()
            .any(|l| l.starts_with("done") && l.contains("second-org")),
        "{s}"
    );
    assert!(!s.contains("failed "), "{s}");
}

#[test]
fn status_names_organisations_that_never_ran() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = setup(tmp.path(), "behaviour = \"ok\"");
    let o = run(werkt().args(["run", "--config"]).arg(&cfg).args([
        "--period",
        "2026-10",
        "--org",
        "second-org",
    ]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(werkt()
        .args(["status", "--config"])
        .arg(&cfg)
        .args(["--period", "2026-10"]));
    let s = stdout(&o);
    assert!(
        s.lines()
            .any(|l| l.starts_with("never-run") && l.contains("zorgcentrum-rivierzicht")),
        "{s}"
    );
    assert!(
        s.lines()
            .any(|l| l.starts_with("done") && l.contains("second-org")),
        "{s}"
    );
}

#[test]
fn backfill_gives_the_first_report_its_history() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = setup(tmp.path(), "behaviour = \"ok\"");
    let o = run(werkt()
        .args(["backfill", "--config"])
        .arg(&cfg)
        .args(["--from", "2025-11", "--to", "2026-09"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("11 period(s) computed"),
        "{}",
        stderr(&o)
    );
    // Again: nothing left to compute.
    let o = run(werkt()
        .args(["backfill", "--config"])
        .arg(&cfg)
        .args(["--from", "2025-11", "--to", "2026-09"]));
    assert!(
        stderr(&o).contains("0 period(s) computed, 11 already in history"),
        "{}",
        stderr(&o)
    );
    // Backfilled periods are figures, not reports: status still says the period never ran.
    let o = run(werkt()
        .args(["status", "--config"])
        .arg(&cfg)
        .args(["--period", "2026-09"]));
    assert!(stdout(&o).contains("never-run"), "{}", stdout(&o));
}

#[test]
fn schedule_prints_the_next_runs_and_units() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(
        tmp.path(),
        "[schedule]\ncron = \"0 6 2 * *\"\ntimezone = \"Europe/Amsterdam\"\n",
    );
    let o = run(werkt().args(["schedule", "--config"]).arg(&cfg));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let runs: Vec<_> = stdout(&o)
        .lines()
        .filter(|l| l.starts_with("20") && l.contains("reports on"))
        .map(String::from)
        .collect();
    assert_eq!(runs.len(), 5, "{}", stdout(&o));
    assert!(runs.iter().all(|l| l.contains("-02 06:00")), "{runs:?}");
    for (emit, needle) in [
        ("crontab", "CRON_TZ=Europe/Amsterdam"),
        ("systemd", "OnCalendar="),
        ("kubernetes", "concurrencyPolicy: Forbid"),
    ] {
        let o = run(werkt()
            .args(["schedule", "--config"])
            .arg(&cfg)
            .args(["--emit", emit]));
        assert_eq!(o.status.code(), Some(0), "{emit}: {}", stderr(&o));
        assert!(stdout(&o).contains(needle), "{emit}:\n{}", stdout(&o));
        assert!(
            stdout(&o).contains("run") && stdout(&o).contains("--config"),
            "{emit}:\n{}",
            stdout(&o)
        );
    }
}

#[test]
fn a_duplicated_organisation_id_fails_that_id_only() {
    // One copy too many in the data directory used to stop the whole run with nothing
    // written for anyone. Now that id fails (once, without paths in the history) and every
    // other organisation gets its report.
    let tmp = tempfile::tempdir().unwrap();
    let cfg = setup(tmp.path(), "behaviour = \"ok\"");
    copy_dir(&example_org(), &tmp.path().join("data/a-copy"));
    let o = run_cfg(&cfg, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("two organisations have the id 'zorgcentrum-rivierzicht'"),
        "{err}"
    );
    let out = tmp.path().join("out");
    assert!(out.join("second-org/2026-10/report.pdf").is_file());
    assert!(!out.join("zorgcentrum-rivierzicht/2026-10").exists());
    let s = stdout(&run(werkt()
        .args(["status", "--config"])
        .arg(&cfg)
        .args(["--period", "2026-10"])));
    let line = s
        .lines()
        .find(|l| l.starts_with("failed") && l.contains("zorgcentrum-rivierzicht"))
        .unwrap_or_else(|| panic!("{s}"));
    assert!(
        line.contains("have the id") && !line.contains(tmp.path().to_str().unwrap()),
        "{line}"
    );
    // validate says the same for those two directories and passes the other.
    let v = run(werkt().args(["validate", "--config"]).arg(&cfg));
    assert_eq!(v.status.code(), Some(1));
    assert_eq!(
        stderr(&v)
            .matches("organisation directories have the id")
            .count(),
        2
    );
    assert!(stdout(&v).contains("ok: second-org"), "{}", stdout(&v));
}

#[test]
fn a_report_whose_figures_the_history_refused_is_done_again_next_run() {
    // The history write came after the report: when it failed, the next run skipped the
    // organisation as unchanged and the history never got that period.
    let tmp = tempfile::tempdir().unwrap();
    let cfg = setup(
        tmp.path(),
        "behaviour = \"ok\"\nby_organisation = { second-org = \"duplicate\" }",
    );
    for round in 0..2 {
        let o = run_cfg(&cfg, &[]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "round {round}: {err}");
        assert!(err.contains("history store"), "round {round}: {err}");
        assert!(
            !err.contains("second-org: unchanged"),
            "round {round}: skipped as unchanged: {err}"
        );
        // The other organisation is complete: written the first time, skipped the second.
        assert_eq!(
            err.contains("zorgcentrum-rivierzicht: unchanged"),
            round == 1,
            "round {round}: {err}"
        );
    }
    let s = stdout(&run(werkt()
        .args(["status", "--config"])
        .arg(&cfg)
        .args(["--period", "2026-10"])));
    assert!(
        s.lines()
            .any(|l| l.starts_with("failed") && l.contains("second-org") && l.contains("history")),
        "{s}"
    );
}

#[test]
fn a_run_killed_between_renames_or_before_cleanup_is_noticed_and_tidied() {
    // Files are renamed into place one by one, manifest.json last. A kill between two renames
    // left a report that the old manifest vouched for, and kill -9 left .werkt-*.tmp files
    // in units/ for ever.
    let tmp = tempfile::tempdir().unwrap();
    let cfg = setup(tmp.path(), "behaviour = \"ok\"");
    let o = run_cfg(&cfg, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = tmp.path().join("out/second-org/2026-10");
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let outputs = m["outputs"]
        .as_object()
        .expect("manifest.json lists its outputs");
    assert!(outputs.contains_key("report.pdf") && outputs.contains_key("metrics.json"));

    // A newer report.pdf renamed in, then the kill: the manifest no longer matches.
    fs::write(dir.join("report.pdf"), b"%PDF-1.7 half of another run").unwrap();
    fs::create_dir_all(dir.join("units")).unwrap();
    for leftover in [".werkt-AbC123.tmp", "units/.werkt-XyZ789.tmp"] {
        fs::write(dir.join(leftover), b"partial").unwrap();
    }
    let o = run_cfg(&cfg, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("second-org: unchanged"), "{err}");
    assert!(err.contains("zorgcentrum-rivierzicht: unchanged"), "{err}");
    assert!(fs::read(dir.join("report.pdf")).unwrap().len() > 1000);
    assert!(!dir.join(".werkt-AbC123.tmp").exists());
    assert!(!dir.join("units/.werkt-XyZ789.tmp").exists());
}
