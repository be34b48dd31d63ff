//! Whatever way a spreadsheet writes the same table (delimiter, line ends, quoting, BOM, column
//! order), werkt reads the same data.

use proptest::prelude::*;
use werkt_core::config::Config;
use werkt_core::ingest::{self, RawFiles};

const ORG: &str = "id = \"acme\"\n";
const EMPLOYEES: &str = "employee_id,unit_id,fte,start_date,end_date\ne1,org,1,2025-01-01,\n";
const ABSENCE: &str = "employee_id,start_date,end_date\n";

fn unit_names() -> impl Strategy<Value = Vec<String>> {
    // Names with delimiters, quotes and line breaks inside, but no surrounding whitespace
    // (fields are trimmed by design).
    prop::collection::vec(
        "[A-Za-z0-9][A-Za-z0-9 ,;\"'\r\n&éß-]{0,12}[A-Za-z0-9]",
        1..8,
    )
}

fn write_units(names: &[String], delimiter: u8, crlf: bool, bom: bool, reversed: bool) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    let order = |mut v: Vec<String>| {
        if reversed {
            v.reverse();
        }
        v
    };
    w.write_record(order(vec![
        "unit_id".into(),
        "name".into(),
        "parent_id".into(),
    ]))
    .unwrap();
    w.write_record(order(vec!["org".into(), "Org".into(), String::new()]))
        .unwrap();
    for (i, n) in names.iter().enumerate() {
        w.write_record(order(vec![format!("u{i}"), n.clone(), "org".into()]))
            .unwrap();
    }
    let mut bytes = if bom {
        b"\xEF\xBB\xBF".to_vec()
    } else {
        Vec::new()
    };
    bytes.extend(w.into_inner().unwrap());
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_spreadsheet_dialect_reads_the_same_units(
        names in unit_names(),
        semicolon in any::<bool>(),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        reversed in any::<bool>(),
    ) {
        let units = write_units(&names, if semicolon { b';' } else { b',' }, crlf, bom, reversed);
        let raw = RawFiles::new("org")
            .with("organisation.toml", ORG)
            .with("units.csv", units)
            .with("employees.csv", EMPLOYEES)
            .with("absence.csv", ABSENCE);
        let cfg = Config::builtin().unwrap().data;
        let loaded = ingest::parse(&raw, &cfg).map_err(|d| TestCaseError::fail(d.to_string()))?;
        let got: Vec<String> = loaded.dataset.units[1..].iter().map(|u| u.name.clone()).collect();
        prop_assert_eq!(got, names);
    }
}
