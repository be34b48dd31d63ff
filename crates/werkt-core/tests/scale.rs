//! Validation is linear in the units (issue 13): the cycle check searched the current walk's
//! path for every step, so a long chain listed deepest first was quadratic.

use std::time::Instant;

use werkt_core::config::Config;
use werkt_core::ingest::{self, RawFiles};

#[test]
fn a_long_chain_listed_deepest_first_validates_in_linear_time() {
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
    let t0 = Instant::now();
    let data = ingest::parse(&raw, &Config::builtin().unwrap().data);
    let took = t0.elapsed().as_secs_f64();
    assert!(data.is_ok(), "the chain is a valid tree");
    // Linear: under half a second unoptimised. Quadratic it took 7.5 s.
    assert!(took < 3.0, "{took:.1} s");

    // A cycle at the end of that chain is still found and named.
    let cyclic = units.replace("u0,Root,\n", "u0,Root,\nx,X,y\ny,Y,x\n");
    let raw = raw.with("units.csv", cyclic.as_str());
    let t0 = Instant::now();
    let errors: Vec<String> = match ingest::parse(&raw, &Config::builtin().unwrap().data) {
        Ok(_) => panic!("a cycle must be refused"),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    };
    assert!(t0.elapsed().as_secs_f64() < 3.0);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("the units x -> y -> x form a cycle")),
        "{errors:?}"
    );
}
