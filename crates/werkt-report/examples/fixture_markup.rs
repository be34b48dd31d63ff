//! Prints the report markup of the test fixture: `cargo run -p werkt-report --example
//! fixture_markup -- nl [unit]`. Handy for looking at what the templates produce.

#[path = "../tests/common/mod.rs"]
mod common;

use werkt_model::{Language, OrgForm, Organisation};
use werkt_report::{ReportContext, Templates};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let lang = match args.next().as_deref() {
        Some("nl") => Language::Nl,
        _ => Language::En,
    };
    let (cur, prev, units) = (common::current(), common::previous(), common::units());
    let templates = Templates::load(&common::templates_dir(), "monthly")?;
    let mut ctx = ReportContext::new(&cur, lang);
    ctx.units = &units;
    ctx.previous = Some(&prev);
    ctx.unit_filter = args.next();
    ctx.organisation = Organisation {
        id: "demo".into(),
        name: "Zorggroep Demo".into(),
        org_form: Some(OrgForm::Functional),
        sector: None,
    };
    ctx.subject_names
        .insert("int1".into(), "Werkdruk aanpakken".into());
    print!("{}", templates.render(&ctx)?);
    Ok(())
}
