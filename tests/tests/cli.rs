//! The `werkt` command as a user runs it: validation, a full run on the example, the
//! configuration layers and the exit statuses.

use std::fs;

use werkt_e2e::*;

#[test]
fn the_example_validates_cleanly() {
    let o = run(werkt()
        .current_dir(root())
        .args(["validate", "--config", "config/example.toml"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("ok: zorgcentrum-rivierzicht"),
        "{}",
        stdout(&o)
    );
    assert!(!stderr(&o).contains("error"), "{}", stderr(&o));
}

#[test]
fn a_broken_copy_gets_every_problem_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    copy_dir(&example_org(), &org);
    // Break one line in three files; line numbers count the header as line 1.
    let edit = |file: &str, line: usize, f: &dyn Fn(&str) -> String| {
        let p = org.join(file);
        let text = fs::read_to_string(&p).unwrap();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines[line - 1] = f(&lines[line - 1]);
        fs::write(&p, lines.join("\n") + "\n").unwrap();
    };
    edit("employees.csv", 3, &|l| {
        let mut f: Vec<&str> = l.split(',').collect();
        f[1] = "no-such-unit";
        f.join(",")
    });
    edit("absence.csv", 5, &|l| {
        let mut f: Vec<&str> = l.split(',').collect();
        f[3] = "140";
        f.join(",")
    });
    edit("survey.csv", 4, &|l| {
        let mut f: Vec<&str> = l.split(',').collect();
        f[3] = "9";
        f.join(",")
    });
    let o = run(werkt().args(["validate", "--data"]).arg(&org));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for (file, line, value) in [
        ("employees.csv", 3, "no-such-unit"),
        ("absence.csv", 5, "140"),
        ("survey.csv", 4, "9"),
    ] {
        let at = format!("{file}:{line}:");
        let hit = err.lines().find(|l| l.contains(&at));
        assert!(
            hit.is_some_and(|l| l.contains(value)),
            "no error at {at} naming {value} in:\n{err}"
        );
    }
}

#[test]
fn run_writes_the_report_and_its_metrics() {
    let out = tempfile::tempdir().unwrap();
    let o = run(werkt()
        .current_dir(root())
        .args([
            "run",
            "--config",
            "config/example.toml",
            "--period",
            "2026-10",
            "--out",
        ])
        .arg(out.path()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = out.path().join("zorgcentrum-rivierzicht/2026-10");
    let pdf = fs::read(dir.join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "report.pdf is not a PDF");
    let metrics: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(metrics["schema"], 1);
    assert_eq!(metrics["period"], "2026-10");
    assert_eq!(metrics["organisation"]["id"], "zorgcentrum-rivierzicht");
    for plugin in ["engagement", "absorptive_capacity", "sick_leave_roi"] {
        assert_eq!(
            metrics["analyses"][plugin]["status"], "ok",
            "{plugin}: {}",
            metrics["analyses"][plugin]
        );
        assert!(
            !metrics["analyses"][plugin]["metrics"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{plugin} has no metrics"
        );
    }
    // The outputs and the manifest that vouches for them; no temporary files left behind.
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["manifest.json", "metrics.json", "report.pdf"]);
}

#[test]
fn invalid_data_writes_nothing_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    copy_dir(&example_org(), &org);
    fs::write(
        org.join("units.csv"),
        "unit_id,name,parent_id\norg,Whole,\na,A,b\nb,B,a\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = run(werkt()
        .current_dir(root())
        .args([
            "run",
            "--config",
            "config/example.toml",
            "--period",
            "2026-10",
            "--data",
        ])
        .arg(&org)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cycle"), "{}", stderr(&o));
    // The lock and the history of the attempt, but no report.
    assert!(
        !out.join("zorgcentrum-rivierzicht").exists(),
        "a report was written"
    );
}

#[test]
fn configuration_layers_file_then_environment_then_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(
        tmp.path(),
        "[privacy]\nmin_group_size = 6\n[output]\ndir = \"from-file\"\n[plugins.test_counter]\n",
    );
    let show = |env: &[(&str, &str)]| {
        let mut c = werkt();
        c.args(["config", "show", "--config"]).arg(&cfg);
        for (k, v) in env {
            c.env(k, v);
        }
        let o = run(&mut c);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    assert!(
        show(&[]).contains("min_group_size = 6"),
        "the file beats the default"
    );
    let with_env = show(&[("WERKT_PRIVACY__MIN_GROUP_SIZE", "7")]);
    assert!(
        with_env.contains("min_group_size = 7"),
        "the environment beats the file:\n{with_env}"
    );

    // The --out flag beats WERKT_OUTPUT__DIR, which beats the file.
    let env_out = tmp.path().join("from-env");
    let flag_out = tmp.path().join("from-flag");
    let base = |c: &mut std::process::Command| {
        c.args(["run", "--config"])
            .arg(&cfg)
            .args(["--period", "2026-10", "--data"])
            .arg(example_org());
        c.env("WERKT_OUTPUT__DIR", &env_out);
    };
    let mut c = werkt();
    base(&mut c);
    let o = run(&mut c);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        env_out
            .join("zorgcentrum-rivierzicht/2026-10/metrics.json")
            .exists()
    );
    let mut c = werkt();
    base(&mut c);
    c.arg("--out").arg(&flag_out);
    let o = run(&mut c);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        flag_out
            .join("zorgcentrum-rivierzicht/2026-10/metrics.json")
            .exists()
    );
}

#[test]
fn unknown_keys_name_the_key_and_where_it_came_from() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), "[privacy]\nmin_grup_size = 6\n");
    let o = run(werkt().args(["config", "show", "--config"]).arg(&cfg));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("min_grup_size") && err.contains("werkt.toml"),
        "{err}"
    );

    let o = run(werkt()
        .args(["config", "show"])
        .env("WERKT_PRIVACY__MIN_GRUP_SIZE", "6"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("WERKT_PRIVACY__MIN_GRUP_SIZE"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_minimum_group_size_below_three_is_refused() {
    let o = run(werkt()
        .args(["config", "show"])
        .env("WERKT_PRIVACY__MIN_GROUP_SIZE", "2"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("min_group_size"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let o = run(werkt().args(["run", "--period", "2026-13"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = run(werkt().arg("frobnicate"));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn init_writes_a_skeleton_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let o = run(werkt().arg("init").arg(&dir));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("werkt.toml").exists());
    let o = run(werkt()
        .args(["config", "show", "--config"])
        .arg(dir.join("werkt.toml")));
    assert_eq!(
        o.status.code(),
        Some(0),
        "the written config loads: {}",
        stderr(&o)
    );
    let o = run(werkt().arg("init").arg(&dir));
    assert_ne!(o.status.code(), Some(0), "init overwrote an existing setup");
}

#[test]
fn a_fresh_init_with_the_example_data_gives_a_full_report() {
    // `werkt init` then `werkt run` wrote an empty report with exit 0: no analysis was
    // enabled, and the commented example named a plugin that does not exist.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let o = run(werkt().arg("init").arg(&dir));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let org = dir.join("data/my-organisation");
    fs::remove_dir_all(&org).unwrap();
    copy_dir(&example_org(), &org);
    let o = run(werkt()
        .args(["run", "--config"])
        .arg(dir.join("werkt.toml"))
        .args(["--period", "2026-10"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m: serde_json::Value = serde_json::from_slice(
        &fs::read(dir.join("out/zorgcentrum-rivierzicht/2026-10/metrics.json")).unwrap(),
    )
    .unwrap();
    for analysis in ["engagement", "absorptive_capacity", "sick_leave_roi"] {
        assert_eq!(m["analyses"][analysis]["status"], "ok", "{analysis}: {m}");
    }
}

#[test]
fn a_run_with_no_analysis_enabled_is_refused_saying_what_to_add() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = write_config(tmp.path(), "[history]\nenabled = false\n");
    let o = run(werkt()
        .args(["run", "--config"])
        .arg(&cfg)
        .args(["--period", "2026-10", "--data"])
        .arg(example_org()));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no analysis is enabled") && err.contains("[plugins.sick_leave_roi]"),
        "{err}"
    );
    assert!(!tmp.path().join("out").exists(), "nothing is written");
}

#[test]
fn without_config_the_werkt_toml_in_the_working_directory_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("werkt.toml"),
        "[privacy]\nmin_group_size = 7\n",
    )
    .unwrap();
    let o = run(werkt().args(["config", "show"]).current_dir(tmp.path()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("min_group_size = 7"), "{}", stdout(&o));
    // Elsewhere the built-in defaults apply.
    let other = tempfile::tempdir().unwrap();
    let o = run(werkt().args(["config", "show"]).current_dir(other.path()));
    assert!(stdout(&o).contains("min_group_size = 5"), "{}", stdout(&o));
}

#[test]
fn a_closed_pipe_ends_the_output_quietly_and_logs_have_no_colours_off_a_terminal() {
    // `werkt validate | head` panicked ("failed printing to stdout: Broken pipe", exit 101),
    // and a log file or cron mail got ANSI colour codes.
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..3 {
        let dir = tmp.path().join(format!("o{i}"));
        copy_dir(&example_org(), &dir);
        let toml = dir.join("organisation.toml");
        let text = fs::read_to_string(&toml)
            .unwrap()
            .replace("zorgcentrum-rivierzicht", &format!("org-{i}"));
        fs::write(&toml, text).unwrap();
    }
    let mut child = werkt()
        .args(["validate", "--data"])
        .arg(tmp.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before werkt has written anything.
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let cfg = write_config(
        tmp.path(),
        "[history]\nenabled = false\n[plugins.test_counter]\n",
    );
    let o = run(werkt()
        .args(["run", "--config"])
        .arg(&cfg)
        .args(["--period", "2026-10", "--data"])
        .arg(tmp.path().join("o0"))
        .arg("--out")
        .arg(tmp.path().join("out")));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("INFO"), "{err}");
    assert!(!err.contains('\u{1b}'), "colour codes in a pipe: {err:?}");
}
