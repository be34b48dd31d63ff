//! `werkt init DIR`: a configuration and an empty dataset to fill in.

use std::path::Path;

use anyhow::{Context, Result};

use crate::exit::Exit;

pub fn init(dir: &Path) -> Result<Exit> {
    let written = werkt_core::skeleton::write_skeleton(dir)
        .with_context(|| format!("cannot create a new werkt setup in {}", dir.display()))?;
    for p in &written {
        outln!("created {}", p.display());
    }
    outln!(
        "next: put your exports in the CSV files (see docs/data-format.md), then run\n  werkt validate --config {}",
        dir.join("werkt.toml").display()
    );
    Ok(Exit::Ok)
}
