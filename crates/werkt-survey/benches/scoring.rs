//! Survey scoring at the enterprise size of issue 8: 100,000 employees in 500 units, two waves
//! (about 140,000 responses of 9 UWES items). One iteration is what an engagement analysis
//! does per period: check the answers, find each response's unit, select the latest response
//! per respondent in the window, score the three subscales and the total under the two-thirds
//! rule with Cronbach's alpha sums, roll up over the unit tree, suppress small groups and
//! publish month by month under the over-time rule. A second case spreads the responses over
//! 24 months and asks for the 12 months of a trend: the most months to publish.
//! The data is generated here from a fixed seed, so every run measures the same input.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use werkt_model::{Date, Period, Privacy, Survey, SurveyResponse, Unit, UnitTree};
use werkt_survey::{
    AlphaSums, Respondents, RowRole, Scale, Score, ScoreSums, SurveyInput, check_answers,
    latest_in_window, publish, response_units,
};

/// A small deterministic generator (SplitMix64): no dependency, same data on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const EMPLOYEES: u64 = 100_000;

/// A root, 22 departments and 477 teams under them: 500 units; people answer in the teams.
fn units() -> Vec<Unit> {
    let unit = |id: String, parent: Option<String>| Unit {
        name: id.clone(),
        id,
        parent,
        org_form: None,
    };
    let mut units = vec![unit("org".into(), None)];
    for d in 0..22 {
        units.push(unit(format!("d{d}"), Some("org".into())));
    }
    for t in 0..477 {
        units.push(unit(
            format!("d{}-t{t}", t % 22),
            Some(format!("d{}", t % 22)),
        ));
    }
    units
}

fn survey(units: &[Unit]) -> Survey {
    let mut rng = Rng(8);
    let teams: Vec<&str> = units[23..].iter().map(|u| u.id.as_str()).collect();
    let waves = [2025, 2026];
    let mut responses = Vec::new();
    for e in 0..EMPLOYEES {
        let unit = teams[rng.below(teams.len() as u64) as usize];
        let level = rng.below(5) as i32;
        for year in waves {
            if rng.below(10) >= 7 {
                continue;
            }
            let answers = (0..9)
                .map(|_| {
                    // 2% unanswered, as in real exports.
                    (rng.below(50) != 0).then(|| (level + rng.below(3) as i32).min(6))
                })
                .collect();
            responses.push(SurveyResponse {
                respondent: format!("r{e}"),
                unit: unit.to_string(),
                date: Date::from_ymd_opt(year, 9, 1 + rng.below(28) as u32).unwrap(),
                answers,
            });
        }
    }
    Survey {
        items: (1..=9).map(|i| format!("uwes_{i}")).collect(),
        responses,
    }
}

#[derive(Clone)]
struct Sums {
    n: u64,
    subs: [ScoreSums; 3],
    total: ScoreSums,
    alpha: AlphaSums,
}

fn merge(p: &mut Sums, c: &Sums) {
    p.n += c.n;
    for (a, b) in p.subs.iter_mut().zip(&c.subs) {
        a.merge(b);
    }
    p.total.merge(&c.total);
    p.alpha.merge(&c.alpha);
}

/// The same survey with every employee's answers spread over 24 months instead of two
/// waves: every month is one in which responses enter and leave windows, the most work for
/// the month-by-month publication.
fn monthly(survey: &Survey) -> Survey {
    let mut rng = Rng(9);
    let responses = survey
        .responses
        .iter()
        .map(|r| {
            let m = rng.below(24) as u32;
            SurveyResponse {
                date: Date::from_ymd_opt(
                    2024 + ((10 + m) / 12) as i32,
                    (10 + m) % 12 + 1,
                    1 + rng.below(28) as u32,
                )
                .unwrap(),
                ..r.clone()
            }
        })
        .collect();
    Survey {
        items: survey.items.clone(),
        responses,
    }
}

fn bench(c: &mut Criterion) {
    let units = units();
    let tree = UnitTree::new(&units).expect("a valid tree");
    let survey = survey(&units);
    let period = Period::new(2026, 10).unwrap();
    let subs = [
        Scale::new("vigour", vec![0, 1, 4]),
        Scale::new("dedication", vec![2, 3, 6]),
        Scale::new("absorption", vec![5, 7, 8]),
    ];
    let total = Scale::new("total", vec![0, 1, 4, 2, 3, 6, 5, 7, 8]);
    let all: Vec<usize> = (0..9).collect();
    let trend: Vec<Period> = Period::range(period.add_months(-11), period).collect();

    // What an engagement analysis does: check, find the units, score every row once, then
    // publish month by month (selection, sums, roll-up, suppression per population, the
    // over-time rule) for the months asked.
    let score_all = |survey: &Survey, months: &[Period]| {
        check_answers(survey, &all, 0..=6, "UWES-9").expect("answers in range");
        let of_row = response_units(&tree, &survey.responses).expect("known units");
        let respondents = Respondents::new(&survey.responses);
        let scored: Vec<Option<([Score; 3], Score)>> = survey
            .responses
            .iter()
            .map(|r| {
                let a = r.answers.as_slice();
                Some((
                    [subs[0].score(a)?, subs[1].score(a)?, subs[2].score(a)?],
                    Score::of_answered(a, &total.columns)?,
                ))
            })
            .collect();
        let roles: Vec<RowRole> = survey
            .responses
            .iter()
            .zip(&scored)
            .map(|(r, s)| match s {
                None => RowRole::Uncounted,
                Some(_) => RowRole::Counted(u64::from(total.complete(&r.answers).is_some())),
            })
            .collect();
        let input = SurveyInput {
            tree: &tree,
            responses: &survey.responses,
            units: &of_row,
            respondents: &respondents,
            roles: &roles,
            own_populations: 1,
            window_months: 12,
            privacy: Privacy::default(),
        };
        let empty = Sums {
            n: 0,
            subs: Default::default(),
            total: ScoreSums::default(),
            alpha: AlphaSums::new(total.k()),
        };
        publish(
            &input,
            months,
            empty,
            |acc, row| {
                let Some((s, t)) = scored[row] else { return };
                acc.n += 1;
                for (a, x) in acc.subs.iter_mut().zip(s) {
                    a.add(x);
                }
                acc.total.add(t);
                if let Some(items) = total.complete(&survey.responses[row].answers) {
                    acc.alpha.add(items);
                }
            },
            merge,
        )
    };

    let published = score_all(&survey, &[period]);
    let now = published.month(period).expect("published");
    let root = tree.root();
    eprintln!(
        "survey benchmark: {} responses, {} units, {} respondents counted, {} units hidden, \
         alpha of the whole {:.3}",
        survey.responses.len(),
        tree.len(),
        now.units[root].as_ref().map_or(0, |s| s.n()),
        now.units.iter().filter(|s| s.is_none()).count(),
        now.units[root]
            .as_ref()
            .and_then(|s| s.figures().alpha.alpha())
            .unwrap_or(f64::NAN)
    );
    let spread = monthly(&survey);
    let mut g = c.benchmark_group("survey");
    g.sample_size(10);
    g.bench_function("score_100k_employees_500_units", |b| {
        b.iter(|| score_all(black_box(&survey), &[period]))
    });
    g.bench_function(
        "trend_100k_employees_500_units_responses_every_month",
        |b| b.iter(|| score_all(black_box(&spread), &trend)),
    );
    g.bench_function("latest_in_window_100k_employees", |b| {
        b.iter(|| latest_in_window(black_box(&survey.responses), period, 12))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
