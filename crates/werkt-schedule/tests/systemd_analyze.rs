//! The emitted `OnCalendar=` lines against systemd's own calendar parser: for each expression,
//! the union of the lines' next elapses (per `systemd-analyze calendar`) must equal croner's
//! next runs. Run where systemd-analyze exists (it does on the project's machines); elsewhere
//! the test says so and checks nothing. Times in the spring-forward gap are avoided: there
//! systemd skips while werkt shifts (documented in docs/operations.md).

use std::process::Command;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use werkt_schedule::Schedule;
use werkt_schedule::emit::on_calendar;

fn systemd_next(calendar: &str, base: &str, n: usize) -> Vec<DateTime<Utc>> {
    let out = Command::new("systemd-analyze")
        .args([
            "calendar",
            &format!("--iterations={n}"),
            &format!("--base-time={base}"),
            calendar,
        ])
        .env("TZ", "UTC")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{calendar}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.contains("Next elapse:") || l.contains("Iter. #"))
        .map(|l| {
            // "    Next elapse: Fri 2026-10-02 04:00:00 UTC"
            let stamp = l.split(": ").nth(1).unwrap();
            let stamp = stamp.split_once(' ').unwrap().1.trim_end_matches(" UTC");
            Utc.from_utc_datetime(
                &NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M:%S").unwrap(),
            )
        })
        .collect()
}

#[test]
fn systemd_agrees_with_werkt_on_the_next_runs() {
    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("systemd-analyze not found: OnCalendar conversion not cross-checked");
        return;
    }
    let base = "2026-09-15 00:00:00 UTC";
    let after = Utc.with_ymd_and_hms(2026, 9, 15, 0, 0, 0).unwrap();
    let cases = [
        ("0 6 2 * *", "Europe/Amsterdam"),
        ("*/15 6-8 1,15 * MON-FRI", "Europe/Amsterdam"),
        ("0 9 13 * FRI", "UTC"),
        ("0 0 1 */3 *", "America/New_York"),
        ("10-50/20 22 * jan-mar,oct 5-7", "Europe/Amsterdam"),
        ("45 4 1-7 * 1", "Asia/Kolkata"),
    ];
    let n = 12;
    for (cron, tz) in cases {
        let schedule = Schedule::new(cron, tz, "previous-month", true).unwrap();
        let ours: Vec<DateTime<Utc>> = schedule
            .next_runs(after, n)
            .unwrap()
            .iter()
            .map(|t| t.with_timezone(&Utc))
            .collect();
        let mut theirs: Vec<DateTime<Utc>> = on_calendar(&schedule)
            .iter()
            .flat_map(|c| systemd_next(c, base, n))
            .collect();
        theirs.sort();
        theirs.dedup();
        theirs.truncate(n);
        assert_eq!(ours, theirs, "{cron} in {tz}: {:?}", on_calendar(&schedule));
    }
}
