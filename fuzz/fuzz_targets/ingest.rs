//! CSV ingest and validation on arbitrary bytes: the input is split at 0xFF bytes (never
//! valid UTF-8, so a split marker never hides a valid file) into organisation.toml and the
//! five tables. Any input must give a dataset or diagnostics, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use werkt_core::config::Config;
use werkt_core::ingest::{RawFiles, parse};

const FILES: [&str; 6] = [
    "organisation.toml",
    "units.csv",
    "employees.csv",
    "absence.csv",
    "survey.csv",
    "interventions.csv",
];

fuzz_target!(|data: &[u8]| {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    let cfg = CONFIG.get_or_init(|| Config::builtin().expect("the built-in configuration loads"));
    let mut raw = RawFiles::new("org");
    for (name, part) in FILES.iter().zip(data.split(|&b| b == 0xFF)) {
        raw = raw.with(name, part.to_vec());
    }
    if let Err(diags) = parse(&raw, &cfg.data) {
        // Formatting the diagnostics is part of what a user sees: it must not panic either.
        let _ = diags.to_string();
    }
});
