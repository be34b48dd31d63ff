//! The engagement analysis of one request: configuration, validation, figures of the period,
//! the previous window and the trend, and the output rows, charts and sentences.

use std::collections::BTreeMap;

use werkt_plugin::{
    AnalysisOutput, AnalysisRequest, Period, PluginError, Point, Series, SeriesKind, UnitTree,
};
use werkt_survey::{
    Band, MetricRows, Respondents, SurveyError, check_answers, resolve_columns, response_units,
    unit_name,
};

use crate::config::{EngagementConfig, SUBSCALES};
use crate::figures::{Engine, PeriodFigures};
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

    // Every period the output needs, computed once each.
    let period = request.period;
    let previous = period.add_months(-(cfg.window_months as i32));
    let mut cache: BTreeMap<Period, PeriodFigures> = BTreeMap::new();
    for p in Period::range(period.add_months(1 - TREND_PERIODS), period).chain([previous]) {
        cache.entry(p).or_insert_with(|| engine.figures(p));
    }
    let now = &cache[&period];
    let names = unit_name(&tree, &request.data.units);
    let lang = request.language;

    let mut rows = MetricRows::new(&tree, &now.rolled.hidden, request.privacy);
    for &u in tree.preorder() {
        let s = &now.rolled.figures[u];
        let n = Some(s.n);
        rows.push(u, "total", s.total.mean(), n);
        for (i, name) in SUBSCALES.iter().enumerate() {
            rows.push(u, name, s.subs[i].mean(), n);
        }
        rows.push(u, "total_sd", s.total.sample_sd(), n);
        rows.push(u, "alpha", s.alpha_total.alpha(), Some(s.alpha_total.n()));
        if cfg.instrument.has_subscale_alpha() {
            for (i, name) in SUBSCALES.iter().enumerate() {
                rows.push(
                    u,
                    &format!("alpha_{name}"),
                    s.alpha_subs[i].alpha(),
                    Some(s.alpha_subs[i].n()),
                );
            }
        }
        rows.push(u, "respondents", Some(s.n as f64), n);
        for b in Band::ALL {
            let v = engine.bands.and_then(|_| s.band_pct(b));
            rows.push(u, &format!("band_{}_pct", b.key()), v, n);
        }
    }

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
                y: rows.visible(u, now.rolled.figures[u].total.mean()),
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
                        y: rows.visible(u, now.rolled.figures[u].band_pct(b)),
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
        points: Period::range(period.add_months(1 - TREND_PERIODS), period)
            .map(|p| {
                let f = &cache[&p].rolled;
                let y = if f.hidden[root] {
                    None
                } else {
                    f.figures[root].total.mean()
                };
                Point {
                    x: p.to_string(),
                    y,
                }
            })
            .collect(),
    });

    let findings = findings::findings(&findings::Context {
        cfg: &cfg,
        tree: &tree,
        names: &names,
        now,
        previous: &cache[&previous],
        period,
        previous_period: previous,
        language: lang,
        privacy: request.privacy,
        bands: engine.bands,
    });

    let mut warnings = Vec::new();
    let without = now.rolled.figures[root].without_total;
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
