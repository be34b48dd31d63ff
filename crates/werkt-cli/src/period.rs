//! Which period a run reports on when the user does not say.

use anyhow::{Context, Result};
use chrono::Utc;
use chrono_tz::Tz;
use werkt_model::Period;

/// The last complete calendar month as seen in `timezone`: on the 1st of November in
/// Amsterdam that is October, even while it is still 31 October in UTC.
pub fn last_complete_month(timezone: &str, now: chrono::DateTime<Utc>) -> Result<Period> {
    let tz: Tz = timezone
        .parse()
        .map_err(|_| {
            anyhow::anyhow!(
                "schedule.timezone '{timezone}' is not an IANA time zone such as Europe/Amsterdam"
            )
        })
        .context("cannot work out the default period")?;
    Ok(Period::of(now.with_timezone(&tz).date_naive()).pred())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn follows_the_configured_timezone() {
        // 23:30 UTC on 31 October is already 1 November in Amsterdam (UTC+1 in winter).
        let now = Utc.with_ymd_and_hms(2026, 10, 31, 23, 30, 0).unwrap();
        assert_eq!(
            last_complete_month("Europe/Amsterdam", now)
                .unwrap()
                .to_string(),
            "2026-10"
        );
        assert_eq!(
            last_complete_month("UTC", now).unwrap().to_string(),
            "2026-09"
        );
        assert!(last_complete_month("Mars/Olympus", now).is_err());
    }
}
