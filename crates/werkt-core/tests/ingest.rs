//! Reading organisation directories: the data contract, the tolerated export quirks and one
//! test per validation rule, each asserting the exact message a user sees.

use std::path::{Path, PathBuf};

use werkt_core::config::{Config, DataConfig, LoadOptions};
use werkt_core::ingest::{self, RawFiles};
use werkt_model::{AbsenceReason, OrgForm};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn data_config() -> DataConfig {
    Config::builtin().unwrap().data
}

const ORG: &str = "id = \"acme\"\nname = \"Acme\"\n";
const UNITS: &str = "unit_id,name,parent_id\norg,Org,\na,A,org\nb,B,org\n";
const EMPLOYEES: &str = "employee_id,unit_id,fte,start_date,end_date\ne1,a,1,2025-01-01,\ne2,b,0.5,2025-01-01,2025-12-31\n";
const ABSENCE: &str =
    "employee_id,start_date,end_date,percentage,reason\ne1,2025-02-03,2025-02-04,100,sick\n";
const SURVEY: &str = "respondent_id,unit_id,date,uwes_1,uwes_2\nr1,a,2025-03-01,4,5\n";
const INTERVENTIONS: &str = "intervention_id,unit_id,name,start_date,investment,annual_cost,horizon_years\ni1,a,Coaching,2025-01-01,1000,100,3\n";

/// A valid organisation with some files replaced (an empty replacement text removes the file).
fn org_with(changes: &[(&str, &str)]) -> RawFiles {
    let mut files = vec![
        ("organisation.toml", ORG),
        ("units.csv", UNITS),
        ("employees.csv", EMPLOYEES),
        ("absence.csv", ABSENCE),
        ("survey.csv", SURVEY),
        ("interventions.csv", INTERVENTIONS),
    ];
    for (name, text) in changes {
        files.retain(|(n, _)| n != name);
        if *text != "<none>" {
            files.push((name, text));
        }
    }
    files
        .into_iter()
        .fold(RawFiles::new("org"), |raw, (n, t)| raw.with(n, t))
}

/// The errors reading `raw` gives, as shown to the user. Fails when it loads.
fn errors(raw: &RawFiles) -> Vec<String> {
    match ingest::parse(raw, &data_config()) {
        Ok(_) => panic!("expected errors, but the dataset loaded"),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    }
}

/// Asserts that the changed organisation is refused with exactly this message among its errors.
#[track_caller]
fn refused(changes: &[(&str, &str)], expected: &str) {
    refused_by(&data_config(), changes, expected);
}

/// `refused`, under the configuration `cfg`.
#[track_caller]
fn refused_by(cfg: &DataConfig, changes: &[(&str, &str)], expected: &str) {
    let found = match ingest::parse(&org_with(changes), cfg) {
        Ok(_) => panic!("expected errors, but the dataset loaded"),
        Err(d) => d.iter().map(ToString::to_string).collect::<Vec<_>>(),
    };
    assert!(
        found.iter().any(|e| e == expected),
        "expected\n  {expected}\namong\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn the_base_of_the_rule_tests_is_valid() {
    let loaded = ingest::parse(&org_with(&[]), &data_config()).unwrap();
    assert!(loaded.warnings.is_empty(), "{}", loaded.warnings);
    assert_eq!(loaded.dataset.units.len(), 3);
}

#[test]
fn a_valid_directory_loads_with_its_warning() {
    let loaded = ingest::load_organisation(&fixture("valid"), &data_config()).unwrap();
    let d = &loaded.dataset;
    assert_eq!(d.organisation.id, "acme");
    assert_eq!(d.organisation.name, "Acme Care");
    assert_eq!(d.organisation.org_form, Some(OrgForm::Divisional));
    assert_eq!(d.organisation.sector.as_deref(), Some("health care"));
    assert_eq!(d.units.len(), 4);
    assert_eq!(d.units[0].parent, None);
    assert_eq!(d.units[2].org_form, Some(OrgForm::Matrix));
    assert_eq!(d.employees.len(), 4);
    assert_eq!(d.employees[1].daily_cost, Some(300.0));
    assert_eq!(d.employees[1].end, Some("2025-06-30".parse().unwrap()));
    assert_eq!(d.employees[0].end, None);
    assert_eq!(d.absence.len(), 4);
    assert_eq!(d.absence[0].percentage, 100, "blank percentage means 100");
    assert_eq!(
        d.absence[0].reason,
        AbsenceReason::Sick,
        "blank reason means sick"
    );
    assert_eq!(d.absence[2].reason, AbsenceReason::Pregnancy);
    assert_eq!(d.absence[2].end, None);
    let survey = d.survey.as_ref().unwrap();
    assert_eq!(survey.items, ["uwes_1", "uwes_2", "uwes_3", "acap_acq_1"]);
    assert_eq!(
        survey.responses[0].answers,
        [Some(4), Some(5), None, Some(6)]
    );
    assert_eq!(d.interventions.len(), 2);
    assert_eq!(d.interventions[0].horizon_years, Some(3));
    assert_eq!(d.interventions[1].horizon_years, None);
    assert_eq!(d.interventions[1].investment, 5000.5);
    assert_eq!(
        d.interventions[1].performance_benefit_per_year,
        Some(1000.0)
    );
    assert_eq!(loaded.files.len(), 6);
    assert!(loaded.files[0].ends_with("organisation.toml"));

    // Warnings do not stop the run; this one: e3's sick leave starts before e3 was employed.
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    let file = fixture("valid").join("absence.csv");
    assert_eq!(
        warnings,
        [format!(
            "{}:5: warning: start_date: absence of employee e3 from 2025-02-20 to 2025-02-28 is outside every employment row of that employee; those days are ignored (2025-02-20)",
            file.display()
        )]
    );
}

#[test]
fn a_dutch_excel_export_with_bom_semicolons_crlf_and_mapped_columns_loads() {
    let cfg = Config::load(
        &LoadOptions::default()
            .with_override("data.columns.units.unit_id", "Afdelingscode")
            .with_override("data.columns.units.name", "Naam")
            .with_override("data.columns.units.parent_id", "Bovenliggende afdeling")
            .with_override("data.columns.employees.employee_id", "Personeelsnummer")
            .with_override("data.columns.employees.unit_id", "Afdelingscode")
            .with_override("data.columns.employees.fte", "Deeltijdfactor")
            .with_override("data.columns.employees.start_date", "Datum in dienst")
            .with_override("data.columns.employees.end_date", "Datum uit dienst")
            .with_override("data.columns.absence.employee_id", "Personeelsnummer")
            .with_override("data.columns.absence.start_date", "Eerste ziektedag")
            .with_override("data.columns.absence.end_date", "Laatste ziektedag")
            .with_override("data.columns.survey.respondent_id", "Respondent")
            .with_override("data.columns.survey.unit_id", "Afdelingscode")
            .with_override("data.columns.survey.date", "Datum")
            .with_override("data.columns.survey.uwes_1", "V1")
            .with_override("data.columns.survey.uwes_2", "V2"),
    )
    .unwrap();
    let loaded = ingest::load_organisation(&fixture("dutch-export"), &cfg.data).unwrap();
    let d = &loaded.dataset;
    assert!(loaded.warnings.is_empty(), "{}", loaded.warnings);
    assert_eq!(d.units[1].id, "team1");
    assert_eq!(d.units[1].parent.as_deref(), Some("org"));
    // Columns in another order, the header with spaces, a decimal comma, a quoted field and a
    // trailing line of empty fields.
    assert_eq!(d.employees.len(), 2);
    assert_eq!(d.employees[0].employee, "p1");
    assert_eq!(d.employees[0].fte, 0.8);
    assert_eq!(d.employees[1].fte, 1.0);
    assert_eq!(d.absence[0].percentage, 100);
    let survey = d.survey.as_ref().unwrap();
    assert_eq!(survey.items, ["uwes_1", "uwes_2"]);
    assert_eq!(survey.responses[0].answers, [Some(5), None]);
    assert!(d.interventions.is_empty());
}

#[test]
fn a_mapped_column_is_named_with_the_users_header() {
    let cfg = Config::load(
        &LoadOptions::default().with_override("data.columns.employees.fte", "Deeltijdfactor"),
    )
    .unwrap();
    let raw = org_with(&[(
        "employees.csv",
        "employee_id,unit_id,Deeltijdfactor,start_date,end_date\ne1,a,veel,2025-01-01,\n",
    )]);
    let e = ingest::parse(&raw, &cfg.data).unwrap_err();
    assert_eq!(
        e.to_string(),
        "org/employees.csv:2: fte (header \"Deeltijdfactor\"): is not a number (veel)\n"
    );
}

#[test]
fn a_broken_directory_lists_every_problem_with_file_and_line() {
    let dir = fixture("broken");
    let e = ingest::load_organisation(&dir, &data_config()).unwrap_err();
    let f = |name: &str| dir.join(name).display().to_string();
    let expected = [
        format!(
            "{}:4: unit_id: duplicate unit id: line 3 has it too (a)",
            f("units.csv")
        ),
        format!("{}:2: fte: is not a number (abc)", f("employees.csv")),
        format!(
            "{}:3: start_date: is not a calendar date (there is no such day) (2025-02-30)",
            f("employees.csv")
        ),
        format!(
            "{}:4: end_date: is before start_date 2025-01-01 (2024-12-31)",
            f("employees.csv")
        ),
        // The same problem in two rows: one message, with both.
        format!(
            "{}: percentage: 2 rows: must be a whole number from 1 to 100 (the incapacity in percent); e.g. line 3 (140), line 4 (0)",
            f("absence.csv")
        ),
        format!(
            "{}:4: reason: is not a known reason; use sick or pregnancy, or map your export's words in [data.absence.values.reason] (flu)",
            f("absence.csv")
        ),
    ];
    let warning = format!(
        "{}:2: warning: employee_id: no employee in employees.csv has this id; the row is left out (data.strict = true makes this an error) (e9)",
        f("absence.csv")
    );
    let shown: Vec<String> = e.iter().map(ToString::to_string).collect();
    assert!(shown.contains(&warning), "{}", shown.join("\n"));
    let shown: Vec<String> = e.errors().map(ToString::to_string).collect();
    for x in &expected {
        assert!(
            shown.contains(x),
            "missing\n  {x}\nin\n  {}",
            shown.join("\n  ")
        );
    }
    assert_eq!(
        e.error_count(),
        expected.len() + 1,
        "two rows in one message: {e}"
    );
    // Sorted by file, then line.
    let employee_lines: Vec<u64> = e
        .iter()
        .filter(|d| d.file.ends_with("employees.csv"))
        .filter_map(|d| d.line)
        .collect();
    assert_eq!(employee_lines, [2, 3, 4]);
}

// --- organisation.toml ------------------------------------------------------------------------

#[test]
fn organisation_toml_missing() {
    refused(
        &[("organisation.toml", "<none>")],
        "org/organisation.toml: is missing; every organisation directory needs one, with at least id = \"...\" and name = \"...\"",
    );
}

#[test]
fn organisation_toml_not_toml() {
    let found = errors(&org_with(&[(
        "organisation.toml",
        "id = \"acme\"\nname = Acme\n",
    )]));
    assert!(
        found[0].starts_with("org/organisation.toml:2: is not valid TOML: "),
        "{found:?}"
    );
}

#[test]
fn organisation_id_with_capitals_and_spaces() {
    refused(
        &[("organisation.toml", "name = \"Acme\"\nid = \"Acme Care\"\n")],
        "org/organisation.toml:2: id: must be lowercase letters, digits, '-' and '_', starting with a letter or digit ([a-z0-9][a-z0-9_-]*), because it becomes a directory name (Acme Care)",
    );
}

#[test]
fn organisation_id_missing() {
    refused(
        &[("organisation.toml", "name = \"Acme\"\n")],
        "org/organisation.toml: id: is missing; every organisation needs an id such as id = \"acme\" (it names the output directory)",
    );
}

#[test]
fn organisation_unknown_org_form() {
    refused(
        &[(
            "organisation.toml",
            "id = \"acme\"\norg_form = \"hierarchical\"\n",
        )],
        "org/organisation.toml:2: org_form: is not a known organisational form; use functional, divisional or matrix (hierarchical)",
    );
}

#[test]
fn organisation_unknown_key() {
    refused(
        &[("organisation.toml", "id = \"acme\"\nsize = 40\n")],
        "org/organisation.toml:2: size: unknown key; organisation.toml has id, name, org_form, sector",
    );
}

// --- units.csv --------------------------------------------------------------------------------

#[test]
fn units_duplicate_id() {
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id\norg,Org,\na,A,org\na,A2,org\n",
        )],
        "org/units.csv:4: unit_id: duplicate unit id: line 3 has it too (a)",
    );
}

#[test]
fn units_that_one_file_system_takes_for_one_name() {
    // Per-unit PDFs are units/<unit_id>.pdf: on Windows and macOS these would overwrite each
    // other.
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id\norg,Org,\na,A,org\nteam,T,org\nTEAM,T2,org\n",
        )],
        "org/units.csv:5: unit_id: unit id 'team' on line 4 names the same file on Windows and macOS (the ids differ only in upper and lower case, or in how an accented letter is encoded), so their per-unit reports would overwrite each other; rename one (TEAM)",
    );
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id\norg,Org,\na,A,org\ncaf\u{e9},T,org\ncafe\u{301},T2,org\n",
        )],
        "org/units.csv:5: unit_id: unit id 'caf\u{e9}' on line 4 names the same file on Windows and macOS (the ids differ only in upper and lower case, or in how an accented letter is encoded), so their per-unit reports would overwrite each other; rename one (cafe\\u{301})",
    );
}

#[test]
fn units_unknown_parent() {
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id\norg,Org,\na,A,org\nb,B,orgg\n",
        )],
        "org/units.csv:4: parent_id: no unit has this id (orgg)",
    );
}

#[test]
fn units_no_root() {
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id\norg,Org,a\na,A,org\nb,B,org\n",
        )],
        "org/units.csv: there is no root unit: exactly one unit, the whole organisation, must have an empty parent_id",
    );
}

#[test]
fn units_several_roots() {
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id\norg,Org,\na,A,org\nb,B,\n",
        )],
        "org/units.csv:4: parent_id: a second root unit: org (line 2) and b both have an empty parent_id; exactly one unit may be the root (empty)",
    );
}

#[test]
fn units_cycle_names_the_units() {
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id\norg,Org,\na,A,c\nb,B,a\nc,C,b\n",
        )],
        "org/units.csv:3: parent_id: the units a -> c -> b -> a form a cycle; every unit must lead up to the root (c)",
    );
}

#[test]
fn units_unknown_org_form() {
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id,org_form\norg,Org,,\na,A,org,flat\nb,B,org,\n",
        )],
        "org/units.csv:3: org_form: is not a known organisational form; use functional, divisional or matrix, or map your export's words in [data.units.values.org_form] (flat)",
    );
}

// --- employees.csv ----------------------------------------------------------------------------

fn employee_row(row: &str) -> String {
    format!(
        "employee_id,unit_id,fte,start_date,end_date,daily_cost\ne1,a,1,2025-01-01,,\ne2,b,1,2025-01-01,,\n{row}\n"
    )
}

#[test]
fn employees_unknown_unit() {
    refused(
        &[("employees.csv", &employee_row("e3,z,1,2025-01-01,,"))],
        "org/employees.csv:4: unit_id: no unit in units.csv has this id (z)",
    );
}

#[test]
fn employees_fte_not_a_number() {
    refused(
        &[("employees.csv", &employee_row("e3,a,full,2025-01-01,,"))],
        "org/employees.csv:4: fte: is not a number (full)",
    );
}

#[test]
fn employees_fte_nan() {
    refused(
        &[("employees.csv", &employee_row("e3,a,NaN,2025-01-01,,"))],
        "org/employees.csv:4: fte: is not a number (NaN)",
    );
}

#[test]
fn employees_fte_zero_or_negative() {
    let msg = "must be more than 0 and at most 1.5 (the part-time factor; 1 = full time)";
    refused(
        &[("employees.csv", &employee_row("e3,a,0,2025-01-01,,"))],
        &format!("org/employees.csv:4: fte: {msg} (0)"),
    );
    refused(
        &[("employees.csv", &employee_row("e3,a,-1,2025-01-01,,"))],
        &format!("org/employees.csv:4: fte: {msg} (-1)"),
    );
}

#[test]
fn employees_fte_above_one_and_a_half() {
    refused(
        &[("employees.csv", &employee_row("e3,a,1.6,2025-01-01,,"))],
        "org/employees.csv:4: fte: must be more than 0 and at most 1.5 (the part-time factor; 1 = full time) (1.6)",
    );
}

#[test]
fn employees_date_that_does_not_exist() {
    refused(
        &[("employees.csv", &employee_row("e3,a,1,2026-02-30,,"))],
        "org/employees.csv:4: start_date: is not a calendar date (there is no such day) (2026-02-30)",
    );
}

#[test]
fn employees_date_not_iso() {
    refused(
        &[("employees.csv", &employee_row("e3,a,1,01-02-2025,,"))],
        "org/employees.csv:4: start_date: is not a date written YYYY-MM-DD (01-02-2025)",
    );
}

#[test]
fn employees_start_date_missing() {
    refused(
        &[("employees.csv", &employee_row("e3,a,1,,,"))],
        "org/employees.csv:4: start_date: is empty; a date YYYY-MM-DD is required (empty)",
    );
}

#[test]
fn employees_end_before_start() {
    refused(
        &[(
            "employees.csv",
            &employee_row("e3,a,1,2025-03-01,2025-02-28,"),
        )],
        "org/employees.csv:4: end_date: is before start_date 2025-03-01 (2025-02-28)",
    );
}

#[test]
fn employees_overlapping_rows_name_both_lines() {
    refused(
        &[(
            "employees.csv",
            &employee_row("e1,b,0.5,2025-06-01,2025-06-30,"),
        )],
        "org/employees.csv:4: start_date: employee e1's employment rows on lines 2 and 4 overlap (2025-01-01 onwards and 2025-06-01 to 2025-06-30); one employee's rows must not overlap (2025-06-01)",
    );
}

#[test]
fn employees_daily_cost_negative() {
    refused(
        &[("employees.csv", &employee_row("e3,a,1,2025-01-01,,-250"))],
        "org/employees.csv:4: daily_cost: must not be negative (-250)",
    );
}

#[test]
fn employees_consecutive_rows_do_not_overlap() {
    let raw = org_with(&[(
        "employees.csv",
        "employee_id,unit_id,fte,start_date,end_date\ne1,a,1,2025-01-01,2025-03-31\ne1,b,0.8,2025-04-01,\ne2,b,1,2025-01-01,\n",
    )]);
    ingest::parse(&raw, &data_config()).unwrap();
}

// --- absence.csv ------------------------------------------------------------------------------

fn absence_row(row: &str) -> String {
    format!(
        "employee_id,start_date,end_date,percentage,reason\ne1,2025-02-03,2025-02-04,100,sick\n{row}\n"
    )
}

#[test]
fn absence_unknown_employee() {
    let row = absence_row("e7,2025-02-03,2025-02-04,100,sick");
    // By default the row is left out with a warning, counted for the report.
    let loaded = ingest::parse(&org_with(&[("absence.csv", &row)]), &data_config()).unwrap();
    assert_eq!(loaded.dataset.absence.len(), 1, "only e1's row is kept");
    assert_eq!(
        loaded.warnings.to_string(),
        "org/absence.csv:3: warning: employee_id: no employee in employees.csv has this id; the row is left out (data.strict = true makes this an error) (e7)\n"
    );
    assert_eq!(
        werkt_core::quality::summary(&loaded.warnings, werkt_model::Language::En),
        [
            "1 absence row names an employee who is not in the employment data; it was left out. Run \"werkt validate\" for the list."
        ]
    );
    // Strict: an error.
    refused_by(
        &strict(),
        &[("absence.csv", &row)],
        "org/absence.csv:3: employee_id: no employee in employees.csv has this id (e7)",
    );
}

fn strict() -> DataConfig {
    DataConfig {
        strict: true,
        ..data_config()
    }
}

#[test]
fn absence_percentage_zero_too_high_or_fractional() {
    for p in ["0", "140", "50.5", "half"] {
        refused(
            &[(
                "absence.csv",
                &absence_row(&format!("e1,2025-03-03,2025-03-04,{p},sick")),
            )],
            &format!(
                "org/absence.csv:3: percentage: must be a whole number from 1 to 100 (the incapacity in percent) ({p})"
            ),
        );
    }
}

#[test]
fn absence_unknown_reason() {
    refused(
        &[(
            "absence.csv",
            &absence_row("e1,2025-03-03,2025-03-04,100,holiday"),
        )],
        "org/absence.csv:3: reason: is not a known reason; use sick or pregnancy, or map your export's words in [data.absence.values.reason] (holiday)",
    );
}

#[test]
fn absence_end_before_start() {
    refused(
        &[(
            "absence.csv",
            &absence_row("e1,2025-03-03,2025-03-01,100,sick"),
        )],
        "org/absence.csv:3: end_date: is before start_date 2025-03-03 (2025-03-01)",
    );
}

#[test]
fn absence_duplicate_segment() {
    refused(
        &[("absence.csv", &absence_row("e1,2025-02-03,2025-02-04,100,"))],
        "org/absence.csv:3: start_date: the same absence as line 2 (same employee, dates, percentage and reason) (2025-02-03)",
    );
}

#[test]
fn absence_outside_employment_is_a_warning_only() {
    let raw = org_with(&[("absence.csv", &absence_row("e2,2025-12-20,,100,sick"))]);
    let loaded = ingest::parse(&raw, &data_config()).unwrap();
    let w: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        w,
        [
            "org/absence.csv:3: warning: start_date: absence of employee e2 from 2026-01-01 onwards is outside every employment row of that employee; those days are ignored (2025-12-20)"
        ]
    );
    assert_eq!(loaded.dataset.absence.len(), 2);
}

// --- survey.csv -------------------------------------------------------------------------------

#[test]
fn survey_unknown_unit() {
    refused(
        &[(
            "survey.csv",
            "respondent_id,unit_id,date,uwes_1\nr1,zz,2025-03-01,3\n",
        )],
        "org/survey.csv:2: unit_id: no unit in units.csv has this id (zz)",
    );
}

#[test]
fn survey_unknown_item_column() {
    let survey = "respondent_id,unit_id,date,uwes_1,Q7\nr1,a,2025-03-01,3,4\n";
    let loaded = ingest::parse(&org_with(&[("survey.csv", survey)]), &data_config()).unwrap();
    assert_eq!(loaded.dataset.survey.unwrap().items, ["uwes_1"]);
    assert_eq!(
        loaded.warnings.to_string(),
        "org/survey.csv:1: warning: Q7: not a survey item: no scale prefix (acap_, cc_, uwes_) matches it; it is not used (add it to data.survey.ignore to say so, and this warning goes); an item column needs a mapping in [data.columns.survey] or its scale in [data.survey.scales]\n"
    );
    assert!(
        werkt_core::quality::summary(&loaded.warnings, werkt_model::Language::En).is_empty(),
        "an unused column changes no figure, so the report does not mention it"
    );
    refused_by(
        &strict(),
        &[("survey.csv", survey)],
        "org/survey.csv:1: Q7: not a survey item: no scale prefix (acap_, cc_, uwes_) matches it; data.strict is on, so it is an error; remove the column, or add it to data.survey.ignore; an item column needs a mapping in [data.columns.survey] or its scale in [data.survey.scales]",
    );
}

#[test]
fn survey_answer_outside_the_scale() {
    refused(
        &[(
            "survey.csv",
            "respondent_id,unit_id,date,uwes_1,acap_acq_1\nr1,a,2025-03-01,7,0\n",
        )],
        "org/survey.csv:2: uwes_1: is outside the range of answers on the scale uwes_ (0 to 6) (7)",
    );
    refused(
        &[(
            "survey.csv",
            "respondent_id,unit_id,date,uwes_1,acap_acq_1\nr1,a,2025-03-01,6,0\n",
        )],
        "org/survey.csv:2: acap_acq_1: is outside the range of answers on the scale acap_ (1 to 7) (0)",
    );
}

#[test]
fn survey_answer_not_a_whole_number() {
    refused(
        &[(
            "survey.csv",
            "respondent_id,unit_id,date,uwes_1\nr1,a,2025-03-01,3.5\n",
        )],
        "org/survey.csv:2: uwes_1: is not a whole number; answers are whole numbers on the scale uwes_ (0 to 6) (3.5)",
    );
}

#[test]
fn survey_bad_date() {
    refused(
        &[(
            "survey.csv",
            "respondent_id,unit_id,date,uwes_1\nr1,a,2025-13-01,3\n",
        )],
        "org/survey.csv:2: date: is not a calendar date (there is no such day) (2025-13-01)",
    );
}

#[test]
fn survey_duplicate_respondent_and_date() {
    refused(
        &[(
            "survey.csv",
            "respondent_id,unit_id,date,uwes_1\nr1,a,2025-03-01,3\nr2,a,2025-03-01,3\nr1,b,2025-03-01,4\n",
        )],
        "org/survey.csv:4: respondent_id: respondent r1 answered twice on 2025-03-01 (lines 2 and 4) (r1)",
    );
}

#[test]
fn survey_scales_come_from_the_configuration() {
    let cfg =
        Config::load(&LoadOptions::default().with_override("data.survey.scales.q_", "[1, 5]"))
            .unwrap();
    let raw = org_with(&[(
        "survey.csv",
        "respondent_id,unit_id,date,q_1\nr1,a,2025-03-01,5\n",
    )]);
    let loaded = ingest::parse(&raw, &cfg.data).unwrap();
    assert_eq!(loaded.dataset.survey.unwrap().items, ["q_1"]);
}

// --- interventions.csv ------------------------------------------------------------------------

fn intervention_row(row: &str) -> String {
    format!("{}{row}\n", INTERVENTIONS)
}

#[test]
fn interventions_duplicate_id() {
    refused(
        &[(
            "interventions.csv",
            &intervention_row("i1,b,Other,2025-01-01,0,0,1"),
        )],
        "org/interventions.csv:3: intervention_id: duplicate intervention id: line 2 has it too (i1)",
    );
}

#[test]
fn interventions_unknown_unit() {
    refused(
        &[(
            "interventions.csv",
            &intervention_row("i2,zz,Other,2025-01-01,0,0,1"),
        )],
        "org/interventions.csv:3: unit_id: no unit in units.csv has this id (zz)",
    );
}

#[test]
fn interventions_negative_money() {
    refused(
        &[(
            "interventions.csv",
            &intervention_row("i2,a,Other,2025-01-01,-5,0,1"),
        )],
        "org/interventions.csv:3: investment: must not be negative (-5)",
    );
    refused(
        &[(
            "interventions.csv",
            &intervention_row("i2,a,Other,2025-01-01,5,-1,1"),
        )],
        "org/interventions.csv:3: annual_cost: must not be negative (-1)",
    );
}

#[test]
fn interventions_horizon_zero_or_fractional() {
    for h in ["0", "2.5", "-1"] {
        refused(
            &[(
                "interventions.csv",
                &intervention_row(&format!("i2,a,Other,2025-01-01,5,1,{h}")),
            )],
            &format!(
                "org/interventions.csv:3: horizon_years: must be a whole number of years, 1 or more ({h})"
            ),
        );
    }
}

// --- files and columns ------------------------------------------------------------------------

#[test]
fn missing_required_column() {
    refused(
        &[(
            "employees.csv",
            "employee_id,unit_id,start_date,end_date\ne1,a,2025-01-01,\n",
        )],
        "org/employees.csv:1: fte: required column is missing; the header line has: employee_id, unit_id, start_date, end_date. Map the export's headers in [data.columns.employees], or run `werkt init --from DIR` to have the mapping written",
    );
}

#[test]
fn several_missing_columns_are_one_message_without_unknown_column_warnings() {
    let e = errors(&org_with(&[(
        "employees.csv",
        "Personeelsnummer,Afdeling,fte,start_date,end_date\ne1,a,1,2025-01-01,\n",
    )]));
    assert_eq!(
        e,
        [
            "org/employees.csv:1: 2 required columns are missing (employee_id, unit_id); the header line has: Personeelsnummer, Afdeling, fte, start_date, end_date. Map the export's headers in [data.columns.employees], or run `werkt init --from DIR` to have the mapping written"
        ]
    );
}

#[test]
fn unknown_column_in_a_non_survey_file() {
    let employees = "employee_id,unit_id,fte,start_date,end_date,Afdeling\ne1,a,1,2025-01-01,,x\n";
    let loaded = ingest::parse(&org_with(&[("employees.csv", employees)]), &data_config()).unwrap();
    assert_eq!(
        loaded.warnings.to_string(),
        "org/employees.csv:1: warning: Afdeling: unknown column; it is not used (add it to data.employees.ignore to say so, and this warning goes). The columns of the employees table are employee_id, unit_id, fte, start_date, end_date, daily_cost (map differently named headers in [data.columns.employees])\n"
    );
    let mut ignoring = data_config();
    ignoring.employees.ignore = vec!["afdeling".into()];
    let loaded = ingest::parse(&org_with(&[("employees.csv", employees)]), &ignoring).unwrap();
    assert!(loaded.warnings.is_empty(), "{}", loaded.warnings);
    refused_by(
        &strict(),
        &[("employees.csv", employees)],
        "org/employees.csv:1: Afdeling: unknown column; data.strict is on, so it is an error; remove the column, or add it to data.employees.ignore. The columns of the employees table are employee_id, unit_id, fte, start_date, end_date, daily_cost (map differently named headers in [data.columns.employees])",
    );
}

#[test]
fn a_column_twice_in_the_header() {
    refused(
        &[("units.csv", "unit_id,name,parent_id,Name\norg,Org,,x\n")],
        "org/units.csv:1: the header has this column twice (columns 2 and 4) (Name)",
    );
}

#[test]
fn a_row_with_the_wrong_number_of_fields() {
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id\norg,Org,\na,A,org\nb,\"B, the second\",org,x\n",
        )],
        "org/units.csv:4: has 4 fields but the header has 3; check the quotes and delimiters on this line",
    );
}

#[test]
fn required_file_missing() {
    refused(
        &[("absence.csv", "<none>")],
        "org/absence.csv: is missing; it is required, with the header line employee_id,start_date,end_date,percentage,reason (a workbook of the same name, .xlsx, .xlsm, .xlsb, .xls or .ods, does too; exports with other names are set in data.absence.file)",
    );
}

#[test]
fn required_file_empty() {
    refused(
        &[("employees.csv", "")],
        "org/employees.csv: is empty; it needs at least the header line: employee_id,unit_id,fte,start_date,end_date",
    );
    refused(
        &[("units.csv", "unit_id,name,parent_id\r\n")],
        "org/units.csv: has no rows; it needs at least the root unit, the whole organisation",
    );
    refused(
        &[(
            "employees.csv",
            "employee_id,unit_id,fte,start_date,end_date\n",
        )],
        "org/employees.csv: has no rows; it needs at least one employment row",
    );
}

#[test]
fn optional_files_may_be_absent_and_absence_may_be_empty() {
    let raw = org_with(&[
        ("survey.csv", "<none>"),
        ("interventions.csv", "<none>"),
        ("absence.csv", "employee_id,start_date,end_date\n"),
    ]);
    let d = ingest::parse(&raw, &data_config()).unwrap().dataset;
    assert!(d.survey.is_none() && d.interventions.is_empty() && d.absence.is_empty());
}

#[test]
fn text_that_is_not_utf8_is_read_as_windows_1252_and_said() {
    let raw = org_with(&[]).with(
        "units.csv",
        b"unit_id,name,parent_id\norg,Org,\na,Caf\xE9,org\nb,B,org\n".to_vec(),
    );
    let loaded = ingest::parse(&raw, &data_config()).unwrap();
    assert_eq!(loaded.dataset.units[1].name, "Café");
    assert_eq!(
        loaded.warnings.to_string(),
        "org/units.csv: warning: is not UTF-8; read as Windows-1252. If letters such as ë or € look wrong in the report, set encoding in [data.units]\n"
    );
    // Said to be UTF-8, it is refused at its line.
    let mut utf8 = data_config();
    utf8.units.encoding = werkt_core::config::Encoding::Utf8;
    let e = ingest::parse(&raw, &utf8).unwrap_err();
    assert_eq!(
        e.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "org/units.csv:3: is not valid UTF-8 text (byte 0xE9); set its encoding (e.g. encoding = \"windows-1252\" in its [data.<table>] section), or save the file as UTF-8 (in Excel: \"CSV UTF-8\")"
        ]
    );
}

#[test]
fn binary_garbage_never_panics() {
    // A fixed pseudo-random byte stream in every file: whatever it is, an error, not a panic.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for round in 0..200 {
        let mut raw = RawFiles::new("org");
        for name in [
            "organisation.toml",
            "units.csv",
            "employees.csv",
            "absence.csv",
            "survey.csv",
            "interventions.csv",
        ] {
            let len = (next() % 400) as usize;
            // Half of the rounds printable garbage, so the CSV and TOML parsers get exercised too.
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let b = next() as u8;
                    const PRINTABLE: &[u8] = b"ab,;\"\n\r1-0. =[";
                    if round % 2 == 0 {
                        PRINTABLE[b as usize % PRINTABLE.len()]
                    } else {
                        b
                    }
                })
                .collect();
            raw = raw.with(name, bytes);
        }
        let result = ingest::parse(&raw, &data_config());
        if let Err(d) = result {
            assert!(d.has_errors());
            let _ = d.to_string();
        }
    }
}

#[test]
fn the_list_stops_at_max_errors_and_counts_the_rest() {
    let mut rows =
        String::from("employee_id,unit_id,fte,start_date,end_date\ne1,a,1,2025-01-01,\n");
    // Twelve different problems (the same problem in many rows is one message, see below).
    for i in 0..12 {
        rows.push_str(&format!("x{i},a,1,2025-01-{:02},2024-12-01\n", i + 1));
    }
    let mut cfg = data_config();
    cfg.max_errors = 5;
    let e = ingest::parse(&org_with(&[("employees.csv", &rows)]), &cfg).unwrap_err();
    assert_eq!(e.error_count(), 12);
    assert_eq!(e.errors().count(), 5);
    assert!(
        e.to_string()
            .ends_with("... and 7 more errors (data.max_errors = 5 limits the list)\n"),
        "{e}"
    );
}

// --- discovery --------------------------------------------------------------------------------

#[test]
fn discover_takes_organisations_and_directories_of_them() {
    let root = tempfile::tempdir().unwrap();
    for name in ["b-org", "a-org"] {
        std::fs::create_dir(root.path().join(name)).unwrap();
        std::fs::write(
            root.path().join(name).join("organisation.toml"),
            "id = \"x\"\n",
        )
        .unwrap();
    }
    std::fs::create_dir(root.path().join("not-an-org")).unwrap();
    let found = ingest::discover(&[root.path().to_path_buf()]).unwrap();
    assert_eq!(
        found,
        [root.path().join("a-org"), root.path().join("b-org")]
    );
    let single = ingest::discover(&[root.path().join("b-org"), root.path().to_path_buf()]).unwrap();
    assert_eq!(
        single,
        [root.path().join("b-org"), root.path().join("a-org")],
        "duplicates dropped, first kept"
    );
    let e = ingest::discover(&[root.path().join("not-an-org")]).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: no organisation here: neither it nor its subdirectories have an organisation.toml",
            root.path().join("not-an-org").display()
        )
    );
    assert!(
        ingest::discover(&[root.path().join("missing")])
            .unwrap_err()
            .to_string()
            .ends_with(": no such directory")
    );
    assert!(ingest::discover(&[]).is_err());
    let file = root.path().join("a-org/organisation.toml");
    assert_eq!(
        ingest::discover(std::slice::from_ref(&file))
            .unwrap_err()
            .to_string(),
        format!(
            "{}: is a file, not a directory; give the organisation's directory (the one holding organisation.toml)",
            file.display()
        )
    );
}

#[test]
fn the_bundled_example_organisations_load_without_errors() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let orgs = ingest::discover(&[examples]).unwrap();
    assert!(!orgs.is_empty());
    for org in orgs {
        match ingest::load_organisation(&org, &data_config()) {
            Ok(loaded) => assert!(!loaded.dataset.employees.is_empty()),
            Err(d) => panic!("{}:\n{d}", org.display()),
        }
    }
}

#[test]
fn survey_item_named_twice_through_the_mapping() {
    let cfg =
        Config::load(&LoadOptions::default().with_override("data.columns.survey.uwes_1", "V1"))
            .unwrap();
    let raw = org_with(&[(
        "survey.csv",
        "respondent_id,unit_id,date,uwes_1,V1\nr1,a,2025-03-01,3,4\n",
    )]);
    let e = ingest::parse(&raw, &cfg.data).unwrap_err();
    assert_eq!(
        e.to_string(),
        "org/survey.csv:1: columns 4 and 5 are both the survey item uwes_1; check [data.columns.survey] (V1)\n"
    );
}

#[test]
fn lines_are_physical_lines_even_after_a_quoted_line_break() {
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id\r\norg,\"Org,\r\nthe whole\",\r\na,A,org\r\nb,B,nope\r\n",
        )],
        "org/units.csv:5: parent_id: no unit has this id (nope)",
    );
}

#[test]
fn old_mac_line_ends_and_a_header_with_a_bom_and_spaces() {
    let raw = org_with(&[(
        "units.csv",
        "\u{feff} unit_id ; name ; parent_id \rorg;Org;\ra;A;org\rb;B;org\r",
    )]);
    let d = ingest::parse(&raw, &data_config()).unwrap().dataset;
    assert_eq!(d.units.len(), 3);
    assert_eq!(d.units[1].parent.as_deref(), Some("org"));
}

#[test]
fn lines_count_blank_lines_too() {
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id\r\n\r\norg,Org,\r\n,,\r\nb,B,nope\r\n",
        )],
        "org/units.csv:5: parent_id: no unit has this id (nope)",
    );
    refused(
        &[(
            "units.csv",
            "unit_id,name,parent_id\n\norg,Org,\n,,\nb,B,nope\n",
        )],
        "org/units.csv:5: parent_id: no unit has this id (nope)",
    );
}

/// A copy of the valid fixture in a temporary directory, to break one file of.
fn valid_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(fixture("valid")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), tmp.path().join(e.file_name())).unwrap();
    }
    tmp
}

fn load_errors(dir: &Path, cfg: &DataConfig) -> Vec<String> {
    match ingest::load_organisation(dir, cfg) {
        Ok(_) => panic!("expected errors, but the dataset loaded"),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn an_input_file_larger_than_the_limit_is_refused_unread() {
    let tmp = valid_copy();
    let path = tmp.path().join("absence.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    while text.len() <= 1 << 20 {
        text.push_str(&"\n".repeat(4096));
    }
    std::fs::write(&path, text).unwrap();
    let mut cfg = data_config();
    cfg.max_file_mb = 1;
    let errors = load_errors(tmp.path(), &cfg);
    assert!(
        errors.iter().any(
            |e| e.contains("absence.csv") && e.contains("larger than 1 MiB (data.max_file_mb)")
        ),
        "{errors:?}"
    );
    // The default limit reads it.
    ingest::load_organisation(tmp.path(), &data_config()).unwrap();
}

#[cfg(unix)]
#[test]
fn an_input_that_is_a_link_to_a_device_is_refused_unread() {
    // absence.csv as a link to /dev/urandom took the process to 24 GB before the kernel
    // killed it.
    let tmp = valid_copy();
    let path = tmp.path().join("absence.csv");
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", &path).unwrap();
    let errors = load_errors(tmp.path(), &data_config());
    assert!(
        errors
            .iter()
            .any(|e| e.contains("absence.csv") && e.contains("is not a regular file")),
        "{errors:?}"
    );
    // organisation.toml, read alone to select organisations by id, is guarded the same way.
    let org = tmp.path().join("organisation.toml");
    std::fs::remove_file(&org).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &org).unwrap();
    let e = ingest::read_organisation(tmp.path()).unwrap_err();
    assert!(e.to_string().contains("is not a regular file"), "{e}");
}

#[cfg(unix)]
#[test]
fn an_input_that_is_a_fifo_is_refused_without_waiting_for_a_writer() {
    let tmp = valid_copy();
    let path = tmp.path().join("survey.csv");
    std::fs::remove_file(&path).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&path).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available here");
        return;
    }
    let errors = load_errors(tmp.path(), &data_config());
    assert!(
        errors
            .iter()
            .any(|e| e.contains("survey.csv") && e.contains("is not a regular file")),
        "{errors:?}"
    );
}

#[test]
fn more_units_than_the_limit_are_refused_naming_the_key() {
    let mut cfg = data_config();
    cfg.max_units = 2;
    let errors = match ingest::parse(&org_with(&[]), &cfg) {
        Ok(_) => panic!("three units are more than two"),
        Err(d) => d.iter().map(ToString::to_string).collect::<Vec<_>>(),
    };
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("org/units.csv: has 3 units, more than data.max_units = 2")),
        "{errors:?}"
    );
    assert!(ingest::parse(&org_with(&[]), &data_config()).is_ok());
}
