//! Unit figures: scoring each response once, summing per unit and window, rolling up, and
//! publishing them month by month under the privacy rule (`werkt_survey::publish`).

use werkt_plugin::model::{Survey, UnitIx};
use werkt_plugin::{Period, Privacy, UnitTree};
use werkt_survey::{
    AlphaSums, Band, NormBands, Published, Respondents, RowRole, Scale, Score, ScoreSums,
    SurveyInput, publish,
};

use crate::config::SUBSCALES;

/// The subscales and the whole scale as column indices into the survey.
#[derive(Debug, Clone)]
pub struct Scales {
    pub subs: [Scale; 3],
    /// Every item, subscale by subscale: the total and its alpha.
    pub total: Scale,
}

/// Sums over the respondents of one unit that have a total score.
#[derive(Debug, Clone)]
pub struct EngSums {
    /// Respondents with a total score: the n of every unit figure and of the privacy rule.
    pub n: u64,
    pub subs: [ScoreSums; 3],
    pub total: ScoreSums,
    pub alpha_total: AlphaSums,
    pub alpha_subs: [AlphaSums; 3],
    /// Respondents per norm band of the total, in [`Band::ALL`] order.
    pub bands: [u64; 5],
    /// Counted respondents without a total score (some subscale not scorable).
    pub without_total: u64,
}

impl EngSums {
    fn new(scales: &Scales) -> EngSums {
        EngSums {
            n: 0,
            subs: Default::default(),
            total: ScoreSums::default(),
            alpha_total: AlphaSums::new(scales.total.k()),
            alpha_subs: [0, 1, 2].map(|i| AlphaSums::new(scales.subs[i].k())),
            bands: [0; 5],
            without_total: 0,
        }
    }

    fn merge(&mut self, o: &EngSums) {
        self.n += o.n;
        for i in 0..3 {
            self.subs[i].merge(&o.subs[i]);
            self.alpha_subs[i].merge(&o.alpha_subs[i]);
        }
        self.total.merge(&o.total);
        self.alpha_total.merge(&o.alpha_total);
        for (a, b) in self.bands.iter_mut().zip(o.bands) {
            *a += b;
        }
        self.without_total += o.without_total;
    }

    /// Share of the respondents in `band`, in percent; `None` without respondents.
    pub fn band_pct(&self, band: Band) -> Option<f64> {
        (self.n > 0).then(|| 100.0 * self.bands[band.index()] as f64 / self.n as f64)
    }
}

/// One respondent's scores (domain.md section 1, Scoring): the three subscales under the
/// two-thirds rule and the total, the mean of all answered items, only when all three score.
pub fn score(scales: &Scales, answers: &[Option<i32>]) -> Option<([Score; 3], Score)> {
    let v = scales.subs[0].score(answers)?;
    let d = scales.subs[1].score(answers)?;
    let a = scales.subs[2].score(answers)?;
    let total = Score::of_answered(answers, &scales.total.columns)?;
    Some(([v, d, a], total))
}

/// Bits of [`RowRole::Counted`]: the figures with their own population (domain.md section 0:
/// an alpha is about the respondents who answered all its items). Alpha of the total first,
/// then per subscale.
pub const ALPHA_TOTAL: usize = 0;

/// The own-population number of subscale `i`'s alpha.
pub fn alpha_sub(i: usize) -> usize {
    1 + i
}

/// Number of figures with their own population.
pub const OWN_POPULATIONS: usize = 4;

/// One response row's scores, computed once for every month it is counted in.
#[derive(Debug, Clone, Copy)]
pub struct RowScores {
    pub subs: [Score; 3],
    pub total: Score,
    pub band: Option<Band>,
}

/// Everything needed to publish the engagement figures of one request.
pub struct Engine<'a> {
    pub tree: &'a UnitTree,
    pub survey: &'a Survey,
    /// Unit of every response row.
    pub units: &'a [UnitIx],
    /// Respondent numbers of the response rows, computed once for all periods.
    pub respondents: Respondents,
    pub scales: Scales,
    pub bands: Option<NormBands>,
    pub window_months: u32,
    pub privacy: Privacy,
}

impl<'a> Engine<'a> {
    /// The scales from the subscales' column indices (vigour, dedication, absorption).
    pub fn scales(columns: [Vec<usize>; 3]) -> Scales {
        let total = Scale::new("total", columns.iter().flatten().copied().collect());
        let [v, d, a] = columns;
        Scales {
            subs: [
                Scale::new(SUBSCALES[0], v),
                Scale::new(SUBSCALES[1], d),
                Scale::new(SUBSCALES[2], a),
            ],
            total,
        }
    }

    /// Each row's role (does it answer the UWES items, is it counted, which alphas is it in)
    /// and scores.
    fn rows(&self) -> (Vec<RowRole>, Vec<Option<RowScores>>) {
        self.survey
            .responses
            .iter()
            .map(|r| {
                let a = r.answers.as_slice();
                if Score::of_answered(a, &self.scales.total.columns).is_none() {
                    return (RowRole::Ignored, None);
                }
                let Some((subs, total)) = score(&self.scales, a) else {
                    return (RowRole::Uncounted, None);
                };
                let mut mask = 0u64;
                if self.scales.total.complete(a).is_some() {
                    mask |= 1 << ALPHA_TOTAL;
                }
                for (i, s) in self.scales.subs.iter().enumerate() {
                    if s.complete(a).is_some() {
                        mask |= 1 << alpha_sub(i);
                    }
                }
                let band = self.bands.map(|b| b.band_of(total.value()));
                (
                    RowRole::Counted(mask),
                    Some(RowScores { subs, total, band }),
                )
            })
            .unzip()
    }

    /// The figures every unit shows in each of `months` (domain.md section 0, over time).
    pub fn publish(&self, months: &[Period]) -> Published<EngSums> {
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
            EngSums::new(&self.scales),
            |acc, row| {
                let Some(s) = scores.get(row).copied().flatten() else {
                    acc.without_total += 1;
                    return;
                };
                let answers = responses[row].answers.as_slice();
                acc.n += 1;
                for (i, x) in s.subs.into_iter().enumerate() {
                    acc.subs[i].add(x);
                    if let Some(items) = self.scales.subs[i].complete(answers) {
                        acc.alpha_subs[i].add(items);
                    }
                }
                acc.total.add(s.total);
                if let Some(items) = self.scales.total.complete(answers) {
                    acc.alpha_total.add(items);
                }
                if let Some(b) = s.band {
                    acc.bands[b.index()] += 1;
                }
            },
            EngSums::merge,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scales9() -> Scales {
        // UWES-9 layout over columns 0..9 (uwes_1..uwes_9).
        Scales {
            subs: [
                Scale::new("vigour", vec![0, 1, 4]),
                Scale::new("dedication", vec![2, 3, 6]),
                Scale::new("absorption", vec![5, 7, 8]),
            ],
            total: Scale::new("total", vec![0, 1, 4, 2, 3, 6, 5, 7, 8]),
        }
    }

    #[test]
    fn total_needs_every_subscale_and_averages_all_answered_items() {
        let s = scales9();
        // uwes_1..9 = 6, 5, 4, 3, _, 1, 0, 2, _: vigour (6,5) 2 of 3 -> 5.5; dedication
        // (4,3,0) -> 7/3; absorption (1,2) 2 of 3 -> 1.5; total = 21 / 7 = 3.
        let a = [
            Some(6),
            Some(5),
            Some(4),
            Some(3),
            None,
            Some(1),
            Some(0),
            Some(2),
            None,
        ];
        let (subs, total) = score(&s, &a).unwrap();
        assert_eq!(subs.map(Score::value), [5.5, 7.0 / 3.0, 1.5]);
        assert_eq!(
            total,
            Score {
                sum: 21,
                answered: 7
            }
        );
        // Without two of the three absorption items there is no absorption score, so no total.
        let b = [
            Some(6),
            Some(5),
            Some(4),
            Some(3),
            None,
            Some(1),
            Some(0),
            None,
            None,
        ];
        assert_eq!(score(&s, &b), None);
    }

    #[test]
    fn uwes_3_needs_each_item() {
        let s = Scales {
            subs: [
                Scale::new("vigour", vec![0]),
                Scale::new("dedication", vec![1]),
                Scale::new("absorption", vec![2]),
            ],
            total: Scale::new("total", vec![0, 1, 2]),
        };
        let (subs, total) = score(&s, &[Some(2), Some(4), Some(6)]).unwrap();
        assert_eq!(subs.map(Score::value), [2.0, 4.0, 6.0]);
        assert_eq!(total.value(), 4.0);
        assert_eq!(score(&s, &[Some(2), None, Some(6)]), None);
    }
}
