//! One block without data never fails the report (issue 12): a missing or hidden figure
//! prints as a dash, a table or chart with nothing to show becomes a one-line note, and the
//! rest of the report is there as usual. A template's typo is still an error.

mod common;

use werkt_model::{Language, MetricsFile};
use werkt_report::{ReportContext, Templates};

fn load() -> Templates {
    Templates::load(&common::templates_dir(), "monthly").expect("the monthly template set loads")
}

fn render(
    current: &MetricsFile,
    previous: Option<&MetricsFile>,
    unit: Option<&str>,
    lang: Language,
) -> String {
    let units = common::units();
    let mut ctx = ReportContext::new(current, lang);
    ctx.units = &units;
    ctx.previous = previous;
    ctx.unit_filter = unit.map(str::to_string);
    load()
        .render(&ctx)
        .unwrap_or_else(|e| panic!("{lang:?} {unit:?}: {e}"))
}

/// The fixture without any intervention (no subject rows, no cumulative series).
fn without_interventions(mut file: MetricsFile) -> MetricsFile {
    let out = &mut file.analyses.get_mut("sick_leave_roi").unwrap().output;
    out.metrics.retain(|m| m.subject.is_none());
    out.series.retain(|s| !s.key.starts_with("intervention_"));
    file
}

/// The KPI tile with this label, as its fence line.
fn tile<'a>(markup: &'a str, label: &str) -> &'a str {
    markup
        .lines()
        .flat_map(|l| l.split("},{"))
        .find(|t| t.contains(label))
        .unwrap_or_else(|| panic!("no tile '{label}' in\n{markup}"))
}

#[test]
fn a_month_after_one_without_intervention_payback_renders_a_dash() {
    // Regression: the best-payback tile looked up the previous period's unit figure
    // "payback_years", which no analysis emits, and failed the whole report.
    let (cur, prev) = (
        without_interventions(common::current()),
        without_interventions(common::previous()),
    );
    for lang in [Language::En, Language::Nl] {
        let markup = render(&cur, Some(&prev), None, lang);
        let label = if lang == Language::En {
            "Best payback"
        } else {
            "Snelste terugverdientijd"
        };
        let t = tile(&markup, label);
        assert!(t.contains("\"value\":\"–\""), "{t}");
        assert!(!t.contains("change"), "{t}");
    }
}

#[test]
fn a_unit_without_interventions_renders_with_history() {
    // Regression: every burst report of a unit without an intervention failed the same way
    // once there was a previous period.
    let (cur, prev) = (common::current(), common::previous());
    for unit in ["care_south", "archive", "lab", "care_north"] {
        render(&cur, Some(&prev), Some(unit), Language::En);
    }
}

#[test]
fn when_every_figure_is_hidden_tables_show_dashes_and_charts_a_note() {
    let mut cur = common::current();
    for report in cur.analyses.values_mut() {
        for m in &mut report.output.metrics {
            m.suppressed = true;
            m.value = None;
        }
        for s in &mut report.output.series {
            for p in &mut s.points {
                p.y = None;
            }
        }
    }
    for (lang, note, sentence) in [
        (
            Language::En,
            "Work engagement per unit: no figures to show this month.",
            "No absence rate can be shown for this month",
        ),
        (
            Language::Nl,
            "Bevlogenheid per afdeling: geen cijfers om te tonen deze maand.",
            "Voor deze maand kan geen verzuimpercentage worden getoond",
        ),
    ] {
        let markup = render(&cur, None, None, lang);
        assert!(markup.contains(note), "{lang:?}:\n{markup}");
        // Running text says so in words rather than "the rate was –†".
        assert!(markup.contains(sentence), "{lang:?}:\n{markup}");
        assert!(markup.contains("| –† |"), "{lang:?}: no hidden cell");
        assert!(!markup.contains("```chart"), "{lang:?}: an empty chart");
        for t in common::TELL_TALES {
            assert!(!markup.contains(t), "{lang:?}: {t}");
        }
    }
}

#[test]
fn an_analysis_left_without_figures_gets_notes_in_place_of_its_blocks() {
    // What is left when the host drops every figure of an analysis (all below the minimum):
    // status ok, nothing to print.
    let mut cur = common::current();
    let out = &mut cur.analyses.get_mut("sick_leave_roi").unwrap().output;
    out.metrics.clear();
    out.series.clear();
    out.findings.clear();
    for (lang, table_note, chart_note) in [
        (
            Language::En,
            "No figures to show this month.",
            "Absence rate per month: no figures to show this month.",
        ),
        (
            Language::Nl,
            "Geen cijfers om te tonen deze maand.",
            "Verzuimpercentage per maand: geen cijfers om te tonen deze maand.",
        ),
    ] {
        let markup = render(&cur, Some(&common::previous()), None, lang);
        assert!(markup.contains(table_note), "{lang:?}:\n{markup}");
        assert!(markup.contains(chart_note), "{lang:?}:\n{markup}");
        // The other analyses are all there.
        assert!(markup.contains("engagement_by_unit") || markup.contains("```chart"));
    }
}

#[test]
fn a_survey_figure_kept_as_last_published_is_printed_with_its_date() {
    // A survey figure is recomputed only when enough responses changed; until then the last
    // published one is shown, and the reader must see which month it is from.
    let mut cur = common::current();
    let kept = cur.period.add_months(-2);
    for m in &mut cur.analyses.get_mut("engagement").unwrap().output.metrics {
        if m.value.is_some() {
            m.as_of = Some(kept);
        }
    }
    for (lang, words) in [(Language::En, "as of"), (Language::Nl, "stand")] {
        let markup = render(&cur, None, None, lang);
        let dated = format!("({words} {kept})");
        assert!(
            markup.contains(&dated),
            "{lang:?}: no '{dated}' in\n{markup}"
        );
        // A table row kept as a whole says so once, after the unit's name.
        for row in markup
            .lines()
            .filter(|l| l.starts_with('|') && l.contains(&dated))
        {
            assert_eq!(row.matches(&dated).count(), 1, "{row}");
        }
    }
}

#[test]
fn one_hidden_figure_family_does_not_hide_the_units_chart() {
    // Each family of figures has its own population: the organisation's open spells can be
    // hidden (too few people with an open spell) while its monthly rates are shown. The
    // monthly chart must still be drawn.
    let mut cur = common::current();
    for m in &mut cur
        .analyses
        .get_mut("sick_leave_roi")
        .unwrap()
        .output
        .metrics
    {
        if m.unit == "org" && m.metric == "absence_rate_12m_pct" {
            m.value = None;
            m.n = None;
            m.suppressed = true;
        }
    }
    let markup = render(&cur, None, None, Language::En);
    assert!(
        !markup.contains("Absence rate per month: no figures"),
        "{markup}"
    );
}

#[test]
fn a_hidden_12_month_rate_is_said_in_words_not_as_a_dash() {
    // The 12-month rate is hidden whenever one of its months is, while this month's rate can
    // be shown: the opening sentence must not print a dash in running text.
    let mut cur = common::current();
    for m in &mut cur
        .analyses
        .get_mut("sick_leave_roi")
        .unwrap()
        .output
        .metrics
    {
        if m.metric == "absence_rate_12m_pct" {
            m.value = None;
            m.n = None;
            m.suppressed = true;
        }
    }
    for (lang, words) in [
        (
            Language::En,
            "The rate over the last 12 months is not shown",
        ),
        (
            Language::Nl,
            "Het percentage over de afgelopen 12 maanden wordt niet getoond",
        ),
    ] {
        let markup = render(&cur, None, None, lang);
        assert!(markup.contains(words), "{lang:?}: {markup}");
    }
}
