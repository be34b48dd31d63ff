//! The engagement analysis of one request: configuration, validation, the figures published
//! for the period, the previous window and the trend, and the output rows, charts and
//! sentences.

use werkt_plugin::{
    AnalysisOutput, AnalysisRequest, Period, PluginError, Point, Series, SeriesKind, UnitTree,
};
use werkt_survey::{
    Band, MetricRows, Respondents, Shown, SurveyError, Visibility, check_answers, resolve_columns,
    response_units, unit_name,
};

use crate::config::{EngagementConfig, SUBSCALES};
use crate::figures::{ALPHA_TOTAL, EngSums, Engine, alpha_sub};
use crate::findings;
use crate::text;

/// Number of periods in the trend chart (the period and the 11 before it).
pub const TREND_PERIODS: i32 = 12;

fn err(e: SurveyError) -> PluginError {
    PluginError::new(e.0)
}

/// Runs the engagement analysis (domain.md section 1) for `request.period`.
pub fn analyze(request: &AnalysisRequest) -> Result<AnalysisOutput, PluginError> {
    let cfg = EngagementConfig::from_json(&request.config).map_err(err)?;
    let survey = request.data.survey.as_ref().ok_or_else(|| {
        PluginError::new("no survey table was sent: the engagement analysis needs survey.csv with the UWES items")
    })?;
    let tree = UnitTree::new(&request.data.units)
        .map_err(|e| PluginError::new(format!("the unit tree is invalid: {e}")))?;
    let mut columns: [Vec<usize>; 3] = Default::default();
    for (i, name) in SUBSCALES.iter().enumerate() {
        let ctx = format!(
            "[plugins.engagement] {} subscale {name}",
            cfg.instrument.label()
        );
        columns[i] = resolve_columns(&survey.items, &cfg.items[i], &ctx).map_err(err)?;
    }
    let all: Vec<usize> = columns.iter().flatten().copied().collect();
    check_answers(survey, &all, 0..=6, cfg.instrument.label()).map_err(err)?;
    let units = response_units(&tree, &survey.responses).map_err(err)?;
    let engine = Engine {
        tree: &tree,
        survey,
        units: &units,
        respondents: Respondents::new(&survey.responses),
        scales: Engine::scales(columns),
        bands: cfg.norms.bands(cfg.instrument, "total"),
        window_months: cfg.window_months,
        privacy: request.privacy,
    };

    // Every month the output needs: the period, the trend's and the previous window's.
    let period = request.period;
    let previous = period.add_months(-(cfg.window_months as i32));
    let trend: Vec<Period> = Period::range(period.add_months(1 - TREND_PERIODS), period).collect();
    let months: Vec<Period> = trend.iter().copied().chain([previous]).collect();
    let published = engine.publish(&months);
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
        rows.push(u, "total", s.and_then(|s| s.total.mean()), n, vis);
        for (i, name) in SUBSCALES.iter().enumerate() {
            rows.push(u, name, s.and_then(|s| s.subs[i].mean()), n, vis);
        }
        rows.push(u, "total_sd", s.and_then(|s| s.total.sample_sd()), n, vis);
        rows.push(
            u,
            "alpha",
            s.and_then(|s| s.alpha_total.alpha()),
            s.map(|s| s.alpha_total.n()),
            Visibility::of_own(shown, ALPHA_TOTAL, period),
        );
        if cfg.instrument.has_subscale_alpha() {
            for (i, name) in SUBSCALES.iter().enumerate() {
                rows.push(
                    u,
                    &format!("alpha_{name}"),
                    s.and_then(|s| s.alpha_subs[i].alpha()),
                    s.map(|s| s.alpha_subs[i].n()),
                    Visibility::of_own(shown, alpha_sub(i), period),
                );
            }
        }
        rows.push(u, "respondents", n.map(|n| n as f64), n, vis);
        for b in Band::ALL {
            let v = engine.bands.and(s).and_then(|s| s.band_pct(b));
            rows.push(u, &format!("band_{}_pct", b.key()), v, n, vis);
        }
    }

    // Charts show what the table shows: published figures, nothing of a hidden unit.
    let shown_value = |u: usize, f: &dyn Fn(&EngSums) -> Option<f64>| {
        now.units[u]
            .as_ref()
            .and_then(|s| f(s.figures()))
            .filter(|v| v.is_finite())
    };
    let mut series = vec![Series {
        key: "engagement_by_unit".into(),
        name: text::by_unit_name(lang).into(),
        kind: SeriesKind::Bar,
        unit: None,
        points: tree
            .preorder()
            .iter()
            .map(|&u| Point {
                x: names[u].clone(),
                y: shown_value(u, &|s| s.total.mean()),
            })
            .collect(),
    }];
    if engine.bands.is_some() {
        for b in Band::ALL {
            series.push(Series {
                key: "engagement_bands".into(),
                name: b.label(lang).into(),
                kind: SeriesKind::StackedBar,
                unit: None,
                points: tree
                    .preorder()
                    .iter()
                    .map(|&u| Point {
                        x: names[u].clone(),
                        y: shown_value(u, &|s| s.band_pct(b)),
                    })
                    .collect(),
            });
        }
    }
    let root = tree.root();
    series.push(Series {
        key: "engagement_trend".into(),
        name: text::by_unit_name(lang).into(),
        kind: SeriesKind::Line,
        unit: Some(tree.id(root).to_string()),
        points: trend
            .iter()
            .map(|&p| Point {
                x: p.to_string(),
                y: published
                    .shown(p, root)
                    .and_then(|s| s.figures().total.mean())
                    .filter(|v| v.is_finite()),
            })
            .collect(),
    });

    let findings = findings::findings(&findings::Context {
        cfg: &cfg,
        tree: &tree,
        names: &names,
        now,
        previous: published.month(previous),
        period,
        language: lang,
        privacy: request.privacy,
        bands: engine.bands,
    });

    let mut warnings = Vec::new();
    let without = now.window_root.without_total;
    if without > 0 {
        warnings.push(text::without_total_warning(without, cfg.instrument.label()));
    }
    if now.same_day_duplicates > 0 {
        warnings.push(text::duplicate_warning(now.same_day_duplicates));
    }
    if engine.bands.is_none() {
        warnings.push(format!(
            "norm table {} has no {} total norms; band shares are null",
            cfg.norms.origin,
            cfg.instrument.label()
        ));
    }
    Ok(AnalysisOutput {
        metrics: rows.into_metrics(),
        findings,
        series,
        warnings,
    })
}
