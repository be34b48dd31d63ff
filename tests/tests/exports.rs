//! HR exports taken in as they come: `werkt init --from` on the Dutch exports of
//! tests/fixtures/exports (a workbook, an OpenDocument sheet, Windows-1252 `;` text with
//! DD-MM-YYYY dates, decimal commas, "80%", Dutch words, return dates, extra columns, other
//! file names), then `validate` and `run`, must give the same figures as the plain files of
//! the same organisation.

use std::fs;
use std::path::Path;

use werkt_e2e::*;

/// The Dutch exports in `dir/exports`, with the example's organisation.toml (so both runs are
/// of the same organisation, sector and all).
fn exports_in(dir: &Path) -> std::path::PathBuf {
    let exports = dir.join("exports");
    copy_dir(
        &root().join("tests/fixtures/exports/zorgcentrum-rivierzicht"),
        &exports,
    );
    fs::copy(
        example_org().join("organisation.toml"),
        exports.join("organisation.toml"),
    )
    .unwrap();
    exports
}

/// `werkt init --from exports` in `dir`, which must succeed.
fn init_from(dir: &Path) -> String {
    let o = run(werkt().current_dir(dir).args(["init", "--from", "exports"]));
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    stdout(&o)
}

fn metrics(out: &Path) -> serde_json::Value {
    let p = out.join("zorgcentrum-rivierzicht/2026-10/metrics.json");
    serde_json::from_slice(&fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .unwrap()
}

#[test]
fn exports_as_they_come_give_the_figures_of_the_plain_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    exports_in(dir);
    let said = init_from(dir);
    for inferred in [
        "employees: Personeel export november 2026.xlsx, sheet \"Blad1\", header in row 3",
        "absence: dates are written DD-MM-YYYY",
        "\"Hersteldatum\" is the return date",
        "Ziek = sick, Ziekte = sick, Zwangerschap = pregnancy",
        "read as Windows-1252",
        "\".\" between thousands and \",\" before decimals",
        "validated: 8 units, 129 employment rows, 312 absence rows",
    ] {
        assert!(said.contains(inferred), "{inferred} not in:\n{said}");
    }
    assert!(!said.contains("not recognised"), "{said}");

    let o = run(werkt().current_dir(dir).args(["validate"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o =
        run(werkt()
            .current_dir(dir)
            .args(["run", "--period", "2026-10", "--out", "out-exports"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // The same organisation in werkt's plain format, with the same analyses and language.
    copy_dir(&example_org(), &dir.join("plain"));
    let written = fs::read_to_string(dir.join("werkt.toml")).unwrap();
    let analyses = &written[written
        .find("# The analyses werkt ships with")
        .expect("init --from enables the analyses")..];
    let plain =
        format!("[data]\norganisations = [\"plain\"]\n[report]\nlanguage = \"nl\"\n{analyses}");
    fs::write(dir.join("plain.toml"), plain).unwrap();
    let o = run(werkt().current_dir(dir).args([
        "run",
        "--config",
        "plain.toml",
        "--period",
        "2026-10",
        "--out",
        "out-plain",
    ]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let (from_exports, from_plain) = (
        metrics(&dir.join("out-exports")),
        metrics(&dir.join("out-plain")),
    );
    assert_eq!(
        from_exports, from_plain,
        "every figure, finding and note of metrics.json is the same"
    );
    // Not trivially: the report has figures in it.
    assert!(
        from_plain.to_string().contains("absence_rate"),
        "{from_plain}"
    );
}

#[test]
fn next_months_export_is_read_by_the_same_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let exports = exports_in(dir);
    init_from(dir);
    // The HR system names next month's file after the month; the old one is gone.
    fs::rename(
        exports.join("Verzuim_2026-11.csv"),
        exports.join("Verzuim_2026-12.csv"),
    )
    .unwrap();
    let o = run(werkt().current_dir(dir).args(["validate"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Both months in the directory: werkt says which files and what to do, reads neither.
    fs::copy(
        exports.join("Verzuim_2026-12.csv"),
        exports.join("Verzuim_2026-11.csv"),
    )
    .unwrap();
    let o = run(werkt().current_dir(dir).args(["validate"]));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("2 files could be the absence table (a file matching data.absence.file (\"Verzuim_*.csv\")): Verzuim_2026-11.csv, Verzuim_2026-12.csv; keep one export per table in the directory, or set data.absence.file to the one to read"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_from_writes_an_organisation_file_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let exports = dir.join("Zorgcentrum Rivierzicht");
    copy_dir(
        &root().join("tests/fixtures/exports/zorgcentrum-rivierzicht"),
        &exports,
    );
    let o = run(werkt().current_dir(dir).args([
        "init",
        "--from",
        "Zorgcentrum Rivierzicht",
        "--out",
        "mijn.toml",
    ]));
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    let org = fs::read_to_string(exports.join("organisation.toml")).unwrap();
    assert!(org.contains("id = \"zorgcentrum-rivierzicht\""), "{org}");
    assert!(org.contains("name = \"Zorgcentrum Rivierzicht\""), "{org}");
    let config = fs::read_to_string(dir.join("mijn.toml")).unwrap();
    assert!(
        config.contains("organisations = [\"Zorgcentrum Rivierzicht\"]"),
        "{config}"
    );
    // A second time: the configuration is not overwritten.
    let o = run(werkt().current_dir(dir).args([
        "init",
        "--from",
        "Zorgcentrum Rivierzicht",
        "--out",
        "mijn.toml",
    ]));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("mijn.toml already exists; werkt init never overwrites files"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(dir.join("mijn.toml")).unwrap(), config);
}

#[test]
fn what_init_from_cannot_tell_it_says_with_the_key_to_set() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let exports = exports_in(dir);
    // An absence kind werkt has no word for.
    let path = exports.join("Verzuim_2026-11.csv");
    let bytes = fs::read(&path).unwrap();
    let text: String = bytes.iter().map(|&b| b as char).collect();
    let changed = text.replacen(";Zwangerschap\r\n", ";Calamiteitenverlof\r\n", 1);
    assert_ne!(changed, text, "the fixture has a pregnancy row");
    fs::write(&path, changed.chars().map(|c| c as u8).collect::<Vec<u8>>()).unwrap();
    let o = run(werkt().current_dir(dir).args(["init", "--from", "exports"]));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("not recognised; set these in werkt.toml:\n  absence: reason \"Calamiteitenverlof\" (1 rows) means none of sick, pregnancy to werkt; say which under [data.absence.values.reason]"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("reason (header \"Verzuimsoort\"): is not a known reason; use sick or pregnancy, or map your export's words in [data.absence.values.reason] (Calamiteitenverlof)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_takes_a_directory_or_from_not_both() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["init"][..],
        &["init", "a", "--from", "b"],
        &["init", "a", "--out", "x.toml"],
    ] {
        let o = run(werkt().current_dir(tmp.path()).args(args));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    assert!(
        werkt_e2e::files_below(tmp.path()).is_empty(),
        "nothing written"
    );
}
