//! The configuration loader on an arbitrary TOML file: any bytes must give a checked
//! configuration or a ConfigError, never a panic.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use werkt_core::config::{Config, LoadOptions};

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::Builder::new()
        .suffix(".toml")
        .tempfile()
        .expect("a temporary file");
    file.write_all(data).expect("write the temporary file");
    match Config::load(&LoadOptions::new(Some(file.path().to_path_buf()))) {
        Ok(c) => {
            let _ = c.to_toml();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
