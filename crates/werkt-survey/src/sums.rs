use crate::Score;

/// Exact sums of scale scores over a group of respondents, for means and standard deviations.
///
/// A score is `sum / answered`; scores with the same `answered` are summed as integers, so the
/// sums are exact and adding respondents (or merging units) in any order gives the same
/// figures, bit for bit. Only the final division rounds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScoreSums {
    /// Index: number of answered items. Value: (respondents, sum of item sums, sum of squared
    /// item sums).
    by_answered: Vec<(u64, i64, i128)>,
}

impl ScoreSums {
    pub fn add(&mut self, s: Score) {
        let c = s.answered as usize;
        if self.by_answered.len() <= c {
            self.by_answered.resize(c + 1, (0, 0, 0));
        }
        let e = &mut self.by_answered[c];
        e.0 += 1;
        e.1 += s.sum;
        e.2 += i128::from(s.sum) * i128::from(s.sum);
    }

    pub fn merge(&mut self, other: &ScoreSums) {
        if self.by_answered.len() < other.by_answered.len() {
            self.by_answered.resize(other.by_answered.len(), (0, 0, 0));
        }
        for (a, b) in self.by_answered.iter_mut().zip(&other.by_answered) {
            a.0 += b.0;
            a.1 += b.1;
            a.2 += b.2;
        }
    }

    /// Number of scores added.
    pub fn n(&self) -> u64 {
        self.by_answered.iter().map(|e| e.0).sum()
    }

    /// The mean score; `None` without scores.
    pub fn mean(&self) -> Option<f64> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        if let Some((l, t, _)) = self.scaled() {
            return Some(t as f64 / (n as f64 * l as f64));
        }
        let s: f64 = self
            .by_answered
            .iter()
            .enumerate()
            .skip(1)
            .map(|(c, e)| e.1 as f64 / c as f64)
            .sum();
        Some(s / n as f64)
    }

    /// The sample standard deviation (n - 1) of the scores; `None` below two scores.
    pub fn sample_sd(&self) -> Option<f64> {
        let n = self.n();
        if n < 2 {
            return None;
        }
        let nf = n as f64;
        if let Some((l, t, q)) = self.scaled() {
            // n * sum((L t)^2) - (sum L t)^2, exact when it fits.
            let num = i128::from(n)
                .checked_mul(q)
                .and_then(|a| t.checked_mul(t).and_then(|b| a.checked_sub(b)));
            if let Some(num) = num {
                let var = num.max(0) as f64 / (nf * (nf - 1.0)) / (l as f64 * l as f64);
                return Some(var.sqrt());
            }
        }
        let (mut s, mut q) = (0.0f64, 0.0f64);
        for (c, e) in self.by_answered.iter().enumerate().skip(1) {
            let c = c as f64;
            s += e.1 as f64 / c;
            q += e.2 as f64 / (c * c);
        }
        let var = ((q - s * s / nf) / (nf - 1.0)).max(0.0);
        Some(var.sqrt())
    }

    /// With L the least common multiple of the answered counts in use, every score times L is
    /// an integer: returns (L, sum of L*score, sum of (L*score)^2), or `None` on overflow.
    fn scaled(&self) -> Option<(i128, i128, i128)> {
        let mut l: i128 = 1;
        for (c, e) in self.by_answered.iter().enumerate().skip(1) {
            if e.0 > 0 {
                let c = c as i128;
                l = (l / gcd(l, c)).checked_mul(c)?;
            }
        }
        let (mut t, mut q) = (0i128, 0i128);
        for (c, e) in self.by_answered.iter().enumerate().skip(1) {
            if e.0 == 0 {
                continue;
            }
            let f = l / c as i128;
            t = t.checked_add(i128::from(e.1).checked_mul(f)?)?;
            q = q.checked_add(e.2.checked_mul(f.checked_mul(f)?)?)?;
        }
        Some((l, t, q))
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(sum: i64, answered: u32) -> Score {
        Score { sum, answered }
    }

    #[test]
    fn mean_and_sd_by_hand() {
        // Scores 4.5 (9/2), 3 (9/3), 6 (18/3): mean 4.5, deviations 0, -1.5, 1.5,
        // sample variance (0 + 2.25 + 2.25) / 2 = 2.25, sd 1.5.
        let mut a = ScoreSums::default();
        for x in [s(9, 2), s(9, 3), s(18, 3)] {
            a.add(x);
        }
        assert_eq!(a.n(), 3);
        assert_eq!(a.mean(), Some(4.5));
        assert_eq!(a.sample_sd(), Some(1.5));
    }

    #[test]
    fn equal_scores_have_exactly_zero_sd_and_one_score_none() {
        let mut a = ScoreSums::default();
        for x in [s(13, 3), s(13, 3), s(26, 6)] {
            a.add(x);
        }
        assert_eq!(a.sample_sd(), Some(0.0));
        let mut one = ScoreSums::default();
        one.add(s(4, 1));
        assert_eq!(one.sample_sd(), None);
        assert_eq!(one.mean(), Some(4.0));
        assert_eq!(ScoreSums::default().mean(), None);
    }

    #[test]
    fn merging_equals_adding() {
        let xs = [s(7, 2), s(10, 3), s(1, 1), s(30, 6), s(11, 5)];
        let mut all = ScoreSums::default();
        xs.iter().for_each(|&x| all.add(x));
        let (mut a, mut b) = (ScoreSums::default(), ScoreSums::default());
        xs[..2].iter().for_each(|&x| a.add(x));
        xs[2..].iter().for_each(|&x| b.add(x));
        b.merge(&a);
        assert_eq!(b.mean(), all.mean());
        assert_eq!(b.sample_sd(), all.sample_sd());
    }
}
