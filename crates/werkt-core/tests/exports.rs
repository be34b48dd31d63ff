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
