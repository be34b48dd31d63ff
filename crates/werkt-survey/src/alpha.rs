/// Integer sums from which Cronbach's alpha of one scale follows exactly (domain.md section 0).
///
/// Only respondents who answered all k items are added. Sums merge across units, so a unit's
/// alpha rolls up like any other figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlphaSums {
    n: u64,
    item_sum: Vec<i64>,
    item_sumsq: Vec<i64>,
    total_sum: i64,
    total_sumsq: i64,
}

impl AlphaSums {
    pub fn new(k: usize) -> AlphaSums {
        AlphaSums {
            n: 0,
            item_sum: vec![0; k],
            item_sumsq: vec![0; k],
            total_sum: 0,
            total_sumsq: 0,
        }
    }

    /// Adds one respondent's complete answers (k of them, in item order).
    pub fn add(&mut self, answers: impl IntoIterator<Item = i32>) {
        let mut t = 0i64;
        for (i, a) in answers.into_iter().enumerate().take(self.item_sum.len()) {
            let a = i64::from(a);
            self.item_sum[i] += a;
            self.item_sumsq[i] += a * a;
            t += a;
        }
        self.n += 1;
        self.total_sum += t;
        self.total_sumsq += t * t;
    }

    pub fn merge(&mut self, other: &AlphaSums) {
        self.n += other.n;
        for (a, b) in self.item_sum.iter_mut().zip(&other.item_sum) {
            *a += b;
        }
        for (a, b) in self.item_sumsq.iter_mut().zip(&other.item_sumsq) {
            *a += b;
        }
        self.total_sum += other.total_sum;
        self.total_sumsq += other.total_sumsq;
    }

    /// Respondents with all k items answered.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// `k/(k-1) * (1 - sum(var_i) / var_total)` with sample variances; `None` when k < 2,
    /// n < 2 or var_total = 0. Every variance is `(n*sumsq - sum^2) / (n(n-1))`; the common
    /// denominator cancels, so the ratio is computed from exact integers.
    pub fn alpha(&self) -> Option<f64> {
        let k = self.item_sum.len();
        if k < 2 || self.n < 2 {
            return None;
        }
        let n = i128::from(self.n);
        let var_num =
            |sum: i64, sumsq: i64| n * i128::from(sumsq) - i128::from(sum) * i128::from(sum);
        let total = var_num(self.total_sum, self.total_sumsq);
        if total == 0 {
            return None;
        }
        let items: i128 = self
            .item_sum
            .iter()
            .zip(&self.item_sumsq)
            .map(|(&s, &q)| var_num(s, q))
            .sum();
        let k = k as f64;
        Some(k / (k - 1.0) * ((total - items) as f64 / total as f64))
    }
}

/// Cronbach's alpha of the rows (one per respondent, one column per item); rows with an
/// unanswered item are left out, as the definition asks.
pub fn cronbach_alpha<R: AsRef<[Option<i32>]>>(rows: &[R]) -> Option<f64> {
    let k = rows.first().map_or(0, |r| r.as_ref().len());
    let mut sums = AlphaSums::new(k);
    for r in rows {
        let r = r.as_ref();
        if r.len() == k && r.iter().all(Option::is_some) {
            sums.add(r.iter().map(|a| a.unwrap_or_default()));
        }
    }
    sums.alpha()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_by_hand() {
        // Items x = (1,2,3), y = (2,2,4): var_x = 1, var_y = 4/3; totals 3, 4, 7 with
        // mean 14/3 and var ((5/3)^2 + (2/3)^2 + (7/3)^2)/2 = 13/3.
        // alpha = 2 * (1 - (1 + 4/3) / (13/3)) = 2 * (1 - 7/13) = 12/13.
        let rows = [[Some(1), Some(2)], [Some(2), Some(2)], [Some(3), Some(4)]];
        let a = cronbach_alpha(&rows).unwrap();
        assert!((a - 12.0 / 13.0).abs() < 1e-15, "{a}");
    }

    #[test]
    fn incomplete_rows_are_left_out() {
        let rows = [
            vec![Some(1), Some(2)],
            vec![Some(2), Some(2)],
            vec![Some(6), None],
            vec![Some(3), Some(4)],
        ];
        assert!((cronbach_alpha(&rows).unwrap() - 12.0 / 13.0).abs() < 1e-15);
    }

    #[test]
    fn undefined_cases_are_none() {
        // k < 2
        assert_eq!(cronbach_alpha(&[[Some(1)], [Some(3)], [Some(5)]]), None);
        // n < 2 (one complete respondent)
        assert_eq!(cronbach_alpha(&[[Some(1), Some(2)], [None, Some(3)]]), None);
        // var_total = 0: every respondent has the same item sum.
        assert_eq!(
            cronbach_alpha(&[[Some(1), Some(3)], [Some(2), Some(2)], [Some(3), Some(1)]]),
            None
        );
        // No rows at all.
        assert_eq!(cronbach_alpha::<[Option<i32>; 2]>(&[]), None);
    }

    #[test]
    fn merged_sums_give_the_same_alpha() {
        let rows = [[1, 2, 2], [2, 2, 3], [3, 4, 4], [5, 4, 6], [0, 1, 1]];
        let mut all = AlphaSums::new(3);
        let (mut a, mut b) = (AlphaSums::new(3), AlphaSums::new(3));
        for (i, r) in rows.iter().enumerate() {
            all.add(r.iter().copied());
            if i % 2 == 0 {
                a.add(r.iter().copied())
            } else {
                b.add(r.iter().copied())
            }
        }
        b.merge(&a);
        assert_eq!(b, all);
        assert_eq!(b.n(), 5);
        assert!(b.alpha().is_some());
    }
}
