//! `init --from`'s recognition on exports other than the Dutch fixtures: English headers, a
//! UTF-16 tab-separated "Unicode text" export, fte in percent, day-first dates that could be
//! either way round, and a survey whose items have their own names.

use std::collections::BTreeMap;

use werkt_core::config::{EndDate, FteScale};
use werkt_core::ingest::recognise::recognise;

fn scales() -> BTreeMap<String, [i64; 2]> {
    werkt_core::config::Config::builtin()
        .unwrap()
        .data
        .survey
        .scales
}

fn utf16(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    bytes
}

#[test]
fn english_exports_with_their_own_quirks() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    w(
        "departments.csv",
        b"Department code,Department name,Parent unit\norg,Whole,\na,Ward A,org\n",
    );
    // Excel's "Unicode text": UTF-16 with its mark, tab-separated.
    w(
        "staff.txt",
        &utf16(
            "Employee number\tDepartment\tFTE\tHire date\tTermination date\r\ne1\ta\t80\t03/04/2020\t\r\ne2\ta\t100\t01/02/2021\t05/06/2024\r\n",
        ),
    );
    w(
        "absence_2026-11.csv",
        b"Employee number,First sick day,Last sick day,Reason\ne1,03/05/2025,04/05/2025,Illness\n",
    );
    w(
        "survey.csv",
        b"Respondent,Team,Date,Q1,Q2\nr1,a,2025-03-01,4,5\n",
    );
    let r = recognise(dir.path(), 16, &scales()).unwrap();
    let found: Vec<(&str, &str)> = r
        .tables
        .iter()
        .map(|t| (t.spec.name, t.file.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("units", "departments.csv"),
            ("employees", "staff.txt"),
            ("absence", "absence_2026-11.csv")
        ]
    );
    assert!(!r.dutch);
    let employees = &r.tables[1];
    assert_eq!(employees.profile.fte_scale, FteScale::Percent);
    assert_eq!(employees.profile.date_format, "DD/MM/YYYY");
    let absence = &r.tables[2];
    assert_eq!(absence.profile.file, ["absence_*.csv"]);
    assert_eq!(
        absence.profile.end_date,
        EndDate::LastDay,
        "a last sick day, not a return date"
    );
    assert_eq!(absence.profile.values["reason"]["Illness"], "sick");
    let unresolved = r.unresolved.join("\n");
    // No day above 12: day-first was assumed, and said.
    assert!(
        unresolved.contains("absence: no date in absence_2026-11.csv has a day above 12, so they read as DD/MM/YYYY and as MM/DD/YYYY alike; DD/MM/YYYY was set: check data.absence.date_format"),
        "{unresolved}"
    );
    assert!(
        unresolved.contains("survey: an export has the respondent, unit and date columns, but no column starts with a scale prefix (acap_, cc_, uwes_); map each item column in [data.columns.survey] (e.g. uwes_1 = \"Q1\")"),
        "{unresolved}"
    );
    // The written configuration loads.
    let toml = r.config_toml("exports", "");
    let file = dir.path().join("werkt.toml");
    std::fs::write(&file, &toml).unwrap();
    werkt_core::config::Config::load(&werkt_core::config::LoadOptions::new(Some(file)))
        .unwrap_or_else(|e| panic!("{e}\n{toml}"));
}

#[test]
fn a_directory_without_an_employees_export_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.csv"), "a,b\n1,2\n").unwrap();
    let r = recognise(dir.path(), 16, &scales()).unwrap();
    assert!(r.tables.is_empty());
    assert!(
        r.unresolved.iter().any(|u| u.starts_with(
            "no export has the columns of the employees table (employee_id, unit_id, fte, start_date, end_date)"
        )),
        "{:?}",
        r.unresolved
    );
}
