//! The emitted units against golden files in tests/golden, checked by hand once. Run with
//! `WERKT_UPDATE_GOLDEN=1` to rewrite them after an intended change, and review the diff.

use std::path::PathBuf;

use werkt_schedule::Schedule;
use werkt_schedule::emit::{
    Invocation, KubernetesOptions, crontab, kubernetes, on_calendar, systemd,
};

fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("WERKT_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (set WERKT_UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    assert_eq!(actual, expected, "{} differs", path.display());
}

fn default_run() -> Invocation {
    Invocation::new("/usr/local/bin/werkt", "/etc/werkt/werkt.toml")
}

fn schedule(cron: &str, tz: &str) -> Schedule {
    Schedule::new(cron, tz, "previous-month", true).unwrap()
}

#[test]
fn crontab_default() {
    golden(
        "crontab.txt",
        &crontab(&Schedule::default(), &default_run()),
    );
}

#[test]
fn crontab_quotes_paths_and_escapes_percent() {
    let run = Invocation::new("/opt/my werkt/werkt", "/etc/werkt/it's 100%.toml");
    golden(
        "crontab-quoting.txt",
        &crontab(&schedule("15 7 1-3 * *", "UTC"), &run),
    );
}

#[test]
fn systemd_default() {
    let units = systemd(&Schedule::default(), &default_run(), "werkt");
    golden("systemd.service.txt", &units.service);
    golden("systemd.timer.txt", &units.timer);
}

#[test]
fn systemd_day_of_month_or_weekday_becomes_two_calendar_lines() {
    let units = systemd(
        &schedule("*/15 6-8 1,15 * MON-FRI", "Europe/Amsterdam"),
        &default_run(),
        "werkt-reports",
    );
    golden("systemd-either-day.timer.txt", &units.timer);
}

#[test]
fn on_calendar_conversions() {
    let cases: &[(&str, &[&str])] = &[
        ("0 6 2 * *", &["*-*-02 06:00:00 UTC"]),
        ("30 23 * * *", &["*-*-* 23:30:00 UTC"]),
        ("0 6 * * 1-5", &["Mon..Fri *-*-* 06:00:00 UTC"]),
        ("0 6 * * 0,6", &["Sat,Sun *-*-* 06:00:00 UTC"]),
        ("0 6 * * 5-7", &["Fri..Sun *-*-* 06:00:00 UTC"]),
        ("0 6 * * 1,3,5", &["Mon,Wed,Fri *-*-* 06:00:00 UTC"]),
        ("0 0 1 1,4,7,10 *", &["*-01,04,07,10-01 00:00:00 UTC"]),
        ("0 0 1 */3 *", &["*-01,04,07,10-01 00:00:00 UTC"]),
        ("0,30 * * * *", &["*-*-* *:00,30:00 UTC"]),
        (
            "0 9 13 * FRI",
            &["*-*-13 09:00:00 UTC", "Fri *-*-* 09:00:00 UTC"],
        ),
    ];
    for (cron, expected) in cases {
        assert_eq!(on_calendar(&schedule(cron, "UTC")), *expected, "{cron}");
    }
}

#[test]
fn kubernetes_default() {
    // The default image follows the crate version; pinned here so a release does not change
    // the golden file.
    let options = KubernetesOptions {
        image: "werkt:0.1.0".into(),
        ..KubernetesOptions::default()
    };
    assert_eq!(
        KubernetesOptions::default().image,
        format!("werkt:{}", env!("CARGO_PKG_VERSION"))
    );
    golden(
        "kubernetes.txt",
        &kubernetes(&Schedule::default(), &default_run(), &options),
    );
}

#[test]
fn kubernetes_custom() {
    let options = KubernetesOptions {
        name: "hr-reports".into(),
        image: "registry.example/werkt:1.2.3".into(),
        starting_deadline_seconds: 3600,
    };
    let run = Invocation::new("/werkt", "/config/prod.toml");
    golden(
        "kubernetes-custom.txt",
        &kubernetes(&schedule("0 5 1 * *", "America/New_York"), &run, &options),
    );
}
