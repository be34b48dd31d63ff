//! Regenerates the committed Dutch HR export fixtures from the example organisation:
//! `cargo run -p werkt-e2e --bin write-exports`. Run it after changing the example data or
//! the generator; the unit tests of `werkt_e2e::exports` fail until the fixtures are current.

use std::process::ExitCode;

fn main() -> ExitCode {
    let root = werkt_e2e::root();
    let plain = root.join("examples/zorgcentrum-rivierzicht");
    let out = root.join("tests/fixtures/exports/zorgcentrum-rivierzicht");
    match werkt_e2e::exports::write_dutch_exports(&plain, &out) {
        Ok(()) => {
            println!("wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("write-exports: {e}");
            ExitCode::FAILURE
        }
    }
}
