//! `cargo xtask gen-data`: fictional organisations with realistic HR data, deterministic for a
//! seed, for the example, the tests and the benchmarks.
//!
//! The model behind the numbers, so that the analyses have something real to find:
//! - every employee has a latent wellbeing score `z ~ N(0,1)`; low `z` raises the daily hazard
//!   of a new sick spell and lowers survey answers, so absence and engagement correlate;
//! - units differ (a log-normal hazard multiplier, an engagement offset);
//! - spell lengths follow the usual skew: most spells last a few days, a few last months;
//!   long spells often end with a stretch of partial recovery (a second segment at 50%);
//! - the first intervention halves the hazard in its unit from its start month; the second does
//!   nothing, so the report has one that pays back and one that does not.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use werkt_model::Period;

pub struct Params {
    pub orgs: usize,
    pub employees: usize,
    pub months: u32,
    pub seed: u64,
    pub out: PathBuf,
    pub end: Period,
    pub units: Option<usize>,
}

impl Params {
    pub fn parse(args: &[String]) -> Result<Params> {
        let mut p = Params {
            orgs: 1,
            employees: 120,
            months: 24,
            seed: 1,
            out: PathBuf::from("generated"),
            end: "2026-10".parse().expect("a valid period"),
            units: None,
        };
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let mut value = || {
                it.next()
                    .with_context(|| format!("{flag} needs a value"))
                    .cloned()
            };
            match flag.as_str() {
                "--orgs" => p.orgs = value()?.parse().context("--orgs takes a whole number")?,
                "--employees" => {
                    p.employees = value()?
                        .parse()
                        .context("--employees takes a whole number")?
                }
                "--months" => {
                    p.months = value()?.parse().context("--months takes a whole number")?
                }
                "--seed" => p.seed = value()?.parse().context("--seed takes a whole number")?,
                "--out" => p.out = PathBuf::from(value()?),
                "--end" => p.end = value()?.parse().context("--end takes a period YYYY-MM")?,
                "--units" => {
                    p.units = Some(value()?.parse().context("--units takes a whole number")?)
                }
                other => bail!(
                    "unknown option {other}; usage: cargo xtask gen-data --orgs N --employees M \
                     --months K --seed S --out DIR [--end YYYY-MM] [--units U]"
                ),
            }
        }
        if p.orgs == 0 || p.employees < 5 || p.months == 0 {
            bail!("--orgs must be at least 1, --employees at least 5 and --months at least 1");
        }
        Ok(p)
    }
}

pub fn run(args: &[String]) -> Result<()> {
    let p = Params::parse(args)?;
    fs::create_dir_all(&p.out).with_context(|| format!("creating {}", p.out.display()))?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(p.orgs);
    std::thread::scope(|s| -> Result<()> {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let p = &p;
                s.spawn(move || -> Result<()> {
                    for i in (t..p.orgs).step_by(threads) {
                        write_org(p, i)?;
                    }
                    Ok(())
                })
            })
            .collect();
        for h in handles {
            h.join().expect("generator thread panicked")?;
        }
        Ok(())
    })?;
    eprintln!(
        "wrote {} organisation(s) of about {} employees, {} months to {}",
        p.orgs,
        p.employees,
        p.months,
        p.out.display()
    );
    Ok(())
}

/// Days since the common era, the integer the generator computes in.
type Day = i32;

fn day(d: NaiveDate) -> Day {
    d.num_days_from_ce()
}

fn date(d: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(d).expect("generated dates are in range")
}

struct Rng(fastrand::Rng);

impl Rng {
    fn normal(&mut self) -> f64 {
        // Box-Muller; 1 - f64() keeps the logarithm finite.
        let u1 = 1.0 - self.0.f64();
        let u2 = self.0.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
    fn chance(&mut self, p: f64) -> bool {
        self.0.f64() < p
    }
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        self.0.i32(lo..=hi)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.0.usize(..xs.len())]
    }
    fn exponential(&mut self, rate: f64) -> f64 {
        -(1.0 - self.0.f64()).ln() / rate
    }
}

const SECTORS: [(&str, &[&str], &[&str]); 3] = [
    (
        "health care",
        &[
            "Zorggroep De Linde",
            "Thuiszorg Het Anker",
            "Zorgcentrum Rivierzicht",
            "Kliniek Oosterpark",
        ],
        &[
            "Nursing",
            "Home care",
            "Day care",
            "Kitchen",
            "Facilities",
            "Planning",
            "Therapy",
            "Night shift",
            "Reception",
            "Quality",
        ],
    ),
    (
        "industry",
        &[
            "Van Dijk Metaal",
            "Brouwer Kunststoffen",
            "Hollandse Verpakking",
            "De Vries Machinebouw",
        ],
        &[
            "Production",
            "Assembly",
            "Welding",
            "Logistics",
            "Maintenance",
            "Quality",
            "Engineering",
            "Warehouse",
            "Paint shop",
            "Purchasing",
        ],
    ),
    (
        "ict",
        &[
            "Kade Software",
            "Polder Data",
            "Noordlicht IT",
            "Dijkstra Digital",
        ],
        &[
            "Development",
            "Operations",
            "Support",
            "Sales",
            "Consulting",
            "Security",
            "Data",
            "Design",
            "Finance",
            "HR",
        ],
    ),
];

struct UnitSpec {
    id: String,
    name: String,
    parent: Option<usize>,
    hazard: f64,
    engagement: f64,
    acap: f64,
    weight: f64,
    leaf: bool,
}

struct Row {
    unit: usize,
    fte: f64,
    start: Day,
    end: Option<Day>,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// One organisation; the seed mixes in the index so organisations differ but each is
/// reproducible on its own (and in any thread).
fn write_org(p: &Params, index: usize) -> Result<()> {
    let mut rng = Rng(fastrand::Rng::with_seed(
        p.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ (index as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9),
    ));
    let (sector, org_names, unit_names) = SECTORS[(p.seed as usize + index) % SECTORS.len()];
    let org_name = *rng.pick(org_names);
    let id = if p.orgs == 1 {
        slug(org_name)
    } else {
        format!("org-{index:05}")
    };
    let n = if p.orgs == 1 {
        p.employees
    } else {
        ((p.employees as f64) * (0.7 + 0.6 * rng.0.f64()))
            .round()
            .max(5.0) as usize
    };
    let unit_count = p.units.unwrap_or((n / 15).clamp(4, 500)).max(2);
    let mut units = make_units(&mut rng, unit_count, unit_names);

    let first = day(p.end.window_start(p.months));
    let last = day(p.end.last_day());
    let dir = p.out.join(&id);
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;

    let form = *rng.pick(&["functional", "divisional", "matrix"]);
    fs::write(
        dir.join("organisation.toml"),
        format!(
            "# Fictional organisation generated by `cargo xtask gen-data` (seed {}).\nid = \"{id}\"\nname = \"{org_name}\"\norg_form = \"{form}\"\nsector = \"{sector}\"\n",
            p.seed
        ),
    )?;

    let mut w = csv_file(&dir, "units.csv", "unit_id,name,parent_id")?;
    for u in &units {
        let parent = u.parent.map_or("", |i| units[i].id.as_str());
        writeln!(w, "{},{},{}", u.id, u.name, parent)?;
    }
    w.flush()?;

    // Interventions: the first, in the largest team, which has a real absence problem until
    // the intervention starts, works; the second does not.
    let leaves: Vec<usize> = (0..units.len()).filter(|&i| units[i].leaf).collect();
    let iv_start = day(p.end.add_months(-9).first_day());
    let with_interventions = p.months >= 15 && leaves.len() >= 2;
    let effective_unit = *leaves
        .iter()
        .max_by(|&&a, &&b| units[a].weight.total_cmp(&units[b].weight))
        .expect("at least two leaves");
    if with_interventions {
        units[effective_unit].hazard = units[effective_unit].hazard.max(1.0) * 1.6;
    }
    let other_unit = *leaves
        .iter()
        .find(|&&u| u != effective_unit)
        .expect("two leaves");

    let mut emp = csv_file(
        &dir,
        "employees.csv",
        "employee_id,unit_id,fte,start_date,end_date,daily_cost",
    )?;
    let mut abs = csv_file(
        &dir,
        "absence.csv",
        "employee_id,start_date,end_date,percentage,reason",
    )?;
    let mut survey_items = Vec::new();
    survey_items.extend((1..=9).map(|i| format!("uwes_{i}")));
    for (dim, k) in [("acq", 3), ("asm", 4), ("trf", 4), ("exp", 3)] {
        survey_items.extend((1..=k).map(|i| format!("acap_{dim}_{i}")));
    }
    for dim in ["sys", "coord", "soc"] {
        survey_items.extend((1..=3).map(|i| format!("cc_{dim}_{i}")));
    }
    let mut sur = csv_file(
        &dir,
        "survey.csv",
        &format!("respondent_id,unit_id,date,{}", survey_items.join(",")),
    )?;
    let waves: Vec<Period> = if p.months >= 14 {
        vec![p.end.add_months(-12), p.end.add_months(-1)]
    } else {
        vec![p.end.add_months(-((p.months as i32 - 1).min(1)))]
    };

    let weights: Vec<f64> = leaves.iter().map(|&u| units[u].weight).collect();
    let total_weight: f64 = weights.iter().sum();
    for e in 0..n {
        let eid = format!("E{:05}", e + 1);
        let z = rng.normal();
        let mut r = rng.0.f64() * total_weight;
        let mut unit = leaves[0];
        for (&u, &wgt) in leaves.iter().zip(&weights) {
            if r < wgt {
                unit = u;
                break;
            }
            r -= wgt;
        }
        let rows = make_employment(&mut rng, unit, &leaves, first, last);
        for row in &rows {
            let end = row.end.map(|d| date(d).to_string()).unwrap_or_default();
            let cost = if e % 10 == 3 {
                format!("{}", 300 + 10 * (e % 7))
            } else {
                String::new()
            };
            writeln!(
                emp,
                "{eid},{},{},{},{end},{cost}",
                units[row.unit].id,
                row.fte,
                date(row.start)
            )?;
        }
        let unit_on = |d: Day| {
            rows.iter()
                .find(|r| r.start <= d && r.end.is_none_or(|e| d <= e))
                .map(|r| r.unit)
        };
        // Spells are simulated from a year before the data starts, so spells running at its
        // start are there with their real first day, as in a real export.
        let emp_start = rows[0].start.max(first - 365);
        let emp_end = rows.last().and_then(|r| r.end).unwrap_or(last).min(last);

        // Sick spells, as a Poisson process whose rate depends on wellbeing, unit and intervention.
        let mut t = emp_start as f64;
        loop {
            let u_now = unit_on(t as Day).unwrap_or(unit);
            let mut rate = 1.3 / 365.0 * units[u_now].hazard * (-0.35 * z).exp();
            let helped = with_interventions && u_now == effective_unit && t as Day >= iv_start;
            if helped {
                rate *= 0.35;
            }
            t += rng.exponential(rate);
            let start = t as Day;
            if start > emp_end {
                break;
            }
            // Better work organisation prevents the long spells most of all.
            let roll = if helped {
                rng.0.f64() * 0.96
            } else {
                rng.0.f64()
            };
            let len = if roll < 0.60 {
                rng.range(1, 4)
            } else if roll < 0.86 {
                rng.range(5, 14)
            } else if roll < 0.96 {
                rng.range(15, 60)
            } else if roll < 0.99 {
                rng.range(61, 200)
            } else {
                rng.range(201, 500)
            };
            let end = (start + len - 1).min(rows.last().and_then(|r| r.end).unwrap_or(Day::MAX));
            let shown_end = |d: Day| {
                if d > last {
                    String::new()
                } else {
                    date(d).to_string()
                }
            };
            if end < first {
                t = (end + 1) as f64;
                continue;
            }
            if len > 28 && rng.chance(0.5) {
                // Partial recovery: back at 50% for the last stretch of the spell.
                let split = start + (len * 6 / 10);
                writeln!(
                    abs,
                    "{eid},{},{},100,sick",
                    date(start),
                    shown_end((split - 1).min(end))
                )?;
                if split <= end.min(last) {
                    writeln!(abs, "{eid},{},{},50,sick", date(split), shown_end(end))?;
                }
            } else {
                writeln!(abs, "{eid},{},{},100,sick", date(start), shown_end(end))?;
            }
            if end >= last {
                break;
            }
            t = (end + 1) as f64;
        }
        if rng.chance(0.03) && emp_end - emp_start > 200 {
            let s = rng.range(emp_start, emp_end - 112);
            writeln!(abs, "{eid},{},{},100,pregnancy", date(s), date(s + 111))?;
        }

        // Survey waves: about 70% respond; answers follow wellbeing and the unit's climate.
        let rid = format!("R{:06}", (e as u64 * 7919 + p.seed * 104_729) % 1_000_000);
        for wave in &waves {
            let d = day(wave.first_day()) + rng.range(0, wave.days() as i32 - 1);
            let Some(u) = unit_on(d) else { continue };
            if !rng.chance(0.7) {
                continue;
            }
            let eng = 3.9 + 0.8 * z + units[u].engagement;
            let acap = 4.6 + 0.4 * z + units[u].acap;
            let mut line = format!("{rid},{},{}", units[u].id, date(d));
            for item in &survey_items {
                let (mean, lo, hi) = if item.starts_with("uwes_") {
                    (eng, 0.0, 6.0)
                } else if item.starts_with("acap_trf") || item.starts_with("acap_exp") {
                    (acap - 0.5, 1.0, 7.0)
                } else {
                    (acap, 1.0, 7.0)
                };
                if rng.chance(0.02) {
                    line.push(',');
                } else {
                    let v = (mean + 0.7 * rng.normal()).round().clamp(lo, hi);
                    line.push_str(&format!(",{v}"));
                }
            }
            writeln!(sur, "{line}")?;
        }
    }
    emp.flush()?;
    abs.flush()?;
    sur.flush()?;

    let mut iv = csv_file(
        &dir,
        "interventions.csv",
        "intervention_id,unit_id,name,start_date,investment,annual_cost,horizon_years,performance_benefit_per_year",
    )?;
    if with_interventions {
        writeln!(
            iv,
            "iv-1,{},Workload redesign and self-rostering,{},18000,4000,3,6000",
            units[effective_unit].id,
            date(iv_start)
        )?;
        writeln!(
            iv,
            "iv-2,{},Vitality workshops,{},9000,2500,3,0",
            units[other_unit].id,
            date(iv_start)
        )?;
    }
    iv.flush()?;
    Ok(())
}

fn csv_file(dir: &Path, name: &str, header: &str) -> Result<BufWriter<File>> {
    let path = dir.join(name);
    let mut w = BufWriter::new(
        File::create(&path).with_context(|| format!("creating {}", path.display()))?,
    );
    writeln!(w, "{header}")?;
    Ok(w)
}

/// A root, departments under it, teams under the departments; people work in the leaves.
fn make_units(rng: &mut Rng, count: usize, names: &[&str]) -> Vec<UnitSpec> {
    let mut units = vec![UnitSpec {
        id: "org".into(),
        name: "Whole organisation".into(),
        parent: None,
        hazard: 1.0,
        engagement: 0.0,
        acap: 0.0,
        weight: 0.0,
        leaf: false,
    }];
    let below = count - 1;
    let departments = ((below as f64).sqrt().round() as usize).clamp(1, below);
    let make = |rng: &mut Rng, id: String, name: String, parent: usize| UnitSpec {
        id,
        name,
        parent: Some(parent),
        hazard: (0.35 * rng.normal()).exp(),
        engagement: 0.35 * rng.normal(),
        acap: 0.4 * rng.normal(),
        weight: (0.5 * rng.normal()).exp(),
        leaf: true,
    };
    for d in 0..departments {
        let base = names[d % names.len()];
        let name = if d < names.len() {
            base.to_string()
        } else {
            format!("{base} {}", d / names.len() + 1)
        };
        units.push(make(rng, format!("d{:02}", d + 1), name, 0));
    }
    for t in 0..below - departments {
        let dept = 1 + t % departments;
        units[dept].leaf = false;
        let id = format!("{}-t{:02}", units[dept].id, t / departments + 1);
        let name = format!(
            "{} {}",
            units[dept].name,
            (b'A' + (t / departments % 26) as u8) as char
        );
        let team = make(rng, id, name, dept);
        units.push(team);
    }
    units
}

/// An employee's employment rows: joiners, leavers, a transfer or a change of fte now and then.
fn make_employment(
    rng: &mut Rng,
    unit: usize,
    leaves: &[usize],
    first: Day,
    last: Day,
) -> Vec<Row> {
    let span = last - first;
    let start = if rng.chance(0.2) {
        first + rng.range(1, span - 1)
    } else {
        first - rng.range(1, 5000)
    };
    // A joiner of the last ten days cannot also leave (there is no room for it).
    let end = if rng.chance(0.12) && start.max(first) + 10 <= last {
        Some(rng.range(start.max(first) + 10, last))
    } else {
        None
    };
    let fte = if rng.chance(0.6) {
        1.0
    } else if rng.chance(0.85) {
        *rng.pick(&[0.5, 0.6, 0.7, 0.8, 0.9])
    } else if rng.chance(0.5) {
        1.2
    } else {
        0.3
    };
    let mut rows = vec![Row {
        unit,
        fte,
        start,
        end,
    }];
    let change_from = start.max(first) + 30;
    let change_to = end.unwrap_or(last) - 30;
    if change_to > change_from && rng.chance(0.1) {
        let at = rng.range(change_from, change_to);
        let (new_unit, new_fte) = if rng.chance(0.6) {
            (*rng.pick(leaves), fte)
        } else {
            (unit, if fte == 1.0 { 0.8 } else { 1.0 })
        };
        rows[0].end = Some(at - 1);
        rows.push(Row {
            unit: new_unit,
            fte: new_fte,
            start: at,
            end,
        });
    }
    rows
}
