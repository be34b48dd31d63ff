//! CSV ingest: `ingest::parse` (decode, CSV, per-value checks, cross-row validation, the
//! dataset) of one organisation of 10,000 employees with 24 months of absence and two survey
//! waves, from bytes in memory, so the figure is the parsing alone and not the disk.
//! The data is generated here from a fixed seed: every run measures the same input.

use std::fmt::Write;
use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use werkt_core::config::{Config, LoadOptions};
use werkt_core::ingest::{RawFiles, parse};

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

const EMPLOYEES: u64 = 10_000;

/// The files of one organisation: 1 root, 10 departments of 6 teams each; about 10,500
/// employment rows, 37,000 absence rows, 14,000 survey responses of 32 items (2.9 MB).
fn organisation() -> RawFiles {
    let mut rng = Rng(20_261_127);
    let first = NaiveDate::from_ymd_opt(2024, 11, 1).unwrap();
    let day = |n: u64| first + Days::new(n);
    const SPAN: u64 = 730;

    let mut units = String::from("unit_id,name,parent_id\norg,Whole organisation,\n");
    let mut teams = Vec::new();
    for d in 0..10 {
        writeln!(units, "d{d},Department {d},org").unwrap();
        for t in 0..6 {
            writeln!(units, "d{d}-t{t},Team {d}.{t},d{d}").unwrap();
            teams.push(format!("d{d}-t{t}"));
        }
    }

    let mut employees = String::from("employee_id,unit_id,fte,start_date,end_date,daily_cost\n");
    let mut absence = String::from("employee_id,start_date,end_date,percentage,reason\n");
    let items: Vec<String> = (1..=9)
        .map(|i| format!("uwes_{i}"))
        .chain(
            [("acq", 3), ("asm", 4), ("trf", 4), ("exp", 3)]
                .into_iter()
                .flat_map(|(d, k)| (1..=k).map(move |i| format!("acap_{d}_{i}"))),
        )
        .chain(
            ["sys", "coord", "soc"]
                .into_iter()
                .flat_map(|d| (1..=3).map(move |i| format!("cc_{d}_{i}"))),
        )
        .collect();
    let mut survey = format!("respondent_id,unit_id,date,{}\n", items.join(","));

    for e in 0..EMPLOYEES {
        let unit = &teams[rng.below(teams.len() as u64) as usize];
        let fte = ["1", "0.8", "0.6", "1", "0.5"][rng.below(5) as usize];
        let cost = if e % 10 == 3 { "300" } else { "" };
        if rng.below(20) == 0 {
            // A transfer half-way: two employment rows.
            let other = &teams[rng.below(teams.len() as u64) as usize];
            writeln!(employees, "e{e},{unit},{fte},2015-01-01,2025-10-31,{cost}").unwrap();
            writeln!(employees, "e{e},{other},{fte},2025-11-01,,{cost}").unwrap();
        } else {
            writeln!(employees, "e{e},{unit},{fte},2015-01-01,,{cost}").unwrap();
        }
        let mut t = rng.below(300);
        while t < SPAN {
            let len = match rng.below(100) {
                0..60 => 1 + rng.below(4),
                60..90 => 5 + rng.below(10),
                _ => 15 + rng.below(60),
            };
            let end = (t + len - 1).min(SPAN - 1);
            writeln!(absence, "e{e},{},{},100,sick", day(t), day(end)).unwrap();
            t = end + 30 + rng.below(300);
        }
        for wave in [0u64, 365] {
            if rng.below(10) < 7 {
                write!(survey, "r{e},{unit},{}", day(wave + 120 + rng.below(20))).unwrap();
                for item in &items {
                    let (lo, n) = if item.starts_with("uwes_") {
                        (0, 7)
                    } else {
                        (1, 7)
                    };
                    write!(survey, ",{}", lo + rng.below(n)).unwrap();
                }
                survey.push('\n');
            }
        }
    }
    let interventions = "intervention_id,unit_id,name,start_date,investment,annual_cost,horizon_years,performance_benefit_per_year\n\
                         iv-1,d0-t0,Workload redesign,2026-01-01,18000,4000,3,6000\n\
                         iv-2,d1-t0,Vitality workshops,2026-01-01,9000,2500,3,\n";
    RawFiles::new("bench")
        .with(
            "organisation.toml",
            "id = \"bench\"\nname = \"Bench\"\norg_form = \"functional\"\n",
        )
        .with("units.csv", units)
        .with("employees.csv", employees)
        .with("absence.csv", absence)
        .with("survey.csv", survey)
        .with("interventions.csv", interventions)
}

fn bench(c: &mut Criterion) {
    let raw = organisation();
    let cfg = Config::load(&LoadOptions::new(None))
        .expect("the built-in defaults load")
        .data;
    let loaded = parse(&raw, &cfg).expect("the generated organisation is valid");
    let bytes: usize = raw.files.values().map(Vec::len).sum();
    eprintln!(
        "ingest benchmark: {} employment rows, {} absence rows, {} survey responses, {:.1} MB of CSV",
        loaded.dataset.employees.len(),
        loaded.dataset.absence.len(),
        loaded
            .dataset
            .survey
            .as_ref()
            .map_or(0, |s| s.responses.len()),
        bytes as f64 / 1e6
    );
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("parse_10k_employees", |b| {
        b.iter(|| parse(black_box(&raw), &cfg).expect("valid"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
