/// A schedule that cannot be used. Each variant names the offending value, so the message
/// alone tells the user what to change in `[schedule]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error(
        "cron expression '{expr}' is not a standard 5-field cron expression \
         (minute hour day-of-month month day-of-week): {reason}"
    )]
    Cron { expr: String, reason: String },
    #[error("cron expression '{expr}' never matches a real date: {reason}")]
    NeverRuns { expr: String, reason: String },
    #[error("time zone '{name}' is not an IANA time zone name such as Europe/Amsterdam or UTC")]
    Timezone { name: String },
    #[error("period '{value}' is not a schedule period; use previous-month or current-month")]
    PeriodRule { value: String },
    #[error("cannot work out the run after {after} for cron expression '{expr}': {reason}")]
    Search {
        expr: String,
        after: String,
        reason: String,
    },
}
