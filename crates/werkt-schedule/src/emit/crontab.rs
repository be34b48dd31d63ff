use super::{Invocation, shell_quote};
use crate::Schedule;

/// A crontab entry: a comment, `CRON_TZ=<zone>` and the line itself.
///
/// `CRON_TZ` is honoured by cronie (Fedora, RHEL, Arch, Alpine's cronie) and applies to the
/// lines after it; Debian's and Ubuntu's cron ignore it and use the system time zone, which is
/// why the comment repeats the zone. `%` is special in crontab commands (it starts standard
/// input) and is escaped.
pub fn crontab(schedule: &Schedule, run: &Invocation) -> String {
    let command = run
        .args()
        .iter()
        .map(|a| shell_quote(a))
        .collect::<Vec<_>>()
        .join(" ")
        .replace('%', r"\%");
    format!(
        "# werkt monthly reports: '{cron}' in {tz} (werkt schedule --emit crontab)\n\
         CRON_TZ={tz}\n\
         {cron} {command}\n",
        cron = schedule.cron,
        tz = schedule.tz.name(),
    )
}
