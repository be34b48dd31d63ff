/// A respondent's score on a scale: the mean of the answered items, kept as the exact sum and
/// count so that sums of scores stay exact (see [`crate::ScoreSums`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub sum: i64,
    /// Number of answered items, at least 1.
    pub answered: u32,
}

impl Score {
    /// The mean of the answered items of `columns`, whatever their number; `None` when none
    /// is answered. (The engagement total is this over all items once every subscale scores.)
    pub fn of_answered(answers: &[Option<i32>], columns: &[usize]) -> Option<Score> {
        let mut sum = 0i64;
        let mut answered = 0u32;
        for &c in columns {
            if let Some(a) = answers.get(c).copied().flatten() {
                sum += i64::from(a);
                answered += 1;
            }
        }
        (answered > 0).then_some(Score { sum, answered })
    }

    pub fn value(self) -> f64 {
        self.sum as f64 / f64::from(self.answered)
    }
}

/// The two-thirds rule (domain.md section 1): a scale of `k` items is scored when at least two
/// thirds of them are answered, i.e. `3 * answered >= 2 * k`. For a one-item scale (UWES-3)
/// that means the one item.
pub fn two_thirds_answered(answered: usize, k: usize) -> bool {
    k > 0 && 3 * answered >= 2 * k
}

/// One subscale or dimension: its name (the metric key) and its item columns as indices into
/// the survey's `items`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub name: String,
    pub columns: Vec<usize>,
}

impl Scale {
    pub fn new(name: impl Into<String>, columns: Vec<usize>) -> Scale {
        Scale {
            name: name.into(),
            columns,
        }
    }

    /// Number of items.
    pub fn k(&self) -> usize {
        self.columns.len()
    }

    /// The respondent's scale score under the two-thirds rule, or `None` (missing).
    pub fn score(&self, answers: &[Option<i32>]) -> Option<Score> {
        let s = Score::of_answered(answers, &self.columns)?;
        two_thirds_answered(s.answered as usize, self.k()).then_some(s)
    }

    /// The answers to every item of the scale, in item order, when all are answered (the
    /// respondents Cronbach's alpha is taken over).
    pub fn complete<'a>(
        &'a self,
        answers: &'a [Option<i32>],
    ) -> Option<impl Iterator<Item = i32> + 'a> {
        if self
            .columns
            .iter()
            .all(|&c| answers.get(c).copied().flatten().is_some())
        {
            Some(
                self.columns
                    .iter()
                    .map(move |&c| answers[c].unwrap_or_default()),
            )
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_thirds_rule_by_hand() {
        // k = 3 (UWES-9 subscale): 2 of 3 suffice, 1 does not.
        assert!(two_thirds_answered(2, 3));
        assert!(!two_thirds_answered(1, 3));
        // k = 6 (UWES-17 vigour): 4 needed (2/3 * 6 = 4).
        assert!(two_thirds_answered(4, 6));
        assert!(!two_thirds_answered(3, 6));
        // k = 5 (UWES-17 dedication): 2/3 * 5 = 3.33, so 4 needed.
        assert!(two_thirds_answered(4, 5));
        assert!(!two_thirds_answered(3, 5));
        // k = 4 (ACAP assimilation): 2.67 -> 3.
        assert!(two_thirds_answered(3, 4));
        assert!(!two_thirds_answered(2, 4));
        // k = 1 (UWES-3): the one item is needed.
        assert!(two_thirds_answered(1, 1));
        assert!(!two_thirds_answered(0, 1));
        assert!(!two_thirds_answered(0, 0));
    }

    #[test]
    fn scale_scores_are_means_of_answered_items() {
        let s = Scale::new("vigour", vec![0, 1, 4]);
        let answers = [Some(4), None, Some(9), Some(1), Some(5)];
        // Items 0 and 4 answered (4, 5): 2 of 3, mean 4.5.
        let sc = s.score(&answers).unwrap();
        assert_eq!(
            sc,
            Score {
                sum: 9,
                answered: 2
            }
        );
        assert_eq!(sc.value(), 4.5);
        assert!(s.complete(&answers).is_none());
        let only_one = [Some(4), None, None, None, None];
        assert_eq!(s.score(&only_one), None);
        let all = [Some(1), Some(2), None, None, Some(3)];
        assert_eq!(s.complete(&all).unwrap().collect::<Vec<_>>(), vec![1, 2, 3]);
    }

    #[test]
    fn a_one_item_scale_needs_its_item() {
        let s = Scale::new("vigour", vec![0]);
        assert_eq!(
            s.score(&[Some(3), Some(6)]),
            Some(Score {
                sum: 3,
                answered: 1
            })
        );
        assert_eq!(s.score(&[None, Some(6)]), None);
    }
}
