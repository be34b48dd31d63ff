//! Loads the real test plugins under tests/plugins/ (cdylibs built from this workspace) through
//! libloading, in both isolation modes. Run `cargo build --workspace` first: the plugins are
//! looked up next to this test executable, in the target directory.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;
use werkt_host::{
    FailureKind, HostCommand, Isolation, LoadProblem, PluginFailure, PluginSpec, ProblemSeverity,
    Registry, library_file_name, sha256_file,
};
use werkt_model::{
    Absence, AnalysisOutput, AnalysisRequest, Dataset, Employment, Period, Privacy, Unit,
};

const PLUGINS: [&str; 4] = [
    "test_counter",
    "test_misbehave",
    "test_future_abi",
    "test_raw_json",
];

/// target/debug (or target/<profile>): the test binary lives in its `deps` subdirectory.
fn plugin_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target dir")
        .to_path_buf();
    for name in PLUGINS {
        let file = dir.join(library_file_name(name));
        assert!(
            file.is_file(),
            "test plugin {} is missing: run cargo build --workspace first (then cargo test --workspace)",
            file.display()
        );
    }
    dir
}

fn host() -> HostCommand {
    HostCommand::new(
        env!("CARGO_BIN_EXE_werkt-plugin-host"),
        Vec::<String>::new(),
    )
}

fn spec(name: &str, isolation: Isolation, config: serde_json::Value) -> PluginSpec {
    PluginSpec {
        isolation,
        config,
        timeout: Duration::from_secs(20),
        ..PluginSpec::new(name)
    }
}

fn load(specs: &[PluginSpec]) -> (Registry, Vec<LoadProblem>) {
    Registry::load(specs, &[plugin_dir()], &host())
}

fn load_one(spec: PluginSpec) -> Registry {
    let (registry, problems) = load(std::slice::from_ref(&spec));
    assert!(problems.is_empty(), "{problems:?}");
    registry
}

fn date(s: &str) -> werkt_model::Date {
    s.parse().unwrap()
}

fn request(org: &str) -> AnalysisRequest {
    let unit = |id: &str, parent: Option<&str>| Unit {
        id: id.into(),
        name: id.into(),
        parent: parent.map(Into::into),
        org_form: None,
    };
    let emp = |e: &str, u: &str| Employment {
        employee: e.into(),
        unit: u.into(),
        fte: 1.0,
        start: date("2020-01-01"),
        end: None,
        daily_cost: None,
    };
    let mut data = Dataset {
        units: vec![unit("org", None), unit("sales", Some("org"))],
        employees: vec![emp("e1", "org"), emp("e2", "sales"), emp("e3", "sales")],
        absence: vec![Absence {
            employee: "e1".into(),
            start: date("2026-10-02"),
            end: None,
            percentage: 100,
            reason: Default::default(),
        }],
        ..Default::default()
    };
    data.organisation.id = org.into();
    data.organisation.name = org.into();
    AnalysisRequest {
        period: Period::new(2026, 10).unwrap(),
        language: Default::default(),
        privacy: Privacy::default(),
        config: json!({"ignored": "the registry sends the plugin's own section"}),
        data,
    }
}

fn value(out: &AnalysisOutput, unit: &str) -> Option<f64> {
    out.metrics
        .iter()
        .find(|m| m.unit == unit)
        .and_then(|m| m.value)
}

fn failure(r: Result<AnalysisOutput, PluginFailure>) -> PluginFailure {
    match r {
        Ok(out) => panic!("expected a failure, got {out:?}"),
        Err(f) => f,
    }
}

const BOTH: [Isolation; 2] = [Isolation::InProcess, Isolation::Process];

#[test]
fn a_normal_plugin_works_in_both_isolation_modes() {
    for isolation in BOTH {
        let registry = load_one(spec("test_counter", isolation, json!({"label": "hello"})));
        let info = registry.get("test_counter").unwrap();
        assert_eq!(info.version, "0.3.1");
        assert_eq!(info.abi, (werkt_host::ABI_MAJOR, werkt_host::ABI_MINOR));
        assert_eq!(info.isolation, isolation);
        assert_eq!(info.sha256, sha256_file(&info.file).unwrap());
        assert_eq!(info.sha256.len(), 64);
        assert!(info.file.ends_with(library_file_name("test_counter")));
        assert_eq!(info.manifest.metrics[0].key, "rows");

        for _ in 0..3 {
            let out = registry.analyze("test_counter", &request("acme")).unwrap();
            assert_eq!(value(&out, "org"), Some(1.0));
            assert_eq!(value(&out, "sales"), Some(2.0));
            // The manifest asks for units and employees only; absence is filtered out, and the
            // plugin receives its own configuration, not the request's.
            assert_eq!(
                out.warnings[0],
                "tables: units=2 employees=3 absence=0 survey=false interventions=0"
            );
            assert_eq!(out.warnings[1], "label: hello");
        }
        match isolation {
            // One plugin host process served the describe and all three analyses.
            Isolation::Process => assert_eq!(registry.process_stats("test_counter"), Some((1, 1))),
            Isolation::InProcess => assert_eq!(registry.process_stats("test_counter"), None),
        }
    }
}

#[test]
fn another_abi_major_is_refused_with_a_clear_message() {
    for isolation in BOTH {
        let (registry, problems) = load(&[spec("test_future_abi", isolation, json!(null))]);
        assert_eq!(registry.plugins().count(), 0);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let p = &problems[0];
        assert_eq!(p.severity, ProblemSeverity::Error);
        assert_eq!(p.plugin, "test_future_abi");
        assert!(
            p.message.contains(&library_file_name("test_future_abi")),
            "{p}"
        );
        assert!(p.message.contains("ABI 2.3"), "{p}");
        assert!(
            p.message.contains(&format!(
                "ABI {}.{}",
                werkt_host::ABI_MAJOR,
                werkt_host::ABI_MINOR
            )),
            "{p}"
        );
    }
}

#[test]
fn a_panic_costs_one_analysis_and_the_next_request_works() {
    for isolation in BOTH {
        let registry = load_one(spec(
            "test_misbehave",
            isolation,
            json!({"by_organisation": {"bad": "panic"}}),
        ));
        let f = failure(registry.analyze("test_misbehave", &request("bad")));
        assert_eq!(f.kind, FailureKind::Panic);
        assert_eq!(f.plugin, "test_misbehave");
        assert!(
            f.message.contains("deliberate panic in test_misbehave"),
            "{f}"
        );
        assert!(f.to_string().starts_with("plugin 'test_misbehave'"), "{f}");
        let out = registry
            .analyze("test_misbehave", &request("good"))
            .unwrap();
        assert_eq!(value(&out, "org"), Some(1.0));
        if isolation == Isolation::Process {
            // A caught panic leaves the plugin host healthy: no restart.
            assert_eq!(registry.process_stats("test_misbehave"), Some((1, 1)));
        }
    }
}

#[test]
fn a_plugin_error_is_reported_as_such() {
    let registry = load_one(spec(
        "test_misbehave",
        Isolation::Process,
        json!({"behaviour": "error"}),
    ));
    let f = failure(registry.analyze("test_misbehave", &request("x")));
    assert_eq!(f.kind, FailureKind::Analysis);
    assert_eq!(f.message, "failed: the data is not what I expected");
}

#[test]
fn crashes_under_process_isolation_cost_one_analysis_and_the_host_is_restarted() {
    for (behaviour, expected) in [
        ("segfault", "SIGSEGV"),
        ("abort", "SIGABRT"),
        ("exit", "exited with status 7"),
    ] {
        let config = json!({"by_organisation": {"bad": behaviour}});
        let registry = load_one(spec("test_misbehave", Isolation::Process, config));
        assert_eq!(
            value(
                &registry
                    .analyze("test_misbehave", &request("good"))
                    .unwrap(),
                "org"
            ),
            Some(1.0)
        );
        let f = failure(registry.analyze("test_misbehave", &request("bad")));
        assert_eq!(f.kind, FailureKind::Crashed, "{behaviour}: {f}");
        if cfg!(unix) || !expected.starts_with("SIG") {
            assert!(f.message.contains(expected), "{behaviour}: {f}");
        }
        assert!(f.message.contains("during analyze"), "{f}");
        // The next request gets a fresh plugin host.
        let out = registry
            .analyze("test_misbehave", &request("good"))
            .unwrap();
        assert_eq!(value(&out, "org"), Some(1.0));
        assert_eq!(
            registry.process_stats("test_misbehave"),
            Some((2, 1)),
            "{behaviour}"
        );
    }
}

#[test]
fn a_plugin_looping_past_its_timeout_is_killed() {
    let mut s = spec(
        "test_misbehave",
        Isolation::Process,
        json!({"by_organisation": {"bad": "loop"}}),
    );
    // Long enough that starting the plugin host (same timeout) never trips on a busy CI machine.
    s.timeout = Duration::from_millis(1500);
    let registry = load_one(s);
    let started = Instant::now();
    let f = failure(registry.analyze("test_misbehave", &request("bad")));
    let took = started.elapsed();
    assert_eq!(f.kind, FailureKind::Timeout, "{f}");
    assert!(f.message.contains("within 1.5 s"), "{f}");
    assert!(
        took >= Duration::from_millis(1500) && took < Duration::from_secs(15),
        "{took:?}"
    );
    let out = registry
        .analyze("test_misbehave", &request("good"))
        .unwrap();
    assert_eq!(value(&out, "org"), Some(1.0));
    assert_eq!(registry.process_stats("test_misbehave"), Some((2, 1)));
}

#[test]
fn a_plugin_printing_to_stdout_does_not_break_the_protocol() {
    let registry = load_one(spec(
        "test_misbehave",
        Isolation::Process,
        json!({"behaviour": "garbage"}),
    ));
    for _ in 0..2 {
        let out = registry.analyze("test_misbehave", &request("x")).unwrap();
        assert_eq!(value(&out, "org"), Some(1.0));
    }
    assert_eq!(registry.process_stats("test_misbehave"), Some((1, 1)));
}

#[test]
fn oversized_responses_are_refused() {
    for isolation in BOTH {
        let mut s = spec(
            "test_misbehave",
            isolation,
            json!({"by_organisation": {"big": "huge"}, "count": 2000}),
        );
        s.max_response_bytes = 20_000;
        let registry = load_one(s);
        let f = failure(registry.analyze("test_misbehave", &request("big")));
        assert_eq!(f.kind, FailureKind::TooLarge, "{f}");
        assert!(
            f.message
                .contains("exceeds the 20000 bytes allowed (plugin_host.max_response_mb)"),
            "{f}"
        );
        assert!(
            registry
                .analyze("test_misbehave", &request("small"))
                .is_ok()
        );
    }
}

/// Issue 13: output floods within the response size limit fail their analysis, with a
/// message naming the limit and its key, and the next request works.
#[test]
fn findings_and_series_floods_are_refused_with_the_key_that_allows_them() {
    let cases: [(serde_json::Value, &str); 5] = [
        (
            json!({"behaviour": "findings_flood", "count": 100_000}),
            "100000 findings, more than the 10000 allowed (plugin_host.max_findings)",
        ),
        (
            json!({"behaviour": "series_flood", "count": 600_000}),
            "series 'flood' with 600000 points, more than the 20000 allowed \
             (plugin_host.max_series_points)",
        ),
        (
            json!({"behaviour": "series_flood", "count": 1, "series": 50_001}),
            "50001 series, more than the 50000 allowed (plugin_host.max_series)",
        ),
        // A custom limit is the one applied and named.
        (
            json!({"behaviour": "findings_flood", "count": 11, "limits": "small"}),
            "11 findings, more than the 10 allowed (plugin_host.max_findings)",
        ),
        (
            json!({"behaviour": "series_flood", "count": 11, "limits": "small"}),
            "series 'flood' with 11 points, more than the 10 allowed (plugin_host.max_series_points)",
        ),
    ];
    for isolation in BOTH {
        for (config, says) in &cases {
            let mut s = spec("test_misbehave", isolation, config.clone());
            if config.get("limits").is_some() {
                s.limits.max_findings = 10;
                s.limits.max_series_points = 10;
            }
            let registry = load_one(s);
            let f = failure(registry.analyze("test_misbehave", &request("x")));
            assert_eq!(f.kind, FailureKind::TooLarge, "{f}");
            assert!(f.message.contains(says), "{isolation:?}: {f}");
            assert!(f.message.contains("raise plugin_host."), "{f}");
        }
    }
    // At the limit is fine.
    let mut s = spec(
        "test_misbehave",
        Isolation::InProcess,
        json!({"behaviour": "findings_flood", "count": 10}),
    );
    s.limits.max_findings = 10;
    let out = load_one(s)
        .analyze("test_misbehave", &request("x"))
        .unwrap();
    assert_eq!(out.findings.len(), 10);
}

#[test]
fn a_finding_too_long_is_refused() {
    let mut s = spec(
        "test_misbehave",
        Isolation::InProcess,
        json!({"behaviour": "findings_flood", "count": 1}),
    );
    s.limits.max_finding_chars = 5; // "Finding number 0." has 17
    let f = failure(load_one(s).analyze("test_misbehave", &request("x")));
    assert!(
        f.message
            .contains("a finding of over 5 characters, more than the 5 allowed (plugin_host.max_finding_chars)"),
        "{f}"
    );
}

#[test]
fn metrics_for_units_that_do_not_exist_are_rejected() {
    for isolation in BOTH {
        // `huge` with a small count: metrics for unit_0, unit_1, ..., none of them a unit.
        let registry = load_one(spec(
            "test_misbehave",
            isolation,
            json!({"by_organisation": {"bad": "huge"}, "count": 3}),
        ));
        let f = failure(registry.analyze("test_misbehave", &request("bad")));
        assert_eq!(f.kind, FailureKind::BadOutput, "{f}");
        assert_eq!(
            f.to_string(),
            "plugin 'test_misbehave': produced invalid output: metric 'value' is for unit \
             'unit_0', which organisation 'bad' does not have"
        );
        // The next request, about units that exist, works.
        let out = registry
            .analyze("test_misbehave", &request("good"))
            .unwrap();
        assert_eq!(value(&out, "org"), Some(1.0));
    }
}

#[test]
fn malformed_and_non_finite_output_is_rejected() {
    for isolation in BOTH {
        let registry = load_one(spec(
            "test_misbehave",
            isolation,
            json!({"behaviour": "nan"}),
        ));
        let f = failure(registry.analyze("test_misbehave", &request("x")));
        assert_eq!(f.kind, FailureKind::BadOutput);
        assert!(
            f.message.contains("metric 'value' of unit 'org' is NaN"),
            "{f}"
        );

        for (reply, expected) in [
            ("not_json", "not the JSON analysis output"),
            ("nan", "not the JSON"),
            ("wrong_shape", "invalid type"),
        ] {
            let registry = load_one(spec("test_raw_json", isolation, json!({"reply": reply})));
            let f = failure(registry.analyze("test_raw_json", &request("x")));
            assert_eq!(f.kind, FailureKind::BadOutput, "{reply}: {f}");
            assert!(f.message.contains(expected), "{reply}: {f}");
            assert!(
                f.to_string()
                    .starts_with("plugin 'test_raw_json': produced invalid output"),
                "{f}"
            );
        }
        let registry = load_one(spec("test_raw_json", isolation, json!({"reply": "fine"})));
        assert_eq!(
            value(
                &registry.analyze("test_raw_json", &request("x")).unwrap(),
                "org"
            ),
            Some(2.5)
        );
    }
}

#[test]
fn a_sha256_mismatch_is_refused_and_a_matching_pin_loads() {
    let file = plugin_dir().join(library_file_name("test_counter"));
    let actual = sha256_file(&file).unwrap();
    let wrong = "0".repeat(64);
    let mut s = spec("test_counter", Isolation::InProcess, json!(null));
    s.sha256 = Some(wrong.clone());
    s.optional = true; // refused all the same: a pin mismatch is never a mere warning
    let (registry, problems) = load(std::slice::from_ref(&s));
    assert!(registry.get("test_counter").is_none());
    let p = &problems[0];
    assert_eq!(p.severity, ProblemSeverity::Error);
    assert!(p.message.contains(&file.display().to_string()), "{p}");
    assert!(
        p.message.contains(&wrong) && p.message.contains(&actual),
        "{p}"
    );

    s.sha256 = Some(actual.to_uppercase());
    let (registry, problems) = load(&[s]);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(registry.get("test_counter").is_some());
}

/// Issue 13: the pin was checked only at the run's first load; a plugin host started later
/// (after a crash or timeout, or for another worker) loaded whatever file was then at the
/// path. Every plugin host now checks the file against the pin, or, without a pin, against the
/// hash the run loaded, and refuses another file.
#[test]
fn a_library_replaced_during_the_run_is_refused_by_every_later_plugin_host() {
    let dir = plugin_dir();
    for pinned in [true, false] {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join(library_file_name("test_misbehave"));
        std::fs::copy(dir.join(library_file_name("test_misbehave")), &file).unwrap();
        let original = sha256_file(&file).unwrap();
        let mut s = spec(
            "test_misbehave",
            Isolation::Process,
            json!({"by_organisation": {"crash": "segfault"}}),
        );
        s.path = Some(file.clone());
        s.sha256 = pinned.then(|| original.clone());
        let registry = load_one(s);
        assert_eq!(registry.get("test_misbehave").unwrap().sha256, original);
        assert!(registry.analyze("test_misbehave", &request("x")).is_ok());

        // Another library takes the file's place (written aside and renamed, as a deployment
        // or an attacker would), and the plugin host crashes, so the next call starts another.
        let other = tmp.path().join("other.so");
        std::fs::copy(dir.join(library_file_name("test_counter")), &other).unwrap();
        std::fs::rename(&other, &file).unwrap();
        let replaced = sha256_file(&file).unwrap();
        let f = failure(registry.analyze("test_misbehave", &request("crash")));
        assert_eq!(f.kind, FailureKind::Crashed, "{f}");

        let f = failure(registry.analyze("test_misbehave", &request("x")));
        assert_eq!(f.kind, FailureKind::Refused, "pinned {pinned}: {f}");
        assert!(
            f.message.contains(&file.display().to_string())
                && f.message.contains(&original)
                && f.message.contains(&replaced),
            "{f}"
        );
        let says = if pinned {
            "but the configuration pins"
        } else {
            "it changed while werkt was running"
        };
        assert!(f.message.contains(says), "{f}");
        // Every later call is refused too: no process ever runs the other code.
        let f = failure(registry.analyze("test_misbehave", &request("y")));
        assert_eq!(f.kind, FailureKind::Refused, "{f}");
        assert_eq!(registry.process_stats("test_misbehave"), Some((3, 0)));

        // The original back in place: the next plugin host loads it.
        std::fs::copy(dir.join(library_file_name("test_misbehave")), &file).unwrap();
        assert!(registry.analyze("test_misbehave", &request("x")).is_ok());
    }
}

#[test]
fn missing_optional_plugins_are_skipped_and_missing_required_ones_are_errors() {
    let optional = PluginSpec {
        optional: true,
        ..PluginSpec::new("not_there")
    };
    let required = PluginSpec::new("also_missing");
    let disabled = PluginSpec {
        enabled: false,
        ..PluginSpec::new("disabled_and_missing")
    };
    let counter = spec("test_counter", Isolation::InProcess, json!(null));
    let (registry, problems) = load(&[optional, required, disabled, counter]);
    assert_eq!(
        registry
            .plugins()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["test_counter"]
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].plugin, "not_there");
    assert_eq!(problems[0].severity, ProblemSeverity::Warning);
    assert!(
        problems[0]
            .message
            .contains(&library_file_name("not_there")),
        "{}",
        problems[0]
    );
    assert!(problems[0].message.contains("skipped"), "{}", problems[0]);
    assert_eq!(problems[1].plugin, "also_missing");
    assert_eq!(problems[1].severity, ProblemSeverity::Error);
    assert!(
        problems[1].message.contains("[plugins.also_missing]"),
        "{}",
        problems[1]
    );

    let f = failure(registry.analyze("not_there", &request("x")));
    assert_eq!(f.kind, FailureKind::NotLoaded);
}

#[test]
fn a_file_that_is_another_plugin_is_refused() {
    let file = plugin_dir().join(library_file_name("test_counter"));
    let s = PluginSpec {
        path: Some(file),
        isolation: Isolation::InProcess,
        ..PluginSpec::new("absence")
    };
    let (_, problems) = load(&[s]);
    assert!(
        problems[0].message.contains("is the plugin 'test_counter'"),
        "{}",
        problems[0]
    );
}

#[test]
fn concurrent_callers_each_get_a_plugin_host() {
    let registry = load_one(spec(
        "test_misbehave",
        Isolation::Process,
        json!({"behaviour": "sleep", "sleep_ms": 50}),
    ));
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                for _ in 0..3 {
                    let out = registry.analyze("test_misbehave", &request("x")).unwrap();
                    assert_eq!(value(&out, "org"), Some(1.0));
                }
            });
        }
    });
    let (started, idle) = registry.process_stats("test_misbehave").unwrap();
    assert!((1..=3).contains(&started), "{started}");
    assert_eq!(idle, started);
}

#[cfg(unix)]
#[test]
fn a_wrong_host_command_is_a_clear_load_problem() {
    let s = spec("test_counter", Isolation::Process, json!(null));
    let talker = HostCommand::new("sh", ["-c", "echo 'usage: werkt <COMMAND>'"]);
    let (registry, problems) = Registry::load(std::slice::from_ref(&s), &[plugin_dir()], &talker);
    assert!(registry.get("test_counter").is_none());
    assert!(
        problems[0].message.contains("not a protocol frame"),
        "{}",
        problems[0]
    );
    assert!(problems[0].message.contains("usage"), "{}", problems[0]);

    let missing = HostCommand::new("/nonexistent/werkt", ["plugin-host"]);
    let (_, problems) = Registry::load(&[s], &[plugin_dir()], &missing);
    assert!(
        problems[0]
            .message
            .contains("cannot start the plugin host /nonexistent/werkt"),
        "{}",
        problems[0]
    );
}

#[cfg(unix)]
#[test]
fn a_plugin_exceeding_its_memory_limit_costs_one_analysis() {
    let mut s = spec(
        "test_misbehave",
        Isolation::Process,
        json!({"by_organisation": {"bad": "hog"}}),
    );
    s.memory_limit_bytes = Some(512 << 20);
    let registry = load_one(s);
    let f = failure(registry.analyze("test_misbehave", &request("bad")));
    assert_eq!(f.kind, FailureKind::Crashed, "{f}");
    // Rust aborts when an allocation fails.
    assert!(f.message.contains("SIGABRT"), "{f}");
    let out = registry
        .analyze("test_misbehave", &request("good"))
        .unwrap();
    assert_eq!(value(&out, "org"), Some(1.0));
    assert_eq!(registry.process_stats("test_misbehave"), Some((2, 1)));
}
