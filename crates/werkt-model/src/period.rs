use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month, the unit in which werkt reports (`YYYY-MM`).
///
/// Stored as a month count since year 0 so that arithmetic over windows ("the 12 months ending
/// with P") is plain integer arithmetic.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period(i32);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodParseError(pub String);

impl fmt::Display for PeriodParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a period; expected YYYY-MM, e.g. 2026-10",
            self.0
        )
    }
}

impl std::error::Error for PeriodParseError {}

impl Period {
    /// `month` is 1-based. Returns `None` outside 1..=12 or outside years 1..=9999.
    pub fn new(year: i32, month: u32) -> Option<Period> {
        if !(1..=12).contains(&month) || !(1..=9999).contains(&year) {
            return None;
        }
        Some(Period(year * 12 + month as i32 - 1))
    }

    pub fn of(date: NaiveDate) -> Period {
        Period(date.year() * 12 + date.month0() as i32)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).expect("a period is a valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.succ()
            .first_day()
            .pred_opt()
            .expect("a period is a valid month")
    }

    /// Number of calendar days in the month.
    pub fn days(self) -> u32 {
        self.last_day().day()
    }

    pub fn succ(self) -> Period {
        Period(self.0 + 1)
    }

    pub fn pred(self) -> Period {
        Period(self.0 - 1)
    }

    /// The period `n` months later (earlier for negative `n`).
    pub fn add_months(self, n: i32) -> Period {
        Period(self.0 + n)
    }

    /// Months from `other` to `self`; positive when `self` is later.
    pub fn months_since(self, other: Period) -> i32 {
        self.0 - other.0
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Period::of(date) == self
    }

    /// The first day of the window of `months` months that ends with this period
    /// (`months` = 12: the 12 months ending with P).
    pub fn window_start(self, months: u32) -> NaiveDate {
        self.add_months(1 - months.max(1) as i32).first_day()
    }

    /// Periods from `from` to `to`, both included; empty when `from` is after `to`.
    pub fn range(from: Period, to: Period) -> impl DoubleEndedIterator<Item = Period> {
        (from.0..=to.0).map(Period)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl fmt::Debug for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Period({self})")
    }
}

impl FromStr for Period {
    type Err = PeriodParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || PeriodParseError(s.to_string());
        let (y, m) = s.split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let month: u32 = m.parse().map_err(|_| err())?;
        Period::new(year, month).ok_or_else(err)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let p: Period = "2024-02".parse().unwrap();
        assert_eq!(p.to_string(), "2024-02");
        assert_eq!(p.days(), 29);
        assert_eq!(p.last_day(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!("2023-02".parse::<Period>().unwrap().days(), 28);
        for bad in [
            "2024-13",
            "2024-00",
            "2024-2",
            "24-02",
            "2024/02",
            "",
            "2024-02-01",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn windows_cross_years() {
        let p: Period = "2026-03".parse().unwrap();
        assert_eq!(
            p.window_start(12),
            NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()
        );
        assert_eq!(p.window_start(1), p.first_day());
        assert_eq!(p.add_months(-3).to_string(), "2025-12");
        assert_eq!(p.months_since("2025-12".parse().unwrap()), 3);
        assert_eq!(Period::range(p.add_months(-2), p).count(), 3);
    }
}
