use std::collections::BTreeSet;

use super::Invocation;
use crate::Schedule;

/// A service running werkt once and the timer that starts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemdUnits {
    /// Contents of `<name>.service`.
    pub service: String,
    /// Contents of `<name>.timer`.
    pub timer: String,
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A component as systemd writes it: `*` when every value is allowed, else a comma list of
/// zero-padded values. Lists rather than `a..b` ranges, because ranges in date and time
/// components are newer in systemd than lists.
fn component(values: &BTreeSet<u32>, all: usize) -> String {
    if values.len() == all {
        "*".to_string()
    } else {
        values
            .iter()
            .map(|v| format!("{v:02}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Weekdays Monday first (systemd's order), contiguous runs of three or more as `a..b`.
fn weekdays(cron_dow: &BTreeSet<u32>) -> String {
    let days: Vec<usize> = (0..7)
        .filter(|d| cron_dow.contains(&((*d as u32 + 1) % 7)))
        .collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        match j - i {
            0 => parts.push(WEEKDAYS[days[i]].to_string()),
            1 => parts.extend([WEEKDAYS[days[i]], WEEKDAYS[days[j]]].map(String::from)),
            _ => parts.push(format!("{}..{}", WEEKDAYS[days[i]], WEEKDAYS[days[j]])),
        }
        i = j + 1;
    }
    parts.join(",")
}

/// The `OnCalendar=` values equivalent to the schedule's cron expression.
///
/// Usually one. Cron runs on a day when its day-of-month *or* its day-of-week matches if both
/// are restricted, while one systemd calendar event requires both; a timer fires on the union
/// of its `OnCalendar=` lines, so that case becomes two lines. Every expression
/// [`crate::CronExpr`] accepts can be converted: the extensions systemd cannot express are
/// refused when the expression is parsed.
pub fn on_calendar(schedule: &Schedule) -> Vec<String> {
    let f = schedule.cron.fields();
    let month = component(&f.month, 12);
    let time = format!("{}:{}:00", component(&f.hour, 24), component(&f.minute, 60));
    let tz = schedule.tz.name();
    let by_date = || format!("*-{month}-{} {time} {tz}", component(&f.dom, 31));
    let by_weekday = || format!("{} *-{month}-* {time} {tz}", weekdays(&f.dow));
    match (f.dom_star, f.dow_star) {
        (_, true) => vec![by_date()],
        (true, false) => vec![by_weekday()],
        (false, false) => vec![by_date(), by_weekday()],
    }
}

/// Quotes one `ExecStart=` argument for systemd's own command-line syntax: double quotes when
/// it has spaces or quotes, and `%` doubled because systemd expands `%` specifiers.
fn exec_arg(arg: &str) -> String {
    let escaped = arg.replace('%', "%%");
    if escaped.is_empty() || escaped.contains([' ', '\t', '"', '\'', '\\', ';']) {
        format!("\"{}\"", escaped.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        escaped
    }
}

/// A `<name>.service` (oneshot `werkt run`) and `<name>.timer` pair.
///
/// `Persistent=true` makes systemd start a run at boot when the machine was off at the
/// scheduled time; werkt's own catch-up then covers every period missed meanwhile.
/// `SuccessExitStatus=4`: werkt exits 4 when another run holds the output lock, and that
/// run is doing the work, so this start did not fail.
pub fn systemd(schedule: &Schedule, run: &Invocation, name: &str) -> SystemdUnits {
    let exec = run
        .args()
        .iter()
        .map(|a| exec_arg(a))
        .collect::<Vec<_>>()
        .join(" ");
    let service = format!(
        "# {name}.service: werkt monthly reports (werkt schedule --emit systemd)\n\
         [Unit]\n\
         Description=werkt monthly reports\n\
         Wants=network-online.target\n\
         After=network-online.target\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         ExecStart={exec}\n\
         SuccessExitStatus=4\n"
    );
    let calendars: String = on_calendar(schedule)
        .iter()
        .map(|c| format!("OnCalendar={c}\n"))
        .collect();
    let timer = format!(
        "# {name}.timer: '{cron}' in {tz} (werkt schedule --emit systemd)\n\
         [Unit]\n\
         Description=Schedule of werkt monthly reports\n\
         \n\
         [Timer]\n\
         {calendars}\
         Persistent=true\n\
         Unit={name}.service\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n",
        cron = schedule.cron,
        tz = schedule.tz.name(),
    );
    SystemdUnits { service, timer }
}
