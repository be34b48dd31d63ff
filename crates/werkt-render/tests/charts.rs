//! Charts degrade instead of panicking: labels wider than the chart are cut with "…",
//! and a property test draws charts with random labels, values, sizes and nesting
//! (issue 13). The full text of a cut label stays in the report's tables.

mod common;

use proptest::prelude::*;
use serde_json::{Value, json};
use werkt_markup::ChartSpec;
use werkt_render::{DocumentOptions, Item, Paper, charts, fences::Chart};

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
        prop_oneof![Just("bar"), Just("line"), Just("stacked_bar")],
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
