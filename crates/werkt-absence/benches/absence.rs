//! The whole analysis over a generated organisation of 100,000 employees with 24 months of
//! history (issue 5: "well under a second"). The data is generated here from a fixed seed, so
//! every run measures the same input.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use werkt_absence::{AbsenceConfig, Control, analyse};
use werkt_model::{
    Absence, AbsenceReason, Dataset, Date, Employment, Intervention, Organisation, Period, Privacy,
    Unit, UnitTree,
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

fn dataset(employees: usize) -> Dataset {
    let mut rng = Rng(20261127);
    let mut units = vec![Unit {
        id: "org".into(),
        name: "Org".into(),
        parent: None,
        org_form: None,
    }];
    for d in 0..5 {
        units.push(Unit {
            id: format!("d{d}"),
            name: format!("Division {d}"),
            parent: Some("org".into()),
            org_form: None,
        });
        for t in 0..8 {
            units.push(Unit {
                id: format!("d{d}t{t}"),
                name: format!("Team {d}.{t}"),
                parent: Some(format!("d{d}")),
                org_form: None,
            });
        }
    }
    let leaves: Vec<String> = units
        .iter()
        .filter(|u| u.id.contains('t'))
        .map(|u| u.id.clone())
        .collect();
    let first = Date::from_ymd_opt(2024, 11, 1).unwrap();
    let last = Date::from_ymd_opt(2026, 10, 31).unwrap();
    let span = (last - first).num_days() as u64;
    let day = |n: u64| first + chrono::Days::new(n);
    let mut data = Dataset {
        organisation: Organisation {
            id: "bench".into(),
            name: "Bench".into(),
            org_form: None,
            sector: None,
        },
        units,
        ..Default::default()
    };
    for e in 0..employees {
        let id = format!("e{e:06}");
        let fte = [1.0, 0.8, 0.6, 0.5, 1.0][rng.below(5) as usize];
        let start = if rng.below(10) == 0 {
            rng.below(span)
        } else {
            0
        };
        let end = (rng.below(12) == 0)
            .then(|| start + rng.below(span - start + 1))
            .filter(|&x| x < span);
        let unit = leaves[rng.below(leaves.len() as u64) as usize].clone();
        if rng.below(20) == 0 && end.is_none() && start + 30 < span {
            // A transfer: a second row in another unit.
            let at = start + 1 + rng.below(span - start - 1);
            data.employees.push(Employment {
                employee: id.clone(),
                unit,
                fte,
                start: day(start),
                end: Some(day(at - 1)),
                daily_cost: None,
            });
            let unit2 = leaves[rng.below(leaves.len() as u64) as usize].clone();
            data.employees.push(Employment {
                employee: id.clone(),
                unit: unit2,
                fte,
                start: day(at),
                end: None,
                daily_cost: None,
            });
        } else {
            data.employees.push(Employment {
                employee: id.clone(),
                unit,
                fte,
                start: day(start),
                end: end.map(day),
                daily_cost: None,
            });
        }
        let stop = end.unwrap_or(span);
        // About one spell a year, most short, a few long, some partial recovery.
        for _ in 0..rng.below(4) {
            let s = start + rng.below(stop - start + 1);
            let len = match rng.below(20) {
                0 => 60 + rng.below(400),
                1..=3 => 15 + rng.below(60),
                _ => 1 + rng.below(10),
            };
            let open = rng.below(200) == 0;
            data.absence.push(Absence {
                employee: id.clone(),
                start: day(s),
                end: (!open).then(|| day(s + len - 1)),
                percentage: if rng.below(5) == 0 { 50 } else { 100 },
                reason: if rng.below(100) == 0 {
                    AbsenceReason::Pregnancy
                } else {
                    AbsenceReason::Sick
                },
            });
        }
    }
    for (i, u) in ["d0", "d1t3"].iter().enumerate() {
        data.interventions.push(Intervention {
            id: format!("iv{i}"),
            unit: (*u).into(),
            name: format!("Intervention {i}"),
            start: Date::from_ymd_opt(2026, 1, 1).unwrap(),
            investment: 50_000.0,
            annual_cost: 10_000.0,
            horizon_years: None,
            performance_benefit_per_year: Some(20_000.0),
        });
    }
    data
}

fn bench(c: &mut Criterion) {
    let data = dataset(100_000);
    let tree = UnitTree::new(&data.units).unwrap();
    let period: Period = "2026-10".parse().unwrap();
    let cfg = AbsenceConfig {
        control: Control::RestOfOrganisation,
        ..Default::default()
    };
    let mut g = c.benchmark_group("absence");
    g.sample_size(10);
    g.bench_function("analyse_100k_employees_24_months", |b| {
        b.iter(|| analyse(black_box(&data), &tree, period, Privacy::default(), &cfg).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
