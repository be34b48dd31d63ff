//! The return of interventions: avoided absence, cost-benefit per year, payback, ROI and NPV
//! (domain.md section 4, after Koningsveld / TNO).

use werkt_model::{Intervention, Period, Privacy, UnitIx, UnitTree};

use crate::config::{AbsenceConfig, Control};
use crate::days::{Buckets, day};
use crate::figures::{MonthlyHiding, ratio};
use crate::timeline::Person;
use crate::totals::{Totals, accumulate};

/// Absence rates of the control group (the rest of the organisation) over the same windows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ControlRates {
    pub baseline_rate_pct: f64,
    pub followup_rate_pct: f64,
}

/// An evaluated intervention. Money in EUR per year unless stated.
#[derive(Debug, Clone, PartialEq)]
pub struct Roi {
    pub baseline_rate_pct: f64,
    pub followup_rate_pct: f64,
    pub followup_months: u32,
    pub control: Option<ControlRates>,
    /// Sum of fte over the follow-up window's days / its days.
    pub followup_fte_avg: f64,
    /// Percentage points of absence the intervention is credited with (difference in
    /// differences when there is a control group).
    pub effect_pct_points: f64,
    pub avoided_days_per_year: f64,
    pub absence_saving_per_year: f64,
    pub performance_benefit_per_year: f64,
    pub benefit_per_year: f64,
    pub net_benefit_per_year: f64,
    /// Investment / net benefit; `None` when the net benefit is not positive.
    pub payback_years: Option<f64>,
    /// `None` when investment and running cost over the horizon are both zero.
    pub roi: Option<f64>,
    pub npv: f64,
    pub performance_exceeds_absence: bool,
    pub investment: f64,
    pub annual_cost: f64,
    pub horizon_years: u32,
    /// Cumulative undiscounted net position at the end of year 0..=H: -investment + t * net.
    pub cumulative: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InterventionStatus {
    Evaluated(Box<Roi>),
    /// Fewer follow-up months than the minimum: no ROI.
    InsufficientFollowup {
        months: u32,
        required: u32,
    },
    /// Nobody employed in the unit in the baseline or follow-up window: the rate is undefined.
    NoEmployment {
        window: Window,
    },
    /// A control group was asked for, but nobody outside the unit was employed in a window
    /// (e.g. the intervention is for the whole organisation).
    NoControlGroup,
    /// The intervention names a unit that is not in the unit tree.
    UnknownUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Baseline,
    Followup,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InterventionOutcome {
    /// The figures are hidden: the unit is hidden in a month of the baseline or follow-up
    /// window, or the control group is too small in one (domain.md section 0, over time).
    pub suppressed: bool,
    pub id: String,
    pub name: String,
    pub unit_id: String,
    pub unit: Option<UnitIx>,
    pub start_month: Period,
    pub status: InterventionStatus,
}

/// Evaluates one intervention at period `p`.
pub fn evaluate(
    iv: &Intervention,
    persons: &[Person],
    tree: &UnitTree,
    p: Period,
    cfg: &AbsenceConfig,
    hiding: &MonthlyHiding,
    privacy: Privacy,
) -> InterventionOutcome {
    let s = Period::of(iv.start);
    let unit = tree.index_of(&iv.unit);
    let outcome = |status, suppressed| InterventionOutcome {
        suppressed,
        id: iv.id.clone(),
        name: iv.name.clone(),
        unit_id: iv.unit.clone(),
        unit,
        start_month: s,
        status,
    };
    let Some(u) = unit else {
        return outcome(InterventionStatus::UnknownUnit, false);
    };
    let months = if s > p {
        0
    } else {
        p.months_since(s).saturating_add(1).min(12) as u32
    };
    if months < cfg.min_followup_months {
        return outcome(
            InterventionStatus::InsufficientFollowup {
                months,
                required: cfg.min_followup_months,
            },
            false,
        );
    }
    let base_start = day(s.add_months(-12).first_day());
    let follow_start = day(p.add_months(1 - months as i32).first_day());
    let end = day(p.last_day()) + 1;
    let bounds = vec![base_start, day(s.first_day()), follow_start, end];
    let grid = accumulate(persons, Buckets::from_bounds(bounds), tree.len(), cfg);
    // Bucket 0 is the baseline, 2 the follow-up (bucket 1 is the gap between them, if any).
    let in_subtree: Vec<bool> = (0..tree.len()).map(|x| tree.is_in_subtree(x, u)).collect();
    let (base_months, follow_months) = (
        (s.add_months(-12), s.pred()),
        (p.add_months(1 - months as i32), p),
    );
    let mut suppressed = [base_months, follow_months]
        .iter()
        .any(|&(a, b)| hiding.hidden_in_any(u, a, b));
    if cfg.control == Control::RestOfOrganisation {
        suppressed |= [base_months, follow_months]
            .iter()
            .any(|&(a, b)| hiding.rest_too_small(|x| in_subtree[x], a, b, privacy));
    }
    let sum = |bucket: usize, inside: bool| {
        let mut t = Totals::default();
        for x in (0..tree.len()).filter(|&x| in_subtree[x] == inside) {
            t.add(grid.cell(bucket, x));
        }
        t
    };
    let rate = |t: &Totals| ratio(t.sick, t.fte_days).map(|r| 100.0 * r);
    let (base, follow) = (sum(0, true), sum(2, true));
    let Some(baseline) = rate(&base) else {
        return outcome(
            InterventionStatus::NoEmployment {
                window: Window::Baseline,
            },
            suppressed,
        );
    };
    let Some(followup) = rate(&follow) else {
        return outcome(
            InterventionStatus::NoEmployment {
                window: Window::Followup,
            },
            suppressed,
        );
    };
    let control = match cfg.control {
        Control::None => None,
        Control::RestOfOrganisation => match (rate(&sum(0, false)), rate(&sum(2, false))) {
            (Some(b), Some(f)) => Some(ControlRates {
                baseline_rate_pct: b,
                followup_rate_pct: f,
            }),
            _ => return outcome(InterventionStatus::NoControlGroup, suppressed),
        },
    };
    let effect =
        (baseline - followup) - control.map_or(0.0, |c| c.baseline_rate_pct - c.followup_rate_pct);
    let fte_avg = follow.fte_days / grid.buckets.days(2) as f64;
    let horizon = iv.horizon_years.unwrap_or(cfg.default_horizon_years);
    let roi = cost_benefit(
        effect,
        fte_avg,
        cfg.cost_per_sick_day,
        iv.performance_benefit_per_year.unwrap_or(0.0),
        iv.investment,
        iv.annual_cost,
        horizon,
        cfg.discount_rate,
    );
    outcome(
        InterventionStatus::Evaluated(Box::new(Roi {
            baseline_rate_pct: baseline,
            followup_rate_pct: followup,
            followup_months: months,
            control,
            ..roi
        })),
        suppressed,
    )
}

/// The money part, from the effect in percentage points onwards.
#[allow(clippy::too_many_arguments)]
pub fn cost_benefit(
    effect_pct_points: f64,
    fte_avg: f64,
    cost_per_sick_day: f64,
    performance: f64,
    investment: f64,
    annual_cost: f64,
    horizon: u32,
    r: f64,
) -> Roi {
    let avoided = effect_pct_points / 100.0 * fte_avg * 365.0;
    let saving = avoided * 5.0 / 7.0 * cost_per_sick_day;
    let benefit = saving + performance;
    let net = benefit - annual_cost;
    let h = f64::from(horizon);
    let outlay = investment + h * annual_cost;
    let npv = -investment
        + (1..=horizon)
            .map(|t| net / (1.0 + r).powi(t as i32))
            .sum::<f64>();
    Roi {
        baseline_rate_pct: f64::NAN,
        followup_rate_pct: f64::NAN,
        followup_months: 0,
        control: None,
        followup_fte_avg: fte_avg,
        effect_pct_points,
        avoided_days_per_year: avoided,
        absence_saving_per_year: saving,
        performance_benefit_per_year: performance,
        benefit_per_year: benefit,
        net_benefit_per_year: net,
        payback_years: (net > 0.0).then(|| investment / net),
        roi: (outlay != 0.0).then(|| (h * benefit - investment - h * annual_cost) / outlay),
        npv,
        performance_exceeds_absence: performance > saving,
        investment,
        annual_cost,
        horizon_years: horizon,
        cumulative: (0..=horizon)
            .map(|t| -investment + f64::from(t) * net)
            .collect(),
    }
}
