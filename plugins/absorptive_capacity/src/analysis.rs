//! The absorptive-capacity analysis of one request.

use werkt_plugin::model::OrgForm;
use werkt_plugin::{
    AnalysisOutput, AnalysisRequest, Language, Period, PluginError, Point, Series, SeriesKind,
    UnitTree,
};
use werkt_survey::{
    MetricRows, Respondents, Scale, Shown, SurveyError, Visibility, check_answers, resolve_columns,
    response_units, unit_name,
};

use crate::config::{AcapConfig, CAPABILITIES, DIMENSIONS};
use crate::figures::{AcapSums, Engine, Scales, alpha_dim, capability};
use crate::findings;

/// Number of periods in the trend chart (the period and the 11 before it).
pub const TREND_PERIODS: i32 = 12;

fn err(e: SurveyError) -> PluginError {
    PluginError::new(e.0)
}

/// Each unit's organisational form: its own `org_form`, else the nearest ancestor's, else
/// the organisation's (`organisation.toml`).
pub fn effective_forms(request: &AnalysisRequest, tree: &UnitTree) -> Vec<Option<OrgForm>> {
    let mut own = vec![None; tree.len()];
    for u in &request.data.units {
        if let Some(ix) = tree.index_of(&u.id) {
            own[ix] = u.org_form;
        }
    }
    // Parents before children (pre-order): each unit inherits its parent's effective form in
    // one pass, instead of walking its ancestors (quadratic on a deep tree).
    let mut form = vec![None; tree.len()];
    for &u in tree.preorder() {
        form[u] = own[u].or_else(|| match tree.parent(u) {
            Some(p) => form[p],
            None => request.data.organisation.org_form,
        });
    }
    form
}

fn series_name(lang: Language, realised: bool) -> &'static str {
    match (lang, realised) {
        (Language::En, false) => "Potential ACAP (1-7)",
        (Language::En, true) => "Realised ACAP (1-7)",
        (Language::Nl, false) => "Potentieel absorptievermogen (1-7)",
        (Language::Nl, true) => "Gerealiseerd absorptievermogen (1-7)",
    }
}

/// Runs the absorptive-capacity analysis (domain.md section 2) for `request.period`.
pub fn analyze(request: &AnalysisRequest) -> Result<AnalysisOutput, PluginError> {
    let survey = request.data.survey.as_ref().ok_or_else(|| {
        PluginError::new("no survey table was sent: the absorptive-capacity analysis needs survey.csv with the ACAP items")
    })?;
    let cfg = AcapConfig::from_json(&request.config, &survey.items).map_err(err)?;
    let tree = UnitTree::new(&request.data.units)
        .map_err(|e| PluginError::new(format!("the unit tree is invalid: {e}")))?;
    let resolve = |name: &str, cols: &[String]| {
        resolve_columns(
            &survey.items,
            cols,
            &format!("[plugins.absorptive_capacity] {name}"),
        )
        .map_err(err)
    };
    let dims = [
        Scale::new(DIMENSIONS[0], resolve(DIMENSIONS[0], &cfg.dimensions[0])?),
        Scale::new(DIMENSIONS[1], resolve(DIMENSIONS[1], &cfg.dimensions[1])?),
        Scale::new(DIMENSIONS[2], resolve(DIMENSIONS[2], &cfg.dimensions[2])?),
        Scale::new(DIMENSIONS[3], resolve(DIMENSIONS[3], &cfg.dimensions[3])?),
    ];
    let mut caps: [Option<Scale>; 3] = [None, None, None];
    for (i, (name, _)) in CAPABILITIES.iter().enumerate() {
        if !cfg.capabilities[i].is_empty() {
            caps[i] = Some(Scale::new(*name, resolve(name, &cfg.capabilities[i])?));
        }
    }
    let used: Vec<usize> = dims
        .iter()
        .map(|s| &s.columns)
        .chain(caps.iter().flatten().map(|s| &s.columns))
        .flatten()
        .copied()
        .collect();
    check_answers(survey, &used, 1..=7, "ACAP (1-7)").map_err(err)?;
    let units = response_units(&tree, &survey.responses).map_err(err)?;
    let engine = Engine {
        tree: &tree,
        survey,
        units: &units,
        respondents: Respondents::new(&survey.responses),
        scales: Scales { dims, caps },
        window_months: cfg.window_months,
        privacy: request.privacy,
    };

    let period = request.period;
    let trend_months: Vec<Period> =
        Period::range(period.add_months(1 - TREND_PERIODS), period).collect();
    let published = engine.publish(&trend_months);
    let now = published
        .month(period)
        .ok_or_else(|| PluginError::new("internal error: the report period was not published"))?;
    let names = unit_name(&tree, &request.data.units);
    let lang = request.language;

    let mut rows = MetricRows::new(&tree);
    for &u in tree.preorder() {
        let shown = now.units[u].as_ref();
        let vis = Visibility::of(shown, period);
        let s = shown.map(Shown::figures);
        let n = shown.map(Shown::n);
        for (i, name) in DIMENSIONS.iter().enumerate() {
            rows.push(u, name, s.and_then(|s| s.dims[i].mean()), n, vis);
        }
        rows.push(u, "potential", s.and_then(AcapSums::potential), n, vis);
        rows.push(u, "realised", s.and_then(AcapSums::realised), n, vis);
        rows.push(u, "efficiency", s.and_then(AcapSums::efficiency), n, vis);
        for (i, name) in DIMENSIONS.iter().enumerate() {
            rows.push(
                u,
                &format!("alpha_{name}"),
                s.and_then(|s| s.alpha[i].alpha()),
                s.map(|s| s.alpha[i].n()),
                Visibility::of_own(shown, alpha_dim(i), period),
            );
        }
        rows.push(u, "respondents", n.map(|n| n as f64), n, vis);
        // When any capability was surveyed, all three rows exist (null for one without
        // items), so the capability table has the same columns in every report. Each score
        // is about its own respondents and hidden on its own.
        if engine.scales.caps.iter().any(Option::is_some) {
            for (i, (name, _)) in CAPABILITIES.iter().enumerate() {
                if engine.scales.caps[i].is_some() {
                    rows.push(
                        u,
                        name,
                        s.and_then(|s| s.caps[i].mean()),
                        s.map(|s| s.caps[i].n()),
                        Visibility::of_own(shown, capability(i), period),
                    );
                } else {
                    // Not surveyed: undefined, about nobody.
                    rows.push(u, name, None, None, vis);
                }
            }
        }
    }

    // Charts show what the table shows: published figures, nothing of a hidden unit.
    let per_unit = |f: fn(&AcapSums) -> Option<f64>| -> Vec<Point> {
        tree.preorder()
            .iter()
            .map(|&u| Point {
                x: names[u].clone(),
                y: now.units[u]
                    .as_ref()
                    .and_then(|s| f(s.figures()))
                    .filter(|v| v.is_finite()),
            })
            .collect()
    };
    let root = tree.root();
    let trend = |f: fn(&AcapSums) -> Option<f64>| -> Vec<Point> {
        trend_months
            .iter()
            .map(|&p| Point {
                x: p.to_string(),
                y: published
                    .shown(p, root)
                    .and_then(|s| f(s.figures()))
                    .filter(|v| v.is_finite()),
            })
            .collect()
    };
    let mut series = Vec::new();
    for (realised, f) in [
        (false, AcapSums::potential as fn(&AcapSums) -> Option<f64>),
        (true, AcapSums::realised),
    ] {
        series.push(Series {
            key: "acap_by_unit".into(),
            name: series_name(lang, realised).into(),
            kind: SeriesKind::Bar,
            unit: None,
            points: per_unit(f),
        });
    }
    for (realised, f) in [
        (false, AcapSums::potential as fn(&AcapSums) -> Option<f64>),
        (true, AcapSums::realised),
    ] {
        series.push(Series {
            key: "acap_trend".into(),
            name: series_name(lang, realised).into(),
            kind: SeriesKind::Line,
            unit: Some(tree.id(root).to_string()),
            points: trend(f),
        });
    }

    let forms = effective_forms(request, &tree);
    let findings = findings::findings(&findings::Context {
        cfg: &cfg,
        tree: &tree,
        names: &names,
        forms: &forms,
        now,
        period,
        language: lang,
        privacy: request.privacy,
        has_caps: [0, 1, 2].map(|i| engine.scales.caps[i].is_some()),
    });

    let mut warnings = Vec::new();
    let incomplete = now.window_root.incomplete;
    if incomplete > 0 {
        warnings.push(format!(
            "{incomplete} respondent(s) in the window lack a score on some ACAP dimension (fewer than \
             two thirds of its items answered) and are not counted"
        ));
    }
    if now.same_day_duplicates > 0 {
        warnings.push(format!(
            "{} respondent(s) have several survey responses on their latest date; one is kept by \
             content (unit, then answers), not by file order; check the survey export for duplicates",
            now.same_day_duplicates
        ));
    }
    Ok(AnalysisOutput {
        metrics: rows.into_metrics(),
        findings,
        series,
        warnings,
    })
}
