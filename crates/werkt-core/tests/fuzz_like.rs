//! The ingest fuzz target's promise inside `cargo test`: any bytes in an organisation
//! directory give a dataset or diagnostics, never a panic (SECURITY.md, "Nothing panics on
//! any input"). cargo-fuzz (fuzz/) runs outside the test suite, so this property test feeds
//! `ingest::parse` random bytes and, more usefully, near-valid files: the right headers with
//! random cells (dates, numbers with a comma or a dot, empty, huge, unicode, quotes, a BOM,
//! CRLF, semicolons) mixed with valid rows, and random organisation.toml text.
//!
//! Every error must name one of the organisation's files, and one about a row or a header
//! must name a line of that file.
//!
//! 256 cases by default; `PROPTEST_CASES=10000 cargo test -p werkt-core --test fuzz_like`
//! runs longer. Failing cases are kept in `fuzz_like.proptest-regressions`.

use std::path::Path;

use proptest::prelude::*;
use werkt_core::config::{Config, DataConfig};
use werkt_core::diagnostic::Diagnostic;
use werkt_core::ingest::{self, RawFiles};

const DIR: &str = "org";

const ORG: &str = "id = \"acme\"\nname = \"Acme\"\n";

/// The tables with their full header lines and one valid row each, by file name.
const TABLES: [(&str, &[&str], &[&str]); 5] = [
    (
        "units.csv",
        &["unit_id", "name", "parent_id", "org_form"],
        &["a", "A", "org", "matrix"],
    ),
    (
        "employees.csv",
        &[
            "employee_id",
            "unit_id",
            "fte",
            "start_date",
            "end_date",
            "daily_cost",
        ],
        &["e1", "a", "0,8", "2025-01-01", "", "300"],
    ),
    (
        "absence.csv",
        &[
            "employee_id",
            "start_date",
            "end_date",
            "percentage",
            "reason",
        ],
        &["e1", "2025-02-03", "2025-02-04", "50%", "sick"],
    ),
    (
        "survey.csv",
        &["respondent_id", "unit_id", "date", "uwes_1", "uwes_2"],
        &["r1", "a", "2025-03-01", "4", "5"],
    ),
    (
        "interventions.csv",
        &[
            "intervention_id",
            "unit_id",
            "name",
            "start_date",
            "investment",
            "annual_cost",
            "horizon_years",
            "performance_benefit_per_year",
        ],
        &[
            "i1",
            "a",
            "Coaching",
            "2025-01-01",
            "1000.5",
            "100",
            "3",
            "",
        ],
    ),
];

/// One cell as exports and attackers write them.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        // Ids that other rows refer to, so cross-row rules run.
        prop::sample::select(vec!["org", "a", "b", "e1", "e2", "r1", "i1", "A", "ORG"])
            .prop_map(str::to_string),
        Just(String::new()),
        // Dates: valid, impossible, at the ends of the calendar, other layouts.
        (0u32..10_000, 0u32..14, 0u32..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        prop::sample::select(vec![
            "0000-01-01",
            "9999-12-31",
            "2024-02-29",
            "2026-02-30",
            "01-02-2026",
            "2026-1-1",
            "+2026-01-01",
            "２０２６-01-01",
        ])
        .prop_map(str::to_string),
        // Numbers with a point or a comma, signs, exponents, NaN, percentages.
        any::<f64>().prop_map(|v| v.to_string()),
        any::<f64>().prop_map(|v| v.to_string().replace('.', ",")),
        any::<i64>().prop_map(|v| v.to_string()),
        prop::sample::select(vec![
            "1,5",
            "0.8",
            "1.000,50",
            "1e308",
            "-1e309",
            "NaN",
            "inf",
            "100%",
            "-0",
            "1,",
            ",",
            "3,0",
            "1e15",
            "9007199254740993",
        ])
        .prop_map(str::to_string),
        // Huge, unicode, quotes, delimiters, line ends, a BOM, controls inside a cell.
        (1usize..20_000).prop_map(|n| "x".repeat(n)),
        (1usize..2_000).prop_map(|n| "é\u{202E}🙂".repeat(n)),
        "\\PC{0,40}",
        "[\"';,\r\n\u{feff}\t a-z0-9]{0,12}",
        any::<String>(),
    ]
}

/// The fields of one row: the valid row, the valid row with some cells replaced, or random
/// cells (sometimes too few or too many).
fn row(valid: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    let n = valid.len();
    prop_oneof![
        Just(valid.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        prop::collection::vec((any::<bool>(), cell()), n).prop_map(move |cells| {
            cells
                .into_iter()
                .zip(valid)
                .map(|((keep, c), v)| if keep { v.to_string() } else { c })
                .collect()
        }),
        prop::collection::vec(cell(), 0..n + 2),
    ]
}

/// How the file is written out: delimiter, line end, BOM, quoting.
#[derive(Debug, Clone)]
struct Dialect {
    delimiter: &'static str,
    line_end: &'static str,
    bom: bool,
    quote_all: bool,
}

fn dialect() -> impl Strategy<Value = Dialect> {
    (
        prop::sample::select(vec![",", ";", "\t", ""]),
        prop::sample::select(vec!["\n", "\r\n", "\r", ""]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(delimiter, line_end, bom, quote_all)| Dialect {
            delimiter,
            line_end,
            bom,
            quote_all,
        })
}

fn write_csv(d: &Dialect, lines: &[Vec<String>]) -> Vec<u8> {
    let mut s = String::new();
    if d.bom {
        s.push('\u{feff}');
    }
    for fields in lines {
        let fields: Vec<String> = if d.quote_all {
            fields
                .iter()
                .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
                .collect()
        } else {
            fields.clone()
        };
        s.push_str(&fields.join(d.delimiter));
        s.push_str(d.line_end);
    }
    s.into_bytes()
}

/// One table file: absent, random bytes, or a header (whole, without an optional column,
/// shuffled, or random) and rows.
fn table(
    header: &'static [&'static str],
    valid: &'static [&'static str],
) -> impl Strategy<Value = Option<Vec<u8>>> {
    let header_line = prop_oneof![
        4 => Just(header.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        1 => Just(header.iter().map(|s| s.to_uppercase()).collect::<Vec<_>>()),
        1 => Just(header.iter().rev().map(|s| s.to_string()).collect::<Vec<_>>()),
        1 => Just(header[..header.len() - 1].iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        1 => prop::collection::vec(cell(), 0..header.len() + 2),
    ];
    prop_oneof![
        1 => Just(None),
        1 => prop::collection::vec(any::<u8>(), 0..400).prop_map(Some),
        8 => (dialect(), header_line, prop::collection::vec(row(valid), 0..12)).prop_map(
            |(d, header, rows)| {
                let lines: Vec<Vec<String>> = std::iter::once(header).chain(rows).collect();
                Some(write_csv(&d, &lines))
            }
        ),
    ]
}

/// organisation.toml: valid, absent, random text with valid keys, random TOML-ish text, bytes.
fn organisation() -> impl Strategy<Value = Option<Vec<u8>>> {
    let value = prop_oneof![
        cell().prop_map(|c| format!("{c:?}")),
        Just("1".to_string()),
        Just("[1, 2]".to_string()),
        Just("{ a = 1 }".to_string()),
        Just("1979-05-27T07:32:00Z".to_string()),
        "\\PC{0,20}",
    ];
    let key = prop::sample::select(vec![
        "id", "name", "org_form", "sector", "\"id\"", "other", "id.x", "[id]", "",
    ]);
    prop_oneof![
        3 => Just(Some(ORG.as_bytes().to_vec())),
        1 => Just(None),
        3 => prop::collection::vec((key, value), 0..6).prop_map(|kv| {
            let text: String = kv.iter().map(|(k, v)| format!("{k} = {v}\n")).collect();
            Some(text.into_bytes())
        }),
        1 => "\\PC{0,200}".prop_map(|s| Some(s.into_bytes())),
        1 => prop::collection::vec(any::<u8>(), 0..200).prop_map(Some),
    ]
}

#[derive(Debug, Clone)]
struct Files {
    organisation: Option<Vec<u8>>,
    tables: Vec<(&'static str, Option<Vec<u8>>)>,
}

fn files() -> impl Strategy<Value = Files> {
    let [u, e, a, s, i] = TABLES.map(|(name, header, valid)| {
        // The root unit first, so near-valid unit files often form a tree.
        let strategy = table(header, valid).prop_map(move |t| {
            if name == "units.csv" {
                t.map(insert_root)
            } else {
                t
            }
        });
        (Just(name), strategy)
    });
    (organisation(), u, e, a, s, i).prop_map(|(organisation, u, e, a, s, i)| Files {
        organisation,
        tables: vec![u, e, a, s, i],
    })
}

/// Adds `org,Org,,` after the first line of a units file, when it has lines.
fn insert_root(bytes: Vec<u8>) -> Vec<u8> {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(pos) => {
            let mut out = bytes[..=pos].to_vec();
            out.extend_from_slice(b"org,Org,,\n");
            out.extend_from_slice(&bytes[pos + 1..]);
            out
        }
        None => bytes,
    }
}

fn raw(files: &Files) -> RawFiles {
    let mut raw = RawFiles::new(DIR);
    if let Some(o) = &files.organisation {
        raw = raw.with("organisation.toml", o.clone());
    }
    for (name, bytes) in &files.tables {
        if let Some(b) = bytes {
            raw = raw.with(name, b.clone());
        }
    }
    raw
}

fn data_config() -> DataConfig {
    Config::builtin().unwrap().data
}

/// The physical lines of a file, counting every line end a reader might see.
fn lines_in(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64 + 1
}

/// Checks one diagnostic: it names a file of the organisation, and a line of that file when
/// it is about a row, a header or a key (it has a column or a value) of a CSV file.
fn check(d: &Diagnostic, files: &Files) -> Result<(), TestCaseError> {
    let shown = d.to_string();
    let name = d.file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    prop_assert_eq!(d.file.parent(), Some(Path::new(DIR)), "{}", shown);
    let bytes = if name == "organisation.toml" {
        files.organisation.as_ref()
    } else {
        let t = files.tables.iter().find(|(n, _)| *n == name);
        prop_assert!(t.is_some(), "names no input file: {}", shown);
        t.and_then(|(_, b)| b.as_ref())
    };
    let about_a_row = d.column.is_some() || d.value.is_some();
    if name.ends_with(".csv") && about_a_row {
        prop_assert!(d.line.is_some(), "names no line: {}", shown);
    }
    if let Some(line) = d.line {
        let most = bytes.map_or(1, |b| lines_in(b));
        prop_assert!(
            (1..=most).contains(&line),
            "line {} of a file of {} lines: {}",
            line,
            most,
            shown
        );
    }
    Ok(())
}

proptest! {
    // 256 cases unless PROPTEST_CASES says otherwise (ProptestConfig::default reads it).
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn any_organisation_directory_gives_a_dataset_or_located_errors(files in files()) {
        let cfg = data_config();
        match ingest::parse(&raw(&files), &cfg) {
            Ok(loaded) => {
                let _ = loaded.warnings.to_string();
                for d in loaded.warnings.iter() {
                    check(d, &files)?;
                }
            }
            Err(diags) => {
                prop_assert!(diags.has_errors(), "refused without an error: {}", diags);
                let _ = diags.to_string();
                for d in diags.iter() {
                    check(d, &files)?;
                }
            }
        }
    }

    #[test]
    fn any_bytes_give_a_dataset_or_diagnostics(
        parts in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..300), 6)
    ) {
        let names = [
            "organisation.toml",
            "units.csv",
            "employees.csv",
            "absence.csv",
            "survey.csv",
            "interventions.csv",
        ];
        let files = Files {
            organisation: Some(parts[0].clone()),
            tables: names[1..]
                .iter()
                .zip(&parts[1..])
                .map(|(n, p)| {
                    let n: &'static str = n;
                    (n, Some(p.clone()))
                })
                .collect(),
        };
        if let Err(diags) = ingest::parse(&raw(&files), &data_config()) {
            let _ = diags.to_string();
            for d in diags.iter() {
                check(d, &files)?;
            }
        }
    }
}
