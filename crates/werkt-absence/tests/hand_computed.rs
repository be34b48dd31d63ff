//! Figures computed by hand from domain.md sections 3 and 4 for small cases, one rule each.

mod common;

use common::*;
use werkt_absence::{AbsenceAnalysis, AbsenceConfig, Control, InterventionStatus, analyse};
use werkt_model::{Dataset, Privacy, UnitTree};

fn run(data: &Dataset, period: &str) -> (AbsenceAnalysis, UnitTree) {
    run_with(data, period, &AbsenceConfig::default())
}

fn run_with(data: &Dataset, period: &str, cfg: &AbsenceConfig) -> (AbsenceAnalysis, UnitTree) {
    let tree = UnitTree::new(&data.units).unwrap();
    let a = analyse(
        data,
        &tree,
        period.parse().unwrap(),
        Privacy { min_group_size: 3 },
        cfg,
    )
    .unwrap();
    (a, tree)
}

fn ix(tree: &UnitTree, id: &str) -> usize {
    tree.index_of(id).unwrap()
}

#[test]
fn partial_absence_counts_its_percentage() {
    // June 2024 has 30 days; 10 days at 50% for one full-time employee.
    let d = dataset(
        vec![job("e1", "a", 1.0, "2024-01-01", None)],
        vec![sick("e1", "2024-06-11", Some("2024-06-20"), 50)],
    );
    let (a, t) = run(&d, "2024-06");
    let u = &a.units[ix(&t, "a")];
    assert_some_close(u.absence_rate_pct, 100.0 * 5.0 / 30.0);
    assert_close(u.sick_working_days, 5.0 * 5.0 / 7.0);
    assert_close(u.absence_cost, 5.0 * 5.0 / 7.0 * 250.0);
    assert_eq!(u.spells_ended, 1);
    assert_some_close(u.mean_duration_days, 10.0);
    assert_eq!(
        a.units[t.root()].absence_rate_pct,
        u.absence_rate_pct,
        "rolled up to the root"
    );
    assert_eq!(
        a.units[ix(&t, "b")].absence_rate_pct,
        None,
        "nobody employed in b"
    );
}

#[test]
fn partial_recovery_stays_one_spell() {
    let d = dataset(
        vec![job("e1", "a", 1.0, "2024-01-01", None)],
        vec![
            sick("e1", "2024-06-01", Some("2024-06-10"), 100),
            sick("e1", "2024-06-11", Some("2024-06-20"), 50),
        ],
    );
    let (a, t) = run(&d, "2024-06");
    let u = &a.units[ix(&t, "a")];
    assert_eq!(u.spells_ended, 1);
    assert_some_close(u.mean_duration_days, 20.0);
    assert_some_close(u.frequency, 1.0 * 365.0 / 30.0);
    assert_some_close(u.absence_rate_pct, 100.0 * (10.0 + 5.0) / 30.0);
    assert_eq!(
        u.duration_class_pct,
        vec![Some(0.0), Some(100.0), Some(0.0), Some(0.0)]
    );
}

#[test]
fn a_gap_of_one_day_makes_two_spells() {
    let d = dataset(
        vec![job("e1", "a", 1.0, "2024-01-01", None)],
        vec![
            sick("e1", "2024-06-01", Some("2024-06-10"), 100),
            sick("e1", "2024-06-12", Some("2024-06-20"), 100),
        ],
    );
    let (a, t) = run(&d, "2024-06");
    assert_eq!(a.units[ix(&t, "a")].spells_ended, 2);
    assert_some_close(a.units[ix(&t, "a")].mean_duration_days, 9.5);
}

#[test]
fn overlapping_segments_count_the_highest_never_above_100() {
    let d = dataset(
        vec![job("e1", "a", 1.0, "2024-01-01", None)],
        vec![
            sick("e1", "2024-06-01", Some("2024-06-10"), 60),
            sick("e1", "2024-06-05", Some("2024-06-15"), 80),
            sick("e1", "2024-06-20", Some("2024-06-25"), 100),
            sick("e1", "2024-06-22", Some("2024-06-28"), 100),
        ],
    );
    let (a, t) = run(&d, "2024-06");
    let u = &a.units[ix(&t, "a")];
    // 1-4 at 60%, 5-15 at 80%, 20-28 at 100%.
    assert_some_close(
        u.absence_rate_pct,
        100.0 * (4.0 * 0.6 + 11.0 * 0.8 + 9.0) / 30.0,
    );
    assert_eq!(u.spells_ended, 2);
    let full = dataset(
        vec![job("e1", "a", 1.0, "2024-01-01", None)],
        vec![
            sick("e1", "2024-05-01", Some("2024-07-31"), 100),
            sick("e1", "2024-06-01", Some("2024-06-30"), 100),
        ],
    );
    let (a, t) = run(&full, "2024-06");
    assert_some_close(a.units[ix(&t, "a")].absence_rate_pct, 100.0);
    // A percentage above 100 (validation rejects it; the computation caps it anyway).
    let over = dataset(
        vec![job("e1", "a", 1.0, "2024-01-01", None)],
        vec![sick("e1", "2024-06-01", Some("2024-06-30"), 150)],
    );
    let (a, t) = run(&over, "2024-06");
    assert_some_close(a.units[ix(&t, "a")].absence_rate_pct, 100.0);
}

#[test]
fn spell_crossing_the_period_start_and_end() {
    let d = dataset(
        vec![job("e1", "a", 1.0, "2024-01-01", None)],
        vec![sick("e1", "2024-05-20", Some("2024-07-10"), 100)],
    );
    let (june, t) = run(&d, "2024-06");
    let u = &june.units[ix(&t, "a")];
    assert_some_close(u.absence_rate_pct, 100.0);
    assert_some_close(u.frequency, 0.0);
    assert_eq!((u.spells_ended, u.open_spells), (0, 1));
    assert_eq!(u.mean_duration_days, None);
    let (may, _) = run(&d, "2024-05");
    assert_some_close(may.units[ix(&t, "a")].absence_rate_pct, 100.0 * 12.0 / 31.0);
    assert_some_close(may.units[ix(&t, "a")].frequency, 365.0 / 31.0);
    let (july, _) = run(&d, "2024-07");
    let u = &july.units[ix(&t, "a")];
    assert_some_close(u.absence_rate_pct, 100.0 * 10.0 / 31.0);
    // 12 days in May + 30 in June + 10 in July, all counted in the duration.
    assert_some_close(u.mean_duration_days, 52.0);
    assert_eq!(u.duration_class_pct[1], Some(100.0));
    assert_eq!(u.open_spells, 0);
}

#[test]
fn ongoing_spell_is_open_and_becomes_long_term() {
    let d = dataset(
        vec![job("e1", "a", 1.0, "2024-01-01", None)],
        vec![sick("e1", "2024-06-15", None, 100)],
    );
    let (a, t) = run(&d, "2024-06");
    let u = &a.units[ix(&t, "a")];
    assert_some_close(u.absence_rate_pct, 100.0 * 16.0 / 30.0);
    assert_eq!((u.spells_ended, u.open_spells, u.long_term_open), (0, 1, 0));
    assert_eq!(u.mean_duration_days, None);
    // 15 June to 31 December 2024 is 200 days, more than 91.
    let (dec, _) = run(&d, "2024-12");
    assert_eq!(dec.units[ix(&t, "a")].long_term_open, 1);
    assert_some_close(dec.units[ix(&t, "a")].absence_rate_pct, 100.0);
}

#[test]
fn spell_ending_on_the_last_day_has_ended() {
    let d = dataset(
        vec![job("e1", "a", 1.0, "2024-01-01", None)],
        vec![sick("e1", "2024-06-21", Some("2024-06-30"), 100)],
    );
    let (a, t) = run(&d, "2024-06");
    let u = &a.units[ix(&t, "a")];
    assert_eq!((u.spells_ended, u.open_spells), (1, 0));
    assert_some_close(u.mean_duration_days, 10.0);
    // A segment continuing on 1 July would make it one spell, open at the end of June.
    let mut d2 = d.clone();
    d2.absence
        .push(sick("e1", "2024-07-01", Some("2024-07-03"), 50));
    let (a, _) = run(&d2, "2024-06");
    assert_eq!(
        (
            a.units[ix(&t, "a")].spells_ended,
            a.units[ix(&t, "a")].open_spells
        ),
        (0, 1)
    );
}

#[test]
fn pregnancy_leave_is_reported_apart() {
    let d = dataset(
        vec![
            job("e1", "a", 1.0, "2024-01-01", None),
            job("e2", "a", 1.0, "2024-01-01", None),
        ],
        vec![pregnant("e1", "2024-06-01", Some("2024-08-31"), 100)],
    );
    let (a, t) = run(&d, "2024-06");
    let u = &a.units[ix(&t, "a")];
    assert_some_close(u.absence_rate_pct, 0.0);
    assert_some_close(u.absence_rate_pregnancy_pct, 50.0);
    assert_eq!((u.spells_ended, u.open_spells), (0, 0));
    assert_some_close(u.frequency, 0.0);
    assert_close(u.absence_cost, 0.0);
}

#[test]
fn absence_outside_employment_is_ignored_with_a_warning() {
    let d = dataset(
        vec![job("e1", "a", 1.0, "2024-06-11", None)],
        vec![sick("e1", "2024-06-01", Some("2024-06-15"), 100)],
    );
    let (a, t) = run(&d, "2024-06");
    let u = &a.units[ix(&t, "a")];
    // Employed 20 days, sick on 5 of them.
    assert_some_close(u.absence_rate_pct, 25.0);
    assert_some_close(u.mean_duration_days, 5.0);
    assert_eq!(a.warnings.len(), 1);
    assert!(a.warnings[0].contains("10 day(s)"), "{}", a.warnings[0]);
    let clean = dataset(
        vec![job("e1", "a", 1.0, "2024-06-01", None)],
        vec![sick("e1", "2024-06-01", Some("2024-06-15"), 100)],
    );
    assert!(run(&clean, "2024-06").0.warnings.is_empty());
    let stranger = dataset(
        vec![job("e1", "a", 1.0, "2024-06-01", None)],
        vec![sick("nobody", "2024-06-01", Some("2024-06-02"), 100)],
    );
    let (a, _) = run(&stranger, "2024-06");
    assert_eq!(a.warnings.len(), 1);
    assert_some_close(a.units[t.root()].absence_rate_pct, 0.0);
}

#[test]
fn transfers_move_days_and_spells_with_the_unit_of_the_day() {
    let d = dataset(
        vec![
            job("e1", "a1", 1.0, "2024-01-01", Some("2024-06-15")),
            job("e1", "b", 1.0, "2024-06-16", None),
        ],
        vec![sick("e1", "2024-06-10", Some("2024-06-20"), 100)],
    );
    let (a, t) = run(&d, "2024-06");
    let (ua, ub, org) = (
        &a.units[ix(&t, "a")],
        &a.units[ix(&t, "b")],
        &a.units[t.root()],
    );
    assert_some_close(ua.absence_rate_pct, 100.0 * 6.0 / 15.0);
    assert_some_close(ub.absence_rate_pct, 100.0 * 5.0 / 15.0);
    assert_some_close(org.absence_rate_pct, 100.0 * 11.0 / 30.0);
    // The spell started in a1 (so a) and ended in b: one spell for the organisation.
    assert_some_close(ua.frequency, 365.0 / 15.0);
    assert_some_close(ub.frequency, 0.0);
    assert_eq!(
        (ua.spells_ended, ub.spells_ended, org.spells_ended),
        (0, 1, 1)
    );
    assert_some_close(ub.mean_duration_days, 11.0);
    assert_eq!((ua.headcount, ub.headcount, org.headcount), (1, 1, 1));
    assert_close(org.headcount_avg, 1.0);
}

#[test]
fn joiners_and_leavers() {
    let d = dataset(
        vec![
            job("j", "a", 1.0, "2024-06-16", None),
            job("l", "a", 0.5, "2023-01-01", Some("2024-06-10")),
            job("s", "a", 0.8, "2023-01-01", None),
        ],
        vec![sick("l", "2024-06-01", None, 100)],
    );
    let (a, t) = run(&d, "2024-06");
    let u = &a.units[ix(&t, "a")];
    assert_eq!(u.headcount, 3);
    assert_close(u.headcount_avg, (15.0 + 10.0 + 30.0) / 30.0);
    assert_close(u.fte_avg, (15.0 + 0.5 * 10.0 + 0.8 * 30.0) / 30.0);
    assert_some_close(
        u.absence_rate_pct,
        100.0 * (0.5 * 10.0) / (15.0 + 5.0 + 24.0),
    );
    // The leaver's ongoing absence ends with the employment on 10 June.
    assert_eq!((u.spells_ended, u.open_spells), (1, 0));
    assert_some_close(u.mean_duration_days, 10.0);
    assert_some_close(u.frequency, 365.0 / (15.0 + 10.0 + 30.0));
}

#[test]
fn part_time_factor_above_one_and_daily_cost() {
    let mut big = job("e1", "a", 1.2, "2024-01-01", None);
    big.daily_cost = Some(400.0);
    let d = dataset(
        vec![big, job("e2", "a", 0.5, "2024-01-01", None)],
        vec![
            sick("e1", "2024-06-01", Some("2024-06-30"), 50),
            sick("e2", "2024-06-01", Some("2024-06-07"), 100),
        ],
    );
    let (a, t) = run(&d, "2024-06");
    let u = &a.units[ix(&t, "a")];
    let sick_days = 1.2 * 0.5 * 30.0 + 0.5 * 7.0;
    assert_some_close(u.absence_rate_pct, 100.0 * sick_days / (1.7 * 30.0));
    assert_close(u.sick_working_days, sick_days * 5.0 / 7.0);
    assert_close(
        u.absence_cost,
        (1.2 * 0.5 * 30.0 * 400.0 + 0.5 * 7.0 * 250.0) * 5.0 / 7.0,
    );
    assert_close(u.fte_avg, 1.7);
}

#[test]
fn leap_years_count_29_february() {
    let d = dataset(
        vec![job("e1", "a", 1.0, "2023-01-01", None)],
        vec![sick("e1", "2024-02-29", Some("2024-02-29"), 100)],
    );
    let (a, t) = run(&d, "2024-02");
    let u = &a.units[ix(&t, "a")];
    assert_some_close(u.absence_rate_pct, 100.0 / 29.0);
    assert_some_close(u.frequency, 365.0 / 29.0);
    // March 2023 to February 2024: 366 days.
    assert_some_close(u.absence_rate_12m_pct, 100.0 / 366.0);
    assert_some_close(u.frequency_12m, 365.0 / 366.0);
}

#[test]
fn zero_absence_over_twelve_months() {
    let d = dataset(
        vec![
            job("clean", "a", 1.0, "2023-01-01", None),
            job("sick", "a", 1.0, "2023-01-01", None),
            job("new", "a", 1.0, "2024-01-01", None),
            job("preg", "b", 1.0, "2023-01-01", None),
            // Moves from a1 to b inside the window: the whole year in the organisation only.
            job("mover", "a1", 1.0, "2023-01-01", Some("2024-03-31")),
            job("mover", "b", 1.0, "2024-04-01", None),
        ],
        vec![
            sick("sick", "2023-07-01", Some("2023-07-01"), 20),
            sick("sick", "2023-06-01", Some("2023-06-30"), 100),
            pregnant("preg", "2024-01-01", Some("2024-03-31"), 100),
        ],
    );
    let (a, t) = run(&d, "2024-06");
    let (org, ua, ub) = (
        &a.units[t.root()],
        &a.units[ix(&t, "a")],
        &a.units[ix(&t, "b")],
    );
    // Window July 2023 - June 2024: clean, sick, preg, mover employed throughout in org.
    assert_eq!(org.zero_absence.n, 4);
    assert_some_close(org.zero_absence_pct, 75.0);
    assert_eq!(ua.zero_absence.n, 2);
    assert_some_close(ua.zero_absence_pct, 50.0);
    assert_eq!(ub.zero_absence.n, 1);
    assert_some_close(ub.zero_absence_pct, 100.0);
    assert_eq!(a.units[ix(&t, "a1")].zero_absence_pct, None);
    // A month later the sick day has left the window.
    let (a, _) = run(&d, "2024-07");
    assert_some_close(a.units[ix(&t, "a")].zero_absence_pct, 100.0);
}

#[test]
fn small_units_are_suppressed_with_their_smallest_sibling() {
    let mut emps = Vec::new();
    for i in 0..6 {
        emps.push(job(&format!("a{i}"), "a", 1.0, "2024-01-01", None));
    }
    for i in 0..2 {
        emps.push(job(&format!("b{i}"), "b", 1.0, "2024-01-01", None));
    }
    let d = dataset(emps, vec![]);
    let tree = UnitTree::new(&d.units).unwrap();
    let a = analyse(
        &d,
        &tree,
        "2024-06".parse().unwrap(),
        Privacy::default(),
        &AbsenceConfig::default(),
    )
    .unwrap();
    let hidden: Vec<bool> = ["org", "a", "b", "a1"]
        .iter()
        .map(|u| a.units[ix(&tree, u)].suppressed)
        .collect();
    assert_eq!(hidden, [false, true, true, true]);
    assert_eq!(a.units[tree.root()].headcount, 8);
}

/// One employee in unit a, one in b. a: 61 sick days in 2024 (the baseline year of an
/// intervention starting in January 2025), none in January-June 2025. b: no sick days in
/// 2024, 18 in the follow-up.
fn roi_data() -> Dataset {
    let mut d = dataset(
        vec![
            job("x", "a", 1.0, "2023-01-01", None),
            job("y", "b", 1.0, "2023-01-01", None),
        ],
        vec![
            sick("x", "2024-03-01", Some("2024-04-30"), 100),
            sick("y", "2025-02-01", Some("2025-02-18"), 100),
        ],
    );
    d.interventions.push(common::intervention(
        "iv",
        "a",
        "2025-01-15",
        10_000.0,
        2_000.0,
        5_000.0,
    ));
    d
}

#[test]
fn roi_without_control_group() {
    let d = roi_data();
    let (a, _) = run(&d, "2025-06");
    let InterventionStatus::Evaluated(r) = &a.interventions[0].status else {
        panic!("{:?}", a.interventions[0].status)
    };
    let baseline = 100.0 * 61.0 / 366.0;
    assert_close(r.baseline_rate_pct, baseline);
    assert_close(r.followup_rate_pct, 0.0);
    assert_eq!(r.followup_months, 6);
    assert_close(r.followup_fte_avg, 1.0);
    let avoided = baseline / 100.0 * 365.0;
    let saving = avoided * 5.0 / 7.0 * 250.0;
    assert_close(r.avoided_days_per_year, avoided);
    assert_close(r.absence_saving_per_year, saving);
    let net = saving + 5_000.0 - 2_000.0;
    assert_close(r.net_benefit_per_year, net);
    assert_close(r.payback_years.unwrap(), 10_000.0 / net);
    assert_close(
        r.roi.unwrap(),
        (3.0 * (saving + 5_000.0) - 10_000.0 - 6_000.0) / 16_000.0,
    );
    assert_close(
        r.npv,
        -10_000.0 + net / 1.04 + net / 1.04f64.powi(2) + net / 1.04f64.powi(3),
    );
    assert!(
        !r.performance_exceeds_absence,
        "saving {saving} is above 5000"
    );
    assert_eq!(r.cumulative.len(), 4);
    assert_close(r.cumulative[0], -10_000.0);
    assert_close(r.cumulative[3], -10_000.0 + 3.0 * net);
}

#[test]
fn roi_with_control_group_subtracts_the_rest_of_the_organisation() {
    let d = roi_data();
    let cfg = AbsenceConfig {
        control: Control::RestOfOrganisation,
        ..Default::default()
    };
    let (a, _) = run_with(&d, "2025-06", &cfg);
    let InterventionStatus::Evaluated(r) = &a.interventions[0].status else {
        panic!()
    };
    let c = r.control.unwrap();
    // January-June 2025 is 181 days.
    assert_close(c.baseline_rate_pct, 0.0);
    assert_close(c.followup_rate_pct, 100.0 * 18.0 / 181.0);
    let effect = (100.0 * 61.0 / 366.0 - 0.0) - (0.0 - 100.0 * 18.0 / 181.0);
    assert_close(r.effect_pct_points, effect);
    assert_close(r.avoided_days_per_year, effect / 100.0 * 365.0);
    // An intervention for the whole organisation has no control group.
    let mut whole = d.clone();
    whole.interventions[0].unit = "org".into();
    let (a, _) = run_with(&whole, "2025-06", &cfg);
    assert_eq!(
        a.interventions[0].status,
        InterventionStatus::NoControlGroup
    );
}

#[test]
fn an_intervention_that_never_pays_back() {
    let mut d = roi_data();
    d.interventions[0].annual_cost = 100_000.0;
    d.interventions[0].horizon_years = Some(5);
    let (a, _) = run(&d, "2025-06");
    let InterventionStatus::Evaluated(r) = &a.interventions[0].status else {
        panic!()
    };
    assert!(r.net_benefit_per_year < 0.0);
    assert_eq!(r.payback_years, None);
    assert!(r.npv < -10_000.0);
    assert!(r.roi.unwrap() < 0.0);
    assert_eq!(r.cumulative.len(), 6);
    assert!(r.cumulative.windows(2).all(|w| w[1] < w[0]));
}

#[test]
fn insufficient_follow_up_gives_no_roi() {
    let mut d = roi_data();
    d.interventions[0].start = date("2025-05-10");
    let (a, _) = run(&d, "2025-06");
    assert_eq!(
        a.interventions[0].status,
        InterventionStatus::InsufficientFollowup {
            months: 2,
            required: 3
        }
    );
    let (a, _) = run(&d, "2025-04");
    assert_eq!(
        a.interventions[0].status,
        InterventionStatus::InsufficientFollowup {
            months: 0,
            required: 3
        }
    );
    // Three months is enough; follow-up is capped at the latest 12.
    let (a, _) = run(&d, "2025-07");
    assert!(matches!(
        a.interventions[0].status,
        InterventionStatus::Evaluated(_)
    ));
    let (a, _) = run(&d, "2026-09");
    let InterventionStatus::Evaluated(r) = &a.interventions[0].status else {
        panic!()
    };
    assert_eq!(r.followup_months, 12);
}

#[test]
fn monthly_series_cover_24_months() {
    let d = dataset(
        vec![job("e1", "a", 1.0, "2023-01-01", None)],
        vec![sick("e1", "2024-06-11", Some("2024-06-20"), 50)],
    );
    let (a, t) = run(&d, "2024-12");
    assert_eq!(a.months.len(), 24);
    assert_eq!(a.months[0].period.to_string(), "2023-01");
    let june = &a.months[17];
    assert_eq!(june.period.to_string(), "2024-06");
    assert_some_close(june.units[ix(&t, "a")].rate_pct, 100.0 * 5.0 / 30.0);
    assert_some_close(
        a.months[23].units[ix(&t, "a")].rate_12m_pct,
        100.0 * 5.0 / 366.0,
    );
}
