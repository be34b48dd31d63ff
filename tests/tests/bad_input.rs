//! Broken and hostile input through the real `werkt` binary: each organisation under
//! tests/fixtures/bad/ is refused by `werkt validate` and `werkt run` with its expected message
//! and exit status 1, and no report is written. Names that look like spreadsheet formulas or
//! report markup are accepted and shown as the literal text they are.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use werkt_e2e::*;

fn bad_dir() -> PathBuf {
    root().join("tests/fixtures/bad")
}

/// Every case with an expected error: (name, directory).
fn error_cases() -> Vec<(String, PathBuf)> {
    let mut cases: Vec<(String, PathBuf)> = fs::read_dir(bad_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.txt").is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    cases.sort();
    cases
}

/// A scratch copy of a case, with the generated parts a repository should not hold.
fn prepare(name: &str, src: &Path, dst: &Path) {
    copy_dir(src, dst);
    fs::remove_file(dst.join("expected.txt")).unwrap();
    if name == "long-line" {
        // One 10 MB line and no line break: a header nobody can match.
        fs::write(dst.join("employees.csv"), "a".repeat(10 << 20)).unwrap();
    }
}

fn run_on(org: &Path, out: &Path) -> Output {
    run(werkt()
        .current_dir(root())
        .args([
            "run",
            "--config",
            "config/example.toml",
            "--period",
            "2026-10",
            "--data",
        ])
        .arg(org)
        .arg("--out")
        .arg(out))
}

#[test]
fn the_corpus_has_every_kind_of_broken_input() {
    let names: Vec<String> = error_cases().into_iter().map(|(n, _)| n).collect();
    for kind in [
        "truncated",
        "not-a-workbook",
        "binary-garbage",
        "long-line",
        "open-quote",
        "impossible-date",
        "negative-number",
        "nan-number",
        "duplicate-header",
    ] {
        assert!(
            names.iter().any(|n| n == kind),
            "no case {kind} in {names:?}"
        );
    }
}

#[test]
fn every_broken_organisation_is_refused_with_its_message_and_writes_nothing() {
    let cases = error_cases();
    assert!(!cases.is_empty());
    for (name, src) in cases {
        let expected = fs::read_to_string(src.join("expected.txt")).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let org = tmp.path().join(&name);
        prepare(&name, &src, &org);

        let o = run(werkt().args(["validate", "--data"]).arg(&org));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: validate\n{err}");
        assert!(
            err.contains(expected.trim()),
            "{name}: validate said\n{err}"
        );
        // However big the input, the errors stay readable.
        assert!(
            err.len() < 64 * 1024,
            "{name}: {} bytes of errors",
            err.len()
        );

        let out = tmp.path().join("out");
        let o = run_on(&org, &out);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: run\n{err}");
        assert!(err.contains(expected.trim()), "{name}: run said\n{err}");
        assert!(
            err.len() < 64 * 1024,
            "{name}: {} bytes of errors",
            err.len()
        );
        let written: Vec<PathBuf> = files_below(&out)
            .into_iter()
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy();
                n.ends_with(".pdf") || n.ends_with(".json") || n.ends_with(".tmp")
            })
            .collect();
        assert!(written.is_empty(), "{name}: wrote {written:?}");
    }
}

/// The PDF's text with whitespace collapsed (a wrapped name spans lines).
fn pdf_text(pdf: &Path) -> String {
    werkt_e2e::pdf_text(pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_formula_in_a_unit_name_stays_inert_text() {
    let src = bad_dir().join("formula-injection");
    let formula = fs::read_to_string(src.join("expected-text.txt")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    copy_dir(&src, &org);
    fs::remove_file(org.join("expected-text.txt")).unwrap();
    let out = tmp.path().join("out");
    let o = run_on(&org, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = out.join("formula-injection/2026-10");
    let text = pdf_text(&dir.join("report.pdf"));
    assert!(
        text.contains(formula.trim()),
        "the name is not shown as text"
    );
    assert!(
        !pdf_has_external_links(&dir.join("report.pdf")),
        "the formula became a link"
    );
    // metrics.json holds it as a JSON string, which parses back to the same text.
    let metrics = fs::read_to_string(dir.join("metrics.json")).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&metrics).unwrap();
    assert!(
        parsed
            .to_string()
            .contains(&serde_json::to_string(formula.trim()).unwrap()[1..]),
        "metrics.json lost the name"
    );
}

#[test]
fn unit_names_like_a_table_or_a_chart_fence_render_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    copy_dir(&example_org(), &org);
    let table = "| INJECTED | TABLE |\n|---|---|\n| X1 | X2 |";
    let chart = "```chart\n{\"kind\": \"bar\", \"title\": \"INJECTEDCHART\", \"categories\": [\"a\"], \"series\": [{\"name\": \"s\", \"values\": [1]}]}\n```";
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let units = fs::read_to_string(org.join("units.csv")).unwrap();
    let units = units
        .replace("d02,Home care,org", &format!("d02,{},org", quote(table)))
        .replace("d03,Day care,org", &format!("d03,{},org", quote(chart)));
    assert!(units.contains("INJECTED"), "the example's units changed");
    fs::write(org.join("units.csv"), units).unwrap();

    let out = tmp.path().join("out");
    let o = run_on(&org, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pdf = out.join("zorgcentrum-rivierzicht/2026-10/report.pdf");
    let text = pdf_text(&pdf);
    // The markup characters are visible: neither became a table nor a chart.
    assert!(
        text.contains("| INJECTED | TABLE | |---|---| | X1 | X2 |"),
        "the table-like name is not literal text"
    );
    assert!(
        text.contains("```chart {\"kind\": \"bar\", \"title\": \"INJECTEDCHART\""),
        "the fence-like name is not literal text"
    );

    // And the report has exactly as many pages as with plain names: no extra chart or table.
    let plain_out = tmp.path().join("plain");
    let o = run_on(&example_org(), &plain_out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pages = |p: &Path| pdf_page_count(p);
    let plain = pages(&plain_out.join("zorgcentrum-rivierzicht/2026-10/report.pdf"));
    let hostile = pages(&pdf);
    assert!(
        hostile <= plain + 1,
        "{hostile} pages with hostile names, {plain} without"
    );
}

/// Issue 13: a long unit name made the chart renderer panic (exit 101, no report). Names as
/// long as real Dutch team names are shown whole in the tables and cut with "…" in charts,
/// in the organisation's report and in every per-unit report.
#[test]
fn long_unit_names_are_reported_whole_in_tables_and_cut_in_charts() {
    let team = "Afdeling Klantcontact en Servicecoördinatie Noord-Holland, \
                Regio Kennemerland-Zuid, Team Avond- en Weekenddiensten Zaanstad-Oost";
    assert_eq!(team.chars().count(), 128);
    let unit = format!("{} Oost", "Zorgeenheid ".repeat(11).trim_end());
    let unit = format!("{unit}{}", "x".repeat(138 - unit.chars().count()));
    assert_eq!(unit.chars().count(), 138);

    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    copy_dir(&example_org(), &org);
    let units = fs::read_to_string(org.join("units.csv")).unwrap();
    let units = units
        .replace("d02,Home care,org", &format!("d02,\"{team}\",org"))
        .replace("d01-t01,Nursing A,d01", &format!("d01-t01,{unit},d01"));
    assert!(
        units.contains(team) && units.contains(&unit),
        "the example's units changed"
    );
    fs::write(org.join("units.csv"), units).unwrap();
    let cfg = write_config(
        tmp.path(),
        "[report]\nburst = true\n[plugins.engagement]\ninstrument = \"uwes-9\"\n\
         [plugins.absorptive_capacity]\n[plugins.sick_leave_roi]\n",
    );
    let out = tmp.path().join("out");
    let o = run(werkt()
        .current_dir(root())
        .args(["run", "--config"])
        .arg(&cfg)
        .args(["--period", "2026-10", "--data"])
        .arg(&org)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dir = out.join("zorgcentrum-rivierzicht/2026-10");
    let text = pdf_text(&dir.join("report.pdf"));
    // A table cell wraps the name over lines; whitespace is collapsed, so it reads whole.
    assert!(
        text.contains(team),
        "the team's full name is not in a table"
    );
    assert!(
        text.contains(&unit),
        "the unit's full name is not in a table"
    );
    assert!(text.contains('…'), "no chart label was cut");
    for pdf in ["units/d02.pdf", "units/d01-t01.pdf"] {
        assert!(pdf_page_count(&dir.join(pdf)) > 0, "{pdf}");
    }
}

#[cfg(unix)]
#[test]
fn a_font_or_logo_that_is_not_a_regular_file_is_refused() {
    // Fonts and the logo are read like data files: a path set to a device is an error that
    // names the key, not a run that reads /dev/zero until the memory is gone.
    let tmp = tempfile::tempdir().unwrap();
    for (key, path) in [("logo", "/dev/zero"), ("font", "/dev/urandom")] {
        let cfg = write_config(
            tmp.path(),
            &format!("[report]\n{key} = \"{path}\"\n[plugins.test_counter]\n"),
        );
        let o = run(werkt()
            .args(["run", "--config"])
            .arg(&cfg)
            .args(["--period", "2026-10", "--data"])
            .arg(example_org())
            .arg("--out")
            .arg(tmp.path().join("out")));
        let err = stderr(&o);
        assert_ne!(o.status.code(), Some(0), "{err}");
        assert!(
            err.contains(&format!("report.{key} {path} is not a regular file")),
            "{err}"
        );
    }
}
