//! Survey scoring at the enterprise size of issue 8: 100,000 employees in 500 units, two waves
//! (about 140,000 responses of 9 UWES items). One iteration is what an engagement analysis
//! does per period: check the answers, find each response's unit, select the latest response
//! per respondent in the window, score the three subscales and the total under the two-thirds
//! rule with Cronbach's alpha sums, roll up over the unit tree and suppress small groups.
//! The data is generated here from a fixed seed, so every run measures the same input.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use werkt_model::{Date, Period, Privacy, Survey, SurveyResponse, Unit, UnitTree};
use werkt_survey::{
    AlphaSums, Scale, Score, ScoreSums, check_answers, direct_figures, latest_in_window,
    response_units, roll_up_and_suppress,
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

    let score_all = |survey: &Survey| {
        check_answers(survey, &all, 0..=6, "UWES-9").expect("answers in range");
        let of_row = response_units(&tree, &survey.responses).expect("known units");
        let sel = latest_in_window(&survey.responses, period, 12);
        let empty = Sums {
            n: 0,
            subs: Default::default(),
            total: ScoreSums::default(),
            alpha: AlphaSums::new(total.k()),
        };
        let direct = direct_figures(&tree, &survey.responses, &of_row, &sel, empty, |acc, r| {
            let a = r.answers.as_slice();
            let (Some(v), Some(d), Some(b)) =
                (subs[0].score(a), subs[1].score(a), subs[2].score(a))
            else {
                return;
            };
            let Some(t) = Score::of_answered(a, &total.columns) else {
                return;
            };
            acc.n += 1;
            for (s, x) in acc.subs.iter_mut().zip([v, d, b]) {
                s.add(x);
            }
            acc.total.add(t);
            if let Some(items) = total.complete(a) {
                acc.alpha.add(items);
            }
        });
        roll_up_and_suppress(
            &tree,
            &direct,
            |p, c| {
                p.n += c.n;
                for (a, b) in p.subs.iter_mut().zip(&c.subs) {
                    a.merge(b);
                }
                p.total.merge(&c.total);
                p.alpha.merge(&c.alpha);
            },
            |s| s.n,
            Privacy::default(),
        )
    };

    let rolled = score_all(&survey);
    eprintln!(
        "survey benchmark: {} responses, {} units, {} respondents counted, {} units suppressed, \
         alpha of the whole {:.3}",
        survey.responses.len(),
        tree.len(),
        rolled.counts[0],
        rolled.hidden.iter().filter(|&&h| h).count(),
        rolled.figures[0].alpha.alpha().unwrap_or(f64::NAN)
    );
    let mut g = c.benchmark_group("survey");
    g.sample_size(20);
    g.bench_function("score_100k_employees_500_units", |b| {
        b.iter(|| score_all(black_box(&survey)))
    });
    g.bench_function("latest_in_window_100k_employees", |b| {
        b.iter(|| latest_in_window(black_box(&survey.responses), period, 12))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
