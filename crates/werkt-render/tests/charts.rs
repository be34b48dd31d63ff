//! Charts degrade instead of panicking: labels wider than the chart are cut with "…",
//! and a property test draws charts with random labels, values, sizes and nesting
//! (issue 13). The full text of a cut label stays in the report's tables.

mod common;

use proptest::prelude::*;
use serde_json::{Value, json};
use werkt_markup::ChartSpec;
use werkt_render::{DocumentOptions, Item, Labels, Paper, charts, fences::Chart};

/// A realistic long Dutch team name (128 characters).
const LONG_TEAM: &str = "Afdeling Klantcontact en Servicecoördinatie Noord-Holland, \
                         Regio Kennemerland-Zuid, Team Avond- en Weekenddiensten Zaanstad-Oost";

fn render_ok(md: &str, opts: &DocumentOptions) -> Vec<u8> {
    let pdf = common::renderer()
        .render(md, opts)
        .unwrap_or_else(|e| panic!("render failed: {e}\n{md}"));
    let doc = lopdf::Document::load_mem(&pdf).expect("a valid PDF");
    assert!(!doc.get_pages().is_empty());
    pdf
}

fn chart_md(spec: &Value) -> String {
    format!("# Chart\n\n```chart\n{spec}\n```\n")
}

fn all_text(md: &str) -> Vec<String> {
    let l = common::lay(md);
    l.pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_category_wider_than_the_chart_is_cut_with_an_ellipsis() {
    let long = "Zorgeenheid ".repeat(12) + "Oost"; // 148 characters
    for kind in ["bar", "line", "stacked_bar"] {
        let spec = json!({
            "kind": kind,
            "categories": [long, "Team B"],
            "series": [{"name": "verzuim", "values": [4.2, 3.1]}]
        });
        let md = chart_md(&spec);
        render_ok(&md, &common::opts());
        let texts = all_text(&md);
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("Zorgeenheid") && t.ends_with('…')),
            "{kind}: no cut label in {texts:?}"
        );
        assert!(
            !texts.iter().any(|t| t == &long),
            "{kind}: label drawn whole"
        );
    }
}

#[test]
fn a_realistic_long_team_name_among_short_ones_renders() {
    assert_eq!(LONG_TEAM.chars().count(), 128);
    let spec = json!({
        "kind": "bar",
        "title": format!("Verzuim per team ({LONG_TEAM})"),
        "categories": ["Team A", LONG_TEAM, "Team C", "Team D"],
        "series": [{"name": LONG_TEAM, "values": [1.0, 2.0, null, 4.0]},
                   {"name": "norm", "values": [2.0, 2.0, 2.0, 2.0]}],
        "reference_lines": [{"label": LONG_TEAM, "value": 3.0}]
    });
    render_ok(&chart_md(&spec), &common::opts());
    // Short names are not cut.
    let texts = all_text(&chart_md(&spec));
    assert!(texts.iter().any(|t| t == "Team A"), "{texts:?}");
    // Nothing runs past the right margin: the category, the legend entry, the reference
    // line's label and the axis labels are cut to fit.
    let mut spec = spec;
    spec["x_label"] = json!(LONG_TEAM);
    spec["y_label"] = json!(LONG_TEAM.repeat(2));
    let r = common::renderer();
    let layout = r.layout(&chart_md(&spec), &common::opts()).unwrap();
    for page in &layout.pages {
        let right = page.width - werkt_render::layout::MARGIN_X;
        for item in &page.items {
            if let Item::Text {
                x,
                size,
                style,
                text,
                ..
            } = item
            {
                let end = x + r.fonts().width(*style, *size, text);
                assert!(
                    end <= right + 0.5,
                    "{text:?} ends at {end}, the margin is {right}"
                );
            }
        }
    }
}

#[test]
fn a_heatmap_on_narrow_paper_inside_quotes_renders() {
    // 100 mm paper and eight quote levels leave a chart well under 100 pt wide.
    let spec = json!({
        "kind": "heatmap",
        "rows": [LONG_TEAM, ""],
        "columns": ["a", LONG_TEAM],
        "values": [[1.0, null], [2.0, 3.0]],
        "thresholds": [{"green": 1.0, "red": 2.0}, null]
    });
    let quoted: String = chart_md(&spec)
        .lines()
        .map(|l| format!("{}{l}\n", "> ".repeat(8)))
        .collect();
    let opts = DocumentOptions {
        paper: Paper::CustomMm(100.0, 150.0),
        ..common::opts()
    };
    render_ok(&quoted, &opts);
}

// ---------------------------------------------------------------- hbar, value axes

fn chart(spec: Value) -> Chart {
    let spec: ChartSpec = serde_json::from_value(spec).expect("spec deserialises");
    Chart::try_from(spec).expect("a valid chart")
}

/// A chart laid out at A4's text width, at the origin.
fn drawn(spec: Value) -> charts::Drawn {
    let r = common::renderer();
    match charts::layout(&chart(spec), r.fonts(), &common::opts(), 481.9) {
        charts::ChartLayout::Xy(d) => d,
        charts::ChartLayout::Heatmap { .. } => panic!("an x-y chart"),
    }
}

fn texts(d: &charts::Drawn) -> Vec<(f32, f32, String)> {
    d.items
        .iter()
        .filter_map(|i| match i {
            Item::Text { x, y, text, .. } => Some((*x, *y, text.clone())),
            _ => None,
        })
        .collect()
}

fn units(n: usize) -> Value {
    let mut cats: Vec<String> = (1..=n).map(|i| format!("Team {i}")).collect();
    cats[0] = LONG_TEAM.to_string();
    let values: Vec<f64> = (1..=n).map(|i| 3.0 + i as f64 / 10.0).collect();
    json!({
        "kind": "hbar", "title": "Engagement per unit", "y_label": "score (0–6)",
        "y_min": 0, "y_max": 6, "decimals": 2,
        "categories": cats,
        "series": [{"name": "Engagement", "values": values}],
        "reference_lines": [{"label": "Organisation", "value": 3.87}]
    })
}

/// Units down the left: every one labelled (a long name over two lines, ending in "…"),
/// every bar with its value at its end, a band per unit (the chart grows by the same
/// height for each unit added), and the organisation a dashed vertical line labelled
/// above the plot.
#[test]
fn an_hbar_chart_labels_every_unit_and_grows_a_band_per_unit() {
    let d = drawn(units(12));
    let t = texts(&d);
    for i in 2..=12 {
        assert!(
            t.iter().any(|(_, _, s)| *s == format!("Team {i}")),
            "Team {i}: {t:?}"
        );
    }
    let long: Vec<&(f32, f32, String)> = t
        .iter()
        .filter(|(_, _, s)| s.len() > 8 && LONG_TEAM.contains(s.trim_end_matches('…')))
        .collect();
    assert_eq!(long.len(), 2, "the long name on two lines: {long:?}");
    assert!(long[1].2.ends_with('…') && long[1].1 > long[0].1);
    for v in ["3.10", "3.50", "4.20"] {
        assert!(t.iter().any(|(_, _, s)| s == v), "value {v} at its bar");
    }
    // A band per unit: the same step in height for every unit added.
    let (h12, h16, h20) = (d.height, drawn(units(16)).height, drawn(units(20)).height);
    assert!(
        h16 > h12 && ((h20 - h16) - (h16 - h12)).abs() < 0.01,
        "{h12} {h16} {h20}"
    );
    // The reference line runs down the plot, dashed; its label stands above the bars.
    let (x, top) = d
        .items
        .iter()
        .find_map(|i| match i {
            Item::Line {
                points,
                dashed: true,
                ..
            } if points[0].0 == points[1].0 => Some((points[0].0, points[0].1.min(points[1].1))),
            _ => None,
        })
        .expect("a vertical dashed line");
    let (lx, ly, _) = t.iter().find(|(_, _, s)| s == "Organisation 3.87").unwrap();
    assert!(
        *ly < top && (lx - x).abs() < 60.0,
        "label at {lx},{ly}, line at {x} from {top}"
    );
    // Values along the bottom: the ticks are under the plot, in a row.
    let ticks: Vec<&(f32, f32, String)> =
        t.iter().filter(|(_, _, s)| s == "0" || s == "6").collect();
    assert!(ticks.len() == 2 && ticks[0].1 == ticks[1].1 && ticks[1].0 > ticks[0].0);
}

/// An hbar chart reads out like a bar chart: every unit with its value, then the line.
#[test]
fn an_hbar_chart_is_described_as_a_bar_chart() {
    let alt = charts::alt_text(&chart(units(3)), &Labels::english());
    assert_eq!(
        alt,
        format!(
            "Bar chart: Engagement per unit (score (0–6)). {LONG_TEAM} 3.10, Team 2 3.20, Team 3 3.30; Organisation 3.87."
        )
    );
}

fn line(y_min: Option<f64>, y_max: Option<f64>, values: &[f64]) -> Value {
    let mut spec = json!({
        "kind": "line", "y_label": "score",
        "categories": (1..=values.len()).map(|i| format!("m{i}")).collect::<Vec<_>>(),
        "series": [{"name": "s", "values": values}]
    });
    if let Some(v) = y_min {
        spec["y_min"] = json!(v);
    }
    if let Some(v) = y_max {
        spec["y_max"] = json!(v);
    }
    spec
}

/// The tick labels of a vertical chart (left of the plot), lowest first, and its value label.
fn value_axis(d: &charts::Drawn) -> (Vec<f64>, String) {
    let t = texts(d);
    let mut ticks: Vec<(f32, f64)> = t
        .iter()
        .filter_map(|(_, y, s)| s.parse::<f64>().ok().map(|v| (*y, v)))
        .collect();
    ticks.sort_by(|a, b| b.0.total_cmp(&a.0));
    let label = t
        .iter()
        .find(|(_, _, s)| s.starts_with("score"))
        .unwrap()
        .2
        .clone();
    (ticks.into_iter().map(|(_, v)| v).collect(), label)
}

/// The rule for a line chart's value axis: without pins it spans the data (not from 0);
/// a pinned scale the data fill a quarter or more of is kept; one they fill less of
/// (engagement near 4 on 0-6) gives way to at least a quarter of the scale around the
/// data, and the label names the scale. A lone pin is never named as a scale.
#[test]
fn a_line_axis_is_fitted_to_its_data_by_the_quarter_rule() {
    let (ticks, label) = value_axis(&drawn(line(None, None, &[4.03, 4.1, 4.08])));
    assert!(ticks[0] > 3.9 && *ticks.last().unwrap() < 4.2, "{ticks:?}");
    assert_eq!(label, "score");

    let (ticks, label) = value_axis(&drawn(line(Some(0.0), Some(6.0), &[4.03, 4.1, 4.08])));
    assert!(
        ticks[0] >= 3.0 && *ticks.last().unwrap() <= 5.0,
        "{ticks:?}"
    );
    assert!(
        ticks.last().unwrap() - ticks[0] >= 1.5,
        "a quarter of the scale: {ticks:?}"
    );
    assert_eq!(label, "score (scale 0–6)");

    // 1.6 of 6 is more than a quarter: the scale stays.
    let (ticks, label) = value_axis(&drawn(line(Some(0.0), Some(6.0), &[3.0, 4.6])));
    assert_eq!((ticks[0], *ticks.last().unwrap()), (0.0, 6.0));
    assert_eq!(label, "score");

    let (ticks, label) = value_axis(&drawn(line(Some(0.0), None, &[3.4, 4.3])));
    assert!(ticks[0] > 0.0, "{ticks:?}");
    assert_eq!(label, "score");
}

// ---------------------------------------------------------------- property test

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z ]{1,12}",
        // Long, with Dutch diacritics, CJK, emoji, combining marks and right-to-left text.
        proptest::collection::vec(
            prop_oneof![
                Just("ë"),
                Just("Zuid-"),
                Just("afdeling "),
                Just("中文"),
                Just("\u{1F600}"),
                Just("e\u{301}"),
                Just("\u{5D0}\u{5D1}"),
                Just(" "),
                Just("\t"),
                Just("W"),
                Just("x"),
            ],
            1..200
        )
        .prop_map(|v| v.concat()),
        ".{0,40}",
    ]
}

fn value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        Just(Some(0.0)),
        Just(Some(1e12)),
        Just(Some(-1e12)),
        Just(Some(1e-12)),
        Just(Some(-1e-300)),
        (-1e6f64..1e6).prop_map(Some),
        (-1.0f64..1.0).prop_map(Some),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    spec: Value,
    paper: (f32, f32),
    nesting: usize,
}

fn xy_spec() -> impl Strategy<Value = Value> {
    (
        prop_oneof![Just("bar"), Just("hbar"), Just("line"), Just("stacked_bar")],
        proptest::collection::vec(label(), 1..40),
        1usize..5,
        proptest::option::of(label()),
        proptest::option::of(label()),
        proptest::option::of(label()),
        proptest::option::of(label()),
        proptest::collection::vec((label(), -1e12f64..1e12), 0..4),
        proptest::option::of(value()),
        proptest::option::of(30.0f32..180.0),
    )
        .prop_flat_map(
            |(kind, cats, n_series, title, xl, yl, unit, refs, all_equal, height)| {
                let n = cats.len();
                (
                    Just((kind, cats, title, xl, yl, unit, refs, all_equal, height)),
                    proptest::collection::vec(
                        (label(), proptest::collection::vec(value(), n)),
                        n_series,
                    ),
                )
            },
        )
        .prop_map(
            |((kind, cats, title, xl, yl, unit, refs, all_equal, height), series)| {
                let series: Vec<Value> = series
                    .into_iter()
                    .map(|(name, values)| {
                        let values: Vec<Option<f64>> = match all_equal {
                            Some(v) => vec![v; values.len()],
                            None => values,
                        };
                        json!({"name": name, "values": values})
                    })
                    .collect();
                let refs: Vec<Value> = refs
                    .into_iter()
                    .map(|(l, v)| json!({"label": l, "value": v}))
                    .collect();
                let mut spec = json!({
                    "kind": kind,
                    "categories": cats,
                    "series": series,
                    "reference_lines": refs,
                });
                let o = spec.as_object_mut().unwrap();
                for (k, v) in [
                    ("title", title),
                    ("x_label", xl),
                    ("y_label", yl),
                    ("unit", unit),
                ] {
                    if let Some(v) = v {
                        o.insert(k.into(), json!(v));
                    }
                }
                if let Some(h) = height {
                    o.insert("height_mm".into(), json!(h));
                }
                spec
            },
        )
}

fn heatmap_spec() -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(label(), 0..25),
        proptest::collection::vec(label(), 1..=16),
        proptest::option::of(label()),
        proptest::option::of(0u8..=6),
    )
        .prop_flat_map(|(rows, cols, title, decimals)| {
            let (r, c) = (rows.len(), cols.len());
            (
                Just((rows, cols, title, decimals)),
                proptest::collection::vec(proptest::collection::vec(value(), c), r),
                proptest::collection::vec(
                    proptest::option::of((-1e12f64..1e12, -1e12f64..1e12)),
                    c,
                ),
            )
        })
        .prop_map(|((rows, cols, title, decimals), values, thresholds)| {
            let thresholds: Vec<Value> = thresholds
                .into_iter()
                .map(|t| match t {
                    Some((g, r)) if g != r => json!({"green": g, "red": r}),
                    _ => Value::Null,
                })
                .collect();
            let mut spec = json!({
                "kind": "heatmap",
                "rows": rows,
                "columns": cols,
                "values": values,
                "thresholds": thresholds,
            });
            let o = spec.as_object_mut().unwrap();
            if let Some(t) = title {
                o.insert("title".into(), json!(t));
            }
            if let Some(d) = decimals {
                o.insert("decimals".into(), json!(d));
            }
            spec
        })
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![3 => xy_spec(), 1 => heatmap_spec()],
        prop_oneof![
            Just((210.0f32, 297.0f32)),
            (100.0f32..1000.0, 100.0f32..1000.0)
        ],
        prop_oneof![3 => Just(0usize), 1 => 0usize..=8],
    )
        .prop_map(|(spec, paper, nesting)| Case {
            spec,
            paper,
            nesting,
        })
}

fn all_finite(items: &[Item]) -> bool {
    items.iter().all(|i| match i {
        Item::Text { x, y, size, .. } => x.is_finite() && y.is_finite() && size.is_finite(),
        Item::Rect { x, y, w, h, .. } => [x, y, w, h].iter().all(|v| v.is_finite()),
        Item::Line { points, .. } | Item::Polygon { points, .. } => {
            points.iter().all(|(x, y)| x.is_finite() && y.is_finite())
        }
        _ => true,
    })
}

proptest! {
    // Bounded so the whole file stays well under ten seconds in the dev profile.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any valid chart, on any paper, nested up to the markup's limit, renders to a valid
    /// PDF without a panic.
    #[test]
    fn any_chart_renders_to_a_valid_pdf(c in case()) {
        let spec: ChartSpec = serde_json::from_value(c.spec.clone()).expect("spec deserialises");
        prop_assume!(Chart::try_from(spec).is_ok());
        let md: String = chart_md(&c.spec)
            .lines()
            .map(|l| format!("{}{l}\n", "> ".repeat(c.nesting)))
            .collect();
        let opts = DocumentOptions {
            paper: Paper::CustomMm(c.paper.0, c.paper.1),
            ..common::opts()
        };
        let layout = common::renderer().layout(&md, &opts);
        let layout = match layout {
            Ok(l) => l,
            Err(e) => return Err(TestCaseError::fail(format!("layout failed: {e}"))),
        };
        for p in &layout.pages {
            prop_assert!(all_finite(&p.items));
        }
        render_ok(&md, &opts);
    }

    /// The chart functions themselves, at any width from a sliver to a poster.
    #[test]
    fn any_chart_draws_at_any_width(spec in prop_oneof![xy_spec(), heatmap_spec()], width in prop_oneof![0.5f32..60.0, 60.0f32..3000.0]) {
        let spec: ChartSpec = serde_json::from_value(spec).expect("spec deserialises");
        let chart = Chart::try_from(spec);
        prop_assume!(chart.is_ok());
        let r = common::renderer();
        let items: Vec<Item> = match charts::layout(&chart.unwrap(), r.fonts(), &common::opts(), width) {
            charts::ChartLayout::Xy(d) => d.items,
            charts::ChartLayout::Heatmap { header, rows } => header
                .items
                .into_iter()
                .chain(rows.into_iter().flat_map(|r| r.items))
                .collect(),
        };
        prop_assert!(all_finite(&items));
    }
}
