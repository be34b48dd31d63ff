//! Ingest: `ingest::parse` (decode, CSV or workbook, per-value checks, cross-row validation,
//! the dataset) of one organisation of 10,000 employees with 24 months of absence and two
//! survey waves, from bytes in memory, so the figure is the parsing alone and not the disk.
//! The data is generated here from a fixed seed: every run measures the same input.
//!
//! - `ingest/parse_10k_employees`: every table as CSV.
//! - `ingest/employees_10k/csv` and `ingest/employees_10k/xlsx`: the same organisation with its
//!   employees table as `employees.csv` and as `employees.xlsx` (written here with
//!   rust_xlsxwriter: text cells for ids, number cells for fte and daily cost, date cells for
//!   the dates), the other tables the same CSVs. The same rows either way, and the setup checks
//!   that both read into the same dataset, so the difference between the two is what reading
//!   10,531 employment rows from a workbook costs over reading them from text.
//!   `cargo bench -p werkt-core --bench ingest -- employees_10k` runs the pair.

use std::fmt::Write;
use std::hint::black_box;

use chrono::{Datelike, Days, NaiveDate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
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

/// One employment row, kept as values so it can be written as CSV or as workbook cells.
struct EmploymentRow {
    employee: String,
    unit: String,
    /// As written in the CSV, which also gives the number.
    fte: &'static str,
    start: NaiveDate,
    end: Option<NaiveDate>,
    daily_cost: Option<f64>,
}

/// The generated organisation: the employees as rows, every other file as CSV text.
struct Generated {
    units: String,
    employees: Vec<EmploymentRow>,
    absence: String,
    survey: String,
}

/// 1 root, 10 departments of 6 teams each; about 10,500 employment rows, 37,000 absence rows,
/// 14,000 survey responses of 32 items (2.9 MB as CSV).
fn generate() -> Generated {
    let mut rng = Rng(20_261_127);
    let first = NaiveDate::from_ymd_opt(2024, 11, 1).unwrap();
    let day = |n: u64| first + Days::new(n);
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
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

    let mut employees = Vec::new();
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
        let daily_cost = (e % 10 == 3).then_some(300.0);
        let row = |unit: &str, start, end| EmploymentRow {
            employee: format!("e{e}"),
            unit: unit.to_string(),
            fte,
            start,
            end,
            daily_cost,
        };
        if rng.below(20) == 0 {
            // A transfer half-way: two employment rows.
            let other = &teams[rng.below(teams.len() as u64) as usize];
            employees.push(row(unit, ymd(2015, 1, 1), Some(ymd(2025, 10, 31))));
            employees.push(row(other, ymd(2025, 11, 1), None));
        } else {
            employees.push(row(unit, ymd(2015, 1, 1), None));
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
    Generated {
        units,
        employees,
        absence,
        survey,
    }
}

/// The employees as werkt's plain CSV: ISO dates, decimal points, empty for no value.
fn employees_csv(rows: &[EmploymentRow]) -> String {
    let mut csv = String::from("employee_id,unit_id,fte,start_date,end_date,daily_cost\n");
    for r in rows {
        let end = r.end.map(|d| d.to_string()).unwrap_or_default();
        let cost = r.daily_cost.map(|c| c.to_string()).unwrap_or_default();
        writeln!(
            csv,
            "{},{},{},{},{end},{cost}",
            r.employee, r.unit, r.fte, r.start
        )
        .unwrap();
    }
    csv
}

/// The employees as a workbook, the way a spreadsheet holds them: text cells for the ids,
/// number cells for fte and daily cost, date cells (formatted dd-mm-yyyy) for the dates, and
/// no cell where there is no value.
fn employees_xlsx(rows: &[EmploymentRow]) -> Vec<u8> {
    let excel = |d: NaiveDate| {
        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap()
    };
    let date = Format::new().set_num_format("dd-mm-yyyy");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "employee_id",
        "unit_id",
        "fte",
        "start_date",
        "end_date",
        "daily_cost",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &r.employee).unwrap();
        sheet.write_string(row, 1, &r.unit).unwrap();
        sheet
            .write_number(row, 2, r.fte.parse::<f64>().unwrap())
            .unwrap();
        sheet
            .write_datetime_with_format(row, 3, excel(r.start), &date)
            .unwrap();
        if let Some(end) = r.end {
            sheet
                .write_datetime_with_format(row, 4, excel(end), &date)
                .unwrap();
        }
        if let Some(cost) = r.daily_cost {
            sheet.write_number(row, 5, cost).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// The organisation's files, with the employees table as `employees_file`.
fn organisation(g: &Generated, employees_file: &str, employees: Vec<u8>) -> RawFiles {
    let interventions = "intervention_id,unit_id,name,start_date,investment,annual_cost,horizon_years,performance_benefit_per_year\n\
                         iv-1,d0-t0,Workload redesign,2026-01-01,18000,4000,3,6000\n\
                         iv-2,d1-t0,Vitality workshops,2026-01-01,9000,2500,3,\n";
    RawFiles::new("bench")
        .with(
            "organisation.toml",
            "id = \"bench\"\nname = \"Bench\"\norg_form = \"functional\"\n",
        )
        .with("units.csv", g.units.as_str())
        .with(employees_file, employees)
        .with("absence.csv", g.absence.as_str())
        .with("survey.csv", g.survey.as_str())
        .with("interventions.csv", interventions)
}

fn bench(c: &mut Criterion) {
    let generated = generate();
    let raw = organisation(
        &generated,
        "employees.csv",
        employees_csv(&generated.employees).into_bytes(),
    );
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

    // The same organisation with the employees as a workbook. Both are found by the default
    // input profile (employees.csv, .xlsx, .xls or .ods), so the configuration is the same.
    let xlsx = employees_xlsx(&generated.employees);
    let raw_xlsx = organisation(&generated, "employees.xlsx", xlsx.clone());
    let from_xlsx = parse(&raw_xlsx, &cfg).expect("the workbook organisation is valid");
    assert_eq!(
        from_xlsx.dataset, loaded.dataset,
        "the workbook must read into the same dataset as the CSV"
    );
    let rows = loaded.dataset.employees.len();
    eprintln!(
        "employees_10k: {rows} employment rows as employees.csv ({:.2} MB) and as employees.xlsx ({:.2} MB); the other tables the same CSVs",
        raw.files["employees.csv"].len() as f64 / 1e6,
        xlsx.len() as f64 / 1e6
    );
    let mut g = c.benchmark_group("ingest/employees_10k");
    g.sample_size(20);
    g.bench_function("csv", |b| {
        b.iter(|| parse(black_box(&raw), &cfg).expect("valid"))
    });
    g.bench_function("xlsx", |b| {
        b.iter(|| parse(black_box(&raw_xlsx), &cfg).expect("valid"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
