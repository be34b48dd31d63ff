//! The sentences the report prints about engagement (issue 4, Findings). Only figures of shown
//! units appear; a suppressed unit is never named with a figure.

use werkt_plugin::{Finding, Language, Period, Privacy, Severity, UnitTree};
use werkt_survey::{Band, NormBands, fmt_num, fmt_signed};

use crate::config::EngagementConfig;
use crate::figures::{EngSums, PeriodFigures};
use crate::text::subscale;

/// Below this Cronbach's alpha a scale is conventionally called insufficiently reliable
/// (Nunnally 1978); the report then says to read differences with care.
const ALPHA_CONVENTION: f64 = 0.70;

pub struct Context<'a> {
    pub cfg: &'a EngagementConfig,
    pub tree: &'a UnitTree,
    pub names: &'a [String],
    pub now: &'a PeriodFigures,
    pub previous: &'a PeriodFigures,
    pub period: Period,
    pub previous_period: Period,
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
    let f = |x: f64| fmt_num(x, 2, lang);
    let pct = |x: f64| fmt_num(x, 0, lang);
    let root = c.tree.root();
    let root_id = Some(c.tree.id(root).to_string());
    let now = &c.now.rolled;
    let instr = c.cfg.instrument.label();
    let from = c.period.add_months(1 - c.cfg.window_months as i32);
    let mut out = Vec::new();

    if now.hidden[root] {
        let min = c.privacy.min_group_size.max(Privacy::FLOOR);
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
    }

    let s = &now.figures[root];
    let (Some(total), Some(v), Some(d), Some(a)) = (
        s.total.mean(),
        s.subs[0].mean(),
        s.subs[1].mean(),
        s.subs[2].mean(),
    ) else {
        return out;
    };
    let sd = s.total.sample_sd().map_or_else(|| "-".to_string(), f);
    out.push(Finding {
        unit: root_id.clone(),
        severity: Severity::Info,
        text: match lang {
            Language::En => format!(
                "Work engagement ({instr}) of {} respondents with responses from {from} to {}: mean {} on the 0-6 scale (SD {sd}); {} {}, {} {}, {} {}.",
                s.n, c.period, f(total), subscale(lang, 0), f(v), subscale(lang, 1), f(d), subscale(lang, 2), f(a)
            ),
            Language::Nl => format!(
                "Bevlogenheid ({instr}) van {} respondenten met antwoorden van {from} tot en met {}: gemiddeld {} op de schaal 0-6 (SD {sd}); {} {}, {} {}, {} {}.",
                s.n, c.period, f(total), subscale(lang, 0), f(v), subscale(lang, 1), f(d), subscale(lang, 2), f(a)
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
            let prev = &c.previous.rolled;
            if !prev.hidden[root]
                && let (Some(plo), Some(phi)) = (
                    low_share(&prev.figures[root]),
                    high_share(&prev.figures[root]),
                )
            {
                let dl = lo - plo;
                let dh = hi - phi;
                let pts = |x: f64| fmt_signed(x, 0, lang);
                out.push(Finding {
                    unit: root_id.clone(),
                    severity: if dl > 0.0 { Severity::Warning } else { Severity::Info },
                    text: match lang {
                        Language::En => format!(
                            "Compared with the previous window (responses up to {}), the share scoring low or very low went from {}% to {}% ({} points) and the share scoring high or very high from {}% to {}% ({} points).",
                            c.previous_period, pct(plo), pct(lo), pts(dl), pct(phi), pct(hi), pts(dh)
                        ),
                        Language::Nl => format!(
                            "Vergeleken met de vorige periode (antwoorden tot en met {}) ging het aandeel laag of zeer laag van {}% naar {}% ({} procentpunt) en het aandeel hoog of zeer hoog van {}% naar {}% ({} procentpunt).",
                            c.previous_period, pct(plo), pct(lo), pts(dl), pct(phi), pct(hi), pts(dh)
                        ),
                    },
                });
            }
        }
        // Units whose mean falls in a low band; the root included, suppressed units never.
        for &u in c.tree.preorder() {
            if now.hidden[u] {
                continue;
            }
            let us = &now.figures[u];
            let Some(m) = us.total.mean() else { continue };
            let band = bands.band_of(m);
            if !matches!(band, Band::VeryLow | Band::Low) {
                continue;
            }
            out.push(Finding {
                unit: Some(c.tree.id(u).to_string()),
                severity: if band == Band::VeryLow { Severity::Alert } else { Severity::Warning },
                text: match lang {
                    Language::En => format!(
                        "{}: mean work engagement {} (n = {}) falls in the {} band of the Dutch norms.",
                        c.names[u], f(m), us.n, band.label(lang)
                    ),
                    Language::Nl => format!(
                        "{}: de gemiddelde bevlogenheid {} (n = {}) valt in de normgroep {} van de Nederlandse normen.",
                        c.names[u], f(m), us.n, band.label(lang)
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

    if let Some(alpha) = s.alpha_total.alpha()
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
