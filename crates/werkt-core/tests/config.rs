//! The layered configuration: defaults < file < environment < overrides, unknown keys, paths.

use std::path::{Path, PathBuf};

use werkt_core::config::{Config, ConfigError, Isolation, LoadOptions};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn builtin_defaults_load() {
    let c = Config::builtin().unwrap();
    assert_eq!(c.privacy.min_group_size, 5);
    assert_eq!(c.report.template, "monthly");
    assert_eq!(c.output.dir, PathBuf::from("out"));
    assert_eq!(c.plugin_host.isolation, Isolation::Process);
    assert_eq!(c.data.survey.scales["uwes_"], [0, 6]);
    assert_eq!(c.data.max_errors, 100);
    assert_eq!(c.history_path(), PathBuf::from("out/history.sqlite"));
    assert!(c.plugins.is_empty());
}

#[test]
fn each_layer_wins_over_the_one_below() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "werkt.toml",
        "[privacy]\nmin_group_size = 6\n[report]\nlanguage = \"nl\"\n",
    );
    let opts = LoadOptions::new(Some(file.clone()));
    assert_eq!(
        Config::load(&opts).unwrap().privacy.min_group_size,
        6,
        "file over defaults"
    );

    let opts = opts.with_env(env(&[
        ("WERKT_PRIVACY__MIN_GROUP_SIZE", "7"),
        ("HOME", "/x"),
    ]));
    let c = Config::load(&opts).unwrap();
    assert_eq!(c.privacy.min_group_size, 7, "environment over file");
    assert_eq!(
        c.report.language.code(),
        "nl",
        "what the environment leaves alone stays from the file"
    );

    let c = Config::load(&opts.with_override("privacy.min_group_size", "8")).unwrap();
    assert_eq!(c.privacy.min_group_size, 8, "override over environment");
    assert_eq!(c.privacy().min_group_size, 8);
}

#[test]
fn env_and_overrides_reach_every_kind_of_key() {
    let opts = LoadOptions::default()
        .with_env(env(&[
            ("WERKT_PLUGIN_HOST__ISOLATION", "in-process"),
            ("WERKT_REPORT__BURST", "true"),
            ("WERKT_DATA__ORGANISATIONS", "a, b"),
            ("WERKT_PLUGINS__ABSENCE__COST_PER_SICK_DAY", "300"),
            ("WERKT_PLUGINS__ABSENCE__ENABLED", "false"),
            ("WERKT_CONFIG", "ignored: not a WERKT_<SECTION>__<KEY> name"),
        ]))
        .with_override("run.jobs", "3")
        .with_override("plugins.absence.timeout_s", "30")
        .with_override("plugins.absence.max_memory_mb", "1024");
    let c = Config::load(&opts).unwrap();
    assert_eq!(c.plugin_host.isolation, Isolation::InProcess);
    assert!(c.report.burst);
    assert_eq!(
        c.data.organisations,
        vec![PathBuf::from("a"), PathBuf::from("b")]
    );
    assert_eq!(c.run.jobs, Some(3));
    let p = &c.plugins["absence"];
    assert!(!p.enabled);
    assert_eq!(p.timeout_s, Some(30));
    assert_eq!(c.plugin_timeout_s("absence"), 30);
    assert_eq!(c.plugin_timeout_s("other"), 120);
    assert_eq!(c.plugin_max_memory_mb("absence"), 1024);
    assert_eq!(c.plugin_max_memory_mb("other"), 4096);
    assert_eq!(
        p.settings_value(),
        serde_json::json!({"cost_per_sick_day": 300})
    );
}

#[test]
fn repeated_list_overrides_replace_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "w.toml",
        "[data]\norganisations = [\"x\", \"y\", \"z\"]\n",
    );
    let opts = LoadOptions::new(Some(file))
        .with_override("data.organisations", "d1")
        .with_override("data.organisations", "d2,with comma");
    let c = Config::load(&opts).unwrap();
    assert_eq!(
        c.data.organisations,
        vec![PathBuf::from("d1"), PathBuf::from("d2,with comma")]
    );
}

#[test]
fn unknown_key_in_a_file_names_key_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "werkt.toml", "[privacy]\nmin_groupsize = 6\n");
    let e = Config::load(&LoadOptions::new(Some(file.clone()))).unwrap_err();
    assert!(matches!(e, ConfigError::UnknownKeys(_)), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "unknown configuration key `privacy.min_groupsize` in {} (known keys here: min_group_size)",
            file.display()
        )
    );
}

#[test]
fn unknown_section_in_a_file_is_reported_with_every_other_unknown_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "werkt.toml",
        "[reports]\nlanguage = \"nl\"\n[output]\ndir = \"o\"\nformat = \"pdf\"\n",
    );
    let msg = Config::load(&LoadOptions::new(Some(file.clone())))
        .unwrap_err()
        .to_string();
    let lines: Vec<&str> = msg.lines().collect();
    assert_eq!(lines.len(), 2, "{msg}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("unknown configuration key `reports` in ")),
        "{msg}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("unknown configuration key `output.format` in ")),
        "{msg}"
    );
}

#[test]
fn unknown_key_in_the_environment_names_the_variable() {
    let opts = LoadOptions::default().with_env(env(&[("WERKT_PRIVACY__MIN_GROUPSIZE", "7")]));
    assert_eq!(
        Config::load(&opts).unwrap_err().to_string(),
        "unknown configuration key `privacy.min_groupsize` in environment variable WERKT_PRIVACY__MIN_GROUPSIZE (known keys here: min_group_size)"
    );
}

#[test]
fn unknown_override_key_names_the_command_line() {
    let opts = LoadOptions::default().with_override("output.directory", "x");
    assert_eq!(
        Config::load(&opts).unwrap_err().to_string(),
        "unknown configuration key `output.directory` in the command line (known keys here: dir)"
    );
}

#[test]
fn paths_in_a_file_are_relative_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("conf")).unwrap();
    let file = write(
        &dir.path().join("conf"),
        "werkt.toml",
        r#"
[data]
organisations = ["../examples", "/abs/orgs"]
[output]
dir = "./reports"
[report]
logo = "img/logo.png"
[plugin_host]
dirs = ["plugins"]
[plugins.absence]
path = "../lib/libabsence.so"
"#,
    );
    let c = Config::load(&LoadOptions::new(Some(file))).unwrap();
    let base = std::path::absolute(dir.path()).unwrap();
    assert_eq!(
        c.data.organisations,
        vec![base.join("examples"), PathBuf::from("/abs/orgs")]
    );
    assert_eq!(c.output.dir, base.join("conf/reports"));
    assert_eq!(c.report.logo, Some(base.join("conf/img/logo.png")));
    assert_eq!(c.plugin_host.dirs, vec![base.join("conf/plugins")]);
    assert_eq!(
        c.plugins["absence"].path,
        Some(base.join("lib/libabsence.so"))
    );
    assert_eq!(c.history_path(), base.join("conf/reports/history.sqlite"));
}

#[test]
fn paths_from_environment_and_overrides_are_relative_to_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "werkt.toml", "[output]\ndir = \"reports\"\n");
    let opts = LoadOptions::new(Some(file)).with_env(env(&[("WERKT_REPORT__FONT", "fonts/a.ttf")]));
    let c = Config::load(&opts.clone().with_override("output.dir", "elsewhere")).unwrap();
    assert_eq!(c.output.dir, PathBuf::from("elsewhere"));
    assert_eq!(c.report.font, Some(PathBuf::from("fonts/a.ttf")));
}

#[test]
fn min_group_size_below_three_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "werkt.toml", "[privacy]\nmin_group_size = 2\n");
    let e = Config::load(&LoadOptions::new(Some(file.clone()))).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "privacy.min_group_size (set in {}): is 2, but must be at least 3: smaller groups would make individual answers and sick leave recognisable",
            file.display()
        )
    );
    let opts = LoadOptions::default().with_env(env(&[("WERKT_PRIVACY__MIN_GROUP_SIZE", "1")]));
    assert!(Config::load(&opts).unwrap_err().to_string().starts_with(
        "privacy.min_group_size (set in environment variable WERKT_PRIVACY__MIN_GROUP_SIZE): is 1,"
    ));
    let three = LoadOptions::default().with_override("privacy.min_group_size", "3");
    assert_eq!(Config::load(&three).unwrap().privacy.min_group_size, 3);
}

#[test]
fn a_value_of_the_wrong_type_names_key_and_source() {
    let opts = LoadOptions::default().with_env(env(&[("WERKT_PRIVACY__MIN_GROUP_SIZE", "many")]));
    let msg = Config::load(&opts).unwrap_err().to_string();
    assert!(msg.contains("privacy.min_group_size"), "{msg}");
    assert!(msg.contains("WERKT_PRIVACY__MIN_GROUP_SIZE"), "{msg}");
}

#[test]
fn enumerated_values_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "w.toml", "[report]\nlanguage = \"de\"\n");
    assert_eq!(
        Config::load(&LoadOptions::new(Some(file.clone())))
            .unwrap_err()
            .to_string(),
        format!(
            "invalid configuration: unknown value \"de\", expected \"en\" or \"nl\" for key `report.language` in {}",
            file.display()
        )
    );
    let paper = LoadOptions::default().with_env(env(&[("WERKT_REPORT__PAPER", "B5")]));
    assert_eq!(
        Config::load(&paper).unwrap_err().to_string(),
        "invalid configuration: unknown value \"B5\", expected one of \"A3\", \"A4\", \"A5\", \"Letter\", \"Legal\" for key `report.paper` in environment variable WERKT_REPORT__PAPER"
    );

    let bad = LoadOptions::default()
        .with_override("report.accent_color", "blue")
        .with_override("schedule.timezone", "Mars/Olympus")
        .with_override("report.template", "../etc")
        .with_override("run.jobs", "0")
        .with_override("notify.webhook", "ftp://x");
    let msg = Config::load(&bad).unwrap_err().to_string();
    for expected in [
        "report.accent_color (set in the command line): \"blue\" is not a colour written as #rrggbb",
        "schedule.timezone (set in the command line): \"Mars/Olympus\" is not a time zone name such as Europe/Amsterdam",
        "report.template (set in the command line): \"../etc\" is not a template name ([a-z0-9][a-z0-9_-]*)",
        "run.jobs (set in the command line): must be at least 1 (leave it out to use every core)",
        "notify.webhook (set in the command line): \"ftp://x\" is not an http:// or https:// URL",
    ] {
        assert!(
            msg.lines().any(|l| l == expected),
            "missing {expected:?} in\n{msg}"
        );
    }
}

#[test]
fn column_mappings_must_name_real_columns() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "w.toml",
        "[data.columns.employees]\nfte = \"Deeltijdfactor\"\nsalary = \"Salaris\"\n[data.columns.survey]\nuwes_1 = \"V1\"\nq_1 = \"V2\"\n",
    );
    let msg = Config::load(&LoadOptions::new(Some(file.clone())))
        .unwrap_err()
        .to_string();
    let f = file.display();
    assert_eq!(
        msg,
        format!(
            "data.columns.employees.salary (set in {f}): employees.csv has no column `salary`; its columns are employee_id, unit_id, fte, start_date, end_date, daily_cost\n\
             data.columns.survey.q_1 (set in {f}): survey.csv has no column `q_1`; its columns are respondent_id, unit_id, date, item columns starting with a scale prefix from [data.survey.scales]"
        )
    );
}

#[test]
fn an_unknown_table_in_the_column_mapping_is_an_unknown_key() {
    let opts = LoadOptions::default().with_env(env(&[("WERKT_DATA__COLUMNS__STAFF__FTE", "x")]));
    let msg = Config::load(&opts).unwrap_err().to_string();
    assert!(
        msg.starts_with("unknown configuration key `data.columns.staff` in environment variable WERKT_DATA__COLUMNS__STAFF__FTE"),
        "{msg}"
    );
}

#[test]
fn a_broken_file_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "w.toml", "[privacy]\nmin_group_size = = 5\n");
    let msg = Config::load(&LoadOptions::new(Some(file.clone())))
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with(&format!("{}:2: not valid TOML: ", file.display())),
        "{msg}"
    );
    let missing = dir.path().join("nope.toml");
    let msg = Config::load(&LoadOptions::new(Some(missing.clone())))
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with(&format!(
            "cannot read the configuration file {}: ",
            missing.display()
        )),
        "{msg}"
    );
}

#[test]
fn to_toml_shows_the_effective_configuration_and_reads_back() {
    let opts = LoadOptions::default()
        .with_override("privacy.min_group_size", "9")
        .with_override("report.title", "Maandrapport")
        .with_override("plugins.absence.cost_per_sick_day", "275.5");
    let c = Config::load(&opts).unwrap();
    let text = c.to_toml();
    assert!(text.contains("min_group_size = 9"), "{text}");
    assert!(text.contains("title = \"Maandrapport\""), "{text}");
    assert!(text.contains("[plugins.absence]"), "{text}");
    assert!(
        text.contains("\n# Not set (their defaults apply, see docs/configuration.md):\n#   ")
            && text.contains("\n#   history.path\n")
            && text.contains("\n#   data.employees.sheet\n"),
        "{text}"
    );
    assert!(!text.contains("#   report.title"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    // Absolute paths only, so reading the file back resolves nothing differently.
    let abs = LoadOptions::default()
        .with_override("privacy.min_group_size", "9")
        .with_override("report.title", "Maandrapport")
        .with_override("plugins.absence.cost_per_sick_day", "275.5")
        .with_override("output.dir", dir.path().join("out").to_str().unwrap());
    let c = Config::load(&abs).unwrap();
    let file = write(dir.path(), "shown.toml", &c.to_toml());
    assert_eq!(Config::load(&LoadOptions::new(Some(file))).unwrap(), c);
}

#[test]
fn the_defaults_file_documents_every_key() {
    // Every key of the schema appears in config/default.toml, set or commented out.
    let text = werkt_core::config::DEFAULT_TOML;
    for key in [
        "organisations",
        "max_errors",
        "min_group_size",
        "language",
        "template",
        "templates_dir",
        "title",
        "font",
        "font_bold",
        "logo",
        "accent_color",
        "burst",
        "paper",
        "dir",
        "dirs",
        "isolation",
        "timeout_s",
        "max_response_mb",
        "max_findings",
        "max_finding_chars",
        "max_series",
        "max_series_points",
        "max_memory_mb",
        "cron",
        "timezone",
        "period",
        "catch_up",
        "path",
        "enabled",
        "on_failure",
        "on_success",
        "webhook",
        "jobs",
        "sha256",
        "optional",
    ] {
        assert!(
            text.lines().any(|l| l
                .trim_start_matches(['#', ' '])
                .starts_with(&format!("{key} "))),
            "{key} is not documented in config/default.toml"
        );
    }
}

#[test]
fn an_empty_environment_variable_counts_as_unset() {
    let opts = LoadOptions::default()
        .with_env(env(&[("WERKT_RUN__JOBS", ""), ("WERKT_REPORT__TITLE", "")]));
    let c = Config::load(&opts).unwrap();
    assert_eq!(c.run.jobs, None);
    assert_eq!(c.report.title, None);
}

#[test]
fn a_file_saved_with_a_byte_order_mark_loads() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "w.toml",
        "\u{feff}[privacy]\r\nmin_group_size = 4\r\n",
    );
    assert_eq!(
        Config::load(&LoadOptions::new(Some(file)))
            .unwrap()
            .privacy
            .min_group_size,
        4
    );
}

#[test]
fn the_remaining_value_rules() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "w.toml",
        r#"
[data]
max_errors = 0
[data.survey.scales]
"Q-" = [7, 1]
[data.columns.units]
unit_id = "Code"
name = "code"
[plugin_host]
timeout_s = 0
max_response_mb = 0
max_series_points = 0
max_memory_mb = 255
[plugins.Absence]
[plugins.engagement]
sha256 = "abc"
timeout_s = 0
max_memory_mb = 0
[schedule]
cron = "0 6 2 *"
[notify]
on_success = " "
"#,
    );
    let msg = Config::load(&LoadOptions::new(Some(file.clone())))
        .unwrap_err()
        .to_string();
    let f = file.display();
    let expected = [
        format!("data.max_errors (set in {f}): must be at least 1"),
        format!(
            "data.survey.scales.Q- (set in {f}): a scale prefix is lowercase letters, digits and '_' (e.g. uwes_)"
        ),
        format!(
            "data.survey.scales.Q- (set in {f}): the lowest answer 7 is above the highest 1; write [lowest, highest]"
        ),
        format!(
            "data.columns.units.unit_id (set in {f}): header \"Code\" is already mapped to `name`"
        ),
        format!("plugin_host.timeout_s (set in {f}): must be at least 1 second"),
        format!("plugin_host.max_response_mb (set in {f}): must be at least 1"),
        format!("plugin_host.max_series_points (set in {f}): must be at least 1"),
        format!(
            "plugin_host.max_memory_mb (set in {f}): must be at least 256 (MiB): a plugin host needs that much address space to start"
        ),
        format!("plugins.Absence (set in {f}): a plugin name is [a-z0-9][a-z0-9_-]*"),
        format!(
            "plugins.engagement.sha256 (set in {f}): must be 64 hexadecimal digits (a SHA-256 checksum)"
        ),
        format!("plugins.engagement.timeout_s (set in {f}): must be at least 1 second"),
        format!(
            "plugins.engagement.max_memory_mb (set in {f}): must be at least 256 (MiB): a plugin host needs that much address space to start"
        ),
        format!(
            "schedule.cron (set in {f}): \"0 6 2 *\" is not a cron expression of five fields (minute hour day month weekday)"
        ),
        format!("notify.on_success (set in {f}): is empty; leave the key out for no command"),
    ];
    let lines: Vec<&str> = msg.lines().collect();
    for e in &expected {
        assert!(lines.contains(&e.as_str()), "missing\n  {e}\nin\n{msg}");
    }
    assert_eq!(lines.len(), expected.len(), "{msg}");
}

#[test]
fn garbage_configuration_is_an_error_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let inputs: [&[u8]; 8] = [
        b"\x00\x01\x02\xff\xfe",
        b"[[data]]\n[[data]]\n",
        b"data = 5\n",
        b"[data]\norganisations = \"one\"\n",
        b"[plugins]\nabsence = 5\n",
        b"[data.survey.scales]\nuwes_ = [6]\n",
        b"[privacy]\nmin_group_size = -4\n",
        b"[report]\ntitle = { a = 1 }\n",
    ];
    for (i, bytes) in inputs.iter().enumerate() {
        let path = dir.path().join(format!("c{i}.toml"));
        std::fs::write(&path, bytes).unwrap();
        let e = Config::load(&LoadOptions::new(Some(path))).unwrap_err();
        assert!(!e.to_string().is_empty());
    }
    let env_garbage = LoadOptions::default().with_env(env(&[("WERKT_PRIVACY__", "5")]));
    assert_eq!(
        Config::load(&env_garbage).unwrap_err().to_string(),
        "environment variable WERKT_PRIVACY__: not a valid configuration variable name; write WERKT_<SECTION>__<KEY>, e.g. WERKT_PRIVACY__MIN_GROUP_SIZE"
    );
}
