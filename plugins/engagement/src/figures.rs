//! Unit figures of one period: scoring each counted respondent, summing per unit, rolling up
//! and suppressing. Linear in the number of responses plus the number of units.

use werkt_plugin::model::{Survey, UnitIx};
use werkt_plugin::{Period, Privacy, UnitTree};
use werkt_survey::{
    AlphaSums, Band, NormBands, Respondents, Rolled, Scale, Score, ScoreSums, direct_figures,
    latest_in_window_of, roll_up_and_suppress,
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

/// Everything needed to compute any period's figures from one request.
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

/// One period's unit figures.
pub struct PeriodFigures {
    pub rolled: Rolled<EngSums>,
    pub same_day_duplicates: usize,
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

    pub fn figures(&self, period: Period) -> PeriodFigures {
        let sel = latest_in_window_of(
            &self.survey.responses,
            &self.respondents,
            period,
            self.window_months,
        );
        let empty = EngSums::new(&self.scales);
        let direct = direct_figures(
            self.tree,
            &self.survey.responses,
            self.units,
            &sel,
            empty,
            |acc, r| {
                let answers = r.answers.as_slice();
                let Some((subs, total)) = score(&self.scales, answers) else {
                    acc.without_total += 1;
                    return;
                };
                acc.n += 1;
                for (i, s) in subs.into_iter().enumerate() {
                    acc.subs[i].add(s);
                    if let Some(items) = self.scales.subs[i].complete(answers) {
                        acc.alpha_subs[i].add(items);
                    }
                }
                acc.total.add(total);
                if let Some(items) = self.scales.total.complete(answers) {
                    acc.alpha_total.add(items);
                }
                if let Some(b) = &self.bands {
                    acc.bands[b.band_of(total.value()).index()] += 1;
                }
            },
        );
        let rolled =
            roll_up_and_suppress(self.tree, &direct, EngSums::merge, |s| s.n, self.privacy);
        PeriodFigures {
            rolled,
            same_day_duplicates: sel.same_day_duplicates,
        }
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
