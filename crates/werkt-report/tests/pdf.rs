//! The fixture's markup goes through werkt-render: the two crates agree on the markup format
//! (fence names, JSON fields, tables), and the laid-out pages carry the figures as text.
//! Set WERKT_REPORT_PDF_DIR to keep the PDFs for looking at them (pdftoppm -png -r 60 ...).

mod common;

use werkt_model::{Language, OrgForm, Organisation};
use werkt_render::{DocumentOptions, FontOptions, Item, Labels, Renderer};
use werkt_report::{ReportContext, Templates};

fn markup(lang: Language, unit: Option<&str>) -> String {
    let (cur, prev, units) = (common::current(), common::previous(), common::units());
    let t = Templates::load(&common::templates_dir(), "monthly").unwrap();
    let mut ctx = ReportContext::new(&cur, lang);
    ctx.units = &units;
    ctx.previous = Some(&prev);
    ctx.unit_filter = unit.map(str::to_string);
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
    t.render(&ctx).unwrap()
}

fn options(lang: Language) -> DocumentOptions {
    DocumentOptions {
        title: "Zorggroep Demo — 2026-10".into(),
        author: "werkt".into(),
        language: lang.code().into(),
        header: "Zorggroep Demo — 2026-10".into(),
        footer: "Zorggroep Demo".into(),
        labels: match lang {
            Language::En => Labels::english(),
            Language::Nl => Labels::dutch(),
        },
        ..DocumentOptions::default()
    }
}

#[test]
fn fixture_report_lays_out_and_renders_in_both_languages() {
    let renderer = Renderer::new(&FontOptions::default()).unwrap();
    for (lang, unit, figure, heading) in [
        (Language::En, None, "4.3%", "Methods"),
        (Language::Nl, None, "4,3%", "Werkwijze"),
        (Language::Nl, Some("care"), "3,5%", "Werkwijze"),
    ] {
        let markup = markup(lang, unit);
        let opts = options(lang);
        let layout = renderer
            .layout(&markup, &opts)
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let text: Vec<&str> = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            layout.pages.len() >= 4,
            "{lang:?}: {} pages",
            layout.pages.len()
        );
        assert!(text.contains(&figure), "{lang:?}: {figure} not on any page");
        assert!(
            text.iter().any(|t| t.contains(heading)),
            "{lang:?}: {heading}"
        );
        if unit.is_none() {
            assert!(
                text.iter().any(|t| t.contains("| a | b |")),
                "{lang:?}: hostile name printed as text"
            );
        }
        for t in common::TELL_TALES {
            assert!(!text.iter().any(|x| x.contains(t)), "{lang:?}: {t}");
        }
        let pdf = renderer.emit(&layout, &opts).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        if let Ok(dir) = std::env::var("WERKT_REPORT_PDF_DIR") {
            let name = format!(
                "fixture-{}{}.pdf",
                lang.code(),
                unit.map(|u| format!("-{u}")).unwrap_or_default()
            );
            std::fs::write(std::path::Path::new(&dir).join(name), &pdf).unwrap();
        }
    }
}
