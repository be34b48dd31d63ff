//! No individual-level data in any output (domain.md section 0): a data-quality problem
//! reaches metrics.json, the PDFs and the history store as a count by kind, while the rows
//! that name employees, their dates and the input files stay on the operator's terminal.
//!
//! The data is the shipped example plus three absence rows outside employment; every file a
//! run writes is searched for the employee and respondent ids of the data, the dates of those
//! rows, any other full date and any absolute path.

use std::fs;
use std::path::{Path, PathBuf};

use werkt_e2e::*;

const PERIOD: &str = "2026-10";
const ORG: &str = "zorgcentrum-rivierzicht";

/// Absence rows outside employment: (employee, start, end, the days outside). E00001 starts
/// 2021-06-25, E00002 on 2015-01-07, and E00009 leaves on 2026-05-31.
const OUTSIDE: [(&str, &str, &str, &[&str]); 3] = [
    ("E00001", "2021-01-04", "2021-01-08", &[]),
    ("E00002", "2014-12-29", "2015-01-09", &["2015-01-06"]),
    ("E00009", "2026-05-25", "2026-06-05", &["2026-06-01"]),
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// The example organisation with the rows of [`OUTSIDE`] appended to absence.csv.
fn org_with_rows_outside_employment(dir: &Path) -> PathBuf {
    let org = dir.join("org");
    copy_dir(&example_org(), &org);
    let mut absence = fs::read_to_string(org.join("absence.csv")).unwrap();
    for (employee, start, end, _) in OUTSIDE {
        absence.push_str(&format!("{employee},{start},{end},100,sick\n"));
    }
    fs::write(org.join("absence.csv"), absence).unwrap();
    org
}

/// Runs `werkt run` for [`PERIOD`] with history (the default) and returns the output
/// directory and what the operator's terminal got.
fn run_report(dir: &Path, org: &Path, language: &str, burst: bool) -> (PathBuf, String) {
    let cfg = write_config(
        dir,
        &format!(
            "[report]\nlanguage = \"{language}\"\nburst = {burst}\n\
             [plugins.engagement]\ninstrument = \"uwes-9\"\n\
             [plugins.absorptive_capacity]\n[plugins.sick_leave_roi]\n"
        ),
    );
    let out = dir.join("out");
    let o = run(werkt()
        .args(["run", "--config"])
        .arg(&cfg)
        .args(["--period", PERIOD, "--data"])
        .arg(org)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (out, stderr(&o))
}

/// The first column of a CSV file below its header: the ids of employees or respondents.
fn first_column(file: &Path) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_to_string(file)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(str::to_string)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The people of an organisation directory: employee and respondent ids.
fn people(org: &Path) -> Vec<String> {
    let mut ids = first_column(&org.join("employees.csv"));
    ids.extend(first_column(&org.join("survey.csv")));
    assert!(ids.len() > 50, "the example has its people: {ids:?}");
    ids
}

/// Every file a run wrote, each with the texts a reader can get from it: the bytes as text
/// and, for a PDF, the text of its pages.
fn outputs(out: &Path) -> Vec<(PathBuf, Vec<String>)> {
    let files = files_below(out);
    assert!(
        files.iter().any(|f| f.ends_with("history.sqlite")),
        "{files:?}"
    );
    files
        .into_iter()
        .filter(|f| !f.ends_with(".werkt.lock"))
        .map(|f| {
            // A PDF is compressed: its raw bytes hide the strings inside (and may hold an
            // id by chance), so it is read as a reader reads it: page text and every string.
            let texts = if f.extension().is_some_and(|x| x == "pdf") {
                vec![pdf_strings(&f), pdf_text(&f)]
            } else {
                vec![String::from_utf8_lossy(&fs::read(&f).unwrap()).into_owned()]
            };
            (f, texts)
        })
        .collect()
}

/// Full ISO dates (`YYYY-MM-DD`) in `text`.
fn iso_dates(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (0..b.len().saturating_sub(9))
        .filter(|&i| {
            digits(i..i + 4)
                && b[i + 4] == b'-'
                && digits(i + 5..i + 7)
                && b[i + 7] == b'-'
                && digits(i + 8..i + 10)
        })
        .map(|i| &text[i..i + 10])
        .collect()
}

/// "2021-01-04" as the report writes a date: "4 January 2021" or "4 januari 2021".
fn in_words(date: &str, months: &[&str; 12]) -> String {
    let [y, m, d]: [&str; 3] = date.split('-').collect::<Vec<_>>().try_into().unwrap();
    let m: usize = m.parse().unwrap();
    format!("{} {} {y}", d.parse::<u32>().unwrap(), months[m - 1])
}

/// Asserts that nothing individual is in any output below `out`: no id of `people`, no date
/// of the rows outside employment (as written or in words), no path of the machine, and in
/// metrics.json and the PDFs no full date but the period's own last day.
fn assert_nothing_individual(out: &Path, people: &[String], tmp: &Path) {
    let mut dates: Vec<String> = Vec::new();
    for (_, start, end, inside) in OUTSIDE {
        for d in [start, end].into_iter().chain(inside.iter().copied()) {
            dates.push(d.to_string());
            dates.push(in_words(d, &MONTHS_EN));
            dates.push(in_words(d, &MONTHS_NL));
        }
    }
    let tmp = tmp.canonicalize().unwrap();
    let paths = [
        tmp.display().to_string(),
        example_org().display().to_string(),
        "absence.csv:".to_string(),
    ];
    let outputs = outputs(out);
    let names: Vec<String> = outputs
        .iter()
        .map(|(f, _)| f.strip_prefix(out).unwrap().display().to_string())
        .collect();
    for want in [
        "metrics.json",
        "report.pdf",
        "manifest.json",
        "history.sqlite",
    ] {
        assert!(
            names.iter().any(|n| n.ends_with(want)),
            "{want} not in {names:?}"
        );
    }
    for ((file, texts), name) in outputs.iter().zip(&names) {
        if file.extension().is_some_and(|x| x == "pdf") {
            // The strings are really read: the XMP metadata and the chart descriptions.
            assert!(texts[0].contains("pdfuaid:part"), "{name}: no XMP read");
            assert!(
                texts[0].contains("chart") || texts[0].contains("diagram"),
                "{name}: no figure /Alt read"
            );
        }
        for text in texts {
            for id in people {
                assert!(!text.contains(id.as_str()), "{name} names {id}");
            }
            for d in &dates {
                assert!(!text.contains(d.as_str()), "{name} holds the date {d}");
            }
            for p in &paths {
                assert!(!text.contains(p.as_str()), "{name} holds the path {p}");
            }
            let shared = file.extension().is_some_and(|x| x == "pdf" || x == "json")
                && !name.ends_with("manifest.json");
            if shared {
                for d in iso_dates(text) {
                    assert_eq!(d, "2026-10-31", "{name} holds the date {d}");
                }
            }
        }
    }
}

fn metrics(out: &Path) -> serde_json::Value {
    let file = out.join(ORG).join(PERIOD).join("metrics.json");
    serde_json::from_slice(&fs::read(file).unwrap()).unwrap()
}

#[test]
fn rows_outside_employment_reach_the_outputs_as_a_count_only() {
    let tmp = tempfile::tempdir().unwrap();
    let org = org_with_rows_outside_employment(tmp.path());
    let (out, terminal) = run_report(tmp.path(), &org, "en", true);

    // The operator's terminal lists every row, with employee, dates and file.
    for (employee, start, _, _) in OUTSIDE {
        assert!(
            terminal.lines().any(|l| l.contains("absence.csv:")
                && l.contains(employee)
                && l.contains(start)
                && l.contains("outside every employment row")),
            "the terminal does not list {employee}'s row:\n{terminal}"
        );
    }

    // The outputs count them, in one sentence, and say where the list is.
    let sentence = "3 absence rows lie partly or wholly outside the employee's employment";
    let m = metrics(&out);
    let warnings = m["data_warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = warnings[0].as_str().unwrap();
    assert!(
        w.starts_with(sentence) && w.contains("werkt validate"),
        "{w}"
    );
    let dir = out.join(ORG).join(PERIOD);
    let mut pdfs = vec![dir.join("report.pdf")];
    pdfs.extend(files_below(&dir.join("units")));
    assert!(pdfs.len() > 5, "burst wrote the unit reports: {pdfs:?}");
    for pdf in &pdfs {
        let text = pdf_text(pdf);
        assert!(
            text.contains("3 absence rows lie"),
            "{}: no data-quality count:\n{text}",
            pdf.display()
        );
    }

    assert_nothing_individual(&out, &people(&org), tmp.path());
}

#[test]
fn a_dutch_report_counts_them_in_dutch() {
    let tmp = tempfile::tempdir().unwrap();
    let org = org_with_rows_outside_employment(tmp.path());
    let (out, _) = run_report(tmp.path(), &org, "nl", false);
    let m = metrics(&out);
    let w = m["data_warnings"][0].as_str().unwrap();
    assert!(
        w.starts_with("3 verzuimregels vallen geheel of gedeeltelijk buiten het dienstverband"),
        "{w}"
    );
    let text = pdf_text(&out.join(ORG).join(PERIOD).join("report.pdf"));
    assert!(text.contains("3 verzuimregels vallen"), "{text}");
    assert_nothing_individual(&out, &people(&org), tmp.path());
}

#[test]
fn werkt_validate_still_lists_the_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let org = org_with_rows_outside_employment(tmp.path());
    let o = run(werkt().args(["validate", "--data"]).arg(&org));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let listed = stderr(&o);
    for (employee, start, _, _) in OUTSIDE {
        assert!(
            listed.contains(employee) && listed.contains(start),
            "{employee}:\n{listed}"
        );
    }
    assert!(stdout(&o).contains("3 warning(s)"), "{}", stdout(&o));
}

#[test]
fn no_id_of_the_shipped_example_appears_in_any_output() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    copy_dir(&example_org(), &org);
    let (out, _) = run_report(tmp.path(), &org, "en", true);
    assert!(
        metrics(&out)["data_warnings"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_nothing_individual(&out, &people(&org), tmp.path());
}
