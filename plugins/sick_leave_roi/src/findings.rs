//! Plain-language findings. Only about the organisation and its top-level units, and never
//! about a unit whose figures are suppressed.

use werkt_absence::{AbsenceAnalysis, InterventionOutcome, InterventionStatus, Roi, Window};
use werkt_plugin::model::format;
use werkt_plugin::{Finding, Language, Privacy, Severity, UnitTree};

use crate::benchmarks::Reference;
use crate::config::Config;
use crate::text::say;

pub struct Context<'a> {
    pub analysis: &'a AbsenceAnalysis,
    pub tree: &'a UnitTree,
    pub names: &'a [String],
    pub config: &'a Config,
    pub reference: Option<Reference>,
    pub privacy: Privacy,
    pub lang: Language,
}

fn finding(unit: &str, severity: Severity, text: String) -> Finding {
    Finding {
        unit: Some(unit.to_string()),
        severity,
        text,
    }
}

pub fn findings(c: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let root = c.tree.root();
    let scope = std::iter::once(root).chain(c.tree.children(root).iter().copied());
    for u in scope {
        if c.analysis.units[u].suppressed {
            continue;
        }
        benchmark(c, u, &mut out);
        rising(c, u, &mut out);
        short_spells(c, u, &mut out);
        long_term(c, u, &mut out);
    }
    for iv in &c.analysis.interventions {
        out.push(intervention(c, iv));
    }
    out
}

fn benchmark(c: &Context, u: usize, out: &mut Vec<Finding>) {
    let f = &c.analysis.units[u];
    let (Some(r), Some(rate), false) = (&c.reference, f.absence_rate_12m_pct, f.rolling_suppressed)
    else {
        return;
    };
    let (name, l) = (&c.names[u], c.lang);
    let above = rate > r.rate_pct;
    if !above && u != c.tree.root() {
        return;
    }
    let text = if above {
        say(
            l,
            format!(
                "{name}: the sick-leave rate over the last 12 months is {}, above the CBS benchmark of {} for {} ({}, {}).",
                format::percent(l, rate, 1),
                format::percent(l, r.rate_pct, 1),
                r.sector,
                r.period,
                r.dataset
            ),
            format!(
                "{name}: het verzuimpercentage over de laatste 12 maanden is {}, boven de CBS-referentie van {} voor {} ({}, {}).",
                format::percent(l, rate, 1),
                format::percent(l, r.rate_pct, 1),
                r.sector,
                r.period,
                r.dataset
            ),
        )
    } else {
        say(
            l,
            format!(
                "{name}: the sick-leave rate over the last 12 months is {}, not above the CBS benchmark of {} for {} ({}, {}).",
                format::percent(l, rate, 1),
                format::percent(l, r.rate_pct, 1),
                r.sector,
                r.period,
                r.dataset
            ),
            format!(
                "{name}: het verzuimpercentage over de laatste 12 maanden is {}, niet boven de CBS-referentie van {} voor {} ({}, {}).",
                format::percent(l, rate, 1),
                format::percent(l, r.rate_pct, 1),
                r.sector,
                r.period,
                r.dataset
            ),
        )
    };
    out.push(finding(
        c.tree.id(u),
        if above {
            Severity::Warning
        } else {
            Severity::Info
        },
        text,
    ));
}

/// Three rises in a row: the last four monthly rates strictly increasing, all shown.
fn rising(c: &Context, u: usize, out: &mut Vec<Finding>) {
    let months = &c.analysis.months;
    let last4 = &months[months.len().saturating_sub(4)..];
    if last4.len() < 4 || last4.iter().any(|m| m.units[u].suppressed) {
        return;
    }
    let Some(rates) = last4
        .iter()
        .map(|m| m.units[u].rate_pct)
        .collect::<Option<Vec<f64>>>()
    else {
        return;
    };
    if !rates.windows(2).all(|w| w[1] > w[0]) {
        return;
    }
    let l = c.lang;
    let path = rates
        .iter()
        .map(|r| format::percent(l, *r, 1))
        .collect::<Vec<_>>()
        .join(" → ");
    let (from, to) = (last4[0].period, last4[3].period);
    let name = &c.names[u];
    out.push(finding(
        c.tree.id(u),
        Severity::Warning,
        say(
            l,
            format!("{name}: the monthly sick-leave rate rose three months in a row ({from} to {to}: {path})."),
            format!("{name}: het maandelijkse verzuimpercentage steeg drie maanden op rij ({from} tot {to}: {path})."),
        ),
    ));
}

fn short_spells(c: &Context, u: usize, out: &mut Vec<Finding>) {
    let f = &c.analysis.units[u];
    if f.rolling_suppressed || f.ended_12m.hidden {
        return;
    }
    let (Some(freq), Some(dur)) = (f.frequency_12m, f.mean_duration_12m_days) else {
        return;
    };
    if freq < c.config.high_frequency || dur > c.config.short_duration_days {
        return;
    }
    let (l, name) = (c.lang, &c.names[u]);
    out.push(finding(
        c.tree.id(u),
        Severity::Warning,
        say(
            l,
            format!(
                "{name}: many short spells: {} reports of sickness per employee per year with a mean duration of {} days over the last 12 months. Frequent short absence is a signal about engagement and how work is organised.",
                format::number(l, freq, 2), format::number(l, dur, 1)
            ),
            format!(
                "{name}: veel korte verzuimgevallen: {} ziekmeldingen per medewerker per jaar met een gemiddelde duur van {} dagen over de laatste 12 maanden. Frequent kort verzuim is een signaal over bevlogenheid en de organisatie van het werk.",
                format::number(l, freq, 2), format::number(l, dur, 1)
            ),
        ),
    ));
}

fn long_term(c: &Context, u: usize, out: &mut Vec<Finding>) {
    let f = &c.analysis.units[u];
    // A count of people on long-term sick leave is about them: shown only when they are at
    // least the minimum group.
    if f.long_term_open == 0 || f.long_term.hidden {
        return;
    }
    let (l, name, n, d) = (
        c.lang,
        &c.names[u],
        f.long_term_open,
        c.config.long_term_days,
    );
    let end = c.analysis.period.last_day();
    out.push(finding(
        c.tree.id(u),
        Severity::Warning,
        say(
            l,
            format!("{name}: {n} sick-leave case(s) open for more than {d} days on {end}."),
            format!("{name}: {n} verzuimgeval(len) op {end} langer dan {d} dagen open."),
        ),
    ));
}

fn intervention(c: &Context, iv: &InterventionOutcome) -> Finding {
    let l = c.lang;
    let unit_name = iv.unit.map_or(iv.unit_id.as_str(), |u| c.names[u].as_str());
    let who = format!("'{}' ({unit_name})", iv.name);
    let start = iv.start_month;
    let (severity, text) = match &iv.status {
        InterventionStatus::UnknownUnit => (
            Severity::Warning,
            say(
                l,
                format!(
                    "Intervention {who} names unit '{}', which is not in units.csv; it is not evaluated.",
                    iv.unit_id
                ),
                format!(
                    "Interventie {who} noemt eenheid '{}', die niet in units.csv staat; zij wordt niet geëvalueerd.",
                    iv.unit_id
                ),
            ),
        ),
        InterventionStatus::InsufficientFollowup { months, required } => (
            Severity::Info,
            say(
                l,
                format!(
                    "Intervention {who}, started {start}: insufficient follow-up ({months} of at least {required} months); no return is computed yet."
                ),
                format!(
                    "Interventie {who}, gestart {start}: onvoldoende follow-up ({months} van minimaal {required} maanden); er is nog geen rendement berekend."
                ),
            ),
        ),
        InterventionStatus::NoEmployment { window } => {
            let (en, nl) = match window {
                Window::Baseline => (
                    "the 12 months before the start",
                    "de 12 maanden voor de start",
                ),
                Window::Followup => ("the follow-up months", "de follow-upmaanden"),
            };
            (
                Severity::Warning,
                say(
                    l,
                    format!(
                        "Intervention {who}: nobody was employed in the unit in {en}, so no absence rate and no return can be computed."
                    ),
                    format!(
                        "Interventie {who}: in {nl} was niemand in de eenheid in dienst, dus er is geen verzuimpercentage en geen rendement te berekenen."
                    ),
                ),
            )
        }
        InterventionStatus::NoControlGroup => (
            Severity::Warning,
            say(
                l,
                format!(
                    "Intervention {who}: the control group (rest of the organisation) has nobody employed in the baseline or follow-up window; no return is computed. Set control = \"none\" to evaluate it without a control group."
                ),
                format!(
                    "Interventie {who}: de controlegroep (rest van de organisatie) heeft niemand in dienst in de basis- of follow-upperiode; er is geen rendement berekend. Zet control = \"none\" om zonder controlegroep te evalueren."
                ),
            ),
        ),
        InterventionStatus::Evaluated(r) => {
            if iv.suppressed {
                let min = c.privacy.min();
                (
                    Severity::Info,
                    say(
                        l,
                        format!(
                            "Intervention {who}: its figures are not shown because in a month of its baseline or follow-up fewer than {min} employees worked in the unit (or in the rest of the organisation, its control group)."
                        ),
                        format!(
                            "Interventie {who}: de cijfers worden niet getoond omdat in een maand van de basis- of follow-upperiode minder dan {min} medewerkers in de eenheid (of in de rest van de organisatie, de controlegroep) werkten."
                        ),
                    ),
                )
            } else {
                evaluated(c, &who, r)
            }
        }
    };
    Finding {
        unit: Some(iv.unit_id.clone()),
        severity,
        text,
    }
}

fn evaluated(c: &Context, who: &str, r: &Roi) -> (Severity, String) {
    let l = c.lang;
    let rates_en = format!(
        "sick-leave rate {} in the 12 months before the start, {} over {} months of follow-up",
        format::percent(l, r.baseline_rate_pct, 1),
        format::percent(l, r.followup_rate_pct, 1),
        r.followup_months
    );
    let rates_nl = format!(
        "verzuimpercentage {} in de 12 maanden voor de start, {} over {} maanden follow-up",
        format::percent(l, r.baseline_rate_pct, 1),
        format::percent(l, r.followup_rate_pct, 1),
        r.followup_months
    );
    let (control_en, control_nl) = match r.control {
        Some(k) => (
            format!(
                " (rest of the organisation: {} to {})",
                format::percent(l, k.baseline_rate_pct, 1),
                format::percent(l, k.followup_rate_pct, 1)
            ),
            format!(
                " (rest van de organisatie: {} naar {})",
                format::percent(l, k.baseline_rate_pct, 1),
                format::percent(l, k.followup_rate_pct, 1)
            ),
        ),
        None => (String::new(), String::new()),
    };
    let h = r.horizon_years;
    let (pay_en, pay_nl, severity) = match r.payback_years {
        Some(y) if y <= f64::from(h) => (
            format!("it pays back in {} years", format::number(l, y, 1)),
            format!("de terugverdientijd is {} jaar", format::number(l, y, 1)),
            Severity::Info,
        ),
        Some(y) => (
            format!(
                "it pays back in {} years, after its {h}-year horizon",
                format::number(l, y, 1)
            ),
            format!(
                "de terugverdientijd is {} jaar, langer dan de horizon van {h} jaar",
                format::number(l, y, 1)
            ),
            Severity::Warning,
        ),
        None => (
            format!(
                "it does not pay back (net benefit {} a year)",
                format::money(l, r.net_benefit_per_year, 0)
            ),
            format!(
                "zij verdient zich niet terug (netto baat {} per jaar)",
                format::money(l, r.net_benefit_per_year, 0)
            ),
            Severity::Warning,
        ),
    };
    let roi = |x: Option<f64>| x.map_or("-".to_string(), |x| format::percent(l, 100.0 * x, 1));
    let (saving, perf) = (
        format::money(l, r.absence_saving_per_year, 0),
        format::money(l, r.performance_benefit_per_year, 0),
    );
    // The metric compares the numbers literally; the sentence says what that means when
    // absence did not fall or no performance gain was estimated.
    let (cmp_en, cmp_nl) = if r.absence_saving_per_year <= 0.0 {
        (
            format!(
                "Absence did not fall, so there is no absence saving ({saving} a year); its estimated performance gains are {perf} a year."
            ),
            format!(
                "Het verzuim daalde niet, dus er is geen verzuimbesparing ({saving} per jaar); de geschatte prestatiewinst is {perf} per jaar."
            ),
        )
    } else if r.performance_exceeds_absence {
        (
            format!(
                "Its estimated performance gains ({perf} a year) exceed its absence saving ({saving} a year), as in 14 of the 18 projects Koningsveld evaluated."
            ),
            format!(
                "De geschatte prestatiewinst ({perf} per jaar) is groter dan de verzuimbesparing ({saving} per jaar), zoals in 14 van de 18 projecten die Koningsveld evalueerde."
            ),
        )
    } else {
        (
            format!(
                "Its estimated performance gains ({perf} a year) do not exceed its absence saving ({saving} a year); Koningsveld found they did in 14 of 18 projects."
            ),
            format!(
                "De geschatte prestatiewinst ({perf} per jaar) is niet groter dan de verzuimbesparing ({saving} per jaar); Koningsveld vond dat wel in 14 van 18 projecten."
            ),
        )
    };
    let text = say(
        l,
        format!(
            "Intervention {who}: {rates_en}{control_en}; {pay_en} (ROI over {h} years {}, NPV {}). {cmp_en}",
            roi(r.roi),
            format::money(l, r.npv, 0)
        ),
        format!(
            "Interventie {who}: {rates_nl}{control_nl}; {pay_nl} (rendement over {h} jaar {}, netto contante waarde {}). {cmp_nl}",
            roi(r.roi),
            format::money(l, r.npv, 0)
        ),
    );
    (severity, text)
}
