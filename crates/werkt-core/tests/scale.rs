//! A long unit chain validates (issue 13): the cycle check searched the current walk's path for
//! every step, so a chain listed deepest first was quadratic (7.5 s for this one unoptimised;
//! how long it takes now is measured in docs/performance.md, not asserted here).

use werkt_core::config::{Config, DataConfig};
use werkt_core::ingest::{self, RawFiles};

/// The built-in configuration, allowing this test's 30,000 units.
fn config() -> DataConfig {
    let mut c = Config::builtin().unwrap().data;
    c.max_units = 100_000;
    c
}

#[test]
fn a_long_chain_listed_deepest_first_validates() {
    let n = 30_000;
    let mut units = String::from("unit_id,name,parent_id\n");
    for i in (1..n).rev() {
        units.push_str(&format!("u{i},Unit {i},u{}\n", i - 1));
    }
    units.push_str("u0,Root,\n");
    let employees = format!(
        "employee_id,unit_id,fte,start_date,end_date\ne1,u{},1,2025-01-01,\n",
        n - 1
    );
    let raw = RawFiles::new("org")
        .with("organisation.toml", "id = \"acme\"\nname = \"Acme\"\n")
        .with("units.csv", units.as_str())
        .with("employees.csv", employees.as_str())
        .with(
            "absence.csv",
            "employee_id,start_date,end_date,percentage,reason\n",
        );
    let data = ingest::parse(&raw, &config());
    assert!(data.is_ok(), "the chain is a valid tree");

    // A cycle at the end of that chain is still found and named.
    let cyclic = units.replace("u0,Root,\n", "u0,Root,\nx,X,y\ny,Y,x\n");
    let raw = raw.with("units.csv", cyclic.as_str());
    let errors: Vec<String> = match ingest::parse(&raw, &config()) {
        Ok(_) => panic!("a cycle must be refused"),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    };
    assert!(
        errors
            .iter()
            .any(|e| e.contains("the units x -> y -> x form a cycle")),
        "{errors:?}"
    );
}
