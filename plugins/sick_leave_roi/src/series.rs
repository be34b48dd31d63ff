//! Chart series: monthly and rolling rates per unit, duration class mix, and the cumulative
//! cost-benefit of each intervention.

use werkt_absence::{AbsenceAnalysis, InterventionStatus};
use werkt_plugin::{Language, Point, Series, SeriesKind, UnitTree};

use crate::text;

pub fn series(
    a: &AbsenceAnalysis,
    tree: &UnitTree,
    names: &[String],
    bounds: &[u32],
    lang: Language,
) -> Vec<Series> {
    let mut out = Vec::new();
    for (key, rolling) in [
        ("absence_rate_monthly", false),
        ("absence_rate_rolling", true),
    ] {
        for &u in tree.preorder() {
            let points = a
                .months
                .iter()
                .map(|m| {
                    let x = &m.units[u];
                    let (y, hidden) = if rolling {
                        (x.rate_12m_pct, x.rolling_suppressed)
                    } else {
                        (x.rate_pct, x.suppressed)
                    };
                    Point {
                        x: m.period.to_string(),
                        y: if hidden { None } else { y },
                    }
                })
                .collect();
            out.push(Series {
                key: key.into(),
                name: names[u].clone(),
                kind: SeriesKind::Line,
                unit: Some(tree.id(u).to_string()),
                points,
            });
        }
    }
    for k in 0..=bounds.len() {
        let points = tree
            .preorder()
            .iter()
            .map(|&u| {
                let f = &a.units[u];
                Point {
                    x: names[u].clone(),
                    y: if f.ended.hidden {
                        None
                    } else {
                        f.duration_class_pct[k]
                    },
                }
            })
            .collect();
        out.push(Series {
            key: "duration_classes".into(),
            name: text::class_label(bounds, k, lang),
            kind: SeriesKind::StackedBar,
            unit: None,
            points,
        });
    }
    for iv in &a.interventions {
        let InterventionStatus::Evaluated(r) = &iv.status else {
            continue;
        };
        if iv.suppressed {
            continue;
        }
        out.push(Series {
            key: format!("intervention_{}_cumulative", iv.id),
            name: iv.name.clone(),
            kind: SeriesKind::Line,
            unit: Some(iv.unit_id.clone()),
            points: r
                .cumulative
                .iter()
                .enumerate()
                .map(|(t, y)| Point {
                    x: t.to_string(),
                    y: Some(*y),
                })
                .collect(),
        });
    }
    out
}
