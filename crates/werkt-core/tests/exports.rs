//! Exports as HR systems write them (tests/fixtures/exports: a workbook with a title above its
//! header, an OpenDocument sheet, Windows-1252 `;` text with DD-MM-YYYY dates, return dates,
//! Dutch words and amounts), read through input profiles: the same dataset as werkt's plain
//! files of the same organisation, and problems named by sheet and cell.

use std::path::{Path, PathBuf};

use werkt_core::config::{Config, DataConfig, Headers, LoadOptions};
use werkt_core::ingest::{self, RawFiles};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The input profiles that read the fixture exports, as a user (or `werkt init --from`)
/// writes them.
const PROFILES: &str = include_str!("fixtures/exports-profiles.toml");

fn config(extra: &str) -> DataConfig {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("werkt.toml");
    std::fs::write(&file, format!("{PROFILES}\n{extra}")).unwrap();
    Config::load(&LoadOptions::new(Some(file))).unwrap().data
}

/// The files of a directory, and the example's organisation.toml.
fn raw(dir: &Path) -> RawFiles {
    let mut raw = RawFiles::new("org").with(
        "organisation.toml",
        std::fs::read(root().join("examples/zorgcentrum-rivierzicht/organisation.toml")).unwrap(),
    );
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().into_string().unwrap();
        if name != "organisation.toml" {
            raw = raw.with(&name, std::fs::read(e.path()).unwrap());
        }
    }
    raw
}

fn exports() -> RawFiles {
    raw(&root().join("tests/fixtures/exports/zorgcentrum-rivierzicht"))
}

#[test]
fn the_exports_are_the_same_dataset_as_the_plain_files() {
    let from_exports = ingest::parse(&exports(), &config("")).unwrap();
    let plain = Config::builtin().unwrap().data;
    let from_plain = ingest::parse(
        &raw(&root().join("examples/zorgcentrum-rivierzicht")),
        &plain,
    )
    .unwrap();
    assert_eq!(from_exports.dataset, from_plain.dataset);
    assert!(from_plain.dataset.absence.len() > 300);
    // Windows-1252 was set, so nothing was guessed; the extra columns are ignored by name.
    assert!(
        from_exports.warnings.is_empty(),
        "{}",
        from_exports.warnings
    );
}

#[test]
fn a_problem_in_a_workbook_is_named_by_sheet_and_cell_once_per_column() {
    // The job title where the daily cost belongs: every row is wrong the same way.
    let mut cfg = config("");
    cfg.columns
        .employees
        .insert("daily_cost".into(), Headers::One("Functie".into()));
    cfg.employees.ignore = vec!["Naam".into(), "Dagloon".into()];
    let e = ingest::parse(&exports(), &cfg).unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.starts_with("org/Personeel export november 2026.xlsx:Blad1: daily_cost (header \"Functie\"): 129 rows: is not a number; e.g. H4 ("),
        "{shown}"
    );
    assert_eq!(e.errors().count(), 1, "{shown}");
}

#[test]
fn dates_in_another_layout_say_which_setting_reads_them() {
    // The absence export without its date_format: every date is DD-MM-YYYY.
    let mut cfg = config("");
    cfg.absence.date_format = "YYYY-MM-DD".into();
    let e = ingest::parse(&exports(), &cfg).unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.contains("org/Verzuim_2026-11.csv: start_date (header \"Eerste ziektedag\"): 312 rows: is not a date written YYYY-MM-DD; every date in this column fits DD-MM-YYYY: set data.absence.date_format = \"DD-MM-YYYY\"; e.g. line 2 ("),
        "{shown}"
    );
    // One message per column, not 600 lines: the rest of the problems still fit the list.
    assert!(e.iter().count() <= 4, "{shown}");
}

#[test]
fn title_lines_above_the_header_are_passed_over_in_text_too() {
    let plain = Config::builtin().unwrap().data;
    let units = "Afdelingen per 1 december 2026\n\nunit_id,name,parent_id\norg,Org,\na,A,org\n";
    let r = raw(&root().join("examples/zorgcentrum-rivierzicht")).with("units.csv", units);
    // The example's employees name units that this short list lacks; only the units matter.
    let e = ingest::parse(&r, &plain).unwrap_err();
    assert!(
        !e.to_string().contains("units.csv:1"),
        "the title line is no header: {e}"
    );
    assert!(e.to_string().contains("employees.csv"), "{e}");
}

/// An organisation from the plain example with its employees as a workbook `book`.
fn with_employees_workbook(book: &mut rust_xlsxwriter::Workbook) -> RawFiles {
    let bytes = book.save_to_buffer().unwrap();
    let mut r = raw(&root().join("examples/zorgcentrum-rivierzicht"));
    r.files.remove("employees.csv");
    r.with("employees.xlsx", bytes)
}

/// The example's first employees, as a sheet: a title, then the header in row 3.
fn employees_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    fte_header: &str,
    start: impl Fn(&mut rust_xlsxwriter::Worksheet, u32),
) {
    sheet.write(0, 0, "Personeel").unwrap();
    for (c, h) in [
        "employee_id",
        "unit_id",
        fte_header,
        "start_date",
        "end_date",
    ]
    .iter()
    .enumerate()
    {
        sheet.write(2, c as u16, *h).unwrap();
    }
    let text =
        std::fs::read_to_string(root().join("examples/zorgcentrum-rivierzicht/employees.csv"))
            .unwrap();
    for (i, line) in text.lines().skip(1).enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        let row = 3 + i as u32;
        sheet.write(row, 0, f[0]).unwrap();
        sheet.write(row, 1, f[1]).unwrap();
        sheet.write(row, 2, f[2].parse::<f64>().unwrap()).unwrap();
        start(sheet, row);
        if !f[4].is_empty() {
            sheet.write(row, 4, f[4]).unwrap();
        }
    }
}

#[test]
fn workbook_rows_without_a_cell_and_number_cells_where_dates_belong() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Blad1").unwrap();
    employees_sheet(sheet, "fte", |s, row| {
        // 20210625 is a number, not a date: what a system writes when it drops the format.
        s.write(row, 3, 20_210_625.0).unwrap();
    });
    let e = ingest::parse(
        &with_employees_workbook(&mut book),
        &Config::builtin().unwrap().data,
    )
    .unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.contains("org/employees.xlsx:Blad1: start_date: 129 rows: is a number, not a date: give the column date cells, or text in the layout of data.employees.date_format; e.g. D4 (20210625)"),
        "{shown}"
    );
}

#[test]
fn a_wrong_mapping_is_reported_on_the_header_below_a_title() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Blad1").unwrap();
    employees_sheet(sheet, "Deeltijd", |s, row| {
        s.write(row, 3, "2021-06-25").unwrap();
    });
    let e = ingest::parse(
        &with_employees_workbook(&mut book),
        &Config::builtin().unwrap().data,
    )
    .unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.starts_with("org/employees.xlsx:Blad1 row 3: fte: required column is missing; the header line has: employee_id, unit_id, Deeltijd, start_date, end_date."),
        "{shown}"
    );
    // Only that: no warning for every other header.
    assert_eq!(e.iter().count(), 1, "{shown}");
}

#[test]
fn percentage_cells_hold_the_fraction() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let pct = rust_xlsxwriter::Format::new().set_num_format("0%");
    for (c, h) in ["employee_id", "start_date", "end_date", "percentage"]
        .iter()
        .enumerate()
    {
        sheet.write(0, c as u16, *h).unwrap();
    }
    sheet.write(1, 0, "E00001").unwrap();
    sheet.write(1, 1, "2025-02-05").unwrap();
    sheet.write(1, 2, "2025-02-23").unwrap();
    sheet.write_number_with_format(1, 3, 0.5, &pct).unwrap();
    sheet.write(2, 0, "E00001").unwrap();
    sheet.write(2, 1, "2026-04-23").unwrap();
    sheet.write(2, 2, "2026-04-24").unwrap();
    sheet.write_number_with_format(2, 3, 1.0, &pct).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let mut r = raw(&root().join("examples/zorgcentrum-rivierzicht"));
    r.files.remove("absence.csv");
    let loaded = ingest::parse(
        &r.with("absence.xlsx", bytes),
        &Config::builtin().unwrap().data,
    )
    .unwrap();
    let p: Vec<u8> = loaded
        .dataset
        .absence
        .iter()
        .map(|a| a.percentage)
        .collect();
    assert_eq!(p, [50, 100]);
}

#[test]
fn a_title_line_with_a_comma_above_a_semicolon_header() {
    let plain = Config::builtin().unwrap().data;
    let example =
        std::fs::read_to_string(root().join("examples/zorgcentrum-rivierzicht/units.csv")).unwrap();
    let units = format!(
        "Afdelingen, stand 1 december 2026\n{}",
        example.replace(',', ";")
    );
    let r = raw(&root().join("examples/zorgcentrum-rivierzicht")).with("units.csv", units);
    let loaded = ingest::parse(&r, &plain).unwrap();
    assert_eq!(loaded.dataset.units.len(), 8);
}

#[test]
fn the_old_excel_format_reads_the_same() {
    // tests/fixtures/Personeel export november 2026.xls: the fixture workbook saved as Excel
    // 97-2003 (.xls, BIFF8) by LibreOffice 7.4.
    let xls = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/Personeel export november 2026.xls"),
    )
    .unwrap();
    let mut r = exports();
    r.files.remove("Personeel export november 2026.xlsx");
    let r = r.with("Personeel export november 2026.xls", xls);
    let mut cfg = config("");
    cfg.employees.file = vec!["Personeel*.xls".into()];
    let from_xls = ingest::parse(&r, &cfg).unwrap();
    let from_xlsx = ingest::parse(&exports(), &config("")).unwrap();
    assert_eq!(from_xls.dataset, from_xlsx.dataset);
}
