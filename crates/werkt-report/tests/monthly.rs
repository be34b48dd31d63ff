//! The monthly template set rendered from the hand-made fixture, in English and Dutch.

mod common;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use werkt_model::{Language, MetricsFile, OrgForm, Organisation};
use werkt_report::{ReportContext, ReportError, Templates};

/// The engagement chart per unit goes across the page (every unit named), the
/// organisation is the labelled line the units are read against rather than a bar among
/// them, and the norm bands say they are ordered.
#[test]
fn units_chart_is_hbar_with_the_organisation_as_its_line() {
    for lang in [Language::En, Language::Nl] {
        let p = parse(&render(lang));
        let specs: Vec<serde_json::Value> = fence_bodies(&p, "chart")
            .into_iter()
            .map(|b| serde_json::from_str(b).unwrap())
            .collect();
        let by_unit = specs
            .iter()
            .find(|s| {
                s["categories"]
                    .as_array()
                    .is_some_and(|c| c.iter().any(|c| c == "Zorg"))
            })
            .expect("the engagement chart per unit");
        assert_eq!(by_unit["kind"], "hbar", "{by_unit}");
        assert!(
            !by_unit["categories"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "Zorggroep Demo"),
            "{by_unit}"
        );
        let line = &by_unit["reference_lines"][0];
        assert_eq!(line["label"], "Zorggroep Demo");
        assert!(line["value"].is_number(), "{by_unit}");
        // The hidden laboratory keeps its row, without a value.
        let cats = by_unit["categories"].as_array().unwrap();
        let lab = cats.iter().position(|c| c == "Laboratorium").unwrap();
        assert!(by_unit["series"][0]["values"][lab].is_null());
        // The bands chart has its bands as categories in this fixture: bars, not across.
        let bands = specs
            .iter()
            .find(|s| s["categories"][0] == "very low")
            .expect("the bands chart");
        assert_eq!(
            (&bands["kind"], &bands["ordered"]),
            (&"bar".into(), &true.into())
        );
    }
}

fn load() -> Templates {
    Templates::load(&common::templates_dir(), "monthly").expect("the monthly template set loads")
}

fn context<'a>(
    metrics: &'a MetricsFile,
    previous: Option<&'a MetricsFile>,
    units: &'a [werkt_model::Unit],
    lang: Language,
) -> ReportContext<'a> {
    let mut ctx = ReportContext::new(metrics, lang);
    ctx.units = units;
    ctx.previous = previous;
    ctx.organisation = Organisation {
        id: "demo".into(),
        name: "Zorggroep Demo".into(),
        org_form: Some(OrgForm::Functional),
        sector: Some("health care".into()),
    };
    ctx.subject_names
        .insert("int1".into(), "Werkdruk aanpakken".into());
    ctx.subject_names
        .insert("int2".into(), "Leiderschap & cultuur".into());
    ctx
}

fn render(lang: Language) -> String {
    let (cur, prev, units) = (common::current(), common::previous(), common::units());
    load()
        .render(&context(&cur, Some(&prev), &units, lang))
        .expect("renders")
}

/// What a reader sees: the Markdown parsed as the renderer parses it, with the text of table
/// cells, headings and paragraphs, the fenced blocks by kind, and any raw HTML.
#[derive(Default, Debug)]
struct Parsed {
    headings: Vec<String>,
    cells: Vec<String>,
    text: String,
    fences: Vec<(String, String)>,
    html: Vec<String>,
    table_widths: Vec<(usize, usize)>,
    rows: Vec<Vec<String>>,
}

fn parse(markup: &str) -> Parsed {
    let mut p = Parsed::default();
    let mut heading: Option<String> = None;
    let mut cell: Option<String> = None;
    let mut fence: Option<(String, String)> = None;
    let mut columns = 0;
    let mut row_cells = 0;
    for ev in Parser::new_ext(markup, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => p.headings.extend(heading.take()),
            Event::Start(Tag::Table(a)) => columns = a.len(),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                row_cells = 0;
                p.rows.push(Vec::new());
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                p.table_widths.push((columns, row_cells))
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                row_cells += 1;
                if let (Some(c), Some(row)) = (&cell, p.rows.last_mut()) {
                    row.push(c.clone());
                }
                p.cells.extend(cell.take());
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                fence = Some((info.to_string(), String::new()))
            }
            Event::End(TagEnd::CodeBlock) => p.fences.extend(fence.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(f) = &mut fence {
                    f.1.push_str(&t);
                    continue;
                }
                if let Some(h) = &mut heading {
                    h.push_str(&t);
                }
                if let Some(c) = &mut cell {
                    c.push_str(&t);
                }
                p.text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => p.text.push(' '),
            Event::Html(h) | Event::InlineHtml(h) => p.html.push(h.to_string()),
            _ => {}
        }
    }
    p
}

fn fence_bodies<'a>(p: &'a Parsed, kind: &str) -> Vec<&'a str> {
    p.fences
        .iter()
        .filter(|(k, _)| k.split_whitespace().next() == Some(kind))
        .map(|(_, b)| b.as_str())
        .collect()
}

#[test]
fn english_report_has_its_sections_and_english_figures() {
    let markup = render(Language::En);
    let p = parse(&markup);
    for h in [
        "Summary",
        "What stands out",
        "Sick leave and the return of interventions",
        "Return of interventions",
        "Work engagement",
        "Figures per unit",
        "Findings",
        "Absorptive capacity",
        "Job demands",
        "Methods",
        "Privacy",
        "Sources",
    ] {
        assert!(
            p.headings.iter().any(|x| x == h),
            "heading {h:?} missing; headings: {:?}",
            p.headings
        );
    }
    // Section order: template.toml's order, then the custom plugin.
    let pos = |h: &str| p.headings.iter().position(|x| x == h).unwrap();
    assert!(pos("Sick leave and the return of interventions") < pos("Work engagement"));
    assert!(pos("Work engagement") < pos("Absorptive capacity"));
    assert!(pos("Absorptive capacity") < pos("Job demands"));

    assert!(
        p.text.contains("The absence rate this month was 4.3%"),
        "{}",
        p.text
    );
    assert!(p.text.contains("Sick leave this month cost €123,457."));
    assert!(
        p.cells.iter().any(|c| c == "3.87"),
        "engagement of the organisation in the unit table"
    );
    assert!(
        p.cells.iter().any(|c| c == "1.8 years"),
        "payback in the intervention table"
    );
    // Negative numbers carry the minus sign U+2212, not a hyphen-minus.
    assert!(
        p.cells.iter().any(|c| c == "\u{2212}€5,700"),
        "negative money"
    );
    assert!(!p.cells.iter().any(|c| c.contains("-€")), "hyphen as minus");
    assert!(p.cells.iter().any(|c| c == "62%"), "ROI as percent");
    assert!(p.text.contains("October 2026"));

    // The summary lists alerts before warnings and leaves the info findings to the sections.
    let start = markup.find("## What stands out").unwrap();
    let end = markup.find("## Analyses in this report").unwrap();
    let summary = &markup[start..end];
    let alert = summary
        .find("The absence rate is above the sector benchmark")
        .expect("the alert");
    let warning = summary.find("Zorg Zuid has 22%").expect("a warning");
    assert!(alert < warning && summary.contains("One in five employees"));
    assert!(!summary.contains("Engagement is average"), "{summary}");

    let kpis: Vec<serde_json::Value> = fence_bodies(&p, "kpi")
        .iter()
        .flat_map(|b| serde_json::from_str::<Vec<serde_json::Value>>(b).unwrap())
        .collect();
    let tile = |label: &str| {
        kpis.iter()
            .find(|k| k["label"].as_str().unwrap().starts_with(label))
            .unwrap_or_else(|| panic!("tile {label}: {kpis:?}"))
    };
    assert_eq!(tile("Absence rate")["value"], "4.3%");
    assert_eq!(tile("Absence rate")["change"], "+0.3 pp");
    assert_eq!(tile("Absence rate")["trend"], "up");
    assert_eq!(tile("Absence rate")["good"], "down");
    assert_eq!(tile("Absence rate, 12 months")["value"], "4.9%");
    assert_eq!(tile("Work engagement")["value"], "3.87");
    assert_eq!(tile("Work engagement")["change"], "+0.07");
    assert_eq!(
        tile("Best payback")["label"],
        "Best payback: Werkdruk aanpakken"
    );
    assert_eq!(tile("Best payback")["value"], "1.8 years");
    assert_eq!(tile("Best payback")["change"], "0.0 years");
    assert_eq!(tile("Best payback")["trend"], "flat");
    assert!(
        !kpis
            .iter()
            .any(|k| k["label"].as_str().unwrap().contains("absorptive")),
        "a failed analysis has no tiles"
    );
}

#[test]
fn dutch_report_uses_dutch_words_and_number_format() {
    let markup = render(Language::Nl);
    let p = parse(&markup);
    for h in [
        "Samenvatting",
        "Bevlogenheid",
        "Verzuim en het rendement van interventies",
        "Werkwijze",
        "Bronnen",
        "Job demands",
    ] {
        assert!(
            p.headings.iter().any(|x| x == h),
            "heading {h:?} missing: {:?}",
            p.headings
        );
    }
    assert!(
        p.text.contains("Het verzuimpercentage was deze maand 4,3%"),
        "{}",
        p.text
    );
    assert!(p.text.contains("€\u{a0}123.457"));
    assert!(p.text.contains("oktober 2026"));
    assert!(p.cells.iter().any(|c| c == "3,87"));
    assert!(p.cells.iter().any(|c| c == "1,8 jaar"));
    assert!(p.cells.iter().any(|c| c == "€\u{a0}\u{2212}5.700"));
    assert!(p.cells.iter().any(|c| c == "nee"));
    assert!(!p.text.contains("4.3%"));
    let kpis: Vec<serde_json::Value> = fence_bodies(&p, "kpi")
        .iter()
        .flat_map(|b| serde_json::from_str::<Vec<serde_json::Value>>(b).unwrap())
        .collect();
    assert_eq!(kpis[0]["label"], "Verzuimpercentage");
    assert_eq!(kpis[0]["value"], "4,3%");
    assert_eq!(kpis[0]["change"], "+0,3 %-punt");
}

#[test]
fn suppressed_figures_print_as_a_dash_and_never_their_value() {
    for lang in [Language::En, Language::Nl] {
        let markup = render(lang);
        for t in common::TELL_TALES {
            assert!(
                !markup.contains(t),
                "{lang:?}: the suppressed value {t} leaked"
            );
        }
        let p = parse(&markup);
        let lab_rows: Vec<&Vec<String>> = p
            .rows
            .iter()
            .filter(|r| r[0].trim() == "Laboratorium")
            .collect();
        assert_eq!(
            lab_rows.len(),
            4,
            "the laboratory in the absence (2) and engagement (2) tables, not in the custom one (no rows)"
        );
        for row in &lab_rows {
            assert!(row[1..].iter().all(|c| c == "–†" || c == "–"), "{row:?}");
        }
        // The engagement table: every figure hidden, respondents included.
        assert!(
            lab_rows
                .iter()
                .any(|r| r.len() == 7 && r[1..].iter().all(|c| c == "–†")),
            "{lab_rows:?}"
        );
        // The methods page names the suppressed units, and the footnote explains the mark.
        assert!(p.text.contains("Archief") && p.text.contains("Laboratorium"));
        assert!(
            p.text.contains("† Not shown: fewer than 5 people")
                || p.text.contains("† Niet getoond: minder dan 5 personen")
        );
        // Chart data of a suppressed unit is emptied too.
        for body in fence_bodies(&p, "chart") {
            let spec: serde_json::Value = serde_json::from_str(body).unwrap();
            if let Some(cats) = spec["categories"].as_array()
                && let Some(i) = cats.iter().position(|c| c == "Laboratorium")
            {
                for s in spec["series"].as_array().unwrap() {
                    assert!(s["values"][i].is_null(), "{spec}");
                }
            }
        }
    }
}

#[test]
fn hostile_unit_names_stay_literal_text() {
    let markup = render(Language::En);
    let p = parse(&markup);
    for name in common::HOSTILE {
        assert!(
            p.cells.iter().any(|c| c.trim() == name),
            "{name:?} is not a literal table cell"
        );
    }
    assert!(
        p.html.is_empty(),
        "raw HTML reached the markup: {:?}",
        p.html
    );
    for (columns, cells) in &p.table_widths {
        assert_eq!(
            columns, cells,
            "a row with a different number of cells than its table"
        );
    }
    // Only our own fenced blocks, and every one with a valid JSON body (notices hold Markdown).
    for (kind, body) in &p.fences {
        let kind = kind.split_whitespace().next().unwrap_or("");
        match kind {
            "cover" | "kpi" | "chart" => {
                serde_json::from_str::<serde_json::Value>(body)
                    .unwrap_or_else(|e| panic!("{kind}: {e}: {body}"));
            }
            "pagebreak" | "contents" => assert!(body.trim().is_empty()),
            "notice" => {}
            other => panic!("unexpected fence {other:?}"),
        }
    }
    // A plugin's finding with Markdown in it is one list item of plain text (line breaks
    // become spaces).
    assert!(
        p.text.contains(&common::HOSTILE_FINDING.replace('\n', " ")),
        "{}",
        p.text
    );
    assert!(!p.headings.iter().any(|h| h.contains("Not a heading")));
    // The hostile names inside chart JSON are data.
    let chart = fence_bodies(&p, "chart")
        .into_iter()
        .find(|b| b.contains("| a | b |"))
        .expect("a chart with the hostile category");
    assert!(!chart.contains('`'));
}

#[test]
fn failed_analysis_shows_a_notice_with_its_reason() {
    let p = parse(&render(Language::En));
    let notices = fence_bodies(&p, "notice");
    assert!(
        notices
            .iter()
            .any(|n| n.contains("could not be completed") && n.contains("acap\\_acq\\_2")),
        "{notices:?}"
    );
    assert!(
        notices.iter().any(|n| n.contains("3 absence rows lie")),
        "data-quality notice"
    );
}

#[test]
fn custom_plugin_gets_the_generic_section() {
    let p = parse(&render(Language::Nl));
    let at = p.headings.iter().position(|h| h == "Job demands").unwrap();
    assert_eq!(p.headings[at + 1], "Bevindingen");
    for label in ["High strain pct", "Active pct", "Demands"] {
        assert!(p.cells.iter().any(|c| c == label), "{label}");
    }
    assert!(
        p.cells.iter().any(|c| c == "20,0%"),
        "custom *_pct metric formatted as percent"
    );
    assert!(
        p.text
            .contains("One in five employees works in high strain.")
    );
    assert!(
        fence_bodies(&p, "chart")
            .iter()
            .any(|b| b.contains("high strain"))
    );
}

/// Heading levels and texts in document order.
fn heading_levels(markup: &str) -> Vec<(u8, String)> {
    let mut out: Vec<(u8, String)> = Vec::new();
    let mut inside = false;
    for ev in Parser::new_ext(markup, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                out.push((level as u8, String::new()));
                inside = true;
            }
            Event::End(TagEnd::Heading(_)) => inside = false,
            Event::Text(t) | Event::Code(t) if inside => {
                if let Some(h) = out.last_mut() {
                    h.1.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn each_analysis_is_a_chapter_and_no_heading_skips_a_level() {
    // The PDF's bookmarks and (later) its structure tree follow the heading levels: an
    // analysis is a chapter beside the summary and the methods, not a part of the summary.
    for (lang, chapters) in [
        (
            Language::En,
            [
                "Summary",
                "Sick leave and the return of interventions",
                "Work engagement",
                "Absorptive capacity",
                "Job demands",
                "Methods",
            ],
        ),
        (
            Language::Nl,
            [
                "Samenvatting",
                "Verzuim en het rendement van interventies",
                "Bevlogenheid",
                "Absorptievermogen",
                "Job demands",
                "Werkwijze",
            ],
        ),
    ] {
        let headings = heading_levels(&render(lang));
        let h1: Vec<&str> = headings
            .iter()
            .filter(|(l, _)| *l == 1)
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(h1, chapters, "{lang:?}: {headings:?}");
        assert_eq!(headings[0].0, 1, "{lang:?}: the first heading is an H1");
        for pair in headings.windows(2) {
            assert!(
                pair[1].0 <= pair[0].0 + 1,
                "{lang:?}: {:?} skips a level after {:?}",
                pair[1],
                pair[0]
            );
        }
    }
}

#[test]
fn burst_report_shows_one_units_view() {
    let (cur, prev, units) = (common::current(), common::previous(), common::units());
    let mut ctx = context(&cur, Some(&prev), &units, Language::En);
    ctx.unit_filter = Some("care".into());
    let markup = load().render(&ctx).unwrap();
    let p = parse(&markup);
    assert!(p.cells.iter().any(|c| c.trim() == "Zorg Noord"));
    assert!(
        !p.cells
            .iter()
            .any(|c| c.trim() == "Staf & Support" || c.trim() == "Laboratorium")
    );
    let cover = fence_bodies(&p, "cover")[0];
    assert!(cover.contains("\"subtitle\":\"Zorg\""), "{cover}");
    // Zorg is the second unit in tree order: rate 3.1 + 0.37.
    assert!(
        p.text.contains("The absence rate this month was 3.5%"),
        "{}",
        p.text
    );
    assert!(
        !p.text.contains("Leiderschap"),
        "an intervention of another unit"
    );
    assert!(matches!(
        load().render(&ReportContext {
            unit_filter: Some("nope".into()),
            ..ctx
        }),
        Err(ReportError::UnknownUnit(_))
    ));
}

#[test]
fn without_previous_period_tiles_have_no_change() {
    let (cur, units) = (common::current(), common::units());
    let markup = load()
        .render(&context(&cur, None, &units, Language::En))
        .unwrap();
    let p = parse(&markup);
    for b in fence_bodies(&p, "kpi") {
        assert!(!b.contains("change"), "{b}");
    }
    assert!(p.text.contains("No figures of an earlier period"));
}

/// A copy of the monthly set in a temporary directory, to break on purpose.
fn broken_copy(edit: impl FnOnce(&std::path::Path)) -> Result<Templates, ReportError> {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &common::templates_dir().join("monthly"),
        &tmp.path().join("monthly"),
    );
    edit(&tmp.path().join("monthly"));
    Templates::load(tmp.path(), "monthly")
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn missing_translation_keys_are_errors() {
    // A key one language has and the other lacks.
    let e = broken_copy(|d| {
        let p = d.join("strings/nl.toml");
        let s = std::fs::read_to_string(&p)
            .unwrap()
            .replace("highlights = \"Wat opvalt\"\n", "");
        std::fs::write(p, s).unwrap();
    })
    .unwrap_err();
    assert!(
        matches!(&e, ReportError::MissingKey { key, language, .. } if key == "summary.highlights" && language == "nl"),
        "{e}"
    );

    // A literal key a template uses that no strings file has.
    let e = broken_copy(|d| {
        let p = d.join("partials/summary.hbs");
        let s = std::fs::read_to_string(&p).unwrap() + "\n{{t \"summary.no_such_key\"}}\n";
        std::fs::write(p, s).unwrap();
    })
    .unwrap_err();
    assert!(
        e.to_string().contains("summary.no_such_key")
            && e.to_string().contains("partials/summary.hbs"),
        "{e}"
    );

    // A key computed at render time.
    let t = broken_copy(|d| {
        let p = d.join("partials/summary.hbs");
        let s =
            std::fs::read_to_string(&p).unwrap() + "\n{{t (concat \"summary.\" \"computed\")}}\n";
        std::fs::write(p, s).unwrap();
    })
    .unwrap();
    let (cur, units) = (common::current(), common::units());
    let e = t
        .render(&context(&cur, None, &units, Language::En))
        .unwrap_err();
    assert!(e.to_string().contains("summary.computed"), "{e}");
}

#[test]
fn template_mistakes_are_reported_with_their_place() {
    let e = broken_copy(|d| {
        std::fs::write(d.join("sections/engagement.hbs"), "{{#if x}}unclosed").unwrap()
    })
    .unwrap_err();
    assert!(e.to_string().contains("engagement.hbs"), "{e}");
    let t = broken_copy(|d| {
        std::fs::write(
            d.join("sections/engagement.hbs"),
            "## {{analysis_title name}}\n\n{{metric \"engagement\" \"totl\"}}\n",
        )
        .unwrap()
    })
    .unwrap();
    let (cur, units) = (common::current(), common::units());
    let e = t
        .render(&context(&cur, None, &units, Language::En))
        .unwrap_err();
    assert!(
        e.to_string().contains("totl") && e.to_string().contains("sections/engagement"),
        "{e}"
    );
    let t = broken_copy(|d| {
        std::fs::write(d.join("sections/engagement.hbs"), "{{no_such_field}}\n").unwrap()
    })
    .unwrap();
    let e = t
        .render(&context(&cur, None, &units, Language::En))
        .unwrap_err();
    assert!(e.to_string().contains("no_such_field"), "{e}");
}

#[test]
fn history_gives_trend_lines_and_changes_when_there_is_no_previous_file() {
    use werkt_report::TrendPoint;
    let (cur, units) = (common::current(), common::units());
    let mut history = Vec::new();
    for (i, period) in ["2026-06", "2026-07", "2026-08", "2026-09"]
        .iter()
        .enumerate()
    {
        let point =
            |plugin: &str, metric: &str, unit: &str, value: f64, suppressed: bool| TrendPoint {
                period: period.parse().unwrap(),
                plugin: plugin.into(),
                unit: unit.into(),
                subject: None,
                metric: metric.into(),
                value: if suppressed { None } else { Some(value) },
                suppressed,
            };
        history.push(point(
            "engagement",
            "total",
            "org",
            3.6 + 0.05 * i as f64,
            i == 1,
        ));
        history.push(point(
            "sick_leave_roi",
            "absence_rate_pct",
            "org",
            4.6,
            false,
        ));
        history.push(point("engagement", "total", "care", 1.0, false));
    }
    let mut ctx = context(&cur, None, &units, Language::En);
    ctx.history = Some(&history);
    let p = parse(&load().render(&ctx).unwrap());
    let trend = fence_bodies(&p, "chart")
        .into_iter()
        .map(|b| serde_json::from_str::<serde_json::Value>(b).unwrap())
        .find(|c| c["title"] == "Work engagement over the last 12 months")
        .expect("a trend chart from history");
    assert_eq!(trend["kind"], "line");
    assert_eq!(
        trend["categories"],
        serde_json::json!(["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"])
    );
    assert_eq!(
        trend["series"][0]["values"],
        serde_json::json!([3.6, null, 3.7, 3.75, 3.87])
    );
    let kpis: Vec<serde_json::Value> = fence_bodies(&p, "kpi")
        .iter()
        .flat_map(|b| serde_json::from_str::<Vec<serde_json::Value>>(b).unwrap())
        .collect();
    assert_eq!(kpis[0]["value"], "4.3%");
    assert_eq!(
        kpis[0]["change"], "\u{2212}0.3 pp",
        "4.3 against September's 4.6 from history"
    );
    assert_eq!(kpis[0]["trend"], "down");
    assert!(p.text.contains("Changes are against September 2026."));
}

#[test]
fn a_language_without_strings_file_is_an_error() {
    let t = broken_copy(|d| std::fs::remove_file(d.join("strings/nl.toml")).unwrap()).unwrap();
    let (cur, units) = (common::current(), common::units());
    assert!(t.render(&context(&cur, None, &units, Language::En)).is_ok());
    let e = t
        .render(&context(&cur, None, &units, Language::Nl))
        .unwrap_err();
    assert!(
        matches!(e, ReportError::NoLanguage(ref l) if l == "nl"),
        "{e}"
    );
}

#[test]
fn heatmap_of_units_by_metric_hides_suppressed_cells() {
    let t = broken_copy(|d| {
        std::fs::write(
            d.join("sections/engagement.hbs"),
            "## {{analysis_title name}}\n\n{{heatmap \"engagement\" \"vigour total\" green=4.5 red=3.5 title=(t \"chart.engagement_by_unit\")}}\n",
        )
        .unwrap()
    })
    .unwrap();
    let (cur, units) = (common::current(), common::units());
    let markup = t
        .render(&context(&cur, None, &units, Language::Nl))
        .unwrap();
    // werkt-render accepts the spec (shape of values, labels and thresholds).
    werkt_render::markup::parse(&markup).unwrap();
    let p = parse(&markup);
    let spec: serde_json::Value = fence_bodies(&p, "chart")
        .into_iter()
        .map(|b| serde_json::from_str::<serde_json::Value>(b).unwrap())
        .find(|c| c["kind"] == "heatmap")
        .expect("a heatmap");
    assert_eq!(
        spec["columns"],
        serde_json::json!(["Vitaliteit", "Bevlogenheid"])
    );
    assert_eq!(spec["rows"][0], "Zorggroep Demo");
    assert_eq!(spec["rows"][2], "\u{a0}\u{a0}\u{a0}\u{a0}Zorg Noord");
    assert_eq!(spec["values"][0], serde_json::json!([4.07, 3.87]));
    assert_eq!(spec["labels"][0], serde_json::json!(["4,07", "3,87"]));
    let lab = spec["rows"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r.as_str().unwrap().ends_with("Laboratorium"))
        .unwrap();
    assert_eq!(spec["values"][lab], serde_json::json!([null, null]));
    assert_eq!(spec["labels"][lab], serde_json::json!(["–†", "–†"]));
    assert_eq!(
        spec["thresholds"][1],
        serde_json::json!({"green": 4.5, "red": 3.5})
    );
}

#[cfg(unix)]
#[test]
fn a_template_file_behind_a_symbolic_link_is_refused() {
    // A partial linked to absence.csv printed the raw absence rows into every report.
    let data = tempfile::tempdir().unwrap();
    let secret = data.path().join("absence.csv");
    std::fs::write(&secret, "employee_id,start_date\nE0001,2026-03-02\n").unwrap();
    let e = broken_copy(|d| {
        let p = d.join("partials/methods.hbs");
        std::fs::remove_file(&p).unwrap();
        std::os::unix::fs::symlink(&secret, &p).unwrap();
    })
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("symbolic link") && e.contains("methods.hbs"),
        "{e}"
    );
    // A strings file and a whole directory behind a link are refused the same way.
    let e = broken_copy(|d| {
        let p = d.join("strings/nl.toml");
        let real = d.join("nl-real.toml");
        std::fs::rename(&p, &real).unwrap();
        std::os::unix::fs::symlink(&real, &p).unwrap();
    })
    .unwrap_err()
    .to_string();
    assert!(e.contains("symbolic link") && e.contains("nl.toml"), "{e}");
    let e = broken_copy(|d| {
        let p = d.join("partials");
        let real = d.parent().unwrap().join("partials-elsewhere");
        std::fs::rename(&p, &real).unwrap();
        std::os::unix::fs::symlink(&real, &p).unwrap();
    })
    .unwrap_err()
    .to_string();
    assert!(e.contains("symbolic link") && e.contains("partials"), "{e}");
}

#[test]
fn a_template_can_reach_no_file_and_no_helper_beyond_werkts() {
    // Template sets are logic-less: a partial is one of the set's own templates, never a path,
    // and a helper werkt does not register is an error, not a way out.
    let secret = tempfile::tempdir().unwrap();
    let file = secret.path().join("absence.csv");
    std::fs::write(&file, "E0001,2026-03-02\n").unwrap();
    let (cur, prev, units) = (common::current(), common::previous(), common::units());
    for body in [
        format!("{{{{> {}}}}}", file.display()),
        "{{> ../../../etc/passwd}}".to_string(),
        format!("{{{{read_file \"{}\"}}}}", file.display()),
        "{{#each (env)}}{{this}}{{/each}}".to_string(),
    ] {
        let templates = broken_copy(|d| {
            let main = d.join("main.hbs");
            let text = std::fs::read_to_string(&main).unwrap();
            std::fs::write(&main, format!("{text}\n{body}\n")).unwrap();
        });
        let rendered =
            templates.and_then(|t| t.render(&context(&cur, Some(&prev), &units, Language::En)));
        match rendered {
            Ok(markup) => panic!(
                "{body} rendered:\n{}",
                &markup[markup.len().saturating_sub(300)..]
            ),
            Err(e) => assert!(!e.to_string().contains("E0001"), "{body}: {e}"),
        }
    }
}

/// "Nog 1 bevindingen" was printed for one more finding: a counted string has plural forms,
/// chosen by the `n` the template passes.
#[test]
fn counted_strings_take_their_plural_form() {
    let t = broken_copy(|d| {
        let p = d.join("partials/summary.hbs");
        let s = std::fs::read_to_string(&p).unwrap()
            + "\n{{t \"summary.more_findings\" n=1}}\n\n{{t \"summary.more_findings\" n=2}}\n";
        std::fs::write(p, s).unwrap();
    })
    .unwrap();
    let (cur, units) = (common::current(), common::units());
    let nl = t
        .render(&context(&cur, None, &units, Language::Nl))
        .unwrap();
    assert!(
        nl.contains("Nog 1 bevinding staat in de hoofdstukken."),
        "{nl}"
    );
    assert!(nl.contains("Nog 2 bevindingen staan in de hoofdstukken."));
    assert!(!nl.contains("1 bevindingen"));
    let en = t
        .render(&context(&cur, None, &units, Language::En))
        .unwrap();
    assert!(en.contains("1 more finding is listed"));
    assert!(en.contains("2 more findings are listed"));
}
