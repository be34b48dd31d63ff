//! The sentences the report prints about engagement (issue 4, Findings). Only figures as
//! published and shown appear: a hidden unit or a hidden alpha is never named with a figure.

use werkt_plugin::model::format;
use werkt_plugin::{Finding, Language, Period, Privacy, Severity, UnitTree};
use werkt_survey::{Band, MonthFigures, NormBands, Shown, as_of_note, as_of_tag};

use crate::config::EngagementConfig;
use crate::figures::{ALPHA_TOTAL, EngSums};
use crate::text::subscale;

/// Below this Cronbach's alpha a scale is conventionally called insufficiently reliable
/// (Nunnally 1978); the report then says to read differences with care.
const ALPHA_CONVENTION: f64 = 0.70;

pub struct Context<'a> {
    pub cfg: &'a EngagementConfig,
    pub tree: &'a UnitTree,
    pub names: &'a [String],
    /// What every unit shows in the report period.
    pub now: &'a MonthFigures<EngSums>,
    /// What every unit showed at the end of the previous, non-overlapping window.
    pub previous: Option<&'a MonthFigures<EngSums>>,
    pub period: Period,
    pub language: Language,
    pub privacy: Privacy,
    pub bands: Option<NormBands>,
}

fn low_share(s: &EngSums) -> Option<f64> {
    Some(s.band_pct(Band::VeryLow)? + s.band_pct(Band::Low)?)
}

fn high_share(s: &EngSums) -> Option<f64> {
    Some(s.band_pct(Band::High)? + s.band_pct(Band::VeryHigh)?)
}

pub fn findings(c: &Context) -> Vec<Finding> {
    let lang = c.language;
    let f = |x: f64| format::number(lang, x, 2);
    let pct = |x: f64| format::number(lang, x, 0);
    let root = c.tree.root();
    let root_id = Some(c.tree.id(root).to_string());
    let instr = c.cfg.instrument.label();
    let window = c.cfg.window_months as i32;
    let min = c.privacy.min();
    let mut out = Vec::new();

    let Some(shown) = c.now.units[root].as_ref() else {
        let from = c.period.add_months(1 - window);
        out.push(Finding {
            unit: root_id,
            severity: Severity::Info,
            text: match lang {
                Language::En => format!(
                    "Fewer than {min} employees have a complete {instr} score in the responses from {from} to {}, so no engagement figures are shown.",
                    c.period
                ),
                Language::Nl => format!(
                    "Minder dan {min} medewerkers hebben een volledige {instr}-score in de antwoorden van {from} tot en met {}; daarom worden geen bevlogenheidscijfers getoond.",
                    c.period
                ),
            },
        });
        return out;
    };

    let s = shown.figures();
    let (Some(total), Some(v), Some(d), Some(a)) = (
        s.total.mean(),
        s.subs[0].mean(),
        s.subs[1].mean(),
        s.subs[2].mean(),
    ) else {
        return out;
    };
    // The window the shown figures were computed on (earlier than the period's when they are
    // kept as last published).
    let to = shown.period();
    let from = to.add_months(1 - window);
    let note = as_of_note(shown.as_of(c.period), min, lang);
    let sd = s.total.sample_sd().map_or_else(|| "-".to_string(), f);
    out.push(Finding {
        unit: root_id.clone(),
        severity: Severity::Info,
        text: match lang {
            Language::En => format!(
                "Work engagement ({instr}) of {} respondents with responses from {from} to {to}: mean {} on the 0-6 scale (SD {sd}); {} {}, {} {}, {} {}.{note}",
                shown.n(), f(total), subscale(lang, 0), f(v), subscale(lang, 1), f(d), subscale(lang, 2), f(a)
            ),
            Language::Nl => format!(
                "Bevlogenheid ({instr}) van {} respondenten met antwoorden van {from} tot en met {to}: gemiddeld {} op de schaal 0-6 (SD {sd}); {} {}, {} {}, {} {}.{note}",
                shown.n(), f(total), subscale(lang, 0), f(v), subscale(lang, 1), f(d), subscale(lang, 2), f(a)
            ),
        },
    });

    if let Some(bands) = c.bands {
        if let (Some(lo), Some(hi)) = (low_share(s), high_share(s)) {
            out.push(Finding {
                unit: root_id.clone(),
                severity: Severity::Info,
                text: match lang {
                    Language::En => format!(
                        "Against the Dutch UWES norms, {}% of respondents score low or very low and {}% high or very high (25% each in the norm population).",
                        pct(lo), pct(hi)
                    ),
                    Language::Nl => format!(
                        "Vergeleken met de Nederlandse UWES-normen scoort {}% van de respondenten laag of zeer laag en {}% hoog of zeer hoog (in de normpopulatie elk 25%).",
                        pct(lo), pct(hi)
                    ),
                },
            });
            // The previous window's figures as shown then; nothing to compare when the
            // organisation has shown one publication all along.
            let prev: Option<&Shown<EngSums>> = c
                .previous
                .and_then(|p| p.units[root].as_ref())
                .filter(|p| !p.same_publication(shown));
            if let Some(prev) = prev
                && let (Some(plo), Some(phi)) =
                    (low_share(prev.figures()), high_share(prev.figures()))
            {
                let up_to = prev.period();
                let dl = lo - plo;
                let dh = hi - phi;
                let pts = |x: f64| format::signed(lang, x, 0);
                out.push(Finding {
                    unit: root_id.clone(),
                    severity: if dl > 0.0 { Severity::Warning } else { Severity::Info },
                    text: match lang {
                        Language::En => format!(
                            "Compared with the previous window (responses up to {}), the share scoring low or very low went from {}% to {}% ({} points) and the share scoring high or very high from {}% to {}% ({} points).",
                            up_to, pct(plo), pct(lo), pts(dl), pct(phi), pct(hi), pts(dh)
                        ),
                        Language::Nl => format!(
                            "Vergeleken met de vorige periode (antwoorden tot en met {}) ging het aandeel laag of zeer laag van {}% naar {}% ({} procentpunt) en het aandeel hoog of zeer hoog van {}% naar {}% ({} procentpunt).",
                            up_to, pct(plo), pct(lo), pts(dl), pct(phi), pct(hi), pts(dh)
                        ),
                    },
                });
            }
        }
        // Units whose mean falls in a low band; the root included, hidden units never.
        for &u in c.tree.preorder() {
            let Some(shown) = c.now.units[u].as_ref() else {
                continue;
            };
            let Some(m) = shown.figures().total.mean() else {
                continue;
            };
            let note = as_of_tag(shown.as_of(c.period), lang);
            let band = bands.band_of(m);
            if !matches!(band, Band::VeryLow | Band::Low) {
                continue;
            }
            out.push(Finding {
                unit: Some(c.tree.id(u).to_string()),
                severity: if band == Band::VeryLow { Severity::Alert } else { Severity::Warning },
                text: match lang {
                    Language::En => format!(
                        "{}: mean work engagement {} (n = {}) falls in the {} band of the Dutch norms{note}.",
                        c.names[u], f(m), shown.n(), band.label(lang)
                    ),
                    Language::Nl => format!(
                        "{}: de gemiddelde bevlogenheid {} (n = {}) valt in de normgroep {} van de Nederlandse normen{note}.",
                        c.names[u], f(m), shown.n(), band.label(lang)
                    ),
                },
            });
        }
    } else {
        out.push(Finding {
            unit: root_id.clone(),
            severity: Severity::Info,
            text: match lang {
                Language::En => format!(
                    "The norm table has no {instr} norms, so no band shares are given; norms of another UWES version are never applied."
                ),
                Language::Nl => format!(
                    "De normtabel heeft geen normen voor de {instr}; daarom worden geen normgroepen gegeven (normen van een andere UWES-versie worden nooit gebruikt)."
                ),
            },
        });
    }

    // Alpha has its own population (those who answered every item): only when it is shown.
    if let Some(alpha) = s
        .alpha_total
        .alpha()
        .filter(|_| shown.own_shown(ALPHA_TOTAL))
        && alpha < ALPHA_CONVENTION
    {
        out.push(Finding {
            unit: root_id,
            severity: Severity::Warning,
            text: match lang {
                Language::En => format!(
                    "Cronbach's alpha of the {instr} is {} (below the conventional 0.70): the answers are less consistent than usual, so read differences with care.",
                    f(alpha)
                ),
                Language::Nl => format!(
                    "Cronbachs alfa van de {instr} is {} (onder de gebruikelijke 0,70): de antwoorden zijn minder consistent dan gewoonlijk; lees verschillen met voorzichtigheid.",
                    f(alpha)
                ),
            },
        });
    }
    out
}
