//! Property test: the interval implementation against a straightforward per-day reference
//! written from domain.md sections 3 and 4, on generated organisations. Every figure must be
//! equal within 1e-9 relative. Figures that are differences of rates (the intervention's
//! effect and the money derived from it) are compared relative to the size of the terms
//! subtracted, since a difference of two equal rates is zero up to rounding in both.

mod common;

use common::*;
use proptest::prelude::*;
use werkt_absence::{AbsenceConfig, Control, InterventionStatus, analyse};
use werkt_model::{
    AbsenceReason, Dataset, Date, Intervention, Period, Population, Privacy, UnitTree, suppress,
};

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
        self.next() % n.max(1)
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

fn plus(d: Date, n: u64) -> Date {
    d + chrono::Days::new(n)
}

/// A random organisation on the units org > (a > a1), b.
fn generate(seed: u64) -> (Dataset, Period, AbsenceConfig) {
    let mut r = Rng(seed);
    let units = ["org", "a", "b", "a1"];
    let base = date("2022-06-01");
    let mut employees = Vec::new();
    let mut absence = Vec::new();
    let n = 1 + r.below(10);
    for e in 0..n {
        let id = format!("e{e}");
        let mut start = plus(base, r.below(900));
        for _ in 0..1 + r.below(3) {
            let len = 10 + r.below(900);
            let open = r.below(2) == 0;
            let mut row = job(
                &id,
                r.pick(&units),
                r.pick(&[0.5, 0.8, 1.0, 1.2, 0.3]),
                &start.to_string(),
                None,
            );
            if r.below(3) == 0 {
                row.daily_cost = Some(r.pick(&[180.0, 300.0, 412.5]));
            }
            if open {
                employees.push(row);
                break;
            }
            let end = plus(start, len - 1);
            row.end = Some(end);
            employees.push(row);
            start = plus(end, 1 + r.pick(&[0, 0, 1, 2, 30]));
        }
        for _ in 0..r.below(7) {
            let who = if r.below(10) == 0 {
                "stranger".to_string()
            } else {
                id.clone()
            };
            let s = plus(base, r.below(1300));
            let len = if r.below(2) == 0 {
                1 + r.below(6)
            } else {
                1 + r.below(200)
            };
            let end = (r.below(10) != 0).then(|| plus(s, len - 1).to_string());
            let pct = r.pick(&[100, 100, 50, 20, 1, 99, 75]);
            let mut a = sick(&who, &s.to_string(), end.as_deref(), pct);
            if r.below(7) == 0 {
                a.reason = AbsenceReason::Pregnancy;
            }
            absence.push(a);
        }
    }
    let mut data = dataset(employees, absence);
    for i in 0..r.below(4) {
        let start = plus(date("2023-01-01"), r.below(1100));
        let mut iv: Intervention = intervention(
            &format!("iv{i}"),
            r.pick(&["org", "a", "b", "a1"]),
            &start.to_string(),
            r.pick(&[0.0, 5_000.0, 40_000.0]),
            r.pick(&[0.0, 1_000.0, 20_000.0]),
            r.pick(&[0.0, 3_000.0]),
        );
        iv.horizon_years = r.pick(&[None, Some(1), Some(5)]);
        data.interventions.push(iv);
    }
    let period = Period::new(2024, 6).unwrap().add_months(r.below(19) as i32);
    let cfg = AbsenceConfig {
        duration_bounds: r
            .pick(&[&[14u32, 91, 365][..], &[3, 10][..], &[1][..]])
            .to_vec(),
        long_term_days: r.pick(&[91, 5]),
        min_followup_months: r.pick(&[3, 1]),
        control: r.pick(&[Control::None, Control::RestOfOrganisation]),
        discount_rate: r.pick(&[0.04, 0.0]),
        cost_per_sick_day: r.pick(&[250.0, 333.0]),
        ..Default::default()
    };
    (data, period, cfg)
}

/// Per employee and day: (unit, fte, daily cost) when employed, sick and pregnancy percentage.
struct Days {
    first: Date,
    employed: Vec<Vec<Option<(usize, f64, f64)>>>,
    sick: Vec<Vec<u8>>,
    preg: Vec<Vec<u8>>,
}

impl Days {
    fn ix(&self, d: Date) -> usize {
        (d - self.first).num_days() as usize
    }
    /// Sick and employed on day index `i`.
    fn sick_emp(&self, e: usize, i: usize) -> bool {
        self.employed[e][i].is_some() && self.sick[e][i] > 0
    }
}

fn per_day(data: &Dataset, tree: &UnitTree, cost: f64) -> Days {
    let first = date("2021-01-01");
    let n = (date("2027-12-31") - first).num_days() as usize + 1;
    let mut ids: Vec<&str> = data.employees.iter().map(|e| e.employee.as_str()).collect();
    ids.dedup();
    let mut days = Days {
        first,
        employed: vec![vec![None; n]; ids.len()],
        sick: vec![vec![0; n]; ids.len()],
        preg: vec![vec![0; n]; ids.len()],
    };
    for row in &data.employees {
        let e = ids.iter().position(|&i| i == row.employee).unwrap();
        let (s, end) = (
            days.ix(row.start),
            row.end.map_or(n - 1, |d| days.ix(d).min(n - 1)),
        );
        for i in s..=end {
            days.employed[e][i] = Some((
                tree.index_of(&row.unit).unwrap(),
                row.fte,
                row.daily_cost.unwrap_or(cost),
            ));
        }
    }
    for a in &data.absence {
        let Some(e) = ids.iter().position(|&i| i == a.employee) else {
            continue;
        };
        let (s, end) = (
            days.ix(a.start),
            a.end.map_or(n - 1, |d| days.ix(d).min(n - 1)),
        );
        let target = match a.reason {
            AbsenceReason::Sick => &mut days.sick[e],
            AbsenceReason::Pregnancy => &mut days.preg[e],
        };
        for slot in &mut target[s..=end] {
            *slot = (*slot).max(a.percentage.min(100));
        }
    }
    days
}

#[derive(Default, Debug)]
struct Sums {
    fte: f64,
    head: f64,
    sick: f64,
    preg: f64,
    cost: f64,
    new: f64,
    ended: f64,
    ended_days: f64,
    classes: Vec<f64>,
}

/// Straight from the definitions: day by day over `[a, b]`, counting the days whose unit
/// satisfies `inside`.
fn sums(
    days: &Days,
    inside: &dyn Fn(usize) -> bool,
    a: Date,
    b: Date,
    cfg: &AbsenceConfig,
) -> Sums {
    let mut s = Sums {
        classes: vec![0.0; cfg.duration_bounds.len() + 1],
        ..Default::default()
    };
    for e in 0..days.employed.len() {
        for i in days.ix(a)..=days.ix(b) {
            let Some((u, fte, cost)) = days.employed[e][i] else {
                continue;
            };
            if !inside(u) {
                continue;
            }
            s.fte += fte;
            s.head += 1.0;
            let inc = f64::from(days.sick[e][i]) / 100.0;
            s.sick += fte * inc;
            s.cost += fte * inc * cost;
            s.preg += fte * f64::from(days.preg[e][i]) / 100.0;
            if days.sick_emp(e, i) && !days.sick_emp(e, i - 1) {
                s.new += 1.0;
            }
            if days.sick_emp(e, i) && !days.sick_emp(e, i + 1) {
                let mut j = i;
                while days.sick_emp(e, j - 1) {
                    j -= 1;
                }
                let dur = (i - j + 1) as u32;
                s.ended += 1.0;
                s.ended_days += f64::from(dur);
                let class = cfg.duration_bounds.iter().filter(|&&b| b < dur).count();
                s.classes[class] += 1.0;
            }
        }
    }
    s
}

fn pct(n: f64, d: f64) -> Option<f64> {
    (d > 0.0).then(|| 100.0 * n / d)
}

fn opt_close(a: Option<f64>, b: Option<f64>, what: &str) -> Result<(), TestCaseError> {
    match (a, b) {
        (None, None) => Ok(()),
        (Some(x), Some(y)) if close(x, y, 1e-9) => Ok(()),
        _ => Err(TestCaseError::fail(format!(
            "{what}: {a:?} != reference {b:?}"
        ))),
    }
}

fn scaled_close(a: f64, b: f64, scale: f64, what: &str) -> Result<(), TestCaseError> {
    if (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(scale) {
        Ok(())
    } else {
        Err(TestCaseError::fail(format!("{what}: {a} != reference {b}")))
    }
}

fn check(seed: u64) -> Result<(), TestCaseError> {
    let (data, period, cfg) = generate(seed);
    let tree = UnitTree::new(&data.units).unwrap();
    let privacy = Privacy { min_group_size: 3 };
    let got = analyse(&data, &tree, period, privacy, &cfg)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let days = per_day(&data, &tree, cfg.cost_per_sick_day);
    let tree_ref = &tree;
    let in_sub = |unit: usize| move |x: usize| tree_ref.ancestors_or_self(x).any(|a| a == unit);
    let (pstart, pend) = (period.first_day(), period.last_day());
    let (wstart, dim) = (period.window_start(12), f64::from(period.days()));

    for u in 0..tree.len() {
        let f = &got.units[u];
        let inside = in_sub(u);
        let m = sums(&days, &inside, pstart, pend, &cfg);
        let y = sums(&days, &inside, wstart, pend, &cfg);
        let name = tree.id(u);
        opt_close(
            f.absence_rate_pct,
            pct(m.sick, m.fte),
            &format!("{name} absence_rate_pct"),
        )?;
        opt_close(
            f.absence_rate_12m_pct,
            pct(y.sick, y.fte),
            &format!("{name} absence_rate_12m_pct"),
        )?;
        opt_close(
            f.absence_rate_pregnancy_pct,
            pct(m.preg, m.fte),
            &format!("{name} pregnancy"),
        )?;
        let freq =
            |s: &Sums, days: f64| (s.head > 0.0).then(|| s.new / (s.head / days) * 365.0 / days);
        opt_close(f.frequency, freq(&m, dim), &format!("{name} frequency"))?;
        let ydays = ((pend - wstart).num_days() + 1) as f64;
        opt_close(
            f.frequency_12m,
            freq(&y, ydays),
            &format!("{name} frequency_12m"),
        )?;
        opt_close(
            f.mean_duration_days,
            (m.ended > 0.0).then(|| m.ended_days / m.ended),
            &format!("{name} mean_duration"),
        )?;
        opt_close(
            f.mean_duration_12m_days,
            (y.ended > 0.0).then(|| y.ended_days / y.ended),
            &format!("{name} mean_duration_12m"),
        )?;
        prop_assert_eq!(f.spells_ended as f64, m.ended, "{} spells_ended", name);
        for (k, c) in m.classes.iter().enumerate() {
            opt_close(
                f.duration_class_pct[k],
                pct(*c, m.ended),
                &format!("{name} class {k}"),
            )?;
        }
        opt_close(
            Some(f.headcount_avg),
            Some(m.head / dim),
            &format!("{name} headcount_avg"),
        )?;
        opt_close(
            Some(f.fte_avg),
            Some(m.fte / dim),
            &format!("{name} fte_avg"),
        )?;
        opt_close(
            Some(f.sick_working_days),
            Some(m.sick * 5.0 / 7.0),
            &format!("{name} sick_working_days"),
        )?;
        opt_close(
            Some(f.absence_cost),
            Some(m.cost * 5.0 / 7.0),
            &format!("{name} absence_cost"),
        )?;

        // Open spells at the end of the period, in the unit of that day.
        let (pi, mut open, mut long) = (days.ix(pend), 0, 0);
        // Zero absence over the 12 months.
        let (mut eligible, mut zero) = (0u64, 0u64);
        let mut headcount = 0;
        for e in 0..days.employed.len() {
            if days.sick_emp(e, pi)
                && days.sick_emp(e, pi + 1)
                && inside(days.employed[e][pi].unwrap().0)
            {
                open += 1;
                let mut j = pi;
                while days.sick_emp(e, j - 1) {
                    j -= 1;
                }
                if (pi - j + 1) as u32 > cfg.long_term_days {
                    long += 1;
                }
            }
            let window = days.ix(wstart)..=pi;
            if window
                .clone()
                .all(|i| days.employed[e][i].is_some_and(|(x, _, _)| inside(x)))
            {
                eligible += 1;
                if window.clone().all(|i| days.sick[e][i] == 0) {
                    zero += 1;
                }
            }
            if (days.ix(pstart)..=pi)
                .any(|i| days.employed[e][i].is_some_and(|(x, _, _)| inside(x)))
            {
                headcount += 1;
            }
        }
        prop_assert_eq!(
            (f.open_spells, f.long_term_open),
            (open, long),
            "{} open/long",
            name
        );
        prop_assert_eq!(f.zero_absence.n, eligible, "{} zero-absence base", name);
        opt_close(
            f.zero_absence_pct,
            pct(zero as f64, eligible as f64),
            &format!("{name} zero_absence_pct"),
        )?;
        prop_assert_eq!(f.headcount, headcount, "{} headcount", name);
    }

    // The 24 months of the series.
    for (k, mf) in got.months.iter().enumerate() {
        let p = period.add_months(k as i32 - 23);
        prop_assert_eq!(mf.period, p);
        // The month's population, day by day: everyone employed on a day of it, in the unit
        // of that day.
        let mut pop = Population::new(tree.len());
        for e in 0..days.employed.len() {
            for i in days.ix(p.first_day())..=days.ix(p.last_day()) {
                if let Some((x, _, _)) = days.employed[e][i] {
                    pop.place(x, e as u32);
                }
            }
        }
        let rule = suppress(&tree, &pop, privacy);
        prop_assert_eq!(
            rule.counts,
            mf.units.iter().map(|x| x.headcount).collect::<Vec<_>>()
        );
        prop_assert_eq!(
            rule.hidden,
            mf.units.iter().map(|x| x.suppressed).collect::<Vec<_>>()
        );
        for u in 0..tree.len() {
            let inside = in_sub(u);
            let m = sums(&days, &inside, p.first_day(), p.last_day(), &cfg);
            let y = sums(&days, &inside, p.window_start(12), p.last_day(), &cfg);
            opt_close(
                mf.units[u].rate_pct,
                pct(m.sick, m.fte),
                &format!("{p} {} rate", tree.id(u)),
            )?;
            opt_close(
                mf.units[u].rate_12m_pct,
                pct(y.sick, y.fte),
                &format!("{p} {} rate_12m", tree.id(u)),
            )?;
        }
    }

    // Interventions.
    for (iv, out) in data.interventions.iter().zip(&got.interventions) {
        let s = Period::of(iv.start);
        let months = if s > period {
            0
        } else {
            (period.months_since(s) + 1).min(12) as u32
        };
        let u = tree.index_of(&iv.unit).unwrap();
        if months < cfg.min_followup_months {
            prop_assert_eq!(
                &out.status,
                &InterventionStatus::InsufficientFollowup {
                    months,
                    required: cfg.min_followup_months
                }
            );
            continue;
        }
        let (b0, b1) = (s.add_months(-12).first_day(), s.add_months(-1).last_day());
        let f0 = period.add_months(1 - months as i32).first_day();
        let inside = in_sub(u);
        let outside = |x: usize| !inside(x);
        let (bu, fu) = (
            sums(&days, &inside, b0, b1, &cfg),
            sums(&days, &inside, f0, pend, &cfg),
        );
        let (bc, fc) = (
            sums(&days, &outside, b0, b1, &cfg),
            sums(&days, &outside, f0, pend, &cfg),
        );
        let (Some(base), Some(follow)) = (pct(bu.sick, bu.fte), pct(fu.sick, fu.fte)) else {
            prop_assert!(
                matches!(out.status, InterventionStatus::NoEmployment { .. }),
                "{:?}",
                out.status
            );
            continue;
        };
        // (change, size of the rates subtracted) of the control group.
        let control = match cfg.control {
            Control::None => Some((0.0, 0.0)),
            Control::RestOfOrganisation => match (pct(bc.sick, bc.fte), pct(fc.sick, fc.fte)) {
                (Some(b), Some(f)) => {
                    opt_close(
                        r_control(&out.status).map(|c| c.0),
                        Some(b),
                        "control baseline",
                    )?;
                    opt_close(
                        r_control(&out.status).map(|c| c.1),
                        Some(f),
                        "control follow-up",
                    )?;
                    Some((b - f, b.abs() + f.abs()))
                }
                _ => None,
            },
        };
        let Some((control_change, control_size)) = control else {
            prop_assert_eq!(&out.status, &InterventionStatus::NoControlGroup);
            continue;
        };
        let InterventionStatus::Evaluated(r) = &out.status else {
            return Err(TestCaseError::fail(format!(
                "{} not evaluated: {:?}",
                iv.id, out.status
            )));
        };
        opt_close(Some(r.baseline_rate_pct), Some(base), "baseline")?;
        opt_close(Some(r.followup_rate_pct), Some(follow), "follow-up")?;
        prop_assert_eq!(r.followup_months, months);
        let follow_days = ((pend - f0).num_days() + 1) as f64;
        let fte = fu.fte / follow_days;
        opt_close(Some(r.followup_fte_avg), Some(fte), "follow-up fte")?;
        let effect = (base - follow) - control_change;
        let rate_scale = base.abs() + follow.abs() + control_size + 1e-300;
        scaled_close(r.effect_pct_points, effect, rate_scale, "effect")?;
        let days_avoided = effect / 100.0 * fte * 365.0;
        let day_scale = rate_scale / 100.0 * fte * 365.0;
        scaled_close(
            r.avoided_days_per_year,
            days_avoided,
            day_scale,
            "avoided days",
        )?;
        let saving = days_avoided * 5.0 / 7.0 * cfg.cost_per_sick_day;
        let perf = iv.performance_benefit_per_year.unwrap_or(0.0);
        let h = iv.horizon_years.unwrap_or(cfg.default_horizon_years);
        let money =
            day_scale * 5.0 / 7.0 * cfg.cost_per_sick_day + perf + iv.annual_cost + iv.investment;
        scaled_close(r.absence_saving_per_year, saving, money, "saving")?;
        let net = saving + perf - iv.annual_cost;
        scaled_close(r.net_benefit_per_year, net, money, "net")?;
        let mut npv = -iv.investment;
        for t in 1..=h {
            npv += net / (1.0 + cfg.discount_rate).powi(t as i32);
        }
        scaled_close(r.npv, npv, money * f64::from(h), "npv")?;
        let hf = f64::from(h);
        let outlay = iv.investment + hf * iv.annual_cost;
        match r.roi {
            Some(x) => scaled_close(x * outlay, hf * (saving + perf) - outlay, money * hf, "roi")?,
            None => prop_assert_eq!(outlay, 0.0),
        }
        // Payback: compare where the sign of the net benefit is clear beyond rounding.
        if net.abs() > 1e-6 * money {
            prop_assert_eq!(r.payback_years.is_some(), net > 0.0);
            if let Some(pb) = r.payback_years {
                scaled_close(pb * r.net_benefit_per_year, iv.investment, money, "payback")?;
            }
        }
        if (perf - saving).abs() > 1e-6 * money {
            prop_assert_eq!(r.performance_exceeds_absence, perf > saving);
        }
        prop_assert_eq!(r.cumulative.len() as u32, h + 1);
    }
    Ok(())
}

/// The control group's (baseline, follow-up) rates of an evaluated intervention.
fn r_control(status: &InterventionStatus) -> Option<(f64, f64)> {
    match status {
        InterventionStatus::Evaluated(r) => r
            .control
            .map(|c| (c.baseline_rate_pct, c.followup_rate_pct)),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    #[test]
    fn intervals_agree_with_the_per_day_reference(seed in any::<u64>()) {
        check(seed)?;
    }
}
