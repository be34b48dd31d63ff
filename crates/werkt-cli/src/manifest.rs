//! manifest.json beside each report: what it was made from (input hashes, versions) and how
//! long each phase took. Written last, so its presence vouches for the outputs before it.

use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::inputs::Inputs;

pub const FILE: &str = "manifest.json";

/// Milliseconds per phase of one organisation's run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub ingest_ms: f64,
    pub analyse_ms: f64,
    pub render_ms: f64,
    pub write_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub fingerprint: String,
    /// False when an analysis failed: such a run is redone next time even if nothing changed.
    pub complete: bool,
    pub inputs: Inputs,
    pub timings: Timings,
    pub written_at: String,
}

pub fn read(dir: &Path) -> Option<Manifest> {
    let bytes = std::fs::read(dir.join(FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Marks the run that wrote `dir` incomplete (written whole, like every output), so the next
/// run does it again even though nothing changed: used when its figures could not be stored
/// in the history after the report was written.
pub fn mark_incomplete(dir: &Path) -> Result<()> {
    let mut m = read(dir).context("manifest.json cannot be read back")?;
    m.complete = false;
    let mut batch = crate::output::Batch::new();
    batch.add(
        &dir.join(FILE),
        &serde_json::to_vec_pretty(&m).context("cannot serialize manifest.json")?,
    )?;
    batch.commit()
}

/// True when the outputs in `dir` were made from exactly these inputs by a complete run and
/// are still there.
pub fn unchanged(dir: &Path, inputs: &Inputs) -> bool {
    read(dir).is_some_and(|m| m.complete && m.fingerprint == inputs.fingerprint())
        && dir.join("report.pdf").is_file()
        && dir.join("metrics.json").is_file()
}

pub fn to_json(inputs: Inputs, complete: bool, timings: &Timings) -> Result<Vec<u8>> {
    let m = Manifest {
        fingerprint: inputs.fingerprint(),
        complete,
        inputs,
        timings: timings.clone(),
        written_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    serde_json::to_vec_pretty(&m).context("cannot serialize manifest.json")
}
