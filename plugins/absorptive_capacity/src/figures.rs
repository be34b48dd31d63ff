//! Unit figures: scoring each response once, summing per unit and window, rolling up, and
//! publishing them month by month under the privacy rule (`werkt_survey::publish`).

use werkt_plugin::model::{Survey, UnitIx};
use werkt_plugin::{Period, Privacy, UnitTree};
use werkt_survey::{
    AlphaSums, Published, Respondents, RowRole, Scale, Score, ScoreSums, SurveyInput, publish,
};

/// The dimensions and the optional capabilities as column indices into the survey.
#[derive(Debug, Clone)]
pub struct Scales {
    pub dims: [Scale; 4],
    /// `None` for a capability without items.
    pub caps: [Option<Scale>; 3],
}

/// Sums over the respondents of one unit that have all four dimension scores.
#[derive(Debug, Clone)]
pub struct AcapSums {
    /// Respondents with all four dimension scores: the n of the figures and of the privacy rule.
    pub n: u64,
    pub dims: [ScoreSums; 4],
    pub alpha: [AlphaSums; 4],
    /// Capability scores of those respondents that have one (each its own population).
    pub caps: [ScoreSums; 3],
    /// Counted respondents lacking some dimension score.
    pub incomplete: u64,
}

impl AcapSums {
    fn new(scales: &Scales) -> AcapSums {
        AcapSums {
            n: 0,
            dims: Default::default(),
            alpha: [0, 1, 2, 3].map(|i| AlphaSums::new(scales.dims[i].k())),
            caps: Default::default(),
            incomplete: 0,
        }
    }

    fn merge(&mut self, o: &AcapSums) {
        self.n += o.n;
        for i in 0..4 {
            self.dims[i].merge(&o.dims[i]);
            self.alpha[i].merge(&o.alpha[i]);
        }
        for i in 0..3 {
            self.caps[i].merge(&o.caps[i]);
        }
        self.incomplete += o.incomplete;
    }

    /// Mean PACAP: each respondent's PACAP is the mean of acquisition and assimilation, and
    /// both are taken over the same respondents, so the mean is the mean of the two means.
    pub fn potential(&self) -> Option<f64> {
        Some((self.dims[0].mean()? + self.dims[1].mean()?) / 2.0)
    }

    /// Mean RACAP (transformation and exploitation), as [`AcapSums::potential`].
    pub fn realised(&self) -> Option<f64> {
        Some((self.dims[2].mean()? + self.dims[3].mean()?) / 2.0)
    }

    /// Unit RACAP / unit PACAP, a ratio of means (domain.md section 2).
    pub fn efficiency(&self) -> Option<f64> {
        let p = self.potential()?;
        (p > 0.0).then(|| self.realised().map(|r| r / p)).flatten()
    }

    /// Overall ACAP, for comparing units: the mean of PACAP and RACAP.
    pub fn overall(&self) -> Option<f64> {
        Some((self.potential()? + self.realised()?) / 2.0)
    }
}

/// One respondent's four dimension scores, each under the two-thirds rule; `None` unless all
/// four score.
pub fn score(scales: &Scales, answers: &[Option<i32>]) -> Option<[Score; 4]> {
    Some([
        scales.dims[0].score(answers)?,
        scales.dims[1].score(answers)?,
        scales.dims[2].score(answers)?,
        scales.dims[3].score(answers)?,
    ])
}

/// Bits of [`RowRole::Counted`]: the figures with their own population (domain.md section 0).
/// The alpha of dimension `i` is about the respondents who answered all its items.
pub fn alpha_dim(i: usize) -> usize {
    i
}

/// Capability `i`'s score is about the respondents who have that score.
pub fn capability(i: usize) -> usize {
    4 + i
}

/// Number of figures with their own population.
pub const OWN_POPULATIONS: usize = 7;

/// One counted response row's scores, computed once for every month it is counted in.
#[derive(Debug, Clone, Copy)]
pub struct RowScores {
    pub dims: [Score; 4],
    pub caps: [Option<Score>; 3],
}

pub struct Engine<'a> {
    pub tree: &'a UnitTree,
    pub survey: &'a Survey,
    pub units: &'a [UnitIx],
    /// Respondent numbers of the response rows, computed once for all periods.
    pub respondents: Respondents,
    pub scales: Scales,
    pub window_months: u32,
    pub privacy: Privacy,
}

impl Engine<'_> {
    /// Each row's role (does it answer the ACAP items, is it counted, which alphas and
    /// capability scores is it in) and scores.
    fn rows(&self) -> (Vec<RowRole>, Vec<Option<RowScores>>) {
        self.survey
            .responses
            .iter()
            .map(|r| {
                let a = r.answers.as_slice();
                if self
                    .scales
                    .dims
                    .iter()
                    .all(|d| Score::of_answered(a, &d.columns).is_none())
                {
                    return (RowRole::Ignored, None);
                }
                let Some(dims) = score(&self.scales, a) else {
                    return (RowRole::Uncounted, None);
                };
                let caps = [0, 1, 2].map(|i| self.scales.caps[i].as_ref().and_then(|c| c.score(a)));
                let mut mask = 0u64;
                for (i, d) in self.scales.dims.iter().enumerate() {
                    if d.complete(a).is_some() {
                        mask |= 1 << alpha_dim(i);
                    }
                }
                for (i, c) in caps.iter().enumerate() {
                    if c.is_some() {
                        mask |= 1 << capability(i);
                    }
                }
                (RowRole::Counted(mask), Some(RowScores { dims, caps }))
            })
            .unzip()
    }

    /// The figures every unit shows in each of `months` (domain.md section 0, over time).
    pub fn publish(&self, months: &[Period]) -> Published<AcapSums> {
        let (roles, scores) = self.rows();
        let input = SurveyInput {
            tree: self.tree,
            responses: &self.survey.responses,
            units: self.units,
            respondents: &self.respondents,
            roles: &roles,
            own_populations: OWN_POPULATIONS,
            window_months: self.window_months,
            privacy: self.privacy,
        };
        let responses = &self.survey.responses;
        publish(
            &input,
            months,
            AcapSums::new(&self.scales),
            |acc, row| {
                let Some(s) = scores.get(row).copied().flatten() else {
                    acc.incomplete += 1;
                    return;
                };
                let answers = responses[row].answers.as_slice();
                acc.n += 1;
                for (i, x) in s.dims.into_iter().enumerate() {
                    acc.dims[i].add(x);
                    if let Some(items) = self.scales.dims[i].complete(answers) {
                        acc.alpha[i].add(items);
                    }
                }
                for (i, c) in s.caps.into_iter().enumerate() {
                    if let Some(c) = c {
                        acc.caps[i].add(c);
                    }
                }
            },
            AcapSums::merge,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scales() -> Scales {
        Scales {
            dims: [
                Scale::new("acquisition", vec![0, 1, 2]),
                Scale::new("assimilation", vec![3, 4, 5, 6]),
                Scale::new("transformation", vec![7, 8, 9, 10]),
                Scale::new("exploitation", vec![11, 12, 13]),
            ],
            caps: [None, None, None],
        }
    }

    #[test]
    fn all_four_dimensions_are_needed() {
        let s = scales();
        let mut a = vec![Some(4); 14];
        // Assimilation 3 of 4 answered: still scored.
        a[6] = None;
        assert!(score(&s, &a).is_some());
        // Two of four: assimilation missing, so the respondent is not counted.
        a[5] = None;
        assert_eq!(score(&s, &a), None);
    }

    #[test]
    fn potential_realised_and_efficiency_by_hand() {
        let mut sums = AcapSums::new(&scales());
        // Two respondents: acquisition 6 and 4 (mean 5), assimilation 5 and 5 (5),
        // transformation 3 and 5 (4), exploitation 2 and 4 (3): PACAP 5, RACAP 3.5,
        // efficiency 0.7.
        for (acq, asm, trf, exp) in [(6, 5, 3, 2), (4, 5, 5, 4)] {
            sums.n += 1;
            sums.dims[0].add(Score {
                sum: acq * 3,
                answered: 3,
            });
            sums.dims[1].add(Score {
                sum: asm * 4,
                answered: 4,
            });
            sums.dims[2].add(Score {
                sum: trf * 4,
                answered: 4,
            });
            sums.dims[3].add(Score {
                sum: exp * 3,
                answered: 3,
            });
        }
        assert_eq!(sums.potential(), Some(5.0));
        assert_eq!(sums.realised(), Some(3.5));
        assert_eq!(sums.efficiency(), Some(0.7));
        assert_eq!(sums.overall(), Some(4.25));
    }
}
