//! Days as plain integers and the buckets (months, windows) figures are summed over.
//!
//! Every interval in werkt is inclusive on both ends (domain.md section 0). Working on day
//! numbers instead of dates keeps interval arithmetic to integer `min`/`max`, which is what
//! makes the analysis fast enough to avoid any loop over employee-days.

use chrono::Datelike;
use werkt_model::{Date, Period};

/// Days since 0001-01-01 (day 1), as chrono counts them.
pub type Day = i32;

/// The end of an interval that has no end yet (still employed, still absent).
pub const OPEN: Day = Day::MAX;

pub fn day(d: Date) -> Day {
    d.num_days_from_ce()
}

/// `None` (ongoing) becomes [`OPEN`].
pub fn end_day(d: Option<Date>) -> Day {
    d.map_or(OPEN, day)
}

/// Number of days in `[s, e]`; computed in i64 so that [`OPEN`] cannot overflow.
pub fn span_len(s: Day, e: Day) -> i64 {
    i64::from(e) - i64::from(s) + 1
}

/// The intersection of two inclusive intervals, if not empty.
pub fn overlap(s1: Day, e1: Day, s2: Day, e2: Day) -> Option<(Day, Day)> {
    let s = s1.max(s2);
    let e = e1.min(e2);
    (s <= e).then_some((s, e))
}

/// Consecutive inclusive day ranges: bucket `i` is `[starts[i], starts[i+1] - 1]`.
///
/// Months of a series are buckets; so are the baseline and follow-up windows of an
/// intervention. Splitting each interval over buckets once, instead of evaluating each window
/// separately, keeps the work proportional to intervals times buckets touched.
#[derive(Debug, Clone)]
pub struct Buckets {
    starts: Vec<Day>,
}

impl Buckets {
    /// One bucket per month from `from` to `to`, both included (`from <= to`).
    pub fn months(from: Period, to: Period) -> Buckets {
        let mut starts: Vec<Day> = Period::range(from, to)
            .map(|p| day(p.first_day()))
            .collect();
        starts.push(day(to.last_day()) + 1);
        Buckets { starts }
    }

    /// Buckets from increasing boundaries: `bounds[i]..bounds[i+1]` (exclusive end).
    pub fn from_bounds(bounds: Vec<Day>) -> Buckets {
        debug_assert!(bounds.len() >= 2 && bounds.windows(2).all(|w| w[0] <= w[1]));
        Buckets { starts: bounds }
    }

    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn first_day(&self, i: usize) -> Day {
        self.starts[i]
    }

    pub fn last_day(&self, i: usize) -> Day {
        self.starts[i + 1] - 1
    }

    pub fn days(&self, i: usize) -> i64 {
        span_len(self.first_day(i), self.last_day(i))
    }

    /// The bucket holding day `d`, if any.
    pub fn index_of(&self, d: Day) -> Option<usize> {
        if d < self.starts[0] || d >= self.starts[self.starts.len() - 1] {
            return None;
        }
        Some(self.starts.partition_point(|&s| s <= d) - 1)
    }

    /// Calls `f(bucket, days)` for each bucket that `[s, e]` overlaps, with the number of
    /// overlapping days. `e` may be [`OPEN`].
    pub fn chunks(&self, s: Day, e: Day, mut f: impl FnMut(usize, i64)) {
        let lo = self.starts[0];
        let hi = self.starts[self.starts.len() - 1] - 1;
        let Some((s, e)) = overlap(s, e, lo, hi) else {
            return;
        };
        let Some(mut i) = self.index_of(s) else {
            return;
        };
        let mut cur = s;
        while cur <= e {
            let ce = self.last_day(i).min(e);
            if ce >= cur {
                f(i, span_len(cur, ce));
            }
            cur = ce.max(cur - 1) + 1;
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        day(s.parse().unwrap())
    }

    #[test]
    fn splits_intervals_over_months() {
        let b = Buckets::months("2024-01".parse().unwrap(), "2024-03".parse().unwrap());
        assert_eq!(b.len(), 3);
        assert_eq!(b.days(1), 29, "February of a leap year");
        let mut got = Vec::new();
        b.chunks(d("2023-12-20"), OPEN, |i, n| got.push((i, n)));
        assert_eq!(got, vec![(0, 31), (1, 29), (2, 31)]);
        got.clear();
        b.chunks(d("2024-01-31"), d("2024-02-01"), |i, n| got.push((i, n)));
        assert_eq!(got, vec![(0, 1), (1, 1)]);
        got.clear();
        b.chunks(d("2024-04-01"), OPEN, |i, n| got.push((i, n)));
        assert!(got.is_empty());
        assert_eq!(b.index_of(d("2024-03-31")), Some(2));
        assert_eq!(b.index_of(d("2024-04-01")), None);
    }

    #[test]
    fn empty_buckets_are_skipped() {
        let b = Buckets::from_bounds(vec![d("2024-01-01"), d("2024-01-01"), d("2024-01-11")]);
        let mut got = Vec::new();
        b.chunks(d("2023-01-01"), OPEN, |i, n| got.push((i, n)));
        assert_eq!(got, vec![(1, 10)]);
    }
}
