//! The sentences the report prints about absorptive capacity (issue 4, Findings). Only figures
//! as published and shown appear: a hidden unit or a hidden capability score is never named
//! with a figure.

use werkt_plugin::model::{OrgForm, format};
use werkt_plugin::{Finding, Language, Period, Privacy, Severity, UnitTree};
use werkt_survey::{MonthFigures, as_of_note, as_of_tag};

use crate::config::AcapConfig;
use crate::figures::{AcapSums, capability};

pub struct Context<'a> {
    pub cfg: &'a AcapConfig,
    pub tree: &'a UnitTree,
    pub names: &'a [String],
    /// Effective organisational form per unit.
    pub forms: &'a [Option<OrgForm>],
    /// What every unit shows in the report period.
    pub now: &'a MonthFigures<AcapSums>,
    pub period: Period,
    pub language: Language,
    pub privacy: Privacy,
    /// Which combinative capabilities (systems, coordination, socialisation) were surveyed.
    pub has_caps: [bool; 3],
}

/// Van den Bosch, Volberda & De Boer (1999): functional forms poor, divisional moderate,
/// matrix good absorptive capacity. The rank orders the expectation.
fn expected_rank(form: OrgForm) -> u8 {
    match form {
        OrgForm::Functional => 0,
        OrgForm::Divisional => 1,
        OrgForm::Matrix => 2,
    }
}

fn form_name(form: OrgForm, lang: Language) -> &'static str {
    match (lang, form) {
        (Language::En, OrgForm::Functional) => "functional",
        (Language::En, OrgForm::Divisional) => "divisional",
        (Language::En, OrgForm::Matrix) => "matrix",
        (Language::Nl, OrgForm::Functional) => "functionele",
        (Language::Nl, OrgForm::Divisional) => "divisionele",
        (Language::Nl, OrgForm::Matrix) => "matrix",
    }
}

fn expectation(form: OrgForm, lang: Language) -> &'static str {
    match (lang, form) {
        (Language::En, OrgForm::Functional) => "poor",
        (Language::En, OrgForm::Divisional) => "moderate",
        (Language::En, OrgForm::Matrix) => "good",
        (Language::Nl, OrgForm::Functional) => "een zwak",
        (Language::Nl, OrgForm::Divisional) => "een matig",
        (Language::Nl, OrgForm::Matrix) => "een goed",
    }
}

pub fn findings(c: &Context) -> Vec<Finding> {
    let lang = c.language;
    let f = |x: f64| format::number(lang, x, 2);
    let root = c.tree.root();
    let root_id = Some(c.tree.id(root).to_string());
    let window = c.cfg.window_months as i32;
    let threshold = c.cfg.efficiency_alert_below;
    let min = c.privacy.min();
    let mut out = Vec::new();

    let Some(shown) = c.now.units[root].as_ref() else {
        let from = c.period.add_months(1 - window);
        out.push(Finding {
            unit: root_id,
            severity: Severity::Info,
            text: match lang {
                Language::En => format!(
                    "Fewer than {min} employees scored all four absorptive-capacity dimensions in the responses from {from} to {}, so no absorptive-capacity figures are shown.",
                    c.period
                ),
                Language::Nl => format!(
                    "Minder dan {min} medewerkers hebben alle vier dimensies van absorptievermogen ingevuld in de antwoorden van {from} tot en met {}; daarom worden geen cijfers getoond.",
                    c.period
                ),
            },
        });
        return out;
    };
    let s = shown.figures();
    let (Some(p), Some(r), Some(eff)) = (s.potential(), s.realised(), s.efficiency()) else {
        return out;
    };
    // The window the shown figures were computed on (earlier than the period's when they are
    // kept as last published).
    let to = shown.period();
    let from = to.add_months(1 - window);
    let note = as_of_note(shown.as_of(c.period), min, lang);
    let d = |i: usize| s.dims[i].mean().map_or_else(|| "-".to_string(), f);
    out.push(Finding {
        unit: root_id.clone(),
        severity: Severity::Info,
        text: match lang {
            Language::En => format!(
                "Absorptive capacity of {} respondents with responses from {from} to {to} (scale 1-7): potential {} (acquisition {}, assimilation {}), realised {} (transformation {}, exploitation {}); efficiency (realised / potential) {}.{note}",
                shown.n(), f(p), d(0), d(1), f(r), d(2), d(3), f(eff)
            ),
            Language::Nl => format!(
                "Absorptievermogen van {} respondenten met antwoorden van {from} tot en met {to} (schaal 1-7): potentieel {} (verwerving {}, assimilatie {}), gerealiseerd {} (transformatie {}, exploitatie {}); efficiëntie (gerealiseerd / potentieel) {}.{note}",
                shown.n(), f(p), d(0), d(1), f(r), d(2), d(3), f(eff)
            ),
        },
    });

    // Realised lagging potential, for the organisation and every shown unit.
    for &u in c.tree.preorder() {
        let Some(shown) = c.now.units[u].as_ref() else {
            continue;
        };
        let us = shown.figures();
        let tag = as_of_tag(shown.as_of(c.period), lang);
        let (Some(up), Some(ur), Some(ue)) = (us.potential(), us.realised(), us.efficiency())
        else {
            continue;
        };
        if ue >= threshold {
            continue;
        }
        out.push(Finding {
            unit: Some(c.tree.id(u).to_string()),
            severity: Severity::Warning,
            text: match lang {
                Language::En => format!(
                    "{}: realised absorptive capacity ({}) lags potential ({}), efficiency {} (n = {}){tag}: knowledge is acquired and assimilated but transformed and exploited less.",
                    c.names[u], f(ur), f(up), f(ue), shown.n()
                ),
                Language::Nl => format!(
                    "{}: het gerealiseerde absorptievermogen ({}) blijft achter bij het potentiële ({}), efficiëntie {} (n = {}){tag}: kennis wordt verworven en opgenomen, maar minder omgezet en benut.",
                    c.names[u], f(ur), f(up), f(ue), shown.n()
                ),
            },
        });
    }

    out.extend(form_findings(c, p, r));
    out.push(capability_finding(c, p, r, eff));
    out
}

/// The organisational form's expected effect (Van den Bosch et al. 1999) against the measured
/// scores: for the organisation, and for each shown unit whose form differs from it.
fn form_findings(c: &Context, p: f64, r: f64) -> Vec<Finding> {
    let lang = c.language;
    let f = |x: f64| format::number(lang, x, 2);
    let root = c.tree.root();
    let mut out = Vec::new();
    let Some(org_form) = c.forms[root] else {
        out.push(Finding {
            unit: Some(c.tree.id(root).to_string()),
            severity: Severity::Info,
            text: match lang {
                Language::En => "The organisational form is not set (org_form in organisation.toml), so it cannot be compared with the expectation of Van den Bosch et al. (1999).".to_string(),
                Language::Nl => "De organisatievorm is niet opgegeven (org_form in organisation.toml); daarom kan die niet worden vergeleken met de verwachting van Van den Bosch et al. (1999).".to_string(),
            },
        });
        return out;
    };
    out.push(Finding {
        unit: Some(c.tree.id(root).to_string()),
        severity: Severity::Info,
        text: match lang {
            Language::En => format!(
                "The organisation has a {} form; Van den Bosch et al. (1999) expect {} absorptive capacity for that form (functional poor, divisional moderate, matrix good). Measured: potential {}, realised {} on the 1-7 scale (midpoint 4).",
                form_name(org_form, lang), expectation(org_form, lang), f(p), f(r)
            ),
            Language::Nl => format!(
                "De organisatie heeft een {} vorm; Van den Bosch et al. (1999) verwachten daarbij {} absorptievermogen (functioneel zwak, divisioneel matig, matrix goed). Gemeten: potentieel {}, gerealiseerd {} op de schaal 1-7 (midden 4).",
                form_name(org_form, lang), expectation(org_form, lang), f(p), f(r)
            ),
        },
    });
    let org_overall = (p + r) / 2.0;
    for &u in c.tree.preorder() {
        let Some(form) = c.forms[u] else { continue };
        if u == root || expected_rank(form) == expected_rank(org_form) {
            continue;
        }
        let Some(shown) = c.now.units[u].as_ref() else {
            continue;
        };
        // Only the outermost unit of a differing form: its descendants share its figure's story.
        if c.tree
            .parent(u)
            .is_some_and(|pa| pa != root && c.forms[pa] == Some(form) && c.now.units[pa].is_some())
        {
            continue;
        }
        let us = shown.figures();
        let tag = as_of_tag(shown.as_of(c.period), lang);
        let (Some(up), Some(ur), Some(uo)) = (us.potential(), us.realised(), us.overall()) else {
            continue;
        };
        let expect_higher = expected_rank(form) > expected_rank(org_form);
        let in_line = if expect_higher {
            uo > org_overall
        } else {
            uo < org_overall
        };
        out.push(Finding {
            unit: Some(c.tree.id(u).to_string()),
            severity: if in_line { Severity::Info } else { Severity::Warning },
            text: match lang {
                Language::En => format!(
                    "{}{tag} has a {} form, for which {} absorptive capacity than the organisation's {} form is expected; measured potential {} and realised {} against {} and {} for the organisation, {} the expectation.",
                    c.names[u],
                    form_name(form, lang),
                    if expect_higher { "more" } else { "less" },
                    form_name(org_form, lang),
                    f(up), f(ur), f(p), f(r),
                    if in_line { "in line with" } else { "contrary to" }
                ),
                Language::Nl => format!(
                    "{}{tag} heeft een {} vorm, waarbij {} absorptievermogen wordt verwacht dan bij de {} vorm van de organisatie; gemeten potentieel {} en gerealiseerd {} tegenover {} en {} voor de organisatie, {} de verwachting.",
                    c.names[u],
                    form_name(form, lang),
                    if expect_higher { "meer" } else { "minder" },
                    form_name(org_form, lang),
                    f(up), f(ur), f(p), f(r),
                    if in_line { "in lijn met" } else { "in strijd met" }
                ),
            },
        });
    }
    out
}

/// Which combinative capability to strengthen (Jansen, Van den Bosch & Volberda 2005):
/// coordination capabilities mainly raise potential, socialisation capabilities realised ACAP.
fn capability_finding(c: &Context, p: f64, r: f64, eff: f64) -> Finding {
    let lang = c.language;
    let f = |x: f64| format::number(lang, x, 2);
    let root = c.tree.root();
    // Each capability score only when surveyed and shown (its own population: those who
    // have the score).
    let shown = c.now.units[root].as_ref();
    let cap = |i: usize| {
        shown
            .filter(|s| c.has_caps[i] && s.own_shown(capability(i)))
            .and_then(|s| s.figures().caps[i].mean())
    };
    let raise_realised = r < p;
    let measured = if raise_realised { cap(2) } else { cap(1) };
    let measured_en = measured
        .map(|m| format!(" (measured: {} on 1-7)", f(m)))
        .unwrap_or_default();
    let measured_nl = measured
        .map(|m| format!(" (gemeten: {} op 1-7)", f(m)))
        .unwrap_or_default();
    let surveyed: Vec<String> = [
        (0, "systems", "systeem"),
        (1, "coordination", "coördinatie"),
        (2, "socialisation", "socialisatie"),
    ]
    .iter()
    .filter_map(|&(i, en, nl)| {
        cap(i).map(|m| format!("{} {}", if lang == Language::En { en } else { nl }, f(m)))
    })
    .collect();
    let min = c.privacy.min();
    let any_surveyed = c.has_caps.iter().any(|&h| h);
    let caps_en = if !any_surveyed {
        " Combinative capabilities were not surveyed (cc_sys_*, cc_coord_*, cc_soc_* items)."
            .to_string()
    } else if surveyed.is_empty() {
        format!(
            " The combinative-capability scores are not shown: each needs at least {min} respondents who answered its items."
        )
    } else {
        format!(" Combinative capabilities: {}.", surveyed.join(", "))
    };
    let caps_nl = if !any_surveyed {
        " Combinatievermogens zijn niet gemeten (items cc_sys_*, cc_coord_*, cc_soc_*).".to_string()
    } else if surveyed.is_empty() {
        format!(
            " De scores voor combinatievermogens worden niet getoond: elk vraagt ten minste {min} respondenten die de vragen ervan beantwoordden."
        )
    } else {
        format!(" Combinatievermogens: {}.", surveyed.join(", "))
    };
    let text = match (lang, raise_realised) {
        (Language::En, true) => format!(
            "Realised absorptive capacity is the weaker part; Jansen et al. (2005) found that socialisation capabilities (connectedness, socialisation tactics) mainly raise it, so strengthen those{measured_en}.{caps_en}"
        ),
        (Language::En, false) => format!(
            "Potential absorptive capacity is the weaker part or on a par; Jansen et al. (2005) found that coordination capabilities (cross-functional interfaces, participation in decision making, job rotation) mainly raise it, so strengthen those{measured_en}.{caps_en}"
        ),
        (Language::Nl, true) => format!(
            "Het gerealiseerde absorptievermogen is het zwakke deel; volgens Jansen et al. (2005) versterken vooral socialisatievermogens (verbondenheid, socialisatietactieken) dit, dus investeer daarin{measured_nl}.{caps_nl}"
        ),
        (Language::Nl, false) => format!(
            "Het potentiële absorptievermogen is het zwakke deel of even sterk; volgens Jansen et al. (2005) versterken vooral coördinatievermogens (cross-functionele verbanden, deelname aan besluitvorming, functieroulatie) dit, dus investeer daarin{measured_nl}.{caps_nl}"
        ),
    };
    Finding {
        unit: Some(c.tree.id(root).to_string()),
        severity: if eff < c.cfg.efficiency_alert_below {
            Severity::Warning
        } else {
            Severity::Info
        },
        text,
    }
}
